"""The learned re-rankers: the passage re-ranker's features on a small made-up library with the real model, its
weights file, and where it orders the candidates; the sentence re-ranker's features on made-up scored sentences."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from assistant.query import Query
from assistant.rerank import (FEATURES, NEW_WORDS_CAP, SENTENCE_FEATURES, SENTENCE_WEIGHTS_FILE, _ranks,
                              candidate_features, fitted_weights, reorderable, sentence_features)
from assistant.retrieval import Candidate, Retriever
from assistant.types import Chunk
from tests.conftest import bot_on, sentence

NOTE = """# Annealing of lead sulfide films

## Introduction

Lead sulfide films are grown for infrared detectors. Lead sulfide films absorb in the infrared and many groups grow them.

## Experimental section

The lead sulfide films were annealed at 350 °C under argon for two hours. The anneal removed the residual oleate.
"""


@pytest.fixture(scope="module")
def films_bot(tmp_path_factory, encoder):
    return bot_on(tmp_path_factory, "films", NOTE)


def features_of(bot, question: str) -> tuple[list, np.ndarray]:
    query = bot.analyze(question, [], None)
    retrieved = bot.retriever.search(query, "fused")
    return retrieved.candidates, candidate_features(query, retrieved.candidates, bot.index, retrieved.vectors.own)


def column(name: str) -> int:
    return FEATURES.index(name)


def test_the_passage_stating_the_asked_value_in_one_sentence_has_the_coverage_and_the_type(films_bot):
    candidates, features = features_of(films_bot, "At what temperature were the lead sulfide films annealed?")
    assert features.shape == (len(candidates), len(FEATURES))
    answering = next(k for k, c in enumerate(candidates) if "350 °C" in c.chunk.text)
    topical = next(k for k, c in enumerate(candidates) if c.chunk.text.startswith("Lead sulfide films are grown"))
    assert features[answering, column("states_type")] == 1.0 and features[topical, column("states_type")] == 0.0
    # both hold "lead", "sulfide", "film", which name the paper; only one the asked "annealed"
    assert features[answering, column("coverage")] > features[topical, column("coverage")]
    assert features[answering, column("methods_section")] == 1.0 and features[topical, column("methods_section")] == 0.0
    kinds = [column(f"kind_{kind}") for kind in ("body", "caption", "table", "reference", "metadata", "footnote")]
    assert set(features[:, kinds].sum(axis=1)) <= {0.0, 1.0}
    assert features[0, column("fused_rank")] == 1.0 and features[0, column("fused")] == 1.0


def test_sentence_coverage_is_the_best_single_sentences(films_bot):
    candidates, features = features_of(films_bot, "Which groups grow lead sulfide films for infrared detectors?")
    intro = next(k for k, c in enumerate(candidates) if c.chunk.text.startswith("Lead sulfide films are grown"))
    # the first sentence holds every asked word but "groups", which only the second holds
    assert 0 < features[intro, column("sentence_coverage")] < features[intro, column("coverage")]


def test_the_re_ranker_orders_the_first_rerank_depth_candidates_and_leaves_the_rest_in_fused_order(films_bot):
    bot = films_bot
    depth = 2
    retriever = Retriever(bot.index, bot.encoder, dataclasses.replace(bot.config.retrieval, rerank_depth=depth))
    query = bot.analyze("At what temperature were the lead sulfide films annealed?", [], None)
    candidates = retriever.search(query, "hybrid").candidates
    fused_order = [c.chunk_id for c in bot.retriever.search(query, "fused").candidates]
    assert sorted(c.chunk_id for c in candidates[:depth]) == sorted(fused_order[:depth])
    assert [c.chunk_id for c in candidates[depth:]] == fused_order[depth:]
    assert candidates[0].score >= candidates[1].score
    assert all(c.score == c.fused for c in candidates[depth:])
    assert "350 °C" in candidates[0].chunk.text


def test_ranks_are_highest_first_with_ties_by_position():
    assert _ranks([0.2, 0.9, 0.2]) == [1, 0, 2]
    assert _ranks([]) == []


def test_the_shipped_weights_weigh_exactly_the_features_computed():
    assert fitted_weights().shape == (len(FEATURES),)


def test_weights_for_other_features_are_refused(tmp_path):
    path = tmp_path / "reranker.yaml"
    path.write_text("weights:\n  fused: 1.0\n  bm25_alone: 2.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="fit_reranker"):
        fitted_weights(path)


def candidate(chunk_id: int, doc_id: str, lifted: bool = False) -> Candidate:
    chunk = Chunk(chunk_id, doc_id, "body", "", 0, ((0, 1),), "x", (), (), "x", ("x",))
    return Candidate(chunk, score=1.0 / (chunk_id + 1), lifted=lifted)


def test_only_the_first_papers_passages_not_lifted_are_reordered():
    candidates = [candidate(0, "a", lifted=True), candidate(1, "a"), candidate(2, "b"), candidate(3, "a")]
    assert reorderable(candidates) == [1, 3]
    assert reorderable([]) == []
    # a contact e-mail asked: the note stating it stays first, and the others (the byline) are still read
    kept = dataclasses.replace(candidate(0, "a"), kept=True)
    assert reorderable([kept, candidate(1, "a"), candidate(3, "a")]) == [1, 2]


CITING = """# Annealing of lead sulfide films

