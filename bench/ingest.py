"""`make bench-ingest`: how well PDFs are read, per dev paper, against truth files written from the papers.

For each ``bench/truth/<paper>.json`` (written by helpers who read only the
papers, see bench/README.md) and ``../shared/papers/<paper>.pdf``:
reference entries found against the true count; entries with authors, title,
journal (or, for a book or chapter, publisher) and year filled; sampled citation markers resolved to the right
entries; glued words (words this reader writes as one that poppler's
``pdftotext``, a second reading of the same text layer, prints as two);
furniture or caption text inside body sentences; exponents taken as
citations; title, authors and DOI right; warnings; pages per second.

    python bench/ingest.py [--papers DIR] [--json OUT] [--embed]
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.ingest import load_document  # noqa: E402
from assistant.text import find_markers  # noqa: E402
from assistant.types import TEXT_KINDS  # noqa: E402

_FORM = str.maketrans({"−": "-", "–": "-", "—": "-", "‐": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})


def form(text: str) -> str:
    """Text as compared: NFKC, one dash, no scripts' braces, whitespace collapsed, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_FORM)
    text = re.sub(r"[\^_]\{([^{}]*)\}", r"\1", text)
    return " ".join(text.split()).lower()


def poppler_words(pdf: Path) -> tuple[set[str], set[str]]:
    """pdftotext's words and the concatenations of its adjacent word pairs (lower case, letters only)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFKC", text).lower())
    return set(words), {a + b for a, b in zip(words, words[1:])}


def glued(document, pdf: Path) -> tuple[int, int, list[str]]:
    """(glued words, words, examples): a word of ours that pdftotext never prints, but prints as two."""
    vocabulary, pairs = poppler_words(pdf)
    ours = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFKC", document.source).lower())
    bad = [w for w in ours if len(w) > 3 and w not in vocabulary and w in pairs]
    return len(bad), len(ours), sorted(set(bad))[:8]


def marker_results(document, truth: dict) -> tuple[int, int, list[str]]:
    """Sampled markers whose citation, found after its words in our text, names the true entries."""
    n_refs = max((r.number for r in document.references), default=0)
    text_kinds = [p for p in document.paragraphs if p.kind in TEXT_KINDS]
    right, misses = 0, []
    for marker in truth.get("markers", []):
        if not marker.get("numbers"):
            continue
        before = form(marker["before"])
        found, context = None, ""
        # the longest end of the truth's words that a sentence holds: a short one may occur twice in a paper
        for length in (80, 50, 25):
            context = before[-length:]
            found = next((sentence for paragraph in text_kinds for sentence in paragraph.sentences
                          if context in form(" ".join(document.source[s:e] for s, e in sentence.spans))), None)
            if found is not None:
                break
        numbers = set()
        if found is not None:
            raw = " ".join(document.source[s:e] for s, e in found.spans)
            position = form(raw).find(context)
            # the marker that follows the words (forms are close enough in length to locate it)
            tail = raw[max(0, position + len(context) - 3):]
            markers = find_markers(tail, n_refs)
            if markers and markers[0].start < 12:
                numbers = set(markers[0].numbers)
        if numbers == set(marker["numbers"]):
            right += 1
        else:
            misses.append(f"p{marker['page']} …{marker['before'][-30:]} {marker['marker']} → {sorted(numbers) or 'none'}")
    return right, sum(1 for m in truth.get("markers", []) if m.get("numbers")), misses


def poppler_lines(pdf: Path) -> list[str]:
    """pdftotext's lines of the whole file, as compared (form)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    return [form(line) for line in text.splitlines() if line.strip()]


