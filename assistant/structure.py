"""Lines of a PDF in reading order → the paper's structure: blocks of a kind, sections, references, metadata.

Input: ``pdf.read_pages`` (lines with boxes, sizes and fonts, furniture
removed). Output: a ``PdfReading``, the text written once (blocks separated
by a blank line) with the box of every character, and, by offsets into that
text, what each block is (title, authors, heading, body, caption, table,
footnote, metadata, reference entry), its section, the reference entries and
the paper's metadata. Everything is decided from layout and from the
document's own words, never from one publisher's wording:

- a block starts after a vertical gap, at a change of type size or weight, at
  a first-line indent, after a short line that ends a sentence, at a caption
  label ("Figure 2.", "Scheme 1", "Table 3"), and at a column or page break
  unless the sentence runs on (no sentence end before, lower case after) in
  the same type size;
- the title is page 1's largest type in a block of four words or more,
  however many lines it takes; the byline is the block after it;
- the reference list starts at its heading, or, without one, at a run of
  numbered entries (1., [1], (1), 1), a superscript label) that lasts to the
  end, or, when a scan's OCR garbled the labels, at the run of lines opening
  with an author ("K. Plochocka, J. Macromol. …") that ends the document; an
  entry starts at the next number in sequence, in an unnumbered list at a line
  set flush left (hanging indent) that opens with a surname, and in a list of
  garbled labels at a line opening with an author (numbered in order);
- line-end hyphens are dropped when the document or the English lexicon
  knows the joined word and the document does not write the hyphenated form;
- ligatures in the private-use area are resolved per code, to the letters
  that make the most words the document or the lexicon knows.
"""
from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from .pdf import UNMAPPED, CharBox, Line, PdfPages, Repair, read_pages
from .references import NAME_CAPITALS
from .text import DATE_LABELS, DOI, LICENCE_STATEMENT, PUBLISHED_ON, english_words
from .types import ABOVE_TITLE

# --- vocabulary ----------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")


def _vocabulary(lines: list[Line]) -> Counter:
    """The document's own words, lower case, without the fragments around line-end hyphens."""
    words: Counter = Counter()
    for previous, line in zip([None, *lines], lines):
        found = _WORD.findall(line.text)
        if line.text.endswith(("-", "‐")) and found:
            found = found[:-1]
        if previous is not None and previous.text.endswith(("-", "‐")) and found:
            found = found[1:]
        words.update(w.lower() for w in found)
    return words


# --- repairs of the characters -------------------------------------------------------

_PRIVATE = re.compile("[\ue000-\uf8ff]")
_LIGATURE_GUESSES = ("fi", "fl", "ff", "ffi", "ffl", "ft", "st", "tt", "Th")


def resolve_private_glyphs(lines: list[Line], vocabulary: Counter) -> None:
    """Spell out private-use ligature codes (U+E000–U+F8FF), in place, with a repair each.

    A font that puts "fi" on a private code point gives "\\ue104uorescent" for
    "fluorescent". Each code is resolved once for the document, to the letters
    that turn the most words holding it into words the document or the
    English lexicon knows; a code no guess explains is left as it is and
    reported by the reader."""
    words_with: dict[str, list[str]] = {}
    for line in lines:
        for word in re.findall(r"[^\W\d_]*[\ue000-\uf8ff][^\W\d_\ue000-\uf8ff]*", line.text):
            for code in set(_PRIVATE.findall(word)):
                words_with.setdefault(code, []).append(word)
    known = english_words()
    choice: dict[str, str] = {}
    for code, words in words_with.items():
        def score(guess: str) -> int:
            return sum(1 for w in words if (t := _PRIVATE.sub(lambda m: guess if m.group() == code else "", w).lower())
                       in vocabulary or t in known)
        best = max(_LIGATURE_GUESSES, key=score)
        if score(best) > 0:
            choice[code] = best
    if not choice:
        return
    for line in lines:
        if not _PRIVATE.search(line.text):
            continue
        text, boxes, shift = [], [], 0
        for offset, (char, box) in enumerate(zip(line.text, line.boxes)):
            written = choice.get(char, char)
            if written != char:
                line.repairs.append((offset + shift, Repair(line.page, "ligature", char, written)))
                shift += len(written) - 1
            text.append(written)
            boxes.extend([box] * len(written))
        line.repairs.sort(key=lambda r: r[0])
        line.text, line.boxes = "".join(text), boxes


# A glyph the font maps to nothing (UNMAPPED), read from what is printed around it; each guess is a repair.
_UNMAPPED_GUESSES = (
    (re.compile(rf"(?<=\d){UNMAPPED}(?=\d)"), "–"),  # between digits: a range ("1–3", not "13")
    (re.compile(rf"(?<=\^\{{){UNMAPPED}(?=\d)"), "−"),  # opening an exponent: a minus ("mg L^{−1}")
    # 120 °C; a unit in brackets, a table's header ("temperature (°C)")
    (re.compile(rf"(?<=\d){UNMAPPED}(?=[CFK](?![A-Za-z]))|(?<=\d ){UNMAPPED}(?=[CF](?![A-Za-z]))"
                rf"|(?<=[(\[]){UNMAPPED}(?=[CF][)\]])"), "°"),
    # between letters before a capital ("C–H", "II–VI") or after two ("UV–vis"); after one capital or inside a
    # lower-case word it is a letter of a name ("L?ttke", "Andr?s")
    (re.compile(rf"(?<=[A-Za-z]){UNMAPPED}(?=[A-Z])|(?<=[A-Z]{{2}}){UNMAPPED}(?=[a-z])"), "–"),
)


def guess_unmapped(lines: list[Line]) -> None:
    """Unmapped glyphs whose context tells what they are: a range dash between digits, a degree sign
    between a number and C, F or K or bracketed before C or F, a minus opening an exponent, a dash between
    letters before a capital or after two (see _UNMAPPED_GUESSES). Others stay UNMAPPED, and read_pdf warns
    of them with their page."""
    for line in lines:
        for pattern, guess in _UNMAPPED_GUESSES:
            for match in pattern.finditer(line.text):
                line.repairs.append((match.start(), Repair(line.page, "glyph", UNMAPPED, guess)))
            line.text = pattern.sub(guess, line.text)


# --- blocks ----------------------------------------------------------------------------

# numbered in digits, or in capital Roman numerals as older journals number them ("Table VIII.", "Scheme II")
_CAPTION = re.compile(r"^(?:Figure|Fig\.?|Scheme|Table|Chart|Graph|Plate|Tab\.)\s*(?:S?\d+[A-Za-z]?|(?-i:[IVX]+))\b"
                      r"(?!\s*(?:shows|and|,))", re.I)
_NUMBERED_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-H]\.)\s+(?=[A-Z])")
_SENTENCE_END = re.compile(r"[.!?:][\"”’)\]]*[⁰¹²³⁴⁵⁶⁷⁸⁹˒,⁻–]*$|\.\^\{[^{}]*\}$")
_BULLET = re.compile(r"^[•▪◦●■]\s")
SECTION_NAMES = {
    "abstract", "introduction", "background", "results", "discussion", "results and discussion",
    "conclusion", "conclusions", "summary", "outlook", "conclusions and outlook", "summary and outlook",
    "experimental", "experimental section", "experimental procedures", "methods", "materials and methods",
    "computational methods", "computational details", "acknowledgments", "acknowledgements", "acknowledgment",
    "acknowledgement", "funding", "data availability", "data availability statement", "author contributions",
    "conflicts of interest", "conflict of interest", "competing interests", "additional information",
    "associated content", "supporting information", "author information", "notes", "keywords", "abbreviations",
    "references", "references and notes", "notes and references", "bibliography", "literature cited",
    "supplementary materials", "institutional review board statement", "informed consent statement",
}
REFERENCE_SECTIONS = {"references", "references and notes", "notes and references", "bibliography",
                      "literature cited", "literature", "reference"}


