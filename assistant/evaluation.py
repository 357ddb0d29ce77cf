"""`assistant eval`: answer quality and speed of several methods, side by side, on one library.

Methods, on the same questions in the same run: the project as configured
(hybrid), BM25 only, dense only, and a naive baseline of the kind a tutorial
builds (fixed 1000-character chunks with 200 overlap, the same MiniLM, faiss
flat, the best sentence of the top chunk as the answer).

Several question files may be asked of one library (`make bench`: the editorial
set and the real-paper set, bench/library.yaml). Questions fall into sets by
their split (``papers-…`` splits are the real-paper set, the others the
editorial set) and are reported per split, per set and in all. Besides
retrieval and answer quality: whether the answer comes from the question's
document and page (questions that name a ``doc`` and a ``page``), whether a
question asked twice in a row gets the same answer, how well the answer's
``confidence`` is calibrated (when the engine gives one), and latency.
"""
from __future__ import annotations

import fnmatch
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from .text import normalize, remove_markers, find_markers, split_sentences

METHODS = ("project", "fused", "bm25", "dense", "naive")  # fused: the project less its learned re-ranker
MAX_ANSWER_CHARS = 350
MAX_CITATION_NUMBER = 10_000  # markers are removed for matching whatever they cite
CONFIDENCE_BINS = 5  # the reliability table: [0, 0.2), [0.2, 0.4), …, [0.8, 1.0]
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


def question_set(question: dict) -> str:
    """The set a question belongs to: "papers" (splits papers-dev, papers-heldout) or "editorial"."""
    return "papers" if str(question.get("split", "")).startswith("papers") else "editorial"


@dataclass
class Outcome:
    """What one method returned for one question."""
    passages: list[str]
    answer: str
    abstained: bool
    verbatim: bool
    seconds: float
    doc_id: str | None = None  # the document of the answer's first span (None when abstaining)
    page: int | None = None  # the 1-based page where the answer's first span starts (0: a document without pages)
    pages: tuple[int, ...] = ()  # every page that span is printed on (it may run over a page break)
    confidence: float | None = None  # the answer's confidence, when the method gives one
    signature: str = ""  # the answer as returned, less its timing: equal signatures are the same answer


def reliability(pairs: Iterable[tuple[float, bool]], bins: int = CONFIDENCE_BINS) -> dict[str, Any] | None:
    """Reliability table of (confidence, correct) pairs: per confidence bin the answers, their mean
    confidence and the share correct; and the expected calibration error (the answers' weighted gap
    between confidence and accuracy). None when there are no confidences."""
    pairs = list(pairs)
    if not pairs:
        return None
    rows = []
    gap = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (b == bins - 1 and c >= high)]
        if not inside:
            rows.append({"low": low, "high": high, "n": 0, "correct": 0, "mean_confidence": None, "accuracy": None})
            continue
        mean = sum(c for c, _ in inside) / len(inside)
        correct = sum(ok for _, ok in inside)
        rows.append({"low": low, "high": high, "n": len(inside), "correct": correct,
                     "mean_confidence": mean, "accuracy": correct / len(inside)})
        gap += len(inside) * abs(mean - correct / len(inside))
    return {"answers": len(pairs), "bins": rows, "ece": gap / len(pairs)}


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
    doc_questions: int = 0  # answerable questions that name their document
    doc_right: int = 0
    page_questions: int = 0  # answerable questions that name the page of their gold
    page_right: int = 0
    repeats: int = 0  # questions asked twice in a row
    repeat_differ: list[str] = field(default_factory=list)  # ids of those answered differently the second time
    calibration: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, correct) of each answer
    latencies: list[float] = field(default_factory=list)  # milliseconds of every run
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
            if not outcome.abstained and outcome.confidence is not None:
                self.calibration.append((outcome.confidence, False))
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
        if not outcome.abstained and outcome.confidence is not None:
            self.calibration.append((outcome.confidence, bool(ok)))
        if question.get("doc"):
            self.doc_questions += 1
            self.doc_right += not outcome.abstained and outcome.doc_id == question["doc"]
            if question.get("page"):
                self.page_questions += 1
                self.page_right += (not outcome.abstained and outcome.doc_id == question["doc"]
                                    and question["page"] in (outcome.pages or (outcome.page,)))

    def add_repeat(self, question: dict, first: Outcome, second: Outcome) -> None:
        """The same question asked again right after, with the same history."""
        self.repeats += 1
        if first.signature != second.signature:
            self.repeat_differ.append(str(question.get("id", question["question"])))

    def summary(self) -> dict[str, Any]:
        a, u = max(1, self.answerable), max(1, self.unanswerable)
        return {
            "questions": self.answerable + self.unanswerable,
            "answerable": self.answerable,
            "hit@1": self.hit1 / a,
            "recall@3": self.recall3 / a,
            "mrr@10": self.mrr10 / a,
            "answer_accuracy": self.correct_answers / a,
            "verbatim_rate": self.verbatim / max(1, self.answered),
            "abstention_accuracy": self.abstained_unanswerable / u,
            "false_abstention": self.abstained_answerable / a,
            "doc_right": self.doc_right / self.doc_questions if self.doc_questions else None,
            "doc_questions": self.doc_questions,
            "page_right": self.page_right / self.page_questions if self.page_questions else None,
            "page_questions": self.page_questions,
            "repeat_same": (self.repeats - len(self.repeat_differ)) / self.repeats if self.repeats else None,
            "repeats": self.repeats,
            "repeat_differ": list(self.repeat_differ),
            "confidence": reliability(self.calibration),
            "latency_ms": ({"median": statistics.median(self.latencies),
                            "p95": float(np.percentile(self.latencies, 95)), "samples": len(self.latencies)}
                           if self.latencies else None),
            "by_kind": {k: {"n": n, "recall@3_or_abstained": r / n, "answer_ok": ok / n}
                        for k, (n, r, ok) in sorted(self.by_kind.items())},
        }


