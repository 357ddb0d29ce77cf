"""One synthetic PDF per layout feature of the PDF reader, made here with fpdf2 or a hand-written content stream.

tests/test_pdf.py reads one single-column paper (heads, scripts set by
position, hyphens across lines and a page break, references) and unit-tests
drop_hyphen. The PDFs here each hold one layout feature the reader must
undo: two columns drawn in every order, a sentence crossing a column and a
page break, running heads on alternate pages, line numbers and rotated
margin text, superscripts set by text rise or by baseline shift after
words, brackets, punctuation, numbers, minus signs, units and element
symbols, captions printed inside a paragraph, a table, ligature glyphs and
private-use codes, a font whose map is broken, hyphens at a column break, a
scanned page. Lines are justified word by word (no space characters in the
file: words come from gaps), as journals set them. Assertions are on the
exact text, the counts and the pages.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, ContentStream, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

from assistant.cli import inspection
from assistant.chunking import ChunkingConfig, chunk_document
from assistant.ingest import load_document
from assistant.pdf import PdfError
from assistant.structure import read_pdf
from assistant.types import join_spans

SIZE, PITCH = 10.0, 12.0  # body type and line pitch, points
PAGE_W, PAGE_H = 595.28, 841.89  # A4
MARGIN = 72.0


# --- building PDFs -------------------------------------------------------------------------------------


def _new_pdf() -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.core_fonts_encoding = "windows-1252"  # en dash, ×, ©
    pdf.set_font("Helvetica", "", SIZE)
    return pdf


def _words(pdf: FPDF, x: float, width: float, text: str, justify: bool) -> list[tuple[float, str]]:
    """(x, word) of a line set word by word, justified to ``width`` unless it ends a paragraph."""
    words = text.split()
    widths = [pdf.get_string_width(w) for w in words]
    space = pdf.get_string_width(" ")
    gap = (width - sum(widths)) / (len(words) - 1) if justify and len(words) > 1 else space
    assert 0.8 * space <= gap <= 3.5 * space, f"a line too short to justify: {text!r}"  # < a column gutter
    placed = []
    for word, w in zip(words, widths):
        placed.append((x, word))
        x += w + gap
    assert x - gap <= PAGE_W - 36, text  # on the page
    return placed


def _content_pdf(path: Path, pages: list[str], fonts: dict[str, tuple[list, dict | None]] | None = None) -> Path:
    """A PDF whose pages' content streams are written here. /F1 is Helvetica (WinAnsi); ``fonts`` adds
    Helvetica under other names, each with (/Differences: [(code, glyph name)], ToUnicode: {code: text} or
    None); all are the standard Helvetica, so only how codes map to text differs, not how they look."""
    writer = PdfWriter()
    font_refs = {NameObject("/F1"): writer._add_object(_font(writer, [], None))}
    for name, (differences, to_unicode) in (fonts or {}).items():
        font_refs[NameObject(f"/{name}")] = writer._add_object(_font(writer, differences, to_unicode))
    for content in pages:
        page = writer.add_blank_page(PAGE_W, PAGE_H)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(font_refs)})
        stream = ContentStream(None, writer)
        stream.set_data(content.encode("latin-1"))
        page.replace_contents(stream)
    writer.write(path)
    return path


def _font(writer: PdfWriter, differences: list, to_unicode: dict | None) -> DictionaryObject:
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica"),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    if differences:
        items = ArrayObject()
        for code, glyph in differences:
            items += [NumberObject(code), NameObject(f"/{glyph}")]
        font[NameObject("/Encoding")] = DictionaryObject({
            NameObject("/Type"): NameObject("/Encoding"), NameObject("/BaseEncoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/Differences"): items})
    if to_unicode is not None:
        cmap = DecodedStreamObject()
        cmap.set_data(_to_unicode(to_unicode).encode("latin-1"))
        font[NameObject("/ToUnicode")] = writer._add_object(cmap)
    return font


def _to_unicode(pairs: dict[int, str]) -> str:
    """A ToUnicode CMap mapping one-byte codes to text; printable ASCII maps to itself unless given."""
    pairs = {**{code: chr(code) for code in range(0x20, 0x7F)}, **pairs}
    body = "\n".join(f"<{code:02X}> <{''.join(f'{ord(c):04X}' for c in text)}>" for code, text in pairs.items())
    return ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(pairs)} beginbfchar\n{body}\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n")


# --- reading -------------------------------------------------------------------------------------------


def _report(path: Path) -> dict:
    """`assistant inspect`'s JSON of the file: paragraphs (page, kind, text), citations, warnings, repairs."""
    return inspection(load_document(path))


def _paragraphs(report: dict, *kinds: str) -> list[tuple[int, str, str]]:
    return [(p["page"], p["kind"], p["text"]) for p in report["paragraphs"] if not kinds or p["kind"] in kinds]


def _sentences_with(document, needle: str) -> list[str]:
    source = document.source
    found = [" ".join(source[s:e] for s, e in sentence.spans)
             for paragraph in document.paragraphs for sentence in paragraph.sentences]
    return [s for s in found if needle in s]


def _pages_of(reading, start: int, end: int) -> list[int]:
    """The page of each character of source[start:end] that was printed (inserted spaces have none)."""
    return [box.page for box in reading.boxes[start:end] if box is not None]


# --- two columns, drawn in every order ------------------------------------------------------------------

COLUMN_W, GUTTER, COLUMN_LEFT = 215.0, 20.0, 72.0
COLUMN_X = (COLUMN_LEFT, COLUMN_LEFT + COLUMN_W + GUTTER)
LINES_PER_COLUMN = 9
TOP = 110.0

# Nine lines a column: lines 9, 18 and 27 open a column (18 a page) in the middle of a sentence.
COLUMN_PARAGRAPHS = [
    ["Thiolate-protected gold clusters have a core",
     "of a few dozen atoms, and their optical spectra",
     "show discrete bands in place of the plasmon",
     "band of larger particles of the same metal."],
    ["The clusters were made by reducing a gold",
     "salt with sodium borohydride in a mixture of",
     "water and methanol. After three hours of stirring",
     "at room temperature, the product was washed",
     "with water and dried under vacuum overnight,",  # bottom of page 1's left column
     "and it was then dissolved in dry toluene for",  # top of its right column
     "the measurements described in the next section",
     "of this paper."],
    ["Absorption spectra were recorded in quartz",
     "cells with a path length of one centimetre.",
     "When a drop of hydrogen peroxide was added",
     "to the solution, the colour of the clusters",
     "changed slowly from brown to a pale yellow",
     "over the course of an hour, which shows that",  # bottom of page 1
     "the core was oxidised by the peroxide. The",  # top of page 2
     "same change was not seen without it."],
    ["Emission spectra were taken at an excitation",
     "wavelength of four hundred nanometres. The",
     "clusters emit in the near infrared, and the",
     "intensity of the emission rose by a factor of",
     "three when the solution was cooled in an ice",
     "bath for ten minutes. The quantum yield was",
     "measured against a dye of known efficiency,",  # bottom of page 2's left column
     "and it was found to be close to one per cent",  # top of its right column
     "at room temperature."],
    ["All measurements were repeated three times",
     "with fresh samples of the clusters, and the",
     "spectra agreed within the experimental error",
     "of the instrument in every case."],
]
CROSSING = [  # (sentence, last word before the break, (page, column) before, (page, column) after)
    ("After three hours of stirring at room temperature, the product was washed with water and dried under "
     "vacuum overnight, and it was then dissolved in dry toluene for the measurements described in the next "
     "section of this paper.", "overnight,", (1, 0), (1, 1)),
    ("When a drop of hydrogen peroxide was added to the solution, the colour of the clusters changed slowly "
     "from brown to a pale yellow over the course of an hour, which shows that the core was oxidised by the "
     "peroxide.", "that", (1, 1), (2, 0)),
    ("The quantum yield was measured against a dye of known efficiency, and it was found to be close to one "
     "per cent at room temperature.", "efficiency,", (2, 0), (2, 1)),
]


def _lines_of(paragraphs: list[list[str]], indent: float = 12.0) -> list[tuple[str, float, bool]]:
    """(text, indent, justified) of each line: first lines indented, last lines ragged."""
    return [(text, indent if i == 0 else 0.0, i < len(lines) - 1)
            for lines in paragraphs for i, text in enumerate(lines)]


ORDERS = {  # slot: (page, column, row)
    "left column first": lambda slot: (slot[1], slot[2]),
    "right column first": lambda slot: (-slot[1], slot[2]),
    "row by row across the columns": lambda slot: (slot[2], slot[1]),
    "bottom line first": lambda slot: (-slot[1], -slot[2]),
}


