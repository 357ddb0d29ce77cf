"""PDF file → text in the line format that ingest.py reads, with the page of every character.

The output is one paragraph per line with a blank line between paragraphs, and
the reference list as one entry per line under a "REFERENCES" line: the layout
of the corpus's text files, so PDFs go through the same document parser.

Why pypdf's text visitor rather than its text, measured on the three-page
paper of tests/test_pdf.py: both ``extract_text()`` modes flatten all 10 of
its sub/superscript groups ("Au25(SR)18", "(CO32-)", "atom.1,2": the charge
and the citation markers are lost). Plain mode marks none of the 9 paragraph
starts (one line per printed line); layout mode marks the 6 that follow a
vertical gap with a blank line, but also puts ~70 blank lines at every page
end, splitting both paragraphs that run on across a page, and pads lines with
spaces. The visitor, fed by plain mode, reports each run of text with its font
size and baseline; from those this module rebuilds lines, writes smaller
raised or lowered runs as scripts (Au₂₅(SR)₁₈, CO₃²⁻, ¹,² — the forms text.py
reads as charges and citation markers), drops running headers/footers and
page numbers, and tells paragraphs apart by line geometry. Ligatures pypdf
passes through as the ligature characters (ﬁ), so they are spelled out here.
"""
from __future__ import annotations

import math
import re
import statistics
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream, NameObject


class PdfError(ValueError):
    """A PDF that yields no text (unreadable, encrypted, scanned); the message names the file."""


@dataclass(frozen=True)
class PdfText:
    text: str
    page_starts: tuple[int, ...]  # offset in text where each page (1-based index = position+1) begins
    metadata: dict[str, str]  # title, authors, year, doi where found (PDF info dict and first page)

    def page_of(self, offset: int) -> int:
        """The 1-based page of the character at ``offset`` (pages without text are skipped)."""
        return max(1, bisect_right(self.page_starts, offset))


def extract_pdf(path: Path) -> PdfText:
    """The text of a PDF in ingest's line format, its page offsets and its metadata."""
    reader = _open(path)
    pages = [_page_lines(reader, i, path) for i in range(len(reader.pages))]
    lines = _drop_furniture(pages, [_page_box(p) for p in reader.pages])
    if not lines:
        raise PdfError(f"{path}: has no extractable text (a scanned image?); run OCR on it first, e.g. ocrmypdf")
    vocabulary = _vocabulary(lines)
    blocks = _blocks(lines)
    text, page_starts = _write(blocks, vocabulary, len(pages))
    return PdfText(text, page_starts, _metadata(reader, pages[0], blocks, vocabulary))


def _open(path: Path) -> PdfReader:
    # pypdf raises many exception types on damaged files (PdfReadError, ValueError,
    # KeyError, ...); all of them mean the same thing to the user.
    try:
        reader = PdfReader(path)
    except Exception as exc:
        raise PdfError(f"{path}: is not a readable PDF ({exc})") from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # many PDFs are encrypted with an empty user password
        except Exception as exc:
            raise PdfError(f"{path}: is encrypted and cannot be decrypted here ({exc})") from exc
        if not opened:
            raise PdfError(f"{path}: is encrypted with a password; decrypt it first, e.g. qpdf --decrypt")
    try:
        len(reader.pages)
    except Exception as exc:
        raise PdfError(f"{path}: is not a readable PDF ({exc})") from exc
    return reader


# --- runs and lines ------------------------------------------------------------

_SHOW_TEXT = {b"Tj", b"TJ", b"'", b'"'}


@dataclass
class _Run:
    text: str
    x: float
    y: float  # baseline, text rise included
    size: float  # font size in page units


@dataclass
class _Line:
    text: str
    page: int  # 1-based
    x: float
    y: float
    size: float


