#!/usr/bin/env python
"""Do the boxes of a span hold its text and nothing else? Measured on the dev papers with PDFium's own text.

    .venv/bin/python bench/boxes.py                        # every body sentence of each dev paper
    .venv/bin/python bench/boxes.py --sample 200 --show 5  # 200 sentences a paper; the 5 worst of each

Each dev paper in --papers (default ../shared/papers; for the two scans, the text their scanner's OCR layer
holds, drawn invisible over the page image) is read as the index reads it (ingest.load_document). For every sentence of its body
paragraphs (or a deterministic sample of --sample a paper), the rectangles the index would give
(boxes.TextBoxes.lines_of) are cropped out of the page with pypdfium2
(every character whose tight box meets the rectangle, however little, as PDFium's
PdfTextPage.get_text_bounded takes them, but only those a reader sees: not those a clipping path hides,
assistant/clipping.py; PDFium's origin is the page's bottom-left corner, so top and bottom are converted).
The text inside each rectangle is compared with the span's piece on that line (see ``compare``):

- precision: the share of the words inside the rectangles that are the span's;
- recall: the share of the span's words found inside;
- sentences ≥ 95 %: the share of sentences whose precision is 95 % or more (the issue's bar).

Prints a table per paper and the total; --json FILE writes them with the --keep worst sentences of each
paper (what was inside, what the span says), bench/boxes_results.json by default.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from assistant.ingest import load_document  # noqa: E402
from assistant.clipping import ClipTest  # noqa: E402

_WORD = re.compile(r"\S+")
BAR = 0.95


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum())


def compare(cropped: str, expected: str) -> tuple[int, int, int, int]:
    """(words inside, of them the span's; the span's words, of them inside) for one line.

    Words are runs between spaces, reduced to their letters and digits after NFKC, in lower case ("ﬁ" is
    "fi", ¹⁶ is 16, "cata-" at a line end is "cata": the source dropped the hyphen of "catalyst"). The
    letters of both texts are aligned (difflib); a word is matched when all its letters are. PDFium's text
    of a crop runs some words together and splits others (scripts, "80th"), so the words counted inside
    are PDFium's and the span's are the source's."""
    inside = [w for w in map(_letters, _WORD.findall(cropped)) if w]
    ours = [w for w in map(_letters, _WORD.findall(expected.replace("^{", " ").replace("_{", " "))) if w]
    a, b = "".join(inside), "".join(ours)
    hit_a, hit_b = [False] * len(a), [False] * len(b)
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        hit_a[block.a: block.a + block.size] = [True] * block.size
        hit_b[block.b: block.b + block.size] = [True] * block.size

    def matched(tokens: list[str], hit: list[bool]) -> int:
        count, at = 0, 0
        for token in tokens:
            count += all(hit[at: at + len(token)])
            at += len(token)
        return count

    return len(inside), matched(inside, hit_a), len(ours), matched(ours, hit_b)


def seen_chars(page) -> list[tuple[str, tuple[float, float, float, float] | None]]:
    """(character, tight box left-bottom-right-top) of every character of a page a reader sees, in PDFium's
    order: not one a clipping path hides; a space or line break has no box."""
    textpage, clip = page.get_textpage(), ClipTest(page.raw)
    raw, loose = textpage.raw, pdfium_raw.FS_RECTF()
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    chars = []
    for index in range(pdfium_raw.FPDFText_CountChars(raw)):
        handle = pdfium_raw.FPDFText_GetTextObject(raw, index)
        code = pdfium_raw.FPDFText_GetUnicode(raw, index)
        if not handle or chr(code).isspace():
            chars.append((" ", None))
            continue
        pdfium_raw.FPDFText_GetLooseCharBox(raw, index, loose)
        if clip.hidden(ctypes.cast(handle, ctypes.c_void_p).value, (loose.left + loose.right) / 2,
                       (loose.top + loose.bottom) / 2):
            continue
        pdfium_raw.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
        chars.append((chr(code), (left.value, bottom.value, right.value, top.value)))
    textpage.close()
    return chars


