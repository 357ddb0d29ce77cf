"""PDF file → a structured reading of the paper: lines in reading order, blocks of a kind, pages and boxes.

Characters come from PDFium (pypdfium2), with their box, baseline, size and
font; everything else is computed here from that geometry, never from the
order in which the file happens to draw its text:

- words from the gaps between characters, lines from shared baselines, a
  line broken where a gap is wider than a column gutter;
- sub- and superscripts from size and baseline shift (Au₂₅(SR)₁₈, CO₃²⁻, ¹⁶⁻¹⁸);
- running heads and feet, page numbers, line numbers and rotated margin text
  removed by position and by repetition across pages;
- columns from the x-positions of lines, read column by column within the
  bands that full-width lines (titles, wide figures' captions) cut a page into;
- blocks (paragraphs, headings, captions, table rows, footnotes) from gaps,
  indents and type size, classified by ``structure.py``.

Why PDFium, measured on the twelve dev papers (bench/README.md): characters
with box, size and font in 10–30 ms a page, against 90–500 ms for
pdfplumber's (pdfminer.six's) character objects; both permissively licensed.

Every character of the text written from a page keeps where it came from: a
``CharBox`` (page, x0, top, x1, bottom in PDF points, origin at the page's
top-left, as pdfplumber has it), or None for a space or line break inserted
here. Repairs of the text (ligatures spelled out, glyphs mapped back) are
recorded as ``Repair``s so a quotation stays faithful to the page.
"""
from __future__ import annotations

import ctypes
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import groupby, pairwise
from pathlib import Path

from .text import DOI, number_runs


class PdfError(ValueError):
    """A PDF that yields no text (unreadable, encrypted, scanned); the message names the file."""


@dataclass(frozen=True)
class CharBox:
    """Where a character is printed: 1-based page, then PDF points from the page's top-left corner."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Repair:
    """A change made to the text of the page: at ``offset`` of the written text, ``printed`` became ``written``."""

    page: int
    kind: str  # "ligature" | "glyph" | "accent" | "hyphen"
    printed: str
    written: str


@dataclass
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float  # y of the origin, from the top
    size: float  # font size in points, text matrix included
    bold: bool
    space: bool  # a space the file holds (or PDFium generated from a gap)
    printed: str = ""  # what the page prints when the text was composed from it (an accent and its letter)
    coded: str = ""  # the code a symbol font drew this glyph for (_FONT_GLYPHS: "8" of AdvPi1 is "°")
    turn: int = 0  # set at a right angle: 1 reads up the page, -1 down it; 0 upright
    origin_x: float = 0.0  # x of its origin (PDF points): where the baseline of a turned character runs


@dataclass
class Line:
    """A line (or a cell of a table row) of one page: its text, with a box per character."""

    page: int
    text: str
    boxes: list[CharBox | None]
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    size: float  # body size of the line (the most common size of its characters)
    bold: bool  # all its letters are set in a bold font
    repairs: list[tuple[int, Repair]] = field(default_factory=list)  # (offset in text, repair)
    column: str = "full"  # "left" | "right" | "full"
    cells: int = 1  # fragments of text on this baseline (a table row has several)


@dataclass
class PageReport:
    number: int
    lines: list[Line]
    width: float
    height: float
    problem: str = ""  # why no text came from this page ("" when it read)
    gutter: float | None = None  # x of the gap between two columns (None: one column)
    ocr: bool = False  # its text is mostly invisible: a scanner's OCR layer over the page's image
    margin: list[Line] = field(default_factory=list)  # text set at a right angle (arXiv's identifier stamp)
    turned_table: list[Line] = field(default_factory=list)  # a table set at a right angle, read after the page


SCAN_COVER = 0.8  # an image over this share of the page or more is the page's scan


def _ocr_layer(page, raw) -> bool:
    """Whether a page's text is the layer an OCR program laid over a scanned image, which reads as the OCR
    guessed it: most text objects drawn invisible (render mode 3), or images painted over them that cover the
    page (SCAN_COVER)."""
    objects = [raw.FPDFPage_GetObject(page, k) for k in range(raw.FPDFPage_CountObjects(page))]
    kinds = [raw.FPDFPageObj_GetType(obj) for obj in objects]
    modes = [raw.FPDFTextObj_GetTextRenderMode(obj) for obj, kind in zip(objects, kinds)
             if kind == raw.FPDF_PAGEOBJ_TEXT]
    if modes and sum(m == raw.FPDF_TEXTRENDERMODE_INVISIBLE for m in modes) > len(modes) / 2:
        return True
    if raw.FPDF_PAGEOBJ_TEXT not in kinds:
        return False
    # images painted after the text (a scan may come in strips), over most of the page: the text lies under them
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    covered = 0.0
    for obj, kind in zip(objects[kinds.index(raw.FPDF_PAGEOBJ_TEXT):], kinds[kinds.index(raw.FPDF_PAGEOBJ_TEXT):]):
        if kind == raw.FPDF_PAGEOBJ_IMAGE and raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            covered += (right.value - left.value) * (top.value - bottom.value)
    return covered >= SCAN_COVER * raw.FPDF_GetPageWidthF(page) * raw.FPDF_GetPageHeightF(page)


# --- characters --------------------------------------------------------------------

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
# Glyphs some fonts map to look-alikes or to spacing accents: the character the reader sees.
_GLYPHS = {"\u2212": "−", "\u00b5": "μ", "\u212b": "Å", "\u02da": "°"}
# Symbol ("pi") fonts whose codes stand for other glyphs, by font name (less its subset prefix): the Advent 3B2
# typesetting of Wiley journals draws the degree sign as "8" of AdvPi1, so "at 258C" is printed 25 °C
_FONT_GLYPHS = {"AdvPi1": {"8": "°"}}
UNMAPPED = "\ufffd"
_INVISIBLE = {"\u200b", "\ufeff", "\x00"}
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|,b\b|-b\b|\.b\b|medi", re.I)


def _read_chars(textpage, raw, height: float, visible: tuple[float, float, float, float],
                clip) -> tuple[list[Char], list[Char]]:
    """The characters of a page in PDFium's order that are seen (on the page, `visible`: left, bottom, right,
    top, and not clipped away, `clip`: a clipping.ClipTest): (upright ones, ones set at a right angle, which
    are margin furniture: a stamp, a rotated running head). Text at any other angle is a figure's."""
    count = raw.FPDFText_CountChars(textpage)
    loose = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    chars: list[Char] = []
    turned: list[Char] = []
    last_object, bold, embedded, glyphs = None, False, False, {}
    program_size = ctypes.c_size_t()
    for i in range(count):
        code = raw.FPDFText_GetUnicode(textpage, i)
        text = chr(code) if code else ""
        if text in ("\r", "\n") or text in _INVISIBLE:
            continue
        handle = raw.FPDFText_GetTextObject(textpage, i)
        obj = ctypes.cast(handle, ctypes.c_void_p).value
        if obj != last_object:
            last_object = obj
            raw.FPDFText_GetFontInfo(textpage, i, name, len(name), flags)
            weight = raw.FPDFText_GetFontWeight(textpage, i)
            font_name = name.value.decode("latin-1").split("+")[-1]
            bold = weight >= 600 or bool(_BOLD_NAME.search(font_name))
            glyphs = _FONT_GLYPHS.get(font_name, {})
            font = raw.FPDFTextObj_GetFont(handle) if obj else None
            embedded = bool(font) and bool(raw.FPDFFont_GetFontData(font, None, 0, ctypes.byref(program_size))) \
                and program_size.value > 0
        if raw.FPDFText_IsHyphen(textpage, i) or text == "\u00ad":
            text = "-"  # a line-end hyphen, whatever code the font gave it (RSC fonts use U+0002)
        elif code < 32 or code == 0xFFFD or embedded and raw.FPDFText_HasUnicodeMapError(textpage, i) == 1:
            # a glyph the font maps to a control code or to nothing; or, in a font with its program embedded,
            # one with no Unicode that PDFium prints as its raw code ("C@H" for C–H, "Andr8s"): guessed in
            # context below. (A Type 3 font has no program, and PDFium flags its well-read glyphs too.)
            text = UNMAPPED
        angle = raw.FPDFText_GetCharAngle(textpage, i)
        upright = angle < 0.01 or abs(angle - 2 * math.pi) < 0.01
        if not upright and min(abs(angle - math.pi / 2), abs(angle - 3 * math.pi / 2)) > 0.01:
            continue
        # the loose box spans the glyph's advance and the font's ascent to descent: its gaps are the
        # typesetter's spaces (a tight box leaves gaps inside words, between the ink of "u" and "n")
        raw.FPDFText_GetLooseCharBox(textpage, i, loose)
        raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        raw.FPDFText_GetMatrix(textpage, i, matrix)
        size = raw.FPDFText_GetFontSize(textpage, i) * math.hypot(matrix.c, matrix.d)
        if size <= 0:
            continue  # zero-size text is invisible
        middle_x, middle_y = (loose.left + loose.right) / 2, (loose.top + loose.bottom) / 2
        if not (visible[0] <= middle_x <= visible[2] and visible[1] <= middle_y <= visible[3]):
            continue  # drawn off the page (the text of an embedded page, clipped away): nobody sees it
        if clip.hidden(obj, middle_x, middle_y):
            continue  # on the page but clipped away: an embedded page's text outside its figure
        space = text.isspace()  # the file's own spaces and those PDFium generated from gaps
        coded = text if text in glyphs else ""
        (chars if upright else turned).append(Char(
            " " if space else glyphs.get(text, text), loose.left, height - loose.top, loose.right,
            height - loose.bottom, height - oy.value, size, bold, space, coded=coded,
            turn=0 if upright else 1 if abs(angle - 3 * math.pi / 2) < 0.01 else -1, origin_x=ox.value,
        ))
    return chars, turned


