#!/usr/bin/env python
"""Fit the learned re-rankers (assistant/rerank.py) on benchmark questions; write assistant/data/reranker.yaml
(passages) or assistant/data/sentence_reranker.yaml (answer sentences, ``--model sentences``).

    make bench-library        # the library every question is asked of
    .venv/bin/python bench/fit_reranker.py --check papers-z   # fit without those files, report on them
    .venv/bin/python bench/fit_reranker.py                    # fit on every tuning file, write the weights
    make fit-reranker EXCLUDE="z27 z28"   # both models, the fresh held-out files left out

Each answerable question is asked of the benchmark library (bench/library.yaml) with the re-ranker off (the
benchmark's "fused" method); each of its first ``retrieval.rerank_depth`` candidates (the ones the re-ranker
orders; fitted deeper, it ranked worse) gets the features of ``rerank.candidate_features`` and the label
"holds a gold string". For each question, each (gold, other) pair of its candidates gives the difference of
their features with label 1 and the reverse with label 0: a logistic regression without intercept on these
(C = 1) is RankNet's pairwise loss with a linear scorer (Burges et al., ICML 2005). Questions of the editorial set weigh
``--editorial-weight`` times as much: they are fewer, and the project's held-out editorial splits may not
fall. They are asked twice, each time at half that weight: of the benchmark library and of the editorial alone
(``--alone``, the library the project ships): fitted on the library only, the re-ranker put a body sentence
above the reference entry asked for in the one-paper library and lost 12 of 403 first passages there. The
fresh held-out question sets (``--exclude``) are never fitted on.

The sentence model is fitted the same way on the answer sentences: each question is asked with the passage
re-ranker on (as answers are), its sentences ordered by answer selection's steps (``answer.ordered_sentences``),
and each of the first ``answer.rerank_depth`` gets the features of ``rerank.sentence_features`` and the label
"holds a gold string"; not follow-ups (their sentences are not re-ranked) or metadata questions (their
document's metadata lines answer).
"""
from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answer import asks_metadata_of_one, ordered_sentences  # noqa: E402
from assistant.engine import Assistant  # noqa: E402
from assistant.evaluation import contains_gold  # noqa: E402
from assistant.rerank import (FEATURES, SENTENCE_FEATURES, SENTENCE_WEIGHTS_FILE, WEIGHTS_FILE,  # noqa: E402
                              candidate_features, reorderable, sentence_features)
from assistant.types import join_spans  # noqa: E402

C = 1.0  # inverse regularization strength: 0.1-10 gave the same held-out hit@1 within 0.01


def question_features(bot: Assistant, question: dict) -> tuple[np.ndarray, np.ndarray]:
    """The features of a question's reorderable candidates (fused order) and whether each holds a gold string."""
    if question.get("history"):  # a follow-up is not re-ranked (retrieval.py)
        return np.zeros((0, len(FEATURES))), np.zeros(0, dtype=bool)
    query = bot.analyze(question["question"], question.get("history", []), None)
    retrieved = bot.retriever.search(query, "fused")
    candidates = retrieved.candidates[: bot.config.retrieval.rerank_depth]
    features = candidate_features(query, candidates, bot.index, retrieved.vectors.own)
    places = reorderable(candidates)  # the others keep their places whatever they score
    gold = np.array([contains_gold(candidates[k].chunk.text, question["gold"]) for k in places], dtype=bool)
    return features[places], gold


def sentence_question_features(bot: Assistant, question: dict) -> tuple[np.ndarray, np.ndarray]:
    """The features of the answer sentences the sentence re-ranker orders for a question, in answer selection's
    order, and whether each holds a gold string. (Labelled also "the sentence after it holds one", which the
    answer quotes with it when the length allows, the model lost answers: 0.627 → 0.624 on z1–z10 against 0.651.)"""
    query = bot.analyze(question["question"], question.get("history", []), None)
    retrieved = bot.retriever.search(query, "hybrid")
    if asks_metadata_of_one(query) or not retrieved.learned:  # a follow-up's sentences are not re-ranked
        return np.zeros((0, len(SENTENCE_FEATURES))), np.zeros(0, dtype=bool)
    scored, sentences, _ = ordered_sentences(retrieved, bot.index, 10, bot.config.answer)
    top = sentences[: bot.config.answer.rerank_depth]
    gold = np.array([contains_gold(join_spans(bot.index.documents[s.doc_id].source, s.spans), question["gold"])
                     for s in top], dtype=bool)
    return sentence_features(query, top, scored), gold


# what each model is fitted on and written to: (features of one question, feature names, weights file, its name,
# the editorial questions' weight: at 3 the sentence model cost the editorial alone 1 point of its tuning answers,
# at 6 none of the real papers', and the same out of sample on z1-z10 either way)
MODELS = {"passages": (question_features, FEATURES, WEIGHTS_FILE, "learned re-ranker", 3.0),
          "sentences": (sentence_question_features, SENTENCE_FEATURES, SENTENCE_WEIGHTS_FILE,
                        "learned sentence re-ranker", 6.0)}


