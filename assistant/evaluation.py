"""`assistant eval`: answer quality and speed of several methods, side by side, on one question set.

Methods, on the same questions in the same run: the project as configured
(hybrid), BM25 only, dense only, and a naive baseline of the kind a tutorial
builds (fixed 1000-character chunks with 200 overlap, the same MiniLM, faiss
flat, the best sentence of the top chunk as the answer).
"""
from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .text import normalize, remove_markers, find_markers, split_sentences

METHODS = ("project", "bm25", "dense", "naive")
MAX_ANSWER_CHARS = 350
MAX_CITATION_NUMBER = 10_000  # markers are removed for matching whatever they cite
_CITATION = re.compile(r" \[\d+\](?: |$)")  # the [n] after each answer sentence


def match_form(text: str) -> str:
    """Text as gold is matched: normalized, markers removed, case-folded."""
    return normalize(remove_markers(text, find_markers(text, MAX_CITATION_NUMBER))).casefold()


def contains_gold(text: str, gold: list[str]) -> bool:
    form = match_form(text)
    return any(match_form(g) in form for g in gold)


def first_hit(passages: list[str], gold: list[str], depth: int) -> int | None:
    """1-based rank of the first passage containing a gold string, within ``depth``."""
    return next((rank for rank, text in enumerate(passages[:depth], start=1) if contains_gold(text, gold)), None)


@dataclass
class Outcome:
    """What one method returned for one question."""
    passages: list[str]
    answer: str
    abstained: bool
    verbatim: bool
    seconds: float


@dataclass
class Scores:
    answerable: int = 0
    unanswerable: int = 0
    hit1: int = 0
    recall3: int = 0
    mrr10: float = 0.0
    correct_answers: int = 0
    verbatim: int = 0
    answered: int = 0
    abstained_unanswerable: int = 0
    abstained_answerable: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind → [questions, recall@3, answer ok]

    def add(self, question: dict, outcome: Outcome) -> None:
        gold, kind = question["gold"], question["kind"]
        row = self.by_kind.setdefault(kind, [0, 0, 0])
        row[0] += 1
        if not outcome.abstained:
            self.answered += 1
            self.verbatim += outcome.verbatim
        if not gold:
            self.unanswerable += 1
            self.abstained_unanswerable += outcome.abstained
            row[1] += outcome.abstained
            row[2] += outcome.abstained
            return
        self.answerable += 1
        self.abstained_answerable += outcome.abstained
        rank = first_hit(outcome.passages, gold, 10)
        self.hit1 += rank == 1
        self.recall3 += rank is not None and rank <= 3
        self.mrr10 += 1 / rank if rank else 0.0
        ok = (not outcome.abstained and len(_CITATION.sub(" ", outcome.answer).strip()) <= MAX_ANSWER_CHARS
              and contains_gold(outcome.answer, gold))
        self.correct_answers += ok
        row[1] += rank is not None and rank <= 3
        row[2] += ok

    def summary(self) -> dict[str, Any]:
        a, u = max(1, self.answerable), max(1, self.unanswerable)
        return {
            "questions": self.answerable + self.unanswerable,
            "hit@1": self.hit1 / a,
            "recall@3": self.recall3 / a,
            "mrr@10": self.mrr10 / a,
            "answer_accuracy": self.correct_answers / a,
            "verbatim_rate": self.verbatim / max(1, self.answered),
            "abstention_accuracy": self.abstained_unanswerable / u,
            "false_abstention": self.abstained_answerable / a,
            "by_kind": {k: {"n": n, "recall@3_or_abstained": r / n, "answer_ok": ok / n}
                        for k, (n, r, ok) in sorted(self.by_kind.items())},
        }


# --- the methods -----------------------------------------------------------------

def verbatim(answer, sources: dict[str, str]) -> bool:
    """Every answer span is exactly its source slice, and the answer is those spans' text and nothing else."""
    spans_ok = all(
        any(source[s.start:s.end] == s.text for source in sources.values()) for s in answer.answer_spans
    )
    spoken = " ".join(" ".join(s.text.split()) for s in answer.answer_spans)
    return spans_ok and spoken == " ".join(_CITATION.sub(" ", answer.answer).split())


def project_method(bot, method: str) -> Callable[[dict], Outcome]:
    sources = {doc_id: d.source for doc_id, d in bot.index.documents.items()}

    def run(question: dict) -> Outcome:
        started = time.perf_counter()
        answer = bot.ask(question["question"], history=question.get("history"), k=10, method=method)
        seconds = time.perf_counter() - started
        passages = [p.text for p in answer.passages]
        if answer.abstained:  # an abstention shows no passages: rank them anyway, for the retrieval metrics
            _, hits = bot.retrieve(question["question"], history=question.get("history"), method=method)
            passages = [bot.index.chunks[h.chunk_id].text for h in hits[:10]]
        return Outcome(passages, answer.answer, answer.abstained, verbatim(answer, sources), seconds)

    return run