def _two_columns(path: Path, paragraphs: list[list[str]], order: str, title: str = "",
                 figure: list[str] | None = None) -> Path:
    """Lines flowed into two columns of LINES_PER_COLUMN lines a page, each page drawn in ``order``; with
    ``figure`` (its caption's lines), page 2 opens with a figure as wide as both columns."""
    pdf = _new_pdf()
    slots = []  # (page, column, row, line)
    for i, line in enumerate(_lines_of(paragraphs)):
        page, rest = divmod(i, 2 * LINES_PER_COLUMN)
        slots.append((page, rest // LINES_PER_COLUMN, rest % LINES_PER_COLUMN, line))
    for page in range(slots[-1][0] + 1):
        pdf.add_page()
        if title and page == 0:
            pdf.set_font("Helvetica", "B", 14)
            pdf.text(COLUMN_LEFT, 80, title)
            pdf.set_font("Helvetica", "", SIZE)
        top = TOP
        if figure and page == 1:
            pdf.set_fill_color(120)
            pdf.rect(COLUMN_LEFT + 80, 70, 290, 140, style="F")
            top = _set(pdf, 226, _lines_of([figure], indent=0), 8) + 20
        for _, column, row, (text, indent, justify) in sorted((s for s in slots if s[0] == page), key=ORDERS[order]):
            for x, word in _words(pdf, COLUMN_X[column] + indent, COLUMN_W - indent, text, justify):
                pdf.text(x, top + row * PITCH, word)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("order", list(ORDERS))
def test_two_columns_are_read_column_by_column_whatever_the_drawing_order(tmp_path, order):
    path = _two_columns(tmp_path / "columns.pdf", COLUMN_PARAGRAPHS, order, title="Optical Properties of Gold Clusters")
    report = _report(path)
    assert _paragraphs(report) == [(1 if i < 3 else 2, "body", " ".join(lines))
                                   for i, lines in enumerate(COLUMN_PARAGRAPHS)]
    assert report["metadata"]["title"] == "Optical Properties of Gold Clusters"


@pytest.mark.parametrize("order", ["left column first", "right column first"])
def test_a_figure_across_both_columns_atop_a_page_is_read_apart_from_the_sentence_it_interrupts(tmp_path, order):
    figure = ["Figure 2. Absorption spectra of the gold clusters in toluene before (black) and after (red) the addition of",
              "hydrogen peroxide; the inset shows the change of the absorbance at 680 nm with time."]
    path = _two_columns(tmp_path / "figure.pdf", COLUMN_PARAGRAPHS, order, figure=figure)
    text = [" ".join(lines) for lines in COLUMN_PARAGRAPHS]
    assert _paragraphs(_report(path)) == [(1, "body", text[0]), (1, "body", text[1]), (1, "body", text[2]),
                                          (2, "caption", " ".join(figure)), (2, "body", text[3]), (2, "body", text[4])]


@pytest.mark.parametrize(("sentence", "last_word", "before", "after"), CROSSING, ids=["column", "page", "column-2"])
def test_a_sentence_crossing_a_column_or_page_break_is_one_sentence_each_character_on_its_page(
        tmp_path, sentence, last_word, before, after):
    path = _two_columns(tmp_path / "columns.pdf", COLUMN_PARAGRAPHS, "right column first")
    document, reading = load_document(path), read_pdf(path)
    assert _sentences_with(document, last_word + " ") == [sentence]
    start = reading.source.index(sentence)
    cut = start + sentence.index(last_word + " ") + len(last_word)
    gutter = COLUMN_X[1] - GUTTER / 2
    where = lambda box: (box.page, 0 if box.x1 <= gutter else 1 if box.x0 >= gutter else None)
    assert {where(b) for b in reading.boxes[start:cut] if b} == {before}
    assert {where(b) for b in reading.boxes[cut:start + len(sentence)] if b} == {after}
    assert len([b for b in reading.boxes[start:start + len(sentence)] if b]) == len(sentence.replace(" ", ""))


# --- running heads on alternate pages, page numbers, line numbers, margin text -----------------------------

WIDE = 451.0  # a single column, 72 to 523 points
STORAGE = [
    ["Copper hydride clusters store hydrogen in their cores and give it off again when they are heated,",
     "which makes them candidates for the storage of hydrogen at mild temperatures. The clusters studied",
     "here hold twenty-five copper atoms and a shell of thiolate ligands that protects them from air. All",
     "of them were made in one step from a copper salt and sodium borohydride in ethanol, and the samples",
     "were then kept under argon in sealed glass tubes for ten days before any of the experiments, so",
     "that the first measurement saw the clusters in the state in which they would be stored in practice."],
    ["Neutron diffraction located the hydrides inside the copper kernel, where each of them bridges three",
     "copper atoms of one face. The clusters released their hydrogen at eighty degrees and took it up",
     "again under one bar of hydrogen; the capacity stayed the same over twenty cycles of uptake and",
     "release, and no copper metal was found in the samples after the last cycle, which shows that the",
     "clusters are stable under the conditions of use."],
]
STORAGE_TEXT = [" ".join(lines) for lines in STORAGE]


def _single_column(pdf: FPDF, lines: list[tuple[str, float, bool]], per_page: int,
                   furniture=lambda pdf, page, rows: None, line_start=lambda pdf, page, row: None) -> None:
    """The lines set justified in one column, ``per_page`` a page; ``line_start(pdf, page, row)`` draws before
    each line (a line number), ``furniture(pdf, page, rows)`` after each page's lines (heads, feet)."""
    for first in range(0, len(lines), per_page):
        pdf.add_page()
        page_lines = lines[first:first + per_page]
        for row, (text, indent, justify) in enumerate(page_lines):
            line_start(pdf, pdf.page_no(), row)
            pdf.set_font("Helvetica", "", SIZE)
            for x, word in _words(pdf, MARGIN + indent, WIDE - indent, text, justify):
                pdf.text(x, TOP + row * PITCH, word)
        furniture(pdf, pdf.page_no(), len(page_lines))
        pdf.set_font("Helvetica", "", SIZE)


def _running_heads(pdf: FPDF, page: int, rows: int) -> None:
    """The journal's head on odd pages (right), the authors' on even pages (left), the page number below."""
    pdf.set_font("Helvetica", "I", 8)
    if page % 2:
        head = "Journal of Cluster Science 2024, 12, 101-104"
        pdf.text(MARGIN + WIDE - pdf.get_string_width(head), 40, head)
    else:
        pdf.text(MARGIN, 40, "Lovelace and Curie")
    pdf.set_font("Helvetica", "", 8)
    pdf.text(290, 815, str(100 + page))


@pytest.mark.parametrize("pages", [3, 4])
def test_running_heads_on_alternate_pages_and_page_numbers_stay_out_of_sentences_crossing_pages(tmp_path, pages):
    """The journal's head on odd pages, the authors' on even ones, at the same height: with three pages the
    authors' head is printed once (page 2), so only its position, not its repetition, can tell it."""
    pdf = _new_pdf()
    per_page = {3: 4, 4: 3}[pages]
    _single_column(pdf, _lines_of(STORAGE), per_page, _running_heads)
    pdf.output(str(tmp_path / "heads.pdf"))
    assert pdf.page_no() == pages
    report, reading = _report(tmp_path / "heads.pdf"), read_pdf(tmp_path / "heads.pdf")
    assert _paragraphs(report) == [(1, "body", STORAGE_TEXT[0]), ({3: 2, 4: 3}[pages], "body", STORAGE_TEXT[1])]
    head = "Journal of Cluster Science 2024, 12, 101-104"  # page 1's head cites the paper: a metadata line
    body = len(head) + 2
    assert reading.blocks == [("metadata", "", 0, len(head)), ("body", "", body, body + len(STORAGE_TEXT[0])),
                              ("body", "", body + len(STORAGE_TEXT[0]) + 2, len(reading.source))]
    # each character of a sentence crossing a page keeps its page
    flat = [(i, text) for i, lines in enumerate(STORAGE) for text in lines]
    crossings = [last for last in range(per_page, len(flat), per_page) if flat[last - 1][0] == flat[last][0]]
    assert len(crossings) == 2
    for last in crossings:
        before, after = flat[last - 1][1], flat[last][1]
        cut = reading.source.index(f"{before} {after}") + len(before)
        page = last // per_page
        assert set(_pages_of(reading, cut - len(before), cut)) == {page}, before
        assert set(_pages_of(reading, cut + 1, cut + 1 + len(after))) == {page + 1}, after
    assert not re.search(r"Lovelace|Curie|Journal|101|102|103|104", reading.source[body:])


def _doi_feet(pdf: FPDF, page: int, rows: int) -> None:
    """ACS's foot: the paper's DOI on every page, with the page number."""
    pdf.set_font("Helvetica", "", 8)
    pdf.text(MARGIN, 815, "https://doi.org/10.5555/jcs.2024.0101")
    pdf.text(500, 815, str(100 + page))


def test_page_ones_running_foot_printing_the_doi_is_kept_as_a_metadata_line(tmp_path):
    """The DOI printed only in the running foot is page 1's only statement of it: the foot of page 1 is a
    metadata line; the feet of the other pages go with the furniture."""
    pdf = _new_pdf()
    _single_column(pdf, _lines_of(STORAGE), 4, _doi_feet)
    pdf.output(str(tmp_path / "feet.pdf"))
    reading = read_pdf(tmp_path / "feet.pdf")
    foot = "https://doi.org/10.5555/jcs.2024.0101"
    assert reading.metadata["doi"] == "10.5555/jcs.2024.0101"
    assert reading.blocks[0] == ("metadata", "", 0, len(foot)) and reading.source.startswith(foot)
    assert reading.source.count("10.5555") == 1


def _published_margin(pdf: FPDF, page: int, rows: int) -> None:
    """RSC's margin: the publication date and the licence up the left edge of every page."""
    with pdf.rotation(90, 30, 700):
        pdf.set_font("Helvetica", "", 7)
        pdf.text(30, 700, "Open Access Article. Published on 12 July 2023. Downloaded on 7/21/2023 1:26:20 AM.")
        pdf.text(30, 690, "This article is licensed under a Creative Commons Attribution-NonCommercial 3.0 Unported Licence.")


def test_page_ones_margin_line_stating_the_publication_date_is_kept_as_a_metadata_line(tmp_path):
    """The publication date and the licence printed only up the margin (RSC) are page 1's only statement of them:
    those lines are metadata lines labelled published and license; the other pages' copies go with the
    furniture."""
    pdf = _new_pdf()
    _single_column(pdf, _lines_of(STORAGE), 4, _published_margin)
    pdf.output(str(tmp_path / "margin.pdf"))
    document = load_document(tmp_path / "margin.pdf")
    dated = [s for s in document.metadata_lines if s.label == "published"]
    assert len(dated) == 1 and "Published on 12 July 2023" in join_spans(document.source, dated[0].spans)
    assert document.source.count("Published on") == 1
    licensed = [join_spans(document.source, s.spans) for s in document.metadata_lines if s.label == "license"]
    assert licensed == ["This article is licensed under a Creative Commons Attribution-NonCommercial 3.0 Unported "
                        "Licence."] and document.source.count("licensed under") == 1


def _download_stamp_after_page_one(pdf: FPDF, page: int, rows: int) -> None:
    """A scan's download stamp (Wiley's), up the margin of every page but the first: the only place the DOI is."""
    if page > 1:
        with pdf.rotation(90, 30, 700):
            pdf.set_font("Helvetica", "", 7)
            pdf.text(30, 700, "0025116x, 1985, 8, Downloaded from https://onlinelibrary.example.com/doi/10.5555/"
                              "macp.1985.0218 by A Library on [19/12/2023].")


def test_a_download_stamp_missing_from_page_one_gives_the_doi_as_a_metadata_line(tmp_path):
    """No DOI on page 1; the stamp up the margin of the other pages prints it: the first of them is a metadata
    line, and the DOI read from it; the other copies go with the furniture."""
    pdf = _new_pdf()
    _single_column(pdf, _lines_of(STORAGE), 4, _download_stamp_after_page_one)
    pdf.output(str(tmp_path / "stamped.pdf"))
    document = load_document(tmp_path / "stamped.pdf")
    assert document.metadata["doi"] == "10.5555/macp.1985.0218"
    assert any("10.5555/macp.1985.0218" in join_spans(document.source, s.spans) for s in document.metadata_lines)
    assert document.source.count("Downloaded from") == 1


def _landscape_table(pdf: FPDF, page: int, rows: int) -> None:
    """A table set up the page (a landscape table on a portrait page, Biotechnology Advances' Table 1) below the
    text of page 1, and a download stamp up the left margin of every page."""
    with pdf.rotation(90, 30, 600):
        pdf.set_font("Helvetica", "", 8)
        pdf.text(30, 600, "Downloaded from https://pubs.example.org on May 1, 2024")
    if page != 1:
        return
    with pdf.rotation(90, 300, 780):
        pdf.set_font("Helvetica", "", 8)
        pdf.text(300, 780, "Table 1")
        pdf.text(300, 792, "Genome sizes and cluster counts of three families.")
        for row, cells in enumerate([("Gemmataceae", "4.8-12.4", "6-13"), ("Isosphaeraceae", "6.8-10.5", "5-11"),
                                     ("Pirellulaceae", "6.2-11.0", "5-13")], start=2):
            for x, cell in zip((300, 420, 500), cells):
                pdf.text(x, 780 + 12 * row, cell)


def test_a_table_set_up_the_page_is_read_as_a_table_where_it_is_printed(tmp_path):
    """A landscape table on a portrait page is text at a right angle, as a margin stamp is: it is read as the
    page turned to it, its caption a caption and each row a row of cells, after the page's text; each
    character's box is where it is printed. The stamp in the margin stays furniture."""
    pdf = _new_pdf()
    _single_column(pdf, _lines_of(STORAGE), 6, _landscape_table)
    pdf.output(str(tmp_path / "landscape.pdf"))
    document = load_document(tmp_path / "landscape.pdf")
    paragraphs = [(p.kind, " ".join(join_spans(document.source, s.spans) for s in p.sentences))
                  for p in document.paragraphs]
    assert ("caption", "Table 1 Genome sizes and cluster counts of three families.") in paragraphs
    rows = [text for kind, text in paragraphs if kind == "table"]
    assert rows == ["Gemmataceae\t4.8-12.4\t6-13", "Isosphaeraceae\t6.8-10.5\t5-11", "Pirellulaceae\t6.2-11.0\t5-13"]
    assert "Downloaded from" not in document.source
    start = document.source.index("Pirellulaceae")
    boxes = document.boxes.rects([(start, start + len("Pirellulaceae"))])
    # printed up the page from (300 + 36, 780): in a narrow band across, reaching upwards from its start
    assert {box.page for box in boxes} == {1} and all(335 < box.x0 < box.x1 < 355 for box in boxes)
    assert max(box.bottom for box in boxes) <= 781 and max(b.bottom for b in boxes) - min(b.top for b in boxes) > 40


def _line_number(gap: float, size: float):
    """Line numbers counted on from page to page, right-aligned ``gap`` points before the text (lineno.sty)."""
    def draw(pdf: FPDF, page: int, row: int) -> None:
        pdf.set_font("Helvetica", "", size)
        number = str((page - 1) * 6 + row + 1)
        pdf.text(MARGIN - gap - pdf.get_string_width(number), TOP + row * PITCH, number)
    return draw


def _stamp_and_footer(pdf: FPDF, page: int, rows: int) -> None:
    with pdf.rotation(90, 30, 600):  # a download stamp up the left margin
        pdf.set_font("Helvetica", "", 8)
        pdf.text(30, 600, "Downloaded from https://pubs.example.org on May 1, 2024")
    pdf.text(280, 815, f"Page {page} of 2")


@pytest.mark.parametrize(("gap", "size", "first"), [(8, 7, False), (8, 7, True), (20, 10, True)],
                         ids=["small-8pt-before-drawn-after-the-text", "small-8pt-before-drawn-first",
                              "body-size-20pt-before-drawn-first"])
def test_line_numbers_margin_text_and_page_footers_are_removed(tmp_path, gap, size, first):
    """A preprint: every line numbered in the margin, a download stamp up the left edge, "Page n of 2" below.
    Whether the file draws a line's number before or after the line's text must not matter."""
    number = _line_number(gap, size)

    def numbers_then_stamp(pdf: FPDF, page: int, rows: int) -> None:
        for row in range(rows):
            number(pdf, page, row)
        _stamp_and_footer(pdf, page, rows)

    pdf = _new_pdf()
    if first:
        _single_column(pdf, _lines_of(STORAGE), 6, _stamp_and_footer, line_start=number)
    else:
        _single_column(pdf, _lines_of(STORAGE), 6, numbers_then_stamp)
    pdf.output(str(tmp_path / "preprint.pdf"))
    report = _report(tmp_path / "preprint.pdf")
    assert _paragraphs(report) == [(1, "body", STORAGE_TEXT[0]), (2, "body", STORAGE_TEXT[1])]
    assert report["warnings"] == []


# --- superscripts and subscripts: citations, exponents, units, charges -------------------------------------

REFERENCE_LIST = [
    "Brust, M.; Walker, M. Synthesis of thiol-derivatised gold nanoparticles. Chem. Commun. 1994, 7, 801-802.",
    "Jadzinsky, P. D.; Kornberg, R. D. Structure of a thiol monolayer. Science 2007, 318, 430-433.",
    "Zhu, M.; Jin, R. Correlating the crystal structure of a cluster. J. Am. Chem. Soc. 2008, 130, 5883-5885.",
    "Heaven, M. W.; Murray, R. W. Crystal structure of the gold cluster. J. Am. Chem. Soc. 2008, 130, 3754-3755.",
    "Kang, X.; Zhu, M. Tailoring the photoluminescence of clusters. Chem. Soc. Rev. 2019, 48, 2422-2457.",
    "Du, Y.; Jin, R. Atomically precise metal nanoclusters. Chem. Rev. 2020, 120, 526-622.",
    "Chakraborty, I.; Pradeep, T. Atomically precise clusters. Chem. Rev. 2017, 117, 8208-8271.",
    "Yao, Q.; Xie, J. Understanding seed-mediated growth. Nat. Commun. 2017, 8, 927-935.",
    "Higaki, T.; Jin, R. Atomically tailored gold nanoclusters. Acc. Chem. Res. 2019, 52, 2-12.",
]

# (markup, text as read, citation markers as `assistant inspect` lists them). ^{…} is set raised and smaller,
# _{…} lowered and smaller; a U+2212 minus is printed from the Symbol font (a true minus sign, as journals do).
SCRIPTS = {
    "after a full stop": ("Clusters of this size were first made by Brust.^{1} Their cores are gold.",
                          "Clusters of this size were first made by Brust.¹ Their cores are gold.", [("¹", [1])]),
    "after a word": ("The structure of the cluster was solved later^{2} by X-ray crystallography.",
                     "The structure of the cluster was solved later² by X-ray crystallography.", [("²", [2])]),
    "after a bracket": ("A second isomer (the one with a chiral core)^{3} is less stable.",
                        "A second isomer (the one with a chiral core)³ is less stable.", [("³", [3])]),
    "after a comma": ("Gold, silver,^{4} and copper clusters behave alike in this respect.",
                      "Gold, silver,⁴ and copper clusters behave alike in this respect.", [("⁴", [4])]),
    "after a year": ("The first crystal structure was reported in 2019^{5} by two groups.",
                     "The first crystal structure was reported in 2019⁵ by two groups.", [("⁵", [5])]),
    "after a percentage": ("The yield was 95%^{6} after one hour at room temperature.",
                           "The yield was 95%⁶ after one hour at room temperature.", [("⁶", [6])]),
    "group and ranges": ("Earlier studies^{2,5} and reviews^{3–7} agree, as does later work^{6-9} on silver.",
                         "Earlier studies²˒⁵ and reviews³⁻⁷ agree, as does later work⁶⁻⁹ on silver.",
                         [("²˒⁵", [2, 5]), ("³⁻⁷", [3, 4, 5, 6, 7]), ("⁶⁻⁹", [6, 7, 8, 9])]),
    "powers of ten": ("The rate constant is 2.1 × 10^{5} in water and 3 × 10^{−9} in toluene.",
                      "The rate constant is 2.1 × 10⁵ in water and 3 × 10⁻⁹ in toluene.", []),
    "units with a minus sign": ("The absorption coefficient is 1.2 mM^{−1} cm^{−1} at 400 nm.",
                                "The absorption coefficient is 1.2 mM⁻¹ cm⁻¹ at 400 nm.", []),
    "units with a hyphen": ("The rate constant is 4.5 M^{-1} s^{-1} and the current 200 mA cm^{-2} at −0.5 V.",
                            "The rate constant is 4.5 M⁻¹ s⁻¹ and the current 200 mA cm⁻² at −0.5 V.", []),
    "charges": ("Both Fe^{3+} and O^{2−} ions sit in the lattice next to Cu^{2+} ions.",
                "Both Fe³⁺ and O²⁻ ions sit in the lattice next to Cu²⁺ ions.", []),
    "element symbols": ("The EPR spectrum shows Cu^{2} centres next to Ni^{2} centres.",
                        "The EPR spectrum shows Cu² centres next to Ni² centres.", []),
    "orbital hybridisation": ("The sp^{2} carbon atoms of the ligand are bound to sp^{3} carbon atoms.",
                              "The sp² carbon atoms of the ligand are bound to sp³ carbon atoms.", []),
    "formula subscripts": ("The clusters reduce CO_{2} to CO in H_{2}O at pH 7.^{8}",
                           "The clusters reduce CO₂ to CO in H₂O at pH 7.⁸", [("⁸", [8])]),
}


def _scripted(pdf: FPDF, y: float, markup: str, method: str) -> None:
    """One line of ``markup`` at baseline y: scripts by text rise (fpdf2's char_vpos, the Ts operator) or by
    a baseline of their own ("shift", a Td of their own)."""
    x = MARGIN
    if method == "rise":
        pdf.set_xy(MARGIN, y - PITCH / 2)
    for part in filter(None, re.split(r"([\^_]\{[^}]*\})", markup)):
        script = part[0] if part[:2] in ("^{", "_{") else ""
        body = part[2:-1] if script else part
        for piece in filter(None, re.split("(−)", body)):
            font = ("Symbol", "-") if piece == "−" else ("Helvetica", piece)
            if method == "rise":
                pdf.set_font(font[0], "", SIZE)
                pdf.char_vpos = {"^": "SUP", "_": "SUB", "": "LINE"}[script]
                pdf.write(PITCH, font[1])
                pdf.char_vpos = "LINE"
            else:
                pdf.set_font(font[0], "", SIZE * (0.7 if script else 1))
                lift = {"^": -0.35, "_": 0.2, "": 0.0}[script] * SIZE
                pdf.text(x, y + lift, font[1])
                x += pdf.get_string_width(font[1])
    pdf.set_font("Helvetica", "", SIZE)


def _paper_with(path: Path, markup: str, method: str) -> Path:
    """Two paragraphs of plain text (the body type must outweigh the references'), the line under test, a
    numbered reference list."""
    pdf = _new_pdf()
    pdf.set_margins(MARGIN, 40, MARGIN)
    pdf.add_page()
    for row, (text, indent, justify) in enumerate(_lines_of(STORAGE)):
        for x, word in _words(pdf, MARGIN + indent, WIDE - indent, text, justify):
            pdf.text(x, TOP + row * PITCH, word)
    _scripted(pdf, TOP + 13 * PITCH, markup, method)
    pdf.set_font("Helvetica", "B", SIZE)
    pdf.text(MARGIN, TOP + 16 * PITCH, "REFERENCES")
    pdf.set_font("Helvetica", "", 8)
    for i, entry in enumerate(REFERENCE_LIST):
        pdf.text(MARGIN, TOP + 17 * PITCH + i * 10, f"({i + 1}) {entry}")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("method", ["rise", "shift"])
@pytest.mark.parametrize("case", list(SCRIPTS))
def test_superscripts_are_citations_only_where_they_are_not_exponents_or_charges(tmp_path, case, method):
    markup, text, markers = SCRIPTS[case]
    report = _report(_paper_with(tmp_path / "scripts.pdf", markup, method))
    assert len(report["references"]) == len(REFERENCE_LIST)
    assert _paragraphs(report) == [(1, "body", STORAGE_TEXT[0]), (1, "body", STORAGE_TEXT[1]), (1, "body", text)]
    assert [(c["page"], c["marker"], c["numbers"]) for c in report["citations"]] == [(1, m, n) for m, n in markers]


# --- captions and tables ------------------------------------------------------------------------------------

INTERRUPTED = [  # a paragraph that a figure and its caption interrupt after its third line
    "The size of the clusters was checked by electron microscopy before and after the cycles of uptake",
    "and release of hydrogen. The micrographs show particles of the same size in both cases, and no",
    "larger particles were found in any of the images that were taken at random places on the grid,",
    "which means that the clusters do not grow or merge while they take up and give off hydrogen at",
    "eighty degrees.",
]
AFTER = ["The hydrogen given off was measured by gas chromatography with a thermal conductivity detector.",
         "Each measurement took about twenty minutes."]
CAPTIONS = {  # type size → caption lines
    8: ["Figure 1. Transmission electron micrographs of the copper clusters on a carbon film before (a) and after",
        "(b) twenty cycles of uptake and release of hydrogen; the scale bars are 20 nm."],
    10: ["Figure 1. Transmission electron micrographs of the copper clusters on a carbon film",
         "before (a) and after (b) twenty cycles of uptake and release of hydrogen."],
}


def _set(pdf: FPDF, y: float, lines: list[tuple[str, float, bool]], size: float = SIZE) -> float:
    """Justified lines from baseline y; returns the baseline after the last."""
    pdf.set_font("Helvetica", "", size)
    for text, indent, justify in lines:
        for x, word in _words(pdf, MARGIN + indent, WIDE - indent, text, justify):
            pdf.text(x, y, word)
        y += size * 1.2
    pdf.set_font("Helvetica", "", SIZE)
    return y


@pytest.mark.parametrize(("size", "next_page"), [(8, False), (10, False), (8, True)],
                         ids=["small-caption", "caption-in-body-type", "figure-atop-the-next-page"])
def test_a_caption_printed_inside_a_paragraph_is_its_own_block_and_the_paragraph_joins(tmp_path, size, next_page):
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(STORAGE[:1])) + 4
    y = _set(pdf, y, _lines_of([INTERRUPTED])[:3]) + 12
    if next_page:
        pdf.add_page()
        y = TOP
    pdf.set_fill_color(120)
    pdf.rect(MARGIN + 100, y, 250, 110, style="F")  # the figure
    y = _set(pdf, y + 110 + 14, _lines_of([CAPTIONS[size]], indent=0), size) + 12
    y = _set(pdf, y, _lines_of([INTERRUPTED])[3:]) + 4
    _set(pdf, y, _lines_of([AFTER]))
    pdf.output(str(tmp_path / "figure.pdf"))
    report = _report(tmp_path / "figure.pdf")
    assert _paragraphs(report) == [
        (1, "body", STORAGE_TEXT[0]),
        (1, "body", " ".join(INTERRUPTED)),
        (2 if next_page else 1, "caption", " ".join(CAPTIONS[size])),
        (2 if next_page else 1, "body", " ".join(AFTER)),
    ]


BROKEN_OFF = {  # (the paragraph's lines before the figure, its lines after, whether they are one paragraph)
    "after-an-article": (["The size of the clusters was checked before and after the cycles of uptake and release",
                          "of hydrogen. The micrographs were taken at random places on the grid with the"],
                         ["Tecnai microscope of the institute, and no larger particles were found in any of them."],
                         True),
    "before-an-abbreviation": (["The size of the clusters was checked before and after the cycles of uptake and",
                                "release of hydrogen by transmission electron microscopy"],
                               ["(TEM), and no larger particles were found in any of the images of the grid."],
                               True),
    "a-line-without-a-stop": (["The clusters were checked by transmission electron microscopy before and after cycling",
                               "Results in brief"],
                              ["No larger particles were found in any of the images that were taken on the grid."],
                              False),
}


@pytest.mark.parametrize("case", list(BROKEN_OFF))
def test_a_paragraph_broken_off_by_a_figure_at_a_page_break_joins_when_its_sentence_is_open(tmp_path, case):
    """A sentence left open at a page's foot goes on after the next page's figure and caption, even when
    it goes on with a capital ("with the" | "Tecnai microscope …"); a line ending without a full stop
    before a sentence that opens as sentences do stays a paragraph of its own."""
    before, after, joined = BROKEN_OFF[case]
    pdf = _new_pdf()
    pdf.add_page()
    _set(pdf, TOP, [(line, 12.0 if i == 0 else 0.0, i < len(before) - 1) for i, line in enumerate(before)])
    pdf.add_page()
    pdf.set_fill_color(120)
    pdf.rect(MARGIN + 100, TOP, 250, 110, style="F")
    y = _set(pdf, TOP + 110 + 14, _lines_of([CAPTIONS[8]], indent=0), 8) + 12
    _set(pdf, y, [(line, 0.0, False) for line in after])
    pdf.output(str(tmp_path / "broken.pdf"))
    body = [text for page, kind, text in _paragraphs(_report(tmp_path / "broken.pdf"), "body")]
    assert body == ([" ".join(before + after)] if joined else [" ".join(before), " ".join(after)])


TABLE = [  # rows of cells; x of each column
    ["Cluster", "Uptake (wt %)", "Release (°C)", "Cycles"],
    ["Cu25H10", "2.1", "80", "20"],
    ["Cu32H20", "1.7", "95", "15"],
    ["Cu20H11", "2.4", "70", "25"],
]
TABLE_X = (MARGIN, 190.0, 310.0, 430.0)


CAPTION = "Table 1. Hydrogen storage in copper hydride clusters."


def _table_paper(path: Path, caption_gap: float | None) -> Path:
    """A paragraph, the table in 9 pt after its caption (``caption_gap`` points of extra space under the
    caption) or, with None, in the body's type without a caption, then another paragraph."""
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(STORAGE[:1])) + 10
    size = SIZE if caption_gap is None else 9
    if caption_gap is not None:
        y = _set(pdf, y, [(CAPTION, 0.0, False)], size) + caption_gap
    y = _set_rows(pdf, y, TABLE, TABLE_X, size)
    _set(pdf, y + 10, _lines_of(STORAGE[1:]))
    pdf.output(str(path))
    return path