class _RunCollector:
    """Runs of one page from pypdf's visitor callbacks, grouped into pypdf's lines.

    pypdf starts a new run at every font change, so a script set in a smaller
    font is a run of its own, and ends a line with "\\n". It reports the text
    matrix but not the text rise (Ts) that some producers (fpdf2, reportlab)
    raise or lower scripts with, so the rise is tracked here, with q/Q.
    """

    def __init__(self) -> None:
        self.lines: list[list[_Run]] = [[]]
        self.rise = self.shown_rise = 0.0
        self.saved: list[float] = []

    def operator(self, op: bytes, args: list, cm: list, tm: list) -> None:
        if op == b"Ts" and args:
            self.rise = float(args[0])
        elif op == b"q":
            self.saved.append(self.rise)
        elif op == b"Q" and self.saved:
            self.rise = self.saved.pop()
        elif op in _SHOW_TEXT:
            self.shown_rise = self.rise

    def text(self, text: str, cm: list, tm: list, font: object, size: float) -> None:
        m = _multiply(tm, cm)
        scale = math.hypot(m[2], m[3])
        for i, piece in enumerate(text.split("\n")):
            if i:
                self.lines.append([])
            if piece and size * scale > 0:  # zero-size text is invisible, and would divide by zero
                self.lines[-1].append(_Run(piece, m[4], m[5] + self.shown_rise * scale, size * scale))