def _turned_lines(chars: list[Char], page: int) -> list[Line]:
    """Lines of text set at a right angle, read in the file's order (a stamp is one run of characters with
    its own spaces): a new line where the characters leave the column they stand in."""
    runs: list[list[Char]] = []
    for char in chars:
        if runs and abs((char.x0 + char.x1) / 2 - (runs[-1][0].x0 + runs[-1][0].x1) / 2) < 1.0:
            runs[-1].append(char)
        else:
            runs.append([char])
    lines = []
    for run in runs:
        text = re.sub(r" {2,}", " ", "".join(c.text for c in run)).strip()
        if not text:
            continue
        written = [c for c in run if not c.space]
        boxes: list[CharBox | None] = []
        for c in run:
            if c.space:
                if boxes and boxes[-1] is not None:
                    boxes.append(None)
            else:
                boxes.append(CharBox(page, round(c.x0, 2), round(c.top, 2), round(c.x1, 2), round(c.bottom, 2)))
        while boxes and boxes[-1] is None:
            boxes.pop()
        lines.append(Line(page, text, boxes, min(c.x0 for c in written), min(c.top for c in written),
                          max(c.x1 for c in written), max(c.bottom for c in written),
                          max(c.baseline for c in written), statistics.median(c.size for c in written), False))
    return lines


TURNED_ROWS = 3  # rows of cells a table set at a right angle holds at least (a stamp or a running head holds none)
_TABLE_LABEL = re.compile(r"^(?:Table|Tab\.)\s*S?(?:\d+|[IVX]+)\b")


def _turned_upright(char: Char, width: float, height: float) -> Char:
    """A character set at a right angle, placed as it stands on the page turned to read it (the turned page's
    x along its lines, top down its lines; its width is the page's height)."""
    if char.turn > 0:  # reads up the page: turned clockwise, the page's left edge is the top
        return replace(char, x0=height - char.bottom, x1=height - char.top, top=char.x0, bottom=char.x1,
                       baseline=char.origin_x)
    return replace(char, x0=char.top, x1=char.bottom, top=width - char.x1, bottom=width - char.x0,
                   baseline=width - char.origin_x)


def _box_on_page(box: CharBox | None, turn: int, width: float, height: float) -> CharBox | None:
    """A box of the turned page (_turned_upright) where it is printed on the page."""
    if box is None:
        return None
    if turn > 0:
        return CharBox(box.page, box.top, height - box.x1, box.bottom, height - box.x0)
    return CharBox(box.page, width - box.bottom, box.x0, width - box.top, box.x1)


def turned_table(chars: list[Char], page: int, width: float, height: float) -> list[Line]:
    """A table set at a right angle (a landscape table on a portrait page), read as the page turned to it: its
    caption and its rows, cells parted by a tab, as upright tables are read (_group_lines, _split_cells,
    row_bands, table_rows), in the order of the turned page; each character's box is where it is printed on the
    page, the lines' other geometry the turned page's. [] when the text set at a right angle is no table
    captioned "Table N" with TURNED_ROWS rows of cells or more (a stamp, a running head in the margin)."""
    for turn in (1, -1):
        upright = [_turned_upright(c, width, height) for c in chars if c.turn == turn]
        if not upright:
            continue
        cells = [_make_line(cell, page) for group in _attach_accents(_group_lines(upright, None))
                 for cell in _split_cells(group)]
        # the page's side margins are the turned page's top and bottom: their stamps are no rows
        lines = [line for line in table_rows(row_bands([c for c in cells if c.text.strip()], None, width), None)
                 if MARGIN * width <= line.top and line.bottom <= (1 - MARGIN) * width]
        if any(_TABLE_LABEL.match(line.text) for line in lines) and sum(l.cells > 1 for l in lines) >= TURNED_ROWS:
            for line in lines:
                line.boxes = [_box_on_page(box, turn, width, height) for box in line.boxes]
            return sorted(lines, key=lambda line: (line.top, line.x0))
    return []


# --- lines ---------------------------------------------------------------------------