def inside_body(document, truth: dict, printed: list[str]) -> list[str]:
    """Furniture lines and caption openings (as the truth gives them) found inside body sentences. A furniture
    text that a printed line (`printed`: pdftotext's lines) continues with the words next to it in our sentence
    is the paper's own sentence ("… subject to the Beilstein Journal of Organic Chemistry terms …"), not a
    running head spliced in."""
    body = [form(" ".join(document.source[s:e] for s, e in sentence.spans))
            for p in document.paragraphs if p.kind == "body" for sentence in p.sentences]
    found = []
    for furniture in truth.get("furniture", []):
        needle = form(furniture)
        if len(needle) < 12:
            continue
        for sentence in body:
            at = sentence.find(needle)
            if at < 0:
                continue
            # a line of the paper goes on from the words before the furniture text into it, or from it into the
            # words after it (a line may break inside it)
            joins = [sentence[max(0, at - 10): at + 12], sentence[at + len(needle) - 12: at + len(needle) + 10]]
            if not any(len(j) > 12 and j in line for j in joins for line in printed):
                found.append(f"furniture: {furniture[:50]}")
                break
    for caption in truth.get("captions", []):
        needle = form(f"{caption['label']} {caption['starts']}")
        if len(needle) >= 15 and any(needle in sentence for sentence in body):
            found.append(f"caption: {needle[:50]}")
    return found


def exponents_cited(document, truth: dict) -> list[str]:
    """Truth exponents (cm⁻¹, Ca²⁺, 10⁶) read as citation markers in our text."""
    n_refs = max((r.number for r in document.references), default=0)
    found = []
    for exponent in truth.get("exponents", []):
        words = form(exponent.get("context", "")).split()
        if len(words) < 3:
            continue
        anchor = " ".join(words[:3])
        source = form(document.source)
        at = source.find(anchor)
        if at < 0:
            continue
        window = document.source[max(0, at - 40): at + len(exponent.get("context", "")) + 40]
        token = form(exponent["text"])
        for marker in find_markers(window, n_refs):
            before = form(window[max(0, marker.start - 8): marker.start])
            if token and token[:2].isalpha() and token[:2] in before:
                found.append(f"{exponent['text']} in “{exponent['context'][:40]}”")
    return found


def metadata_right(document, truth: dict) -> dict[str, bool]:
    title = form(document.metadata.get("title", "")) == form(truth.get("title") or "")
    ours = {form(a["name"]) for a in document.metadata.get("authors", [])}
    theirs = {form(a) for a in truth.get("authors", [])}
    doi = (document.metadata.get("doi") or "").lower() == (truth.get("doi") or "").lower()
    year = str(document.metadata.get("year", "")) == str(truth.get("year", ""))
    return {"title": title, "authors": bool(theirs) and ours == theirs, "doi": doi, "year": year}


def measure(pdf: Path, truth: dict) -> dict:
    started = time.process_time()
    document = load_document(pdf)
    seconds = time.process_time() - started
    pages = len(document.page_starts)
    entries = document.references
    filled = {f: sum(1 for r in entries if getattr(r, f)) for f in ("authors", "title", "year")}
    filled["journal"] = sum(1 for r in entries if r.journal or r.publisher)  # where it was published
    has_titles = any(s.get("title_start") for s in truth.get("references_sample", []))
    glued_n, words, glued_examples = glued(document, pdf)
    right, sampled, misses = marker_results(document, truth)
    return {
        "paper": pdf.stem,
        "text_layer": truth.get("text_layer"),
        "pages": pages,
        "seconds_reading": round(seconds, 2),
        "seconds_per_page": round(seconds / max(1, pages), 3),
        "references_true": truth.get("references_count"),
        "references_found": len(entries),
        "fields_filled": {f: round(n / max(1, len(entries)), 3) for f, n in filled.items()},
        "titles_expected": has_titles,
        "markers_right": right, "markers_sampled": sampled, "marker_misses": misses,
        "glued_words": glued_n, "words": words, "glued_rate": round(glued_n / max(1, words), 4),
        "glued_examples": glued_examples,
        "inside_body": inside_body(document, truth, poppler_lines(pdf)),
        "exponents_as_citations": exponents_cited(document, truth),
        "metadata_right": metadata_right(document, truth),
        "metadata": {k: document.metadata.get(k) for k in ("title", "doi", "journal", "year")}
                    | {"authors": [a["name"] for a in document.metadata.get("authors", [])]},
        "warnings": list(document.warnings),
        "repairs": len(document.repairs),
    }