def pairs(rows: list[tuple[np.ndarray, np.ndarray, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, y, weight = [], [], []
    for features, gold, w in rows:
        for i in np.flatnonzero(gold):
            for j in np.flatnonzero(~gold):
                x += [features[i] - features[j], features[j] - features[i]]
                y += [1, 0]
                weight += [w, w]
    return np.array(x), np.array(y), np.array(weight)


def fit(rows: list[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    x, y, weight = pairs(rows)
    return LogisticRegression(C=C, max_iter=10_000, fit_intercept=False).fit(x, y, sample_weight=weight).coef_[0]


def hits(rows: list[tuple[np.ndarray, np.ndarray, float]], weights: np.ndarray | None) -> tuple[float, float]:
    """hit@1 and recall@3 over the questions of ``rows`` in the order given (the fused one, answer selection's;
    ``weights`` None) or re-ranked."""
    hit1 = recall3 = 0
    for features, gold, _ in rows:
        order = np.arange(len(gold)) if weights is None else np.argsort(-(features @ weights), kind="stable")
        hit1 += bool(len(gold)) and bool(gold[order[0]])
        recall3 += bool(gold[order[:3]].any())
    return hit1 / max(len(rows), 1), recall3 / max(len(rows), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default=str(ROOT / "bench" / "library.yaml"))
    parser.add_argument("--alone", default=str(ROOT / "assistant.yaml"),
                        help="the configuration of the editorial alone, whose questions are asked of it too")
    parser.add_argument("--editorial", default=str(ROOT / "bench" / "questions.jsonl"))
    parser.add_argument("--editorial-holdout", default="heldout9,heldout10",
                        help="the editorial splits never fitted on (comma-separated): the project's held-out ones")
    parser.add_argument("--papers", nargs="*", default=sorted(str(p) for p in (ROOT / "bench").glob("questions-papers-*.jsonl")))
    parser.add_argument("--exclude", nargs="*", default=[], help="paper files never fitted on (name fragments)")
    parser.add_argument("--check", nargs="*", default=[], help="name fragments of paper files to hold out and report on; nothing is written")
    parser.add_argument("--model", choices=tuple(MODELS), default="passages")
    parser.add_argument("--editorial-weight", type=float, help="default: the model's (MODELS)")
    args = parser.parse_args()
    features_of, names, weights_file, title, editorial_weight = MODELS[args.model]
    args.editorial_weight = args.editorial_weight or editorial_weight

    bot = Assistant.load(args.config, log=lambda s: None)
    holdout = set(args.editorial_holdout.split(","))
    editorial = [q for q in map(json.loads, open(args.editorial, encoding="utf-8"))
                 if q["gold"] and q.get("split") not in holdout]
    files = [f for f in args.papers if not any(x in f for x in args.exclude)]
    papers = {f: [q for q in map(json.loads, open(f, encoding="utf-8")) if q["gold"]] for f in files}
    rows = {f: [(*features_of(bot, q), 1.0) for q in qs] for f, qs in papers.items()}
    alone = Assistant.load(args.alone, log=lambda s: None)
    rows["editorial"] = [(*features_of(bot, q), args.editorial_weight / 2) for q in editorial]
    rows["editorial alone"] = [(*features_of(alone, q), args.editorial_weight / 2) for q in editorial]
    rows = {f: [r for r in rs if len(r[1])] for f, rs in rows.items()}  # nothing to order
    held = [f for f in rows if any(x in f for x in args.check)] if args.check else []
    weights = fit([r for f, rs in rows.items() if f not in held for r in rs])
    editorials = ("editorial", "editorial alone")
    for name, part in (("held out", [r for f in held for r in rows[f]]), *((e, rows[e]) for e in editorials),
                       ("fitted papers", [r for f, rs in rows.items() if f not in held and f not in editorials
                                          for r in rs])):
        if part:
            (h0, r0), (h1, r1) = hits(part, None), hits(part, weights)
            print(f"{name:14s} n={len(part):5d} hit@1 {h0:.3f} -> {h1:.3f}   recall@3 {r0:.3f} -> {r1:.3f}")
    if held:
        return
    fitted_on = [Path(f).name for f in files] + [f"{Path(args.editorial).name} (less {args.editorial_holdout}; "
                                                 "of the library and of the editorial alone)"]
    header = (f"# The {title}'s weights (assistant/rerank.py), one per feature, written by bench/fit_reranker.py\n"
              f"# on {datetime.date.today()}: pairwise logistic regression, C = {C}, editorial questions x{args.editorial_weight},\n"
              f"# over {sum(len(r) for f, r in rows.items() if f != 'editorial alone')} answerable questions of:\n"
              + "".join(f"#   {', '.join(fitted_on[i:i + 6])}\n" for i in range(0, len(fitted_on), 6)) +
              f"# Refit (and re-measure) when a feature or the candidates change.\n")
    body = yaml.safe_dump({"weights": {name: round(float(w), 4) for name, w in zip(names, weights)}}, sort_keys=False)
    weights_file.write_text(header + body, encoding="utf-8")
    print(f"wrote {weights_file}")


if __name__ == "__main__":
    main()
