"""The page behind an answer: assistant/pages.py on synthetic PDFs, then the chat's "show page", its page
view and the answer's downloads in Debian's Chromium against a real server over a PDF corpus.

The corpus is a synthetic two-page paper (always) and, when the dev papers are here (../shared/papers), the
ACS Nano PbS paper. The browser tests check the pixels the browser received: those the highlight changed
must lie on the rectangles of the answer's text that /ask reports (its JSON boxes, scaled to 150 dpi), the
passage must be framed, and no request may leave 127.0.0.1.
"""
from __future__ import annotations

import io
import json
import math
import os
import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from fpdf import FPDF
from PIL import Image

from assistant import pages
from assistant.pages import HIGHLIGHT, OUTLINE, PageError, PageGeometry, pixel_rect, render_page, render_plain
from assistant.types import Box
from tests.conftest import REPO, indexed_config

# the dev papers (not in the repository, nor on CI): beside the checkout, or where ASSISTANT_DEV_PAPERS says
PAPERS = Path(os.environ.get("ASSISTANT_DEV_PAPERS") or REPO.parent / "shared" / "papers")
DEV_PAPER = PAPERS / "scirep-2017-halogenase-qmmm.pdf"  # CC BY 4.0: its page may be shown in the README
# A test run must not change the checkout: UPDATE_SCREENSHOT=1 writes the README's picture, else a temporary file
README_SCREENSHOT = REPO / "docs" / "page-view.png"
WHITE = (255, 255, 255)

# A page 400 x 300 pt: a black bar at x 100..200 pt, 50..80 pt from the top, and a line of text below it.
BAR = (100, 50, 200, 80)
WORDS = "Palladium clusters catalyse the Suzuki coupling."


def make_pdf(path, crop=None, pages_=2):
    pdf = FPDF(unit="pt", format=(400, 300))
    pdf.set_auto_page_break(False)
    for number in range(1, pages_ + 1):
        pdf.add_page()
        if number == 1:
            pdf.set_fill_color(0, 0, 0)
            pdf.rect(BAR[0], BAR[1], BAR[2] - BAR[0], BAR[3] - BAR[1], style="F")
            pdf.set_font("Helvetica", size=14)
            pdf.set_xy(60, 150)
            pdf.cell(0, 20, WORDS)
        else:
            pdf.set_font("Helvetica", size=12)
            pdf.set_xy(60, 60)
            pdf.cell(0, 20, f"Page {number} of the paper.")
    pdf.output(str(path))
    if crop:  # the same page seen through a crop box whose corner is not at the origin
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(str(path)))
        for page in writer.pages:
            page.cropbox.lower_left, page.cropbox.upper_right = crop[:2], crop[2:]
        writer.write(str(path))
    return path