# em: a gap wider than this between two characters is a word space. Poppler's pdftotext uses the same 0.1 of the
# font size (TextOutputDev.cc, minWordBreakSpace); a typesetter's thin space between a value and its unit ("5 ns",
# "3.0 kcal/mol", "50 %") is 0.11-0.14 em, and 0.15 glued them ("5ns"). Letter kerning stays below 0.1 em.
WORD_GAP = 0.1
INSIDE = 0.5  # pt: a space ending this far inside an accented letter before it lies within that letter
CELL_GAP = 1.5  # em: wider than this is a column gutter or a table's cell boundary, not a word space
# pt: a gutter is a strip at least twice this wide; narrower, it is the gap between a hanging label
# ("[6]") and its entry, which a page number crossing the true gutter could otherwise outvote
GUTTER_HALF_WIDTH = 3.0
# a relation or an operator is set with its own space, after a script too: "d_{C-Cl} = 2.0 Å" stands 0.11-0.14 em
# off its subscript, where a script run on into a word stands 0.05 em or less
SPACED_OPERATORS = frozenset("=<>≈≤≥±→−+×")
SCRIPT_SIZE = 0.85  # a character smaller than this × the line's size, off its baseline, is a script
SCRIPT_SHIFT = 0.15  # em: how far off the baseline a script sits
BODY_CHARS = 4  # characters of larger type that are the body of a line its scripts outnumber (fewer in a short one)


def find_gutter(chars: list[Char], width: float) -> float | None:
    """The x of the gap between two columns of text, or None for a page of one column.

    The x between 35 % and 65 % of the width that the fewest lines of text
    come within GUTTER_HALF_WIDTH of is a gutter when at most half of the
    page's lines cross it (full-width text may fill the rest: an abstract,
    authors' biographies) and, of the lines that do not cross it, a sixth of
    the characters or more lie on each side: a page of one column has few
    lines that keep to its right half. When no line at all crosses it, a
    twentieth on each side will do (a column cut short by schemes)."""
    inked = [c for c in chars if not c.space]
    if len(inked) < 200:
        return None
    lines_at = {round(c.baseline) for c in inked}
    best, crossing = None, lines_at
    for step in range(70, 131):
        x = width * step / 200
        across = {round(c.baseline) for c in inked if c.x0 < x + GUTTER_HALF_WIDTH and c.x1 > x - GUTTER_HALF_WIDTH}
        if len(across) < len(crossing):
            best, crossing = x, across
    beside = [c for c in inked if round(c.baseline) not in crossing]
    left = sum(1 for c in beside if c.x1 <= best)
    right = sum(1 for c in beside if c.x0 >= best)
    if len(crossing) > len(lines_at) / 2 or min(left, right) < len(inked) / (6 if crossing else 20):
        return None
    return best


def _group_lines(chars: list[Char], gutter: float | None) -> list[list[Char]]:
    """Characters grouped into lines: same baseline (scripts within reach of it), left to right, not
    across the column gutter."""
    lines: list[list[Char]] = []
    current: list[Char] = []
    base = size = 0.0
    for char in chars:
        if char.space:
            if current:
                current.append(char)
            continue
        if current:
            # a spacing accent is drawn over the letter after it: the letter goes on from the one before
            last = next((c for c in reversed(current) if not c.space and c.text not in _ACCENTS),
                        next(c for c in reversed(current) if not c.space))
            same_height = abs(char.baseline - base) < 0.3 * size
            script = char.size < SCRIPT_SIZE * size and -0.8 * size < char.baseline - base < 0.6 * size
            under_script = (last.size < SCRIPT_SIZE * size and abs(char.baseline - base) < 0.3 * size)
            # the line opened with scripts, as large to this letter as a script is to its line ("¹³C{¹H} NMR"
            # at a line's start): the letter's line, not a line of its own
            after_scripts = (size < SCRIPT_SIZE * char.size
                             and -0.6 * char.size < base - char.baseline < 0.8 * char.size
                             and all(c.size < SCRIPT_SIZE * char.size for c in current if not c.space))
            # forward along the line; a ligature's letters share one box (x0 equal to the last one's)
            forward = (-0.3 * size < char.x0 - last.x1 < CELL_GAP * max(size, char.size)
                       or abs(char.x0 - last.x0) < 0.01 * size
                       # Ç: ¸ under C; "Fernández": ´ handed out after the word, over its a
                       or char.text in _ACCENTS and any(_sits_on(char, c) for c in current if not c.space)
                       # a label in the margin ("1.", "[12]") and its entry's text, however far apart
                       or same_height and 0 < char.x0 - last.x1 < 5 * size
                       and _LABEL.fullmatch("".join(c.text for c in current if not c.space)) is not None)
            if gutter is not None and last.x1 <= gutter + 1 and char.x0 >= gutter - 1 and char.x0 - last.x1 > 0.9 * size:
                forward = False
            if (same_height or script or under_script or after_scripts) and forward:
                current.append(char)
                if not script and char.size > size:  # a larger letter after scripts opened the line
                    base, size = char.baseline, char.size
                continue
            lines.append(current)
        current, base, size = [char], char.baseline, char.size
    if current:
        lines.append(current)
    return [_trim(line) for line in lines if any(not c.space for c in line)]


def _trim(line: list[Char]) -> list[Char]:
    while line and line[-1].space:
        line.pop()
    return line


_SUPERSCRIPT = str.maketrans("0123456789+-–−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁻⁼⁽⁾")
_SUBSCRIPT = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
_SCRIPTABLE = re.compile(r"[0-9+\-–−,]+")


# spacing accents some fonts draw as glyphs of their own over or under a letter, and the combining marks
# they stand for: "Gonz´alez" is printed, "González" is meant
_ACCENTS = {"´": "\u0301", "`": "\u0300", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303", "¸": "\u0327",
            "˚": "\u030a", "ˇ": "\u030c", "˘": "\u0306", "˙": "\u0307", "˝": "\u030b", "¯": "\u0304"}
# letters a ligature glyph stands for, when PDFium hands them out one by one in the ligature's box
_SPLIT_LIGATURES = {v: k for k, v in _LIGATURES.items() if k not in ("ﬆ",)}


def _sits_on(mark: Char, letter: Char) -> bool:
    """Whether an accent's middle lies over (or under) the letter, within half a point."""
    return letter.x0 - 0.5 <= (mark.x0 + mark.x1) / 2 <= letter.x1 + 0.5


def _compose(chars: list[Char]) -> list[Char]:
    """A line's characters with each spacing accent put on the letter it is printed over or under (the
    letter then records what was printed), and the letters of one ligature glyph marked as printed so."""
    inked = [c for c in chars if not c.space]
    composed: list[Char] = []
    for char in chars:
        accent = _ACCENTS.get(char.text)
        if accent is None:
            composed.append(char)
            continue
        middle = (char.x0 + char.x1) / 2
        letters = [c for c in inked if c.text.isalpha() and c.text not in _ACCENTS and _sits_on(char, c)]
        if not letters:
            composed.append(char)  # an accent standing alone is text as printed
            continue
        letter = min(letters, key=lambda c: abs((c.x0 + c.x1) / 2 - middle))
        letter.printed = (letter.printed or letter.text) + char.text
        base = {"ı": "i", "ȷ": "j"}.get(letter.text, letter.text)  # an accent sits on a dotless i or j
        letter.text = unicodedata.normalize("NFC", base + accent)
    run: list[Char] = []
    for char in composed + [None]:
        if run and (char is None or char.space or abs(char.x0 - run[0].x0) > 0.01 or abs(char.x1 - run[0].x1) > 0.01):
            glyph = _SPLIT_LIGATURES.get("".join(c.text for c in run)) if len(run) > 1 else None
            if glyph:
                run[0].printed = glyph
            run = []
        if char is not None and not char.space:
            run.append(char)
    return composed