@dataclass
class Block:
    kind: str  # title | authors | heading | body | caption | table | footnote | metadata | references
    lines: list[Line]
    section: str = ""

    @property
    def text(self) -> str:
        return " ".join(l.text for l in self.lines)

    @property
    def page(self) -> int:
        return self.lines[0].page


@dataclass
class _Layout:
    """This document's body text: its type size, line pitch and column width."""

    size: float
    pitch: float
    line_width: float

    @classmethod
    def measure(cls, lines: list[Line]) -> "_Layout":
        chars = Counter()
        for line in lines:
            chars[round(line.size, 1)] += len(line.text)
        size = chars.most_common(1)[0][0]
        body = [l for l in lines if abs(l.size - size) < 0.05 * size]
        steps = [b.baseline - a.baseline for a, b in zip(body, body[1:])
                 if a.page == b.page and a.column == b.column and 0 < b.baseline - a.baseline < 2 * size]
        widths = [l.x1 - l.x0 for l in body]
        return cls(size, statistics.median(steps) if steps else 1.2 * size,
                   statistics.quantiles(widths, n=10)[7] if len(widths) >= 10 else max(widths, default=1.0))


def _name(text: str) -> str:
    """A heading's name: without its number, marks and trailing colon ("2.1. Synthesis:" → "Synthesis")."""
    text = re.sub(r"\^\{[^{}]*\}|[⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§■]", "", text)
    return _NUMBERED_HEADING.sub("", text).strip(" .:")


_GOES_ON = ("/", "-", "‐")  # a line ending so is continued by the next one, whatever its type
HEADING_LETTERS = 0.6  # the share of a heading's characters (spaces aside) that are letters, at least
_OPEN_ENDS = {"the", "a", "an", "of", "for", "and", "or", "in", "on", "to", "with", "by", "from", "at", "as"}


def _ends_open(text: str) -> bool:
    """Whether ``text`` ends on a word that cannot end a heading or a caption (``_OPEN_ENDS``: "… for")."""
    words = text.split()
    return bool(words) and words[-1].lower() in _OPEN_ENDS


def _is_heading(lines: list[Line], layout: _Layout) -> bool:
    """A heading: one or two short lines, no sentence end, set bold, larger, numbered, capitalised or known."""
    text = " ".join(l.text for l in lines).strip()
    # a line ending in a comma or one that goes on ("… Cyclization of N-Allyl/" + "Homoallyl Amides 1. A …")
    if (len(lines) > 2 or len(text) > 120 or len(text) < 3 or _CAPTION.match(text)
            or text.endswith((",", ";", *_GOES_ON))):
        return False
    name = _name(text)
    known = name.lower() in SECTION_NAMES
    if text.endswith(".") and not known and not _NUMBERED_HEADING.match(text):
        return False
    if not name or not (name[0].isupper() or name[0].isdigit()):
        return False
    # a name is mostly letters and ends on a word that can end one; a running foot ("VOL. 8 ’ NO. 6 ’ 6363–6371"),
    # a list of compound labels ("1d, 1e, 1f"), a DOI or dated line, or a table's header cut after "for the" is not
    glyphs = name.replace(" ", "")
    if (sum(c.isalpha() for c in glyphs) < HEADING_LETTERS * len(glyphs) or _METADATA_LINE.match(name)
            or DOI.search(name) or _ends_open(name)):
        return False
    bold = all(l.bold for l in lines)
    larger = lines[0].size > 1.08 * layout.size
    numbered = bool(_NUMBERED_HEADING.match(text)) and len(name.split()) <= 12 and not re.search(r"\d[,;]", name)
    capitals = name.isupper() and len(name) > 3
    return known or ((bold or larger or capitals) and len(name.split()) <= 14) or (numbered and bold)


PROSE_WORDS = 4  # a cell of this many words in lower case is running text, not a table's cell ("tane, affording …")
_PROSE_WORD = re.compile(r"(?<![^\W\d_])[a-z]{2,}(?![^\W\d_])")  # not a formula's letters ("B3LYP/6-31+G(d)")
ROW_PITCH = 1.45  # × the body's line pitch: a line this close to the lines above and below it is of their paragraph


def _spaced_prose(lines: list[Line], layout: _Layout) -> list[Line]:
    """Lines with each line of running text that the reading cut into cells at wide gaps one line again, its
    cells parted by spaces: a scan's OCR leaves the gap of a glyph it missed ("… dark-red powder.   NMR
    (C6D6):   1.6-2.1"). Such a line is a lone row of cells, with a cell of PROSE_WORDS words or more, between
    two single lines of its column and page, at the paragraph's line pitch; a table's rows have rows of cells
    beside them."""
    near = ROW_PITCH * layout.pitch
    joined = list(lines)
    for i in range(1, len(lines) - 1):
        above, line, below = lines[i - 1], lines[i], lines[i + 1]
        if (line.cells > 1 and above.cells == below.cells == 1
                and above.page == line.page == below.page and above.column == line.column == below.column
                and 0 < line.baseline - above.baseline <= near and 0 < below.baseline - line.baseline <= near
                and any(len(_PROSE_WORD.findall(cell)) >= PROSE_WORDS for cell in line.text.split("\t"))):
            joined[i] = replace(line, text=line.text.replace("\t", " "), cells=1)
    return joined


def _split_blocks(lines: list[Line], layout: _Layout, ocr_pages: frozenset[int] = frozenset()) -> list[list[Line]]:
    """Lines in reading order → raw blocks (see the module's docstring for where a block starts); a sentence runs
    on across a column or page break only in its own type size (SAME_SIZE, SAME_SIZE_SCANNED on pages read from an
    OCR layer): the licence and the notes at the foot of page 1 do not go on in the text of page 2."""
    blocks: list[list[Line]] = []
    for previous, line in zip([None, *lines], lines):
        if previous is None:
            blocks.append([line])
            continue
        moved = line.page != previous.page or line.column != previous.column or line.top < previous.top - 1
        gap = line.baseline - previous.baseline
        new = (
            abs(line.size - previous.size) > 0.12 * previous.size
            or line.bold != previous.bold and (line.bold or len(blocks[-1]) == 1 and previous.bold)
            and not previous.text.endswith(_GOES_ON)  # a bold run-in heading wrapped after "N-Allyl/"
            or is_caption(line, line.size < SMALL * layout.size) or bool(_BULLET.match(line.text))
            or line.cells > 1 or previous.cells > 1
        )
        if not new and moved:
            new = (bool(_SENTENCE_END.search(previous.text)) and not line.text[:1].islower()
                   or not _same_size(previous, line, ocr_pages))
        elif not new:
            short = previous.x1 - previous.x0 < 0.8 * layout.line_width
            indent = line.x0 > previous.x0 + 0.6 * line.size and len(blocks[-1]) > 1
            new = gap > 1.45 * layout.pitch * line.size / layout.size or (short and bool(_SENTENCE_END.search(previous.text))) or indent
        # a caption whose line ends on a word that cannot end it ("Table IV. Bond Lengths (A) for") goes on in the
        # next line of its column, however far below and in whatever type: a scan's OCR sizes each line by its glyphs
        if (new and not moved and line.cells == 1 and _ends_open(previous.text)
                and is_caption(blocks[-1][0], blocks[-1][0].size < SMALL * layout.size)):
            new = False
        if new:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


