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
from .ingest import corpus_files
from .text import find_markers, without_markup
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
    from .index import file_sha256
    from .ingest import CorpusError, load_document, normalize_name

    config.corpus_dir.mkdir(parents=True, exist_ok=True)
    present = {file_sha256(p): p.name for p in corpus_files(config.corpus_dir)}
    for source in sources:
        name = normalize_name(source.name)  # macOS writes names decomposed; --doc is typed composed
        target = config.corpus_dir / name
        digest = file_sha256(source)
        if digest in present:
            same = "it is already in the corpus" if present[digest] == name else \
                f"the same content is already in the corpus as {present[digest]}"
            print(f"skipped {source}: {same}", file=sys.stderr)
            continue
        try:  # read it before it enters the corpus: a file that cannot be indexed leaves nothing behind
            document = load_document(source)
        except CorpusError as exc:
            return _bad(f"not added: {exc}")
        action = "replaced" if target.exists() else "added"
        shutil.copyfile(source, target)
        present[digest] = name
        print(f"{action} {target}", file=sys.stderr)
        for warning in document.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    args.rebuild = False
    return cmd_index(args)


def _corpus_document(args: argparse.Namespace):
    """The corpus document that args.doc names (its id or its file name), read. Raises LookupError when there
    is none (the message lists those there are) and CorpusError when it cannot be read."""
    from .ingest import load_document, normalize_name

    config = load_config(args.config)
    wanted = normalize_name(args.doc)
    files = corpus_files(config.corpus_dir)
    matches = [p for p in files if wanted in (p.stem, p.name)]
    if not matches:
        names = ", ".join(p.stem for p in files)
        raise LookupError(f"no document {args.doc!r} in {config.corpus_dir}; there are: {names}")
    return load_document(matches[0])


def cmd_inspect(args: argparse.Namespace) -> int:
    """How a document was read: metadata, paragraphs with page, section and kind, references, citations,
    warnings (JSON with --json)."""
    from .ingest import CorpusError

    try:
        report = inspection(_corpus_document(args))
    except (LookupError, CorpusError) as exc:
        return _bad(str(exc))
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.json else format_inspection(report))
    return 0


def cmd_refs(args: argparse.Namespace) -> int:
    """A document's reference entries (all, or --numbers) as BibTeX, RIS or JSON (assistant/export.py)."""
    from .export import entries_json, parse_numbers, to_bibtex, to_ris
    from .ingest import CorpusError

    try:
        document = _corpus_document(args)
    except (LookupError, CorpusError) as exc:
        return _bad(str(exc))
    try:
        numbers = None if args.numbers is None else parse_numbers(args.numbers, (r.number for r in document.references))
    except ValueError as exc:
        return _bad(f"--numbers {args.numbers}: {exc}")
    if not document.references:
        _err(f"{document.doc_id} has no reference entries")
    if args.format == "json":
        print(json.dumps(entries_json(document, numbers), ensure_ascii=False, indent=1))
    else:
        sys.stdout.write((to_bibtex if args.format == "bibtex" else to_ris)(document, numbers))
    return 0


def inspection(document) -> dict[str, Any]:
    """The JSON of `assistant inspect` (README: "How a paper was read")."""
    source = document.source
    text = lambda spans: " ".join(source[s:e] for s, e in spans)
    n_refs = max((r.number for r in document.references), default=0)
    citations = []
    for paragraph in document.paragraphs:
        for sentence in paragraph.sentences:
            for marker in find_markers(text(sentence.spans), n_refs):
                citations.append({"page": document.page_of(sentence.start),
                                  "marker": text(sentence.spans)[marker.start:marker.end],
                                  "numbers": list(marker.numbers)})
    meta = document.metadata
    return {
        "doc_id": document.doc_id,
        "metadata": {"title": meta.get("title", ""), "authors": [a["name"] for a in meta.get("authors", [])],
                     "doi": meta.get("doi", ""), "journal": meta.get("journal", ""), "year": meta.get("year", "")},
        "paragraphs": [{"page": document.page_of(p.sentences[0].start) if p.sentences else 0, "section": p.section,
                        "kind": p.kind, "text": text(p.spans(source))} for p in document.paragraphs],
        "references": [{"number": r.number, "text": r.text, "authors": r.authors, "title": r.title,
                        "journal": r.journal, "year": r.year, "volume": r.volume, "pages": r.pages, "doi": r.doi}
                       for r in document.references],
        "citations": citations,
        "warnings": list(document.warnings),
        "repairs": [{"offset": o, "kind": k, "printed": a, "written": b} for o, k, a, b in document.repairs],
    }


