"""Document → Chunks: sentence-aware passages with offsets into the source.

A paragraph is one chunk when it is short, otherwise overlapping windows of
sentences; every reference entry is a chunk; the metadata lines of a document
form one chunk whose sentences are its lines.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .ingest import metadata_value
from .text import LABEL_ONLY, is_heading, normalize, search_form
from .references import ENTRY_LABEL, entry_parts
from .types import Chunk, Document, Paragraph, Sentence, join_spans, merge_spans, sub_spans

# Field names said in words, so that "who wrote this?" meets the author line.
METADATA_LABELS = {
    "title": "Title of this document (article, paper, editorial)",
    "journal": "Journal, year, volume and pages where this document was published",
    "published": "Date this document was published",
    "received": "Date this document was received",
    "accepted": "Date this document was accepted",
    "author": "Author of this document (article, paper, editorial): written by, who wrote it; ORCID",
    "doi": "DOI (digital object identifier) of this document",
    "preprint": "arXiv identifier, version and date of this preprint",
    "note": "Note",
}


@dataclass(frozen=True)
class ChunkingConfig:
    max_sentences: int = 5  # a paragraph up to this long is one chunk
    window: int = 4  # otherwise windows of this many sentences
    overlap: int = 1  # shared by consecutive windows


def _windows(n: int, config: ChunkingConfig) -> list[range]:
    if n <= config.max_sentences:
        return [range(n)]
    step = max(1, config.window - config.overlap)
    starts = range(0, max(1, n - config.overlap), step)
    return [range(s, min(n, s + config.window)) for s in starts if s < n]


TITLE_WORDS = 15  # a caption's opening words that title a table: a long first sentence would match every question on the paper
GROUP_LABEL_WORDS = 10  # a line between a table's rows this short, set apart from them, labels the rows below it
STUB_LETTERS = 3  # a row's first cell with this many letters is its stub, which names the row ("Acetonitrile")


def _table_contexts(paragraphs: tuple[Paragraph, ...], said: Callable[[Sentence], str],
                    cells: Callable[[Paragraph], list[str]]) -> list[str]:
    """Of each paragraph, the words a table's row is matched and embedded with: a row means what it says under
    the table's title and column headers ("Table 2. Hydrogen uptake" / "Cluster Uptake (wt %)" / "Cu25H10 2.1"),
    and under the label of its group of rows ("Wheland Intermediate Deprotonation Reaction Step" / "Tryptophan
    (C-H) 1.1 1.2 2.9"); "" for other paragraphs and a table's first row, which is matched as printed (with the
    title it matched any question on the table best). The title is the first sentence of the caption right
    above the table, or right below it, as some journals print it ("Table 1." alone is only its label), to
    its TITLE_WORDS-th word; a table without a caption that repeats an earlier table's header row is that
    table continued on a later page, under its title; a
    group's label is a short line of another kind between two rows (GROUP_LABEL_WORDS), capitalized as a
    heading (``text.is_heading``: not a cell's words the reading parted from their row), which goes on the
    table. A stub spanning rows (the solvent of several runs, printed once, its words going on under it:
    "Carbon tetra-" / "chloride (2.33)", read as "Carbon tetrachloride (2.33)" on both rows) names the rows
    under it whose first cell holds no word: rows with a cell fewer than the stub's row, or opening with its
    bracketed rest ("(36.20)")."""
    def caption_of(i: int) -> str:
        if not 0 <= i < len(paragraphs) or paragraphs[i].kind != "caption":
            return ""
        opening = [said(s) for s in paragraphs[i].sentences[:2]]
        caption = " ".join(opening if LABEL_ONLY.fullmatch(opening[0]) else opening[:1])
        return " ".join(caption.split()[:TITLE_WORDS]) if caption.lower().startswith("tab") else ""

    def labels_rows(i: int) -> bool:
        p = paragraphs[i]
        return (p.kind in ("body", "footnote") and len(p.sentences) == 1 and 0 < i < len(paragraphs) - 1
                and paragraphs[i - 1].kind == paragraphs[i + 1].kind == "table"
                and len(said(p.sentences[0]).split()) <= GROUP_LABEL_WORDS and is_heading(said(p.sentences[0])))

    contexts = [""] * len(paragraphs)
    titles: dict[str, str] = {}  # a header row → the title of the last table printed under it
    i = 0
    while i < len(paragraphs):
        if paragraphs[i].kind != "table":
            i += 1
            continue
        end = i + 1  # past the table's rows and the labels of their groups
        while end < len(paragraphs) and (paragraphs[end].kind == "table" or labels_rows(end)):
            end += 1
        header, label = " ".join(said(s) for s in paragraphs[i].sentences), ""
        title = caption_of(i - 1) or caption_of(end) or titles.get(header, "")
        if title:
            titles[header] = title
        stub, width, opened = "", 0, i  # the stub of the rows, its row's width, and that row
        for j in range(i + 1, end):
            if paragraphs[j].kind != "table":
                label, stub = said(paragraphs[j].sentences[0]), ""
                continue
            row = cells(paragraphs[j])
            first = row[0]
            if sum(c.isalpha() for c in first) < STUB_LETTERS:
                named = stub and (len(row) < width or first.startswith("("))
                contexts[j] = " ".join(t for t in (title, header, label, stub if named else "") if t)
            elif stub.endswith("-") and first[:1].islower() and len(row) == width:  # a stub's word broken
                stub = stub[:-1] + first
                contexts[j] = contexts[opened] = " ".join(t for t in (title, header, label, stub) if t)
            else:
                stub, width, opened = first, len(row), j
                contexts[j] = " ".join(t for t in (title, header, label) if t)
        i = end
    return contexts


def chunk_document(document: Document, config: ChunkingConfig, first_id: int = 0) -> list[Chunk]:
    source, n_refs = document.source, len(document.references)
    chunks: list[Chunk] = []

    def add(kind: str, section: str, paragraph: int, sentences: tuple[Sentence, ...],
            search_texts: tuple[str, ...], search_text: str | None = None) -> None:
        spans = merge_spans(source, [span for s in sentences for span in s.spans])
        chunks.append(Chunk(
            chunk_id=first_id + len(chunks),
            doc_id=document.doc_id,
            kind=kind,
            section=section,
            paragraph=paragraph,
            spans=spans,
            text=join_spans(source, spans),
            sentences=sentences,
            citations=tuple(dict.fromkeys(n for s in sentences for n in s.citations)),
            search_text=search_text if search_text is not None else " ".join(search_texts),
            sentence_search_texts=search_texts,
            page=document.page_of(spans[0][0]),
        ))

    if document.metadata_lines:
        lines = document.metadata_lines
        add("metadata", "Metadata", 0, lines, tuple(
            f"{METADATA_LABELS.get(s.label, s.label)}: {normalize(metadata_value(s.label, join_spans(source, s.spans)))}"
            for s in lines
        ))
    said = lambda s: search_form(join_spans(source, s.spans), n_refs)
    contexts = _table_contexts(document.paragraphs, said, lambda p: [normalize(cell) for cell in "\n".join(
        join_spans(source, s.spans) for s in p.sentences).split("\t")])
    for paragraph, context in zip(document.paragraphs, contexts):
        for window in _windows(len(paragraph.sentences), config):
            sentences = tuple(paragraph.sentences[i] for i in window)
            texts = tuple(said(s) for s in sentences)
            if context:
                add(paragraph.kind, paragraph.section, paragraph.number, sentences,
                    tuple(f"{context} {t}" for t in texts), f"{context} {' '.join(texts)}")
            else:
                add(paragraph.kind, paragraph.section, paragraph.number, sentences, texts)
    for ref in document.references:
        entry = ENTRY_LABEL.format(ref.number) + normalize(ref.text)
        # an entry of sub-items ("(a) A. C. Deacy, …, 2019; (b) G. Trott, …") is matched as a whole, and each
        # sub-item is a sentence of its own: the one the question names is quoted, not a cut across several
        parts = entry_parts(ref.text)
        sentences = tuple(Sentence(tuple(sub_spans(ref.spans, start, end)), (ref.number,)) for start, end in parts)
        texts = tuple(normalize(ref.text[start:end]) for start, end in parts)
        add("reference", "References", ref.number, sentences or (Sentence(ref.spans, (ref.number,)),), texts or (entry,),
            entry)
    return chunks