def _set_rows(pdf: FPDF, y: float, rows: list[list[str]], xs: tuple[float, ...], size: float) -> float:
    """A table's rows from ``y`` down, each cell at its column's x, in ``size`` pt; the y below the last row."""
    pdf.set_font("Helvetica", "", size)
    for row in rows:
        for x, cell in zip(xs, row):
            pdf.text(x, y, cell)
        y += size * 1.4
    return y


@pytest.mark.parametrize("caption_gap", [4.0, 10.0, None], ids=["caption-4pt-above", "caption-10pt-above",
                                                               "without-a-caption"])
def test_a_tables_cells_are_table_paragraphs_not_body(tmp_path, caption_gap):
    report = _report(_table_paper(tmp_path / "table.pdf", caption_gap))
    assert _paragraphs(report, "body", "caption") == [(1, "body", STORAGE_TEXT[0])] + (
        [(1, "caption", CAPTION)] if caption_gap is not None else []) + [(1, "body", STORAGE_TEXT[1])]
    table = _paragraphs(report, "table")
    assert {page for page, _, _ in table} == {1}
    assert sorted(word for _, _, text in table for word in text.split()) == sorted(
        word for row in TABLE for cell in row for word in cell.split())


def test_a_table_is_read_row_by_row(tmp_path):
    """pdf.py reads a table's rows as lines of several cells (Line.cells), the cells parted by a tab."""
    report = _report(_table_paper(tmp_path / "table.pdf", 10.0))
    assert " ".join(text for _, _, text in _paragraphs(report, "table")) == " ".join("\t".join(row) for row in TABLE)


