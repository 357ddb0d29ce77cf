"""Boxes: where an answer span or passage of a PDF is printed, one rectangle per line.

A two-column paper of two pages is typeset here line by line (fpdf2), so the test knows on which printed
line every word stands. For spans within a line, across lines, across the column break and across the
page break, the rectangles are one per printed line, and PDFium's own text inside each rectangle is the
span's text on that line. Then through the index and the engine: the JSON of an answer from a PDF carries
boxes, an answer from a text file none, and an index without boxes is refused as stale.
"""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from assistant.boxes import TextBoxes, load, save
from assistant.ingest import load_document
from assistant.types import AnswerSpan, Box, Passage

PAGE_WIDTH, BODY, STEP = 595.0, 10.0, 12.0  # A4 in points
COLUMNS, COLUMN_WIDTH = (56.0, 310.0), 229.0
FIRST, LINES = 110.0, 28  # baseline of a column's first line; lines a column
SENTENCES = [f"The gold cluster sample {n} was reduced at {100 + n} kelvin and kept its shape for {n + 2} "
             f"days in toluene." for n in range(1, 80)]


def _typeset(path: Path) -> list[tuple[int, int, float, str]]:
    """A title, then the sentences as one paragraph over two columns of two pages; returns the printed lines
    as (page, column, baseline, text)."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", "", BODY)
    words, lines, line = " ".join(SENTENCES).split(), [], ""
    for word in words:
        if line and pdf.get_string_width(f"{line} {word}") > COLUMN_WIDTH:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    printed = []
    for number, text in enumerate(lines[: 2 * 2 * LINES]):
        page, column, row = number // (2 * LINES) + 1, number // LINES % 2, number % LINES
        if row == 0 and column == 0:
            pdf.add_page()
            if page == 1:
                pdf.set_font("Helvetica", "B", 16)
                pdf.text(COLUMNS[0], 70, "Boxes of a Two-Column Paper")
                pdf.set_font("Helvetica", "", BODY)
        baseline = FIRST + row * STEP
        pdf.text(COLUMNS[column], baseline, text)
        printed.append((page, column, baseline, text))
    pdf.output(str(path))
    return printed


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    path = tmp_path_factory.mktemp("boxes") / "two-columns.pdf"
    printed = _typeset(path)
    return path, printed, load_document(path)


def _crop(path: Path, box: Box) -> str:
    """PDFium's text inside the rectangle (PDFium's origin is the page's bottom-left corner)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[box.page - 1]
        height = page.get_height()
        return page.get_textpage().get_text_bounded(left=box.x0, bottom=height - box.bottom, right=box.x1,
                                                     top=height - box.top)
    finally:
        pdf.close()


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _span(source: str, words: list[str]) -> tuple[int, int]:
    """Offsets of the words, as the source has them (once), whatever space or break is between them."""
    (found,) = re.finditer(r"(?<!\S)" + r"\s+".join(map(re.escape, words)) + r"(?!\S)", source)
    return found.span()


def _printed_lines(printed, text: str) -> list[tuple[int, int, float]]:
    """The printed lines (page, column, baseline) that the words of ``text`` stand on."""
    stream = [(word, i) for i, line in enumerate(printed) for word in line[3].split()]
    wanted = text.split()
    for at in range(len(stream) - len(wanted) + 1):
        if [w for w, _ in stream[at: at + len(wanted)]] == wanted:
            lines = sorted({i for _, i in stream[at: at + len(wanted)]})
            return [printed[i][:3] for i in lines]
    raise AssertionError(f"not typeset: {text!r}")


def _case(printed, case: str) -> tuple[list[str], int]:
    """(words, printed lines) of a span of the kind named, from the typeset lines."""
    words = [line[3].split() for line in printed]
    column_end = LINES - 1  # last line of page 1's left column
    page_end = 2 * LINES - 1  # last line of page 1
    return {
        "within a line": (words[4][2:5], 1),
        "across a line break": (words[2][-3:] + words[3][:3], 2),
        "across the column break": (words[column_end][-3:] + words[column_end + 1][:3], 2),
        "across the page break": (words[page_end][-3:] + words[page_end + 1][:3], 2),
        "down a column and up the next": ([w for line in words[column_end - 5: column_end + 8] for w in line], 13),
    }[case]


