"""The evaluation metrics on hand-made inputs, and a smoke run of `assistant eval`."""
from __future__ import annotations

import json

import pytest

from assistant.evaluation import (Outcome, Scores, answer_page, answer_pages, answer_signature, contains_gold, evaluate,
                                  first_hit, format_report, load_questions, match_form, question_set, reliability,
                                  verbatim)
from assistant.types import Answer, AnswerSpan, Box, Passage
from tests.test_cli import run


def test_gold_matching_ignores_form_not_content():
    assert match_form("Au₂₅(SR)₁₈ *tert* electron–phonon\n\n  X") == "au25(sr)18 tert electron-phonon x"
    assert contains_gold("tailor the electron–phonon interaction in Au₂₅(SR)₁₈.²⁶", ["electron-phonon interaction in Au25(SR)18"])
    assert contains_gold("enhancement.²⁵ Furthermore", ["enhancement. Furthermore"])
    assert not contains_gold("electron–phonon coupling", ["electron-phonon interaction"])
    assert contains_gold("b or c", ["a", "c"])  # gold strings are alternatives


def test_first_hit_rank():
    passages = ["nothing here", "the gold is here", "gold is here too"]
    assert first_hit(passages, ["gold is here"], 10) == 2
    assert first_hit(passages, ["gold is here"], 1) is None
    assert first_hit(passages, ["absent"], 10) is None


def outcome(passages, answer="", abstained=False, exact=True, **extra):
    return Outcome(passages, answer, abstained, exact, 0.01, **extra)


def test_scores_by_hand():
    scores = Scores()
    answerable = {"gold": ["alpha"], "kind": "fact"}
    scores.add(answerable, outcome(["alpha beta", "x"], "alpha beta [1]"))  # hit@1, correct
    scores.add(answerable, outcome(["x", "y", "alpha"], "x [1]"))  # rank 3, wrong answer
    scores.add(answerable, outcome(["x"] * 11 + ["alpha"], "alpha [1]", exact=False))  # beyond 10, not verbatim
    scores.add(answerable, outcome(["alpha"], "", abstained=True))  # false abstention
    scores.add({"gold": [], "kind": "none"}, outcome(["x"], "", abstained=True))
    scores.add({"gold": [], "kind": "none"}, outcome(["x"], "x [1]"))
    s = scores.summary()
    assert s["questions"] == 6
    assert s["hit@1"] == pytest.approx(2 / 4)
    assert s["recall@3"] == pytest.approx(3 / 4)
    assert s["mrr@10"] == pytest.approx((1 + 1 / 3 + 0 + 1) / 4)
    assert s["answer_accuracy"] == pytest.approx(2 / 4)
    assert s["verbatim_rate"] == pytest.approx(3 / 4)  # of the 4 answers given
    assert s["abstention_accuracy"] == pytest.approx(1 / 2)
    assert s["false_abstention"] == pytest.approx(1 / 4)
    assert s["by_kind"]["none"]["answer_ok"] == pytest.approx(1 / 2)


def test_long_answers_do_not_count_as_correct():
    scores = Scores()
    scores.add({"gold": ["alpha"], "kind": "fact"}, outcome(["alpha"], "alpha " + "x" * 400 + " [1]"))
    assert scores.summary()["answer_accuracy"] == 0


def test_verbatim_check():
    source = "First sentence here. Second one."
    good = Answer("q", "Second one. [1]", False, [AnswerSpan(1, 21, 32, "Second one.")])
    assert verbatim(good, {"d": source})
    moved = Answer("q", "Second one. [1]", False, [AnswerSpan(1, 20, 31, "Second one.")])
    assert not verbatim(moved, {"d": source})
    paraphrased = Answer("q", "The second one. [1]", False, [AnswerSpan(1, 21, 32, "Second one.")])
    assert not verbatim(paraphrased, {"d": source})
    paper = "Intro. It was used in the Stork synthesis [59] and the Thomas synthesis. Then more."
    marked = AnswerSpan(2, 7, 72, "It was used in the Stork synthesis [59] and the Thomas synthesis.", doc_id="p")
    assert verbatim(Answer("q", marked.text + " [2]", False, [marked]), {"p": paper})  # the paper's own marker
    assert not verbatim(Answer("q", marked.text + " [2] Extra words.", False, [marked]), {"p": paper})
    two = [AnswerSpan(1, 0, 20, "First sentence here.", doc_id="d"), AnswerSpan(1, 21, 32, "Second one.", doc_id="d")]
    assert verbatim(Answer("q", "First sentence here. [1] Second one. [1]", False, two), {"d": source})
    assert not verbatim(Answer("q", "Second one. [1] First sentence here. [1]", False, two), {"d": source})
    # a sentence too long to quote whole, cut: "…" marks where, and is the only thing added
    assert verbatim(Answer("q", "… sentence … [1]", False, [AnswerSpan(1, 6, 14, "sentence", doc_id="d")]), {"d": source})
    clause = AnswerSpan(1, 6, 20, "sentence here.", doc_id="d")
    assert verbatim(Answer("q", "… sentence here. [1]", False, [clause]), {"d": source})
    assert not verbatim(Answer("q", "… sentence here! [1]", False, [clause]), {"d": source})
    assert not verbatim(Answer("q", marked.text + " [2]", False, [marked]), {"d": source, "p": "other text"})


