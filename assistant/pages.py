"""The source behind an answer: the PDF page a passage is printed on, and the references it cites, to take away.

Pages (the chat's "show page"):

    png = render_page("paper.pdf", 3, answer_boxes, passage_boxes, dpi=150)

renders page 3 with PDFium (pypdfium2) into an RGB bitmap, multiplies the highlight colour into the pixels of
every highlight box (white paper turns the colour of the chat's <mark>, the print stays black), draws a frame
round each block of outline boxes (numpy), and returns PNG bytes (`encode_png`). Boxes are `assistant.types.Box` records (or
their JSON dicts): 1-based page, then x0, top, x1, bottom in PDF points from the page's top-left corner, as the
answer's `boxes` carry them; boxes on other pages are ignored. Nothing is fetched: the file is read locally.

A point becomes a pixel by the bitmap's own scale, which is dpi/72 up to PDFium's rounding of the bitmap size
to whole pixels (``ceil(width_pt * dpi / 72)``, so at most one pixel across the page): x_px = (x - l) * sx and
y_px = (top + b) * sy, where sx = bitmap width / page width in points (sy likewise) and (l, b) is the lower-left
corner of the page's visible box in PDF user space (0, 0 in every dev paper): the reader (assistant/pdf.py)
keeps x in user space and measures top down from the visible height. A box covers the pixel columns
floor(x0_px) .. ceil(x1_px) - 1 and the rows floor(top_px) .. ceil(bottom_px) - 1 (`pixel_rect`).

The plain rendering of a page is cached in memory, keyed by (file path, size, modification time, page, dpi),
up to `PLAIN_CACHE_BYTES`; the finished PNGs of the latest requests are kept too, and page counts and sizes
(read without loading the pages). PDFium is not thread-safe:
every call into it here holds one lock. A page that cannot be shown (file missing or unreadable, page out of
range) raises `PageError`, whose message says which and why; nothing else is raised for a bad request.

`SourcePages` does the same by document id and source spans for an index (the chat's routes use it), and
`takeaways` says which documents an answer quotes and which of their entries it cites, with the document's
own citation (`assistant.export` writes the BibTeX and RIS).
"""
from __future__ import annotations

import math
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .types import Box, Document, Reference, Span

DPI = 150
MAX_DPI = 300
HIGHLIGHT = (253, 230, 138)  # #fde68a, the chat's <mark>: multiplied in, so black print stays black
OUTLINE = (37, 99, 235)  # a blue frame round the passage
PLAIN_CACHE_BYTES = 64 << 20  # plain renderings kept (a 150 dpi A4 page is 1240 x 1754 x 3 bytes, 6.5 MB)
PNG_CACHE_ENTRIES = 32  # finished PNGs kept (about 0.5 MB each at 150 dpi)
PNG_COMPRESSION = 1  # zlib level: 1 writes a 150 dpi page in 25–45 ms; 6 takes twice as long for ~5 % less
MAX_SPANS = 400  # spans a page request may name (a passage of 5 sentences broken by furniture has a handful)

_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one call into it at a time in this process
_CACHE = threading.Lock()


class PageError(ValueError):
    """A page that cannot be shown: the message says which page of which file, and why."""


@dataclass(frozen=True)
class PageGeometry:
    """A page's visible box in PDF points: its size, and its lower-left corner in PDF user space."""

    width: float
    height: float
    left: float = 0.0
    bottom: float = 0.0


@dataclass(frozen=True)
class _Plain:
    pixels: np.ndarray  # uint8 (height_px, width_px, 3), RGB
    geometry: PageGeometry


_plain_cache: OrderedDict[tuple, _Plain] = OrderedDict()
_png_cache: OrderedDict[tuple, bytes] = OrderedDict()
_info_cache: OrderedDict[tuple, tuple[PageGeometry, ...]] = OrderedDict()


def _file_key(path: Path) -> tuple[str, int, int]:
    """(resolved path, size, modification time in ns): a changed file is a new key. PageError if missing."""
    try:
        resolved = path.resolve()
        stat = resolved.stat()
    except OSError:
        raise PageError(f"{path.name}: the file is missing") from None
    if not resolved.is_file():
        raise PageError(f"{path.name}: not a file")
    return str(resolved), stat.st_size, stat.st_mtime_ns