@pytest.mark.parametrize("case", ["within a line", "across a line break", "across the column break",
                                  "across the page break", "down a column and up the next"])
def test_one_rectangle_per_line_holding_the_span_and_nothing_else(paper, case):
    path, printed, document = paper
    words, lines = _case(printed, case)
    start, end = _span(document.source, words)
    found = document.boxes.lines_of([(start, end)])
    expected = _printed_lines(printed, " ".join(document.source[start:end].split()))
    assert len(found) == len(expected) == lines
    for (box, pieces), (page, column, baseline) in zip(found, expected):
        assert box.page == page
        assert box.top < baseline < box.bottom  # the printed line's own band
        assert COLUMNS[column] - 1 <= box.x0 < box.x1 <= COLUMNS[column] + COLUMN_WIDTH + 1
        assert _bare(_crop(path, box)) == _bare(" ".join(document.source[lo:hi] for lo, hi in pieces))
    # every character of the span is in one of them
    assert " ".join(document.source[lo:hi] for _, pieces in found for lo, hi in pieces).split() == \
        document.source[start:end].split()


def test_the_paper_is_read_as_two_columns_over_two_pages(paper):
    """What the spans above rely on: one paragraph in reading order, across columns and pages."""
    _, printed, document = paper
    assert document.title == "Boxes of a Two-Column Paper"
    words = [w for p in document.paragraphs for s in p.sentences for span in s.spans
             for w in document.source[span[0]:span[1]].split()]
    assert words == " ".join(line[3] for line in printed).split()
    assert document.page_starts and len(document.page_starts) == 2


def _words_of_line(source: str, text: str) -> list[tuple[int, int]]:
    """Offsets of each word of a printed line in the source."""
    start, _ = _span(source, text.split())
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text)]


def test_a_span_gets_the_edges_of_its_own_characters(paper):
    path, printed, document = paper
    words = _words_of_line(document.source, printed[6][3])
    (box,) = document.boxes.rects([(words[2][0], words[3][1])])
    (whole,) = document.boxes.rects([(words[1][0], words[4][1])])
    assert whole.x0 < box.x0 < box.x1 < whole.x1 and (whole.top, whole.bottom) == (box.top, box.bottom)
    assert _bare(_crop(path, box)) == _bare(document.source[words[2][0]:words[3][1]])


def test_spans_on_one_line_share_its_rectangle(paper):
    _, printed, document = paper
    words = _words_of_line(document.source, printed[7][3])
    a, b = (words[0][0], words[1][1]), (words[-2][0], words[-1][1])
    (box,) = document.boxes.rects([a, b])
    assert (box.x0, box.x1) == (document.boxes.rects([a])[0].x0, document.boxes.rects([b])[0].x1)


def test_stored_and_loaded_unchanged(paper, tmp_path):
    _, _, document = paper
    save(tmp_path / "boxes.npz", {"paper": document.boxes, "other": TextBoxes.from_chars([None, None])})
    loaded = load(tmp_path / "boxes.npz")
    assert set(loaded) == {"paper", "other"}
    for name in ("line_start", "line_end", "line_page", "line_band", "char_x"):
        assert np.array_equal(getattr(loaded["paper"], name), getattr(document.boxes, name))
    spans = [p.spans(document.source)[0] for p in document.paragraphs]
    assert loaded["paper"].rects(spans) == document.boxes.rects(spans)
    assert loaded["other"].rects([(0, 2)]) == ()
    save(tmp_path / "none.npz", {})
    assert load(tmp_path / "none.npz") == {}


def test_records_carry_boxes_as_plain_json():
    box = Box(2, 56.0, 101.5, 120.25, 113.0)
    span = AnswerSpan(1, 10, 20, "0123456789", boxes=(box,))
    assert span.to_dict()["boxes"] == [{"page": 2, "x0": 56.0, "top": 101.5, "x1": 120.25, "bottom": 113.0}]
    assert AnswerSpan(1, 0, 4, "text").to_dict()["boxes"] == []  # a text document's: none
    passage = Passage(1, 0, "doc", "Title", "Main text", 1, "body", 0, 4, ((0, 4),), 1.0, "text", (), 1, (box,))
    assert json.loads(json.dumps(passage.to_dict()))["boxes"] == [json.loads(json.dumps(b)) for b in
                                                                   span.to_dict()["boxes"]]