SMALL = 0.93  # × the body's size: type this much smaller is a caption's, a table's or a footnote's


def is_caption(line: Line, small: bool) -> bool:
    """Whether a block opening with this line is a caption: its label ("Figure 5", "Scheme 2") is set
    apart by punctuation ("Figure 5.", "Fig. 5:", "Figure 5 |") or the caption is in smaller type than
    the body. "Figure 5 summarizes …" in the body's type is a sentence of the body (a bold label is no
    sign: some journals set every "Figure 5" of the body in bold)."""
    label = _CAPTION.match(line.text)
    return label is not None and (small or re.match(r"\s*[.:|]", line.text[label.end():]) is not None)


def _classify(raw: list[list[Line]], layout: _Layout, heights: list[float]) -> list[Block]:
    """Kinds and sections of the raw blocks.

    A caption goes on until a gap, whatever its lines' sizes; after a table's
    caption, blocks in smaller type or in cells are the table until text of
    the body's size. Smaller type in the lower part of a page is a footnote
    (affiliations, notes); higher up it is text (an abstract)."""
    blocks: list[Block] = []
    section = ""
    in_table = False
    for lines in raw:
        text = " ".join(l.text for l in lines)
        previous = blocks[-1] if blocks else None
        if (previous is not None and previous.kind == "caption" and previous.page == lines[0].page
                and lines[0].column == previous.lines[-1].column and not _CAPTION.match(text)
                and all(l.cells == 1 for l in lines)
                and lines[0].top - previous.lines[-1].bottom < 0.6 * layout.size and not _is_heading(lines, layout)):
            previous.lines.extend(lines)
            continue
        small = lines[0].size < SMALL * layout.size
        if is_caption(lines[0], small):
            kind = "caption"
            in_table = text.lower().startswith("tab")
        elif any(l.cells > 1 for l in lines) or in_table and small:
            kind = "table"
        elif _is_heading(lines, layout):
            kind = "heading"
            section = _name(text)
        elif small and lines[0].top > 0.6 * heights[lines[0].page - 1]:
            kind = "footnote"
        else:
            kind = "body"
            run_in = re.match(r"^([A-Z][A-Za-z ]{2,40}?)[.:]\s", text)  # "Funding: This work …", "Notes. The …"
            if run_in and run_in.group(1).lower() in SECTION_NAMES and lines[0].bold:
                section = run_in.group(1)
        in_table = in_table and kind in ("caption", "table")
        blocks.append(Block(kind, list(lines), section))
    return blocks


# Words no English sentence ends with (articles, prepositions, conjunctions, relative pronouns,
# auxiliaries), or a comma: a body block ending so goes on in the next body block even when that one
# opens with a capital ("… performed using the" | Figure 3's caption | "Jaguar software and …").
_OPEN_END = re.compile(
    r"(?:\b(?:the|a|an|of|in|on|at|by|for|with|from|to|into|onto|via|and|or|nor|but|than|as|between|under|"
    r"over|through|during|within|without|among|upon|using|that|which|whose|is|are|was|were|be|been|has|"
    r"have|had)|,)$")
# How no sentence opens: in lower case, with a signed number ("−22.8 kcal/mol for …"), closing
# punctuation, or an abbreviation in parentheses after the term it shortens ("(EDS), though …").
_CONTINUED_START = re.compile(r"[−–-]\s?\d|[,;)\]]|\([A-Z][A-Za-z]*\)[\s,;.]")


SAME_SIZE = 0.05  # two lines' type sizes this share apart at most are one size: PDF fonts are set exactly
# an OCR layer's sizes are the scanner's estimate from each line's glyphs, a line of one paragraph a tenth or two off
# the next ("the coupling of nitriles by …" 8.6 / "alkyl complexes.44,45 In the latter …" 7.2)
SAME_SIZE_SCANNED = 0.2


def _same_size(earlier: Line, later: Line, ocr_pages: frozenset[int]) -> bool:
    """Whether two lines are set in one type size: within SAME_SIZE of the later one's, or SAME_SIZE_SCANNED where
    both lie on pages read from an OCR layer (``ocr_pages``)."""
    scanned = {earlier.page, later.page} <= ocr_pages
    return abs(later.size - earlier.size) < (SAME_SIZE_SCANNED if scanned else SAME_SIZE) * later.size


def _continues(open_body: Block, block: Block, ocr_pages: frozenset[int] = frozenset()) -> bool:
    """Whether body ``block`` goes on with the sentence that ``open_body`` (ending without a full stop)
    leaves open: it starts as no sentence does, or ``open_body`` ends as no sentence does; both in the
    same type size (a footnote or a table title in smaller type is no continuation), within SAME_SIZE, or
    SAME_SIZE_SCANNED where both lie on pages read from an OCR layer (``ocr_pages``)."""
    starts_open = block.text[:1].islower() or _CONTINUED_START.match(block.text) is not None
    ends_open = _OPEN_END.search(open_body.lines[-1].text.rstrip()) is not None
    return (starts_open or ends_open) and _same_size(open_body.lines[-1], block.lines[0], ocr_pages)


def _join_continuations(blocks: list[Block], ocr_pages: frozenset[int] = frozenset()) -> list[Block]:
    """A body block that stops mid-sentence goes on in the next body block that continues it (see
    ``_continues``) across a column or page break, or a figure, a table or notes at a column's foot between
    them; what stood between keeps its place after the joined paragraph."""
    result: list[Block] = []
    open_body: Block | None = None
    for block in blocks:
        if block.kind == "body" and open_body is not None and _continues(open_body, block, ocr_pages):
            open_body.lines.extend(block.lines)
            block = open_body
        elif block.kind == "body":
            result.append(block)
        elif block.kind in ("heading", "title"):
            result.append(block)
            open_body = None
            continue
        else:
            result.append(block)
            continue
        open_body = None if _SENTENCE_END.search(block.lines[-1].text) else block
    return result


# --- the first page: title, byline, metadata lines ------------------------------------------

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_MARKS = re.compile(r"\^\{[^{}]*\}|[⁰¹²³⁴⁵⁶⁷⁸⁹⁺˒*†‡§#¶∥✉]|\(\s*\)")
_DATE_LABELS = "|".join(DATE_LABELS.values())
# a label may open a parenthesis holding the line: "(Date of receipt: August 9, 1984)", "(Received 3 June 2019)"
_METADATA_LINE = re.compile(  # "©" is no word: no word boundary after it ("© 2013 Speck and Magauer; licensee …")
    rf"^\(?(?:(?:cite this|{_DATE_LABELS}|keywords?|"
    r"e-?mail|corresponding author|doi|https?://doi|copyright|open access|citation|academic editor|"
    r"publisher'?s note|licensee|license and terms|this article is licensed|creative commons)\b|©)", re.I)