def embedding_rate(pdfs: list[Path]) -> float:
    """Pages per second for reading, chunking and embedding the papers with the bundled encoder."""
    from assistant.chunking import ChunkingConfig, chunk_document
    from assistant.config import load_config
    from assistant.embedding import Encoder

    config = load_config(ROOT / "assistant.yaml")
    encoder = Encoder.from_config(config, log=lambda m: None)
    started, pages = time.perf_counter(), 0
    for pdf in pdfs:
        document = load_document(pdf)
        chunks = chunk_document(document, ChunkingConfig())
        encoder.encode([c.search_text for c in chunks] + [t for c in chunks for t in c.sentence_search_texts],
                       progress=False)
        pages += len(document.page_starts)
    return pages / (time.perf_counter() - started)


def report(results: list[dict], embed_rate: float | None) -> str:
    lines = ["| paper | layer | pages | refs found/true | authors | title | journal/publisher | year | markers | glued | "
             "in body | exp. as cit. | title/authors/DOI | warnings | s/page |", "|---" * 15 + "|"]
    for r in results:
        f = r["fields_filled"]
        m = r["metadata_right"]
        lines.append(
            f"| {r['paper']} | {r['text_layer']} | {r['pages']} | {r['references_found']}/{r['references_true']} | "
            f"{f['authors']:.2f} | {f['title']:.2f}{'' if r['titles_expected'] else ' (none printed)'} | "
            f"{f['journal']:.2f} | {f['year']:.2f} | {r['markers_right']}/{r['markers_sampled']} | "
            f"{100 * r['glued_rate']:.2f} % | {len(r['inside_body'])} | {len(r['exponents_as_citations'])} | "
            f"{'✓' if m['title'] else '✗'}{'✓' if m['authors'] else '✗'}{'✓' if m['doi'] else '✗'} | "
            f"{len(r['warnings'])} | {r['seconds_per_page']:.3f} |")
    publisher = [r for r in results if r["text_layer"] == "publisher"]
    total_pages = sum(r["pages"] for r in results)
    total_seconds = sum(r["seconds_reading"] for r in results)
    lines += ["", f"Publisher text layers ({len(publisher)} papers): reference counts right "
              f"{sum(r['references_found'] == r['references_true'] for r in publisher)}/{len(publisher)}; markers right "
              f"{sum(r['markers_right'] for r in publisher)}/{sum(r['markers_sampled'] for r in publisher)}; "
              f"glued words {sum(r['glued_words'] for r in publisher)}/{sum(r['words'] for r in publisher)} "
              f"({100 * sum(r['glued_words'] for r in publisher) / max(1, sum(r['words'] for r in publisher)):.2f} %); "
              f"title/authors/DOI right {sum(all(r['metadata_right'][k] for k in ('title', 'authors', 'doi')) for r in publisher)}"
              f"/{len(publisher)}.",
              f"Reading: {total_pages} pages in {total_seconds:.1f} s of CPU, {total_pages / max(total_seconds, 1e-9):.1f} "
              f"pages/s (median {statistics.median(r['seconds_per_page'] for r in results):.3f} s/page, one core)."]
    if embed_rate is not None:
        lines.append(f"Reading + chunking + embedding: {embed_rate:.2f} pages/s.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", default=str(ROOT.parent / "shared" / "papers"))
    parser.add_argument("--truth", default=str(ROOT / "bench" / "truth"))
    parser.add_argument("--json", default=None, help="write the results as JSON")
    parser.add_argument("--embed", action="store_true", help="also measure reading with embedding")
    parser.add_argument("--only", default=None, help="one paper's stem")
    args = parser.parse_args(argv)
    papers = Path(args.papers)
    results = []
    for truth_file in sorted(Path(args.truth).glob("*.json")):
        if args.only and truth_file.stem != args.only:
            continue
        pdf = papers / f"{truth_file.stem}.pdf"
        if not pdf.exists():
            print(f"skipped {truth_file.stem}: no {pdf}", file=sys.stderr)
            continue
        results.append(measure(pdf, json.loads(truth_file.read_text(encoding="utf-8"))))
        print(f"read {pdf.name}", file=sys.stderr)
    embed = embedding_rate([papers / f"{r['paper']}.pdf" for r in results]) if args.embed else None
    print(report(results, embed))
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": _machine(), "papers": results,
                                               "pages_per_second_with_embedding": embed}, indent=2,
                                              ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def _machine() -> str:
    from assistant.evaluation import machine

    return machine()


if __name__ == "__main__":
    sys.exit(main())