def test_document_and_page_right():
    scores = Scores()
    q = {"gold": ["alpha"], "kind": "fact", "doc": "paper-a", "page": 3}
    scores.add(q, outcome(["alpha"], "alpha [1]", doc_id="paper-a", page=3))  # both right
    scores.add(q, outcome(["alpha"], "alpha [1]", doc_id="paper-a", page=4))  # right paper, wrong page
    scores.add(q, outcome(["alpha"], "alpha [1]", doc_id="paper-b", page=3))  # page 3 of another paper
    scores.add(q, outcome(["alpha"], "", abstained=True))  # an abstention is neither
    scores.add({**q, "page": None}, outcome(["alpha"], "alpha [1]", doc_id="paper-a", page=0))  # no page given
    scores.add({**q, "gold": []}, outcome(["x"], "", abstained=True))  # the paper does not answer: not counted
    scores.add({**q, "page": 5}, outcome(["alpha"], "alpha [1]", doc_id="paper-a", page=4, pages=(4, 5)))  # runs on to 5
    s = scores.summary()
    assert (s["doc_questions"], s["page_questions"]) == (6, 5)
    assert s["doc_right"] == pytest.approx(4 / 6)
    assert s["page_right"] == pytest.approx(2 / 5)
    without = Scores()
    without.add({"gold": ["alpha"], "kind": "fact"}, outcome(["alpha"], "alpha [1]", doc_id="x", page=1))
    assert without.summary()["doc_right"] is None and without.summary()["page_right"] is None


def test_repeat_stability_counts_and_names_the_questions_that_differ():
    scores = Scores()
    first = outcome(["a"], "a [1]", signature="A")
    scores.add_repeat({"id": "q1", "question": "?"}, first, outcome(["a"], "a [1]", signature="A"))
    scores.add_repeat({"id": "q2", "question": "?"}, first, outcome(["a"], "b [1]", signature="B"))
    scores.add_repeat({"id": "q3", "question": "?"}, first, outcome(["a"], "a [1]", signature="A"))
    s = scores.summary()
    assert s["repeats"] == 3 and s["repeat_differ"] == ["q2"]
    assert s["repeat_same"] == pytest.approx(2 / 3)
    assert Scores().summary()["repeat_same"] is None


def test_signature_is_the_answer_less_its_timing():
    a = Answer("q", "Second one. [1]", False, [AnswerSpan(1, 21, 32, "Second one.", doc_id="d")], elapsed_ms=3.0)
    b = Answer("q", "Second one. [1]", False, [AnswerSpan(1, 21, 32, "Second one.", doc_id="d")], elapsed_ms=9.0)
    c = Answer("q", "Second one. [1]", False, [AnswerSpan(1, 20, 31, "Second one.", doc_id="d")], elapsed_ms=3.0)
    assert answer_signature(a) == answer_signature(b) != answer_signature(c)


def test_reliability_bins():
    pairs = [(0.05, False), (0.15, False), (0.5, True), (0.55, False), (0.9, True), (1.0, True), (0.95, False)]
    table = reliability(pairs, bins=5)
    assert table["answers"] == 7
    assert [row["n"] for row in table["bins"]] == [2, 0, 2, 0, 3]  # 1.0 falls in the last bin
    assert table["bins"][0]["accuracy"] == 0 and table["bins"][1]["accuracy"] is None
    assert table["bins"][2]["accuracy"] == pytest.approx(0.5)
    assert table["bins"][4]["mean_confidence"] == pytest.approx((0.9 + 1.0 + 0.95) / 3)
    assert table["bins"][4]["accuracy"] == pytest.approx(2 / 3)
    gaps = 2 * 0.1 + 2 * abs(0.525 - 0.5) + 3 * abs(0.95 - 2 / 3)
    assert table["ece"] == pytest.approx(gaps / 7)
    assert reliability([]) is None