def _multiply(a: list, b: list) -> list[float]:
    """The product of two PDF transformation matrices [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _page_lines(reader: PdfReader, index: int, path: Path) -> list[_Line]:
    """The lines of a page, upright text only: rotated text is margin furniture ("Downloaded via …")."""
    page, collector = reader.pages[index], _RunCollector()
    try:
        _one_run_per_show(page, reader)
        page.extract_text(orientations=(0,), visitor_text=collector.text, visitor_operand_before=collector.operator)
    except Exception as exc:  # as in _open: any pypdf error means the page cannot be read
        raise PdfError(f"{path}: page {index + 1} cannot be read ({exc})") from exc
    lines = (_make_line(runs, index + 1) for runs in collector.lines if any(r.text.strip() for r in runs))
    return [line for line in lines if line.text]


def _one_run_per_show(page, reader: PdfReader) -> None:
    """Make pypdf report every text-showing operator as a run of its own (in memory only).

    pypdf's visitor gets a new run at each font change (Tf). Producers that set
    "1 Tf" once and size text through the text matrix show a script without
    any Tf, so it would be merged into its line with neither size nor position
    of its own. Repeating the current Tf (restored by Q like the rest of the
    graphics state) before each show operator changes nothing on the page.
    """
    contents = page.get("/Contents")
    if contents is None:
        return
    stream = ContentStream(contents.get_object(), reader, "bytes")  # "bytes": strings as written, for any font encoding
    operations, font, saved = [], None, []
    for operands, operator in stream.operations:
        if operator == b"Tf":
            font = operands
        elif operator == b"q":
            saved.append(font)
        elif operator == b"Q" and saved:
            font = saved.pop()
        elif operator in _SHOW_TEXT and font:
            operations.append((font, b"Tf"))
        operations.append((operands, operator))
    stream.operations = operations
    page[NameObject("/Contents")] = stream


def _page_box(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box.bottom), float(box.height)


def _make_line(runs: list[_Run], page: int) -> _Line:
    """A line from its runs; a run in a smaller font off the baseline is a script.

    A script attaches to the text before it (pypdf puts a space there when
    fonts are sized by the text matrix), except a superscript that prefixes a
    letter, as in "the ¹³C NMR".
    """
    inked = [r for r in runs if r.text.strip()]
    body = max(inked, key=lambda r: (r.size, len(r.text)))
    parts: list[str] = []
    for i, run in enumerate(runs):
        kind = _script_kind(run, body)
        if not kind:
            parts.append(run.text)
            continue
        core = run.text.strip()
        lead, trail = run.text[: run.text.index(core)], run.text[run.text.index(core) + len(core) :]
        following = runs[i + 1].text if i + 1 < len(runs) else ""
        if parts and not (kind == "sup" and following[:1].isalpha()):
            parts[-1], lead = parts[-1].rstrip(), ""
        parts.append(lead + _script(core, kind) + trail)
    return _Line(_clean("".join(parts)), page, min(r.x for r in inked), body.y, body.size)


def _script_kind(run: _Run, body: _Run) -> str:
    """"sup", "sub" or "" (plain): a script is smaller than the line's body text and off its
    baseline. A smaller run on the baseline (small capitals) stays plain text, so an
    unsure case is never turned into a citation."""
    if not run.text.strip() or run.size >= 0.85 * body.size:
        return ""
    lift = (run.y - body.y) / body.size
    return "sup" if lift > 0.2 else "sub" if lift < -0.1 else ""


_SUPERSCRIPT = str.maketrans("0123456789+-–−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁻")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
# Numbers, lists, ranges, charges: 1,2 · 16–18 · 2− · +. Not −2 (cm⁻² would read as citation 2).
_UNICODE_SUPERSCRIPT = re.compile(r"(?=.)(?:\d+(?:[,\-–−]\d+)*)?[+\-–−]?")


def _script(text: str, kind: str) -> str:
    """Numbers and charges as Unicode scripts (CO₃²⁻, ¹⁶⁻¹⁸: the forms text.py reads as
    charges and citation markers); anything else as ^{…} or _{…} (cm^{-2}, Au_{26.3}),
    which text.normalize unwraps."""
    if kind == "sup":
        packed = text.replace(" ", "")
        return packed.translate(_SUPERSCRIPT) if _UNICODE_SUPERSCRIPT.fullmatch(packed) else f"^{{{text}}}"
    return text.translate(_SUBSCRIPT) if text.isdigit() else f"_{{{text}}}"


_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    """Ligatures as plain letters (ﬁ → fi), no control characters, single spaces.

    A soft hyphen (U+00AD) is kept only at the end, as "-", where it marks a
    line-end hyphenation; elsewhere it is invisible and dropped.
    """
    text = _CONTROL.sub(" ", text.translate(_LIGATURES))
    text = " ".join(text.split())
    return re.sub("\u00ad(?!$)", "", text).replace("\u00ad", "-")


# --- page furniture ------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_MARGIN = 0.1  # headers and footers sit in the top and bottom tenth of the page


def _furniture_key(text: str) -> str:
    """Running headers/footers compare equal modulo digits and word order.

    Digits: the page number and page range change ("Precis. Chem. 2024, 2, 559−562").
    Word order: left and right pages put the page number at opposite ends.
    """
    return " ".join(sorted(re.sub(r"\d+", "#", text).split()))


def _drop_furniture(pages: list[list[_Line]], boxes: list[tuple[float, float]]) -> list[_Line]:
    """All lines in reading order, without page numbers and without margin lines that
    repeat (modulo digits) on at least half the pages, two at least."""
    def in_margin(line: _Line) -> bool:
        bottom, height = boxes[line.page - 1]
        position = (line.y - bottom) / height if height else 0.5
        return position < _MARGIN or position > 1 - _MARGIN

    counts = Counter(
        key for page in pages for key in {_furniture_key(l.text) for l in page if in_margin(l)}
    )
    needed = max(2, math.ceil(len(pages) / 2))
    return [
        line for page in pages for line in page
        if not (in_margin(line) and (_PAGE_NUMBER.match(line.text) or counts[_furniture_key(line.text)] >= needed))
    ]


# --- paragraphs ----------------------------------------------------------------

_REFERENCES_HEADING = re.compile(r"^(?:■\s*)?(?:references(?: and notes)?|notes and references|bibliography|literature cited)$", re.I)
_ENTRY_LABEL = re.compile(r"^(?:\((\d{1,4})\)|\[(\d{1,4})\]|(\d{1,4})\.)\s*")
_LIST_ITEM = re.compile(r"^[•▪◦●■]\s")  # ■ also marks ACS section headings
_SENTENCE_END = re.compile(r"[.!?:][\"”’)\]]*[⁰¹²³⁴⁵⁶⁷⁸⁹,⁻]*$")


@dataclass
class _Layout:
    """What a paragraph looks like in this document, measured on its lines."""

    pitch: float  # usual baseline distance within a paragraph, in font sizes
    line_chars: float  # usual length of a full line of body text

    @classmethod
    def measure(cls, lines: list[_Line]) -> _Layout:
        steps = [
            (a.y - b.y) / a.size for a, b in zip(lines, lines[1:])
            if a.page == b.page and abs(a.size - b.size) < 0.05 * a.size and 0 < a.y - b.y < 3 * a.size
        ]
        chars = Counter()
        for line in lines:
            chars[round(line.size, 1)] += len(line.text)
        body = chars.most_common(1)[0][0]
        lengths = [len(l.text) for l in lines if abs(l.size - body) < 0.05 * body]
        return cls(statistics.median(steps) if steps else 1.2, statistics.median(lengths))

    def short(self, line: _Line) -> bool:
        return len(line.text) < 0.7 * self.line_chars

    def new_paragraph(self, a: _Line, b: _Line, a_opens: bool) -> bool:
        """Whether line b starts a paragraph after line a (a_opens: a is its paragraph's first line).

        A list bullet or a change of font size always does (title, authors,
        headings). Across a page or column break, or a figure (b is on a later
        page, higher up, or more than three line steps down), the paragraph
        goes on unless a is short, or a ends a sentence and b does not start
        in lower case. Within a column, a paragraph starts after a gap wider
        than 1.3 usual line steps, at a first-line indent (b starts half an em
        right of a, unless a opens its paragraph: that is a hanging indent, as
        in a list item), or after a short line (full lines are justified to
        the column width).
        """
        if _LIST_ITEM.match(b.text) or abs(b.size - a.size) > 0.15 * a.size:
            return True
        steps = (a.y - b.y) / (self.pitch * a.size)
        if b.page != a.page or steps < -1 or steps > 3:
            return self.short(a) or bool(_SENTENCE_END.search(a.text) and not b.text[:1].islower())
        return steps > 1.3 or (b.x > a.x + 0.5 * a.size and not a_opens) or self.short(a)


def _entry_number(text: str) -> int | None:
    match = _ENTRY_LABEL.match(text)
    return int(next(g for g in match.groups() if g)) if match else None


def _blocks(lines: list[_Line]) -> list[tuple[str, list[_Line]]]:
    """Lines grouped into ("paragraph" | "references" | "entry", lines) blocks.

    After a references heading, a line starts an entry when its label "(n)",
    "[n]" or "n." continues the numbering (so a wrapped line starting "2020."
    does not), and any other line continues the entry.
    """
    layout = _Layout.measure(lines)
    blocks: list[tuple[str, list[_Line]]] = []
    last_entry: int | None = None
    in_references = False
    for previous, line in zip([None, *lines], lines):
        number = _entry_number(line.text) if in_references else None
        if _REFERENCES_HEADING.match(line.text):
            in_references = True
            blocks.append(("references", [line]))
        elif number is not None and (last_entry is None or number == last_entry + 1):
            last_entry = number
            blocks.append(("entry", [line]))
        elif in_references and blocks[-1][0] == "entry":
            blocks[-1][1].append(line)
        elif blocks and blocks[-1][0] == "paragraph" and not layout.new_paragraph(
            previous, line, a_opens=len(blocks[-1][1]) == 1
        ):
            blocks[-1][1].append(line)
        else:
            blocks.append(("paragraph", [line]))
    return blocks


# --- line-end hyphens ----------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_HYPHEN_END = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})[-‐]$")
_WORD_HYPHEN_END = re.compile(r"\w[-‐–—]$")  # also structure–|property: no space after a dash
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")


def _vocabulary(lines: list[_Line]) -> set[str]:
    """The document's own words, in lower case, without the fragments around line-end hyphens."""
    words: set[str] = set()
    for previous, line in zip([None, *lines], lines):
        found = _WORD.findall(line.text)
        if line.text.endswith(("-", "‐")):
            found = found[:-1]
        if previous and previous.text.endswith(("-", "‐")):
            found = found[1:]
        words.update(w.lower() for w in found)
    return words


def _drop_hyphen(before: str, after: str, vocabulary: set[str]) -> bool:
    """Whether "hydro-" + "gen …" is one word broken by hyphenation (→ "hydrogen").

    Only a word fragment can be hyphenated: two or more letters, lower case
    after the first, and two capitalised letters are an element ("Au-based"),
    with a lower-case continuation. The document then decides: the joined
    word seen elsewhere → join; the hyphenated compound seen ("co-workers"),
    or both halves seen as words ("ligand", "protected") → keep the hyphen;
    otherwise join, as hyphenation is the more common reason.
    """
    head, tail = _HYPHEN_END.search(before), _FIRST_WORD.match(after)
    if not head or not tail or not tail.group(1)[0].islower():
        return False
    first, second = head.group(1), tail.group(1).lower()
    if not first[1:].islower() or (len(first) == 2 and first[0].isupper()):
        return False
    first = first.lower()
    if first + second in vocabulary:
        return True
    return not (f"{first}-{second}" in vocabulary or (first in vocabulary and second in vocabulary))


def _joined(lines: list[_Line], vocabulary: set[str]) -> list[tuple[str, int]]:
    """A block's text as (piece, page) pieces: wrapped lines joined by a space; after a
    hyphen or dash that ends a word (hydro-, ligand-, structure–) by nothing, the
    hyphen dropped if it was hyphenation."""
    pieces = [[lines[0].text, lines[0].page]]
    for line in lines[1:]:
        text = pieces[-1][0]
        if _drop_hyphen(text, line.text, vocabulary):
            pieces[-1][0] = text[:-1]
        elif not _WORD_HYPHEN_END.search(text):
            pieces[-1][0] = text + " "
        pieces.append([line.text, line.page])
    return [(text, page) for text, page in pieces]


# --- output ------------------------------------------------------------------------


def _write(blocks: list[tuple[str, list[_Line]]], vocabulary: set[str], n_pages: int) -> tuple[str, tuple[int, ...]]:
    """The text, blocks separated by blank lines (entries by a line break), and where each page starts."""
    out: list[str] = []
    length = 0
    starts: list[int] = []
    for i, (kind, lines) in enumerate(blocks):
        separator = "" if i == 0 else "\n" if kind == "entry" else "\n\n"
        pieces = [("REFERENCES", lines[0].page)] if kind == "references" else _joined(lines, vocabulary)
        if kind == "entry":
            first = _ENTRY_LABEL.sub(lambda m: m.group(0).rstrip() + " ", pieces[0][0], count=1)
            pieces[0] = (first, pieces[0][1])
        out.append(separator)
        length += len(separator)
        for text, page in pieces:
            starts.extend([length] * (page - len(starts)))
            out.append(text)
            length += len(text)
    starts.extend([length] * (n_pages - len(starts)))
    return "".join(out) + "\n", tuple(starts)


# --- metadata ------------------------------------------------------------------------

_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)\]]")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DATED = re.compile(r"published|©|copyright|cite this|accepted|received", re.I)
_AFFILIATION_MARKS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§]|\^\{[^{}]*\}")


