"""Corpus file → Document: metadata, paragraphs, sentences, references, citation markers.

The rules are about the layout of PDF-extracted journal articles, not about
one paper: page furniture lines are recognised by their form and kept as
metadata, paragraphs that a page break split are joined again, the reference
list is parsed into entries, and citation markers are resolved to entries.
The source text is never altered; everything refers to it by offsets.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .references import AuthorYearIndex, parse_reference
from .text import DATE_LABELS, LICENCE_STATEMENT, PUBLISHED_ON, find_markers, split_sentences
from .types import TEXT_KINDS, Document, Paragraph, Sentence, Span, join_spans, merge_spans, sub_spans

CORPUS_SUFFIXES = (".txt", ".md", ".pdf")


class CorpusError(Exception):
    """A corpus file that cannot be read as a document; the message names the file."""


# Lines that carry document metadata: (label, pattern). The label names the field.
_METADATA_LINES = [
    ("journal", re.compile(r"^Cite This:\s*(?P<value>.+)$", re.I)),
    ("published", re.compile(r"^Published(?: online)?:\s*(?P<value>.+)$", re.I)),
    ("received", re.compile(r"^Received:\s*(?P<value>.+)$", re.I)),
    ("accepted", re.compile(r"^Accepted:\s*(?P<value>.+)$", re.I)),
    ("author", re.compile(r"^(?P<value>.*?)\s*(?:https?://)?orcid\.org/(?P<orcid>\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.I)),
    # a line that is a DOI (with a label or a link around it), not a sentence that ends with one
    ("doi", re.compile(r"^\W*(?:doi:?\s*|https?://\S*?/)?(?P<value>10\.\d{4,9}/[^\s<>\"]+[^\s<>\".,;])\W*$", re.I)),
]
# Page furniture with nothing worth keeping.
_FURNITURE = re.compile(
    r"^(?:Read Online|ACCESS\s*\|.*|.*Metrics & More.*|Article Recommendations|"
    r"Complete contact information is available at:?|Downloaded via .*|"
    r"See https?://\S+ for options.*|©.*|\d{1,4})$",
    re.I,
)
_HEADING = re.compile(r"^(?:■\s*|#{1,6}\s+)(?P<name>.+?)\s*#*$")
_CAPS_HEADING = re.compile(r"^(?P<name>[A-Z][A-Z &\-]{3,40})$")
_BACK_MATTER = {
    "author information", "notes", "acknowledgments", "acknowledgements", "funding",
    "corresponding author", "authors", "abbreviations", "supporting information",
}
# Back matter that says who to contact, and the editor's notes, are metadata; the rest (acknowledgments,
# funding, data availability) is text a question may be about, kept as paragraphs under its section name.
# ("Notes" stays metadata: as text, the editorial's "Views expressed in this editorial …" took the answer
# to questions about what "the editorial" says — tests/test_robust_http.py.)
_CONTACT = {"author information", "corresponding author", "authors", "notes"}
_REFERENCE_HEADINGS = {"references", "references and notes", "bibliography", "literature cited"}
_ENTRY_LABEL = re.compile(r"^(?:[-*•]\s*)?(?:\((?P<a>\d{1,4})\)|\[(?P<b>\d{1,4})\]|(?P<c>\d{1,4})\.)\s+")
_TERMINAL = re.compile(r"[.!?:;\"”’)\]][\s⁰¹²³⁴⁵⁶⁷⁸⁹,˒⁻–\-^{}0-9]*$")


@dataclass
class _Line:
    start: int
    end: int
    text: str


def read_source(path: Path) -> str:
    """The text of a corpus file, or a CorpusError saying what is wrong with it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise CorpusError(f"{path}: the file is empty")
    if b"\x00" in data:
        raise CorpusError(f"{path}: looks like a binary file (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: is not UTF-8 text (invalid byte at offset {exc.start}); "
            "convert it, e.g. iconv -f latin1 -t utf-8"
        ) from exc
    return text


def _lines(source: str) -> list[_Line]:
    lines, offset = [], 0
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            lines.append(_Line(offset + lead, offset + lead + len(stripped), stripped))
        offset += len(raw)
    return lines