## Results

The films were annealed at 350 °C, as in earlier work on lead sulfide [1]. Their surfaces were then passivated
with chloride ions [2].

## References

1. Smith, J.; Brown, K. Annealing of Lead Sulfide Films. J. Org. Chem. 2016, 81, 1001-1005.
2. Jones, K.; White, L. Chloride Passivation of Lead Sulfide. J. Am. Chem. Soc. 2020, 142, 2010-2020.
"""


@pytest.fixture(scope="module")
def citing_bot(tmp_path_factory, encoder):
    return bot_on(tmp_path_factory, "citing", CITING)


def test_a_year_the_question_names_marks_the_entries_holding_it_when_a_paper_is_asked(citing_bot):
    candidates, features = features_of(citing_bot, "Which 2016 paper is cited for annealing lead sulfide films?")
    entries = {c.chunk.paragraph: k for k, c in enumerate(candidates) if c.chunk.kind == "reference"}
    assert features[entries[1], column("entry_of_year")] == 1.0 and features[entries[1], column("entry_of_other_year")] == 0.0
    assert features[entries[2], column("entry_of_year")] == 0.0 and features[entries[2], column("entry_of_other_year")] == 1.0
    body = next(k for k, c in enumerate(candidates) if c.chunk.kind == "body")
    assert features[body, column("entry_of_year")] == features[body, column("entry_of_other_year")] == 0.0
    # no paper asked: a year is no entry's mark
    candidates, features = features_of(citing_bot, "What happened to lead sulfide films in 2016?")
    assert not features[:, [column("entry_of_year"), column("entry_of_other_year")]].any()


def test_an_entry_asked_for_has_the_coverage_of_the_sentence_citing_it(citing_bot):
    candidates, features = features_of(citing_bot, "Which paper is cited for passivating the surfaces with chloride ions?")
    entries = {c.chunk.paragraph: k for k, c in enumerate(candidates) if c.chunk.kind == "reference"}
    # the second sentence, citing [2], holds "surfaces", "passivated", "chloride", "ions"; the first none of them
    assert features[entries[2], column("cited_coverage")] > features[entries[1], column("cited_coverage")]
    body = next(k for k, c in enumerate(candidates) if c.chunk.kind == "body")
    assert features[body, column("cited_coverage")] == 0.0
    # no paper asked: the citing sentence lends an entry nothing
    candidates, features = features_of(citing_bot, "What were the surfaces passivated with?")
    assert not features[:, column("cited_coverage")].any()


def test_the_benchmarks_fused_method_is_the_hybrid_order_without_the_re_ranker(citing_bot):
    # no year: one would put the entry of that year first in both orders (retrieval.described_entries)
    query = citing_bot.analyze("Which paper is cited for annealing lead sulfide films?", [], None)
    fused = Retriever(citing_bot.index, citing_bot.encoder, dataclasses.replace(citing_bot.config.retrieval, rerank_depth=0))
    order = [c.chunk_id for c in citing_bot.retriever.search(query, "fused").candidates]
    assert order == [c.chunk_id for c in fused.search(query, "hybrid").candidates]
    assert order != [c.chunk_id for c in citing_bot.retriever.search(query, "hybrid").candidates]


# --- the sentence re-ranker: features of made-up scored sentences, no model ------------------------------------

def sentence_column(name: str) -> int:
    return SENTENCE_FEATURES.index(name)


def test_an_echo_of_the_question_and_the_sentence_after_it_differ_where_they_should():
    query = Query("Have kcat values been measured for the chlorination step?", "",
                  tokens=("kcat", "valu", "measur", "chlorin", "step"), polar=True)
    echo = sentence("Kcat values were measured for the whole cycle.", 1.0, words="kcat valu measur whole cycl")
    denial = sentence("No kcat values were measured for the chlorination step alone, at 25 °C.", 0.8, start=48,
                      continues=echo.spans, words="kcat valu measur chlorin step alon")
    features = sentence_features(query, [echo, denial])
    assert features.shape == (2, len(SENTENCE_FEATURES))
    assert features[0, sentence_column("order")] == 1.0 and features[1, sentence_column("order")] == 0.5
    assert features[1, sentence_column("score_gap")] == pytest.approx(-0.2)
    assert features[1, sentence_column("after_first")] == 1.0 and features[0, sentence_column("after_first")] == 0.0
    assert features[0, sentence_column("echo")] == pytest.approx(3 / 5)
    assert features[1, sentence_column("new_words")] == pytest.approx(1 / NEW_WORDS_CAP)
    assert features[1, sentence_column("denies_polar")] == 1.0 and features[0, sentence_column("denies_polar")] == 0.0
    assert (features[1, sentence_column("has_number")], features[0, sentence_column("has_number")]) == (1.0, 0.0)
    # the same denial answers no question that does not ask yes or no
    plain = dataclasses.replace(query, polar=False)
    assert sentence_features(plain, [echo, denial])[1, sentence_column("denies_polar")] == 0.0


def test_a_sentence_next_to_one_matching_the_question_has_that_ones_coverage():
    query = Query("How do the quantum dots grow?", "", tokens=("quantum", "dot", "grow"))
    lead = dataclasses.replace(sentence("To see how the quantum dots grow, we monitored sulfur.", 1.0), coverage=0.9)
    found = dataclasses.replace(sentence("Sulfur is consumed by diffusion-limited addition.", 0.5, start=56,
                                         continues=lead.spans), coverage=0.1, continuation=False)
    elsewhere = dataclasses.replace(sentence("The dots are stable in air.", 0.6, start=200), coverage=0.3)
    # the sentence matching the question best was dropped as an echo: it is found among those scored
    features = sentence_features(query, [elsewhere, found], context=[lead, found, elsewhere])
    previous, following = sentence_column("previous_coverage"), sentence_column("next_coverage")
    assert features[1, previous] == pytest.approx(0.9) and features[0, previous] == 0.0
    assert features[1, following] == 0.0 and features[0, following] == 0.0
    assert sentence_features(query, [lead, found])[0, following] == pytest.approx(0.1)
    assert sentence_features(query, [elsewhere, found])[1, previous] == 0.0  # its neighbour not known: nothing


def test_the_sentence_re_ranker_reorders_only_its_depth_and_keeps_ties_in_order(monkeypatch):
    import assistant.answer as answer

    sentences = [sentence(f"Sentence {i}.", 1.0 - 0.1 * i, start=20 * i) for i in range(4)]
    # a model that prefers the later sentences: the fourth would lead if it were within the depth
    monkeypatch.setattr(answer, "fitted_weights", lambda *a: np.eye(len(SENTENCE_FEATURES))[sentence_column("order")] * -1)
    query = Query("Which sentence?", "")
    assert answer.rerank_sentences(sentences, query, depth=3) == [sentences[2], sentences[1], sentences[0], sentences[3]]
    assert answer.rerank_sentences(sentences, query, depth=0) == sentences
    monkeypatch.setattr(answer, "fitted_weights", lambda *a: np.zeros(len(SENTENCE_FEATURES)))
    assert answer.rerank_sentences(sentences, query, depth=3) == sentences


def test_the_shipped_sentence_weights_weigh_exactly_the_features_computed():
    assert fitted_weights(SENTENCE_WEIGHTS_FILE, SENTENCE_FEATURES).shape == (len(SENTENCE_FEATURES),)


def test_the_sub_items_of_one_entry_keep_their_order_whatever_the_re_ranker_prefers(monkeypatch):
    import assistant.answer as answer

    body = sentence("Heterodinuclear catalysts are faster.", 0.9)
    first, second = (sentence(text, 1.0, start=start, kind="reference")
                     for text, start in (("A. C. Deacy, Dalton Trans., 2019.", 100), ("G. Trott, Chem. Sci., 2019.", 140)))
    # a model preferring later sentences would put (b) before (a); the entry's items score as its best
    monkeypatch.setattr(answer, "fitted_weights", lambda *a: np.eye(len(SENTENCE_FEATURES))[sentence_column("order")] * -1)
    assert answer.rerank_sentences([body, first, second], Query("Which work is cited?", ""), depth=3) == [first, second, body]
