"""Where a span of a PDF's text is printed: one rectangle per printed line it covers.

``structure.read_pdf`` gives every character of a PDF's source a box (``pdf.CharBox``: page, x0,
top, x1, bottom in PDF points from the page's top-left corner, as pdfplumber has it), or None for a
space or line break the reader inserted. An answer needs less than five numbers a character: the
rectangle of each printed line a span covers. So a document keeps its ``TextBoxes``:

- its lines: each run of source characters printed on one line — same page, overlapping in height,
  left to right with no gap wider than a column gutter between neighbours — as the offsets
  [start, end) of its first and last boxed character, its page, and the top and bottom of its band
  (its characters' median, cut where the lines below reach into it: see ``_bands``);
- the left and right edge of every character of the source.

Coordinates are stored as uint16 in 1/20 pt (pages up to 3276 pt; x0 and top rounded down, x1 and
bottom up, so a rectangle never loses a character): 4 bytes a character plus 14 a line. A span's
rectangles are, for each line it touches, from the left edge of its first character on that line to
the right edge of its last, over the line's band. A span crossing a line, column or page break gets
one rectangle per line on each page. bench/boxes.py measures how well they hold a span's text.

The index keeps every document's TextBoxes in one file (``save``/``load``: an uncompressed .npz);
a text or markdown document has none, and its answers carry no boxes.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .types import Box, Span

if TYPE_CHECKING:
    from .pdf import CharBox

UNIT = 20  # stored coordinates are in 1/UNIT pt
NO_BOX = np.iinfo(np.uint16).max  # x0 of a character without a box (a space or break the reader inserted)
_LARGEST = (NO_BOX - 1) / UNIT
# Two boxed characters in a row are on one printed line when they are on the same page, overlap in height
# by more than OVERLAP × the shorter one's height, and the second starts no further back than BACK and no
# further on than GAP × the taller one's height (loose boxes are ~1.2 em tall). The next line starts back at
# the margin, or below in another column or on another page; a column gutter or a table's cell boundary
# (pdf.CELL_GAP, 1.5 em) is a gap too wide; a ligature's letters share one box, and a superscript stacked
# over a subscript (CO₃²⁻) overlaps it by a third of its height and starts a little back.
OVERLAP, BACK, GAP = 0.2, 1.0, 1.5
# Where the ink of a line of type is within its loose boxes (ascent to descent): ascenders reach down
# from the top by ~0.2 of the box's height (0.18 Helvetica; 0.21 and 0.27 in the two dev papers whose
# lines' boxes overlap), descenders up from the bottom by up to ~0.08 (0 Helvetica, 0.08 Sci. Rep.).
INK_TOP, INK_BOTTOM = 0.2, 0.06


@dataclass(frozen=True)
class TextBoxes:
    """The printed lines of a document's source and the horizontal extent of each of its characters."""

    line_start: np.ndarray  # int32 (lines,): offset of the line's first boxed character
    line_end: np.ndarray  # int32 (lines,): one past its last boxed character
    line_page: np.ndarray  # uint16 (lines,): 1-based page
    line_band: np.ndarray  # uint16 (lines, 2): top, bottom in 1/UNIT pt
    char_x: np.ndarray  # uint16 (len(source), 2): x0, x1 in 1/UNIT pt; x0 is NO_BOX for no box

    @classmethod
    def from_chars(cls, boxes: Sequence[CharBox | None]) -> TextBoxes:
        """From one box (or None) per character of the source, as ``structure.read_pdf`` gives them."""
        where = np.array([i for i, b in enumerate(boxes) if b is not None], dtype=np.int64)
        page, x0, top, x1, bottom = np.array(
            [(b.page, b.x0, b.top, b.x1, b.bottom) for b in boxes if b is not None], dtype=np.float64
        ).reshape(-1, 5).T
        height = np.maximum(bottom - top, 1e-3)
        em, low = np.maximum(height[1:], height[:-1]), np.minimum(height[1:], height[:-1])
        overlap = np.minimum(bottom[1:], bottom[:-1]) - np.maximum(top[1:], top[:-1])
        same = ((page[1:] == page[:-1]) & (overlap > OVERLAP * low)
                & (x0[1:] > x0[:-1] - BACK * em) & (x0[1:] - x1[:-1] < GAP * em))
        first = np.flatnonzero(np.r_[True, ~same]) if len(where) else np.zeros(0, np.int64)
        last = np.r_[first[1:], len(where)][: len(first)] - 1
        char_x = np.full((len(boxes), 2), NO_BOX, dtype=np.uint16)
        char_x[where, 0], char_x[where, 1] = _down(x0), _up(x1)
        band = _bands(first, top, bottom, x0, x1, page)
        return cls(line_start=where[first].astype(np.int32), line_end=(where[last] + 1).astype(np.int32),
                   line_page=page[first].astype(np.uint16),
                   line_band=np.stack([_down(band[:, 0]), _up(band[:, 1])], axis=1), char_x=char_x)

    def page_at(self, offset: int) -> int:
        """1-based page of the printed line holding a source offset, or of the next line printed after it; 0
        when no line is printed at or after it."""
        line = int(np.searchsorted(self.line_end, offset, side="right"))
        return int(self.line_page[line]) if line < len(self.line_page) else 0

    def rects(self, spans: Iterable[Span]) -> tuple[Box, ...]:
        """The rectangles of the printed lines that the source spans cover, one per line, in reading order."""
        return tuple(box for box, _ in self.lines_of(spans))

    def lines_of(self, spans: Iterable[Span]) -> list[tuple[Box, list[Span]]]:
        """For each printed line the spans cover (in reading order): its rectangle and the pieces of the spans
        printed on it."""
        found: dict[int, list] = {}  # line → [x0, x1, pieces]
        for start, end in spans:
            first = int(np.searchsorted(self.line_end, start, side="right"))
            last = int(np.searchsorted(self.line_start, end, side="left"))
            for line in range(first, last):
                lo, hi = max(start, int(self.line_start[line])), min(end, int(self.line_end[line]))
                xs = self.char_x[lo:hi]
                xs = xs[xs[:, 0] != NO_BOX]
                if not len(xs):
                    continue
                x0, x1 = int(xs[:, 0].min()), int(xs[:, 1].max())
                if line in found:
                    found[line][0], found[line][1] = min(found[line][0], x0), max(found[line][1], x1)
                    found[line][2].append((lo, hi))
                else:
                    found[line] = [x0, x1, [(lo, hi)]]
        return [
            (Box(int(self.line_page[line]), x0 / UNIT, int(self.line_band[line, 0]) / UNIT, x1 / UNIT,
                 int(self.line_band[line, 1]) / UNIT), pieces)
            for line, (x0, x1, pieces) in sorted(found.items())
        ]