def _open(path: Path):
    """A pypdfium2 PdfDocument (call with _PDFIUM held). PageError when PDFium cannot read the file."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 - PdfiumError, OSError: the file is what cannot be shown
        raise PageError(f"{path.name}: PDFium cannot read it ({exc})") from None


def _cached_info(key: tuple):
    with _CACHE:
        if key in _info_cache:
            _info_cache.move_to_end(key)
            return _info_cache[key]
    return None


def _keep_info(key: tuple, value):
    with _CACHE:
        _info_cache[key] = value
        while len(_info_cache) > 256:
            _info_cache.popitem(last=False)
    return value


def page_sizes(pdf_path: str | Path) -> tuple[tuple[float, float], ...]:
    """Every page's (width, height) in PDF points, page 1 first, as it is shown (the crop box, rotated):
    read without loading the pages (PDFium's FPDF_GetPageSizeByIndexF); cached by file. PageError when the
    file is missing or unreadable."""
    path = Path(pdf_path)
    key = ("sizes", _file_key(path))
    sizes = _cached_info(key)
    if sizes is None:
        with _PDFIUM:
            document = _open(path)
            try:
                sizes = tuple((float(w), float(h)) for w, h in (document.get_page_size(i) for i in range(len(document))))
            finally:
                document.close()
        _keep_info(key, sizes)
    return sizes


def page_count(pdf_path: str | Path) -> int:
    """How many pages the PDF has. PageError when it is missing or unreadable."""
    return len(page_sizes(pdf_path))


def page_geometry(pdf_path: str | Path, page: int) -> PageGeometry:
    """Page `page`'s visible box: its size in points and its lower-left corner in PDF user space (which needs
    the page loaded, ~10 ms; cached). PageError when the page is out of range or the file unreadable."""
    path = Path(pdf_path)
    _check_page(path, page, page_count(path))
    key = ("geometry", _file_key(path), page)
    geometry = _cached_info(key)
    if geometry is None:
        with _PDFIUM:
            document = _open(path)
            try:
                handle = document[page - 1]
                geometry = _geometry(handle)
                handle.close()
            finally:
                document.close()
        _keep_info(key, geometry)
    return geometry


def _geometry(handle) -> PageGeometry:
    left, bottom, _, _ = handle.get_bbox()  # the media box cut by the crop box: what is drawn
    width, height = handle.get_size()
    return PageGeometry(float(width), float(height), float(left), float(bottom))


def pixel_size(size: PageGeometry | tuple[float, float], dpi: float = DPI) -> tuple[int, int]:
    """(width, height) in pixels of a page of `size` (a geometry, or (width, height) in points) rendered at
    `dpi`: PDFium's ceil(points * dpi / 72)."""
    width, height = (size.width, size.height) if isinstance(size, PageGeometry) else size
    return math.ceil(width * dpi / 72), math.ceil(height * dpi / 72)


def _check_page(path: Path, page: int, count: int) -> None:
    if isinstance(page, bool) or not isinstance(page, int):
        raise PageError(f"{path.name}: the page must be a whole number, not {page!r}")
    if not 1 <= page <= count:
        raise PageError(f"{path.name}: page {page} is out of range (the PDF has {count} page{'s' * (count != 1)})")


def _check_dpi(dpi: float) -> float:
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not 18 <= dpi <= MAX_DPI:
        raise PageError(f"the resolution must be from 18 to {MAX_DPI} dpi, not {dpi!r}")
    return float(dpi)