# --- the methods -----------------------------------------------------------------

_ANSWER_MARKS = re.compile(r"(?:\[\d+\] ?)+")  # the [n] the answer puts after each of its sentences


def verbatim(answer, sources: dict[str, str]) -> bool:
    """Every answer span is exactly its source slice, and the answer is those spans' text, in order, with the
    answer's own [n] marks between them and nothing else (a span may itself hold "[59]", a paper's marker)
    but a "…" where a sentence too long to quote whole was cut."""
    spans_ok = all(
        (s.doc_id in sources and sources[s.doc_id][s.start:s.end] == s.text) if getattr(s, "doc_id", "")
        else any(source[s.start:s.end] == s.text for source in sources.values())
        for s in answer.answer_spans
    )
    rest = " ".join(answer.answer.split())
    for span in answer.answer_spans:
        text = " ".join(span.text.split())
        rest = rest.removeprefix("…").lstrip()
        if not rest.startswith(text):
            return False
        rest = rest[len(text):].lstrip().removeprefix("…").lstrip()
        marks = _ANSWER_MARKS.match(rest)
        rest = rest[marks.end():] if marks else rest
    return spans_ok and not rest.strip()


def answer_pages(answer, index) -> tuple[int, ...]:
    """1-based pages of the answer's first span, from the engine's data: the page it starts on (the span's own
    page, else its first printed line's), then any other page its lines are printed on; else the page of the
    passage it comes from; (0,) for a document without pages."""
    span = answer.answer_spans[0]
    boxes = span.boxes
    if not boxes and span.doc_id in index.documents:
        boxes = index.boxes_of(span.doc_id, [(span.start, span.end)])
    printed = tuple(dict.fromkeys(b.page for b in boxes))
    if getattr(span, "page", 0):
        return tuple(dict.fromkeys((span.page, *printed)))
    if printed:
        return printed
    passage = next((p for p in answer.passages if p.rank == span.passage), None)
    return (passage.page if passage else 0,)


def answer_page(answer, index) -> int:
    """1-based page where the answer's first span starts (0 for a document without pages)."""
    return answer_pages(answer, index)[0]


