"""The `assistant` command: index, ask, serve, eval.

Exit codes: 0 success, 1 the index or config needs attention (the message
says what to do), 2 bad input (empty question, bad flag, unreadable batch file).
"""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterator

from .config import ConfigError, load_config
from .embedding import ModelError
from .index import IndexProblem, check_index
from .types import TEXT_KINDS

EXIT_PROBLEM, EXIT_BAD_INPUT = 1, 2


def _err(message: str) -> None:
    print(f"assistant: {message}", file=sys.stderr)


def cmd_add(args: argparse.Namespace) -> int:
    """Copy files into the corpus, then index (only the new files are embedded)."""
    import shutil

    from .ingest import CORPUS_SUFFIXES

    config = load_config(args.config)
    sources = [Path(f) for f in args.files]
    for source in sources:
        if not source.is_file():
            return _bad(f"{source}: no such file")
        if source.suffix.lower() not in CORPUS_SUFFIXES:
            return _bad(f"{source}: unsupported type; add {', '.join(CORPUS_SUFFIXES)} files")
    config.corpus_dir.mkdir(parents=True, exist_ok=True)
    for source in sources:
        target = config.corpus_dir / source.name
        action = "replaced" if target.exists() else "added"
        shutil.copyfile(source, target)
        print(f"{action} {target}", file=sys.stderr)
    args.rebuild = False
    return cmd_index(args)


def cmd_docs(args: argparse.Namespace) -> int:
    """What is indexed: one line per document."""
    manifest = check_index(load_config(args.config))
    print(f"{'id':32} {'chunks':>6}  {'indexed':24}  title  (file)")
    for doc_id, entry in manifest["documents"].items():
        print(f"{doc_id:32} {entry['chunks']:>6}  {entry['indexed_at']:24}  {entry['title']}  ({entry['file']})")
    skipped = [name for name, entry in manifest["corpus"].items() if not entry["indexed"]]
    print(f"indexed {manifest['built_at']}" + (f"; skipped: {', '.join(skipped)}" if skipped else ""))
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    if not args.rebuild:
        try:
            manifest = check_index(config)
            counts = manifest["counts"]
            print(f"index is up to date ({counts['documents']} document(s), {counts['chunks']} chunks, "
                  f"built {manifest['built_at']}); use --rebuild to build it anyway")
            return 0
        except IndexProblem as problem:
            print(f"building the index: {problem}", file=sys.stderr)
    from .embedding import Encoder
    from .index import build_index

    def log(message: str) -> None:
        print(message, file=sys.stderr)

    build_index(config, Encoder.from_config(config, log=log), log=log)
    return 0


def _requests(args: argparse.Namespace) -> Iterator[tuple[int, Any]]:
    """(line number, request or error message) for each question asked."""
    if not args.batch:
        yield 0, {"question": args.question, "history": args.history or []}
        return
    try:
        lines = Path(args.batch).read_text(encoding="utf-8").splitlines() if args.batch != "-" else sys.stdin.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SystemExit(_bad(f"cannot read the batch file {args.batch}: {exc}"))
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError as exc:
            yield number, f"line {number}: not valid JSON ({exc.msg})"
            continue
        if not isinstance(request, dict):
            yield number, f"line {number}: expected an object like {{\"question\": \"...\"}}"
        else:
            yield number, request


def _bad(message: str) -> int:
    _err(message)
    return EXIT_BAD_INPUT


