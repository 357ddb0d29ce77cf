"""Ranked chunks → an extractive Answer: the best 1–2 source sentences, cited.

Nothing is generated: an answer sentence is a sentence of the source, shown
with the number [n] of the passage it comes from and its exact offsets.
When even the best sentence is weak evidence, the answer abstains.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .answer_types import PERSON, expected_types, names_people, states
from .config import AnswerConfig
from .index import Index
from .retrieval import Hit, Query
from .types import TEXT_KINDS, Answer, AnswerSpan, Passage, join_spans

NO_ANSWER = "The indexed documents do not answer this question."
_SPACES = re.compile(r"\s+")
# A sentence opening with a connective or a pronoun ("However, its …") continues the one before it.
_CONTINUES = re.compile(
    r"(?:however|but|yet|moreover|furthermore|in addition|also|thus|therefore|hence|consequently|"
    r"such|this|these|those|it|its|they|their|he|she|his|her)\b"
    r"|[^,.;]{1,40},\s*(?:it|its|they|their|these|such|this)\b",  # "Unlike nanoparticles, they …"
    re.I,
)


@dataclass(frozen=True)
class ScoredSentence:
    rank: int  # of the passage it comes from
    spans: tuple[tuple[int, int], ...]
    doc_id: str
    score: float  # how well it answers this question: picks the answer
    evidence: float  # how well it matches the question with its context: decides abstention
    continues: tuple[tuple[int, int], ...] | None = None  # spans of the sentence before, if it continues that one
    kind: str = "body"  # of the chunk it comes from: one of TEXT_KINDS, reference or metadata
    text: str = ""  # as matched: normalized, citation markers removed
    paragraph: int = 0  # of its chunk: for a bibliography entry, the entry's number
    citations: tuple[int, ...] = ()  # the entries the sentence cites


def sentence_scores(query: Query, index: Index, hits: list[Hit], config: AnswerConfig) -> list[ScoredSentence]:
    """Score the sentences of the top passages: meaning (cosine) plus words shared with the question.

    For a follow-up the question itself picks the sentence; the conversation
    only weighs in, and what matches the previous question (most likely the
    answer already given) is held back.
    """
    wanted = set(query.tokens)
    topic = wanted | set(query.context_tokens)
    idf = index.idf(topic)  # rare words (names, formulas) say more than common ones
    share = lambda words, of: sum(idf[t] for t in of & words) / max(1e-9, sum(idf[t] for t in of))
    scored: dict[tuple, ScoredSentence] = {}
    for rank, hit in enumerate(hits[: config.passages_considered], start=1):
        chunk = index.chunks[hit.chunk_id]
        vectors = index.sentence_vectors_of(chunk.chunk_id)
        matches = vectors @ query.vector
        scores = vectors @ query.own_vector
        if query.previous_vector is not None:
            scores += config.context_weight * matches - config.novelty_weight * np.maximum(
                0.0, vectors @ query.previous_vector)
        # the text of the paper before a bibliographic record (entry, metadata) of equal merit, unless a
        # paper or its details are asked for; an entry named by number outright
        bonus = 0.0
        if chunk.kind == "reference" and chunk.paragraph in query.reference_numbers:
            bonus = 1.0
        elif chunk.kind not in TEXT_KINDS and query.asks_publication:
            bonus = config.reference_penalty
        elif chunk.kind not in TEXT_KINDS:
            bonus = -config.reference_penalty
        before = None
        for sentence, text, score, match in zip(chunk.sentences, chunk.sentence_search_texts, scores, matches):
            words = set(index.tokenize(text))
            key = (chunk.doc_id, sentence.spans)
            if key not in scored:  # overlapping windows repeat a sentence: keep its best rank
                scored[key] = ScoredSentence(
                    rank, sentence.spans, chunk.doc_id,
                    score=float(score) + config.lexical_weight * share(words, wanted) + bonus,
                    evidence=float(match) + config.lexical_weight * share(words, topic) + bonus,
                    continues=before.spans if before is not None and _CONTINUES.match(text) else None,
                    kind=chunk.kind, text=text, paragraph=chunk.paragraph, citations=sentence.citations,
                )
            before = sentence
    return sorted(scored.values(), key=lambda s: -s.score)


def build_answer(query: Query, index: Index, hits: list[Hit], k: int, config: AnswerConfig) -> Answer:
    passages = [_passage(index, hit, rank) for rank, hit in enumerate(hits[:k], start=1)]
    scored = sentence_scores(query, index, hits[: min(k, config.passages_considered)], config)
    sentences = scored  # the candidates, narrowed and reordered below; `scored` keeps every sentence
    # a sentence far below the best match is about something else (a follow-up's scores can be negative)
    floor = sentences[0].score - (1 - config.answer_type_ratio) * abs(sentences[0].score) if sentences else 0.0
    asked = expected_types(query.question)
    if asked and sentences:
        # a sentence answers only if it states what is asked (a temperature, an institution, people): every
        # type asked must be stated by a sentence that matches the question nearly as well as the best one
        close = [s for s in sentences if s.score >= floor]
        stating = [[s for s in close if states(t, s.text, s.kind)] for t in asked]
        sentences = [s for s in close if any(s in found for found in stating)] if all(stating) else []
    if query.asks_publication and sentences:
        # a paper is asked for: the entries that the best sentence of the text cites (the paper it
        # discusses), then any bibliographic record that matches nearly as well as the best sentence,
        # answer before the text itself
        cited = next((s.citations for s in scored if s.kind in TEXT_KINDS), ())
        records = [s for s in scored if s.kind == "reference" and s.paragraph in cited]
        records += [s for s in sentences if s.kind not in TEXT_KINDS and s.score >= floor and s not in records]
        sentences = records + [s for s in sentences if s not in records]
    elif sentences and sentences[0].kind == "reference" and PERSON in asked:
        # people are asked for: the sentence of the text that cites the best entry and names its
        # researchers (however well it matches) answers before the entry's author list
        citing = [s for s in scored if s.kind in TEXT_KINDS and sentences[0].paragraph in s.citations
                  and names_people(s.text)]
        sentences = citing[:1] + [s for s in sentences if s not in citing[:1]]
    if not sentences or max(s.evidence for s in sentences) < config.abstain_threshold:
        return Answer(query.question, NO_ANSWER, abstained=True)
    best = sentences[0]
    chosen = [best]
    length = len(_display(index, best))
    # A sentence and the one it continues ("… H₂ is promising …" / "However, its …") stay together:
    # the one the best sentence continues, or else its continuation, comes with it; then the
    # next best, if it scores close.
    same_doc = [s for s in sentences[1:] if s.doc_id == best.doc_id]
    antecedent = [s for s in same_doc if s.spans == best.continues]
    linked = antecedent + [s for s in same_doc if s.continues == best.spans]
    for candidate in linked + [s for s in sentences[1:] if s not in linked]:
        if len(chosen) >= config.max_sentences:
            break
        if candidate not in linked and candidate.score < config.second_sentence_ratio * best.score:
            break
        extra = len(_display(index, candidate))
        if length + extra <= config.max_chars:
            chosen.append(candidate)
            length += extra
    if antecedent and antecedent[0] in chosen:  # read in the order of the text
        chosen.remove(antecedent[0])
        chosen.insert(0, antecedent[0])
    source_of = {doc_id: index.documents[doc_id].source for doc_id in {s.doc_id for s in chosen}}
    spans = [
        AnswerSpan(s.rank, start, end, source_of[s.doc_id][start:end], number, s.doc_id,
                   index.boxes_of(s.doc_id, ((start, end),)))
        for number, s in enumerate(chosen, start=1) for start, end in s.spans
    ]
    text = " ".join(f"{_display(index, s)} [{s.rank}]" for s in chosen)
    return Answer(query.question, text, abstained=False, answer_spans=spans, passages=passages)


def _display(index: Index, sentence: ScoredSentence) -> str:
    return _SPACES.sub(" ", join_spans(index.documents[sentence.doc_id].source, sentence.spans)).strip()


def _passage(index: Index, hit: Hit, rank: int) -> Passage:
    chunk = index.chunks[hit.chunk_id]
    return Passage(
        rank=rank, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, title=index.documents[chunk.doc_id].title,
        section=chunk.section, paragraph=chunk.paragraph, kind=chunk.kind, start=chunk.start, end=chunk.end,
        spans=chunk.spans, score=round(hit.score, 6), text=chunk.text, references=index.references_of(chunk),
        page=chunk.page, boxes=index.boxes_of(chunk.doc_id, chunk.spans),
    )