def answer_signature(answer) -> str:
    """The response as the engine returns it (its JSON), less the time it took and the ranked passages."""
    data = answer.to_dict()
    data.pop("elapsed_ms", None)
    data.pop("passages", None)
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


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
        spoken = not answer.abstained and bool(answer.answer_spans)
        pages = answer_pages(answer, bot.index) if spoken else ()
        confidence = getattr(answer, "confidence", None)
        return Outcome(passages, answer.answer, answer.abstained, verbatim(answer, sources), seconds,
                       doc_id=answer.answer_spans[0].doc_id if spoken else None,
                       page=pages[0] if spoken else None, pages=pages if spoken else (),
                       confidence=float(confidence) if confidence is not None else None,
                       signature=answer_signature(answer))

    return run


class NaiveBaseline:
    """Fixed 1000-character chunks, 200 overlap, MiniLM + faiss flat; best sentence of the top chunk."""

    def __init__(self, sources: dict[str, str], encoder, size: int = 1000, overlap: int = 200, index=None):
        import faiss

        self.encoder = encoder
        self.where = [(doc_id, i) for doc_id, src in sources.items()
                      for i in range(0, max(1, len(src) - overlap), size - overlap)]
        self.chunks = [sources[doc_id][i:i + size] for doc_id, i in self.where]
        self.index = faiss.IndexFlatIP(encoder.dimension)
        self.index.add(encoder.encode(self.chunks))
        self.sources = sources
        self.library = index  # the project's index, only to place an answer on its page

    def __call__(self, question: dict) -> Outcome:
        started = time.perf_counter()
        vector = self.encoder.encode_query(question["question"])
        _, ids = self.index.search(vector.reshape(1, -1), 10)
        passages = [self.chunks[i] for i in ids[0] if i >= 0]
        top = passages[0]
        spans = split_sentences(top)
        scores = self.encoder.encode([top[s:e] for s, e in spans]) @ vector
        start, end = spans[int(np.argmax(scores))]
        answer = top[start:end]
        seconds = time.perf_counter() - started
        doc_id, offset = self.where[int(ids[0][0])]
        offset += start
        pages: tuple[int, ...] = (0,)
        if self.library is not None and doc_id in self.library.documents:
            rects = self.library.boxes_of(doc_id, [(offset, offset + len(answer))])
            pages = tuple(dict.fromkeys(r.page for r in rects)) or (0,)
        return Outcome(passages, answer, False, any(answer in s for s in self.sources.values()), seconds,
                       doc_id=doc_id, page=pages[0], pages=pages, signature=json.dumps([answer, doc_id, offset]))


# --- running and reporting ---------------------------------------------------------