def cmd_ask(args: argparse.Namespace) -> int:
    from .engine import Assistant, InvalidQuestion

    if not args.batch and (args.question is None or not args.question.strip()):
        return _bad("the question is empty: ask something, e.g. assistant ask \"Who wrote the editorial?\"")
    bot = Assistant.load(args.config, log=lambda m: print(m, file=sys.stderr))
    failures = 0
    for number, request in _requests(args):
        try:
            if isinstance(request, str):
                raise InvalidQuestion(request)
            answer = bot.ask(request.get("question"), history=request.get("history"), k=request.get("k", args.k),
                             doc=request.get("doc", args.doc))
        except InvalidQuestion as exc:
            failures += 1
            message = f"line {number}: {exc}" if args.batch and not str(exc).startswith("line ") else str(exc)
            if args.json:  # ASCII escapes: the question may hold text that cannot be written as UTF-8
                print(json.dumps({"question": request.get("question") if isinstance(request, dict) else None,
                                  "error": message}))
            else:
                _err(message)
            continue
        print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else format_answer(answer))
        sys.stdout.flush()
    return EXIT_BAD_INPUT if failures else 0


def format_answer(answer) -> str:
    """The answer as a person reads it in a terminal: answer, numbered sources, references."""
    wrap = lambda text, indent: textwrap.fill(" ".join(text.split()), width=100, initial_indent=indent,
                                              subsequent_indent=indent)
    lines = [wrap(answer.answer, "")]
    if answer.passages:
        lines += ["", "Sources:"]
        for p in answer.passages:
            where = f"{p.title} · {p.section}" + (f" · paragraph {p.paragraph}" if p.kind in TEXT_KINDS else "")
            lines.append(f"[{p.rank}] {where} (characters {p.start}–{p.end} of {p.doc_id})")
            lines.append(wrap(p.text, "    "))
            for ref in p.references:
                lines.append(wrap(f"[ref {ref.number}] {ref.text}", "      "))
    return "\n".join(lines)


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.app import serve

    return serve(config_path=args.config, host=args.host, port=args.port, auth=args.auth)


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import run_evaluation

    return run_evaluation(args)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="assistant", description=__doc__.splitlines()[0])
    root.add_argument("--config", help="config file (default: $ASSISTANT_CONFIG or ./assistant.yaml)")
    commands = root.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="build the index if it is missing or stale")
    index.add_argument("--rebuild", action="store_true", help="build even when the index is up to date")
    index.set_defaults(run=cmd_index)

    add = commands.add_parser("add", help="copy documents into the corpus and index them")
    add.add_argument("files", nargs="+", metavar="FILE")
    add.set_defaults(run=cmd_add)

    docs = commands.add_parser("docs", help="list the indexed documents")
    docs.set_defaults(run=cmd_docs)

    ask = commands.add_parser("ask", help="ask a question (or a batch of them)")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("-k", type=int, default=None, help="number of passages to return")
    ask.add_argument("--history", nargs="*", metavar="EARLIER", help="earlier questions, oldest first")
    ask.add_argument("--doc", metavar="ID", help="answer from this document only (see `assistant docs`)")
    ask.add_argument("--json", action="store_true", help="print the JSON response")
    ask.add_argument("--batch", metavar="FILE", help="JSONL file of {\"question\", \"history\"} ('-' for stdin)")
    ask.set_defaults(run=cmd_ask)

    serve = commands.add_parser("serve", help="serve the chat UI")
    serve.add_argument("--host", default=None, help="address to bind (default: serve.host, 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default: serve.port, 7860)")
    serve.add_argument("--auth", default=None, help="user:password (or $ASSISTANT_AUTH) to require a login")
    serve.set_defaults(run=cmd_serve)

    evaluate = commands.add_parser("eval", help="measure answer quality and speed on a question set")
    evaluate.add_argument("file", help="questions JSONL (see bench/questions.jsonl)")
    evaluate.add_argument("--json", metavar="OUT", help="write the results as JSON")
    evaluate.add_argument("--methods", nargs="*", default=None, help="methods besides the project's (default: bm25 dense naive)")
    evaluate.add_argument("--split", default=None, help="only questions of this split")
    evaluate.add_argument("--limit", type=int, default=None, help="only the first N questions")
    evaluate.add_argument("--repeats", type=int, default=3, help="passes over the questions for latency")
    evaluate.set_defaults(run=cmd_eval)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (ConfigError, IndexProblem, ModelError) as problem:
        _err(str(problem))
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:  # e.g. `assistant ask … | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