class NaiveBaseline:
    """Fixed 1000-character chunks, 200 overlap, MiniLM + faiss flat; best sentence of the top chunk."""

    def __init__(self, sources: dict[str, str], encoder, size: int = 1000, overlap: int = 200):
        import faiss

        self.encoder = encoder
        self.chunks = [src[i:i + size] for src in sources.values() for i in range(0, max(1, len(src) - overlap), size - overlap)]
        self.index = faiss.IndexFlatIP(encoder.dimension)
        self.index.add(encoder.encode(self.chunks))
        self.sources = sources

    def __call__(self, question: dict) -> Outcome:
        started = time.perf_counter()
        vector = self.encoder.encode_query(question["question"])
        _, ids = self.index.search(vector.reshape(1, -1), 10)
        passages = [self.chunks[i] for i in ids[0] if i >= 0]
        top = passages[0]
        sentences = [top[s:e] for s, e in split_sentences(top)]
        scores = self.encoder.encode(sentences) @ vector
        answer = sentences[int(np.argmax(scores))]
        seconds = time.perf_counter() - started
        return Outcome(passages, answer, False, any(answer in s for s in self.sources.values()), seconds)


# --- running and reporting ---------------------------------------------------------

def load_questions(path: Path, split: str | None = None, limit: int | None = None) -> list[dict]:
    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if split:
        questions = [q for q in questions if q.get("split") == split]
    return questions[:limit] if limit else questions


def evaluate(methods: dict[str, Callable[[dict], Outcome]], questions: list[dict], repeats: int = 3) -> dict:
    """Quality per split and method, and warm latency over ``repeats`` passes."""
    results: dict[str, Any] = {}
    for name, run in methods.items():
        run(questions[0])  # warm-up
        splits: dict[str, Scores] = {}
        latencies: list[float] = []
        for repeat in range(repeats):
            for question in questions:
                outcome = run(question)
                latencies.append(outcome.seconds * 1000)
                if repeat == 0:
                    for split in ("all", question.get("split", "dev")):
                        splits.setdefault(split, Scores()).add(question, outcome)
        results[name] = {
            "quality": {split: scores.summary() for split, scores in splits.items()},
            "latency_ms": {"median": statistics.median(latencies),
                           "p95": float(np.percentile(latencies, 95)), "samples": len(latencies)},
        }
    return results


def stage_timings(bot, questions: list[dict], repeats: int = 3) -> dict[str, float]:
    """Median milliseconds of each stage of a warm question: encoder, retrieval, answer selection;
    and the encoder alone, per backend (ONNX Runtime, torch) with one and with two threads, side by side."""
    from .answer import build_answer
    from .embedding import Encoder

    stages: dict[str, list[float]] = {"encode_ms": [], "retrieve_ms": [], "answer_ms": []}
    for _ in range(repeats):
        for question in questions:
            started = time.perf_counter()
            query = bot.retriever.query(question["question"], question.get("history") or [])
            encoded = time.perf_counter()
            hits = bot.retriever.search(query)
            retrieved = time.perf_counter()
            build_answer(query, bot.index, hits, bot.config.retrieval.k, bot.config.answer)
            done = time.perf_counter()
            stages["encode_ms"].append((encoded - started) * 1000)
            stages["retrieve_ms"].append((retrieved - encoded) * 1000)
            stages["answer_ms"].append((done - retrieved) * 1000)
    result = {name: statistics.median(values) for name, values in stages.items()}
    config = bot.config
    for backend in ("onnx", "torch"):
        for threads in (1, 2):
            encoder = Encoder(config.model, threads, backend, config.encoder_cache)
            encoder.encode_query(questions[0]["question"])  # warm-up
            times = []
            for _ in range(repeats):
                for question in questions:
                    started = time.perf_counter()
                    encoder.encode_query(question["question"])
                    times.append((time.perf_counter() - started) * 1000)
            result[f"encoder_{backend}_{threads}_thread_ms"] = statistics.median(times)
    return result


# The fresh process reports its own peak, VmHWM of the address space it got at exec: the rusage of a
# child forked from this (large) process counts the pages the two shared before the exec.
_COLD_START = ("import sys; from assistant.cli import main; code = main(sys.argv[1:]); "
               "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')), file=sys.stderr); "
               "sys.exit(code)")