def format_inspection(report: dict[str, Any]) -> str:
    """`assistant inspect` for a terminal: metadata, then each paragraph under its page and kind."""
    meta = report["metadata"]
    lines = [f"{report['doc_id']}: {meta['title']}",
             f"  authors: {', '.join(meta['authors']) or '—'}",
             f"  doi: {meta['doi'] or '—'} · journal: {meta['journal'] or '—'} · year: {meta['year'] or '—'}", ""]
    section = None
    for p in report["paragraphs"]:
        if p["section"] != section:
            section = p["section"]
            lines.append(f"== {section}")
        lines.append(textwrap.fill(p["text"], width=100, initial_indent=f"p{p['page']} {p['kind']:8} ",
                                   subsequent_indent=" " * 14))
    lines += ["", f"== References ({len(report['references'])})"]
    for r in report["references"]:
        fields = " · ".join(f"{k}: {r[k]}" for k in ("authors", "title", "journal", "year", "volume", "pages", "doi")
                            if r[k])
        lines.append(textwrap.fill(f"[{r['number']}] {fields or r['text']}", width=100, subsequent_indent="      "))
    lines += ["", f"{len(report['citations'])} citation markers; {len(report['repairs'])} repairs of the text"]
    lines += [f"warning: {w}" for w in report["warnings"]] or ["no warnings"]
    return "\n".join(lines)


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
            print(f"building the index: {problem.reason}", file=sys.stderr)
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
    """The answer as a person reads it in a terminal: a notice if the question was shortened, the answer
    without markdown marks, its confidence, then the numbered sources (document, section, page) and the
    references they cite."""
    wrap = lambda text, indent: textwrap.fill(" ".join(without_markup(text).split()), width=100,
                                              initial_indent=indent, subsequent_indent=indent)
    lines = ["(The question was longer than the model reads: its last sentences were used.)", ""] if answer.shortened else []
    lines.append(wrap(answer.answer, ""))
    if not answer.abstained:
        lines.append(f"(confidence {answer.confidence:.2f})")
    if answer.passages:
        lines += ["", "Sources:"]
        for p in answer.passages:
            where = " · ".join(part for part in (
                p.title, p.section, f"page {p.page}" if p.page else "",
                f"paragraph {p.paragraph}" if p.kind in TEXT_KINDS and not p.page else "") if part)
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
    # --config after the subcommand too (`assistant index --config FILE`); SUPPRESS keeps the root's value
    shared = argparse.ArgumentParser(add_help=False)
    shared.add_argument("--config", default=argparse.SUPPRESS, help="config file (also before the subcommand)")

    index = commands.add_parser("index", parents=[shared], help="build the index if it is missing or stale")
    index.add_argument("--rebuild", action="store_true", help="build even when the index is up to date")
    index.set_defaults(run=cmd_index)

    add = commands.add_parser("add", parents=[shared], help="copy documents into the corpus and index them")
    add.add_argument("files", nargs="+", metavar="FILE")
    add.set_defaults(run=cmd_add)

    docs = commands.add_parser("docs", parents=[shared], help="list the indexed documents")
    docs.set_defaults(run=cmd_docs)

    inspect = commands.add_parser("inspect", parents=[shared], help="how a document was read (metadata, paragraphs, references)")
    inspect.add_argument("doc", metavar="DOC", help="the document's id or file name (see `assistant docs`)")
    inspect.add_argument("--json", action="store_true", help="print the JSON")
    inspect.set_defaults(run=cmd_inspect)

    refs = commands.add_parser("refs", parents=[shared], help="a document's reference entries as BibTeX, RIS or JSON")
    refs.add_argument("doc", metavar="DOC", help="the document's id or file name (see `assistant docs`)")
    refs.add_argument("--numbers", metavar="LIST", help="only these entries, e.g. 3,5-7 (default: all)")
    refs.add_argument("--format", choices=("bibtex", "ris", "json"), default="bibtex", help="output format (default: bibtex)")
    refs.set_defaults(run=cmd_refs)

    ask = commands.add_parser("ask", parents=[shared], help="ask a question (or a batch of them)")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("-k", type=int, default=None, help="number of passages to return")
    ask.add_argument("--history", nargs="*", metavar="EARLIER", help="earlier questions, oldest first")
    ask.add_argument("--doc", metavar="ID", help="answer from this document only (see `assistant docs`)")
    ask.add_argument("--json", action="store_true", help="print the JSON response")
    ask.add_argument("--batch", metavar="FILE", help="JSONL file of {\"question\", \"history\"} ('-' for stdin)")
    ask.set_defaults(run=cmd_ask)

    serve = commands.add_parser("serve", parents=[shared], help="serve the chat UI")
    serve.add_argument("--host", default=None, help="address to bind (default: serve.host, 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default: serve.port, 7860)")
    serve.add_argument("--auth", default=None, help="user:password (or $ASSISTANT_AUTH) to require a login")
    serve.set_defaults(run=cmd_serve)

    evaluate = commands.add_parser("eval", parents=[shared], help="measure answer quality and speed on a question set")
    evaluate.add_argument("file", nargs="+", help="questions JSONL file(s), asked of one library (see bench/questions.jsonl)")
    evaluate.add_argument("--json", metavar="OUT", help="write the results as JSON")
    evaluate.add_argument("--methods", nargs="*", default=None,
                          help="methods besides the project's (default: fused bm25 dense naive; none named: the project alone)")
    evaluate.add_argument("--split", default=None, help="only questions of this split")
    evaluate.add_argument("--splits", nargs="+", metavar="SPLIT", default=None,
                          help="only questions of these splits, names or patterns like 'heldout*' (default: all)")
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