def _make_line(chars: list[Char], page: int, ocr: bool = False) -> Line:
    """A line's text from its characters: spaces from gaps, scripts as Unicode scripts or ^{…}/_{…}. On a scan's
    OCR layer (``ocr``) a word standing alone is never a script (``_alone``)."""
    chars = _compose(chars)
    sizes = Counter(round(c.size, 1) for c in chars if not c.space)
    body = max(sizes, key=lambda s: (sizes[s], s))
    # a long citation in superscript ("thesis.^[23–25,42,…] The typical") outnumbers the line's letters:
    # larger type that they sit off the baseline of is the body; in a short piece (a table's cell "1 1_{CaCo}",
    # whose label's two digits are outnumbered by the subscript) a quarter of its characters will do
    least = min(BODY_CHARS, max(2, math.ceil(sum(sizes.values()) / 4)))
    for larger in sorted((s for s in sizes if s * SCRIPT_SIZE > body and sizes[s] >= least), reverse=True):
        low = statistics.median(c.baseline for c in chars if not c.space and round(c.size, 1) == larger)
        high = statistics.median(c.baseline for c in chars if not c.space and round(c.size, 1) == body)
        if abs(low - high) > SCRIPT_SHIFT * larger:
            body = larger
            break
    body_chars = [c for c in chars if not c.space and abs(c.size - body) < 0.1 * body]
    base = statistics.median(c.baseline for c in body_chars)

    def kind(c: Char) -> str:
        if c.space or c.size >= SCRIPT_SIZE * body:
            return ""
        shift = (base - c.baseline) / body
        return "sup" if shift > SCRIPT_SHIFT else "sub" if shift < -SCRIPT_SHIFT / 2 else ""

    kinds = [kind(c) for c in chars]
    if ocr:
        kinds = _alone(chars, kinds, body)
    # letter-spaced type (a tracked heading, Tc) puts its own gap between every two letters: a word space is
    # WORD_GAP wider than the line's usual gap between neighbouring letters, which is ~0 in set text
    neighbours = [b.x0 - a.x1 for a, b, ka, kb in zip(chars, chars[1:], kinds, kinds[1:])
                  if not (a.space or b.space or ka or kb)]
    tracking = max(0.0, statistics.median(neighbours)) if neighbours else 0.0
    # runs: (kind, chars); spaces between characters decided from gaps
    text: list[str] = []
    boxes: list[CharBox | None] = []
    repairs: list[tuple[int, Repair]] = []
    i = 0
    previous: int | None = None  # index in chars of the last character written
    while i < len(chars):
        char = chars[i]
        if char.space:
            i += 1
            continue
        j = i
        while j + 1 < len(chars) and kinds[j + 1] == kinds[i] and kinds[i] and not chars[j + 1].space:
            j += 1
        run = chars[i:j + 1]
        if previous is not None:
            gap = run[0].x0 - chars[previous].x1
            # a space inside the accented letter before it is no gap: PDFium generates one after an accent set back
            # over its letter ("S" + "¸" + " " + "." of "A.-Ş., Salcher", once read "Ş ., Salcher")
            accented = bool(chars[previous].printed) and not kinds[previous]
            explicit = any(c.space and not (accented and c.x1 < chars[previous].x1 - INSIDE)
                           for c in chars[previous + 1:i])
            scripted = bool(kinds[i]) or (bool(kinds[previous]) and run[0].text not in SPACED_OPERATORS)
            # a script sits close to its base, so only a wide gap or a space of the file's own parts them
            if explicit or gap > (0.3 if scripted else WORD_GAP) * body + tracking:
                text.append(" ")
                boxes.append(None)
        if kinds[i]:
            _write_script(run, kinds[i], page, text, boxes)
            previous, i = j, j + 1
            continue
        for c in run:  # one character (plain runs are one character long)
            written = _LIGATURES.get(c.text) or _GLYPHS.get(c.text) or c.text
            offset = sum(len(t) for t in text)
            if written != c.text:
                repairs.append((offset, Repair(page, "ligature" if c.text in _LIGATURES else "glyph", c.text, written)))
            elif c.coded:
                repairs.append((offset, Repair(page, "glyph", c.coded, written)))
            elif c.printed in _LIGATURES:
                repairs.append((offset, Repair(page, "ligature", c.printed, _LIGATURES[c.printed])))
            elif c.printed:
                repairs.append((offset, Repair(page, "accent", c.printed, written)))
            box = CharBox(page, round(c.x0, 2), round(c.top, 2), round(c.x1, 2), round(c.bottom, 2))
            text.append(written)
            boxes.extend([box] * len(written))
        previous, i = j, j + 1
    inked = [c for c in chars if not c.space]
    letters = [c for c in inked if c.text.isalpha()]
    return Line(
        page=page, text="".join(text), boxes=boxes, x0=min(c.x0 for c in inked), top=min(c.top for c in body_chars),
        x1=max(c.x1 for c in inked), bottom=max(c.bottom for c in body_chars), baseline=base, size=body,
        bold=bool(letters) and all(c.bold for c in letters), repairs=repairs,
    )


def _alone(chars: list[Char], kinds: list[str], body: float) -> list[str]:
    """``kinds`` with each script run that stands as a word of its own (a space or the line's end on both sides)
    made body text. An OCR layer sizes each word by the box the scanner found for it, so a word without
    ascenders sits small and low ("yields the complex 5c ^{as} the sole product", "1.04 (s, ¹⁸ H"); a true
    script there is glued to its base ("CH_{3}")."""
    result: list[str] = []
    for kind, run in groupby(kinds):
        start, end = len(result), len(result) + len(list(run))  # the run is chars[start:end]
        before = start == 0 or chars[start - 1].space or chars[start].x0 - chars[start - 1].x1 > WORD_GAP * body
        after = end == len(chars) or chars[end].space or chars[end].x0 - chars[end - 1].x1 > WORD_GAP * body
        result += [""] * (end - start) if kind and before and after else [kind] * (end - start)
    return result


def _write_script(run: list[Char], kind: str, page: int, text: list[str], boxes: list) -> None:
    """Digits, signs and lists as Unicode scripts (CO₃²⁻, ¹⁶⁻¹⁸, the forms text.py reads as charges and
    citation markers); anything else wrapped as ^{…} or _{…} (cm^{-1} is ⁻¹ already; ^{a}, _{max})."""
    raw = "".join(c.text for c in run)
    char_boxes = [CharBox(page, round(c.x0, 2), round(c.top, 2), round(c.x1, 2), round(c.bottom, 2)) for c in run]
    if _SCRIPTABLE.fullmatch(raw) and (kind == "sup" or "," not in raw):
        table = _SUPERSCRIPT if kind == "sup" else _SUBSCRIPT
        text.append(raw.replace(",", "˒" if kind == "sup" else ",").translate(table))
        boxes.extend(char_boxes)
        return
    text.append("^{" if kind == "sup" else "_{")
    boxes.extend([None, None])
    for c, box in zip(run, char_boxes):
        written = _LIGATURES.get(c.text, c.text)
        text.append(written)
        boxes.extend([box] * len(written))
    text.append("}")
    boxes.append(None)