def load_questions(paths: Iterable[str | Path] | str | Path, splits: Iterable[str] | str | None = None,
                   limit: int | None = None) -> list[dict]:
    """The questions of one or more JSONL files, in order; only those whose split matches one of ``splits``
    (names or shell patterns: "heldout*") when given; the first ``limit`` when given."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    questions = [json.loads(line) for path in paths
                 for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if splits:
        patterns = [splits] if isinstance(splits, str) else list(splits)
        questions = [q for q in questions if any(fnmatch.fnmatchcase(str(q.get("split", "dev")), p) for p in patterns)]
    return questions[:limit] if limit else questions


def _ordered_splits(splits: Iterable[str]) -> list[str]:
    """Splits in the order they were written, the development splits last (held-out first)."""
    return sorted(dict.fromkeys(splits), key=lambda name: name == "dev" or name.endswith("-dev"))


def evaluate(methods: dict[str, Callable[[dict], Outcome]], questions: list[dict], repeats: int = 3) -> dict:
    """Quality per split, per set and in all, for each method; every question is asked twice in a row on the
    first pass (repeat stability), then once per further pass (warm latency over ``repeats`` passes)."""
    results: dict[str, Any] = {}
    splits = _ordered_splits(q.get("split", "dev") for q in questions)
    sets = list(dict.fromkeys(question_set(q) for q in questions))
    for name, run in methods.items():
        run(questions[0])  # warm-up
        scores: dict[str, Scores] = {key: Scores() for key in [*splits, *sets, "all"]}
        latencies: list[float] = []
        for repeat in range(max(1, repeats)):
            for question in questions:
                outcome = run(question)
                again = run(question) if repeat == 0 else None  # the same question again, same history
                times = [o.seconds * 1000 for o in (outcome, again) if o is not None]
                latencies += times
                for key in (question.get("split", "dev"), question_set(question), "all"):
                    scores[key].latencies += times
                    if again is not None:
                        scores[key].add(question, outcome)
                        scores[key].add_repeat(question, outcome, again)
        results[name] = {
            "quality": {key: s.summary() for key, s in scores.items()},
            "latency_ms": {"median": statistics.median(latencies),
                           "p95": float(np.percentile(latencies, 95)), "samples": len(latencies)},
        }
    return results


STAGE_SAMPLE = 200  # questions timed stage by stage (spread over the set)


def stage_timings(bot, questions: list[dict], repeats: int = 3) -> dict[str, float]:
    """Median milliseconds of each stage of a warm question, through the engine's public calls: the encoder
    on the question, retrieval (`retrieve` less the encoder), answer selection (`ask` less `retrieve`); and
    the encoder alone, per backend and query precision (ONNX Runtime int8 and float32, torch) with one and
    with two threads, side by side."""
    from .embedding import Encoder

    sample = questions[::max(1, len(questions) // STAGE_SAMPLE)][:STAGE_SAMPLE]
    stages: dict[str, list[float]] = {"encode_ms": [], "retrieve_ms": [], "answer_ms": []}
    for _ in range(repeats):
        for question in sample:
            history = question.get("history") or []
            started = time.perf_counter()
            bot.encoder.encode_query(question["question"])
            encoded = time.perf_counter()
            bot.retrieve(question["question"], history=history)
            retrieved = time.perf_counter()
            bot.ask(question["question"], history=history)
            done = time.perf_counter()
            stages["encode_ms"].append((encoded - started) * 1000)
            stages["retrieve_ms"].append(max(0.0, (retrieved - encoded) - (encoded - started)) * 1000)
            stages["answer_ms"].append(max(0.0, (done - retrieved) - (retrieved - encoded)) * 1000)
    result = {name: statistics.median(values) for name, values in stages.items()}
    config = bot.config
    for backend, precision in (("onnx", "int8"), ("onnx", "float32"), ("torch", "float32")):
        for threads in (1, 2):
            encoder = Encoder(config.model, threads, backend, config.encoder_cache, query_precision=precision)
            encoder.encode_query(sample[0]["question"])  # warm-up
            times = []
            for _ in range(repeats):
                for question in sample:
                    started = time.perf_counter()
                    encoder.encode_query(question["question"])
                    times.append((time.perf_counter() - started) * 1000)
            result[f"encoder_{backend}_{encoder.query_precision}_{threads}_thread_ms"] = statistics.median(times)
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
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:  # e.g. the code changed under a long run and the index is stale: say so, keep the rest
        print(f"assistant: the cold start failed ({done.stderr.strip().splitlines()[-2:]})", file=sys.stderr)
        return {}
    return {"seconds_to_first_answer": seconds, "peak_memory_mb": int(done.stderr.split()[-1]) / 1024}


def build_time(bot) -> float:
    """Seconds to build the whole index again with every document's embeddings taken from the cache (reading,
    chunking, faiss, BM25, writing): embedding a library of papers anew takes minutes and is done once."""
    from .index import build_index

    with tempfile.TemporaryDirectory() as tmp:
        config = replace(bot.config, index_dir=Path(tmp))
        cache = bot.config.index_dir / "cache"
        if cache.is_dir():
            shutil.copytree(cache, Path(tmp) / "cache")
        started = time.perf_counter()
        build_index(config, bot.encoder, log=lambda m: None, progress=False)
        return time.perf_counter() - started


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}"


# --- the report ---------------------------------------------------------------------

METRICS = ["hit@1", "recall@3", "mrr@10", "answer_accuracy", "verbatim_rate", "abstention_accuracy",
           "false_abstention", "doc_right", "page_right", "repeat_same"]


def _cell(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def reliability_table(summary: dict) -> list[str]:
    """The reliability table of one summary's answers (markdown lines); "n/a" when there is no confidence."""
    table = summary.get("confidence")
    if not table:
        return ["confidence: n/a (the answers carry none)"]
    lines = [f"| confidence | answers | mean confidence | share correct |", "|---|---|---|---|"]
    for row in table["bins"]:
        closing = "]" if row["high"] >= 1 else ")"
        lines.append(f"| [{row['low']:.1f}, {row['high']:.1f}{closing} | {row['n']} | {_cell(row['mean_confidence'])} | "
                     f"{_cell(row['accuracy'])} |")
    lines.append(f"| all | {table['answers']} | expected calibration error {table['ece']:.3f} | |")
    return lines


