"""The small typed records passed between the stages of the pipeline.

corpus file → Document → Chunk → (index) → Passage → Answer

Offsets are character offsets into the document's source text. A piece of
text that a page break or page furniture interrupts is kept as several
spans; its display text is the spans' source text joined by one space, so
every character shown comes from the source.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .boxes import TextBoxes

Span = tuple[int, int]
# Kinds of chunk that are the paper's own text (searched and quoted as such); the others are
# bibliographic records: "reference" (an entry of the list) and "metadata" (title, authors, dates).
TEXT_KINDS = frozenset({"body", "caption", "table", "footnote"})
# the section of running text set above page 1's title (structure._first_page): not the paper's own, as a rule the
# end of the article printed before it in a journal's issue
ABOVE_TITLE = "Text above the title"


def join_spans(source: str, spans: tuple[Span, ...] | list[Span]) -> str:
    """Display text of a run of source spans (one space where a break was)."""
    return " ".join(source[start:end] for start, end in spans)


def sub_spans(spans: tuple[Span, ...], start: int, end: int) -> list[Span]:
    """The source spans of [start, end) of join_spans(source, spans), in order."""
    pieces, cursor = [], 0
    for s, e in spans:
        lo, hi = max(start, cursor), min(end, cursor + (e - s))
        if lo < hi:
            pieces.append((s + lo - cursor, s + hi - cursor))
        cursor += (e - s) + 1  # the joining space
    return pieces


@dataclass(frozen=True)
class Box:
    """Where one printed line of a span is: 1-based page, then PDF points from the page's top-left corner
    (pdfplumber's convention)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


def boxes_json(boxes: tuple[Box, ...]) -> list[dict[str, Any]]:
    return [asdict(b) for b in boxes]


@dataclass(frozen=True)
class Sentence:
    spans: tuple[Span, ...]
    citations: tuple[int, ...] = ()
    label: str = ""  # for metadata lines: what the line is ("author", "doi", ...)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


@dataclass(frozen=True)
class Reference:
    number: int
    text: str  # the entry as in the source (without its "(n)" label)
    spans: tuple[Span, ...]
    authors: str = ""
    title: str = ""
    journal: str = ""
    publisher: str = ""  # of a book or chapter (which has no journal)
    year: str = ""
    volume: str = ""
    pages: str = ""
    doi: str = ""
    label: str = ""  # of a sub-item: "b" of "(a) …; (b) …" (RSC); "" for the entry itself
    parts: tuple[Reference, ...] = ()  # the sub-items after the first, whose fields are the entry's own


@dataclass(frozen=True)
class Paragraph:
    number: int
    section: str
    sentences: tuple[Sentence, ...]
    kind: str = "body"  # one of TEXT_KINDS: body text, a figure or table caption, a table, a footnote

    def spans(self, source: str) -> tuple[Span, ...]:
        return merge_spans(source, [span for s in self.sentences for span in s.spans])


@dataclass
class Document:
    doc_id: str
    path: str
    source: str
    title: str
    metadata: dict[str, Any]
    metadata_lines: tuple[Sentence, ...]
    paragraphs: tuple[Paragraph, ...]
    references: tuple[Reference, ...]
    page_starts: tuple[int, ...] = ()  # for a PDF: offset where each page begins (page 1 first)
    warnings: tuple[str, ...] = ()  # what could not be read (pages without text, unmapped glyphs)
    repairs: tuple[tuple[int, str, str, str], ...] = ()  # (offset, kind, as printed, as written) of each repair
    boxes: TextBoxes | None = None  # for a PDF: where each line and character of the source is printed

    def page_of(self, offset: int) -> int:
        """1-based page where a source offset is printed: that of the printed line holding it, or the next one
        (a page's footnote is set in the source after the paragraph it interrupts, which may run on over the
        next page); without boxes, the page whose text the offset falls in; 0 for a document without pages."""
        printed = self.boxes.page_at(offset) if self.boxes is not None else 0
        return printed or (bisect_right(self.page_starts, offset) if self.page_starts else 0)


@dataclass(frozen=True)
class Chunk:
    chunk_id: int
    doc_id: str
    kind: str  # one of TEXT_KINDS, or "reference" | "metadata"
    section: str
    paragraph: int  # paragraph number; the reference number for a reference
    spans: tuple[Span, ...]
    text: str  # display text: join_spans(source, spans)
    sentences: tuple[Sentence, ...]
    citations: tuple[int, ...]
    search_text: str  # normalized text that is embedded and matched
    sentence_search_texts: tuple[str, ...]
    page: int = 0  # page where the chunk starts (PDFs); 0 when the document has no pages

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def under(self, headings: tuple[str, ...]) -> bool:
        """Whether it is text (one of TEXT_KINDS) under a heading holding one of ``headings`` (lower case, as
        ``Query.sections``): ("conclusion",) for "5. Conclusions"."""
        return self.kind in TEXT_KINDS and any(h in self.section.lower() for h in headings)


@dataclass(frozen=True)
class ReferenceEntry:
    number: int
    text: str


@dataclass(frozen=True)
class Passage:
    rank: int
    chunk_id: int
    doc_id: str
    title: str
    section: str
    paragraph: int
    kind: str
    start: int
    end: int
    spans: tuple[Span, ...]
    score: float
    text: str
    references: tuple[ReferenceEntry, ...]
    page: int = 0  # page of a PDF where the passage starts; 0 when the document has no pages
    boxes: tuple[Box, ...] = ()  # where its text is printed, one per line (PDFs); () for a text document

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["spans"] = [list(s) for s in self.spans]
        data["boxes"] = boxes_json(self.boxes)
        return data


@dataclass(frozen=True)
class AnswerSpan:
    passage: int  # rank of the passage the sentence comes from (its [n])
    start: int
    end: int
    text: str  # exactly source[start:end]
    sentence: int = 1  # which answer sentence (1-based): a sentence broken by page furniture has two spans
    doc_id: str = ""
    boxes: tuple[Box, ...] = ()  # where the text is printed, one per line (PDFs); () for a text document
    title: str = ""  # of its document
    page: int = 0  # 1-based page where it starts (PDFs); 0 for a text document

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["boxes"] = boxes_json(self.boxes)
        return data


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    answer_spans: list[AnswerSpan] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    elapsed_ms: float = 0.0
    confidence: float = 0.0  # in [0, 1]: how likely the answer is right (calibrated: bench/README.md); 0 when abstaining
    shortened: bool = False  # the question was longer than the model reads: its last sentences were used

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 3),
            "shortened": self.shortened,
            "answer_spans": [s.to_dict() for s in self.answer_spans],
            "passages": [p.to_dict() for p in self.passages],
            "elapsed_ms": round(self.elapsed_ms, 3),
        }


def merge_spans(source: str, spans: list[Span] | tuple[Span, ...]) -> tuple[Span, ...]:
    """Sort spans and merge neighbours separated only by whitespace in the source.

    What remains separate is separated by removed text (page furniture), so a
    span list of length one means source[start:end] is the text itself.
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not source[merged[-1][1]:start].strip()):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)