_CITATION_LINE = re.compile(
    r"(?P<journal>[A-Z][A-Za-z.&’'\- ]{1,60}?),?\s*(?P<year>(?:19|20)\d\d)\s*[,;]\s*(?P<volume>\d{1,4})\s*[,:(]"
    # or volume, pages, then the year: "Makromol. Chem. 186, 1711 - 1720 (1985)" (a scan's "I711" for 1711)
    r"|(?P<journal2>[A-Z][A-Za-z.&’'\- ]{2,60}?)\s+(?P<volume2>\d{1,4})(?:\s*,\s*[\dIl]{1,6}(?:\s*[-–]\s*[\dIl]{1,6})?)?"
    r"\s+\((?P<year2>(?:19|20)\d\d)\)")


_SUBJECT_JOURNAL = re.compile(r"\s*(?P<journal>[A-Z][^,()\d]{2,60}?)\s*(?:\((?:19|20)\d\d\))?\s*,.*\bdoi\b", re.I)


# ACS's running foot: "WEIDMAN ET AL. VOL. 8 ▪ NO. 6 ▪ 6363–6371 ▪ 2014" (the journal named only by its web address)
_ISSUE_LINE = re.compile(r"\bVOL\.\s*\d+\W+NO\.\s*\d+\W+\d+\s*[–-]\s*\d+\W+(?:19|20)\d\d\b")
# Nature Portfolio's running foot: journal, (year), volume and article number between bars ("Scientific Reports | 7:
# 17395 | DOI:10.1038/…", "NATURE COMMUNICATIONS | (2020) 11:1234 | https://doi.org/…"), in small capitals that the
# text layer may read as "SCientifiC REPO rTs"
_ARTICLE_FOOT = re.compile(r"^[A-Z][A-Za-z.&’'\- ]{2,60}?\s*\|\s*(?:\((?:19|20)\d\d\)\s*)?\d{1,4}\s*:\s*\d{3,8}\s*\|")


def is_citation_line(text: str) -> bool:
    """A line that is a paper's citation and little more: journal, year and volume ("Chem. Eur. J. 2021, 27,
    5404 – 5411", "Biotechnology Advances 53 (2021) 107818"), volume, issue, pages and year (_ISSUE_LINE), or
    journal, volume and article number (_ARTICLE_FOOT)."""
    line = text.strip()
    return ((_CITATION_LINE.match(line) is not None or _ISSUE_LINE.search(line) is not None
             or _ARTICLE_FOOT.match(line) is not None)
            and len(line.split()) <= CITATION_LINE_WORDS)


def cites_the_paper(text: str) -> bool:
    """A line giving the paper's own citation: labelled ("Cite This: J. Org. Chem. 2023, 88, 1424−1433",
    "Citation: Neubauer, P.R.; … Catalysts 2021, 11, 485") or a running head that is one (is_citation_line)."""
    return _CITES_LABEL.match(text.strip()) is not None or is_citation_line(text)


_CITES_LABEL = re.compile(r"(?:cite this|citation)\b", re.I)


def is_preprint_stamp(text: str) -> bool:
    """arXiv's identifier stamp: "arXiv:2407.01603v3 [cs.LG] 14 Nov 2024"."""
    return _PREPRINT_STAMP.match(text.strip()) is not None


_PREPRINT_STAMP = re.compile(r"arXiv:\d{4}\.\d{4,5}(?:v\d+)?\b")
CITATION_LINE_WORDS = 12  # a running head citing the paper; a sentence citing a journal is longer


def looks_like_names(text: str) -> bool:
    """A byline: names, commas and "and", no sentence end ("Ada Lovelace,^{a} Marie Curie*^{b} and …")."""
    plain = _MARKS.sub(" ", text)
    words = [w for w in re.split(r"[\s,;]+", plain) if w and w.lower() not in {"and", "&"}]
    if not 2 <= len(words) <= 80 or plain.rstrip().endswith((".", ":")) and not re.search(r"\b[A-Z]\.$", plain.rstrip()):
        return False
    return (sum(w[:1].isupper() for w in words) >= 0.8 * len(words) and not re.search(r"\d{2,}", plain)
            and not any(w.lower() in _NOT_IN_NAMES for w in words))


# words of a banner or an affiliation, never of a person's name ("A PREPRINT", "University of …")
_NOT_IN_NAMES = {"a", "an", "the", "of", "for", "in", "on", "at", "to", "by", "with", "from"}


def split_names(text: str) -> list[str]:
    """The names of a byline, without affiliation marks: "A. Lovelace,^{a} M. Curie* and L. Pauling"; a mark
    set as a letter and a parenthesis, or as a digit, that a scan reads into the name ("Hrissanta Boudevskab)",
    "Hákon Hope1") too: no name ends in one."""
    plain = _MARKS.sub(" ", text)
    names = [" ".join(n.split()) for n in re.split(r",|;|\band\b|&", plain)]
    names = [n if "(" in n else re.sub(r"(?<=[a-z])(?:[a-z]\)|\d{1,2})$", "", n) for n in names]
    return [n for n in names if len(n) > 2]


SUBTITLE_BLOCKS = 2  # blocks below a title, in its type, read as its subtitle: more would be the text set large