def _heading(text: str) -> str | None:
    match = _HEADING.match(text) or _CAPS_HEADING.match(text)
    if match:
        return match.group("name").strip("*_ ").strip()
    if text.lower().strip("*_ ") in _BACK_MATTER | _REFERENCE_HEADINGS:
        return text.strip("*_ ")
    return None


def _metadata_label(text: str) -> tuple[str, re.Match] | None:
    for label, pattern in _METADATA_LINES:
        match = pattern.match(text)
        if match:
            return label, match
    return None


def metadata_value(label: str, line: str) -> str:
    """What a metadata line says, without its furniture ("Cite This:", "<https://…>")."""
    pattern = dict(_METADATA_LINES).get(label)
    match = pattern and pattern.match(line)
    if not match:
        return line
    orcid = match.groupdict().get("orcid")
    return match.group("value") + (f" ORCID {orcid}" if orcid else "")


def _plain(text: str) -> str:
    """Metadata values without markdown, with the source's characters."""
    text = re.sub(r"(\*{1,3}|_{2})(.+?)\1", r"\2", text).strip()
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text  # <https://…>


def _to_source_spans(source: str, spans: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    """Map [start, end) of join_spans(source, spans) back to source spans."""
    return merge_spans(source, sub_spans(spans, start, end))


def _sentences(source: str, spans: tuple[Span, ...], n_references: int,
               author_year: AuthorYearIndex) -> tuple[Sentence, ...]:
    """The sentences of a paragraph with the entries each cites: by number (markers) or by author and year."""
    text = join_spans(source, spans)
    sentences = []
    for start, end in split_sentences(text):
        piece = text[start:end]
        citations = tuple(n for m in find_markers(piece, n_references) for n in m.numbers) + author_year.cited(piece)
        sentences.append(Sentence(_to_source_spans(source, spans, start, end), tuple(dict.fromkeys(citations))))
    return tuple(sentences)


_METADATA_LABEL = re.compile(  # a metadata line's label: the event it dates, or "doi"
    r"^\(?(?:" + "|".join(f"(?P<{event}>{label})" for event, label in DATE_LABELS.items())
    + r"|(?P<doi>doi|https?://(?:dx\.)?doi))", re.I)


def load_pdf(path: Path) -> Document:
    """A PDF read by structure.read_pdf into a Document: its text blocks (body, captions, tables, footnotes)
    as paragraphs, its reference entries parsed, title, byline and dated lines as metadata lines; where each
    line and character is printed kept compactly (boxes.TextBoxes) for the rectangles of answers."""
    from .boxes import TextBoxes
    from .pdf import PdfError
    from .structure import cites_the_paper, is_preprint_stamp, read_pdf

    try:
        reading = read_pdf(path)
    except PdfError as exc:
        raise CorpusError(str(exc)) from exc
    source = reading.source
    references = tuple(parse_reference(n, source[start:end], ((start, end),)) for n, start, end in reading.entries)
    n_refs = max((r.number for r in references), default=0)
    author_year = AuthorYearIndex.of(references)
    paragraphs, metadata_lines = [], []
    for kind, section, start, end in reading.blocks:
        if kind in TEXT_KINDS:
            paragraphs.append(Paragraph(len(paragraphs) + 1, section or "Main text",
                                        _sentences(source, ((start, end),), n_refs, author_year), kind))
        elif kind in ("title", "authors", "metadata"):
            line = source[start:end]
            found = _METADATA_LABEL.match(line)
            label = {"title": "title", "authors": "author"}.get(kind) or (
                found.lastgroup if found else "published" if PUBLISHED_ON.search(line)
                else "journal" if cites_the_paper(line) else "preprint" if is_preprint_stamp(line)
                else "license" if LICENCE_STATEMENT.search(line) else "note")
            metadata_lines.append(Sentence(((start, end),), label=label))
    found = reading.metadata
    metadata = {"title": found.get("title") or path.stem, "file": path.name,
                "authors": [{"name": n} for n in found.get("authors", [])]}
    metadata.update({k: found[k] for k in ("doi", "journal", "year") if found.get(k)})
    return Document(
        doc_id=normalize_name(path.stem), path=str(path), source=source, title=metadata["title"], metadata=metadata,
        metadata_lines=tuple(metadata_lines), paragraphs=tuple(paragraphs), references=references,
        page_starts=reading.page_starts, warnings=tuple(reading.warnings),
        repairs=tuple((offset, r.kind, r.printed, r.written) for offset, r in reading.repairs),
        boxes=TextBoxes.from_chars(reading.boxes),
    )


def load_document(path: Path) -> Document:
    """A corpus file as a Document: PDFs through load_pdf, text and markdown files through the line parser
    below. Raises CorpusError naming the file when it cannot be read."""
    if path.suffix.lower() == ".pdf":
        return load_pdf(path)
    source = read_source(path)
    lines = _lines(source)
    title, title_line = path.stem, None
    heading_of_title = next((l for l in lines if l.text.startswith("# ")), None)
    if path.suffix == ".md" and heading_of_title:
        title_line = heading_of_title
    elif lines and len(lines[0].text) < 250 and not _metadata_label(lines[0].text):
        title_line = lines[0]
    if title_line:
        title = _plain(_heading(title_line.text) or title_line.text)

    metadata: dict = {"title": title, "file": path.name, "authors": []}
    metadata_lines: list[Sentence] = []
    if title_line:
        metadata_lines.append(Sentence(((title_line.start, title_line.end),), label="title"))
    body: list[tuple[str, list[Span]]] = []  # (section, spans) per paragraph
    entries: list[tuple[int, list[Span]]] = []
    section, mode = "Main text", "body"
    for line in lines:
        if line is title_line:
            continue
        found = _metadata_label(line.text)
        if found and not (mode == "references" and found[0] == "doi"):
            label, match = found
            value = _plain(match.group("value"))
            if label == "author":
                metadata["authors"].append({"name": value, "orcid": match.group("orcid")})
            else:
                metadata.setdefault(label, value)
            metadata_lines.append(Sentence(((line.start, line.end),), label=label))
            continue
        if _FURNITURE.match(line.text):
            continue
        heading = _heading(line.text)
        if heading:
            name = heading.lower()
            mode = "references" if name in _REFERENCE_HEADINGS else "back" if name in _BACK_MATTER else "body"
            section = heading if mode != "references" else section
            continue
        if mode == "back" and section.lower() in _CONTACT:
            metadata_lines.append(Sentence(((line.start, line.end),), label="note"))
        elif mode == "references":
            label = _ENTRY_LABEL.match(line.text)
            if label:
                number = int(label.group("a") or label.group("b") or label.group("c"))
                entries.append((number, [(line.start + label.end(), line.end)]))
            elif entries:
                entries[-1][1].append((line.start, line.end))
        elif body and body[-1][0] == section and _continues(source, body[-1][1], line.text):
            body[-1][1].append((line.start, line.end))
        else:
            body.append((section, [(line.start, line.end)]))

    references = tuple(
        parse_reference(number, join_spans(source, merge_spans(source, spans)), merge_spans(source, spans))
        for number, spans in entries
    )
    n_refs = max((r.number for r in references), default=0)
    author_year = AuthorYearIndex.of(references)
    paragraphs = tuple(
        Paragraph(i, sec, _sentences(source, merge_spans(source, spans), n_refs, author_year))
        for i, (sec, spans) in enumerate(body, start=1)
    )
    return Document(
        doc_id=normalize_name(path.stem),
        path=str(path),
        source=source,
        title=title,
        metadata=metadata,
        metadata_lines=tuple(metadata_lines),
        paragraphs=paragraphs,
        references=references,
    )


def _continues(source: str, spans: list[Span], next_text: str) -> bool:
    """A page break split the paragraph: it ends mid-sentence and the next line starts in lower case."""
    last = source[spans[-1][0] : spans[-1][1]]
    return not _TERMINAL.search(last) and next_text[:1].islower()


def normalize_name(name: str) -> str:
    """File names in NFC: macOS writes "Präparation" decomposed, a user types it composed."""
    return unicodedata.normalize("NFC", name)


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(
        p for p in corpus_dir.iterdir()
        if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES and not p.name.startswith(".")
        and p.name.lower() != "readme.md"
    )

