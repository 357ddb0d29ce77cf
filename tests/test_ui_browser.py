"""The chat in a real browser: Debian Chromium (playwright) against the real server, model and index.

One server and one page for the module; the tests run in file order and
share the conversation (a question, its follow-up, an out-of-corpus question),
as a user would. Every request the page makes must go to 127.0.0.1.
"""
from __future__ import annotations

import os

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ui_server import REPO, chromium, is_local, ui_server  # noqa: F401  (ui_server is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.server]

QUESTION = "Why does the Au26.3Ag17.7 cluster luminesce more strongly?"
FIRST = "What reaction did Zhikun Wu and Manbo Li use nanoclusters for?"
FOLLOW_UP = "What were its advantages?"
OUTSIDE = "What is the best recipe for chocolate cake?"
# A test run must not change the checkout: the screenshot goes to a temporary file unless asked for
# (UPDATE_SCREENSHOT=1 writes docs/screenshot.png, the one the README shows).
README_SCREENSHOT = REPO / "docs" / "screenshot.png"
BOT = "[data-testid='bot']"
REPLY_TIMEOUT = 60_000  # ms; an answer takes well under a second, but the machine is shared


class Session:
    def __init__(self, browser, url: str):
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url, wait_until="load")
        self.page.wait_for_selector("#qa-question textarea", timeout=REPLY_TIMEOUT)

    def settings(self, open_: bool) -> None:
        """Open or close the settings accordion."""
        if self.page.locator("#qa-k").is_visible() != open_:
            self.page.locator("#qa-settings").get_by_text("Settings", exact=True).click()
        self.page.locator("#qa-k").wait_for(state="visible" if open_ else "hidden")

    def replies(self) -> int:
        return self.page.locator(f"{BOT} .qa").count()

    def ask(self, question: str, submit: str = "enter"):
        """Ask in the text box; return the locator of the new reply once it is shown."""
        before = self.replies()
        box = self.page.locator("#qa-question textarea")
        box.fill(question)
        if submit == "enter":
            box.press("Enter")
        else:
            self.page.click("#qa-ask")
        return self.wait_reply(before)

    def wait_reply(self, before: int):
        self.page.wait_for_function(
            f"document.querySelectorAll(\"{BOT} .qa\").length > {before}", timeout=REPLY_TIMEOUT)
        self.page.wait_for_function(  # the question box is unlocked when the answer is complete
            "!document.querySelector('#qa-question textarea').disabled", timeout=REPLY_TIMEOUT)
        return self.page.locator(f"{BOT} .qa").nth(before)


@pytest.fixture(scope="module")
def session(ui_server):
    with chromium() as browser:
        session = Session(browser, ui_server.url)
        yield session
        session.context.close()


def test_page_shows_the_document_and_controls(session):
    page = session.page
    header = page.locator("#qa-header").inner_text()
    assert "Whole-Process Precision Chemistry for Clusters" in header
    assert "quoted verbatim" in header
    # gradio may render the examples after the text box: wait for them rather than sample the page once
    for example in ("Why does the Au26.3Ag17.7 cluster luminesce more strongly?",
                    "What reaction did Zhikun Wu and Manbo Li use nanoclusters for?"):
        expect(page.get_by_role("button", name=example)).to_be_visible(timeout=REPLY_TIMEOUT)
    expect(page.locator("#qa-clear")).to_be_visible()
    session.settings(open_=True)
    expect(page.locator("#qa-k input[type=number]")).to_have_value("3")
    expect(page.locator("#qa-show-refs input[type=checkbox]")).to_be_checked()


def test_answer_with_passage_highlight_and_reference(session):
    reply = session.ask(QUESTION)
    answer = reply.locator(".qa-answer")
    assert "enhanced photoluminescence due to lower symmetry" in answer.inner_text()
    assert answer.locator(".qa-cite").count() >= 1
    # chemistry is typeset, not shown as markup
    assert "Au<sub>26.3</sub>Ag<sub>17.7</sub>" in answer.inner_html()
    assert "_{" not in reply.inner_text() and "*tert*" not in reply.inner_text()
    # the passage the sentence comes from, with its place and the sentence highlighted in it
    passage = reply.locator(".qa-passage", has=session.page.locator("mark", has_text="lower symmetry")).first
    expect(passage).to_be_visible()
    assert "paragraph" in passage.locator(".qa-place").inner_text()
    assert "Whole-Process Precision Chemistry for Clusters" in passage.locator(".qa-place").inner_text()
    quote = passage.locator(".qa-quote").inner_text()
    assert "Such studies extend the understanding" in quote  # passage text beyond the answer sentences
    assert "enhanced photoluminescence due to lower symmetry" in passage.locator("mark").first.inner_text()
    marked = " ".join(passage.locator("mark").all_inner_texts())
    assert "Such studies extend" not in marked  # only the answer sentences are highlighted
    # the bibliography entry its marker ³⁵ points to
    reference = passage.locator(".qa-ref", has=session.page.locator(".qa-refnum", has_text="35"))
    expect(reference).to_have_count(1)
    expect(reference).to_be_visible()
    assert reference.locator(".qa-reftext").inner_text().startswith("Han, J.")