def test_a_tables_rows_are_matched_under_its_title_and_column_headers(tmp_path):
    """A row alone ("Cu32H20 1.7 95 15") says nothing of what it measures: each row's sentences are searched and
    embedded after the caption's first sentence ("Table 1." is only its label) and the first row, and shown as
    printed; the first row itself is searched as printed."""
    chunks = [c for c in chunk_document(load_document(_table_paper(tmp_path / "table.pdf", 10.0)), ChunkingConfig())
              if c.kind == "table"]
    header = " ".join(TABLE[0])
    assert [c.text for c in chunks] == ["\t".join(row) for row in TABLE]
    assert chunks[0].sentence_search_texts == (header,)
    for chunk, row in zip(chunks[1:], TABLE[1:]):
        assert chunk.sentence_search_texts == (f"{CAPTION} {header} {' '.join(row)}",)
        assert chunk.search_text == chunk.sentence_search_texts[0]


WIDE_TABLE = [  # a table as wide as the page over two columns of text: its gutter runs between "TON" and "PS"
    ["Entry", "Additive", "TON", "PS (%)", "Mn (kg/mol)", "PDI"],
    ["a", "none", "240", "92", "4.9", "1.07"],
    ["b", "PhMeNH2 borate", "1840", "95", "40.0", "1.11"],
    ["c", "PPN chloride", "460", "17", "12.5", "1.58"],
]
WIDE_TABLE_X = (MARGIN, 120.0, 230.0, 320.0, 400.0, 480.0)
HALVES = [  # a long list set in two halves side by side, each under the same header
    ["Compound", "Phase", "Compound", "Phase"],
    ["BaZrS3", "distorted", "LaYbS3", "UFeS3-type"],
    ["CaZrS3", "distorted", "NdScS3", "YScS3-type"],
]
HALVES_X = (MARGIN, 180.0, 320.0, 430.0)