def test_confidence_is_calibrated_on_answers_given():
    scores = Scores()
    scores.add({"gold": ["alpha"], "kind": "fact"}, outcome(["alpha"], "alpha [1]", confidence=0.9))  # right
    scores.add({"gold": ["alpha"], "kind": "fact"}, outcome(["x"], "x [1]", confidence=0.7))  # wrong
    scores.add({"gold": ["alpha"], "kind": "fact"}, outcome(["x"], "", abstained=True, confidence=0.0))  # not an answer
    scores.add({"gold": [], "kind": "none"}, outcome(["x"], "x [1]", confidence=0.3))  # answered: wrong
    table = scores.summary()["confidence"]
    assert table["answers"] == 3
    assert [(row["n"], row["correct"]) for row in table["bins"]] == [(0, 0), (1, 0), (0, 0), (1, 0), (1, 1)]
    assert Scores().summary()["confidence"] is None  # no confidence given: the report says n/a


def test_answer_page_from_the_engine_data():
    boxed = AnswerSpan(2, 10, 20, "x", doc_id="d", boxes=(Box(4, 1, 2, 3, 4), Box(5, 1, 2, 3, 4)))
    passage = Passage(2, 0, "d", "T", "S", 1, "body", 0, 30, ((0, 30),), 1.0, "x", (), page=3)
    assert answer_page(Answer("q", "x [2]", False, [boxed], [passage]), IndexStub()) == 4  # where it is printed
    assert answer_pages(Answer("q", "x [2]", False, [boxed], [passage]), IndexStub()) == (4, 5)  # over a page break
    plain = AnswerSpan(2, 10, 20, "x", doc_id="d")
    assert answer_page(Answer("q", "x [2]", False, [plain], [passage]), IndexStub()) == 3  # else its passage's page


class IndexStub:
    documents: dict = {}


