"""Which text of a PDF page a clipping path hides: text drawn inside the page that nobody sees.

Publishers embed a figure as a Form XObject cut from another PDF page (MDPI does), which carries
that page's text too; what falls outside the figure's clip is invisible but still in the text layer,
so captions and table rows would be read twice. Found on the dev papers by a helper's measurement
(six MDPI pages; nothing inside the page area of the other eleven papers).

How PDFium keeps clips (pdfium's CPDF_ContentParser and CPDF_ClipPath):

- every page object holds the clip in force when it was painted (FPDFPageObj_GetClipPath), in the
  user space of the content stream holding it: page space for objects on the page; for objects inside
  a form, the form's space after its /Matrix, before the transform of the ``Do`` that painted it (a form
  is parsed with a fresh transform, and its /BBox is added to the clip of everything inside);
- the form object itself holds the clip in force at its ``Do``, in its parent's space, and
  FPDFPageObj_GetMatrix maps its space to the parent's;
- a clip that is one rectangle holding the whole object is dropped (CountPaths is -1): no clip, visible.

So the objects are walked with their forms' matrices composed, each text object's clips (its own and
every enclosing form's) mapped to page space, and a character is visible when the middle of its loose
box lies inside all of them (the paths of one clip intersect; a path's subpaths fill by the nonzero
rule, as PDFium does not say whether a clip was W or W*: an even-odd hole counts as visible, so the
error keeps a duplicate rather than losing text). Not seen: clipping by text (render mode 7), soft masks
and optional-content layers (PDFium exposes none), and boxes painted over text.
"""
from __future__ import annotations

import ctypes

import pypdfium2.raw as raw

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
TOLERANCE = 0.5  # pt: a point this close outside an axis-aligned clip rectangle still counts as inside
_FLATTEN = 8  # line pieces per Bezier curve


def _mul(m, n):
    """m then n (PDF row-vector convention: p' = p * m * n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m, x, y):
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _matrix(obj):
    fs = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, fs):
        return IDENTITY
    return (fs.a, fs.b, fs.c, fs.d, fs.e, fs.f)


class _Region:
    """One path of a clip path, in page space: a list of closed polygons (nonzero winding)."""

    __slots__ = ("polys", "rect")

    def __init__(self, polys):
        self.polys = polys
        self.rect = None  # (x0, y0, x1, y1) when the region is a single axis-aligned rectangle
        if len(polys) == 1:
            pts = polys[0]
            if pts and pts[0] == pts[-1]:
                pts = pts[:-1]
            if len(pts) == 4:
                xs = sorted({round(p[0], 3) for p in pts})
                ys = sorted({round(p[1], 3) for p in pts})
                if len(xs) == 2 and len(ys) == 2 and all(
                        pts[i][0] == pts[(i + 1) % 4][0] or pts[i][1] == pts[(i + 1) % 4][1] for i in range(4)):
                    self.rect = (xs[0], ys[0], xs[1], ys[1])

    def contains(self, x, y):
        if self.rect is not None:
            x0, y0, x1, y1 = self.rect
            return x0 - TOLERANCE <= x <= x1 + TOLERANCE and y0 - TOLERANCE <= y <= y1 + TOLERANCE
        winding = 0
        for poly in self.polys:
            n = len(poly)
            for i in range(n):
                (ax, ay), (bx, by) = poly[i], poly[(i + 1) % n]
                if ay <= y:
                    if by > y and (bx - ax) * (y - ay) - (x - ax) * (by - ay) > 0:
                        winding += 1
                elif by <= y and (bx - ax) * (y - ay) - (x - ax) * (by - ay) < 0:
                    winding -= 1
        return winding != 0


def _clip_regions(obj, to_page):
    """The clip path of a page object as _Regions in page space (to_page maps the space of the
    content stream holding the object to the page).  [] when the object has no clip."""
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return []
    count = raw.FPDFClipPath_CountPaths(clip)  # -1: no clip path at all
    regions = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(max(count, 0)):
        polys, current, pending = [], [], []
        for s in range(max(raw.FPDFClipPath_CountPathSegments(clip, p), 0)):
            seg = raw.FPDFClipPath_GetPathSegment(clip, p, s)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            pt = _apply(to_page, x.value, y.value)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                if len(current) > 2:
                    polys.append(current)
                current, pending = [pt], []
            elif kind == raw.FPDF_SEGMENT_BEZIERTO:
                pending.append(pt)  # PDFium stores a curve as three BEZIERTO points: c1, c2, end
                if len(pending) == 3 and current:
                    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = current[-1], *pending
                    for k in range(1, _FLATTEN + 1):
                        t = k / _FLATTEN
                        u = 1 - t
                        current.append((u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
                                        u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3))
                    pending = []
            else:  # LINETO (closing is implicit: a clip region is filled)
                current.append(pt)
        if len(current) > 2:
            polys.append(current)
        # a path with no area (PDFium's "0 0 0 0 re" for an empty clip) keeps nothing visible
        regions.append(_Region(polys))
    return regions


def _text_object_clips(page):
    """{address of text object: [regions in page space]} for every text object of the page,
    at any depth of Form XObjects."""
    out = {}

    def walk(obj, to_page, inherited):
        kind = raw.FPDFPageObj_GetType(obj)  # only text and form objects matter: skip paths, images
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            out[ctypes.cast(obj, ctypes.c_void_p).value] = inherited + _clip_regions(obj, to_page)
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            regions = inherited + _clip_regions(obj, to_page)
            inner = _mul(_matrix(obj), to_page)
            for k in range(raw.FPDFFormObj_CountObjects(obj)):
                walk(raw.FPDFFormObj_GetObject(obj, k), inner, regions)

    for k in range(raw.FPDFPage_CountObjects(page)):
        walk(raw.FPDFPage_GetObject(page, k), IDENTITY, [])
    return out


class ClipTest:
    """The clips of one page's text objects. `hidden(obj, x, y)`: whether page point (x, y), in PDF points
    of the page's user space (as FPDFText_GetLooseCharBox gives them), of a character of text object `obj`
    (its address: ctypes.cast(FPDFText_GetTextObject(…), c_void_p).value) is clipped away. The page
    (raw FPDF_PAGE) must stay open while it is used: the addresses are its objects'."""

    def __init__(self, page):
        self.clips = _text_object_clips(page)
        self.any = any(self.clips.values())

    def hidden(self, obj, x, y) -> bool:
        regions = self.clips.get(obj) if obj else None
        return bool(regions) and not all(r.contains(x, y) for r in regions)