def _bands(first: np.ndarray, top: np.ndarray, bottom: np.ndarray, x0: np.ndarray, x1: np.ndarray,
           page: np.ndarray) -> np.ndarray:
    """Top and bottom of each line (lines begin at the characters ``first``): the median of its characters'
    (scripts, and the odd glyph whose font gives it a box twice as tall, stand out of a line's type, not
    its band), cut where the lines printed below it reach into it. Some fonts' ascent and descent are
    taller than the leading (two papers of twelve), and a superscript opening a line reaches up between
    the lines: uncut, a line's band would take in the next line's capitals and superscripts, and the next
    line's band the descenders of this one."""
    if not len(first):
        return np.zeros((0, 2))
    line = np.cumsum(np.isin(np.arange(len(top)), first)) - 1
    middle = first + np.diff(np.r_[first, len(top)]) // 2
    band = np.stack([top[np.lexsort((top, line))][middle], bottom[np.lexsort((bottom, line))][middle]], axis=1)
    left, right = np.minimum.reduceat(x0, first), np.maximum.reduceat(x1, first)
    # a loose box runs from the font's ascent to its descent: ink from INK_TOP of its height below its top
    # to INK_BOTTOM above its bottom (fonts vary: a superscript's digits may reach the top of theirs)
    reach = np.minimum.reduceat(top, first)  # superscripts included
    ink_top = np.minimum.reduceat(top + INK_TOP * (bottom - top), first)
    ink_bottom = band[:, 1] - INK_BOTTOM * (band[:, 1] - band[:, 0])
    pages = page[first]
    for number in np.unique(pages):
        lines = np.flatnonzero(pages == number)
        tops, bottoms = band[lines, 0], band[lines, 1]
        centre = (tops + bottoms) / 2
        # below[i, j]: line j is printed below line i (its top under i's middle), over some of the same width
        below = ((tops[None, :] > centre[:, None]) & (left[lines][None, :] < right[lines][:, None])
                 & (left[lines][:, None] < right[lines][None, :]))
        # where a line below reaches into this one's band, this one ends at its descenders (or where that
        # line's ink begins, below them); midway between its descenders and that line's ascenders at most;
        # never above its middle
        cut = np.minimum((ink_bottom[lines][:, None] + ink_top[lines][None, :]) / 2,
                         np.maximum(ink_bottom[lines][:, None], reach[lines][None, :]))
        cut = np.maximum(cut, centre[:, None])
        bottoms = np.minimum(bottoms, np.where(below, cut, np.inf).min(axis=1))
        # and a line begins below the lines above it, never below its middle
        tops = np.minimum(np.maximum(tops, np.where(below, bottoms[:, None], -np.inf).max(axis=0)), centre)
        band[lines, 0], band[lines, 1] = tops, bottoms
    return band


def _down(values: np.ndarray) -> np.ndarray:
    return np.floor(np.clip(values, 0, _LARGEST) * UNIT).astype(np.uint16)


def _up(values: np.ndarray) -> np.ndarray:
    return np.ceil(np.clip(values, 0, _LARGEST) * UNIT).astype(np.uint16)


# --- persisted: every document's TextBoxes in one .npz ------------------------------------------

_FIELDS = ("line_start", "line_end", "line_page", "line_band", "char_x")


def save(path: Path, documents: dict[str, TextBoxes]) -> None:
    """Write the TextBoxes of each document (by id) to one uncompressed .npz: each field concatenated over
    the documents, with where each document's lines and characters begin."""
    ids = list(documents)
    arrays = {name: np.concatenate([getattr(documents[d], name) for d in ids]) if ids
              else getattr(_EMPTY, name) for name in _FIELDS}
    arrays["doc_ids"] = np.array(ids, dtype=str)
    arrays["doc_lines"] = np.cumsum([0] + [len(documents[d].line_start) for d in ids]).astype(np.int64)
    arrays["doc_chars"] = np.cumsum([0] + [len(documents[d].char_x) for d in ids]).astype(np.int64)
    with path.open("wb") as out:
        np.savez(out, **arrays)


def load(path: Path) -> dict[str, TextBoxes]:
    """The TextBoxes by document id, as ``save`` wrote them (views into the arrays read)."""
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    lines, chars = arrays["doc_lines"], arrays["doc_chars"]
    result = {}
    for i, doc_id in enumerate(arrays["doc_ids"].tolist()):
        line_part, char_part = slice(lines[i], lines[i + 1]), slice(chars[i], chars[i + 1])
        result[doc_id] = TextBoxes(**{name: arrays[name][char_part if name == "char_x" else line_part]
                                      for name in _FIELDS})
    return result


_EMPTY = TextBoxes(np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.uint16),
                   np.zeros((0, 2), np.uint16), np.zeros((0, 2), np.uint16))