def _first_page(blocks: list[Block], layout: _Layout, pages: PdfPages) -> dict:
    """Mark page 1's title, byline and metadata lines; return the metadata found there."""
    first = [b for b in blocks if b.page == 1]
    metadata: dict = {}
    candidates = [b for b in first if len(b.text.split()) >= 4 and b.kind in ("body", "heading", "footnote")
                  and b.lines[0].size >= 1.15 * layout.size]
    if candidates:
        title = max(candidates, key=lambda b: b.lines[0].size)
        title.kind = "title"
        above = first[:first.index(title)]
        # the journal's banner, links and licence above the title are metadata; where running text stands there
        # too (a scanned issue's page opening with the end of the article before: "… the C70 triplet energy is
        # 33-35 kcal/mol"), all of that text is text, its short lines too
        prose = any(running_text(b) and not _says_metadata(b.text) for b in above)
        for banner in above:
            if prose and len(banner.lines) > 1 and is_citation_line(banner.lines[0].text):
                # the page's running head, which a scan set in one block with the text below it
                blocks.insert(blocks.index(banner), Block("metadata", banner.lines[:1]))
                banner.lines = banner.lines[1:]
            if not (prose and banner.kind in ("body", "footnote", "heading", "table")
                    and not _says_metadata(banner.text) and not _banner_words(banner.text)):
                banner.kind = "metadata"
            elif banner.kind == "heading":  # a line of the text a scan read larger: "33-35 kcal/mol, in excellent …"
                banner.kind = "body"
        # a subtitle set in the title's type as a block of its own: a series' title, then the paper's ("The
        # influence of molecular interaction on polymerization, 10", then "On the copolymerization of …")
        size = title.lines[0].size
        subtitles = list(itertools.takewhile(
            lambda b: (b.kind in ("body", "heading") and abs(b.lines[0].size - size) < 0.05 * size
                       and not looks_like_names(b.text) and not _METADATA_LINE.match(b.text)),
            first[first.index(title) + 1:first.index(title) + 1 + SUBTITLE_BLOCKS]))
        for subtitle in subtitles:
            subtitle.kind = "title"
        metadata["title"] = " ".join(_MARKS.sub("", b.text).strip() for b in (title, *subtitles))
        after = first[first.index(title) + 1 + len(subtitles):]
        # the byline: among the first blocks after the title that are not dated or labelled lines
        near = [b for b in after if b.kind in ("body", "heading", "footnote") and not _METADATA_LINE.match(b.text)][:4]
        byline = next((b for b in near if looks_like_names(b.text)), None)
        if byline is not None:
            # one name a block, each above its affiliation (arXiv's template): the names until the abstract
            following = after[after.index(byline):after.index(byline) + 12]
            opening = next((i for i, b in enumerate(following) if _name(b.text).lower() in SECTION_NAMES), len(following))
            names = [b for b in following[:opening] if len(b.text.split()) <= 5 and looks_like_names(b.text)]
            if len(split_names(byline.text)) == 1 and len(names) > 1:
                for block in names:
                    block.kind = "authors"
                metadata["authors"] = [n for b in names for n in split_names(b.text)]
            else:
                byline.kind = "authors"
                metadata["authors"] = split_names(byline.text)
    for block in first:
        if block.kind in ("body", "footnote") and _METADATA_LINE.match(block.text):
            block.kind = "metadata"
    _front_matter(first)
    # a labelled line's text goes on in the lines just below it, at its own line pitch ("Citation: Names.
    # Title. Journal 2021, 11, 485.")
    block = None
    for below in first:
        lines = block.lines if block is not None else []
        pitch = (lines[-1].baseline - lines[0].baseline) / (len(lines) - 1) if len(lines) > 1 else 1.5 * below.lines[0].size
        if (block is not None and below.kind in ("body", "footnote") and below.lines[0].column == lines[-1].column
                and abs(below.lines[0].size - lines[-1].size) < 0.05 * lines[-1].size
                and 0 < below.lines[0].baseline - lines[-1].baseline < 1.2 * pitch):
            lines.extend(below.lines)
            blocks.remove(below)
        else:
            block = below if below.kind == "metadata" else None
    for block in first:  # page 1's own foot citing the paper, in the text's place ("VOL. 8 ▪ NO. 6 ▪ 6363–6371 ▪ 2014")
        if block.kind in ("body", "footnote") and any(b is block for b in blocks) and is_citation_line(block.text):
            block.kind = "metadata"
    if "title" not in metadata and len(pages.info.get("Title", "").split()) >= 3:
        metadata["title"] = pages.info["Title"].strip()
    if "authors" not in metadata and pages.info.get("Author", "").strip():
        metadata["authors"] = split_names(pages.info["Author"])
    furniture = [l.text for l in pages.first_page_furniture]
    page_one = [l.text for l in pages.lines if l.page == 1] + furniture
    doi_lines = [t for t in page_one if re.search(r"doi|DOI", t)] + page_one + [pages.info.get("Subject", "")]
    doi = next((m.group(0) for m in map(DOI.search, doi_lines) if m), None)
    if doi:
        metadata["doi"] = doi
    for text in [*furniture, *page_one, pages.info.get("Subject", "")]:
        match = _CITATION_LINE.search(text)
        if match:
            metadata["journal"] = (match.group("journal") or match.group("journal2")).strip(" ,")
            metadata["year"] = match.group("year") or match.group("year2")
            break
    # the publisher's subject field, when page 1 prints the journal only in letter-spaced capitals: "Scientific
    # Reports, doi:10.1038/…", "Chemical Science (2023), 00, 1-7, doi:10.1039/…"
    subject = _SUBJECT_JOURNAL.match(pages.info.get("Subject", ""))
    if "journal" not in metadata and subject:
        metadata["journal"] = subject.group("journal")
    # page 1's furniture (running heads and feet, lines up the margin) often prints what its text does not: kept
    # as a metadata line unless a metadata block of page 1 says it already. (how the furniture line reads, how
    # such a block reads):
    def prints_doi(text: str) -> bool:
        return bool(doi) and doi in text

    for furniture_says, block_says in (
            # the paper cited: "Biotechnology Advances 53 (2021) 107818" (journal, volume, pages), unless page 1's
            # text cites it too ("Cite This: J. Org. Chem. 2023, 88, 1424−1433")
            (is_citation_line, cites_the_paper),
            # the DOI: "https://doi.org/10.1021/acs.joc.2c02309", "SCIENTIFIC REPORTS | 7: 17395 | DOI:10.1038/…"
            (prints_doi, prints_doi),
            # RSC's margin: "Open Access Article. Published on 12 July 2023. Downloaded on …" and "This article is
            # licensed under a Creative Commons Attribution-NonCommercial 3.0 Unported Licence."
            (PUBLISHED_ON.search, PUBLISHED_ON.search),
            (LICENCE_STATEMENT.search, LICENCE_STATEMENT.search),
            # arXiv's stamp: "arXiv:2407.01603v3 [cs.LG] 14 Nov 2024" (identifier, version, date)
            (is_preprint_stamp, is_preprint_stamp)):
        line = next((l for l in pages.first_page_furniture if furniture_says(l.text)), None)
        if (line is not None and first and not any(block_says(b.text) for b in first if b.kind == "metadata")
                and not any(l is line for b in blocks for l in b.lines)):
            blocks.insert(blocks.index(first[0]), Block("metadata", [line]))
    if "year" not in metadata:
        dated = sorted((t for t in page_one if _YEAR.search(t)),
                       key=lambda t: (not re.search(r"publish|©|copyright|cite", t, re.I),
                                      not re.search(r"accepted", t, re.I), bool(re.search(r"received", t, re.I))))
        created = re.match(r"(?:D:)?((?:19|20)\d\d)", pages.info.get("CreationDate", ""))
        year = _YEAR.search(dated[0]).group(0) if dated else created.group(1) if created else None
        if year:
            metadata["year"] = year
    return metadata


FRONT_MATTER_WORDS = 10  # page 1's banners and link rows are a few words: "OPEN", "Read Online", "Metrics & More"
OPENING_WORDS = 25  # the first block of running text (an abstract, an introduction) is longer than any banner


def running_text(block: Block) -> bool:
    """Whether a block of page 1 is running text, no banner: OPENING_WORDS words or two sentences."""
    return block.kind == "body" and (len(block.text.split()) >= OPENING_WORDS
                                     or len(re.findall(r"[.!?](?:\s|$)", block.text)) >= 2)


def _says_metadata(text: str) -> bool:
    """Whether a block of page 1 is a line of metadata: a dated or labelled line, a licence, a publication
    stamp, the paper's citation."""
    return bool(_METADATA_LINE.match(text) or LICENCE_STATEMENT.search(text) or PUBLISHED_ON.search(text)
                or is_citation_line(text))


def _banner_words(text: str) -> bool:
    """Whether a block of page 1 is a banner's few words ("OPEN", "Read Online"): FRONT_MATTER_WORDS words at
    most, no sentence end, no comma (an affiliation or a keyword list has commas), not a section's name."""
    return (len(text.split()) <= FRONT_MATTER_WORDS and not _SENTENCE_END.search(text)
            and "," not in text and _name(text).lower() not in SECTION_NAMES)


