"""Question (+ history) → ranked chunks: dense and BM25 retrieval, fused.

A follow-up ("What were its advantages?") carries little of its own
meaning, so when a question is short or leans on a pronoun, the previous
question is folded into both the dense query and the BM25 scores.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .answer_types import asks_for_publication
from .config import RetrievalConfig
from .embedding import Encoder
from .index import Index
from .text import element_symbols, normalize
from .types import TEXT_KINDS

_ANAPHORA = re.compile(
    r"\b(it|its|they|their|theirs|them|this|that|these|those|he|she|his|her|hers|such|the same|the former|the latter)\b",
    re.I,
)


# "reference 12", "ref. 3", "citation 7": the question names an entry of the reference list.
_REFERENCE_NUMBER = re.compile(r"\b(?:ref(?:erence)?s?\.?|citations?)\s*(?:no\.?|number|#)?\s*(\d{1,4})\b", re.I)


@dataclass(frozen=True)
class Query:
    question: str  # as asked (after truncation)
    search_text: str  # what the dense model reads: normalized, with the context for a follow-up
    tokens: tuple[str, ...]
    context_tokens: tuple[str, ...]  # tokens of the previous question, for a follow-up
    vector: np.ndarray
    own_vector: np.ndarray  # the question alone: it, not the history, picks the answer sentence
    previous_vector: np.ndarray | None = None  # for a follow-up: what was already asked
    reference_numbers: tuple[int, ...] = ()  # reference entries the question names
    asks_publication: bool = False  # asks for a paper or its details: a bibliographic record answers


@dataclass(frozen=True)
class Hit:
    chunk_id: int
    score: float  # fused


def _reference_numbers(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in _REFERENCE_NUMBER.findall(text))


def with_element_symbols(text: str) -> str:
    """A question naming elements, with their symbols added: papers write "Pt–SiO₂", people ask about
    "platinum and silica". "tin at the platinum surface" → "tin at the platinum surface (Sn Pt)"."""
    names = element_symbols()
    symbols = dict.fromkeys(names[word] for word in re.findall(r"[a-z]+", text.lower())
                            if word in names and word != "lead")  # far more often the verb
    new = [s for s in symbols if not re.search(rf"(?<![A-Za-z]){s}(?![a-z])", text)]
    return f"{text} ({' '.join(new)})" if new else text


def is_followup(question: str, tokens: list[str], max_words: int) -> bool:
    return len(tokens) <= max_words or bool(_ANAPHORA.search(question))


class Retriever:
    def __init__(self, index: Index, encoder: Encoder, config: RetrievalConfig, max_query_chars: int):
        self.index = index
        self.encoder = encoder
        self.config = config
        self.max_query_chars = max_query_chars

    def query(self, question: str, history: list[str] | tuple[str, ...] = ()) -> Query:
        question = question[: self.max_query_chars]
        asked = normalize(question)
        text = with_element_symbols(asked)
        tokens = self.index.tokenize(text)
        previous = next((h for h in reversed(history) if h.strip()), None)
        own_vector = self.encoder.encode_query(text)
        if not (previous and is_followup(asked, self.index.tokenize(asked), self.config.followup_max_words)):
            return Query(question, text, tuple(tokens), (), own_vector, own_vector, None, _reference_numbers(text),
                         asks_for_publication(text))
        previous_text = with_element_symbols(normalize(previous[: self.max_query_chars]))
        combined = f"{previous_text} {text}"
        return Query(question, combined, tuple(tokens), tuple(self.index.tokenize(previous_text)),
                     self.encoder.encode_query(combined), own_vector, self.encoder.encode_query(previous_text),
                     _reference_numbers(combined), asks_for_publication(text))

    def sparse_scores(self, tokens: tuple[str, ...]) -> np.ndarray:
        if not tokens:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        return self.index.bm25.get_scores(list(tokens))

    def search(self, query: Query, method: str = "hybrid", doc_id: str | None = None) -> list[Hit]:
        """Fused candidates, best first, optionally within one document.

        ``method`` is "hybrid", "dense" or "bm25" (the last two for the benchmark).
        """
        import faiss

        first, last = self.index.doc_ranges[doc_id] if doc_id else (0, len(self.index.chunks))
        candidates = min(self.config.candidates, last - first)
        params = faiss.SearchParameters(sel=faiss.IDSelectorRange(first, last)) if doc_id else None
        dense_scores, dense_ids = self.index.dense.search(query.vector.reshape(1, -1), candidates, params=params)
        dense = {int(i): float(s) for i, s in zip(dense_ids[0], dense_scores[0]) if i >= 0}
        sparse_all = self.sparse_scores(query.tokens)
        if query.context_tokens:
            sparse_all = sparse_all + self.config.history_weight * self.sparse_scores(query.context_tokens)
        if doc_id:
            sparse_all[:first] = 0.0
            sparse_all[last:] = 0.0
        # top-k among the non-zero scores only: argpartition over a million mostly-zero
        # scores takes ~250 ms, over the few thousand non-zero ones ~1 ms (bench/SCALE.md)
        matched = np.flatnonzero(sparse_all)
        if len(matched) > candidates:
            matched = matched[np.argpartition(-sparse_all[matched], candidates - 1)[:candidates]]
        sparse = {int(i): float(sparse_all[i]) for i in matched}
        if method != "bm25" and self.config.sentence_weight:
            pool = dense.keys() | sparse.keys() if method == "hybrid" else dense.keys()
            best = self._best_sentence(query, pool)
            w = self.config.sentence_weight
            dense = {i: (1 - w) * dense.get(i, 0.0) + w * best[i] for i in pool}

        if method == "dense":
            fused = dict(dense)
        elif method == "bm25":
            fused = dict(sparse)
        else:
            fused = self._structure(self._fuse(dense, sparse), query, first, last)
        ranked = sorted(fused, key=lambda i: (-fused[i], i))
        return [Hit(i, fused[i]) for i in ranked]

    def _best_sentence(self, query: Query, ids) -> dict[int, float]:
        """Each passage's best sentence cosine to the question. A paragraph's own vector
        averages its sentences, so the one sentence that answers is diluted by the rest."""
        return {i: float((self.index.sentence_vectors_of(i) @ query.vector).max(initial=-1.0)) for i in ids}

    def _structure(self, fused: dict[int, float], query: Query, first: int, last: int) -> dict[int, float]:
        """Use the document's structure: a body passage inherits part of the evidence
        of the entries it cites (it discusses that paper); an entry the question
        names by number comes first; a question asking for a paper, or a follow-up,
        may ask about the papers that the leading passage cites ("Which study is
        cited for the gas-phase work?", "Where was that review published?")."""
        chunks, config = self.index.chunks, self.config
        top = max(fused.values(), default=1.0)
        entry = self.index.reference_chunk  # (document, number) → chunk id
        result = {}
        for i, score in fused.items():
            chunk = chunks[i]
            if chunk.kind == "reference" and chunk.paragraph in query.reference_numbers:
                score += top
            elif chunk.kind in TEXT_KINDS:
                inherited = [fused.get(entry.get((chunk.doc_id, n)), 0.0) for n in chunk.citations]
                score += config.citation_boost * max(inherited, default=0.0)
            result[i] = score
        if query.reference_numbers:  # a named entry neither retriever found
            searched = [d for d, (a, b) in self.index.doc_ranges.items() if first <= a and b <= last]
            for doc_id in searched:
                for n in query.reference_numbers:
                    if (i := entry.get((doc_id, n))) is not None:
                        result.setdefault(i, top)
        cited_wanted = query.previous_vector is not None or query.asks_publication
        body = [i for i in result if chunks[i].kind in TEXT_KINDS] if cited_wanted else []
        if body:
            lead = chunks[max(body, key=result.__getitem__)]
            lead_score = result[lead.chunk_id]
            for n in lead.citations:
                if (i := entry.get((lead.doc_id, n))) is not None:
                    own = result.get(i, 0.0)
                    # a paper is asked for: the entries the passage cites rank right above it, in their own
                    # order; a follow-up about something else: they gain part of its score
                    result[i] = (max(own, lead_score + 1e-3 * own) if query.asks_publication
                                 else own + config.cited_entry_boost * lead_score)
        return result

    def _fuse(self, dense: dict[int, float], sparse: dict[int, float]) -> dict[int, float]:
        w = self.config.dense_weight
        if self.config.fusion == "mix":
            top = max(sparse.values(), default=1.0) or 1.0
            return {i: w * dense.get(i, 0.0) + (1 - w) * sparse.get(i, 0.0) / top for i in dense.keys() | sparse.keys()}
        k = self.config.rrf_k
        dense_rank = {i: r for r, i in enumerate(sorted(dense, key=lambda i: -dense[i]))}
        sparse_rank = {i: r for r, i in enumerate(sorted(sparse, key=lambda i: -sparse[i]))}
        return {
            i: (w / (k + dense_rank[i] + 1) if i in dense_rank else 0.0)
            + ((1 - w) / (k + sparse_rank[i] + 1) if i in sparse_rank else 0.0)
            for i in dense.keys() | sparse.keys()
        }