def _split_cells(chars: list[Char]) -> list[list[Char]]:
    """A line cut where a gap is wider than a gutter: two columns' lines or a table row's cells. A spacing
    accent handed out after its word ("Fernandez ´ et al.") is no edge to measure a gap from."""
    parts: list[list[Char]] = [[]]
    last: Char | None = None
    for char in chars:
        if last is not None and not char.space and char.x0 - last.x1 > CELL_GAP * max(last.size, char.size):
            parts.append([])
        parts[-1].append(char)
        if not char.space and (char.text not in _ACCENTS or last is None):
            last = char
    parts = [_trim(p) for p in parts if any(not c.space for c in p)]
    # a label set apart in the margin ("1.", "[12]", "(3)") belongs to the text on its right; a bare number
    # beside a cell that is a number is two cells of a table row ("1 | 30 | TfOH", "5 | 2.5")
    merged: list[list[Char]] = []
    for part in parts:
        label = "".join(c.text for c in merged[-1]) if merged else ""
        if _LABEL.fullmatch(label) and not (label.isdigit() and _NUMBER_CELL.fullmatch("".join(c.text for c in part))):
            merged[-1] = merged[-1] + [Char(" ", part[0].x0, part[0].top, part[0].x0, part[0].bottom,
                                           part[0].baseline, part[0].size, False, True)] + part
        else:
            merged.append(part)
    return merged


_LABEL = re.compile(r"[\[(]?\d{1,4}[.)\]]?")


def _attach_accents(lines: list[list[Char]]) -> list[list[Char]]:
    """A spacing accent drawn after its line is done (PDFium hands it out last: "Vulic" … "´") joins the
    line whose letters it sits over, so that _compose can put it on its letter."""
    alone = [line for line in lines if all(c.space or c.text in _ACCENTS for c in line)]
    if not alone:
        return lines
    kept = [line for line in lines if not any(line is a for a in alone)]
    for accents in alone:
        mark = next(c for c in accents if not c.space)
        home = next((line for line in kept if any(
            not c.space and _sits_on(mark, c) and abs(c.baseline - mark.baseline) < 0.5 * c.size for c in line)), None)
        if home is None:
            kept.append(accents)
        else:  # after the letter it sits over; the line's own order (and its spaces) stays
            at = next((i for i, c in enumerate(home) if not c.space and c.x0 > mark.x0), len(home))
            home[at:at] = [c for c in accents if not c.space]
    return kept


LINE_NUMBER_RUN = 5  # consecutive numbered lines that make a column of line numbers (lineno.sty, preprints)


def strip_line_numbers(lines: list[list[Char]]) -> list[list[Char]]:
    """Lines without the line numbers printed before them: a number set apart from its line's text
    that counts on by one from line to line at the same x, on five lines or more, some of which go on
    a sentence in lower case. A reference list's labels also count on, but each opens an entry with a
    capital; the number printed after a line, read first or not, is a line of its own (drop_furniture)."""
    found = []  # (baseline, number, right edge, index in lines, characters of the number, lower-case text)
    for index, line in enumerate(lines):
        inked = [c for c in line if not c.space]
        digits = 0
        while digits < len(inked) and inked[digits].text.isdigit() and (
                digits == 0 or inked[digits].x0 - inked[digits - 1].x1 < WORD_GAP * inked[digits].size):
            digits += 1
        if 0 < digits < len(inked) and digits <= 4 and inked[digits].x0 - inked[digits - 1].x1 > 0.5 * inked[digits].size:
            found.append((inked[0].baseline, int("".join(c.text for c in inked[:digits])), inked[digits - 1].x1,
                          index, set(map(id, inked[:digits])), inked[digits].text.islower()))
    numbered: set[int] = set()
    chains: list[list[tuple]] = []
    for entry in sorted(found):
        chain = next((c for c in chains if c[-1][1] + 1 == entry[1] and abs(c[-1][2] - entry[2]) < 1), None)
        if chain is None:
            chains.append([entry])
        else:
            chain.append(entry)
    for chain in chains:
        if len(chain) >= LINE_NUMBER_RUN and any(entry[5] for entry in chain):
            numbered |= {entry[3] for entry in chain}
    if not numbered:
        return lines
    ids = {i: ids for _, _, _, i, ids, _ in found}
    stripped = []
    for index, line in enumerate(lines):
        if index in numbered:
            rest = [c for c in line if id(c) not in ids[index]]
            line = _trim(rest[next(i for i, c in enumerate(rest) if not c.space):])
        stripped.append(line)
    return stripped


