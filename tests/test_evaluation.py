"""The evaluation metrics on hand-made inputs, and a smoke run of `assistant eval`."""
from __future__ import annotations

import json

import pytest

from assistant.evaluation import Outcome, Scores, contains_gold, first_hit, match_form, verbatim
from assistant.types import Answer, AnswerSpan
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


def outcome(passages, answer="", abstained=False, exact=True):
    return Outcome(passages, answer, abstained, exact, 0.01)


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
            "answer_ms", "encoder_onnx_1_thread_ms", "encoder_torch_1_thread_ms"} <= set(data["speed"])