def _front_matter(first: list[Block]) -> None:
    """Page 1's short pieces before its running text — banner words and links set like headings ("OPEN",
    "Read Online"), link rows — are metadata lines, not sections or passages: a few words, no sentence
    end, no comma (an affiliation or a keyword list has commas and stays text), not a section's name.
    So is an affiliation mark standing alone ("1", "a", "*") anywhere on page 1."""
    # running text above the title (the article before's end) opens nothing
    titled = max((i + 1 for i, b in enumerate(first) if b.kind == "title"), default=0)
    opening = next((i for i, b in enumerate(first) if i >= titled and running_text(b)), len(first))
    for i, block in enumerate(first):
        short = _banner_words(block.text)
        mark = re.fullmatch(r"\S{1,2}", block.text.strip())  # an affiliation's "1", "a", "*" set apart from it
        if block.kind in ("heading", "body", "footnote") and (mark or short and i < opening):
            block.kind = "metadata"


def _sections(blocks: list[Block]) -> None:
    """Each block's section: the last heading's name before it; text on page 1 before the first heading,
    after the title, is the abstract. (Run after page 1's banners and byline lost their heading kind.)"""
    section, titled = "", False
    has_title = any(block.kind == "title" for block in blocks)
    for block in blocks:
        if block.kind == "heading":
            section = _name(block.text)
        elif block.kind == "title":
            titled = True
        elif block.kind == "body" and block.section and block.section.lower() in SECTION_NAMES \
                and block.lines[0].bold and block.text.lower().startswith(block.section.lower()):
            section = block.section  # a run-in heading ("Funding: This work …")
        if block.kind != "references":
            block.section = section or ("Abstract" if titled and block.page == 1
                                        else ABOVE_TITLE if has_title and block.page == 1 else "")


# a note at the foot of page 1 opens with its mark: "‡ Present address: …", "† Electronic supplementary …"
_NOTE_MARK = re.compile(r"^[*†‡§¶∥#]\s*[A-Z]")


def _split_metadata(blocks: list[Block]) -> list[Block]:
    """Metadata lines set together ("Received …", "Accepted …", "DOI: …") as one block each, so each
    is labelled by what it says; a note set right under one ("https://doi.org/…" / "‡ Present address: …")
    is a footnote of its own, not part of the metadata line."""
    result = []
    for block in blocks:
        if block.kind == "metadata" and len(block.lines) > 1 and all(
                _METADATA_LINE.match(l.text) or DOI.search(l.text) for l in block.lines):
            result.extend(Block("metadata", [line], block.section) for line in block.lines)
        elif block.kind == "metadata" and (at := next((i for i, l in enumerate(block.lines) if i and _NOTE_MARK.match(l.text)), 0)):
            result += [Block("metadata", block.lines[:at], block.section), Block("footnote", block.lines[at:], block.section)]
        else:
            result.append(block)
    return result


# --- references -----------------------------------------------------------------------------

_LABELS = (  # (pattern, how an entry's label is written)
    re.compile(r"^\((\d{1,4})\)\s*"),
    re.compile(r"^\[(\d{1,4})\]\s*"),
    re.compile(r"^(\d{1,4})\.(?:\s+(?=\S)|(?=[A-Z]))"),  # "100.Sharma": a narrow label column leaves no gap
    re.compile(r"^(\d{1,4})\)(?![.,;:])\s*"),  # not "1). These reactions": a sentence after "(Scheme 1)."
    re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})\s*"),
    re.compile(r"^(\d{1,4})\s+(?=(?:\(a\)\s*)?[A-Z][a-zA-Z]?\.|[A-Z][\w'’\-]+,|[A-Z][a-z]+ [A-Z])"),
)
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SURNAME_START = re.compile(r"^(?:van |von |de |del |da |le |la |di )?[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?,\s")


def entry_label(text: str) -> tuple[int, int] | None:
    """(number, length of the label) of a line that opens a numbered reference entry, else None."""
    for pattern in _LABELS:
        match = pattern.match(text)
        if match:
            return int(match.group(1).translate(_SUPERSCRIPT_DIGITS)), match.end()
    return None


_NOTE_LABEL = re.compile(r"^(\d{1,4})\s+(?=[A-Z(])")


def _note_label(line: Line, last: int, entries: list[tuple[int, list[Line], int]]) -> tuple[int, int] | None:
    """The label of a note among numbered entries ("13 The regioregularity …" in RSC's "Notes and
    references"): the next number, set where the previous entry's label stands, after that entry's
    text hung indented or on one line. A number that opens a wrapped line ("2019, 13 …") is not."""
    match = _NOTE_LABEL.match(line.text)
    if not match or int(match.group(1)) != last + 1 or not entries:
        return None
    opening, *rest = entries[-1][1]
    if (opening.page, opening.column) != (line.page, line.column):
        return int(match.group(1)), match.end()
    flush = abs(line.x0 - opening.x0) < 0.5 * line.size
    hung = all(l.x0 > opening.x0 + 0.5 * l.size for l in rest if (l.page, l.column) == (line.page, line.column))
    return (int(match.group(1)), match.end()) if flush and hung else None


# a paper's dates (not "doi:" or "Copyright", which also continue a reference entry)
_DATES_LINE = re.compile(rf"^(?:{_DATE_LABELS})\b", re.I)


def _dates_after_the_list(block: Block) -> bool:
    """Whether a block after the reference list's start is the paper's metadata ("Manuscript received:
    December 3, 2020", printed after the list by Wiley), not an entry; if so it is marked so."""
    if block.kind in ("body", "footnote", "metadata") and _DATES_LINE.match(block.lines[0].text):
        block.kind = "metadata"
        return True
    return False


# the kinds a block of the reference list may have been read as before it is known to be the list; lines that
# may open an entry lie in those blocks that are no heading
_LIST_KINDS = ("body", "footnote", "heading", "metadata", "table")
_ENTRY_KINDS = ("body", "footnote", "metadata", "table")
# labels of one reference list are set in one type size, within this share (OCR'd scans vary by a few tenths)
LABEL_SIZE_SPREAD = 0.2
# paragraphs of running text in larger type after the list's start that make its notes footnotes (an old
# journal's, at the foot of each column) rather than a list at the end with a stray block after it
FOOT_NOTE_PARAGRAPHS = 3