def _set_keys(quality: dict, sets: list[str]) -> dict[str, tuple[list[str], str]]:
    """Per set: its splits, and the key of its totals ("all" when the run asked one set only)."""
    return {name: (_ordered_splits(q for q in quality if q not in sets and q != "all"
                                   and question_set({"split": q}) == name),
                   name if len(sets) > 1 else "all")
            for name in sets}


def format_report(results: dict, speed: dict, questions_file: str | list[str]) -> str:
    methods = results["methods"]
    project = methods["project"]
    files = questions_file if isinstance(questions_file, str) else " + ".join(questions_file)
    lines = [f"Questions: {files} · machine: {results['machine']} · {results['date']}"]
    if results.get("library"):
        lib = results["library"]
        lines.append(f"Library: {lib['config']} · {lib['documents']} documents, {lib['chunks']} passages, "
                     f"{lib['sentences']} sentences")
    if results.get("skipped"):
        lines.append(f"Skipped (their document is not in the library): {results['skipped']}")
    lines.append("")
    sets = results.get("sets") or ["editorial"]
    header = ["| method | " + " | ".join(METRICS) + " | ECE | median ms | p95 ms |", "|---" * (len(METRICS) + 4) + "|"]

    def table(key: str, title: str | None = None) -> list[str]:
        rows = [f"### {title or key} ({project['quality'][key]['questions']} questions)", "", *header]
        for name, result in methods.items():
            m = result["quality"][key]
            latency = m.get("latency_ms") or result["latency_ms"]
            ece = m["confidence"]["ece"] if m.get("confidence") else None
            rows.append(f"| {name} | " + " | ".join(_cell(m.get(metric)) for metric in METRICS)
                        + f" | {_cell(ece)} | {latency['median']:.1f} | {latency['p95']:.1f} |")
        return rows + [""]

    layout = _set_keys(project["quality"], sets)
    for name, (splits, total) in layout.items():
        for split in splits:
            lines += table(split)
        if total != "all" and len(splits) > 1:  # a set of one split: its table is the split's
            lines += table(total, f"{name} set: all")
    lines += table("all")

    for name, (splits, total) in layout.items():
        label = f"{name} set" if len(sets) > 1 else "all questions"
        base = project["quality"][total]
        ratio_metrics = METRICS[:4]
        lines += [f"### ratios against the project ({label})", "",
                  "| method | " + " | ".join(ratio_metrics) + " | median latency |", "|---" * 6 + "|"]
        for method, result in methods.items():
            q = result["quality"][total]
            ratios = [f"{q[m] / base[m]:.2f}" if base[m] else "–" for m in ratio_metrics]
            lat, base_lat = q.get("latency_ms") or result["latency_ms"], base.get("latency_ms") or project["latency_ms"]
            lines.append(f"| {method} | " + " | ".join(ratios) + f" | {lat['median'] / base_lat['median']:.2f} |")
        columns = [*splits, total] if len(splits) > 1 else splits
        lines += ["", f"### by kind (project, {label}): recall@3 (abstained, for unanswerable) · answer ok, per split", "",
                  "| kind | " + " | ".join(f"{split} recall@3 | {split} answer" for split in columns) + " |",
                  "|---" * (1 + 2 * len(columns)) + "|"]
        for kind, row in project["quality"][total]["by_kind"].items():
            cells = []
            for split in columns:
                found = project["quality"][split]["by_kind"].get(kind)
                cells.append(f"{found['recall@3_or_abstained']:.2f} | {found['answer_ok']:.2f}" if found else "– | –")
            lines.append(f"| {kind} ({row['n']}) | " + " | ".join(cells) + " |")
        lines += ["", f"### repeat stability ({label}): each question asked twice in a row, same history", ""]
        for method, result in methods.items():
            q = result["quality"][total]
            differ = q["repeat_differ"]
            lines.append(f"- {method}: {q['repeats'] - len(differ)} of {q['repeats']} the same answer"
                         + (f"; differ: {', '.join(differ)}" if differ else ""))
        lines += ["", f"### confidence reliability (project, {label}; answers given, correct = gold in the answer)", "",
                  *reliability_table(base), ""]

    lines += ["### speed (project)", "",
              f"- warm query latency: median {project['latency_ms']['median']:.1f} ms, "
              f"p95 {project['latency_ms']['p95']:.1f} ms ({project['latency_ms']['samples']} queries, in-process)"]
    lines += [f"- {key.replace('_', ' ')}: {value:.2f}" for key, value in speed.items()]
    return "\n".join(lines) + "\n"


