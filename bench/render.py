#!/usr/bin/env python
"""How long does "show page" take to render a page? assistant.pages on the dev papers, on one core.

    .venv/bin/python bench/render.py                      # every page of each dev paper, 5 runs a page
    .venv/bin/python bench/render.py --pages 6 --runs 9   # 6 pages a paper (spread over it), 9 runs each

The process is pinned to one CPU (sched_setaffinity) with one thread for numpy's libraries. For each page of
each paper in --papers (default ../shared/papers), each run times:

- cold: `render_page` with nothing cached (PDFium renders the page at 150 dpi, the highlight and the frame are
  drawn, the PNG is written): what the first "show page" of a page costs (the issue's bar: 300 ms);
- warm: `render_page` of the same page with other boxes (the plain rendering cached: drawing and PNG only),
  what a second answer on the same page costs;
- its parts: PDFium's rendering (`render_plain`, uncached) and the PNG writing (`encode_png`).

The boxes are those of a passage in the middle of the page: 12 printed lines across the left column,
3 of them highlighted. Prints a table per paper (medians over pages of each page's median over runs; p90 and
max over pages of the cold time) and the total; --json FILE writes it with the machine (bench/render_results.json
by default).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy loads its libraries
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from assistant import pages  # noqa: E402
from assistant.types import Box  # noqa: E402

TARGET_MS = 300


def passage_boxes(page: int, geometry: pages.PageGeometry, shift: float = 0.0) -> tuple[list[Box], list[Box]]:
    """(highlight, outline): 12 lines of 12 pt in the left column from mid-page, the middle 3 highlighted."""
    left, right = 0.08 * geometry.width, 0.47 * geometry.width
    top = 0.45 * geometry.height + shift
    lines = [Box(page, left, top + 12 * i, right, top + 12 * i + 10) for i in range(12)]
    return lines[4:7], lines


def time_ms(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def spread(count: int, wanted: int | None) -> list[int]:
    """Page numbers 1..count, or `wanted` of them spread evenly (first and last included)."""
    if not wanted or wanted >= count:
        return list(range(1, count + 1))
    return sorted({1 + round(i * (count - 1) / (wanted - 1)) for i in range(wanted)}) if wanted > 1 else [1]


def measure(path: Path, page: int, runs: int, dpi: float) -> dict:
    geometry = pages.page_geometry(path, page)
    highlight, outline = passage_boxes(page, geometry)
    cold, warm, pdfium, png, size = [], [], [], [], 0
    for run in range(runs):
        pages.clear_cache()
        cold.append(time_ms(lambda: pages.render_page(path, page, highlight, outline, dpi)))
        other_highlight, other_outline = passage_boxes(page, geometry, shift=run + 1.0)  # not the cached PNG
        warm.append(time_ms(lambda: pages.render_page(path, page, other_highlight, other_outline, dpi)))
        pages.clear_cache()
        pdfium.append(time_ms(lambda: pages.render_plain(path, page, dpi)))
        plain, geometry = pages.render_plain(path, page, dpi)
        drawn = pages.draw_boxes(plain, geometry, page, highlight, outline, dpi)
        encoded: list[bytes] = []
        png.append(time_ms(lambda: encoded.append(pages.encode_png(drawn))))
        size = len(encoded[0])
    return {"page": page, "cold_ms": statistics.median(cold), "warm_ms": statistics.median(warm),
            "pdfium_ms": statistics.median(pdfium), "png_ms": statistics.median(png), "png_kb": size / 1024,
            "pixels": f"{plain.shape[1]}x{plain.shape[0]}"}


def summary(rows: list[dict]) -> dict:
    cold = sorted(r["cold_ms"] for r in rows)
    return {"pages": len(rows), "cold_median_ms": statistics.median(cold),
            "cold_p90_ms": cold[min(len(cold) - 1, int(0.9 * len(cold)))], "cold_max_ms": cold[-1],
            "warm_median_ms": statistics.median(r["warm_ms"] for r in rows),
            "pdfium_median_ms": statistics.median(r["pdfium_ms"] for r in rows),
            "png_median_ms": statistics.median(r["png_ms"] for r in rows),
            "png_median_kb": statistics.median(r["png_kb"] for r in rows),
            "within_target": sum(r["cold_ms"] <= TARGET_MS for r in rows) / len(rows)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=Path, default=REPO.parent / "shared" / "papers")
    parser.add_argument("--pages", type=int, default=None, help="pages a paper, spread over it (default: all)")
    parser.add_argument("--runs", type=int, default=5, help="runs a page (the median is kept)")
    parser.add_argument("--dpi", type=float, default=pages.DPI)
    parser.add_argument("--cpu", type=int, default=None, help="the CPU to pin to (default: the first allowed)")
    parser.add_argument("--json", default=str(REPO / "bench" / "render_results.json"))
    args = parser.parse_args(argv)

    cpu = args.cpu if args.cpu is not None else min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    papers = sorted(args.papers.glob("*.pdf"))
    if not papers:
        print(f"no PDFs in {args.papers}", file=sys.stderr)
        return 1
    pages.render_page(papers[0], 1)  # imports and PDFium's start, not part of any page
    from assistant.evaluation import machine

    results = {}
    header = (f"{'paper':<48} {'pages':>5} {'cold med':>9} {'p90':>7} {'max':>7} {'warm med':>9} "
              f"{'pdfium':>7} {'png':>6} {'KB':>5}")
    print(f"render_page at {args.dpi:g} dpi on CPU {cpu} only, {args.runs} runs a page (medians, ms)")
    print(header)
    print("-" * len(header))
    every = []
    for path in papers:
        rows = [measure(path, page, args.runs, args.dpi) for page in spread(pages.page_count(path), args.pages)]
        every += rows
        s = summary(rows)
        results[path.stem] = {"summary": s, "pages": rows}
        print(f"{path.stem:<48} {s['pages']:>5} {s['cold_median_ms']:>9.0f} {s['cold_p90_ms']:>7.0f} "
              f"{s['cold_max_ms']:>7.0f} {s['warm_median_ms']:>9.0f} {s['pdfium_median_ms']:>7.0f} "
              f"{s['png_median_ms']:>6.0f} {s['png_median_kb']:>5.0f}")
    total = summary(every)
    print("-" * len(header))
    print(f"{'all pages':<48} {total['pages']:>5} {total['cold_median_ms']:>9.0f} {total['cold_p90_ms']:>7.0f} "
          f"{total['cold_max_ms']:>7.0f} {total['warm_median_ms']:>9.0f} {total['pdfium_median_ms']:>7.0f} "
          f"{total['png_median_ms']:>6.0f} {total['png_median_kb']:>5.0f}")
    print(f"{total['within_target']:.1%} of pages render cold within {TARGET_MS} ms; machine: {machine()}")
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "cpu": cpu, "dpi": args.dpi, "runs": args.runs,
                                               "target_ms": TARGET_MS, "total": total, "papers": results},
                                              indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