def check_takeaway(session, origin: str, config_path, doc_id: str, citation: str, capsys) -> dict:
    """The block under the last answer offers, for `doc_id`: its BibTeX and RIS downloads, the very text of
    `assistant refs DOC --numbers N` (read back with bibtexparser and rispy, field by field against
    `assistant refs --format json`), and "copy citation", which copies `citation`. Returns the entry numbers
    offered and the downloads' file names."""
    import json
    import re

    import rispy

    from assistant import export
    from assistant.cli import main

    take = session.page.locator(BOT).last.locator(".qa-take")
    expect(take).to_be_visible()
    downloads, names = {}, []
    for kind in ("bibtex", "ris"):
        link = take.locator(f".qa-{kind}")
        numbers = re.search(r"n=([\d,]+)", link.get_attribute("href")).group(1)
        with session.page.expect_download() as caught:
            link.click()
        downloads[kind] = caught.value.path().read_text(encoding="utf-8")
        names.append(caught.value.suggested_filename)

    def refs(*args):
        assert main(["--config", str(config_path), "refs", doc_id, "--numbers", numbers, *args]) == 0
        return capsys.readouterr().out

    entries = json.loads(refs("--format", "json"))
    assert downloads["bibtex"] == refs() and downloads["ris"] == refs("--format", "ris")
    bib, ris = export.read_bibtex(downloads["bibtex"]), rispy.loads(downloads["ris"])
    assert len(bib) == len(ris) == len(entries) == len(numbers.split(","))
    for entry, b, r in zip(entries, bib, ris):
        assert (b["key"], b["type"], r["id"]) == (entry["key"], entry["type"], entry["key"])
        people = entry["authors"] + (["others"] if entry["et_al"] else [])
        assert (b["author"].split(" and ") if "author" in b else []) == people
        assert r.get("authors", []) == entry["authors"]
        for name, tag in (("title", "title"), ("journal", "journal_name"), ("year", "year"), ("volume", "volume"),
                          ("doi", "doi")):
            assert b.get(name, "") == r.get(tag, "") == entry[name], (entry["number"], name)
        first, _, last = entry["pages"].partition("–")
        assert (b.get("pages", ""), r.get("start_page", ""), r.get("end_page", "")) == (entry["pages"], first, last)

    session.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin.rstrip("/"))
    take.locator(".qa-copy").click()
    expect(take.locator(".qa-copy")).to_have_text("copied")
    copied = session.page.evaluate("navigator.clipboard.readText()")
    assert copied == take.locator(".qa-citation").inner_text() == citation
    return {"numbers": [int(n) for n in numbers.split(",")], "files": names}


def test_answer_offers_its_references_and_its_citation(session, ui_server, config_path, editorial, capsys):
    """Under the answer just given: the editorial's citation and the entries its cited passage cites. A text
    file has no pages to show."""
    from assistant.export import citation_of

    assert session.page.locator(f"{BOT} .qa-page").count() == 0
    offered = check_takeaway(session, ui_server.url, config_path, editorial.doc_id, citation_of(editorial), capsys)
    assert 35 in offered["numbers"]  # Han, J. …: the entry the highlighted sentence's passage cites
    assert "Precis. Chem. 2024, 2, 559–562" in citation_of(editorial)