def measure(path: Path, sample: int | None, seed: int = 0) -> dict:
    document = load_document(path)
    layout = document.boxes
    sentences = [s for p in document.paragraphs if p.kind == "body" for s in p.sentences]
    if sample and len(sentences) > sample:
        sentences = sorted(random.Random(seed).sample(sentences, sample), key=lambda s: s.start)
    pdf = pdfium.PdfDocument(str(path))
    textpages: dict[int, tuple] = {}

    def crop(box) -> str:
        if box.page not in textpages:
            page = pdf[box.page - 1]
            textpages[box.page] = (page, seen_chars(page), page.get_height())
        _, chars, height = textpages[box.page]
        left, bottom, right, top = box.x0, height - box.bottom, box.x1, height - box.top
        text, space = [], False
        for char, rect in chars:
            if rect is None:
                space = bool(text)  # a space or line break between two characters inside
            elif rect[0] < right and rect[2] > left and rect[1] < top and rect[3] > bottom:
                text.append(" " + char if space else char)
                space = False
        return "".join(text)

    inside = belong = ours = found = clean = lines = 0
    worst = []
    for sentence in sentences:
        s_inside = s_ours = s_found = 0
        detail = []
        s_belong = 0
        for box, pieces in layout.lines_of(sentence.spans):
            cropped = crop(box)
            expected = " ".join(document.source[lo:hi] for lo, hi in pieces)
            n_inside, n_belong, n_ours, n_found = compare(cropped, expected)
            s_inside, s_belong, s_ours, s_found = (s_inside + n_inside, s_belong + n_belong, s_ours + n_ours,
                                                   s_found + n_found)
            lines += 1
            if n_belong < n_inside or n_found < n_ours:
                detail.append({"box": [box.page, box.x0, box.top, box.x1, box.bottom],
                               "inside": " ".join(cropped.split()), "span": " ".join(expected.split())})
        inside, belong, ours, found = inside + s_inside, belong + s_belong, ours + s_ours, found + s_found
        precision = s_belong / s_inside if s_inside else 1.0
        clean += precision >= BAR
        if detail:
            worst.append({"precision": round(precision, 3), "recall": round(s_found / max(1, s_ours), 3),
                          "text": document.source[sentence.start:sentence.end][:160], "lines": detail})
    for page, _, _ in textpages.values():
        page.close()
    pdf.close()
    worst.sort(key=lambda w: (w["precision"], w["recall"]))
    return {"paper": path.name, "sentences": len(sentences), "lines": lines,
            "precision": belong / max(1, inside), "recall": found / max(1, ours),
            "clean": clean / max(1, len(sentences)), "words_inside": inside, "words_belong": belong,
            "words_span": ours, "words_found": found,
            "worst": worst}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=Path, default=REPO.parent / "shared" / "papers")
    parser.add_argument("--sample", type=int, default=None, help="sentences a paper (default: all)")
    parser.add_argument("--show", type=int, default=0, help="print this many of the worst sentences a paper")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "boxes_results.json")
    parser.add_argument("--keep", type=int, default=10, help="worst sentences a paper kept in --json")
    args = parser.parse_args(argv)
    papers = sorted(args.papers.glob("*.pdf"))
    results = []
    print(f"| paper | sentences | lines | precision | recall | sentences ≥ {BAR:.0%} |")
    print("|---|---:|---:|---:|---:|---:|")
    started = time.time()
    for path in papers:
        result = measure(path, args.sample)
        results.append(result)
        print(f"| {path.stem} | {result['sentences']} | {result['lines']} | {result['precision']:.2%} | "
              f"{result['recall']:.2%} | {result['clean']:.2%} |", flush=True)
    total = {key: sum(r[key] for r in results)
             for key in ("sentences", "lines", "words_inside", "words_belong", "words_span", "words_found")}
    clean = sum(r["clean"] * r["sentences"] for r in results)
    total.update(precision=total["words_belong"] / max(1, total["words_inside"]),
                 recall=total["words_found"] / max(1, total["words_span"]), clean=clean / max(1, total["sentences"]))
    print(f"| **total** | {total['sentences']} | {total['lines']} | {total['precision']:.2%} | "
          f"{total['recall']:.2%} | {total['clean']:.2%} |")
    print(f"({time.time() - started:.0f} s)")
    for result in results:
        for case in result["worst"][: args.show]:
            print(f"\n{result['paper']} precision {case['precision']} recall {case['recall']}: {case['text']!r}")
            for line in case["lines"]:
                print(f"  page {line['box'][0]} {line['box'][1:]}\n    inside: {line['inside']!r}\n"
                      f"    span:   {line['span']!r}")
    for result in results:
        result["worst"] = result["worst"][: args.keep]
    args.json.write_text(json.dumps({"sample": args.sample, "total": total, "papers": results}, indent=1,
                                    ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