def test_question_sets_and_split_patterns(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("".join(json.dumps({"id": i, "split": s}) + "\n" for i, s in
                         [("1", "dev"), ("2", "heldout"), ("3", "heldout10")]))
    b.write_text("".join(json.dumps({"id": i, "split": s}) + "\n" for i, s in [("4", "papers-dev"), ("5", "papers-heldout")]))
    ids = lambda qs: [q["id"] for q in qs]
    assert ids(load_questions([a, b])) == ["1", "2", "3", "4", "5"]
    assert ids(load_questions([a, b], ["dev", "papers-dev"])) == ["1", "4"]
    assert ids(load_questions([a, b], ["heldout*"])) == ["2", "3"]
    assert ids(load_questions(a, "dev")) == ["1"]
    assert [question_set(q) for q in load_questions([a, b])] == ["editorial"] * 3 + ["papers"] * 2


def test_two_sets_reported_side_by_side():
    questions = [
        {"id": "e1", "question": "q1", "gold": ["alpha"], "kind": "fact", "split": "dev"},
        {"id": "e2", "question": "q2", "gold": [], "kind": "unanswerable", "split": "heldout"},
        {"id": "p1", "question": "q3", "gold": ["beta"], "kind": "fact", "split": "papers-dev", "doc": "pa", "page": 2},
        {"id": "p2", "question": "q4", "gold": ["gamma"], "kind": "table", "split": "papers-dev", "doc": "pb", "page": 5},
    ]
    asked: list[str] = []

    def flaky(question):  # q4 is answered differently each time it is asked
        asked.append(question["id"])
        answers = {"e1": ("alpha [1]", "pa", 1), "e2": ("x [1]", "pa", 1), "p1": ("beta [1]", "pa", 2),
                   "p2": ("gamma [1]", "pa", 5)}
        text, doc, page = answers[question["id"]]
        signature = text + (str(len(asked)) if question["id"] == "p2" else "")
        return Outcome([text], text, False, True, 0.002, doc_id=doc, page=page, signature=signature)

    results = {"date": "today", "machine": "here", "sets": ["editorial", "papers"],
               "methods": evaluate({"project": flaky}, questions, repeats=2)}
    assert asked[1:9] == ["e1", "e1", "e2", "e2", "p1", "p1", "p2", "p2"]  # after the warm-up, twice in a row
    quality = results["methods"]["project"]["quality"]
    assert list(quality) == ["heldout", "dev", "papers-dev", "editorial", "papers", "all"]
    assert quality["papers"]["doc_right"] == pytest.approx(1 / 2) and quality["papers"]["page_right"] == pytest.approx(1 / 2)
    assert quality["editorial"]["doc_right"] is None
    assert quality["papers"]["repeat_differ"] == ["p2"] and quality["all"]["repeat_differ"] == ["p2"]
    assert quality["editorial"]["repeat_same"] == 1.0
    assert quality["dev"]["latency_ms"]["samples"] == 3  # twice on the first pass, once on the second
    assert quality["editorial"]["latency_ms"]["samples"] == 2 * 3
    report = format_report(results, {}, ["a.jsonl", "b.jsonl"])
    # held-out splits first, then the set's totals; a set of one split has no table beside the split's
    assert (report.index("### heldout (1") < report.index("### dev (1") < report.index("### editorial set: all (2")
            < report.index("### papers-dev (2") < report.index("### all (4"))
    assert "papers set: all" not in report
    assert "| kind | heldout recall@3 | heldout answer | dev recall@3 | dev answer | editorial recall@3 | editorial answer |" in report
    assert "| kind | papers-dev recall@3 | papers-dev answer |\n" in report
    assert "- project: 1 of 2 the same answer; differ: p2" in report
    assert "confidence: n/a" in report and "| n/a |" in report  # no confidence, no document for the editorial


def test_eval_command_smoke(config_path, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in [
        {"id": "a", "question": "Who wrote this editorial?", "gold": ["Jianping Xie"], "kind": "metadata", "split": "dev"},
        {"id": "b", "question": "How long was the Cu/Ni electrolysis stable?", "gold": ["30 h"], "kind": "number", "split": "heldout2"},
        {"id": "c", "question": "How do I bake bread?", "gold": [], "kind": "unanswerable", "split": "heldout10"},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "results.json"
    result = run(config_path, "eval", str(questions), "--json", str(out), "--repeats", "1", "--methods", "bm25", "naive")
    assert result.returncode == 0, result.stderr
    assert "| project |" in result.stdout and "| naive |" in result.stdout
    # every split is reported, held-out ones first in the order they were written (heldout10 after heldout2),
    # and the by-kind table has a column pair per split
    report = result.stdout
    assert (report.index("### heldout2 (1 questions)") < report.index("### heldout10 (1 questions)")
            < report.index("### dev (1 questions)") < report.index("### all (3"))
    assert ("| kind | heldout2 recall@3 | heldout2 answer | heldout10 recall@3 | heldout10 answer | dev recall@3 | "
            "dev answer | all recall@3 | all answer |") in report
    data = json.loads(out.read_text())
    assert set(data["methods"]) == {"project", "bm25", "naive"}
    assert data["methods"]["project"]["quality"]["all"]["questions"] == 3
    assert {"index_build_seconds", "seconds_to_first_answer", "peak_memory_mb", "encode_ms", "retrieve_ms",
            "answer_ms", "encoder_onnx_int8_1_thread_ms", "encoder_onnx_float32_1_thread_ms",
            "encoder_torch_float32_1_thread_ms"} <= set(data["speed"])
    quality = data["methods"]["project"]["quality"]
    assert quality["all"]["repeats"] == 3 and quality["all"]["repeat_differ"] == []  # asked twice, same answers
    assert quality["all"]["doc_right"] is None  # no question names its document
    assert "### repeat stability (all questions)" in report and "- project: 3 of 3 the same answer" in report
    assert out.with_suffix(".md").read_text() == report.rstrip("\n") + "\n"
    # --methods naming none: the project alone
    result = run(config_path, "eval", str(questions), "--json", str(out), "--repeats", "1", "--methods")
    assert result.returncode == 0, result.stderr
    assert set(json.loads(out.read_text())["methods"]) == {"project"}
    # --splits chooses the questions asked (names or patterns); none of them: nothing is run
    result = run(config_path, "eval", str(questions), "--splits", "papers-*", "dev2")
    assert result.returncode == 2 and "no questions" in result.stderr and "papers-*, dev2" in result.stderr