def cold_start(config_path: str | None, question: str) -> dict[str, float]:
    """Wall time and peak memory of a fresh process answering one question."""
    command = [sys.executable, "-c", _COLD_START] + (["--config", config_path] if config_path else []) + [
        "ask", question, "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    return {"seconds_to_first_answer": seconds, "peak_memory_mb": int(done.stderr.split()[-1]) / 1024}


def build_time(bot) -> float:
    from .index import build_index

    with tempfile.TemporaryDirectory() as tmp:
        config = replace(bot.config, index_dir=Path(tmp))
        started = time.perf_counter()
        build_index(config, bot.encoder, log=lambda m: None, progress=False)
        return time.perf_counter() - started


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}"


def format_report(results: dict, speed: dict, questions_file: str) -> str:
    project = results["methods"]["project"]
    lines = [f"Questions: {questions_file} · machine: {results['machine']} · {results['date']}", ""]
    metrics = ["hit@1", "recall@3", "mrr@10", "answer_accuracy", "verbatim_rate",
               "abstention_accuracy", "false_abstention"]
    splits = sorted(project["quality"], key=lambda name: (name == "all", name == "dev"))  # held-out first, as written
    for split in splits:
        n = project["quality"][split]["questions"]
        lines += [f"### {split} ({n} questions)", "",
                  "| method | " + " | ".join(metrics) + " | median ms | p95 ms |",
                  "|---" * (len(metrics) + 3) + "|"]
        for name, result in results["methods"].items():
            q = result["quality"][split]
            lines.append(f"| {name} | " + " | ".join(f"{q[m]:.3f}" for m in metrics)
                         + f" | {result['latency_ms']['median']:.1f} | {result['latency_ms']['p95']:.1f} |")
        lines.append("")
    lines += ["### ratios against the project (all questions)", "",
              "| method | " + " | ".join(metrics[:4]) + " | median latency |", "|---" * 6 + "|"]
    base = project["quality"]["all"]
    for name, result in results["methods"].items():
        q = result["quality"]["all"]
        ratios = [f"{q[m] / base[m]:.2f}" if base[m] else "–" for m in metrics[:4]]
        lines.append(f"| {name} | " + " | ".join(ratios)
                     + f" | {result['latency_ms']['median'] / project['latency_ms']['median']:.2f} |")
    lines += ["", "### by kind (project): recall@3 (abstained, for unanswerable) · answer ok, per split", "",
              "| kind | " + " | ".join(f"{split} recall@3 | {split} answer" for split in splits) + " |",
              "|---" * (1 + 2 * len(splits)) + "|"]
    for kind, row in project["quality"]["all"]["by_kind"].items():
        cells = []
        for split in splits:
            found = project["quality"][split]["by_kind"].get(kind)
            cells.append(f"{found['recall@3_or_abstained']:.2f} | {found['answer_ok']:.2f}" if found else "– | –")
        lines.append(f"| {kind} ({row['n']}) | " + " | ".join(cells) + " |")
    lines += ["", "### speed (project)", "",
              f"- warm query latency: median {project['latency_ms']['median']:.1f} ms, "
              f"p95 {project['latency_ms']['p95']:.1f} ms ({project['latency_ms']['samples']} queries, in-process)"]
    lines += [f"- {key.replace('_', ' ')}: {value:.2f}" for key, value in speed.items()]
    return "\n".join(lines) + "\n"


def run_evaluation(args) -> int:
    from .engine import Assistant

    questions = load_questions(Path(args.file), args.split, args.limit)
    if not questions:
        print(f"assistant: no questions in {args.file}", file=sys.stderr)
        return 2
    bot = Assistant.load(args.config)
    wanted = ["project"] + [m for m in (args.methods or METHODS) if m != "project"]
    methods: dict[str, Callable[[dict], Outcome]] = {}
    for name in wanted:
        if name == "naive":
            methods[name] = NaiveBaseline({d: doc.source for d, doc in bot.index.documents.items()}, bot.encoder)
        elif name in METHODS:
            methods[name] = project_method(bot, "hybrid" if name == "project" else name)
        else:
            print(f"assistant: unknown method {name!r}; choose from {', '.join(METHODS)}", file=sys.stderr)
            return 2
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "methods": evaluate(methods, questions, repeats=args.repeats),
    }
    speed = {**stage_timings(bot, questions, args.repeats), "index_build_seconds": build_time(bot),
             **cold_start(args.config, questions[0]["question"])}
    results["speed"] = speed
    report = format_report(results, speed, args.file)
    print(report)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0