def render_plain(pdf_path: str | Path, page: int, dpi: float = DPI) -> tuple[np.ndarray, PageGeometry]:
    """Page `page` (1-based) of the PDF as it prints, at `dpi`: (uint8 RGB array (height_px, width_px, 3), its
    geometry in points). Cached (module docstring); the array is shared, so copy it before drawing on it."""
    path = Path(pdf_path)
    dpi = _check_dpi(dpi)
    _check_page(path, page, page_count(path))
    key = (_file_key(path), page, dpi)
    with _CACHE:
        if key in _plain_cache:
            _plain_cache.move_to_end(key)
            cached = _plain_cache[key]
            return cached.pixels, cached.geometry
    with _PDFIUM:
        document = _open(path)
        try:
            handle = document[page - 1]
            try:
                geometry = _geometry(handle)
                bitmap = handle.render(scale=dpi / 72, rev_byteorder=True)  # RGB, not PDFium's BGR
                pixels = np.array(bitmap.to_numpy()[:, :, :3], dtype=np.uint8, copy=True)
                bitmap.close()
            except Exception as exc:  # noqa: BLE001 - whatever PDFium says, this page is what is lost
                raise PageError(f"{path.name}: page {page} cannot be rendered ({exc})") from None
            finally:
                handle.close()
        finally:
            document.close()
    pixels.setflags(write=False)
    plain = _Plain(pixels, geometry)
    with _CACHE:
        _plain_cache[key] = plain
        while sum(p.pixels.nbytes for p in _plain_cache.values()) > PLAIN_CACHE_BYTES and len(_plain_cache) > 1:
            _plain_cache.popitem(last=False)
    return plain.pixels, plain.geometry


def _as_box(box: Box | Mapping[str, Any]) -> Box:
    if isinstance(box, Box):
        return box
    return Box(int(box["page"]), float(box["x0"]), float(box["top"]), float(box["x1"]), float(box["bottom"]))


