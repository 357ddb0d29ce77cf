"""Learned re-ranking: a linear model over features of each fused candidate passage, and one over features of
each candidate answer sentence.

Fusion and the citation graph (retrieval.py) order candidates by a few hand-set weights; what tells the
passage that answers from the one that only shares the question's topic is spread over more signals: how
much of what the question asks (weighted by each word's rarity in the paper) a passage and its best
sentence hold, whether it states the asked type of thing, what kind of text it is. The weights of these
features are fitted by ``bench/fit_reranker.py`` on the benchmark's tuning questions with a pairwise
logistic regression (RankNet's loss with a linear scorer: Burges et al., ICML 2005): for each question, each
passage holding the gold answer is to score above each one that does not. The fitted weights are data,
``data/reranker.yaml``.

The answer sentences are re-ranked the same way (``sentence_features``, ``data/sentence_reranker.yaml``):
answer selection's hand-set steps order the sentences of the top passages, and on the dev papers the
sentence holding the answer stood second to tenth in their order in more than half of the wrong answers
whose passages held it: the first restated the question ("Experimental kinetic data were measured for the
whole cycle" for "Have kcat values been measured for the chlorination step alone?").
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from .answer_types import names_people, states
from .index import Index, idf_share
from .query import Query
from .text import NEGATION, flat
from .types import TEXT_KINDS

if TYPE_CHECKING:
    from .answer import ScoredSentence
    from .retrieval import Candidate

WEIGHTS_FILE = Path(__file__).parent / "data" / "reranker.yaml"
SENTENCE_WEIGHTS_FILE = Path(__file__).parent / "data" / "sentence_reranker.yaml"
KINDS = ("body", "caption", "table", "reference", "metadata", "footnote")
# where a paper says how it made and measured things: its compounds' data, its instruments
METHODS_SECTION = re.compile(r"experiment|method|procedure|synthes|materials", re.I)
FEATURES = ("fused_rank", "fused", "dense", "dense_rank", "sparse", "sparse_rank", "best_sentence",
            "coverage", "sentence_coverage", "same_document", "states_type", "first_page", "methods_section",
            "asked_entry", "cited_coverage", "entry_of_year", "entry_of_other_year", "asked_caption") + tuple(f"kind_{kind}" for kind in KINDS)


def candidate_features(query: Query, candidates: Sequence[Candidate], index: Index, own: np.ndarray) -> np.ndarray:
    """One row of ``FEATURES`` per candidate (in fused order, each ``score`` the fused one): shape
    (n, len(FEATURES)).

    - fused_rank, dense_rank, sparse_rank: 1 / (rank + 1) among the candidates (sparse 0 without a BM25 match);
      fused, sparse: the score over the best's; dense: the candidate's dense score as fused.
    - best_sentence: the highest cosine of a sentence of the passage and ``own`` (the question as answered).
    - coverage: the share of the question's BM25 tokens the passage holds, each weighted by its idf within
      the document of the best candidate (a word naming the paper counts little there; 0 for another
      document's passage); sentence_coverage: the highest such share held by one of its sentences (words the
      passage holds across its sentences are no answer in one).
    - same_document: of the best candidate's document; states_type: the passage states a type asked
      (answer_types.states); first_page, methods_section (``METHODS_SECTION``); asked_entry: a reference
      entry when the question asks for a publication; cited_coverage: for such an entry, the highest
      sentence coverage of a sentence of a candidate that cites it (the body states what the cited work did, its
      entry often only its title); entry_of_year, entry_of_other_year: such an entry
      holding a year the question names ("Which 2016 J. Org. Chem. paper …"), or none of them; asked_caption:
      a caption when it names a figure;
      kind_*: the chunk's kind, one-hot.
    """
    if not candidates:
        return np.zeros((0, len(FEATURES)), dtype=np.float64)
    chunks = index.chunks
    about = chunks[candidates[0].chunk_id].doc_id
    asked = set(query.tokens)
    idf = index.document_idf(asked, about)
    top = candidates[0].score or 1.0
    top_sparse = max(c.sparse for c in candidates) or 1.0
    cited = _cited_coverage(candidates, index, asked, idf) if query.asks_publication else {}
    dense_rank = _ranks([c.dense for c in candidates])
    sparse_rank = _ranks([c.sparse for c in candidates])
    rows = []
    for rank, candidate in enumerate(candidates):
        chunk = chunks[candidate.chunk_id]
        vectors = index.sentence_vectors_of(chunk.chunk_id)
        passage = index.chunk_tokens(chunk.chunk_id)
        entry = chunk.kind == "reference"
        dated = entry and query.asks_publication and bool(query.years)
        row = {
            "fused_rank": 1 / (rank + 1), "fused": candidate.score / top, "dense": candidate.dense,
            "dense_rank": 1 / (dense_rank[rank] + 1), "sparse": candidate.sparse / top_sparse,
            "sparse_rank": 1 / (sparse_rank[rank] + 1) if candidate.sparse else 0.0,
            "best_sentence": float((vectors @ own).max(initial=-1.0)) if len(vectors) else 0.0,
            "coverage": idf_share(passage, asked, idf) if chunk.doc_id == about else 0.0,
            "sentence_coverage": max((idf_share(passage & tokens, asked, idf)
                                      for tokens in index.sentence_tokens(chunk.chunk_id)), default=0.0),
            "same_document": float(chunk.doc_id == about),
            "states_type": float(any(states(t, chunk.search_text, chunk.kind) for t in query.answer_types)),
            "first_page": float(chunk.page <= 1),
            "methods_section": float(bool(METHODS_SECTION.search(chunk.section))),
            "asked_entry": float(query.asks_publication and entry),
            "cited_coverage": cited.get((chunk.doc_id, chunk.paragraph), 0.0) if entry else 0.0,
            "entry_of_year": float(dated and any(year in chunk.text for year in query.years)),
            "entry_of_other_year": float(dated and not any(year in chunk.text for year in query.years)),
            "asked_caption": float(bool(query.labels) and chunk.kind == "caption"),
        }
        row.update({f"kind_{kind}": float(chunk.kind == kind) for kind in KINDS})
        rows.append([row[name] for name in FEATURES])
    return np.array(rows, dtype=np.float64)


def _cited_coverage(candidates: Sequence[Candidate], index: Index, asked: set[str],
                    idf: dict[str, float]) -> dict[tuple[str, int], float]:
    """(document, reference number) → the highest idf-weighted share of the question's tokens ``asked`` held
    by a sentence of a text candidate that cites that reference."""
    cited: dict[tuple[str, int], float] = {}
    for candidate in candidates:
        chunk = candidate.chunk
        if chunk.kind not in TEXT_KINDS:
            continue
        for sentence, tokens in zip(chunk.sentences, index.sentence_tokens(chunk.chunk_id)):
            share = idf_share(tokens, asked, idf)
            for number in sentence.citations:
                key = (chunk.doc_id, number)
                cited[key] = max(cited.get(key, 0.0), share)
    return cited


def _ranks(values: list[float]) -> list[int]:
    """The 0-based rank of each value, highest first, ties by position."""
    order = sorted(range(len(values)), key=lambda i: (-values[i], i))
    ranks = [0] * len(values)
    for rank, i in enumerate(order):
        ranks[i] = rank
    return ranks


SENTENCE_FEATURES = ("order", "score_gap", "evidence", "cosine", "coverage", "passage_rank", "new_words", "echo",
                     "states_type", "head_word", "identifiers", "after_first", "before_first", "continuation",
                     "heading", "same_document", "denies_polar", "asked_entry", "names_people", "length",
                     "has_number", "previous_coverage", "next_coverage") + tuple(f"kind_{kind}" for kind in KINDS)
NEW_WORDS_CAP = 10  # new_words counts up to this many: a long sentence adds many words, not more of an answer
LENGTH_CAP = 500  # characters: length is the share of this a sentence's text fills


def sentence_features(query: Query, sentences: Sequence[ScoredSentence],
                      context: Sequence[ScoredSentence] = ()) -> np.ndarray:
    """One row of ``SENTENCE_FEATURES`` per sentence, in the order answer selection's steps gave them (the first
    the one they would answer with): shape (n, len(SENTENCE_FEATURES)).

    - order: 1 / (place + 1); score_gap: the sentence's score less the first's; evidence, cosine, coverage: its
      ``ScoredSentence`` fields; passage_rank: 1 / the rank of the passage it was read in.
    - new_words: its BM25 tokens the question lacks, up to NEW_WORDS_CAP, over NEW_WORDS_CAP; echo: the share of
      its tokens the question holds (a sentence restating the question holds mostly those).
    - states_type: it states a type asked (answer_types.states); head_word: it holds the head noun of the
      wh-phrase; identifiers: the share of the names the question holds with a digit or an inner capital that it
      holds.
    - after_first, before_first: it follows, or precedes, the first sentence in its text (a paper says what it
      did, then what it found); continuation, heading: its fields; same_document: of the first's document.
    - denies_polar: it holds a negation (``text.NEGATION``) and the question asks yes or no (``Query.polar``).
    - asked_entry: a reference entry when the question asks for a publication (``Query.asks_publication``):
      otherwise the sentence of the text citing it says what is asked, and the entry only names the work.
    - names_people: the question asks who (``Query.asks_people``) and the sentence names people
      (answer_types.names_people: "Junling Lu, Lina Cao, and co-workers found …").
    - length: its characters over LENGTH_CAP, at most 1; has_number: it holds a digit; kind_*: its passage's
      kind, one-hot.
    - previous_coverage, next_coverage: the coverage of the sentence before it and after it in its text, among
      ``sentences`` and ``context`` (every sentence scored; 0 when not there): a paper names what it speaks of,
      then says it ("To investigate the growth mechanism, we monitored …" / "… sulfur is consumed as the
      reaction proceeds, indicating …"), and the sentence next to the one restating the question answers it.
    """
    if not sentences:
        return np.zeros((0, len(SENTENCE_FEATURES)), dtype=np.float64)
    first = sentences[0]
    asked, head = set(query.tokens), set(query.head_tokens)
    coverage_at = {(s.doc_id, s.spans): s.coverage for s in (*context, *sentences)}
    coverage_after = {(s.doc_id, s.follows): s.coverage for s in (*context, *sentences) if s.follows}
    rows = []
    for place, s in enumerate(sentences):
        text = flat(s.text) if query.identifiers else ""  # as identifiers are written (text.identifiers)
        row = {
            "order": 1 / (place + 1), "score_gap": s.score - first.score, "evidence": s.evidence,
            "cosine": s.cosine, "coverage": s.coverage, "passage_rank": 1 / max(s.rank, 1),
            "new_words": min(len(s.words - asked), NEW_WORDS_CAP) / NEW_WORDS_CAP,
            "echo": len(s.words & asked) / max(len(s.words), 1),
            "states_type": float(any(states(t, s.text, s.kind) for t in query.answer_types)),
            "head_word": float(bool(s.words & head)),
            "identifiers": (sum(name in text for name in query.identifiers) / len(query.identifiers)
                            if query.identifiers else 0.0),
            "after_first": float((s.doc_id, s.follows) == (first.doc_id, first.spans)),
            "before_first": float(s.doc_id == first.doc_id and first.follows == s.spans),
            "continuation": float(s.continuation), "heading": float(s.heading),
            "same_document": float(s.doc_id == first.doc_id),
            "denies_polar": float(query.polar and NEGATION.search(s.text) is not None),
            "asked_entry": float(query.asks_publication and s.kind == "reference"),
            "names_people": float(query.asks_people and names_people(s.text)),
            "length": min(len(s.text), LENGTH_CAP) / LENGTH_CAP,
            "has_number": float(any(c.isdigit() for c in s.text)),
            "previous_coverage": coverage_at.get((s.doc_id, s.follows), 0.0) if s.follows else 0.0,
            "next_coverage": coverage_after.get((s.doc_id, s.spans), 0.0),
        }
        row.update({f"kind_{kind}": float(s.kind == kind) for kind in KINDS})
        rows.append([row[name] for name in SENTENCE_FEATURES])
    return np.array(rows, dtype=np.float64)


@functools.cache
def fitted_weights(path: Path = WEIGHTS_FILE, features: tuple[str, ...] = FEATURES) -> np.ndarray:
    """The weight of each of ``features``, from ``path`` (``data/reranker.yaml`` for ``FEATURES``,
    ``data/sentence_reranker.yaml`` for ``SENTENCE_FEATURES``, written by bench/fit_reranker.py). Raises
    ValueError when the file's features are not ``features``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    weights = data["weights"]
    if tuple(weights) != features:
        raise ValueError(f"{path} weighs {tuple(weights)}, not the features the code computes {features}: refit "
                         "it with bench/fit_reranker.py")
    return np.array([float(weights[name]) for name in features])


def reorderable(candidates: Sequence[Candidate]) -> list[int]:
    """The positions of ``candidates`` the re-ranker may reorder: those of the first candidate's document, not
    lifted nor kept first. A passage of another paper keeps its place, and the paper of the first stays first:
    re-ranked across papers, a question on the editorial was answered from another paper's metadata line."""
    about = candidates[0].chunk.doc_id if candidates else None
    return [k for k, c in enumerate(candidates) if c.chunk.doc_id == about and not (c.lifted or c.kept)]


def reranked_scores(features: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """A re-ranker's score of each candidate (passage or sentence): ``features`` @ ``weights`` (higher is
    better), shape (n,)."""
    return features @ weights