def _table_over_columns(path: Path, rows: list[list[str]], xs: tuple[float, ...]) -> Path:
    """A table atop page 1, its columns at ``xs``, over the first page of COLUMN_PARAGRAPHS in two columns."""
    pdf = _new_pdf()
    pdf.add_page()
    top = _set_rows(pdf, TOP, rows, xs, 9) + 20
    pdf.set_font("Helvetica", "", SIZE)
    for i, (text, indent, justify) in enumerate(_lines_of(COLUMN_PARAGRAPHS)[: 2 * LINES_PER_COLUMN]):
        column, row = divmod(i, LINES_PER_COLUMN)
        for x, word in _words(pdf, COLUMN_X[column] + indent, COLUMN_W - indent, text, justify):
            pdf.text(x, top + row * PITCH, word)
    pdf.output(str(path))
    return path


def test_a_table_as_wide_as_the_page_is_read_in_whole_rows_across_the_columns_gutter(tmp_path):
    """The gutter of the two columns below runs through the table; each row's cells on both sides of it are
    one row (an RSC table of seven columns), and the columns' lines below stay apart."""
    report = _report(_table_over_columns(tmp_path / "wide.pdf", WIDE_TABLE, WIDE_TABLE_X))
    assert [text for _, _, text in _paragraphs(report, "table")] == ["\t".join(row) for row in WIDE_TABLE]
    assert [text for _, _, text in _paragraphs(report, "body")][:2] == [" ".join(p) for p in COLUMN_PARAGRAPHS[:2]]


def test_a_long_table_set_in_two_halves_side_by_side_keeps_each_halfs_records_apart(tmp_path):
    """The same header on both sides of the gutter: two halves of one list, not one row of four cells."""
    report = _report(_table_over_columns(tmp_path / "halves.pdf", HALVES, HALVES_X))
    rows = [text for _, _, text in _paragraphs(report, "table")]
    assert sorted(rows) == sorted("\t".join(half) for row in HALVES for half in (row[:2], row[2:]))


SUBSCRIPTED_ROWS = [("1", "Ca", "Co", ["240", "92", ">99"]), ("2", "Ca", "Mn", ["n.d.", "-", "-"])]


def _subscripted_labels(path: Path) -> Path:
    """A paragraph, then a table whose row labels are a number and a complex named with a subscript ("1 1_{CaCo}"):
    the label's two digits in the row's type, the subscript's four letters smaller and lower."""
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(STORAGE[:1])) + 20
    for entry, metal, other, cells in SUBSCRIPTED_ROWS:
        pdf.set_font("Helvetica", "", 9)
        pdf.text(MARGIN, y, entry)
        pdf.text(MARGIN + 14, y, "1")
        pdf.set_font("Helvetica", "", 6)
        pdf.text(MARGIN + 19.5, y + 1.5, metal + other)
        pdf.set_font("Helvetica", "", 9)
        for x, cell in zip(TABLE_X[1:], cells):
            pdf.text(x, y, cell)
        y += 9 * 1.4
    pdf.output(str(path))
    return path


def test_a_row_label_whose_subscript_outnumbers_its_digits_stays_on_its_row(tmp_path):
    """The label's few digits in the row's type are its body, the letters below them a subscript: the label is
    read on the row's baseline, as the first cell of its row, not as a line of its own."""
    report = _report(_subscripted_labels(tmp_path / "labels.pdf"))
    assert [text for _, _, text in _paragraphs(report, "table")] == [
        "\t".join([f"{entry} 1_{{{metal}{other}}}", *cells]) for entry, metal, other, cells in SUBSCRIPTED_ROWS]


WRAPPED_ROWS = [  # a table whose cells wrap (a LaTeX p{} column): each cell's lines, set centred in its row
    [["Model"], ["Training data"], ["Application"], ["Release"]],
    [["BatteryBERT"], ["400k papers from RSC,", "Elsevier and Springer"], ["Document classifica-", "tion"], ["2022.05"]],
    [["ClinicalBERT"], ["MIMIC-III"], ["Patient readmission", "probability"], ["2019.04"]],
    [["SciBERT"], ["1.14M papers from", "Semantic Scholar"], ["NER and sentence", "classification"], ["2019.03"]],
    [["MatBERT"], ["Abstracts from solid state", "articles and methods from", "gold nanoparticle articles"], ["NER"],
     ["2022.04"]],  # three lines beside one: their baselines meet, the cells differ in lines
]
WRAPPED_X = (MARGIN, 170.0, 300.0, 450.0)


def _wrapped_table(path: Path, padding: float) -> Path:
    """A paragraph, then WRAPPED_ROWS in 9 pt, each cell's lines centred in its row, ``padding`` points between
    rows (pdfTeX's row padding), then another paragraph."""
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(STORAGE[:1])) + 20
    pdf.set_font("Helvetica", "", 9)
    pitch = 9 * 1.2
    for row in WRAPPED_ROWS:
        height = max(len(cell) for cell in row) * pitch
        for x, cell in zip(WRAPPED_X, row):
            first = y + (height - len(cell) * pitch) / 2
            for i, line in enumerate(cell):
                pdf.text(x, first + i * pitch, line)
        y += height + padding
    _set(pdf, y + 20, _lines_of(STORAGE[1:]))
    pdf.output(str(path))
    return path