def _reference_blocks(blocks: list[Block]) -> None:
    """Mark the reference list (kind "references"): after its heading, or the numbered run at the end.
    The last such heading is the list's: a table's column may be headed "Reference" too."""
    start = next((i for i in range(len(blocks) - 1, -1, -1)
                  if blocks[i].kind == "heading" and _name(blocks[i].text).lower() in REFERENCE_SECTIONS), None)
    if start is not None:
        listed = blocks[start + 1:]
        opening = [b.lines[0].size for b in listed if b.kind in _LIST_KINDS and entry_label(b.lines[0].text)]
        list_size = statistics.median(opening) if opening else None
        apart = False  # the block before was set apart from the list
        for block in listed:
            if block.kind == "heading" and _name(block.text).lower() not in REFERENCE_SECTIONS \
                    and not entry_label(block.text):
                break
            apart = _set_apart(block, list_size, apart)
            if _dates_after_the_list(block) or apart:
                continue
            if block.kind in _LIST_KINDS:
                block.kind = "references"
                block.section = "References"
        return
    # no heading: from the line that opens entry 1 of the longest run 1, 2, 3, … (AIP, Wiley, old journals;
    # a table's rows "1)", "2)", "3)" make a short run). A run may skip a label or two that the reading lost
    # (as _entries does); an equation's number "(1)" in type far smaller than the notes' is no entry.
    labels = [(i, j, entry_label(line.text), line.size) for i, block in enumerate(blocks)
              if block.kind in _ENTRY_KINDS for j, line in enumerate(block.lines)]
    best, longest, sizes = None, 2, []
    for k, (i, j, label, size) in enumerate(labels):
        if not label or label[0] != 1:
            continue
        run, found = 1, [size]
        for *_, later, later_size in labels[k + 1:]:
            if later and run < later[0] <= run + 3 and abs(later_size - size) < LABEL_SIZE_SPREAD * size:
                run = later[0]
                found.append(later_size)
        if run >= longest:  # of equal runs the later: the labels after it are counted for an earlier one too
            best, longest, sizes = (i, j), run, found
    if best is None:
        best = _garbled_list_start(blocks)
        if best is None:
            return
        sizes = [blocks[best[0]].lines[best[1]].size]
    i, j = best
    if j:
        block = blocks[i]
        blocks[i:i + 1] = [Block(block.kind, block.lines[:j], block.section),
                           Block(block.kind, block.lines[j:], block.section)]
        i += 1
    # notes printed at the foot of each page (old journals) lie among the body's paragraphs and schemes: a
    # block in type larger than the notes' that opens with no label and goes on no entry is the body's, one in
    # far smaller type a scheme's or a figure's labels
    notes_size = statistics.median(sizes)

    def next_label(text: str) -> int | None:  # a label within three of the last note's (a table's row "¹⁹³¹ (11)" is none)
        label = entry_label(text)
        return label[0] if label and last < label[0] <= last + 3 else None

    # the body goes on past the list's start (notes at the foot of each column): a note is a block opening with
    # its label or going on from the note above it in its column, not the column's next paragraph or table
    at_foot = sum(_larger_than_entries(b, notes_size) and len(b.text.split()) >= OPENING_WORDS
                  for b in blocks[i:]) >= FOOT_NOTE_PARAGRAPHS
    above: Block | None = None  # the note just before, if the block before was one
    last = 0  # the label of the last note
    for later in blocks[i:]:
        first = later.lines[0]
        if later.kind not in _LIST_KINDS or _dates_after_the_list(later):
            above = None
            continue
        goes_on = above is not None and (above.lines[-1].page, above.lines[-1].column) == (first.page, first.column)
        # larger type is the body's, unless it is a line in lower case going on from a note (sizes the scan guessed)
        body = _larger_than_entries(later, notes_size) and not (first.text[:1].islower() and (goes_on or not at_foot))
        note = (not body and first.size >= (1 - LABEL_SIZE_SPREAD) * notes_size
                and (not at_foot or goes_on or next_label(first.text) is not None))
        if note:
            later.kind = "references"
            later.section = "References"
            for line in later.lines:
                last = next_label(line.text) or last
        above = later if note else None


def _set_apart(block: Block, list_size: float | None, after_apart: bool) -> bool:
    """Whether a block after a reference list's heading is no part of the list: it opens with no entry's label, in
    type larger than the entries' labels (``list_size``, their median), and in a capital unless the block before
    was set apart too: the journal's licence box set beside the list's last column ("License and Terms" / "This
    is an Open Access article …" / "(http://www.beilstein-journals.org/bjoc)"), not the lower-case rest of an
    entry going on in the next column."""
    return (list_size is not None and _larger_than_entries(block, list_size)
            and (after_apart or block.lines[0].text[:1].isupper()))


def _larger_than_entries(block: Block, entry_size: float) -> bool:
    """Whether a block opens with no entry's label, in type larger than a reference list's (``entry_size``, the
    median size of its labelled lines) by half LABEL_SIZE_SPREAD: the body's text or a box beside the list."""
    first = block.lines[0]
    return first.size > (1 + LABEL_SIZE_SPREAD / 2) * entry_size and not entry_label(first.text)


# a line opening a reference entry with its authors, initials first, after a label the OCR may have garbled
# ("‘7) A. F. Nikolaev,", "1@ A. V. Ryabov,", "K. Plochocka,": the label lost)
_AUTHOR_OPENING = re.compile(rf"^(?:\S{{1,3}}\s+)?(?=(?:[{NAME_CAPITALS}][a-z]?\.\s?(?:-[{NAME_CAPITALS}]\.\s?)?)+"
                             rf"\s?[{NAME_CAPITALS}][\w'’\-]+,)")
GARBLED_LIST_ENTRIES = 5  # a run of so many author openings at least, at the end: a list whose labels are lost
GARBLED_LIST_GAP = 2  # lines (an entry's continuation) at most between two openings


def _garbled_list_start(blocks: list[Block]) -> tuple[int, int] | None:
    """(block, line) where a reference list whose labels are unreadable starts: the run of lines opening with
    an author, no more than GARBLED_LIST_GAP lines apart, that ends the document (lone marks aside). None
    when there is no such run of GARBLED_LIST_ENTRIES entries."""
    places = [(i, j, line) for i, block in enumerate(blocks) if block.kind in _ENTRY_KINDS
              for j, line in enumerate(block.lines)]
    while places and len(places[-1][2].text.strip()) <= 3:  # the marks of lost labels, set apart at the foot
        places.pop()
    start, openings, gap = None, 0, 0
    for i, j, line in reversed(places):
        if _AUTHOR_OPENING.match(line.text):
            start, openings, gap = (i, j), openings + 1, 0
        else:
            gap += 1
            if gap > GARBLED_LIST_GAP:
                break
    return start if openings >= GARBLED_LIST_ENTRIES else None


def _entries(lines: list[Line]) -> list[tuple[int, list[Line], int]]:
    """Reference lines → entries (number, lines, label length to skip on the first line).

    Numbered: a line opens an entry when its label is the next number (so a
    wrapped line starting "1066." does not). Unnumbered: when it is set flush
    left in its column (the others hang indented) and opens with a surname."""
    entries: list[tuple[int, list[Line], int]] = []
    last = 0
    for line in lines:
        label = entry_label(line.text) or _note_label(line, last, entries)
        # the next number; or one or two further on when labels were lost (an entry split off by a figure)
        if label and (label[0] == last + 1 or (last == 0 and label[0] <= 2)
                      or last + 1 < label[0] <= last + 3 and not re.match(r"^\d", line.text)):
            last = label[0]
            entries.append((label[0], [line], label[1]))
        elif entries:
            entries[-1][1].append(line)
    if entries and entries[0][1][0] is lines[0]:  # the list opens with a label: a numbered list
        return entries
    if lines and _AUTHOR_OPENING.match(lines[0].text) and not _SURNAME_START.match(lines[0].text):
        # labels garbled or lost (a scan's OCR): an entry opens at each line opening with an author, numbered
        # in order; the garbled label is left out
        entries = []
        for line in lines:
            opening = _AUTHOR_OPENING.match(line.text)
            if opening or not entries:
                entries.append((len(entries) + 1, [line], opening.end() if opening else 0))
            else:
                entries[-1][1].append(line)
        return entries
    entries = []
    left: dict[tuple[int, str], float] = {}
    for line in lines:
        key = (line.page, line.column)
        left[key] = min(left.get(key, line.x0), line.x0)
    for line in lines:
        flush = line.x0 < left[(line.page, line.column)] + 0.5 * line.size
        if flush and _SURNAME_START.match(line.text) or not entries:
            entries.append((len(entries) + 1, [line], 0))
        else:
            entries[-1][1].append(line)
    return entries