def test_screenshot_of_a_real_answer(session, tmp_path):
    """A screenshot of the page with the whole answer bubble in view."""
    screenshot = README_SCREENSHOT if os.environ.get("UPDATE_SCREENSHOT") == "1" else tmp_path / "screenshot.png"
    page = session.page
    session.settings(open_=False)  # closed, as a first visit shows it
    bubble = page.locator(f"{BOT} .qa").last if session.replies() else session.ask(QUESTION)
    assert "enhanced photoluminescence due to lower symmetry" in bubble.locator("mark").first.inner_text()
    # a window tall enough for the chat panel (68% of it) to hold the question and the whole answer
    message = page.locator(BOT).last  # the bubble and, under it, what the answer offers to take away
    needed = message.bounding_box()["height"] + page.locator("[data-testid='user']").last.bounding_box()["height"] + 150
    page.set_viewport_size({"width": 1400, "height": int(max(1000, needed / 0.68))})
    page.wait_for_timeout(300)
    bubble.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)
    box, chat = bubble.bounding_box(), page.locator("#qa-chat").bounding_box()
    assert chat["y"] <= box["y"] and box["y"] + box["height"] <= chat["y"] + chat["height"], "answer not fully in view"
    bottom = page.locator("#qa-question").bounding_box()
    page.screenshot(path=str(screenshot), clip={"x": 0, "y": 0, "width": 1400,
                                                 "height": bottom["y"] + bottom["height"] + 24})
    page.set_viewport_size({"width": 1400, "height": 1000})
    assert screenshot.stat().st_size > 20_000


def test_follow_up_uses_the_conversation(session):
    first = session.ask(FIRST, submit="button")
    assert "Zhikun Wu" in first.locator(".qa-answer").inner_text()
    reply = session.ask(FOLLOW_UP)
    assert reply.get_attribute("class").split() == ["qa", "qa-ok"], reply.inner_text()
    # the follow-up is answered from the Wu/Li paragraph (its advantages), not from anywhere else
    text = reply.inner_text()
    assert "hydroborylation" in text or "catalyst loading" in text, text


def test_out_of_corpus_question_says_so(session):
    reply = session.ask(OUTSIDE)
    assert "qa-none" in reply.get_attribute("class")
    text = reply.inner_text()
    assert "Not in the documents" in text and "do not answer" in text
    assert reply.locator("mark").count() == 0
    assert reply.locator(".qa-passage, .qa-cite, .qa-answer").count() == 0


def test_empty_question_shows_the_message_not_a_trace(session):
    reply = session.ask("   ", submit="button")
    text = reply.inner_text()
    assert "qa-error" in reply.get_attribute("class")
    assert "the question is empty" in text
    assert "Traceback" not in session.page.content()


def test_settings_change_the_answer(session):
    page = session.page
    session.settings(open_=True)
    k = page.locator("#qa-k input[type=number]")
    k.fill("1")
    k.press("Enter")
    page.locator("#qa-show-refs input[type=checkbox]").uncheck()
    reply = session.ask(QUESTION)
    assert reply.locator(".qa-passage").count() == 1
    assert reply.locator(".qa-refs").count() == 0
    assert "lower symmetry" in reply.locator("mark").first.inner_text()
    k.fill("3")
    k.press("Enter")
    page.locator("#qa-show-refs input[type=checkbox]").check()


def test_example_click_and_clear_chat(session):
    page = session.page
    before = session.replies()
    page.get_by_role("button", name="What did removing two kernel gold atoms from Au48 do?").click()
    reply = session.wait_reply(before)
    assert "10-fold photoluminescence enhancement" in reply.inner_text()
    page.click("#qa-clear")
    page.wait_for_function(f"document.querySelectorAll(\"{BOT}\").length === 0", timeout=REPLY_TIMEOUT)
    # a cleared chat has no history: the follow-up alone is not about Wu and Li any more
    reply = session.ask(FOLLOW_UP)
    assert "Zhikun Wu" not in reply.inner_text()


def test_tabs_are_independent(session, ui_server):
    """A second tab is a second conversation: its questions are not the first tab's history."""
    other = session.context.new_page()
    other.goto(ui_server.url, wait_until="load")
    other.locator("#qa-question textarea").fill(FIRST)
    other.locator("#qa-question textarea").press("Enter")
    other.wait_for_function(f"document.querySelectorAll(\"{BOT} .qa\").length === 1", timeout=REPLY_TIMEOUT)
    assert "Zhikun Wu" in other.locator(f"{BOT} .qa-answer").inner_text()
    before = session.replies()
    assert "Zhikun Wu" not in session.page.locator("#qa-chat").inner_text()
    reply = session.ask(FOLLOW_UP)  # in the first tab, whose history does not hold FIRST
    assert session.replies() == before + 1
    assert "Zhikun Wu" not in reply.inner_text() and "hydroborylation" not in reply.inner_text()
    assert other.locator(f"{BOT} .qa").count() == 1
    other.close()


def test_nothing_left_the_machine(session):
    assert session.requests, "no requests were recorded"
    outside = [url for url in session.requests if not is_local(url)]
    assert outside == [], f"requests not to 127.0.0.1: {outside}"
    assert session.dialogs == []
    assert session.errors == [], session.errors