def test_a_table_row_whose_cells_wrap_is_read_as_one_row_its_hyphens_as_a_paragraphs(tmp_path):
    """Each row's cells, however many lines they wrap onto, are one row: cells parted by a tab, a cell's lines
    joined as a paragraph's are ("classifica-" + "tion" → "classification", the hyphen recorded as a repair)."""
    path = _wrapped_table(tmp_path / "wrapped.pdf", padding=6.0)
    reading, report = read_pdf(path), _report(path)
    assert [text for _, _, text in _paragraphs(report, "table")] == [
        "\t".join(" ".join(cell) for cell in row).replace("classifica- tion", "classification") for row in WRAPPED_ROWS]
    hyphens = [o for o, r in reading.repairs if r.kind == "hyphen"]
    assert [reading.source[o - 10:o + 4] for o in hyphens] == ["classification"]


def test_a_table_set_solid_without_row_padding_stays_line_by_line(tmp_path):
    """Without white space between rows, no band of lines tells one row from the next: the lines are read as
    before, never a column's cells of several rows joined into one cell, and no word is lost."""
    report = _report(_wrapped_table(tmp_path / "solid.pdf", padding=0.0))
    cells = [cell for _, kind, text in _paragraphs(report, "table") for cell in text.split("\t")]
    labels = [row[0][0] for row in WRAPPED_ROWS]
    assert all(sum(label in cell for label in labels) <= 1 for cell in cells)
    words = " ".join(text for _, _, text in _paragraphs(report, "table", "body") if text not in STORAGE_TEXT).split()
    printed = " ".join(line for row in WRAPPED_ROWS for cell in row for line in cell)
    assert sorted(words) == sorted(printed.replace("classifica- tion", "classification").split())


# --- ligatures, private-use codes, a font whose map is broken ------------------------------------------------


def _bt(font: str, y: float, text: str, size: float = SIZE) -> str:
    """A line of a content stream: ``text`` is the string's bytes, octal escapes for codes below 32."""
    return f"BT /{font} {size} Tf {MARGIN} {y} Td ({text}) Tj ET\n"


LIGATURE_LINE = r"The \001rst \002uorescent \001lms were \002at and \001ne."
LIGATURE_FONTS = {  # how the font says what codes 1 and 2 are: (/Differences, ToUnicode)
    "glyph names fi and fl": ([(1, "fi"), (2, "fl")], None),
    "ToUnicode U+FB01 and U+FB02": ([], {1: "\ufb01", 2: "\ufb02"}),
    "ToUnicode private-use codes": ([(1, "g1"), (2, "g2")], {1: "\ue001", 2: "\ue002"}),
}


@pytest.mark.parametrize("font", list(LIGATURE_FONTS))
def test_ligature_codes_are_spelled_out_and_each_is_recorded(tmp_path, font):
    content = _bt("F1", 730, "Thin films of the clusters were cast from toluene on quartz slides.") + _bt("F2", 718, LIGATURE_LINE)
    reading = read_pdf(_content_pdf(tmp_path / "ligatures.pdf", [content], {"F2": LIGATURE_FONTS[font]}))
    assert reading.source == "Thin films of the clusters were cast from toluene on quartz slides. " \
                             "The first fluorescent films were flat and fine."
    private = font.endswith("private-use codes")
    printed = {"fi": "\ue001" if private else "\ufb01", "fl": "\ue002" if private else "\ufb02"}
    line_start = reading.source.index("The first")
    expected = [(line_start + m.start(), m.group(), printed[m.group()]) for m in re.finditer("fi|fl", "The first fluorescent films were flat and fine.")]
    assert [(o, r.written, r.printed, r.kind, r.page) for o, r in reading.repairs] == [
        (o, written, p, "ligature", 1) for o, written, p in expected]
    assert all(reading.source[o:o + len(r.written)] == r.written for o, r in reading.repairs)
    assert reading.warnings == []


def test_a_font_whose_map_is_broken_is_named_with_its_page(tmp_path):
    """Page 2 prints three glyphs from a font whose ToUnicode map leaves them out (and whose glyph names say
    nothing): a warning names page 2 and the count; pages 1 and 3 read as printed."""
    broken = ([(1, "g1"), (2, "g2"), (3, "g3")], {})
    pages = [
        _bt("F1", 730, "The clusters were stored under argon for ten days before use."),
        _bt("F1", 730, "The second batch was made in the same way.") + _bt("F2", 718, r"Its colour was \001\002\003 at first."),
        _bt("F1", 730, "Both batches gave the same spectra."),
    ]
    path = _content_pdf(tmp_path / "broken.pdf", pages, {"F2": broken})
    reading = read_pdf(path)
    assert reading.pages == 3
    page_text = [" ".join(reading.source[s:e].split())
                 for s, e in zip(reading.page_starts, [*reading.page_starts[1:], None])]
    assert page_text[0] == "The clusters were stored under argon for ten days before use."
    assert page_text[2] == "Both batches gave the same spectra."
    assert page_text[1] == "The second batch was made in the same way. Its colour was \ufffd\ufffd\ufffd at first."
    assert len(reading.warnings) == 1
    assert re.search(r"\bbroken\.pdf\b.*\bpage 2\b.*\b3 character", reading.warnings[0])
    assert load_document(path).warnings == tuple(reading.warnings)


# --- hyphens at line ends and at a column break ---------------------------------------------------------------

HYPHENATED = [
    ["Gold clusters protected by thiolates form",
     "ordered films on graphite when a drop of their",
     "solution dries slowly, and the self-assembled",
     "films are stable in air for several weeks. Re-",
     "cently, the same clusters were found to form",
     "three-dimensional superlattices of gold by self-",
     "assembly at the interface between two liquids,",
     "which took about two days. The crystals were",
     "collected from the interface and finally dis-",  # bottom of the left column
     "solved in hexane for the optical measurements."],  # top of the right column
    ["Electron microscopy of the superlattices",
     "showed a cubic packing of the clusters with",
     "a spacing of two nanometres between their",
     "cores, and the packing was the same in all",
     "of the crystals that were examined under the",
     "microscope at room temperature in this work."],
]


def test_line_end_hyphens_are_dropped_or_kept_as_the_document_writes_the_word(tmp_path):
    path = _two_columns(tmp_path / "hyphens.pdf", HYPHENATED, "left column first")
    reading, report = read_pdf(path), _report(path)
    assert _paragraphs(report) == [
        (1, "body", "Gold clusters protected by thiolates form ordered films on graphite when a drop of their solution "
                    "dries slowly, and the self-assembled films are stable in air for several weeks. Recently, the same "
                    "clusters were found to form three-dimensional superlattices of gold by self-assembly at the "
                    "interface between two liquids, which took about two days. The crystals were collected from the "
                    "interface and finally dissolved in hexane for the optical measurements."),
        (1, "body", " ".join(HYPHENATED[1])),
    ]
    word_at = lambda o: re.search(r"\w+$", reading.source[:o]).group() + re.match(r"\w+", reading.source[o:]).group()
    assert [(word_at(o), r.kind, r.printed, r.written, r.page) for o, r in reading.repairs] == [
        ("Recently", "hyphen", "-", "", 1), ("dissolved", "hyphen", "-", "", 1)]
    assert [(r["kind"], r["printed"]) for r in report["repairs"]] == [("hyphen", "-"), ("hyphen", "-")]


def test_an_e_mail_address_wrapped_after_its_at_sign_is_read_whole(tmp_path):
    lines = [["Questions about the data and the code of this study may be sent to the corresponding author Wesley",
              "Moran of the Department of Chemical Sciences at the university by e-mail to w.j.moran@",
              "hud.ac.uk, which is read daily by the group."]]
    pdf = _new_pdf()
    pdf.add_page()
    _set(pdf, TOP, _lines_of(lines))
    pdf.output(str(tmp_path / "address.pdf"))
    reading = read_pdf(tmp_path / "address.pdf")
    assert "by e-mail to w.j.moran@hud.ac.uk, which" in reading.source  # no space read into the address
    assert "university by e-mail" in reading.source and not reading.repairs  # nothing printed was dropped


# --- a scanned page ---------------------------------------------------------------------------------------------


def _scan(path: Path) -> Path:
    """A grey 'scanned page' picture: paper with rows of dark blobs where the lines of text would be."""
    rng = np.random.default_rng(0)
    page = np.full((280, 200), 235, dtype=np.uint8)
    for row in range(20, 260, 12):
        page[row:row + 6, 20:180] = rng.integers(20, 120, size=(6, 160), dtype=np.uint8)
    Image.fromarray(page, mode="L").save(path)
    return path


def test_a_scanned_page_is_named_in_the_warnings_and_the_others_are_read(tmp_path):
    pdf = _new_pdf()
    pdf.add_page()
    _set(pdf, TOP, _lines_of(STORAGE[:1]))
    pdf.add_page()
    pdf.image(str(_scan(tmp_path / "scan.png")), x=40, y=40, w=515, h=760)
    pdf.add_page()
    _set(pdf, TOP, _lines_of(STORAGE[1:]))
    pdf.output(str(tmp_path / "partly-scanned.pdf"))
    reading, report = read_pdf(tmp_path / "partly-scanned.pdf"), _report(tmp_path / "partly-scanned.pdf")
    assert _paragraphs(report) == [(1, "body", STORAGE_TEXT[0]), (3, "body", STORAGE_TEXT[1])]
    assert reading.pages == 3 and reading.page_starts[1] == reading.page_starts[2] == reading.source.index("Neutron")
    assert len(report["warnings"]) == 1
    assert re.search(r"partly-scanned\.pdf\b.*\bpages?(?:\(s\))? 2\b", report["warnings"][0])
    assert not re.search(r"\b[13]\b", report["warnings"][0])