def pixel_rect(box: Box | Mapping[str, Any], geometry: PageGeometry, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A box (points from the page's top-left) → (x0, y0, x1, y1) pixels of a bitmap of `size` (width, height)
    of that page: x1 and y1 exclusive, rounded outwards so the box's print is inside, clipped to the bitmap."""
    box = _as_box(box)
    width, height = size
    sx, sy = width / geometry.width, height / geometry.height
    x0 = math.floor((box.x0 - geometry.left) * sx + 1e-6)
    x1 = math.ceil((box.x1 - geometry.left) * sx - 1e-6)
    y0 = math.floor((box.top + geometry.bottom) * sy + 1e-6)
    y1 = math.ceil((box.bottom + geometry.bottom) * sy - 1e-6)
    return max(0, x0), max(0, y0), min(width, x1), min(height, y1)


def _on_page(boxes: Iterable[Box | Mapping[str, Any]], page: int) -> list[Box]:
    return [b for b in map(_as_box, boxes or ()) if b.page == page]


def outline_blocks(rects: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Line rectangles in reading order → the rectangles of the blocks they form: a line joins the block above
    it when it overlaps it horizontally and starts less than a line's height below it (a paragraph in one
    column is one block; a passage going on in the next column or page starts another)."""
    blocks: list[list[int]] = []
    for x0, y0, x1, y1 in rects:
        if x1 <= x0 or y1 <= y0:
            continue
        if blocks:
            b = blocks[-1]
            line = y1 - y0
            if x0 < b[2] and x1 > b[0] and b[1] - line <= y0 <= b[3] + line:
                b[0], b[1], b[2], b[3] = min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1)
                continue
        blocks.append([x0, y0, x1, y1])
    return [tuple(b) for b in blocks]


def _frame(pixels: np.ndarray, rect: tuple[int, int, int, int], pad: int, width: int) -> None:
    """Draw a frame `width` pixels wide, `pad` pixels outside `rect`, in OUTLINE (clipped to the bitmap)."""
    height_px, width_px = pixels.shape[:2]
    x0, y0, x1, y1 = rect[0] - pad - width, rect[1] - pad - width, rect[2] + pad + width, rect[3] + pad + width
    cx0, cy0, cx1, cy1 = max(0, x0), max(0, y0), min(width_px, x1), min(height_px, y1)
    if cx0 >= cx1 or cy0 >= cy1:
        return
    colour = np.array(OUTLINE, dtype=np.uint8)
    for top, bottom in ((y0, y0 + width), (y1 - width, y1)):  # horizontal bars
        pixels[max(0, top):max(0, min(height_px, bottom)), cx0:cx1] = colour
    for left, right in ((x0, x0 + width), (x1 - width, x1)):  # vertical bars
        pixels[cy0:cy1, max(0, left):max(0, min(width_px, right))] = colour


def draw_boxes(plain: np.ndarray, geometry: PageGeometry, page: int, highlight: Iterable = (), outline: Iterable = (),
               dpi: float = DPI) -> np.ndarray:
    """A copy of a page's pixels with the highlight boxes of `page` multiplied by HIGHLIGHT and a frame round each
    block of its outline boxes (`outline_blocks`), drawn `2 * dpi / 72` pixels outside it, `dpi / 72` wide."""
    pixels = plain.copy()
    height_px, width_px = pixels.shape[:2]
    size = (width_px, height_px)
    mask = np.zeros((height_px, width_px), dtype=bool)
    for box in _on_page(highlight, page):
        x0, y0, x1, y1 = pixel_rect(box, geometry, size)
        mask[y0:y1, x0:x1] = True
    if mask.any():
        tint = np.array(HIGHLIGHT, dtype=np.uint16)
        pixels[mask] = (pixels[mask].astype(np.uint16) * tint // 255).astype(np.uint8)
    scale = dpi / 72
    for block in outline_blocks([pixel_rect(b, geometry, size) for b in _on_page(outline, page)]):
        _frame(pixels, block, pad=max(1, round(2 * scale)), width=max(1, round(scale)))
    return pixels


def encode_png(pixels: np.ndarray) -> bytes:
    """RGB pixels (uint8, (height, width, 3)) → PNG bytes: 8-bit RGB, every row unfiltered, one zlib stream at
    level PNG_COMPRESSION. Written here rather than by Pillow, whose adaptive row filters take twice as long
    (~90 ms for a 150 dpi page against ~45 ms) for a file no smaller on printed pages (bench/render.py)."""
    height, width, channels = pixels.shape
    if channels != 3 or pixels.dtype != np.uint8:
        raise ValueError(f"expected uint8 RGB pixels, not {pixels.dtype} with {channels} channels")
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type None
    rows[:, 1:] = pixels.reshape(height, 3 * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB, deflate, no filter set, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESSION)) + chunk(b"IEND", b""))


def render_page(pdf_path: str | Path, page: int, boxes_highlight: Iterable = (), boxes_outline: Iterable = (),
                dpi: float = DPI) -> bytes:
    """Page `page` (1-based) of a PDF as PNG bytes at `dpi`, the highlight boxes tinted and the outline boxes
    framed (module docstring: units, rounding, caching). Boxes: `Box` records or their JSON dicts, in PDF points
    from the page's top-left; those of other pages are ignored. PageError when the file is missing or
    unreadable, the page is out of range or the dpi is outside 18–300."""
    path = Path(pdf_path)
    highlight, outline = _on_page(boxes_highlight, page), _on_page(boxes_outline, page)
    dpi = _check_dpi(dpi)
    key = (_file_key(path), page, dpi, tuple(highlight), tuple(outline))
    with _CACHE:
        if key in _png_cache:
            _png_cache.move_to_end(key)
            return _png_cache[key]
    plain, geometry = render_plain(path, page, dpi)
    png = encode_png(draw_boxes(plain, geometry, page, highlight, outline, dpi))
    with _CACHE:
        _png_cache[key] = png
        while len(_png_cache) > PNG_CACHE_ENTRIES:
            _png_cache.popitem(last=False)
    return png


def clear_cache() -> None:
    """Forget every cached rendering and page count."""
    with _CACHE:
        _plain_cache.clear()
        _png_cache.clear()
        _info_cache.clear()


# --- by document id, for an index ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PageRef:
    """The page to show for a passage: where it is, how big it renders, and what is drawn on it.

    ``highlight`` and ``outline`` are source spans of the document (the answer's, the passage's): the renderer
    turns them into boxes with the index, so a request names text, not rectangles."""

    doc_id: str
    page: int  # 1-based
    count: int  # pages in the PDF
    width: int  # pixels at the dpi it was asked for
    height: int
    highlight: tuple[Span, ...]
    outline: tuple[Span, ...]
    kind: str = "body"  # the passage's kind: "caption" and "table" show the page of a figure or table


class SourcePages:
    """The pages of an index's PDF documents, by document id and source spans (for the chat's "show page").

    ``SourcePages(bot.index, bot.config.corpus_dir)``; the PDF of a document is the corpus file it was indexed
    from (its name in `corpus_dir`)."""

    def __init__(self, index, corpus_dir: str | Path, dpi: float = DPI):
        self.index = index
        self.corpus_dir = Path(corpus_dir)
        self.dpi = _check_dpi(dpi)

    def pdf(self, doc_id: str) -> Path:
        """The PDF of a document; PageError when the id is unknown or the document is not a PDF."""
        stored = self.index.documents.get(doc_id)
        if stored is None:
            raise PageError(f"no indexed document {doc_id!r}")
        name = Path(stored.path).name
        if Path(name).suffix.lower() != ".pdf" or stored.boxes is None:
            raise PageError(f"{name} is not a PDF: it has no pages to show")
        return self.corpus_dir / name

    def is_pdf(self, doc_id: str) -> bool:
        stored = self.index.documents.get(doc_id)
        return stored is not None and stored.boxes is not None and Path(stored.path).suffix.lower() == ".pdf"

    def spans(self, doc_id: str, spans: Iterable[Iterable[int]]) -> tuple[Span, ...]:
        """Checked source spans of a document: ValueError (a bad request, not a page that cannot be shown)
        unless each is (start, end) with 0 <= start < end <= the length of its source, and there are at most
        MAX_SPANS; PageError for an unknown document."""
        if doc_id not in self.index.documents:
            raise PageError(f"no indexed document {doc_id!r}")
        source_length = len(self.index.documents[doc_id].source)
        checked = []
        for number, span in enumerate(spans):
            if number >= MAX_SPANS:
                raise ValueError(f"at most {MAX_SPANS} spans may be drawn on a page")
            start, end = (int(v) for v in span)
            if not 0 <= start < end <= source_length:
                raise ValueError(f"the span {start}-{end} is not in {doc_id} (its text is {source_length} characters)")
            checked.append((start, end))
        return tuple(checked)

    def boxes(self, doc_id: str, spans: Iterable[Iterable[int]]) -> tuple[Box, ...]:
        """Where spans of a document are printed, one box per line (the index's boxes, as answers carry them)."""
        spans = self.spans(doc_id, spans)
        return self.index.boxes_of(doc_id, spans) if spans else ()

    def render(self, doc_id: str, page: int, highlight: Iterable[Iterable[int]] = (),
               outline: Iterable[Iterable[int]] = ()) -> bytes:
        """`render_page` of a document's page with the boxes of the `highlight` and `outline` source spans."""
        return render_page(self.pdf(doc_id), page, self.boxes(doc_id, highlight), self.boxes(doc_id, outline),
                           self.dpi)

    def size(self, doc_id: str, page: int) -> tuple[int, tuple[int, int]]:
        """(page count, (width, height) in pixels of the page rendered); PageError when the page is out of
        range. Cheap: the pages are not loaded."""
        path = self.pdf(doc_id)
        sizes = page_sizes(path)
        _check_page(path, page, len(sizes))
        return len(sizes), pixel_size(sizes[page - 1], self.dpi)

    def geometry(self, doc_id: str, page: int) -> PageGeometry:
        """The page's geometry in points (`page_geometry`); PageError when the page is out of range."""
        return page_geometry(self.pdf(doc_id), page)

    def page_ref(self, passage, answer) -> PageRef | None:
        """The page to show for a passage of `answer`: the first page where the answer's text stands in it,
        else where the passage starts; None for a passage that is not in a PDF, or whose PDF cannot be read."""
        if not passage.boxes or not self.is_pdf(passage.doc_id):
            return None
        outline = tuple(passage.spans)
        highlight = tuple((s.start, s.end) for s in answer.answer_spans if _doc_of(s, answer) == passage.doc_id)
        inside = [b.page for s in answer.answer_spans if _doc_of(s, answer) == passage.doc_id
                  and any(s.start < end and start < s.end for start, end in outline) for b in s.boxes]
        page = inside[0] if inside else passage.boxes[0].page
        try:
            count, (width, height) = self.size(passage.doc_id, page)
        except PageError:
            return None
        return PageRef(passage.doc_id, page, count, width, height, highlight, outline, passage.kind)


def _doc_of(span, answer) -> str:
    """The document of an answer span (its own doc_id, else its passage's)."""
    if getattr(span, "doc_id", ""):
        return span.doc_id
    return next((p.doc_id for p in answer.passages if p.rank == span.passage), "")


# --- what an answer quotes, to take away ---------------------------------------------------------------------


@dataclass(frozen=True)
class Takeaway:
    """A document an answer quotes: its citation (`export.citation_of`) and the numbers of its reference
    entries the quoted passages cite (ascending; what the chat offers as BibTeX and RIS)."""

    doc_id: str
    title: str
    citation: str
    numbers: tuple[int, ...]


def _stored_reference(fields: dict) -> Reference:
    """A reference entry (or a sub-item of one) from the fields the index stores of it: its sub-items come back
    as records too, with their spans, as the file gave them."""
    known = {k: v for k, v in fields.items() if k in Reference.__dataclass_fields__}
    known["spans"] = tuple(tuple(span) for span in known.get("spans", ()))
    known["parts"] = tuple(_stored_reference(part) for part in known.get("parts", ()))
    return Reference(**known)


def stored_document(stored) -> Document:
    """An index's stored document as the `Document` the exporters take (metadata and parsed reference entries,
    sub-items included; no paragraphs): the same records `assistant refs` makes from the file, as long as the
    index is current."""
    references = tuple(_stored_reference({**stored.reference_fields.get(number, {}), "number": number, "text": text})
                       for number, text in sorted(stored.references.items()))
    return Document(doc_id=stored.doc_id, path=stored.path, source=stored.source, title=stored.title,
                    metadata=stored.metadata, metadata_lines=(), paragraphs=(), references=references)


def cited_entries(answer) -> dict[str, tuple[int, ...]]:
    """Per document the answer quotes (in order of first citation), the numbers of the reference entries that
    the passages it quotes cite (as the chat lists them under each passage), and the entry a quoted
    bibliography passage is."""
    by_rank = {p.rank: p for p in answer.passages}
    numbers: dict[str, set[int]] = {}
    for span in answer.answer_spans:
        passage = by_rank.get(span.passage)
        if passage is None:
            continue
        found = numbers.setdefault(passage.doc_id, set())
        found.update(r.number for r in passage.references)
        if passage.kind == "reference":
            found.add(passage.paragraph)
    return {doc_id: tuple(sorted(found)) for doc_id, found in numbers.items()}


def takeaways(index, answer) -> list[Takeaway]:
    """The documents an answer quotes, each with its citation and its entries the quoted passages cite;
    [] for an abstention."""
    from .export import citation_of

    if answer.abstained:
        return []
    result = []
    for doc_id, numbers in cited_entries(answer).items():
        stored = index.documents.get(doc_id)
        if stored is None:
            continue
        numbers = tuple(n for n in numbers if n in stored.references)
        result.append(Takeaway(doc_id, stored.title, citation_of(stored_document(stored)), numbers))
    return result


def entries_export(index, doc_id: str, numbers: Iterable[int], fmt: str) -> str:
    """The numbered entries of an indexed document as "bibtex" or "ris" text (`export.to_bibtex`/`to_ris`, what
    `assistant refs DOC --numbers …` prints). LookupError for an unknown document, ValueError for numbers it
    has no entry for or another format."""
    from .export import to_bibtex, to_ris

    stored = index.documents.get(doc_id)
    if stored is None:
        raise LookupError(f"no indexed document {doc_id!r}")
    writer = {"bibtex": to_bibtex, "ris": to_ris}.get(fmt)
    if writer is None:
        raise ValueError(f"the format must be bibtex or ris, not {fmt!r}")
    return writer(stored_document(stored), list(numbers))