def test_a_page_is_where_the_offset_is_printed_not_where_it_falls_in_the_source():
    """A page-1 footnote is set in the source after the paragraph it interrupts, which runs on over page 2:
    its offsets fall in page 2's text, but it is printed on page 1, and a passage starting there is on page 1."""
    from assistant.pdf import CharBox
    from assistant.types import Document

    source = "Body on page one runs on to page two. Footnote of page one."
    page_two, footnote = source.index("to page two"), source.index("Footnote")

    def printed(i: int):  # (page, top) of character i's line
        return (1, 100.0) if i < page_two else (2, 80.0) if i < footnote else (1, 700.0)

    chars = [CharBox(printed(i)[0], 50.0 + 5 * i, printed(i)[1], 55.0 + 5 * i, printed(i)[1] + 10)
             for i in range(len(source))]
    document = Document("d", "d.pdf", source, "Title", {}, (), (), (), page_starts=(0, page_two),
                        boxes=TextBoxes.from_chars(chars))
    assert [document.page_of(o) for o in (0, page_two, footnote, len(source) - 1)] == [1, 2, 1, 1]
    assert dataclasses.replace(document, boxes=None).page_of(footnote) == 2  # without boxes: by the source


# --- through the index and the engine ----------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf_bot(tmp_path_factory, encoder):
    from assistant import Assistant
    from tests.conftest import CORPUS, indexed_config
    from tests.test_pdf_corpus import PAPERS, make_pdf

    directory = tmp_path_factory.mktemp("pdf-bot")
    corpus = directory / "corpus"
    shutil.copytree(CORPUS, corpus)
    make_pdf(corpus / "copper.pdf", *PAPERS["copper.pdf"])
    config_path = indexed_config(directory, corpus, encoder)
    return Assistant.load(config_path, build_if_missing=False, log=lambda m: None)


def test_answers_from_a_pdf_carry_their_boxes(pdf_bot):
    data = pdf_bot.ask("At what temperature did the copper hydride clusters release hydrogen?").to_dict()
    assert "80 degrees Celsius" in data["answer"]
    path = Path(pdf_bot.index.documents["copper"].path)
    for span in data["answer_spans"]:
        assert span["doc_id"] == "copper" and span["boxes"]
        inside = "".join(_crop(path, Box(**b)) for b in span["boxes"])
        assert _bare(inside) == _bare(span["text"])
        assert all(set(b) == {"page", "x0", "top", "x1", "bottom"} and b["page"] == 1 for b in span["boxes"])
    top = data["passages"][0]
    assert top["doc_id"] == "copper" and len(top["boxes"]) >= 2  # a paragraph of several lines
    inside = "".join(_crop(path, Box(**b)) for b in top["boxes"])
    assert _bare(inside) == _bare(top["text"])


def test_answers_from_a_text_file_have_none(pdf_bot):
    data = pdf_bot.ask("Why does the Au26.3Ag17.7 cluster luminesce more strongly?").to_dict()
    assert data["passages"][0]["doc_id"] == "precis-chem-2024-2-559"
    assert data["passages"][0]["boxes"] == [] and all(s["boxes"] == [] for s in data["answer_spans"])


def test_an_index_built_before_boxes_is_stale(pdf_bot, tmp_path):
    from assistant.index import SCHEMA_VERSION, IndexProblem, load_index

    index_dir = tmp_path / "index"
    shutil.copytree(pdf_bot.index.path, index_dir / "old")
    (index_dir / "current").symlink_to("old")
    manifest = json.loads((index_dir / "old" / "manifest.json").read_text())
    manifest["schema_version"] = SCHEMA_VERSION - 1  # what an index without boxes.npz says
    (index_dir / "old" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexProblem, match="another version.*--rebuild"):
        load_index(dataclasses.replace(pdf_bot.config, index_dir=index_dir))