def test_pages_whose_text_is_an_ocr_layer_are_named_in_a_warning(tmp_path):
    """A scan with an OCR layer reads as the OCR guessed it: page 2's text lies under its scanned image (JACS
    1991 here), page 3's is drawn invisible (the usual OCR layer); page 1 is born digital."""
    from fpdf.enums import TextMode

    pdf = _new_pdf()
    for page in range(3):
        pdf.add_page()
        if page == 2:
            pdf.text_mode = TextMode.INVISIBLE
        _set(pdf, TOP, _lines_of(STORAGE[:1]))
        pdf.text_mode = TextMode.FILL
        if page == 1:
            pdf.image(str(_scan(tmp_path / "scan.png")), x=0, y=0, w=PAGE_W, h=PAGE_H)
    pdf.output(str(tmp_path / "ocr.pdf"))
    reading = read_pdf(tmp_path / "ocr.pdf")
    assert reading.source.count(STORAGE_TEXT[0]) == 3  # the OCR text is read, not dropped
    ocr = [w for w in reading.warnings if "OCR" in w]
    assert len(ocr) == 1 and re.search(r"ocr\.pdf: page\(s\) 2–3 are scanned images", ocr[0])


def test_a_pdf_of_scanned_pages_only_is_a_clear_error(tmp_path):
    pdf = _new_pdf()
    for _ in range(2):
        pdf.add_page()
        pdf.image(str(_scan(tmp_path / "scan.png")), x=40, y=40, w=515, h=760)
    pdf.output(str(tmp_path / "scanned.pdf"))
    with pytest.raises(PdfError, match=r"scanned\.pdf.*no extractable text.*OCR"):
        read_pdf(tmp_path / "scanned.pdf")


# --- words from gaps; a line drawn out of order ----------------------------------------------------------------


def _glyph_by_glyph(y: float, text: str, gap: float) -> str:
    """Each letter its own text object, placed by its advance; words ``gap`` points apart (no space glyphs)."""
    pdf = _new_pdf()
    x, parts = MARGIN, []
    for word in text.split():
        for letter in word:
            parts.append(f"BT /F1 {SIZE} Tf {x:.3f} {y} Td ({letter}) Tj ET")
            x += pdf.get_string_width(letter)
        x += gap
    return "\n".join(parts) + "\n"


WORD_GAPS = {  # content stream of one line → its text
    "TJ kerning and word gaps": (
        f"BT /F1 {SIZE} Tf {MARGIN} 730 Td [(Gold)-280(nano)20(clusters)-250(are)-260(stud)30(ied)-270(wide)15(ly.)]TJ ET\n",
        "Gold nanoclusters are studied widely."),
    "letter-spaced with Tc": (
        f"BT /F1 {SIZE} Tf 1.2 Tc {MARGIN} 730 Td [(Spaced)-300(letters)-300(stay)-300(words.)]TJ ET\n",
        "Spaced letters stay words."),
    "one text object per glyph": (_glyph_by_glyph(730, "Every glyph placed on its own.", 2.5),
                                  "Every glyph placed on its own."),
}


@pytest.mark.parametrize("case", list(WORD_GAPS))
def test_words_come_from_the_gaps_between_glyphs(tmp_path, case):
    content, text = WORD_GAPS[case]
    assert read_pdf(_content_pdf(tmp_path / "gaps.pdf", [content])).source == text


OUT_OF_ORDER = [
    "The uptake of hydrogen by the clusters was followed by infrared spectroscopy, which shows the",
    "band of the copper hydride bonds grow in situ as the pressure of hydrogen rises from zero to one",
    "bar at room temperature, and the band shrinks again when the hydrogen is pumped off.",
]


def test_a_line_whose_words_are_drawn_out_of_order_reads_left_to_right(tmp_path):
    """A generator that draws a line's italic words after its upright ones (into the gaps left for them)."""
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(STORAGE[:1])) + 4
    for row, (text, indent, justify) in enumerate(_lines_of([OUT_OF_ORDER])):
        placed = _words(pdf, MARGIN + indent, WIDE - indent, text, justify)
        italic = {"in", "situ"} if row == 1 else set()
        for style in ("", "I"):
            pdf.set_font("Helvetica", style, SIZE)
            for x, word in placed:
                if (word in italic) == (style == "I"):
                    pdf.text(x, y + row * PITCH, word)
    pdf.output(str(tmp_path / "italics.pdf"))
    assert _paragraphs(_report(tmp_path / "italics.pdf")) == [(1, "body", STORAGE_TEXT[0]),
                                                                (1, "body", " ".join(OUT_OF_ORDER))]


def test_text_drawn_off_the_page_is_not_read(tmp_path):
    """An embedded page's own text, placed outside the visible page and clipped away (MDPI's figures), is
    nobody's to read: only what lies on the page is."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.text(72, 100, "The clusters were made at room temperature.")
    pdf.text(72, -30, "A copy of a caption drawn above the page.")
    pdf.text(700, 200, "A copy of a caption drawn right of the page.")
    pdf.output(str(tmp_path / "off.pdf"))
    assert read_pdf(tmp_path / "off.pdf").source == "The clusters were made at room temperature."


@pytest.mark.parametrize("clip", [
    "72 600 300 40 re W n",  # a rectangle
    "72 600 m 372 600 l 372 640 l 72 640 l h W n",  # the same as a path
    # a circle of radius 90 around (150, 615), drawn as four Bézier curves
    "240 615 m 240 664.7 199.7 705 150 705 c 100.3 705 60 664.7 60 615 c 60 565.3 100.3 525 150 525 c "
    "199.7 525 240 565.3 240 615 c h W n",
])
def test_text_on_the_page_that_a_clip_hides_is_not_read(tmp_path, clip):
    """An embedded page's text that lies on the page but outside its figure's clip (MDPI's figures again)
    is not seen, so not read; text inside the clip and text drawn without one are."""
    content = (f"q {clip}\n"
               "BT /F1 12 Tf 80 610 Td (Seen inside the clip.) Tj ET\n"
               "BT /F1 12 Tf 80 720 Td (Hidden above the clip.) Tj ET\n"
               "BT /F1 12 Tf 400 610 Td (Hidden right of it.) Tj ET\nQ\n"
               "BT /F1 12 Tf 80 500 Td (Drawn with no clip.) Tj ET\n")
    reading = read_pdf(_content_pdf(tmp_path / "clipped.pdf", [content]))
    assert reading.source.split("\n\n") == ["Seen inside the clip.", "Drawn with no clip."]


def test_a_bold_run_in_heading_wrapped_after_a_slash_stays_with_its_paragraph(tmp_path):
    """"General Procedure for the Cyclization of N-Allyl/" (bold, one line) + "Homoallyl Amides. A solution …":
    the heading goes on in the next line, so one paragraph, not a section named "… N-Allyl/"."""
    pdf = _new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 10)
    pdf.text(72, 100, "General Procedure for the Cyclization of N-Allyl/")
    pdf.set_font("Helvetica", "", 10)
    pdf.text(72, 112, "Homoallyl Amides. A solution of the amide was electrolyzed for 4.8 h at room temperature.")
    pdf.text(72, 124, "The product was purified by column chromatography on silica gel with hexane.")
    pdf.output(str(tmp_path / "runin.pdf"))
    assert _paragraphs(_report(tmp_path / "runin.pdf")) == [(1, "body", (
        "General Procedure for the Cyclization of N-Allyl/ Homoallyl Amides. A solution of the amide was "
        "electrolyzed for 4.8 h at room temperature. The product was purified by column chromatography on "
        "silica gel with hexane."))]


@pytest.mark.parametrize("line, heading", [
    ("VOL. 8 - NO. 6 - 6363-6371 - 2014", False),  # a running foot left on page 1
    ("1d, 1e, 1f, 1i, 1j, 1k", False),  # compound labels of a scheme
    ("DOI: 10.1002/adom.202101704", False),
    ("Activation Free Energy for the", False),  # a table's header cut off after "for the"
    ("Results and Discussion", True),
    ("2.1. Synthesis of the Clusters", True),
])
def test_a_bold_line_names_a_section_only_when_it_reads_as_a_heading(tmp_path, line, heading):
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(STORAGE[:1]))
    pdf.set_font("Helvetica", "B", SIZE)
    pdf.text(MARGIN, y + 14, line)
    pdf.set_font("Helvetica", "", SIZE)
    _set(pdf, y + 30, _lines_of(STORAGE[1:]))
    pdf.output(str(tmp_path / "heading.pdf"))
    document = load_document(tmp_path / "heading.pdf")
    last = document.paragraphs[-1]
    assert (last.section == line.split(". ", 1)[-1] if heading else line not in {p.section for p in document.paragraphs})


# --- reference lists of old journals: notes at the feet of pages, labels the OCR garbled ------------------

PAGE_NOTES = {  # page: the notes at its foot, (label, lines); "100, 3611-3613." ends a note on both pages
    1: [("(1)", ["Nugent, W. A.; Mayer, J. M. Metal-Ligand Multiple Bonds; Wiley: New York, 1988."]),
        ("(2)", ["Tebbe, F. N.; Parshall, G. W. J. Am. Chem. Soc. 1978,", "100, 3611-3613."])],
    2: [("(3)", ["Katz, T. J.; Lee, S. J. J. Am. Chem. Soc. 1980, 102, 422-424."]),
        ("(4)", ["Osborne, J. H.; Trogler, W. C. J. Am. Chem. Soc. 1985,", "100, 3611-3613."])],
}


def _set_notes(pdf: FPDF, notes: list[tuple[str, list[str]]]) -> None:
    """A page's notes at its foot, in 8 pt: each opening with its label, its further lines hung indented."""
    y = PAGE_H - 120
    for label, lines in notes:
        y = _set(pdf, y, [(f"{label} {lines[0]}", 0.0, False)] + [(l, 12.0, False) for l in lines[1:]], 8)


def _entries_read(reading) -> dict[int, str]:
    return {n: reading.source[a:b] for n, a, b in reading.entries}


# the entries PAGE_NOTES's notes make, by number
NOTE_ENTRIES = {n: " ".join(lines) for notes in PAGE_NOTES.values()
                for n, (_, lines) in enumerate(notes, start=int(notes[0][0][1]))}


def test_notes_at_the_feet_of_pages_are_entries_and_the_body_between_them_stays_body(tmp_path):
    pdf = _new_pdf()
    for page, notes in PAGE_NOTES.items():
        pdf.add_page()
        _set(pdf, TOP, _lines_of(STORAGE[page - 1:page]))
        _set_notes(pdf, notes)
    pdf.output(str(tmp_path / "notes.pdf"))
    reading = read_pdf(tmp_path / "notes.pdf")
    assert _entries_read(reading) == NOTE_ENTRIES
    assert [reading.source[s:e] for kind, _, s, e in reading.blocks if kind == "body"] == STORAGE_TEXT[:2]


CRYSTAL_TABLE = [["Table 1. Crystal data of the copper hydride cluster"],
                 ["color, habit", "red block"], ["\u00b2\u00b3 (4)", "3224 (3)"]]  # a row opening "²³": no note 23
DISCUSSION = ["The same clusters kept their capacity over fifty cycles of release and uptake, and the hydride",
              "positions found by diffraction did not change over those cycles, which suggests that the copper",
              "kernel keeps its shape while the hydrogen comes and goes."]


def test_the_body_and_a_table_after_notes_at_a_columns_foot_are_no_notes(tmp_path):
    """An old journal's notes stand at the foot of each column, the body going on above the next ones: a paragraph
    broken by notes goes on at the top of the next page (in lower case), a table stands there in the notes'
    small type with a row opening with a superscript number. Neither is a note: a note opens with the next
    label or goes on from the one above it in its column."""
    pdf = _new_pdf()
    pdf.add_page()
    _set(pdf, TOP, _lines_of([STORAGE[0][:3]]))  # "… The clusters studied" | notes | "here hold twenty-five …"
    _set_notes(pdf, PAGE_NOTES[1])
    pdf.add_page()
    y = _set_rows(pdf, TOP, CRYSTAL_TABLE, (MARGIN, 250.0), 8) + 20
    y = _set(pdf, y, _lines_of([STORAGE[0][3:]], indent=0.0)) + 6
    y = _set(pdf, y, _lines_of(STORAGE[1:])) + 6
    _set(pdf, y, _lines_of([DISCUSSION]))
    _set_notes(pdf, PAGE_NOTES[2])
    pdf.output(str(tmp_path / "notes.pdf"))
    reading = read_pdf(tmp_path / "notes.pdf")
    assert _entries_read(reading) == NOTE_ENTRIES
    body = [reading.source[s:e] for kind, _, s, e in reading.blocks if kind == "body"]
    assert body == STORAGE_TEXT + [" ".join(DISCUSSION)]
    assert "Crystal data" in reading.source[:reading.entries[0][1]]


def test_a_list_whose_labels_the_ocr_garbled_is_read_entry_by_entry_in_order(tmp_path):
    entries = [("", "K. Plochocka, J. Macromol. Sci., Rev. Macromol. Chem. 20, 67 (1981)"),
               (")", "V. A. Kabanov, D. A. Topchiev, Polymerization of Ionizable Monomers, Nauka,"),
               ("", "Moscow 1975"),
               ("3,", "A. Chapiro, Eur. Polym. J. 9, 417 (1973)"),
               ("a)", "R. Kerber, H. Glamann, Makromol. Chem. 100, 290 (1967)"),
               ("’7)", "R. Kerber, H. Glamann, Makromol. Chem. 144, 1 (1971)"),
               ("1@", "M. Fineman, S. Ross, J. Polym. Sci. 5, 259 (1950)")]
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(STORAGE[:1])) + 24
    for label, text in entries:
        pdf.set_font("Helvetica", "", 9)
        if label:
            pdf.text(MARGIN, y, label)
        pdf.text(MARGIN + 16, y, text)
        y += 11
    pdf.output(str(tmp_path / "garbled.pdf"))
    reading = read_pdf(tmp_path / "garbled.pdf")
    assert [(n, reading.source[a:b]) for n, a, b in reading.entries] == [
        (1, entries[0][1]), (2, f"{entries[1][1]} {entries[2][1]}"), (3, entries[3][1]), (4, entries[4][1]),
        (5, entries[5][1]), (6, entries[6][1])]
    assert [reading.source[s:e] for kind, _, s, e in reading.blocks if kind == "body"] == STORAGE_TEXT[:1]



