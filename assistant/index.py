"""Chunks → a persisted index: faiss (dense) + bm25s (sparse) + a manifest.

An index is a directory of files written in full in a temporary build
directory; the symlink ``current`` is then switched to it in one atomic
rename, so an interrupted build never replaces a good index. The manifest
records what the index was built from (each corpus file's hash, the model,
the chunking and index settings) and each index file's hash; loading checks
all of it and refuses a stale or damaged index with a message saying why.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import json
import math
import os
import re
import shutil
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from .boxes import TextBoxes
from .boxes import load as load_boxes
from .boxes import save as save_boxes
from .chunking import chunk_document
from .config import Config
from .ingest import CorpusError, corpus_files, load_document
from .references import entry_name_keys, name_keys, venue_readings, works_cited_in_note
from .text import (Tokenizer, defined_short_forms, flat, names_in_words, normalize, two_word_splits, without_locants,
                   writes_long_form, written_forms)
from .types import TEXT_KINDS, Box, Chunk, Document, ReferenceEntry, Sentence, Span

SCHEMA_VERSION = 4  # 4: boxes.npz, where the text of each PDF is printed


# Declared versions of what an index holds, bumped by hand when the output changes (not when the code
# does: a comment edit must not re-embed every document). tests/test_golden.py guards them: it fails when
# the chunks of its golden documents change while READING_VERSION does not.
NAMING_SHARE = 0.2  # a title word held by at most this share of the library's documents names its paper
READING_VERSION = 82  # files → chunks (text, spans, kinds, sections, citations, pages): keys the embedding cache
LAYOUT_VERSION = 1  # PDF characters → the boxes of lines (boxes.py): a change alone keeps the embeddings
SPARSE_VERSION = 1  # chunks → what BM25 indexes (sparse_text): a change alone keeps the embeddings
PIPELINE_VERSION = f"reading-{READING_VERSION}.layout-{LAYOUT_VERSION}.sparse-{SPARSE_VERSION}"
CURRENT = "current"
REBUILD_HINT = "run `assistant index --rebuild` to rebuild it"


class IndexProblem(Exception):
    """The index is missing, stale or damaged; the message says which and how to fix it."""

    @property
    def reason(self) -> str:
        """The message without its fix ("run `assistant index …`"), for a command that is applying it."""
        return str(self).split("; run `assistant index")[0]


class IndexMissing(IndexProblem):
    pass


# --- the loaded index ----------------------------------------------------------

@dataclass
class StoredDocument:
    doc_id: str
    title: str
    path: str
    metadata: dict[str, Any]
    source: str
    references: dict[int, str]  # number → entry text
    reference_fields: dict[int, dict[str, str]]
    boxes: TextBoxes | None = None  # a PDF's: where its lines and characters are printed (boxes.py)


class Index:
    def __init__(self, path: Path, manifest: dict, chunks: list[Chunk], documents: dict[str, StoredDocument],
                 dense: Any, sentence_vectors: np.ndarray, sentence_owner: np.ndarray, bm25: Any):
        self.path = path
        self.manifest = manifest
        self.chunks = chunks
        self.documents = documents
        self.dense = dense
        self.sentence_vectors = sentence_vectors  # one row per sentence, in chunk order
        self.sentence_owner = sentence_owner  # chunk id of each row
        self.sentence_offset = np.searchsorted(sentence_owner, np.arange(len(chunks)))
        # a document's chunks are consecutive: a filter on it is a range of ids
        self.doc_ranges: dict[str, tuple[int, int]] = {}
        for chunk in chunks:
            first, _ = self.doc_ranges.get(chunk.doc_id, (chunk.chunk_id, 0))
            self.doc_ranges[chunk.doc_id] = (first, chunk.chunk_id + 1)
        # the chunk of each bibliography entry, by (document, number): where a citation leads
        self.reference_chunk = {(c.doc_id, c.paragraph): c.chunk_id for c in chunks if c.kind == "reference"}
        self.bm25 = bm25
        self.tokenize = Tokenizer()
        self._naming: dict[str, frozenset[str]] = {}
        self._flat: dict[str, str] = {}
        self._unlocated: dict[str, str] = {}
        self._short_forms: dict[str, tuple[tuple[str, str], ...]] = {}
        self._citing: dict[str, dict[int, tuple[tuple[int, int], ...]]] = {}
        self._flat_chunks: dict[str, tuple[str, list[int]]] = {}
        self._chunk_tokens: dict[int, frozenset[str]] = {}
        self._sentence_tokens: dict[int, tuple[frozenset[str], ...]] = {}
        self._chunk_boxes: dict[int, tuple[Box, ...]] = {}
        self._entry_names: dict[int, frozenset[str]] = {}
        self._byline_names: dict[str, frozenset[str]] = {}
        self._acronyms: dict[tuple[str, str], bool] = {}

    def idf(self, tokens: list[str] | set[str]) -> dict[str, float]:
        """Inverse document frequency of each token (BM25's), from the sparse index itself."""
        n = self.bm25.scores["num_docs"]
        return {token: bm25_idf(n, len(self._postings(token)[0])) for token in tokens}

    def document_bm25(self, tokens: tuple[str, ...] | list[str], doc_id: str) -> dict[int, float]:
        """BM25 of a document's passages with each token's idf taken within that document: {chunk id: score}
        for the passages holding a token. bm25s stores each token's per-passage scores with the library's
        idf built in; each is rescaled by idf_document / idf_library (``bm25_idf`` over the document's
        passages, then over the library's). A word naming the paper ("PbS", "nanocrystals") is in most of its
        passages and counts for little; the word asking ("viscosity") in few, and counts."""
        first, last = self.doc_ranges[doc_id]
        n = self.bm25.scores["num_docs"]
        result: dict[int, float] = {}
        for token in tokens:
            passages, values = self._postings(token)
            inside = (passages >= first) & (passages < last)
            scale = bm25_idf(last - first, int(inside.sum())) / max(bm25_idf(n, len(passages)), 1e-9)
            for passage, value in zip(passages[inside].tolist(), values[inside].tolist()):
                result[passage] = result.get(passage, 0.0) + value * scale
        return result

    def document_idf(self, tokens: list[str] | set[str], doc_id: str) -> dict[str, float]:
        """Inverse document frequency of each token among one document's passages (``bm25_idf``)."""
        first, last = self.doc_ranges[doc_id]
        result = {}
        for token in tokens:
            passages, _ = self._postings(token)
            result[token] = bm25_idf(last - first, int(((passages >= first) & (passages < last)).sum()))
        return result

    def passage_frequency(self) -> dict[str, int]:
        """Of each BM25 token, how many passages hold it."""
        indptr = self.bm25.scores["indptr"]  # a token's start in indices: the last one runs to their end
        counts = np.diff(indptr, append=len(self.bm25.scores["indices"])).tolist()
        return {token: counts[ident] for token, ident in self.bm25.vocab_dict.items()}

    def _postings(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """The passages holding a token and its BM25 score in each (bm25s's sparse matrix, column by token)."""
        scores, ident = self.bm25.scores, self.bm25.vocab_dict.get(token)
        if ident is None:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        lo, hi = scores["indptr"][ident], scores["indptr"][ident + 1]
        return scores["indices"][lo:hi], scores["data"][lo:hi]

    def chunk_tokens(self, chunk_id: int) -> frozenset[str]:
        """The BM25 tokens of a chunk's search text, as a set (computed once per chunk)."""
        if chunk_id not in self._chunk_tokens:
            self._chunk_tokens[chunk_id] = frozenset(self.tokenize(self.chunks[chunk_id].search_text))
        return self._chunk_tokens[chunk_id]

    def sentence_tokens(self, chunk_id: int) -> tuple[frozenset[str], ...]:
        """The BM25 tokens of each of a chunk's sentences (their search texts), as sets, in order."""
        if chunk_id not in self._sentence_tokens:
            self._sentence_tokens[chunk_id] = tuple(frozenset(self.tokenize(text))
                                                    for text in self.chunks[chunk_id].sentence_search_texts)
        return self._sentence_tokens[chunk_id]

    def sentence_vectors_of(self, chunk_id: int) -> np.ndarray:
        """The embeddings of a chunk's sentences, in order."""
        first = self.sentence_offset[chunk_id]
        return self.sentence_vectors[first: first + len(self.chunks[chunk_id].sentences)]

    def paragraph_neighbours(self, chunk_id: int) -> tuple[Chunk, ...]:
        """The windows just before and after a chunk in its paragraph (chunking splits a long paragraph into
        overlapping windows), in text order: () for a paragraph of one window."""
        chunk = self.chunks[chunk_id]
        around = (self.chunks[i] for i in (chunk_id - 1, chunk_id + 1) if 0 <= i < len(self.chunks))
        return tuple(other for other in around
                     if (other.doc_id, other.paragraph, other.kind) == (chunk.doc_id, chunk.paragraph, chunk.kind))

    def mentions(self, doc_id: str, name: str) -> bool:
        """Whether a document's text holds ``name``, as ``text.flat`` writes both, at the start of a word
        ("bazrs3" in "bazrs3-based", not "co3" in "caco3"; its flattened text is kept), or, for a reagent's
        formula, one of its names in words ("k3po4" by "potassium phosphate", ``text.names_in_words``)."""
        source = self._flat_source(doc_id)
        return any(next(_named_at(source, form), None) is not None for form in (name, *names_in_words(name)))

    def writes_acronym(self, doc_id: str, acronym: str) -> bool:
        """Whether a document's text writes a short form in capitals as a word or a word's part, singular or
        plural ("HPLC" in "RP-HPLC", "NBO" in "NBOs"), as written: case-sensitive, "nbo" is no "NBO"; or spells it
        out ("high resolution mass spectroscopy" for "HRMS", ``text.writes_long_form``) or, for a reagent, names it in
        words ("potassium hydroxide" for "KOH", ``text.names_in_words``)."""
        key = (doc_id, acronym)
        if key not in self._acronyms:
            source = self.documents[doc_id].source
            written = re.compile(rf"(?<![A-Za-z]){re.escape(acronym)}s?(?![A-Za-z])")
            self._acronyms[key] = (written.search(source) is not None or writes_long_form(source, acronym)
                                   or any(name in self._flat_source(doc_id) for name in names_in_words(acronym)))
        return self._acronyms[key]

    # letters of a stem that stands for a chemical name written longer ("azaoxatitanacycl"): a short one ("acet" of
    # "acetate") is part of many names
    NAME_STEM = 10

    # what may stand between the two words ``uses`` reads a term as (``text.two_word_splits``): a space, or a bracket
    # closing on a substituent's next part ("trifluoromethylphenyl" of "4-(trifluoromethyl)phenyl")
    BETWEEN_PARTS = (" ", ")")

    def uses(self, doc_id: str, term: str) -> bool:
        """Whether a document writes ``term`` (a lower-case word) in some form: inside a word of its flattened
        text ("cyanobenzamide" in "N-allyl-3-cyanobenzamide"), as two words ("wavenumber" of "wave numbers", a
        substituent's "trifluoromethylphenyl" of "(trifluoromethyl)phenyl") or
        as the BM25 token of one of its passages ("dibrominated" by "dibromination", one stem), in British or
        American spelling ("copolymerisation"), or, for a reagent, by another of its names ("Et3N" for
        "triethylamine", ``text.written_forms``)."""
        variants, source = written_forms(term), self._flat_source(doc_id)
        if any(variant in source for variant in variants):
            return True
        if any(f"{first}{between}{second}" in source for between in self.BETWEEN_PARTS
               for variant in variants for first, second in two_word_splits(variant)):
            return True
        stems = self.tokenize(" ".join(variants))
        # a ring or a class named without the locants and the suffix of the name the paper writes:
        # "azaoxatitanacycle" of "2-aza-6-oxa-1-titanacyclohex-2-ene", by its stem
        if any(len(stem) >= self.NAME_STEM and stem in self._source_without_locants(doc_id) for stem in stems):
            return True
        first, last = self.doc_ranges[doc_id]
        return any(((passages >= first) & (passages < last)).any()
                   for token in stems for passages in [self._postings(token)[0]])

    def writes_number_near(self, chunk_id: int, number: str) -> bool:
        """Whether ``number`` ("0.5", "~29": ``number_writer``) is written in a passage or the passage before it, or,
        of a table's row, anywhere in its table (``_near``)."""
        writes = number_writer(number)
        return any(writes(self.chunks[i].search_text) for i in self._near(chunk_id))

    def writing_all(self, doc_id: str, numbers: tuple[str, ...]) -> tuple[int, ...]:
        """The ids of a document's passages of text (``TEXT_KINDS``: a table's row too) that write every one of
        ``numbers`` (as ``writes_number_near`` reads a number), in order."""
        writers = [number_writer(n) for n in numbers]
        first, last = self.doc_ranges[doc_id]
        return tuple(i for i in range(first, last) if self.chunks[i].kind in TEXT_KINDS
                     and all(writes(self.chunks[i].search_text) for writes in writers))

    def short_forms(self, doc_id: str) -> tuple[tuple[str, str], ...]:
        """The short forms a document defines ("quantum dots (QDs)"), as (short form, long form) pairs
        (``text.defined_short_forms``), found once and kept."""
        if doc_id not in self._short_forms:
            self._short_forms[doc_id] = defined_short_forms(self.documents[doc_id].source)
        return self._short_forms[doc_id]

    def _source_without_locants(self, doc_id: str) -> str:
        """A document's source as ``text.without_locants`` writes it, made once and kept."""
        if doc_id not in self._unlocated:
            self._unlocated[doc_id] = without_locants(self.documents[doc_id].source)
        return self._unlocated[doc_id]

    def _flat_source(self, doc_id: str) -> str:
        """A document's source as ``text.flat`` writes it, made once and kept."""
        if doc_id not in self._flat:
            self._flat[doc_id] = flat(self.documents[doc_id].source)
        return self._flat[doc_id]

    def _flat_passages(self, doc_id: str) -> tuple[str, list[int]]:
        """A document's passages as ``mentioned_near`` reads them (section heading and search text, which holds
        a table row's title and header), flattened and joined by newlines, and where each starts: one scan of
        the whole finds the passages naming a thing (``mention_share``), kept for the document."""
        if doc_id not in self._flat_chunks:
            first, last = self.doc_ranges[doc_id]
            texts = [flat(f"{c.section} {c.search_text}") for c in self.chunks[first:last]]
            starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
            self._flat_chunks[doc_id] = ("\n".join(texts), starts)
        return self._flat_chunks[doc_id]

    def _passage_names(self, chunk_id: int, name: str) -> bool:
        doc_id = self.chunks[chunk_id].doc_id
        text, starts = self._flat_passages(doc_id)
        i = chunk_id - self.doc_ranges[doc_id][0]
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
        return next(_named_at(text, name, starts[i], end), None) is not None

    def mentioned_near(self, chunk_id: int, name: str) -> bool:
        """Whether ``name`` (as ``text.flat`` writes it) is in a passage, its section's heading or the passage
        before it in its document: where the thing a passage speaks of is named ("In Wood's route to K252a …"
        / "The two enantiomeric furanose building blocks were obtained in …"). A table's row names what the
        whole table does: its caption, header, other rows and notes ("Table 2 … ^{c} … to catalyst 1_{CaCo}")."""
        return any(self._passage_names(i, name) for i in self._near(chunk_id))

    def _near(self, chunk_id: int) -> list[int]:
        """The passages where what a passage speaks of is said: it and the one before it in its document, or, of
        a table's row, its whole table with the caption before it (``_table_of``)."""
        doc_id = self.chunks[chunk_id].doc_id
        return [i for i in self._table_of(chunk_id) or (chunk_id - 1, chunk_id)
                if i >= 0 and self.chunks[i].doc_id == doc_id]

    def _table_of(self, chunk_id: int) -> range | None:
        """The chunks of the table a row belongs to, the caption before its first row among them; None for a
        chunk of no table."""
        chunks = self.chunks
        if chunks[chunk_id].kind != "table":
            return None
        first, last = self.doc_ranges[chunks[chunk_id].doc_id]
        start = next((i + 1 for i in range(chunk_id - 1, first - 1, -1) if chunks[i].kind != "table"), first)
        end = next((i for i in range(chunk_id + 1, last) if chunks[i].kind != "table"), last)
        return range(start - 1, end)

    def table_header(self, chunk_id: int) -> Chunk | None:
        """The first row of the table a row belongs to, which chunking reads as its column headers ("Entry
        Catalyst TON PS [%] …"); None for a chunk of no table or the first row itself."""
        table = self._table_of(chunk_id)
        header = table.start + 1 if table is not None else chunk_id
        return self.chunks[header] if header != chunk_id else None

    def table_caption(self, chunk_id: int) -> Chunk | None:
        """The caption set above the table a row belongs to ("Tab. 4. Copolymerization reactivity ratios …"); None
        for a chunk of no table or a table without one."""
        table = self._table_of(chunk_id)
        # a table opening its document has the chunk before the document (another's, or none) at table.start
        caption = self.chunks[table.start] if table is not None and table.start >= 0 else None
        return (caption if caption is not None and caption.kind == "caption"
                and caption.doc_id == self.chunks[chunk_id].doc_id else None)

    def table_rows_above(self, chunk_id: int) -> list[Chunk]:
        """The rows of the table a row belongs to that stand above it, first row first; [] for a chunk of no
        table."""
        table = self._table_of(chunk_id)
        return [] if table is None else [self.chunks[i] for i in range(table.start + 1, chunk_id)]

    def mention_share(self, doc_id: str, name: str) -> float:
        """The share of a document's passages naming ``name`` (as ``mentioned_near`` reads them), in [0, 1]."""
        text, starts = self._flat_passages(doc_id)
        named = {bisect.bisect_right(starts, at) - 1 for at in _named_at(text, name)}
        return len(named) / max(1, len(starts))

    def naming_tokens(self, doc_id: str) -> frozenset[str]:
        """The BM25 tokens of a document's title that tell it from the library's other documents: held by
        no more of them than NAMING_SHARE (and by no other in a small library). They are the words a question
        names the paper by ("PbS", "nanocrystals"), not words many papers use ("clusters" in a library of
        cluster papers); a library of one document has none."""
        if doc_id not in self._naming:
            starts = np.array(sorted(first for first, _ in self.doc_ranges.values()))
            documents = len(self.documents)
            limit = max(1.0, NAMING_SHARE * documents) if documents > 1 else 0.0
            self._naming[doc_id] = frozenset(
                t for t in self.tokenize(normalize(self.documents[doc_id].title))
                if len(set(np.searchsorted(starts, self._postings(t)[0], side="right").tolist())) <= limit)
        return self._naming[doc_id]

    def metadata_chunk(self, doc_id: str) -> Chunk | None:
        """The chunk of a document's metadata lines (title, authors, DOI, dates), if it has any."""
        first, last = self.doc_ranges[doc_id]
        return next((c for c in self.chunks[first:last] if c.kind == "metadata"), None)

    def boxes_of(self, doc_id: str, spans: tuple[Span, ...] | list[Span]) -> tuple[Box, ...]:
        """Where the spans of a document are printed, one rectangle per line; () for a text document."""
        layout = self.documents[doc_id].boxes
        return layout.rects(spans) if layout is not None else ()

    def chunk_boxes(self, chunk: Chunk) -> tuple[Box, ...]:
        """``boxes_of`` a chunk's spans (computed once per chunk: every answer lists ten passages with theirs)."""
        if chunk.chunk_id not in self._chunk_boxes:
            self._chunk_boxes[chunk.chunk_id] = self.boxes_of(chunk.doc_id, chunk.spans)
        return self._chunk_boxes[chunk.chunk_id]

    def entry_records(self, chunk: Chunk) -> tuple[tuple[str, str], ...]:
        """(year, journal) of a reference entry and of each of its sub-items ("(a) …; (b) …"), as parsed
        (``references.parse_reference``); () for any other chunk."""
        if chunk.kind != "reference":
            return ()
        fields = self.documents[chunk.doc_id].reference_fields.get(chunk.paragraph)
        if not fields:
            return ()
        return tuple((f.get("year", ""), f.get("journal", "")) for f in (fields, *fields.get("parts", ())))

    @staticmethod
    def note_records(chunk: Chunk) -> tuple[tuple[str, str], ...]:
        """(year, journal) of each work a reference note cites among its own words
        (``references.works_cited_in_note``: "… has been reported: James, B. D.; … Inorg. Chem. 1967, 6, …");
        () for an entry of one work or its sub-items, and for any other chunk."""
        if chunk.kind != "reference":
            return ()
        return tuple((f.get("year", ""), f.get("journal", "")) for f in works_cited_in_note(chunk.text))

    def entry_names(self, chunk: Chunk) -> frozenset[str]:
        """The names of a reference entry's authors and editors (``references.entry_name_keys``), read once and
        kept; empty for any other chunk."""
        if chunk.chunk_id not in self._entry_names:
            fields = (self.documents[chunk.doc_id].reference_fields.get(chunk.paragraph)
                      if chunk.kind == "reference" else None)
            self._entry_names[chunk.chunk_id] = entry_name_keys(fields, chunk.text) if fields else frozenset()
        return self._entry_names[chunk.chunk_id]

    def cited_authors(self, names: tuple[frozenset[str], ...], doc_id: str) -> frozenset[str]:
        """Of the names a question gives for a cited work's authors (``Query.names``: those marked as authors, then
        the others), the first group holding any not on the document's own byline, less those; empty if none."""
        own = self.byline_names(doc_id)
        return next((group - own for group in names if group - own), frozenset())

    def byline_names(self, doc_id: str) -> frozenset[str]:
        """The family names on a document's byline (``references.name_keys``), read once and kept: asked for each
        sentence a question's names are weighed in. A byline writes the given name first, and a given name is no
        author's name in a question: "Thomas's synthesis" in a review by Thomas Magauer is another's."""
        if doc_id not in self._byline_names:
            authors = self.documents[doc_id].metadata.get("authors", [])
            self._byline_names[doc_id] = name_keys(" ".join(name.split(maxsplit=1)[-1] for a in authors
                                                            if (name := a.get("name", "").strip())))
        return self._byline_names[doc_id]

    def named_before(self, chunk_id: int, name: str, passages: int) -> bool:
        """Whether ``name`` (as ``text.flat`` writes it) is in a passage or one of the ``passages`` before it in
        its section: where whose work a passage recounts is named ("In 2011, Katoh reported …" and, two
        passages on, its yield)."""
        chunk = self.chunks[chunk_id]
        first = self.doc_ranges[chunk.doc_id][0]
        return any(self._passage_names(i, name) for i in range(max(first, chunk_id - passages), chunk_id + 1)
                   if self.chunks[i].section == chunk.section)

    @functools.cached_property
    def entry_venues(self) -> frozenset[tuple[str, ...]]:
        """The journals of the library's reference entries, as ``references.venue_readings``; made once."""
        return frozenset(read for c in self.chunks for _, journal in self.entry_records(c) if journal
                         for read in venue_readings(journal))

    def citing_sentences(self, doc_id: str) -> dict[int, tuple[tuple[int, int], ...]]:
        """Of each reference number, the sentences of the document's text that cite it: (chunk id, sentence
        index in the chunk); made once per document and kept."""
        if doc_id not in self._citing:
            found: dict[int, list[tuple[int, int]]] = {}
            first, last = self.doc_ranges[doc_id]
            for chunk in self.chunks[first:last]:
                if chunk.kind in TEXT_KINDS:
                    for j, sentence in enumerate(chunk.sentences):
                        for n in sentence.citations:
                            found.setdefault(n, []).append((chunk.chunk_id, j))
            self._citing[doc_id] = {n: tuple(places) for n, places in found.items()}
        return self._citing[doc_id]

    def references_of(self, chunk: Chunk) -> tuple[ReferenceEntry, ...]:
        refs = self.documents[chunk.doc_id].references
        return tuple(ReferenceEntry(n, refs[n]) for n in chunk.citations if n in refs)


_A_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?(?!\d|[.,]\d)")  # "28.8", "45,3"; not the "0.5" of "10.5"
# how far a number written may lie from an approximate one stated, as a share of it, where that is wider than
# rounding allows: "near 1300 nm" is 1290 nm; a listing's neighbouring shifts lie further apart than this ("near
# 5.8 ppm" is 5.82, not 5.92)
APPROXIMATE_SHARE = 0.02


def number_writer(number: str) -> Callable[[str], bool]:
    """Whether a text writes ``number`` ("0.5", a decimal point; as "0.5" or "0,5", not inside "10.5" or "0.55"),
    or, for one stated as approximate ("~29", ``Query.values``), any number within half a unit of its last digit
    or ``APPROXIMATE_SHARE`` of it, whichever is wider ("28.8")."""
    if number.startswith("~"):
        stated = float(number[1:])
        decimals = len(number.partition(".")[2])
        within = max(0.5 * 10 ** -decimals, APPROXIMATE_SHARE * stated)
        return lambda text: any(abs(float(m.replace(",", ".")) - stated) <= within for m in _A_NUMBER.findall(text))
    whole, _, fraction = number.partition(".")
    digits = rf"{whole}[.,]{fraction}" if fraction else whole
    written = re.compile(rf"(?<![\d.,]){digits}(?!\d|[.,]\d)")
    return lambda text: written.search(text) is not None


# "N-allyl", "O-methyl", "S-phenyl": flattened, a heteroatom's locant opens the word the name stands in ("nallyl");
# the names looked for are technical terms and substances, which such a letter does not open otherwise
HETEROATOM_LOCANTS = "nosp"


def _named_at(text: str, name: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Where ``name`` (flattened) stands in ``text[start:end]`` at the start of a word: "bazrs3" in
    "bazrs3-based", not "co3" in "caco3"; a name of letters alone also after a locant ("dioxane" in
    "1,4-dioxane", flattened "1,4dioxane"; "allyl" in "N-allyl", flattened "nallyl", ``HETEROATOM_LOCANTS``),
    where a formula's digits stay part of the formula ("co3" not in "k2co3"). A plain substring search
    (str.find) and a look at the character before: a regular expression opening with a lookbehind scans a long
    text several times slower."""
    end = len(text) if end is None else end
    after_digit = name.isalpha()
    at = text.find(name, start, end)
    while at >= 0:
        if at == 0 or not ("a" <= text[at - 1] <= "z" or (not after_digit and "0" <= text[at - 1] <= "9")):
            yield at
        elif after_digit and text[at - 1] in HETEROATOM_LOCANTS and (at == 1 or not text[at - 2].isalnum()):
            yield at
        at = text.find(name, at + 1, end)


# --- building ------------------------------------------------------------------

def bm25_idf(passages: int, holding: int) -> float:
    """BM25's idf of a token held by ``holding`` of ``passages``: ln(1 + (N − n + 0.5) / (n + 0.5)), the Lucene
    variant that bm25s uses by default (Kamphuis et al., ECIR 2020), so that it matches the stored scores."""
    return float(np.log(1 + (passages - holding + 0.5) / (holding + 0.5)))


def idf_share(words: set[str] | frozenset[str], of: set[str] | frozenset[str], idf: dict[str, float]) -> float:
    """The idf-weighted share of the tokens ``of`` that ``words`` hold, in [0, 1]. Summed exactly (math.fsum):
    a set's order changes from one process to the next with the hash seed, and a float sum in another order
    can differ in its last bit, enough to break a tie between two cuts of a sentence the other way."""
    return math.fsum(idf[t] for t in of & words) / max(1e-9, math.fsum(idf[t] for t in of))


def sparse_text(chunk: Chunk) -> str:
    """What BM25 indexes of a chunk: its search text, after the name of its section for text of the paper
    ("Acknowledgments", "Experimental Section", "Conclusions"), so that a question naming the section ("Who is
    acknowledged …", "in the experimental part") finds its passages: BM25F's fields, here concatenated
    (Robertson, Zaragoza & Taylor 2004, "Simple BM25 extension to multiple weighted fields")."""
    return f"{chunk.section} {chunk.search_text}" if chunk.section and chunk.kind in TEXT_KINDS else chunk.search_text


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_state(corpus_dir: Path) -> dict[str, str]:
    """Hash of every corpus file, by file name."""
    if not corpus_dir.is_dir():
        raise IndexProblem(f"the corpus directory {corpus_dir} does not exist")
    state = {}
    for path in corpus_files(corpus_dir):
        try:
            state[path.name] = file_sha256(path)
        except OSError:
            state[path.name] = "unreadable"
    return state


def _faiss_factory(config: Config, n: int) -> str:
    factory = config.index.faiss_factory
    if factory == "auto":
        return "Flat" if n <= config.index.auto_exact_max else config.index.auto_approximate
    return factory


def _set_search_parameters(index: Any, config: Config) -> None:
    import faiss

    space = faiss.ParameterSpace()
    for name, value in (("efSearch", config.index.hnsw_ef_search), ("nprobe", config.index.ivf_nprobe)):
        try:
            space.set_index_parameter(index, name, value)
        except RuntimeError:
            pass  # the parameter does not apply to this index type


def build_index(config: Config, encoder: Any, log: Callable[[str], None] = print,
                progress: bool = True) -> tuple[Path, list[str]]:
    """Build the index of every readable corpus file; returns its path and the problems met.

    Unreadable files are skipped with a message naming them; when no document
    is left, nothing is written and the previous index stays in place.
    """
    import bm25s
    import faiss

    started = time.time()
    if not config.corpus_dir.is_dir():
        raise IndexProblem(f"the corpus directory {config.corpus_dir} does not exist")
    state: dict[str, str] = {}  # what was read, so a file that vanished mid-build is not recorded
    documents: list[Document] = []
    problems: list[str] = []
    for path in corpus_files(config.corpus_dir):
        try:
            digest = file_sha256(path)
        except OSError:
            problems.append(f"{path}: removed or unreadable while indexing")
            log(f"skipped: {problems[-1]}")
            continue
        state[path.name] = digest
        try:
            # a text file is checked before it is read; a PDF's size says little, so its text is checked
            is_pdf = path.suffix.lower() == ".pdf"
            if not is_pdf:
                _check_size(path, path.stat().st_size, config.max_file_mb)
            document = load_document(path)
            if is_pdf:
                _check_size(path, len(document.source.encode("utf-8")), config.max_file_mb)
            documents.append(document)
        except (CorpusError, OSError) as exc:
            problems.append(str(exc) if isinstance(exc, CorpusError) else f"{path}: cannot be read ({exc})")
            log(f"skipped: {problems[-1]}")
    if not documents:
        raise IndexProblem(
            f"no readable document in {config.corpus_dir}"
            + (": " + "; ".join(problems) if problems else " (add .txt or .md files)")
            + "; the previous index, if any, is unchanged"
        )

    stems = [d.doc_id for d in documents]
    for document in documents:  # "a.txt" and "a.md": both ids become the file names
        if stems.count(document.doc_id) > 1:
            document.doc_id = Path(document.path).name

    chunks: list[Chunk] = []
    vectors: list[tuple[np.ndarray, np.ndarray]] = []
    indexed_documents: dict[str, dict] = {}  # for the manifest
    cache_keys: set[str] = set()
    embedded = 0
    for document in documents:
        own = chunk_document(document, config.chunking, first_id=len(chunks))
        chunks.extend(own)
        file = Path(document.path).name
        cache_keys.add(_cache_key(config, state[file]))
        chunk_vectors, sentence_vectors, count, when = _cached_vectors(config, state[file], own, encoder, log,
                                                                       progress)
        embedded += count
        indexed_documents[document.doc_id] = {"file": file, "title": document.title, "indexed_at": when,
                                              "chunks": len(own)}
        vectors.append((chunk_vectors, sentence_vectors))
    chunk_vectors = np.concatenate([v[0] for v in vectors])
    sentence_vectors = np.concatenate([v[1] for v in vectors])
    owners = np.array([c.chunk_id for c in chunks for _ in c.sentence_search_texts], dtype=np.int64)
    log(f"embedded {embedded} new text(s); {len(chunks)} passages and {len(owners)} sentences in all")
    factory = _faiss_factory(config, len(chunks))
    dense = faiss.index_factory(encoder.dimension, factory, faiss.METRIC_INNER_PRODUCT)
    if not dense.is_trained:
        dense.train(chunk_vectors)
    dense.add(chunk_vectors)

    tokenize = Tokenizer()
    bm25 = bm25s.BM25(k1=config.index.bm25_k1, b=config.index.bm25_b)
    bm25.index([tokenize(sparse_text(c)) or ["\x00empty"] for c in chunks], show_progress=False)

    config.index_dir.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".build-", dir=config.index_dir))
    try:
        faiss.write_index(dense, str(build / "dense.faiss"))
        np.save(build / "sentences.npy", sentence_vectors)
        np.save(build / "sentence_owner.npy", owners)
        bm25.save(str(build / "bm25"), show_progress=False)
        with (build / "chunks.jsonl").open("w", encoding="utf-8") as out:
            for chunk in chunks:
                out.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
        (build / "documents.json").write_text(json.dumps([_stored(d) for d in documents], ensure_ascii=False))
        save_boxes(build / "boxes.npz", {d.doc_id: d.boxes for d in documents if d.boxes is not None})
        indexed = {Path(d.path).name for d in documents}
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": round(time.time() - started, 2),
            "model": config.model,
            "dimension": encoder.dimension,
            "faiss_factory": factory,
            "fingerprint": config.index_fingerprint(),
            "pipeline_version": PIPELINE_VERSION,
            "chunking": asdict(config.chunking),
            "index_settings": asdict(config.index),
            "corpus": {name: {"sha256": digest, "indexed": name in indexed} for name, digest in state.items()},
            "problems": problems,
            "counts": {"documents": len(documents), "chunks": len(chunks), "sentences": len(owners)},
            "documents": indexed_documents,
            "files": {str(p.relative_to(build)): file_sha256(p) for p in sorted(build.rglob("*")) if p.is_file()},
        }
        (build / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        _publish(config.index_dir, build)
        _prune_cache(config, cache_keys)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    log(f"indexed {len(documents)} document(s), {len(chunks)} chunks in {time.time() - started:.1f}s "
        f"→ {config.index_dir / CURRENT}")
    return config.index_dir / CURRENT, problems


def _check_size(path: Path, size: int, max_mb: float) -> None:
    if size > max_mb * 2**20:
        raise CorpusError(f"{path}: {size / 2**20:.0f} MB of text is over max_file_mb ({max_mb:g} MB in "
                          "assistant.yaml); embedding it would take hours on a small machine: split the file "
                          "or raise the limit")


# --- embedding cache: incremental and resumable builds -------------------------
# Each document's embeddings are kept under index/cache, keyed by the file's
# hash and the settings: a rebuild embeds only new or changed files, and a
# build that was interrupted resumes from the documents it had finished.

def _cache_key(config: Config, file_digest: str) -> str:
    return f"{file_digest[:32]}-{config.embedding_fingerprint()}-reading-{READING_VERSION}"


def _cached_vectors(config: Config, file_digest: str, chunks: list[Chunk], encoder: Any,
                    log: Callable[[str], None], progress: bool) -> tuple[np.ndarray, np.ndarray, int, str]:
    """(chunk vectors, sentence vectors, number of texts embedded now, when they were embedded)."""
    path = config.index_dir / "cache" / f"{_cache_key(config, file_digest)}.npz"
    sentences = [t for c in chunks for t in c.sentence_search_texts]
    when = lambda: time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(path.stat().st_mtime))
    try:
        with np.load(path) as cached:
            if len(cached["chunks"]) == len(chunks) and len(cached["sentences"]) == len(sentences):
                return cached["chunks"], cached["sentences"], 0, when()
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass  # not cached yet, or a damaged entry: embed again
    doc_id = chunks[0].doc_id if chunks else "?"
    log(f"embedding {doc_id}: {len(chunks)} passages, {len(sentences)} sentences")
    vectors = encoder.encode([c.search_text for c in chunks] + sentences, progress=progress)
    result = vectors[: len(chunks)], vectors[len(chunks):]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp.npz")
    np.savez(partial, chunks=result[0], sentences=result[1])
    os.replace(partial, path)
    return result[0], result[1], len(vectors), when()


def _prune_cache(config: Config, keep: set[str]) -> None:
    for entry in (config.index_dir / "cache").glob("*.npz"):
        if entry.name.removesuffix(".npz") not in keep:
            entry.unlink(missing_ok=True)


def _stored(document: Document) -> dict:
    return {
        "doc_id": document.doc_id, "title": document.title, "path": document.path,
        "metadata": document.metadata, "source": document.source,
        "references": {r.number: r.text for r in document.references},
        "reference_fields": {
            r.number: {k: v for k, v in asdict(r).items() if k not in ("number", "text", "spans")}
            for r in document.references
        },
    }


def _publish(index_dir: Path, build: Path) -> None:
    """Point ``current`` at the new build atomically, then delete older builds."""
    final = index_dir / build.name.replace(".build-", "build-", 1)
    os.rename(build, final)
    link = index_dir / f".{CURRENT}.tmp"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(final.name)
    os.replace(link, index_dir / CURRENT)
    for old in index_dir.glob("build-*"):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    for stale_tmp in index_dir.glob(".build-*"):
        if time.time() - stale_tmp.stat().st_mtime > 3600:  # left by a killed build
            shutil.rmtree(stale_tmp, ignore_errors=True)


# --- loading and checking --------------------------------------------------------

def check_index(config: Config) -> dict:
    """The manifest of the current index, after checking it matches the corpus, the config and its files."""
    path = config.index_dir / CURRENT
    manifest_path = path / "manifest.json"
    if not manifest_path.exists():
        raise IndexMissing(f"no index in {config.index_dir}; run `assistant index` to build it")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexProblem(f"the index manifest {manifest_path} is unreadable ({exc}); {REBUILD_HINT}") from exc
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise IndexProblem(f"the index was built by another version (schema {manifest.get('schema_version')}, "
                          f"expected {SCHEMA_VERSION}); {REBUILD_HINT}")
    if manifest.get("model") != config.model or manifest.get("fingerprint") != config.index_fingerprint():
        raise IndexProblem(f"the index was built with other settings (model {manifest.get('model')!r}, "
                          f"settings {manifest.get('fingerprint')}) than the config (model {config.model!r}, "
                          f"settings {config.index_fingerprint()}); {REBUILD_HINT}")
    if manifest.get("pipeline_version") != PIPELINE_VERSION:
        raise IndexProblem("the index was built by a different version of the ingestion code; " + REBUILD_HINT)
    built = {name: entry["sha256"] for name, entry in manifest.get("corpus", {}).items()}
    now = corpus_state(config.corpus_dir)
    if built != now:
        changes = sorted(
            [f"{n} added" for n in now.keys() - built.keys()]
            + [f"{n} removed" for n in built.keys() - now.keys()]
            + [f"{n} changed" for n in now.keys() & built.keys() if now[n] != built[n]]
        )
        raise IndexProblem(f"the corpus changed since the index was built ({', '.join(changes)}); {REBUILD_HINT}")
    for name, digest in manifest.get("files", {}).items():
        file = path / name
        if not file.is_file():
            raise IndexProblem(f"the index file {file} is missing; {REBUILD_HINT}")
        if file_sha256(file) != digest:
            raise IndexProblem(f"the index file {file} is damaged (its content does not match the manifest); "
                              f"{REBUILD_HINT}")
    return manifest


def load_index(config: Config) -> Index:
    import bm25s
    import faiss

    manifest = check_index(config)
    path = (config.index_dir / CURRENT).resolve()
    try:
        dense = faiss.read_index(str(path / "dense.faiss"))
        _set_search_parameters(dense, config)
        chunks = [_chunk(json.loads(line)) for line in (path / "chunks.jsonl").open(encoding="utf-8")]
        documents = {d["doc_id"]: _document(d) for d in json.loads((path / "documents.json").read_text("utf-8"))}
        for doc_id, layout in load_boxes(path / "boxes.npz").items():
            documents[doc_id].boxes = layout
        bm25 = bm25s.BM25.load(str(path / "bm25"), show_progress=False, verbosity=0)
        sentence_vectors = np.load(path / "sentences.npy")
        owners = np.load(path / "sentence_owner.npy")
    except Exception as exc:  # noqa: BLE001 - whatever broke, the fix is the same
        raise IndexProblem(f"the index in {path} cannot be loaded ({exc}); {REBUILD_HINT}") from exc
    if dense.ntotal != len(chunks) or len(sentence_vectors) != len(owners):
        raise IndexProblem(f"the index in {path} is inconsistent; {REBUILD_HINT}")
    return Index(path, manifest, chunks, documents, dense, sentence_vectors, owners, bm25)


def _spans(raw: list) -> tuple:
    return tuple(tuple(span) for span in raw)


def _chunk(data: dict) -> Chunk:
    data["spans"] = _spans(data["spans"])
    data["sentences"] = tuple(
        Sentence(_spans(s["spans"]), tuple(s["citations"]), s["label"]) for s in data["sentences"]
    )
    data["citations"] = tuple(data["citations"])
    data["sentence_search_texts"] = tuple(data["sentence_search_texts"])
    return Chunk(**data)


def _document(data: dict) -> StoredDocument:
    return StoredDocument(
        doc_id=data["doc_id"], title=data["title"], path=data["path"], metadata=data["metadata"],
        source=data["source"], references={int(k): v for k, v in data["references"].items()},
        reference_fields={int(k): v for k, v in data["reference_fields"].items()},
    )


def index_is_current(config: Config) -> bool:
    try:
        check_index(config)
        return True
    except IndexProblem:
        return False

