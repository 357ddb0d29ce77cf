"""Query → ranked candidates: dense and BM25 retrieval, fused, then re-ranked along the citation graph.

A follow-up ("What were its advantages?") carries little of its own meaning,
so the previous question (``Query.context``) is folded into both the dense
query and the BM25 scores. The result is typed: each ``Candidate`` holds its
chunk and the parts of its score, and ``Retrieved`` the query's vectors, which
answer selection reads instead of reaching into the encoder or the index.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from .answer_types import (ANSWER_TYPES, INSTITUTION, AnswerType, PublicationDescription, states, states_asked,
                           symbol_subscripts)
from .config import RetrievalConfig
from .embedding import Encoder
from .index import Index
from .query import Query, entry_heading, question_rules, row_number, table_opened
from .references import fits_description
from .rerank import candidate_features, fitted_weights, reorderable, reranked_scores
from .text import opens_with_label, spells_out
from .types import ABOVE_TITLE, TEXT_KINDS, Chunk


@dataclass(frozen=True)
class QueryVectors:
    """The question as the dense model reads it (unit vectors of the encoder's dimension)."""

    vector: np.ndarray  # the question with its context: what retrieval matches
    own: np.ndarray  # the question alone, less the words naming its paper: it, not the history, picks the answer
    previous: np.ndarray | None = None  # a follow-up's previous question: what was already asked


@dataclass(frozen=True)
class Candidate:
    """A chunk retrieved for a query, with the parts of its score."""

    chunk: Chunk
    score: float  # the re-ranker's (rerank.py) for the first rerank_depth candidates, else the fused one
    dense: float = 0.0  # cosine of the best sentence and the passage, mixed (0 when dense did not find it)
    sparse: float = 0.0  # BM25 (0 when BM25 did not find it)
    lifted: bool = False  # put first as the part of the paper the question asks for: thanks, funding, affiliations
    kept: bool = False  # put first and kept there by the re-ranker, answering beside others: a contact e-mail asked,
    # the best rows of a table the question names by number
    fused: float = 0.0  # fused and re-ranked along the citation graph

    @property
    def chunk_id(self) -> int:
        return self.chunk.chunk_id


@dataclass(frozen=True)
class Retrieved:
    query: Query
    vectors: QueryVectors
    candidates: list[Candidate]
    learned: bool = True  # the learned re-rankers order them and their answer sentences (rerank.py): not for the
    # benchmark's baselines ("fused", "dense", "bm25"), nor for a follow-up, whose meaning is in its context, which
    # their features do not read (re-ranked, follow-ups on the editorial lost answers)
    # the question describes the paper it asks for by its year or journal, and no entry of the paper it is about
    # (named, or the best passage's) fits: "Which 2019 Nature Communications paper is cited?" of a paper citing none
    described_missing: bool = False


# --- the citation graph: small pure functions on {chunk id: score} -----------------------------------

def weigh_captions(scores: dict[int, float], chunks: list[Chunk], weight: float) -> dict[int, float]:
    """A figure's or table's caption scaled by ``weight``: a caption names its topic in few words ("Figure 3.
    Synthesis of X"), so it matches a question on the topic better than the paragraph that answers it."""
    return {i: s * weight if chunks[i].kind == "caption" else s for i, s in scores.items()}


def add_document_scores(scores: dict[int, float], document: dict[int, float], chunks: list[Chunk],
                        weight: float) -> dict[int, float]:
    """The text passages of the document a question is about gain ``weight`` × their BM25 within that
    document (``Index.document_bm25``), normalized by its best: a question naming a paper by its topic
    ("In the PbS nanocrystal work, what lifetime …") shares those words with every passage of the paper, and
    its introduction outranked the passage that answers. Passages neither retriever found join."""
    top = max(document.values(), default=0.0)
    if not top:
        return scores
    result = dict(scores)
    for i, score in document.items():
        if chunks[i].kind in TEXT_KINDS:
            result[i] = result.get(i, 0.0) + weight * score / top
    return result


def inherit_cited_evidence(scores: dict[int, float], chunks: list[Chunk], entry_of: dict[tuple[str, int], int],
                           boost: float) -> dict[int, float]:
    """A body passage gains ``boost`` × the score of the best entry it cites: it discusses that paper, so
    evidence that the entry matches the question is evidence for the passage."""
    result = dict(scores)
    for i, score in scores.items():
        chunk = chunks[i]
        if chunk.kind in TEXT_KINDS:
            inherited = [scores.get(entry_of.get((chunk.doc_id, n)), 0.0) for n in chunk.citations]
            result[i] = score + boost * max(inherited, default=0.0)
    return result


def lift_named_entries(scores: dict[int, float], chunks: list[Chunk], entry_of: dict[tuple[str, int], int],
                       numbers: tuple[int, ...], documents: list[str]) -> dict[int, float]:
    """An entry the question names by number ("reference 12") comes first: it gains the best score, and
    is added when neither retriever found it (in each searched document)."""
    if not numbers:
        return scores
    top = max(scores.values(), default=1.0)
    result = {i: s + top if chunks[i].kind == "reference" and chunks[i].paragraph in numbers else s
              for i, s in scores.items()}
    for doc_id in documents:
        for n in numbers:
            if (i := entry_of.get((doc_id, n))) is not None:
                result.setdefault(i, top)
    return result


def lift_entries_cited_by_lead(scores: dict[int, float], chunks: list[Chunk], entry_of: dict[tuple[str, int], int],
                               asks_publication: bool, boost: float, best_sentence) -> dict[int, float]:
    """The entries that the leading body passage cites: a question asking for a paper ("Which study is
    cited for the gas-phase work?") ranks them right above the passage, in their own order, those cited by
    its sentence closest to the question (``best_sentence(chunk)``: its index in the chunk) first: a
    passage citing a dozen works names the one asked for where it states what was asked; a follow-up
    ("Where was that review published?") gives them ``boost`` × the passage's score."""
    body = [i for i in scores if chunks[i].kind in TEXT_KINDS]
    if not body:
        return scores
    lead = chunks[max(body, key=lambda i: (scores[i], -i))]
    lead_score = scores[lead.chunk_id]
    result = dict(scores)
    numbers = lead.citations
    if asks_publication:
        numbers = lead.sentences[best_sentence(lead)].citations or numbers
    for n in numbers:
        if (i := entry_of.get((lead.doc_id, n))) is not None:
            own = result.get(i, 0.0)
            result[i] = max(own, lead_score + 1e-3 * own) if asks_publication else own + boost * lead_score
    return result


# how many of the best passages are read for a stated value: a value the question asks for stands, on the dev
# sets, in a passage ranked fourth to tenth about as often as in one ranked first to third
STATED_VALUE_WITHIN = 10


def lift_stated_values(scores: dict[int, float], chunks: list[Chunk], query: Query, boost: float,
                       short_forms: Callable[[str], tuple[tuple[str, str], ...]] = lambda doc_id: ()) -> dict[int, float]:
    """Each of the ``STATED_VALUE_WITHIN`` best text passages that states a value of a measured type the question
    asks for, naming the asked quantity (``answer_types.states_asked``: "the glass transition temperature" is
    answered by "a glass transition at 120 °C"), gains ``boost``. "How many atoms were in the QM region?" is
    answered by "This resulted in 57 atoms in total", in a passage that shares fewer of its words than those
    describing the QM region. Names (people, institutions) and dates are left out: their patterns are loose."""
    measured = [t for t in query.answer_types if t.measured]
    if not boost or not measured:
        return scores
    result = dict(scores)
    for i in sorted(scores, key=lambda i: (-scores[i], i))[:STATED_VALUE_WITHIN]:
        if chunks[i].kind in TEXT_KINDS and any(states_asked(t, query.qualifiers, chunks[i].search_text, kind=chunks[i].kind,
                                                             short_forms=short_forms(chunks[i].doc_id),
                                                             subscripts=symbol_subscripts(chunks[i].text))
                                                for t in measured):
            result[i] += boost
    return result


def lift_definitions(scores: dict[int, float], chunks: list[Chunk], term: tuple[str, ...], boost: float) -> dict[int, float]:
    """The text passages with a sentence that opens by defining ``term`` (``Query.definiendum``: "What are
    ladderanes?" → "Ladderanes are unusual lipids …", "The Wheland intermediate (σ-complex) is …") gain
    ``boost``. A bare "what is X?" shares only X with its answer, and the passages repeating X most, or
    the words naming the paper, outrank the one sentence saying what X is."""
    if not boost or not term:
        return scores
    words = "".join(re.escape(w) + r"[\s-]+" for w in term[:-1]) + re.escape(term[-1].rstrip("s")) + "(?:s|es)?"
    opening = re.compile(rf"(?:(?:the|a|an)\s+)?{words}\b(?:\s*\([^()]*\))?,?\s+"
                         r"(?:is|are|was|were|refers?|denotes?|means?|i\.e\.)\W", re.I)
    return {i: s + boost if chunks[i].kind in TEXT_KINDS and any(opening.match(t) for t in chunks[i].sentence_search_texts)
            else s for i, s in scores.items()}


def lift_named_sections(scores: dict[int, float], chunks: list[Chunk], sections: tuple[str, ...],
                        boost: float) -> dict[int, float]:
    """The passages of text (not entries, not metadata) under a heading holding a part of the paper the question
    names (``Query.sections``: "According to the conclusions of …" → "Conclusions", "5. Conclusion") gain
    ``boost``: the same finding is often stated in the abstract, the results and the conclusions, and the
    question asks for the one part's wording."""
    if not boost or not sections:
        return scores
    return {i: s + boost if chunks[i].under(sections) else s for i, s in scores.items()}


def compound_entries(chunks: list[Chunk], first: int, last: int, labels: tuple[str, ...]) -> tuple[int, ...]:
    """The text passages of chunks[first:last] with a sentence closing on a compound's number in parentheses:
    the heading of its entry in an experimental section ("… 4-methylbenzenesulfonate (2n)." / "Thick
    pale-yellow oil (45 mg, 43%)."). Its data make the passage long, and BM25 ranks it far below the passages
    discussing the compound (56th for "how much 2n was isolated, and in what yield?")."""
    if not labels:
        return ()
    heading = entry_heading(labels)
    return tuple(i for i in range(first, last) if chunks[i].kind in TEXT_KINDS
                 and any(heading.search(t.rstrip()) for t in chunks[i].sentence_search_texts))


def rows_of_named_tables(scores: dict[int, float], chunks: list[Chunk], first: int, last: int,
                         tables: tuple[str, ...], numbers: tuple[str, ...], count: int) -> tuple[int, ...]:
    """The rows among chunks[first:last] (a document's) of the tables a question names by number
    (``Query.tables``: "In Table 3 (free energy scans), what E346 (O-H) HOCl distance …"): those opening with a
    row number it names (``Query.rows``: "hit 7" → the row "7 501 yes …", in the table's order), then the
    ``count`` best-scored (``scores``), best first. A paper's tables repeat their rows ("E346 (O-H) HOCl" in
    Tables 1 and 3, with other values), and the one named holds the answer; a row named by number shares no
    word with the question but the number. A row is known by its table's label opening its search text (its
    caption)."""
    if not tables:
        return ()
    rows = [i for i in range(first, last)
            if chunks[i].kind == "table" and table_opened(chunks[i].search_text) in tables]
    numbered = [i for i in rows if row_number(chunks[i].text) in numbers]
    best = sorted(rows, key=lambda i: (-scores.get(i, float("-inf")), i))[:count]
    return tuple(dict.fromkeys([*numbered, *best]))


def spelling_out(scores: dict[int, float], chunks: list[Chunk], short_forms: tuple[str, ...],
                 within: range = range(0)) -> tuple[int, ...]:
    """The text passages among ``scores``, and those of the document asked about (``within``: its chunk ids),
    with a sentence spelling out a short form asked (``Query.short_forms``, ``text.spells_out``), the found ones
    best first, then in the paper's order: lift_first puts them above all, as the answer to "what does X stand
    for?" is the one sentence saying so ("high polymer selectivity (PS, 92%)"), which shares no word with the
    question but X, while the passages using X most share more and may be all that is found."""
    if not short_forms:
        return ()
    found = [i for i in dict.fromkeys([*scores, *within]) if chunks[i].kind in TEXT_KINDS
             and any(spells_out(t, short_forms) for t in chunks[i].sentence_search_texts)]
    return tuple(sorted(found, key=lambda i: (-scores.get(i, float("-inf")), i)))


def captions_labelled(chunks: list[Chunk], first: int, last: int, labels: tuple[tuple[str, str], ...]) -> tuple[int, ...]:
    """The ids of the captions among ``chunks[first:last]`` (a document's) opening with a label a question names
    (``Query.labels``: "What does Figure 5 compare?" / "Figure 5: Number of training tokens …"): lift_first
    puts them above all, searched or not, as the label shares no word with what the question asks of it."""
    if not labels:
        return ()
    return tuple(i for i in range(first, last) if chunks[i].kind == "caption" and opens_with_label(chunks[i].text, labels))


def without_words(text: str, tokens: frozenset[str], tokenize) -> str:
    """``text`` without its words all of whose BM25 tokens are in ``tokens`` ("What lifetime do the PbS
    nanocrystals show?" less {"pbs", "nanocryst"} → "What lifetime do the show?"); ``text`` itself when every
    word would go."""
    kept = [w for w in text.split() if not ((own := set(tokenize(w))) and own <= tokens)]
    return " ".join(kept) if kept else text


def back_matter(chunks: list[Chunk]) -> dict[str, tuple[int, ...]]:
    """The ids of each document's back-matter passages (acknowledgements, funding, author contributions:
    ``back_matter.sections`` of assistant/data/questions.yaml): under such a section, or opening with its
    name as a run-in label ("Acknowledgment. The authors …"), and the rest of that paragraph; not those of the
    text above the title (``ABOVE_TITLE``), another article's."""
    names = question_rules()["back_matter"]["sections"]
    label = re.compile(rf"(?:{'|'.join(map(re.escape, names))})\s*[.:]", re.I)
    found: dict[str, list[int]] = {}
    previous = None
    for chunk in chunks:
        if chunk.kind in TEXT_KINDS and chunk.section != ABOVE_TITLE and (
                chunk.section.strip().lower() in names or label.match(chunk.text)
                or (previous is not None and previous.chunk_id in found.get(chunk.doc_id, ())
                    and (previous.doc_id, previous.paragraph) == (chunk.doc_id, chunk.paragraph))):
            found.setdefault(chunk.doc_id, []).append(chunk.chunk_id)
        previous = chunk
    return {doc_id: tuple(ids) for doc_id, ids in found.items()}


def author_information(chunks: list[Chunk]) -> dict[str, tuple[int, ...]]:
    """The ids of each document's passages stating its authors' affiliations (``passages_stating`` an
    institution): on page 1, or under a heading that is or opens with one of questions.yaml's
    ``affiliation.sections`` ("AUTHOR INFORMATION", "Corresponding Author"), where ACS prints them at the end."""
    return passages_stating(chunks, INSTITUTION, page=1, sections=tuple(question_rules()["affiliation"]["sections"]))


def passages_stating(chunks: list[Chunk], answer_type: AnswerType, page: int | None = None,
                     kinds: frozenset[str] = frozenset(TEXT_KINDS),
                     sections: tuple[str, ...] = ()) -> dict[str, tuple[int, ...]]:
    """The ids of each document's passages of ``kinds`` (on ``page`` only, when given, or under a heading that is
    or opens with one of ``sections``, lower case) that state a thing of ``answer_type``: on page 1, an
    institution in the text is its authors' affiliations, under the byline or at the foot of the page (a text
    document has no pages: its affiliations are in its metadata lines); an e-mail address anywhere, in the text
    or the metadata lines, is a contact (Wiley prints the corresponding author's on page 2, MDPI as a
    "Correspondence:" line)."""
    def placed(chunk: Chunk) -> bool:
        heading = chunk.section.strip().lower()
        return (page is None or chunk.page == page
                or any(heading == name or heading.startswith(f"{name} ") for name in sections))

    found: dict[str, list[int]] = {}
    for chunk in chunks:
        if chunk.kind in kinds and placed(chunk) and states(answer_type, chunk.search_text, chunk.kind):
            found.setdefault(chunk.doc_id, []).append(chunk.chunk_id)
    return {doc_id: tuple(ids) for doc_id, ids in found.items()}


EntryRecords = Callable[[Chunk], tuple[tuple[str, str], ...]]  # an entry's (year, journal) of each item


def described_entries(chunks: list[Chunk], first: int, last: int, records: EntryRecords,
                      described: PublicationDescription) -> list[int]:
    """The ids of the reference entries among ``chunks[first:last]`` that fit the paper a question describes
    ("Which 2016 J. Org. Chem. paper …"; ``references.fits_description``), ``records`` giving an entry's items
    (``Index.entry_records``)."""
    return [c.chunk_id for c in chunks[first:last]
            if c.kind == "reference" and fits_description(records(c), *described.parts)]


def lift_first(scores: dict[int, float], ids: tuple[int, ...]) -> dict[int, float]:
    """``ids`` come first, in their own order, above the best of ``scores``: the back matter (acknowledgements,
    funding) a question about who is thanked or who funded the work asks for. Its words are names and grant
    numbers, which a question naming the paper by its topic does not share."""
    top = max(scores.values(), default=0.0)
    result = dict(scores)
    for order, i in enumerate(ids):
        result[i] = top + 1e-3 * (len(ids) - order)
    return result


# a question stating this many values ("a TON of 790 with 83% PS and 63% CL") points to where they are all
# written, if no more than NUMBERS_SINGLE_OUT passages write them all (with two: +5 −5 on the tuning sets)
NUMBERS_STATED = 3
NUMBERS_SINGLE_OUT = 3
HYBRID = ("hybrid", "fused")  # dense and BM25 fused: with the learned re-rankers (rerank.py), and without them


class Retriever:
    def __init__(self, index: Index, encoder: Encoder, config: RetrievalConfig):
        self.index = index
        self.encoder = encoder
        self.config = config
        self.back_matter = back_matter(index.chunks)
        self.affiliations = author_information(index.chunks)
        # the passages and metadata lines stating a thing of an unmistakable type: an e-mail address, an ORCID iD
        self.stating = {t.name: passages_stating(index.chunks, t, kinds=frozenset(TEXT_KINDS) | {"metadata"})
                        for t in ANSWER_TYPES if t.unmistakable}

    def vectors(self, query: Query, encode: Callable[[str], np.ndarray] | None = None) -> QueryVectors:
        """``query`` embedded; ``encode`` (the encoder's ``encode_query`` by default) may remember texts."""
        encode = encode or self.encoder.encode_query
        own = encode(query.text)
        if not query.context:
            return QueryVectors(own, own)
        return QueryVectors(encode(query.search_text), own, encode(query.context))

    def sparse_scores(self, tokens: tuple[str, ...]) -> np.ndarray:
        if not tokens:
            return np.zeros(len(self.index.chunks), dtype=np.float32)
        return self.index.bm25.get_scores(list(tokens))

    def search(self, query: Query, method: str = "hybrid") -> Retrieved:
        """Candidates, best first, within the documents the query refers to (all when it names none).

        ``method`` is "hybrid", or for the benchmark "fused" (hybrid less the learned re-rankers), "dense" or
        "bm25". Ties are broken by chunk id, so the same query always gives the same order.
        """
        import faiss

        # a question is embedded up to three ways (whole, and less the words naming one or two papers), each
        # once: the encoder is most of a question's time (bench/README.md)
        encode = functools.lru_cache(maxsize=None)(self.encoder.encode_query)
        # put first and kept there: the back matter (thanks, funding), the affiliations or the entries of the year
        # and journal asked for
        lifted: tuple[int, ...] = ()
        kept: tuple[int, ...] = ()
        described_missing = False
        doc_id = query.documents[0] if len(query.documents) == 1 else None
        first, last = self.index.doc_ranges[doc_id] if doc_id else (0, len(self.index.chunks))
        candidates = min(self.config.candidates, last - first)
        params = faiss.SearchParameters(sel=faiss.IDSelectorRange(first, last)) if doc_id else None
        stripped = doc_id if doc_id and not query.context else None
        # a paper named ("in the Chemical Science study of macrocyclic CaM3 complexes, at what temperature
        # …"): its passages are searched with what is asked of it; the words naming it match its abstract
        # best (papers a-k hit@1 0.673 -> 0.682)
        if stripped:
            asked = encode(self._asked_text(query, stripped))
            vectors = QueryVectors(asked, asked)
        else:
            vectors = self.vectors(query, encode)
        dense_scores, dense_ids = self.index.dense.search(vectors.vector.reshape(1, -1), candidates, params=params)
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
        searched = dense
        if method != "bm25" and self.config.sentence_weight:
            pool = dense.keys() | sparse.keys() if method in HYBRID else dense.keys()
            dense = self._with_best_sentence(searched, vectors.vector, pool)

        if method == "dense":
            fused = dict(dense)
        elif method == "bm25":
            fused = dict(sparse)
        else:
            fused = self._fuse(dense, sparse)
            # the document asked about: the one named, else the best passage's
            about = doc_id or (self.index.chunks[min(fused, key=lambda i: (-fused[i], i))].doc_id if fused else None)
            if about and not stripped and not query.context and self.config.sentence_weight:
                # the paper of the best passage, named by a few of the question's words ("the 24:1 Pb:S ratio"
                # in a question on PbS quantum dots): its passages are matched as for a paper named, and fused
                # again (papers a-k hit@1 0.682 -> 0.701)
                asked = self._asked_of(query, about, vectors, encode, both=True)
                if asked is not vectors:
                    vectors, stripped = asked, about
                    a, b = self.index.doc_ranges[about]
                    dense = dense | self._with_best_sentence(searched, vectors.vector, [i for i in dense if a <= i < b])
                    fused = self._fuse(dense, sparse)
            if self.config.document_bm25_weight and about and not query.asks_publication:
                # not for a paper asked for: its entry in another's list would be outweighed
                fused = add_document_scores(fused, self.index.document_bm25(query.tokens, about), self.index.chunks,
                                            self.config.document_bm25_weight)
            fused = self._citation_graph(fused, query, vectors.vector, first, last)
            if query.asks_publication and query.described and about:
                # kept first, as the back matter asked for is: the re-ranker's features do not read a paper's record
                lifted = self._described(query, about, vectors.vector)
                fused = lift_first(fused, lifted)
                described_missing = not lifted
            if any(query.names) and about:
                # a cited work named by its authors ("a paper by Canham, Overman and Tanis"): the entries naming them
                fused = self._add_named_entries(fused, query, about)
            fused = lift_stated_values(fused, self.index.chunks, query, self.config.stated_value_boost,
                                       self.index.short_forms)
            fused = lift_definitions(fused, self.index.chunks, query.definiendum, self.config.definition_boost)
            fused = lift_named_sections(fused, self.index.chunks, query.sections, self.config.section_boost)
            if about and len(query.numbers) >= NUMBERS_STATED and not query.asks_publication:
                # "Which additive gave a TON of 790 with 83% polymer selectivity …?": the few passages writing every
                # value stated (a table's row) first; numbers that many passages write single out none
                writing = self.index.writing_all(about, query.numbers)
                if len(writing) <= NUMBERS_SINGLE_OUT:
                    fused = lift_first(fused, tuple(sorted(writing, key=lambda i: (-fused.get(i, 0.0), i))))
                    lifted += writing
            # a compound's entry before the rows of a table named, which go above it: "In Table IV (bond lengths of
            # 7b), what C(N)-C(H2) distance …" is answered by the table's row, not near 7b's preparation, whose place
            # the re-ranker gave to the same bond's row in another table
            if about and any(t.measured for t in query.answer_types):
                fused = lift_first(fused, compound_entries(self.index.chunks, *self.index.doc_ranges[about],
                                                           query.compounds))
            # the tables the question asks for themselves (query.labels_named), not for a value in a row
            tables_itself = tuple(label for label in query.labels if label[0] == "table")
            if about and not tables_itself:
                # a table named by number for a value in it: its best rows first, kept there by the re-ranker, whose
                # features do not read which table a row is of
                rows = rows_of_named_tables(fused, self.index.chunks, *self.index.doc_ranges[about],
                                            query.tables, query.rows, self.config.named_table_rows)
                fused = lift_first(fused, rows)
                kept += rows
            fused = lift_first(fused, spelling_out(fused, self.index.chunks, query.short_forms,
                                                   range(*self.index.doc_ranges[about]) if about else range(0)))
            if about:
                labelled = captions_labelled(self.index.chunks, *self.index.doc_ranges[about], query.labels)
                fused = lift_first(fused, labelled)
                # a table asked for itself (its title, what it is about): its caption answers, and stays first (the
                # re-ranker put the paper's title line above "Table 2 Screening of …" for "What is the title of
                # Table 2 …?"); a figure's caption competes with the text speaking of the figure
                lifted += tuple(i for i in labelled if opens_with_label(self.index.chunks[i].text, tables_itself))
            if any(t.unmistakable for t in query.answer_types) and about:
                # a contact e-mail or an ORCID iD asked: the notes giving one first; the byline, asked with it ("who
                # is the corresponding author, and what is the contact e-mail?"), still answers beside it
                stating = tuple(i for t in query.answer_types if t.unmistakable
                                for i in self.stating[t.name].get(about, ()))
                fused = lift_first(fused, stating)
                kept += stating
            elif (query.asks_back_matter or query.asks_affiliation) and about:
                lifted = (self.back_matter if query.asks_back_matter else self.affiliations).get(about, ())
                fused = lift_first(fused, lifted)
        ranked = sorted(fused, key=lambda i: (-fused[i], i))
        chunks = self.index.chunks
        if ranked and method in HYBRID and chunks[ranked[0]].doc_id != stripped:
            # the words naming the paper ("the PbS nanocrystal work") found it; the answer sentence is matched
            # to what is asked of it, or the sentence restating the paper's topic wins
            vectors = self._asked_of(query, chunks[ranked[0]].doc_id, vectors, encode, both=False)
        candidates = [Candidate(chunks[i], fused[i], dense.get(i, 0.0), sparse.get(i, 0.0), lifted=i in lifted,
                                kept=i in kept, fused=fused[i]) for i in ranked]
        learned = method == "hybrid" and not query.context
        if learned and self.config.rerank_depth:
            depth = self.config.rerank_depth
            candidates = self._reranked(query, vectors.own, candidates[:depth]) + candidates[depth:]
        return Retrieved(query, vectors, candidates, learned=learned, described_missing=described_missing)

    def _reranked(self, query: Query, own: np.ndarray, candidates: list[Candidate]) -> list[Candidate]:
        """``candidates`` with the ``reorderable`` ones ordered by the learned re-ranker (rerank.py) in the places
        they held, ties by the fused order; each with the re-ranker's score."""
        learned = reranked_scores(candidate_features(query, candidates, self.index, own), fitted_weights())
        places = reorderable(candidates)
        order = list(range(len(candidates)))
        for place, k in zip(places, sorted(places, key=lambda k: (-learned[k], k))):
            order[place] = k
        return [replace(candidates[k], score=float(learned[k])) for k in order]

    def _asked_text(self, query: Query, doc_id: str) -> str:
        """The question less the words naming ``doc_id`` (``without_words``): what is asked of that paper."""
        return without_words(query.text, self.index.naming_tokens(doc_id), self.index.tokenize)

    def _asked_of(self, query: Query, doc_id: str, vectors: QueryVectors, encode: Callable[[str], np.ndarray],
                  both: bool) -> QueryVectors:
        """``vectors`` with what is asked of ``doc_id`` (``_asked_text``) as what answer sentences are matched
        to (``own``), and with ``both`` as what passages are searched with too."""
        asked = self._asked_text(query, doc_id)
        if asked == query.text:
            return vectors
        vector = encode(asked)
        return replace(vectors, vector=vector, own=vector) if both else replace(vectors, own=vector)

    def _with_best_sentence(self, searched: dict[int, float], vector: np.ndarray, ids) -> dict[int, float]:
        """The dense score of each passage of ``ids``: ``sentence_weight`` × its best sentence's cosine to
        ``vector`` + the rest × its own cosine as ``searched`` (0 when the dense search did not find it). A
        paragraph's own vector averages its sentences, so the one sentence that answers is diluted by the rest."""
        w = self.config.sentence_weight
        best = {i: float((self.index.sentence_vectors_of(i) @ vector).max(initial=-1.0)) for i in ids}
        return {i: (1 - w) * searched.get(i, 0.0) + w * best[i] for i in ids}

    def _citation_graph(self, fused: dict[int, float], query: Query, vector: np.ndarray, first: int,
                        last: int) -> dict[int, float]:
        """Re-rank along the document's citations (see the pure functions above); ``vector`` picks a passage's
        sentence closest to the question."""
        chunks, entry_of, config = self.index.chunks, self.index.reference_chunk, self.config
        scores = weigh_captions(fused, chunks, config.caption_weight)
        scores = inherit_cited_evidence(scores, chunks, entry_of, config.citation_boost)
        searched = [d for d, (a, b) in self.index.doc_ranges.items() if first <= a and b <= last]
        scores = lift_named_entries(scores, chunks, entry_of, query.reference_numbers, searched)
        if query.followup or query.asks_publication:
            def best_sentence(chunk: Chunk) -> int:
                return int(np.argmax(self.index.sentence_vectors_of(chunk.chunk_id) @ vector))

            scores = lift_entries_cited_by_lead(scores, chunks, entry_of, query.asks_publication,
                                                config.cited_entry_boost, best_sentence)
        return scores

    def _described(self, query: Query, doc_id: str, vector: np.ndarray) -> tuple[int, ...]:
        """The entries of a document fitting the paper the question describes (``described_entries``, by the
        items of each entry and the works a note cites among its words, ``Index.note_records``), the
        one most like the question first: by its own text or by a sentence of the document citing it ("cited
        as an example of hypervalent iodine-mediated rearrangements"), whichever is closer (cosine)."""
        index = self.index
        fitting = described_entries(index.chunks, *index.doc_ranges[doc_id],
                                    lambda c: index.entry_records(c) + index.note_records(c), query.described)
        citing = index.citing_sentences(doc_id)

        def closeness(i: int) -> float:
            chunk = index.chunks[i]
            own = float(np.max(index.sentence_vectors_of(i) @ vector))
            said = [float(index.sentence_vectors_of(c)[j] @ vector) for c, j in citing.get(chunk.paragraph, ())]
            return max([own, *said])

        return tuple(sorted(fitting, key=lambda i: (-closeness(i), i)))

    def _add_named_entries(self, fused: dict[int, float], query: Query, doc_id: str) -> dict[int, float]:
        """Each entry of a document gains ``named_entry_boost`` × the share it names of the authors a question
        names (``Query.names``: those marked as authors, else the others; the document's own authors aside)."""
        index = self.index
        named = index.cited_authors(query.names, doc_id)
        result = dict(fused)
        first, last = index.doc_ranges[doc_id]
        for i in range(first, last) if named else ():
            share = len(named & index.entry_names(index.chunks[i])) / len(named)
            if share:
                result[i] = result.get(i, 0.0) + self.config.named_entry_boost * share
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