def _metadata(reader: PdfReader, first_page: list[_Line], blocks: list, vocabulary: set[str]) -> dict[str, str]:
    """Title, authors, year and DOI from the info dictionary, else from the first page.

    An info title is used when it looks like one (three words or more, not a
    file name); otherwise the title is the first page's paragraph in the
    largest type, and the authors the paragraph after it if it reads like a
    list of names. The year comes from a dated line of the first page
    (Published, ©, Cite This, ...), else from any first-page line (running
    headers carry the citation), else from the file's creation date.
    """
    info = _info(reader)
    found: dict[str, str] = {}
    title = info.get("/Title", "").strip()
    if len(title.split()) >= 3 and not re.search(r"\.(?:docx?|tex|indd|pdf)$", title, re.I):
        found["title"] = title
    if info.get("/Author", "").strip():
        found["authors"] = info["/Author"].strip()
    paragraphs = [
        "".join(text for text, _ in _joined(lines, vocabulary)) for kind, lines in blocks
        if kind == "paragraph" and lines[0].page == 1
    ]
    sizes = [lines[0].size for kind, lines in blocks if kind == "paragraph" and lines[0].page == 1]
    if paragraphs:
        top = sizes.index(max(sizes))
        found.setdefault("title", paragraphs[top])
        if top + 1 < len(paragraphs) and _looks_like_names(paragraphs[top + 1]):
            found.setdefault("authors", " ".join(_AFFILIATION_MARKS.sub("", paragraphs[top + 1]).split()))
    page_text = [line.text for line in first_page]
    doi = _DOI.search(" ".join([*info.values(), *page_text]))
    if doi:
        found["doi"] = doi.group(0)
    dated = [t for t in page_text if _DATED.search(t)] + page_text
    year = next((m.group(0) for m in map(_YEAR.search, dated) if m), None)
    created = re.match(r"(?:D:)?((?:19|20)\d\d)", info.get("/CreationDate", ""))
    year = year or (created.group(1) if created else None)
    if year:
        found["year"] = year
    return found


def _info(reader: PdfReader) -> dict[str, str]:
    """The info dictionary as text; a damaged one counts as empty, it is only metadata."""
    try:
        info = reader.metadata or {}
        return {str(key): str(info[key]) for key in info}  # [] resolves indirect objects
    except Exception:
        return {}


def _looks_like_names(text: str) -> bool:
    """A byline: short, no sentence end, mostly capitalised words ("Ada Lovelace, Marie Curie and …")."""
    words = [w for w in re.split(r"[\s,;]+", _AFFILIATION_MARKS.sub("", text)) if w and w.lower() not in {"and", "&"}]
    if not 2 <= len(words) <= 40 or text.rstrip().endswith((".", ":")):
        return False
    return sum(w[:1].isupper() for w in words) >= 0.8 * len(words)