# --- writing --------------------------------------------------------------------------------

_HYPHEN_END = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})[-‐]$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")
_WORD_HYPHEN_END = re.compile(r"\w[-‐–—]$")
# an e-mail address wrapped after its "@" ("Email: w.j.moran@" / "hud.ac.uk") goes on with no space
_ADDRESS_AT_END = re.compile(r"\S@$")


def hyphen_pairs(vocabulary: Counter) -> frozenset[tuple[str, str]]:
    """(first part, first three letters of the second) of every hyphenated word the document writes."""
    return frozenset((w.split("-")[0], w.split("-")[1][:3]) for w in vocabulary if "-" in w)


def drop_hyphen(before: str, after: str, vocabulary: Counter, pairs: frozenset[tuple[str, str]]) -> bool:
    """Whether "hydro-" + "gen …" is one word broken at a line end (→ "hydrogen").

    The hyphen stays when the document writes the hyphenated form elsewhere
    ("self-assembled" keeps "self-" + "assembly": ``pairs``, see
    hyphen_pairs), or when the joined word is known neither to the document
    nor to the English lexicon while both halves are words ("ligand-" +
    "protected"); otherwise it goes ("Re-" + "cently", "Al-" + "pha",
    "In-" + "ternational")."""
    head, tail = _HYPHEN_END.search(before), _FIRST_WORD.match(after)
    if not head or not tail or not tail.group(1)[0].islower():
        return False
    first, second = head.group(1).lower(), tail.group(1).lower()
    if (first, second[:3]) in pairs:
        return False
    known = english_words()
    if first + second in vocabulary or first + second in known:
        return True
    return not (first in known and second in known)


@dataclass
class PdfReading:
    """A PDF read: its text (blocks separated by a blank line) and, by offsets into it, everything else."""

    source: str
    boxes: list[CharBox | None]  # one per character of source; None for an inserted space or line break
    page_starts: tuple[int, ...]  # offset where each page's text begins (page 1 first)
    blocks: list[tuple[str, str, int, int]]  # (kind, section, start, end) in reading order
    entries: list[tuple[int, int, int]]  # (number, start, end) of each reference entry, label excluded
    metadata: dict
    warnings: list[str]
    repairs: list[tuple[int, Repair]] = field(default_factory=list)
    pages: int = 0


def _wrapped(line: Line, skip: int = 0) -> list[Line]:
    """The line from offset ``skip`` on, cut at its line breaks (the wrapped lines of a table's cell: pdf.row_bands)
    into lines of their own, each with its boxes and repairs."""
    if not skip and "\n" not in line.text:
        return [line]  # nearly every line: no copy
    parts: list[Line] = []
    start = skip
    for end in [m.start() for m in re.finditer("\n", line.text) if m.start() >= skip] + [len(line.text)]:
        parts.append(replace(line, text=line.text[start:end], boxes=line.boxes[start:end],
                             repairs=[(o - start, r) for o, r in line.repairs if start <= o < end]))
        start = end + 1
    return parts


class _Writer:
    def __init__(self, vocabulary: Counter):
        self.parts: list[str] = []
        self.boxes: list[CharBox | None] = []
        self.repairs: list[tuple[int, Repair]] = []
        self.length = 0
        self.vocabulary = vocabulary
        self.pairs = hyphen_pairs(vocabulary)

    def gap(self, text: str) -> None:
        self.parts.append(text)
        self.boxes.extend([None] * len(text))
        self.length += len(text)

    def line(self, line: Line) -> None:
        self.repairs.extend((self.length + o, r) for o, r in line.repairs)
        self.parts.append(line.text)
        self.boxes.extend(line.boxes)
        self.length += len(line.text)

    def lines(self, lines: list[Line], skip: int = 0) -> tuple[int, int]:
        start = self.length
        lines = [part for i, line in enumerate(lines) for part in _wrapped(line, skip if i == 0 else 0)]
        for i, line in enumerate(lines):
            if i:
                before = lines[i - 1].text
                if drop_hyphen(before, line.text, self.vocabulary, self.pairs):
                    self.parts[-1] = self.parts[-1][:-1]
                    self.boxes.pop()
                    self.length -= 1
                    self.repairs.append((self.length, Repair(line.page, "hyphen", "-", "")))
                elif not (_WORD_HYPHEN_END.search(before) or _ADDRESS_AT_END.search(before)):
                    self.gap(" ")
            self.line(line)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


def read_pdf(path: Path) -> PdfReading:
    """Read a PDF into its structure (see the module's docstring). Raises pdf.PdfError when it has no text."""
    pages = read_pages(path)
    lines = pages.lines
    guess_unmapped(lines)
    vocabulary = _vocabulary(lines)
    resolve_private_glyphs(lines, vocabulary)
    layout = _Layout.measure(lines)
    blocks = _classify(_split_blocks(_spaced_prose(lines, layout), layout, pages.ocr_pages), layout,
                       [h for _, h in pages.page_sizes])
    metadata = _first_page(blocks, layout, pages)
    _reference_blocks(blocks)
    blocks = _join_continuations(_split_metadata(blocks), pages.ocr_pages)
    _sections(blocks)
    writer = _Writer(vocabulary)
    written: list[tuple[str, str, int, int]] = []
    entries: list[tuple[int, int, int]] = []
    reference_lines = [l for b in blocks if b.kind == "references" for l in b.lines]
    for block in blocks:
        if block.kind == "references":
            continue
        if writer.length:
            writer.gap("\n\n")
        start, end = writer.lines(block.lines)
        written.append((block.kind, block.section, start, end))
    for number, entry_lines, skip in _entries(reference_lines):
        writer.gap("\n\n" if not entries else "\n")
        start, end = writer.lines(entry_lines, skip)
        entries.append((number, start, end))
    source = writer.text()
    page_starts = _page_starts(writer.boxes, pages.pages)
    warnings = list(pages.warnings)
    left = Counter(box.page for char, box in zip(source, writer.boxes) if char == UNMAPPED and box)
    warnings += [f"{path.name}: page {p}: {n} character(s) the font gives no Unicode for (shown as {UNMAPPED})"
                 for p, n in sorted(left.items())]
    private = Counter(box.page for char, box in zip(source, writer.boxes) if _PRIVATE.match(char) and box)
    warnings += [f"{path.name}: page {p}: {n} private-use glyph(s) that could not be read as letters"
                 for p, n in sorted(private.items())]
    return PdfReading(source, writer.boxes, page_starts, written, entries, metadata, warnings, writer.repairs,
                      pages.pages)


def _page_starts(boxes: list[CharBox | None], pages: int) -> tuple[int, ...]:
    """Offset where each page begins: the first character boxed on it (or where the previous page ended)."""
    starts: list[int] = []
    for offset, box in enumerate(boxes):
        if box is not None:
            while len(starts) < box.page:
                starts.append(offset)
    while len(starts) < pages:
        starts.append(len(boxes))
    return tuple(starts)