def run_evaluation(args) -> int:
    from .engine import Assistant

    files = [args.file] if isinstance(args.file, str) else list(args.file)
    splits = list(getattr(args, "splits", None) or []) + ([args.split] if args.split else [])
    questions = load_questions(files, splits or None, args.limit)
    if not questions:
        print(f"assistant: no questions in {', '.join(files)}"
              + (f" of split(s) {', '.join(splits)}" if splits else ""), file=sys.stderr)
        return 2
    bot = Assistant.load(args.config)
    missing = sorted({q["doc"] for q in questions if q.get("doc") and q["doc"] not in bot.index.documents})
    skipped = {}
    if missing:  # a paper not in this library: its questions cannot be asked of it
        skipped = {doc: sum(q.get("doc") == doc for q in questions) for doc in missing}
        questions = [q for q in questions if q.get("doc") not in skipped]
        print(f"assistant: {sum(skipped.values())} question(s) skipped, their document is not in the library: "
              + ", ".join(f"{doc} ({n})" for doc, n in skipped.items()), file=sys.stderr)
        if not questions:
            return 2
    wanted = ["project"] + [m for m in (METHODS if args.methods is None else args.methods) if m != "project"]
    methods: dict[str, Callable[[dict], Outcome]] = {}
    for name in wanted:
        if name == "naive":
            methods[name] = NaiveBaseline({d: doc.source for d, doc in bot.index.documents.items()}, bot.encoder,
                                          index=bot.index)
        elif name in METHODS:
            methods[name] = project_method(bot, "hybrid" if name == "project" else name)
        else:
            print(f"assistant: unknown method {name!r}; choose from {', '.join(METHODS)}", file=sys.stderr)
            return 2
    counts = bot.index.manifest.get("counts", {})
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "questions_files": files,
        "splits_asked": splits or "all",
        "library": {"config": str(args.config or os.environ.get("ASSISTANT_CONFIG") or "assistant.yaml"),
                    "documents": len(bot.index.documents), "chunks": counts.get("chunks", len(bot.index.chunks)),
                    "sentences": counts.get("sentences", 0),
                    "characters": sum(len(d.source) for d in bot.index.documents.values())},
        "skipped": skipped,
        "sets": list(dict.fromkeys(question_set(q) for q in questions)),
        "methods": evaluate(methods, questions, repeats=args.repeats),
    }
    if args.json:  # the quality results are kept whatever happens to the speed measures below
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    speed = stage_timings(bot, questions, args.repeats)
    try:
        speed["index_build_seconds"] = build_time(bot)
    except Exception as exc:  # noqa: BLE001 - a corpus file gone or changed under the run: report the rest
        print(f"assistant: the index build could not be timed ({exc})", file=sys.stderr)
    speed.update(cold_start(args.config, questions[0]["question"]))
    results["speed"] = speed
    report = format_report(results, speed, files)
    print(report)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        Path(args.json).with_suffix(".md").write_text(report, encoding="utf-8")
    unstable = results["methods"]["project"]["quality"]["all"]["repeat_differ"]
    if unstable:
        print(f"assistant: repeat check: {len(unstable)} question(s) answered differently when asked again: "
              + ", ".join(unstable), file=sys.stderr)
    return 0