def read_page(document, index: int) -> PageReport:
    """The lines of one page; a page PDFium cannot read comes back empty with the reason."""
    import pypdfium2.raw as raw

    from .clipping import ClipTest

    number = index + 1
    try:
        page = document[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        chars, turned = _read_chars(textpage.raw, raw, height, page.get_bbox(), ClipTest(page.raw))
    except Exception as exc:  # noqa: BLE001 - PDFium raises PdfiumError and others; the page is what is lost
        return PageReport(number, [], 0.0, 0.0, f"page {number} cannot be read ({exc})")
    gutter = find_gutter(chars, width)
    ocr = _ocr_layer(page.raw, raw)
    cells = [_make_line(cell, number, ocr) for group in strip_line_numbers(_attach_accents(_group_lines(chars, gutter)))
             for cell in _split_cells(group)]
    pieces = [c for c in cells if c.text.strip() and not _CONTINUED.match(c.text)]
    lines = table_rows(row_bands(pieces, gutter, height), gutter, OCR_ROW_SHIFT if ocr else 0.0)
    table = turned_table(turned, number, width, height)
    if table:  # what stands at a right angle in the side margins is still their furniture
        turned = [c for c in turned if c.x1 < MARGIN * width or c.x0 > (1 - MARGIN) * width]
    return PageReport(number, lines, width, height, gutter=gutter, ocr=ocr, margin=_turned_lines(turned, number),
                      turned_table=table)


def table_rows(lines: list[Line], gutter: float | None, shift: float = 0.0) -> list[Line]:
    """(A table's "Continued on next page" is dropped before: see _CONTINUED.) Pieces of text on one baseline
    and one side of the gutter, set a cell gap apart, joined into one line per table row (cells parted by a
    tab), so a table reads row by row. Two pieces on one baseline of a page whose gutter was not found may be
    two columns' lines: they stay apart. A table as wide as the page crosses the gutter of the columns below
    it (an RSC "Table 2" of seven columns): where both sides of a baseline hold a row of cells
    (TABLE_SIDE_CELLS each), they are one row; two columns' lines of text are one piece each. Not on a page
    where such a row reads the same on both sides: there a long table is set in two halves side by side, each
    under its own header ("Compound | Phases reported | Compound | Phases reported"), and each row of cells on
    one side is a record of its own. One baseline is one to the point, or within ``shift`` ems of the row's
    first piece (``OCR_ROW_SHIFT``, for a scan's OCR layer)."""
    height_of: dict[int, int] = {}
    first = None
    for line in sorted(lines, key=lambda l: l.baseline):
        off = first is None or (round(line.baseline) != round(first.baseline)
                                and line.baseline - first.baseline > shift * first.size)
        if off:
            first = line
        height_of[id(line)] = round(first.baseline)

    def row_of(line: Line) -> tuple[int, str]:
        side = "" if gutter is None else "left" if line.x1 <= gutter + 1 else "right" if line.x0 >= gutter - 1 else "both"
        return height_of[id(line)], side

    key_of = {id(line): row_of(line) for line in lines}
    rows: dict[tuple[int, str], list[Line]] = {}
    for line in lines:
        rows.setdefault(key_of[id(line)], []).append(line)

    def cells(row: list[Line]) -> list[str]:
        return [re.sub(r"\W+", "", l.text).casefold() for l in sorted(row, key=lambda l: l.x0)]

    crossing = [b for b, side in rows if side == "left" and len(rows[b, side]) >= TABLE_SIDE_CELLS
                and len(rows.get((b, "right"), ())) >= TABLE_SIDE_CELLS]
    # a lone number beside a row of cells is the row's cell on the other side of a gutter found between a
    # table's columns (a page mostly table: "120 | 1,7 | 14,4 | 46,7"); a line of text is no number
    lone = [b for b, side in rows if side == "left" and (b, "right") in rows
            and any(len(rows[b, one]) == 1 and _NUMBER_CELL.fullmatch(rows[b, one][0].text.strip())
                    and len(rows[b, other]) >= TABLE_SIDE_CELLS
                    for one, other in (("left", "right"), ("right", "left")))]
    halves = any(cells(rows[b, "left"]) == cells(rows[b, "right"]) for b in crossing)
    for baseline in [] if halves else crossing + lone:
        right = rows.pop((baseline, "right"))
        rows[baseline, "left"] += right
        key_of.update((id(line), (baseline, "left")) for line in right)
    _join_wrapped_cells(rows, key_of)
    joined: list[Line] = []
    for line in lines:
        row = sorted(rows[key_of[id(line)]], key=lambda l: l.x0)
        if len(row) < 2 or len(row) == 2 and gutter is None:
            joined.append(line)
        elif line is row[0]:
            joined.append(_join_cells(row))
    return joined


def _join_wrapped_cells(rows: dict[tuple[int, str], list[Line]], key_of: dict[int, tuple[int, str]]) -> None:
    """A table set solid (no padding between rows) whose cell wraps: the cell's second line stands alone on the
    next baseline, under that cell only, its row's first column empty ("GC," over "Pt" in "1 | 30 | TfOH (5.0) |
    GC, Pt | 5 | 2.5 | 0"), or several cells wrap at once, each piece under its own cell. Where a cell above ends
    on a comma (a list cut mid-way) the pieces are the cells' next lines, joined to them by a line break as
    row_bands joins a cell's lines; a lone word of a new row (a group heading, a value in a table with ditto
    cells) starts in the first column or follows a finished cell.
    ``rows`` (pieces by (baseline, side)) and ``key_of`` (a piece's row) are updated in place."""
    for below in sorted(rows, key=lambda k: (k[1], k[0])):
        above = max((k for k in rows if k[1] == below[1] and k[0] < below[0]), default=None)
        if above is None or len(rows[above]) < BAND_COLUMNS:
            continue
        cells = sorted(rows[above], key=lambda l: l.x0)
        overs = [[c for c in cells if c.x0 < piece.x1 and piece.x0 < c.x1] for piece in rows[below]]
        if any(len(over) != 1 for over in overs):
            continue
        # each piece under one cell of its own, none under the first column's, one of those cells cut at a comma
        # (several cells may wrap at once: "2 | 6-Br | CLEA | 1.0 | >99%," over "(1.5 L E. coli culture) | 60%")
        under = [over for (over,) in overs]
        if (any(cell is cells[0] for cell in under) or len({id(cell) for cell in under}) < len(under)
                or not any(cell.text.rstrip().endswith(",") for cell in under)
                or any(piece.baseline - cell.baseline > WRAPPED_LINE * piece.size
                       for piece, cell in zip(rows[below], under))):
            continue
        for piece, over in zip(rows[below], under):
            cell = _join_pieces([over, piece], ["\n"])
            rows[above][rows[above].index(over)] = cell
            key_of[id(cell)] = key_of[id(piece)] = above
        del rows[below]


WRAPPED_LINE = 1.5  # ems from a cell's baseline to its next line's: the next line of text, not one further down
# ems: a scan's OCR layer sets the words of one table row a point or two apart ("Chloroform 270 9.8 8,4 25,4" at
# 233.1, 233.4, 234.1, 234.3 and 232.9 pt): within this of the row's first piece they are one row (as a line's
# letters are); not in a born-digital file, where two columns' lines a few points apart would join
OCR_ROW_SHIFT = 0.3
# one number alone in a cell ("120", "10,5", "2.0 ± 0.1")
_NUMBER_CELL = re.compile(r"[-+−–]?\d+(?:[.,]\d+)?(?: ?± ?\d+(?:[.,]\d+)?)?")
TABLE_SIDE_CELLS = 2  # cells on each side of the gutter that make a baseline one row of a table crossing it


# ems of white space between the boxes of two rows of a table whose cells wrap (LaTeX p{} columns, pdfTeX's
# row padding): wider than the leading between two lines of one cell (0.2 em in arXiv's Table 1 of 2024, whose
# rows stand 0.6 em apart)
ROW_GAP = 0.4
BAND_PIECE_SHARE = 0.4  # a piece wider than this share of its band is a line of text (a caption, a column), not a cell
BAND_COLUMNS = 3  # columns of cells that make a band a table row, not a formula and its number
BAND_BASELINES = 10  # more lines than this in one band are a table set solid (no row padding), not one row
# a band of many pieces of one or two characters is a formula set on several baselines (a fraction, sub- and
# superscripts, "(1)"), not cells of words
SHORT_PIECES = 0.3
WRAP_PITCH = 1.25  # × the least step between two lines of one column: further apart, they are two rows' cells
CENTRED = (0.3, 0.7)  # share of a line pitch that one cell's lines stand off another's: set centred in a taller row


def row_bands(pieces: list[Line], gutter: float | None, height: float) -> list[Line]:
    """A table row whose cells wrap onto several lines, read as one row: the pieces of a band of the page
    (boxes closer than ROW_GAP ems, white space of a row's padding above and below) joined column by column,
    each cell's lines top to bottom, cells parted by a tab ("ClinicalBERT | 110M | MIMIC-III | BERT | Patient
    readmission probability | 2019.04"); a cell's lines are parted by a line break ("\\n"), for the document's
    reader to join as it joins a paragraph's lines. A band is a row only where its cells are set centred
    against each other (a cell of two lines beside one of one: baselines half a line pitch apart, ``CENTRED``)
    or its columns hold different numbers of lines (three beside one), each column's lines one line pitch
    apart (WRAP_PITCH: not the cells of rows set solid, without padding), in BAND_COLUMNS columns or more, none
    of text as wide as a column of the page (BAND_PIECE_SHARE); a table set solid, a paragraph or a formula
    (SHORT_PIECES) stays line by line. Tried on the whole width first, then on
    each side of the gutter (a table in one column beside a paragraph in the other). Not in the page's top and
    bottom MARGIN, whose running heads and feet drop_furniture reads piece by piece. ``pieces`` are Lines of
    one page ``height`` points high; returns them with each band read as a row replaced by its row."""
    result = [p for p in pieces if p.top < MARGIN * height or p.bottom > (1 - MARGIN) * height]
    for band in _bands([p for p in pieces if MARGIN * height <= p.top and p.bottom <= (1 - MARGIN) * height]):
        row = _band_row(band)
        if row is None and gutter is not None:
            sides = ([p for p in band if p.x1 <= gutter + 1], [p for p in band if p.x1 > gutter + 1])
            for side in sides:
                for part in _bands(side):
                    row = _band_row(part)
                    result.extend([row] if row else part)
        else:
            result.extend([row] if row else band)
    return result


def _bands(pieces: list[Line]) -> list[list[Line]]:
    bands: list[list[Line]] = []
    bottom = 0.0
    for piece in sorted(pieces, key=lambda p: (p.top, p.x0)):
        if bands and piece.top - bottom < ROW_GAP * piece.size:
            bands[-1].append(piece)
            bottom = max(bottom, piece.bottom)
        else:
            bands.append([piece])
            bottom = piece.bottom
    return bands


def _band_row(band: list[Line]) -> Line | None:
    """The band as one row (see row_bands), or None."""
    baselines = sorted({round(p.baseline, 1) for p in band})
    if not 1 < len(baselines) <= BAND_BASELINES:
        return None
    width = max(p.x1 for p in band) - min(p.x0 for p in band)
    if any(p.x1 - p.x0 > BAND_PIECE_SHARE * width for p in band):
        return None
    columns: list[list[Line]] = []  # pieces whose extents overlap across the band, left to right
    for piece in sorted(band, key=lambda p: p.x0):
        if columns and piece.x0 < max(p.x1 for p in columns[-1]):
            columns[-1].append(piece)
        else:
            columns.append([piece])
    if len(columns) < BAND_COLUMNS or sum(len(p.text.strip()) <= 2 for p in band) > SHORT_PIECES * len(band):
        return None
    column_baselines = [sorted({round(p.baseline, 1) for p in column}) for column in columns]
    steps = [b - a for found in column_baselines for a, b in pairwise(found)]
    if not steps:
        return None  # no cell wraps: a row of one line each is table_rows' to join
    pitch = min(steps)
    if max(steps) > WRAP_PITCH * pitch:
        return None  # a column whose lines stand further apart than a cell's: rows of a table set solid
    centred = any(CENTRED[0] < ((b - baselines[0]) / pitch) % 1 < CENTRED[1] for b in baselines)
    if not centred and len({len(found) for found in column_baselines}) == 1:
        return None  # as many lines in every column: rows of one line each, set solid
    cells = []
    for column in columns:
        lines = sorted(column, key=lambda p: (round(p.baseline, 1), p.x0))
        # a cell's lines parted by a line break, as a paragraph's are: which hyphens at their ends are a word's own
        # is the document's to say (structure.drop_hyphen), not one page's; pieces of one line by a space
        cells.append(_join_pieces(lines, [" " if round(a.baseline, 1) == round(b.baseline, 1) else "\n"
                                          for a, b in pairwise(lines)]))
    row = _join_pieces(cells, ["\t"] * (len(cells) - 1))
    row.baseline = min(p.baseline for p in band)
    return row


def _join_cells(cells: list[Line]) -> Line:
    return _join_pieces(cells, ["\t"] * (len(cells) - 1))


def _join_pieces(pieces: list[Line], separators: list[str]) -> Line:
    """Pieces of one page as one Line, ``separators[i]`` (unboxed) between pieces i and i + 1; a piece holding
    several cells counts them all."""
    text, boxes, repairs = "", [], []
    for piece, separator in zip(pieces, [""] + separators):
        text, boxes = text + separator, boxes + [None] * len(separator)
        repairs += [(offset + len(text), repair) for offset, repair in piece.repairs]
        text, boxes = text + piece.text, boxes + piece.boxes
    first = pieces[0]
    return Line(page=first.page, text=text, boxes=boxes, x0=min(p.x0 for p in pieces),
                top=min(p.top for p in pieces), x1=max(p.x1 for p in pieces), bottom=max(p.bottom for p in pieces),
                baseline=first.baseline, size=first.size, bold=all(p.bold for p in pieces), repairs=repairs,
                cells=1 + separators.count("\t") + sum(p.cells - 1 for p in pieces))


# --- page furniture ------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[ivxlc\d]{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
# a table's or figure's notice where it breaks across pages (LaTeX longtable's "Continued on next page",
# "Table 1 – continued from previous page", "(continued)"): furniture wherever it stands
_CONTINUED = re.compile(r"^(?:(?:table|figure|fig\.|scheme)\s*\S+\s*[-–—:]?\s*)?\(?continued(?: (?:on|from) "
                        r"(?:the )?(?:next|previous|following|preceding) page)?\)?\.?$", re.I)
HEAD_HEIGHT_TOLERANCE = 3.0  # pt: a running head's height varies by less than this from page to page
MARGIN = 0.09  # running heads and feet sit in the top and bottom 9 % of the page


def furniture_key(text: str) -> str:
    """Running heads compare equal modulo digits and word order (page numbers and their side change)."""
    return " ".join(sorted(re.sub(r"\d+", "#", text.lower()).split()))


def drop_furniture(pages: list[PageReport]) -> list[Line]:
    """Remove running heads and feet, page numbers and line numbers from the pages' lines (in place).

    A line in the top or bottom margin goes when it is a page number or when
    its text (modulo digits) stands at its height in the margin of at least two
    pages and of a third of the pages of its parity (a head printed on even pages only), or
    when it stands where such a head stands, in its type. A line of digits alone outside the text's left or right edge is a line
    number. Returns every line removed from page 1 (its running head often
    cites the paper: journal, year, volume), and its text set at a right angle (arXiv's stamp), or the first
    page's line printing a DOI when page 1 has none (a publisher's download stamp).
    """
    read = [p for p in pages if p.lines]
    def in_margin(line: Line, page: PageReport) -> bool:
        # a foot's line may start just above the margin: its lower edge in it places it there
        return line.bottom < MARGIN * page.height or line.bottom > (1 - MARGIN) * page.height
    # a running head or foot stands at the same height on every page it is printed on: lines are counted
    # by text (modulo digits) and height, so that the last lines of reference lists, which read alike
    # ("[cs.CL], December 2020. URL …") but stand anywhere, are not taken for one
    def place(line: Line) -> tuple[str, int]:
        return furniture_key(line.text), round(line.top / HEAD_HEIGHT_TOLERANCE)
    seen: dict[int, Counter] = {0: Counter(), 1: Counter()}
    for page in read:
        seen[page.number % 2].update({place(l) for l in page.lines if in_margin(l, page)})

    def count(parity: int, line: Line) -> int:
        key, height = place(line)
        return sum(seen[parity][(key, h)] for h in (height - 1, height, height + 1))
    parity_pages = {p: max(1, sum(1 for page in read if page.number % 2 == p)) for p in (0, 1)}
    first_page: list[Line] = []
    heads: list[tuple[float, float]] = []  # (top, size) of the running heads and feet found by repetition
    for page in read:
        kept = []
        left = min((l.x0 for l in page.lines if len(l.text) > 20), default=0.0)
        right = max((l.x1 for l in page.lines if len(l.text) > 20), default=page.width)
        for line in page.lines:
            both = count(0, line) + count(1, line)
            # a head or foot has words: lines of digits alone that recur ("100, 3611-3613.", the ends of
            # notes at the feet of pages) are text, and page numbers are matched as such
            repeated = (both >= 2 and count(page.number % 2, line) >= math.ceil(parity_pages[page.number % 2] / 3)
                        and re.search(r"[^\W\d_]", line.text) is not None)
            margin = in_margin(line, page)
            line_number = line.text.isdigit() and (line.x1 < left + 1 or line.x0 > right - 1)
            if (margin and (_PAGE_NUMBER.match(line.text) or repeated)) or line_number:
                if page.number == 1:
                    first_page.append(line)
                if repeated:
                    heads.append((line.top, line.size))
                continue
            kept.append(line)
        page.lines = kept
    # a head printed once (the only even page of three) stands where the repeated heads stand, in their type
    for page in read:
        once = [l for l in page.lines if in_margin(l, page)
                and any(abs(l.top - top) < 2 and abs(l.size - size) < 0.05 * size for top, size in heads)]
        page.lines = [l for l in page.lines if l not in once]
        if page.number == 1:
            first_page += once
    # text set at a right angle: page 1's, or, when page 1 has none, the first line of another page's that prints
    # a DOI (a download stamp up the margin of every page but a scan's first: "… Downloaded from
    # https://onlinelibrary.wiley.com/doi/10.1002/… by …", the only place the paper's DOI is printed); not a
    # landscape table's text
    turned = next((page.margin for page in read if page.number == 1), [])
    return first_page + (turned or next(([line] for page in read for line in page.margin if DOI.search(line.text)), []))


# --- columns and reading order --------------------------------------------------------

LINE_PITCH = (0.7, 1.8)  # ems from baseline to baseline of two lines of one paragraph (the box rule's range)


def regions(page: PageReport) -> list[list[Line]]:
    """Lines stacked into regions: a line joins the region whose last line is just above it (within a
    line's leading), overlaps it horizontally and has the same size of type. A region is a paragraph,
    a run of paragraphs, a caption or a table: it never crosses a column gutter."""
    found: list[list[Line]] = []
    for line in sorted(page.lines, key=lambda l: (round(l.top, 1), l.x0)):
        home = None
        for region in reversed(found):
            last = region[-1]
            # just below by its box, or, where the boxes overlap, by its baseline one line's pitch on: a glyph drawn
            # in a deep box (an unmapped "×" in "scaling as much as 10× to yield") pushes a line's bottom into the
            # next line's top (not a pitch alone: the rows of a table of digits stand further apart than their boxes)
            gap = line.top - last.bottom
            below = (-0.3 * line.size < gap < 0.8 * line.size
                     or gap <= -0.3 * line.size
                     and LINE_PITCH[0] * line.size < line.baseline - last.baseline < LINE_PITCH[1] * line.size)
            overlap = min(line.x1, max(l.x1 for l in region)) - max(line.x0, min(l.x0 for l in region))
            if below and overlap > 0 and abs(line.size - last.size) < 0.15 * last.size:
                home = region
                break
        if home is None:
            found.append([line])
        else:
            home.append(line)
    return found


def reading_order(page: PageReport) -> list[Line]:
    """Lines in reading order: regions wider than a column cut the page into bands; within a band the
    left column's regions are read top to bottom, then the right column's."""
    x = page.gutter
    ordered: list[Line] = []
    band: list[tuple[str, list[Line]]] = []
    def flush() -> None:
        for side in ("left", "right"):
            for _, region in sorted(((s, r) for s, r in band if s == side), key=lambda sr: sr[1][0].top):
                ordered.extend(region)
        band.clear()
    for region in sorted(regions(page), key=lambda r: (r[0].top, r[0].x0)):
        x0, x1 = min(l.x0 for l in region), max(l.x1 for l in region)
        side = "full" if x is None else "left" if x1 <= x + 2 else "right" if x0 >= x - 2 else "full"
        for line in region:
            line.column = side
        if side == "full":
            flush()
            ordered.extend(region)
        else:
            band.append((side, region))
    flush()
    return ordered


# --- the file --------------------------------------------------------------------------

@dataclass
class PdfPages:
    """The lines of a PDF in reading order, and what could not be read."""

    lines: list[Line]
    pages: int
    warnings: list[str]
    first_page_furniture: list[Line]  # every line removed from page 1
    info: dict[str, str]
    page_sizes: list[tuple[float, float]]
    ocr_pages: frozenset[int] = frozenset()  # the pages whose text is a scanner's OCR layer (1-based)


def open_pdf(path: Path):
    """A PDFium document, or a PdfError naming the file: unreadable, or encrypted with a password."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise PdfError(f"{path}: is encrypted with a password; decrypt it first, e.g. qpdf --decrypt") from exc
        raise PdfError(f"{path}: is not a readable PDF ({message})") from exc
    except OSError as exc:
        raise PdfError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def read_pages(path: Path) -> PdfPages:
    """All pages' lines in reading order, page furniture removed; pages without text are named in warnings.

    Raises PdfError when no page has text (a scanned file without OCR, an
    encrypted or broken file)."""
    document = open_pdf(path)
    try:
        count = len(document)
        reports = [read_page(document, i) for i in range(count)]
        info = _info(document)
    finally:
        document.close()
    warnings = [f"{path.name}: {r.problem}; the other pages are read" for r in reports if r.problem]
    empty = [r.number for r in reports if not r.problem and not any(l.text.strip() for l in r.lines)]
    if len(empty) == count or not any(r.lines for r in reports):
        raise PdfError(f"{path}: has no extractable text (a scanned image?); run OCR on it first, e.g. ocrmypdf")
    if empty:
        warnings.append(f"{path.name}: page(s) {', '.join(map(str, empty))} hold no text (scanned images?); "
                        "they are not indexed — run OCR on the file, e.g. ocrmypdf, to include them")
    scanned = [r.number for r in reports if r.ocr and r.lines]
    if scanned:
        warnings.append(f"{path.name}: page(s) {_page_list(scanned)} are scanned images whose text is an OCR layer: "
                        "it is read as the OCR guessed it and may be garbled (check answers against the page)")
    first_page = drop_furniture(reports)
    lines = [line for report in reports for line in reading_order(report) + report.turned_table]
    return PdfPages(lines, count, warnings, first_page, info, [(r.width, r.height) for r in reports],
                    frozenset(scanned))


def _page_list(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → "1–3, 5"."""
    return ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in number_runs(numbers))


def _info(document) -> dict[str, str]:
    """The info dictionary (Title, Author, Subject, CreationDate); a damaged one counts as empty."""
    try:
        return {k: str(v) for k, v in document.get_metadata_dict(skip_empty=True).items()}
    except Exception:  # noqa: BLE001 - it is only metadata
        return {}