def image(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def ink(pixels: np.ndarray, threshold: int = 128) -> tuple[int, int, int, int]:
    """The (x0, y0, x1, y1) pixel bounds (ends exclusive) of the dark pixels."""
    ys, xs = np.nonzero(pixels.max(axis=2) < threshold)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


@pytest.fixture(autouse=True)
def fresh_cache():
    pages.clear_cache()
    yield
    pages.clear_cache()


@pytest.fixture
def pdf(tmp_path):
    return make_pdf(tmp_path / "paper.pdf")


# --- render_page on synthetic PDFs ---------------------------------------------------------------------------

@pytest.mark.parametrize("crop", [None, (20, 30, 380, 290)])
def test_points_become_pixels_where_the_page_prints_them(tmp_path, crop):
    path = make_pdf(tmp_path / "paper.pdf", crop=crop)
    plain, geometry = render_plain(path, 1, dpi=150)
    left, bottom, right, top = crop or (0, 0, 400, 300)
    assert geometry == PageGeometry(right - left, top - bottom, left, bottom)
    assert plain.shape == (math.ceil(geometry.height * 150 / 72), math.ceil(geometry.width * 150 / 72), 3)
    # the bar in the reader's convention (pdf.py): x in PDF user space, top = the visible height - y
    y_top, y_bottom = 300 - BAR[1], 300 - BAR[3]  # fpdf2 measures from the top of the uncropped page
    bar = Box(1, BAR[0], geometry.height - y_top, BAR[2], geometry.height - y_bottom)
    expected = pixel_rect(bar, geometry, (plain.shape[1], plain.shape[0]))
    assert abs(expected[0] - (BAR[0] - left) * 150 / 72) <= 1  # where it shows: from the visible corner
    assert abs(expected[1] - (top - y_top) * 150 / 72) <= 1
    found = ink(plain[: plain.shape[0] // 2])  # the bar (the text is lower down)
    assert all(abs(a - b) <= 1 for a, b in zip(found, expected)), (found, expected)


@pytest.mark.parametrize("crop", [None, (20, 30, 380, 290)])
def test_the_readers_boxes_cover_the_printed_words(tmp_path, crop):
    """End to end with assistant.ingest: the boxes of a word, highlighted, hold that word's ink."""
    from assistant.ingest import load_document

    path = make_pdf(tmp_path / "paper.pdf", crop=crop)
    document = load_document(path)
    start = document.source.index("Suzuki")
    boxes = document.boxes.rects([(start, start + len("Suzuki"))])
    assert len(boxes) == 1 and boxes[0].page == 1
    plain, geometry = render_plain(path, 1)
    x0, y0, x1, y1 = pixel_rect(boxes[0], geometry, (plain.shape[1], plain.shape[0]))
    word = plain[y0:y1, x0:x1]
    assert (word.max(axis=2) < 128).sum() > 50  # the word's ink is inside its box
    # and the ink just left and right of it is other words', not cut off from this one
    highlighted = image(render_page(path, 1, boxes))
    changed = np.any(highlighted != plain, axis=2)
    ys, xs = np.nonzero(changed)
    assert xs.min() >= x0 and xs.max() < x1 and ys.min() >= y0 and ys.max() < y1


def test_highlight_tints_exactly_the_box_and_keeps_the_print(pdf):
    plain, geometry = render_plain(pdf, 1)
    size = (plain.shape[1], plain.shape[0])
    box = Box(1, 40, 20, 300, 100)  # white paper and the whole black bar
    png = render_page(pdf, 1, [box], [])
    pixels = image(png)
    x0, y0, x1, y1 = pixel_rect(box, geometry, size)
    inside = np.zeros(plain.shape[:2], dtype=bool)
    inside[y0:y1, x0:x1] = True
    white = np.all(plain == WHITE, axis=2)
    assert np.all(pixels[inside & white] == HIGHLIGHT)  # white paper takes the highlight's colour
    black = np.all(plain == 0, axis=2)
    assert black[inside].sum() > 1000 and np.all(pixels[inside & black] == 0)  # the print stays black
    assert np.array_equal(pixels[~inside], plain[~inside])  # nothing else changes
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_outline_frames_the_block_of_lines_outside_them(pdf):
    plain, geometry = render_plain(pdf, 1)
    size = (plain.shape[1], plain.shape[0])
    lines = [Box(1, 60, 150, 340, 164), Box(1, 60, 165, 250, 179)]  # two lines of one block
    pixels = image(render_page(pdf, 1, [], lines))
    changed = np.any(pixels != plain, axis=2)
    framed = np.all(pixels == OUTLINE, axis=2)
    assert np.array_equal(changed, framed & changed)  # only the frame's colour is drawn
    rects = [pixel_rect(b, geometry, size) for b in lines]
    block = (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects), max(r[3] for r in rects))
    assert not framed[block[1]:block[3], block[0]:block[2]].any()  # the lines themselves are left clear
    ys, xs = np.nonzero(framed)
    pad, width = round(2 * 150 / 72), round(150 / 72)
    assert (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1) == (
        block[0] - pad - width, block[1] - pad - width, block[2] + pad + width, block[3] + pad + width)
    # one frame round the block, not one per line: no frame pixels between the two lines
    assert not framed[rects[0][3]:rects[1][1] + 1, block[0]:block[2]].any()


def test_boxes_of_other_pages_are_ignored_and_json_boxes_are_taken(pdf):
    plain, _ = render_plain(pdf, 1)
    assert np.array_equal(image(render_page(pdf, 1, [Box(2, 10, 10, 300, 200)], [Box(2, 10, 10, 50, 50)])), plain)
    as_json = {"page": 1, "x0": 40.0, "top": 20.0, "x1": 300.0, "bottom": 100.0}
    assert render_page(pdf, 1, [as_json]) == render_page(pdf, 1, [Box(1, 40, 20, 300, 100)])


def test_pages_that_cannot_be_shown_are_messages(tmp_path, pdf):
    with pytest.raises(PageError, match=r"paper.pdf: page 3 is out of range \(the PDF has 2 pages\)"):
        render_page(pdf, 3)
    with pytest.raises(PageError, match="page 0 is out of range"):
        render_page(pdf, 0)
    with pytest.raises(PageError, match="missing.pdf: the file is missing"):
        render_page(tmp_path / "missing.pdf", 1)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not a PDF")
    with pytest.raises(PageError, match="broken.pdf: PDFium cannot read it"):
        render_page(broken, 1)
    with pytest.raises(PageError, match="from 18 to 300 dpi"):
        render_page(pdf, 1, dpi=2000)
    assert issubclass(PageError, ValueError)
    assert pages.page_count(pdf) == 2


def test_the_plain_rendering_is_cached_until_the_file_changes(pdf, monkeypatch):
    opened = []
    real_open = pages._open
    monkeypatch.setattr(pages, "_open", lambda path: (opened.append(path), real_open(path))[1])
    first = render_page(pdf, 1, [Box(1, 40, 20, 300, 100)])
    count = len(opened)
    again = render_page(pdf, 1, [Box(1, 40, 20, 300, 100)])
    other = render_page(pdf, 1, [Box(1, 60, 20, 300, 100)])  # other boxes: drawn again, not rendered again
    assert again == first and other != first and len(opened) == count
    make_pdf(pdf, pages_=3)  # the file changes: its pages are read again
    os.utime(pdf, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert pages.page_count(pdf) == 3
    render_page(pdf, 1, [Box(1, 40, 20, 300, 100)])
    assert len(opened) > count


def test_rendering_a_page_is_quick(pdf):
    render_page(pdf, 1)  # imports and first use
    pages.clear_cache()
    started = time.perf_counter()
    render_page(pdf, 2, [Box(2, 60, 60, 200, 80)], [Box(2, 60, 60, 200, 80)])
    assert time.perf_counter() - started < 1.0  # bench/render.py measures real papers against 300 ms


def test_the_page_shown_for_a_passage_is_where_the_answer_stands(pdf):
    """SourcePages.page_ref: a passage running from page 1 onto page 2, the answer on page 2 → page 2; a
    passage the answer does not quote → where it starts; a text document → no page."""
    from types import SimpleNamespace

    from assistant.pages import SourcePages
    from assistant.types import Answer, AnswerSpan, Passage

    stored = SimpleNamespace(path="/elsewhere/paper.pdf", boxes=object(), source="x" * 500)
    text = SimpleNamespace(path="/elsewhere/notes.md", boxes=None, source="y" * 50)
    index = SimpleNamespace(documents={"paper": stored, "notes": text})
    source = SourcePages(index, pdf.parent)

    def passage_(rank, spans, pages_, doc_id="paper"):
        return Passage(rank, rank, doc_id, "T", "S", 1, "body", spans[0][0], spans[-1][1], spans, 0.5, "t", (),
                       pages_[0] if pages_ else 0, tuple(Box(n, 10, 10, 50, 20) for n in pages_))

    across, other = passage_(1, ((100, 300),), (1, 1, 2, 2)), passage_(2, ((350, 400),), (2,))
    answer = Answer("q", "a", False, [AnswerSpan(1, 250, 290, "z" * 40, 1, "paper", (Box(2, 10, 10, 50, 20),))],
                    [across, other])
    ref = source.page_ref(across, answer)
    assert (ref.page, ref.count, ref.highlight, ref.outline) == (2, 2, ((250, 290),), ((100, 300),))
    assert (ref.width, ref.height) == (math.ceil(400 * 150 / 72), math.ceil(300 * 150 / 72))
    assert source.page_ref(other, answer).page == 2  # where it starts (the answer is not in it)
    assert source.page_ref(passage_(3, ((0, 10),), ()), answer) is None  # no boxes
    assert source.page_ref(passage_(4, ((0, 10),), (1,), doc_id="notes"), answer) is None
    pdf.unlink()  # the file went away: no control rather than a broken one
    pages.clear_cache()
    assert source.page_ref(across, answer) is None
    with pytest.raises(PageError, match="paper.pdf: the file is missing"):
        source.render("paper", 1)


# --- the chat in Chromium: "show page", the page view, the downloads -----------------------------------------

from tests.test_pdf_corpus import PAPERS as SYNTHETIC_PAPERS, make_pdf as make_paper  # noqa: E402
from ui_server import chromium, is_local, running_servers  # noqa: E402

USER, PASSWORD = "chemist", "s3cret-pass"
# (document, question): the synthetic paper is always there, the dev paper when ../shared/papers is
CASES = {
    "synthetic": ("palladium", "What did the Pd13 clusters supported on ceria catalyse?"),
    "dev-paper": ("scirep-2017-halogenase-qmmm",
                  "How many atoms were in the quantum mechanical region of the QM/MM calculations?"),
}
PNG_ROUTE = re.compile(r"/qa/page/(?P<doc>[^/]+)/(?P<page>\d+)\.png\?")


@pytest.fixture(scope="module")
def pdf_config(tmp_path_factory, encoder):
    """A corpus of PDFs (the synthetic paper, and the dev paper when it is here), indexed."""
    directory = tmp_path_factory.mktemp("page-view")
    corpus = directory / "corpus"
    corpus.mkdir()
    make_paper(corpus / "palladium.pdf", *SYNTHETIC_PAPERS["palladium.pdf"])
    if DEV_PAPER.exists():
        shutil.copyfile(DEV_PAPER, corpus / DEV_PAPER.name)
    return indexed_config(directory, corpus, encoder)


@pytest.fixture(scope="module")
def servers(pdf_config, tmp_path_factory):
    """(an open server, one with --auth) over the PDF corpus, started together."""
    with running_servers((pdf_config, []), (pdf_config, ["--auth", f"{USER}:{PASSWORD}"]),
                         log_dir=tmp_path_factory.mktemp("page-view-servers")) as pair:
        yield pair


@pytest.fixture(scope="module")
def session(servers):
    from test_ui_browser import Session

    with chromium() as browser:
        session = Session(browser, servers[0].url)
        yield session
        session.context.close()


def case(name: str) -> tuple[str, str]:
    if name == "dev-paper" and not DEV_PAPER.exists():
        pytest.skip(f"the dev papers are not here ({PAPERS}; set ASSISTANT_DEV_PAPERS)")
    return CASES[name]


def ask_json(server, question: str) -> dict:
    """The engine's JSON for a question, over the server's /ask (plain HTTP, as a script would)."""
    import httpx

    with httpx.Client(base_url=server.url, trust_env=False, timeout=60) as http:
        event = http.post("gradio_api/call/ask", json={"data": [question, None, None, None]}).json()["event_id"]
        stream = http.get(f"gradio_api/call/ask/{event}").text
    return json.loads(stream.split("event: complete\ndata: ", 1)[1].splitlines()[0])[0]


def open_page(session, question: str, expect_fetch: bool = True):
    """Ask in the chat and open "show page" of the first passage the answer cites; (that control, the PNG the
    browser got for it: the response it received, or with expect_fetch=False, as the route serves it, for an
    image the browser may have cached)."""
    reply = session.ask(question)
    cited = reply.locator(".qa-cite").first.inner_text().strip("[]")
    passage = reply.locator(".qa-passage", has=session.page.locator(".qa-rank", has_text=f"[{cited}]")).first
    control = passage.locator(".qa-page").first
    if expect_fetch:
        with session.page.expect_response(lambda r: PNG_ROUTE.search(r.url) is not None) as caught:
            control.locator("summary").click()
        response = caught.value
    else:
        control.locator("summary").click()
    source = control.locator("img.qa-page-img").evaluate(
        "img => img.complete ? img.currentSrc : new Promise(done => img.addEventListener('load', () => done(img.currentSrc)))")
    return control, (response if expect_fetch else session.context.request.get(source))


def word_gaps(rects: list[tuple[int, int, int, int]], widest: int = 20) -> list[tuple[int, int, int, int]]:
    """The spaces between two answer sentences on one printed line: the page is highlighted one rectangle per
    line (Index.boxes_of), so the space joining them is highlighted too; not a column's gutter (``widest`` px)."""
    gaps = []
    for x0, y0, x1, y1 in rects:
        for a0, b0, a1, b1 in rects:
            if (b0, b1) == (y0, y1) and 0 < a0 - x1 <= widest:
                gaps.append((x1, y0, a0, y1))
    return gaps


@pytest.mark.parametrize("name", CASES)
def test_show_page_highlights_the_answer_on_its_page(session, servers, pdf_config, name):
    doc, question = case(name)
    control, response = open_page(session, question)
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    route = PNG_ROUTE.search(response.url)
    assert route["doc"] == doc
    page = int(route["page"])
    pixels = image(response.body())
    # the image is shown whole, as wide as the bubble (readable: at least 600 px), with its page number
    width, height, shown_width, shown_height = control.locator("img.qa-page-img").evaluate(
        "i => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width, i.getBoundingClientRect().height]")
    assert (width, height) == (pixels.shape[1], pixels.shape[0])
    assert shown_width >= 600 and abs(shown_height / shown_width - height / width) < 0.01
    count = pages.page_count(pdf_config.parent / "corpus" / f"{doc}.pdf")
    assert f"page {page} of {count}" in control.locator(".qa-page-bar").inner_text()

    # the pixels the highlight changed are on the rectangles of the answer's text, as /ask reports them
    answer = ask_json(servers[0], question)
    boxes = [b for s in answer["answer_spans"] if s["doc_id"] == doc for b in s["boxes"] if b["page"] == page]
    assert boxes, "the page shown holds none of the answer"
    scale = 150 / 72
    rects = [(math.floor(b["x0"] * scale), math.floor(b["top"] * scale), math.ceil(b["x1"] * scale),
              math.ceil(b["bottom"] * scale)) for b in boxes]
    plain, _ = render_plain(pdf_config.parent / "corpus" / f"{doc}.pdf", page)
    changed = np.any(pixels != plain, axis=2)
    framed = np.all(pixels == OUTLINE, axis=2)
    highlighted = changed & ~framed
    on_text = np.zeros(changed.shape, dtype=bool)
    for x0, y0, x1, y1 in rects + word_gaps(rects):
        on_text[max(0, y0 - 2):y1 + 2, max(0, x0 - 2):x1 + 2] = True  # 2 px for rounding
    assert highlighted.sum() > 500
    assert not (highlighted & ~on_text).any(), "highlight outside the answer's text"
    for x0, y0, x1, y1 in rects:  # and the whole of each rectangle is highlighted (where no frame crosses it)
        inner = (slice(y0 + 1, y1 - 1), slice(x0 + 1, x1 - 1))
        paper = np.all(plain[inner] == WHITE, axis=2) & ~framed[inner]
        assert paper.sum() > 0 and np.all(pixels[inner][paper] == HIGHLIGHT)
    assert framed.sum() > 200  # the passage is framed


def test_neighbouring_pages_open_at_full_size(session):
    """From the last "show page": the link to the next (or previous) page opens that page's view in a tab,
    with its number, its own neighbour links and the image at 150 dpi."""
    control = session.page.locator(".qa-page[open]").last
    link = control.locator(".qa-page-next, .qa-page-prev").first
    target = int(re.search(r"page (\d+)", link.inner_text()).group(1))
    with session.context.expect_page() as opened:
        link.click()
    view = opened.value
    view.wait_for_load_state("load")
    assert re.search(rf"page {target} of \d+", view.locator("nav").inner_text())
    image_ = view.locator(".sheet img")
    image_.evaluate("img => img.complete ? true : new Promise(done => img.addEventListener('load', done))")
    width, natural = image_.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]")
    assert natural > 0 and abs(width - natural) <= 1  # shown pixel for pixel
    assert view.locator("nav a").count() >= 1
    view.close()


def test_downloads_and_citation_are_those_of_assistant_refs(session, servers, pdf_config, capsys):
    from test_ui_browser import check_takeaway

    from assistant.export import citation_of
    from assistant.ingest import load_document

    doc, question = CASES["synthetic"]
    session.ask(question)
    citation = citation_of(load_document(pdf_config.parent / "corpus" / "palladium.pdf"))
    offered = check_takeaway(session, servers[0].url, pdf_config, doc, citation, capsys)
    assert offered == {"numbers": [1, 2], "files": ["palladium-references.bib", "palladium-references.ris"]}
    assert "Grace Hopper and Alan Turing" in citation and "Palladium Clusters for Cross-Coupling" in citation


def test_screenshot_of_a_page_view(session, tmp_path):
    """The README's picture: a dev paper's answer with the page of its first cited passage open, scrolled to the
    answer's highlight."""
    doc, question = case("dev-paper")
    screenshot = README_SCREENSHOT if os.environ.get("UPDATE_SCREENSHOT") == "1" else tmp_path / "page-view.png"
    page = session.page
    page.click("#qa-clear")
    page.wait_for_function("document.querySelectorAll(\"[data-testid='bot']\").length === 0")
    page.set_viewport_size({"width": 1400, "height": 2300})  # the question, the answer and the page down to it
    control, response = open_page(session, question, expect_fetch=False)
    tinted = np.nonzero(np.all(image(response.body()) == HIGHLIGHT, axis=2).any(axis=1))[0]
    assert len(tinted)
    # the chat scrolled to its question: the answer, the passage and its page down to the answer's highlight
    page.locator("[data-testid='user']").last.evaluate("""user => {
        let box = user.parentElement;
        while (box && !(box.scrollHeight > box.clientHeight + 10 && getComputedStyle(box).overflowY !== 'visible')) {
            box = box.parentElement;
        }
        box.scrollTop += user.getBoundingClientRect().top - box.getBoundingClientRect().top - 12;
    }""")
    page.wait_for_timeout(500)
    shown = control.locator("img.qa-page-img").bounding_box()
    lowest = shown["y"] + (tinted[-1] + 1) * shown["height"] / image(response.body()).shape[0]
    chat = page.locator("#qa-chat").bounding_box()
    assert chat["y"] < lowest < chat["y"] + chat["height"] - 150, "the highlight is not in view"
    clip = {"x": chat["x"] - 8, "y": chat["y"] - 8, "width": chat["width"] + 16, "height": lowest + 110 - chat["y"]}
    page.screenshot(path=str(screenshot), clip=clip)
    page.set_viewport_size({"width": 1400, "height": 1000})
    assert screenshot.stat().st_size > 50_000


def test_page_routes_refuse_what_they_cannot_show(servers):
    import httpx

    with httpx.Client(base_url=servers[0].url, trust_env=False, timeout=30) as http:
        for path, status, says in [
            ("qa/page/palladium/9.png", 404, "page 9 is out of range (the PDF has 2 pages)"),
            ("qa/page/nickel/1.png", 404, "no indexed document 'nickel'"),
            ("qa/page/palladium/1.png?a=5-2", 400, "the span 5-2 is not in palladium"),
            ("qa/page/palladium/1.png?a=x", 400, "'x' is not a span"),
            ("qa/page/palladium/9", 404, "out of range"),
            ("qa/refs/palladium.bib?n=7", 400, "no entry 7 in this document; its entries are 1-2"),
            ("qa/refs/palladium.pdf", 404, "bib or ris"),
        ]:
            response = http.get(path)
            assert (response.status_code, says in response.text) == (status, True), (path, response.text)
        assert http.get("qa/page/palladium/2.png").headers["content-type"] == "image/png"


def test_page_routes_need_the_login(servers):
    import httpx

    paths = ["qa/page/palladium/1.png", "qa/page/palladium/1", "qa/refs/palladium.bib?n=1"]
    with httpx.Client(base_url=servers[1].url, trust_env=False, timeout=30) as http:
        for path in paths:
            response = http.get(path)
            assert response.status_code == 401 and "Suzuki" not in response.text, path
        assert http.post("login", data={"username": USER, "password": PASSWORD}).status_code == 200
        assert [http.get(path).status_code for path in paths] == [200, 200, 200]


def test_nothing_left_the_machine(session):
    assert session.requests, "no requests were recorded"
    assert [url for url in session.requests if not is_local(url)] == []
    assert session.errors == [] and session.dialogs == []