def test_an_accent_drawn_after_its_word_goes_on_its_letter_and_the_line_stays_one_line(tmp_path):
    """Elsevier's fonts hand out "´" after the word it belongs over ("Fernandez", then ´ over its a): in a
    column beside another, the accent joins its letter and the words after it stay on the line instead of
    becoming a table cell that splits the paragraph."""
    pdf = _new_pdf()
    pdf.add_page()
    left = [line for lines in COLUMN_PARAGRAPHS[:1] for line in lines][:LINES_PER_COLUMN - 1]
    right = [line for lines in COLUMN_PARAGRAPHS[1:] for line in lines][:LINES_PER_COLUMN]
    cited = ["as found before", "(Fernandez", "et", "al.,", "2020)."]
    for row, line in enumerate(left):
        for x, word in _words(pdf, COLUMN_X[0], COLUMN_W, line, False):
            pdf.text(x, TOP + row * PITCH, word)
    x, y = COLUMN_X[0], TOP + len(left) * PITCH
    for word in cited:
        pdf.text(x, y, word)
        if word == "(Fernandez":  # the accent, drawn after the word, over its a
            over = x + pdf.get_string_width("(Fern")
            pdf.text(over + (pdf.get_string_width("a") - pdf.get_string_width("´")) / 2, y, "´")
        x += pdf.get_string_width(word + " ")
    for row, line in enumerate(right):
        for x, word in _words(pdf, COLUMN_X[1], COLUMN_W, line, False):
            pdf.text(x, TOP + row * PITCH, word)
    pdf.output(str(tmp_path / "accent.pdf"))
    body = _paragraphs(_report(tmp_path / "accent.pdf"))
    assert body[0] == (1, "body", " ".join(left + ["as found before (Fernández et al., 2020)."]))
    assert all(kind == "body" for _, kind, _ in body)


def test_author_year_citations_of_the_text_name_the_entries_of_an_unnumbered_list(tmp_path):
    """An Elsevier list (entries "Surname, A.B., Year.", no numbers) is cited by author and year: each sentence
    carries the entries it names, as numbered markers would."""
    entries = ["Lam, P., Kuypers, M.M., 2011. Microbial nitrogen cycling processes in oxygen minimum zones.",
               "Strous, M., Fuerst, J.A., Kramer, E.H., 1999. Missing lithotroph identified as new planctomycete.",
               "van Teeseling, M.C.F., Jogler, C., 2021. Cultivation of novel bacteria: a new era."]
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(STORAGE[:1])) + 4  # page 1's first block is read as the title
    y = _set(pdf, y, [("The anammox reaction accounts for half of the dinitrogen gas emitted from the", 12.0, False),
                        ("oceans (Lam and Kuypers, 2011). It was found in a planctomycete by Strous et al.", 0.0, False),
                        ("(1999). Few strains grow in axenic cultures.", 0.0, False)]) + 14
    pdf.set_font("Helvetica", "B", SIZE)
    pdf.text(MARGIN, y, "References")
    y += 2 * PITCH
    _set(pdf, y, [(entry, 0.0, False) for entry in entries], 8)
    pdf.output(str(tmp_path / "elsevier.pdf"))
    document = load_document(tmp_path / "elsevier.pdf")
    assert [r.text for r in document.references] == entries
    cited = [(join_spans(document.source, s.spans)[:24], s.citations) for p in document.paragraphs[1:] for s in p.sentences]
    assert cited == [("The anammox reaction acc", (1,)), ("It was found in a planct", (2,)), ("Few strains grow in axen", ())]


def test_a_licence_box_after_the_reference_list_is_no_part_of_its_last_entry(tmp_path):
    """Beilstein sets its licence box beside the reference list's last column, in larger type: "License and
    Terms", its text, its URL in brackets. The list's last entry ends at its own text; the box stays the paper's."""
    entries = ["Peese, K. M.; Gin, D. Y. J. Am. Chem. Soc. 2006, 128, 8734-8735.",
               "Peese, K. M.; Gin, D. Y. Chem. Eur. J. 2008, 14, 1654-1665."]
    box = ["License and Terms", "This is an Open Access article under the terms of the licence.",
           "(http://www.example.org/terms)"]
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(STORAGE[:1])) + 24
    pdf.set_font("Helvetica", "B", 12)
    pdf.text(MARGIN, y, "References")
    y += 18
    pdf.set_font("Helvetica", "", 7)
    for n, text in enumerate(entries, start=1):
        pdf.text(MARGIN, y, f"{n}. {text}")
        y += 9
    y += 16
    pdf.set_font("Helvetica", "", 10)
    for line in box:
        pdf.text(MARGIN, y, line)
        y += 16
    pdf.output(str(tmp_path / "licence.pdf"))
    reading = read_pdf(tmp_path / "licence.pdf")
    assert [(n, reading.source[a:b]) for n, a, b in reading.entries] == [(1, entries[0]), (2, entries[1])]
    read = " ".join(reading.source[s:e] for kind, _, s, e in reading.blocks if kind != "references")
    assert all(line in read for line in box)  # kept as the paper's own text (a licence line: metadata)
