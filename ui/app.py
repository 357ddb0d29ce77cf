"""The chat UI: a gradio 6 Blocks app around one loaded `Assistant`.

    from ui.app import serve; serve()        # what `assistant serve` runs
    demo = build_app(Assistant.load(...))    # the Blocks, to launch yourself

All answering is the engine's (`bot.ask`); this module only lays out the page,
turns an `Answer` into the chat bubble (see ui/render.py) and exposes two API
endpoints:

- ``/chat``: (message, k, show_references, doc) → the bubble's markdown/HTML; the
  follow-up history is the questions asked earlier in the same client session.
- ``/ask``: (question, history, k, doc) → the engine's JSON (`Answer.to_dict()`).

``doc`` limits answers to one document ("" or None: all of them).

Three plain HTTP routes of its own (`page_routes`, relative to the chat's address,
behind the same login as the rest):

- ``qa/page/{doc}/{n}.png?a=S-E,…&p=S-E,…``: page n of a PDF rendered by
  assistant.pages, the text of the ``a`` source spans highlighted and that of
  the ``p`` spans framed (what a passage's "show page" shows);
- ``qa/page/{doc}/{n}?a=…&p=…``: that page at full size with links to its
  neighbours (the "page n" links);
- ``qa/refs/{doc}.bib?n=3,5-7`` and ``.ris``: the numbered reference entries, as
  `assistant refs DOC --numbers 3,5-7` prints them (the answer's downloads).

Nothing leaves the machine: the offline switches below are set before gradio
is imported, fonts are the system's, and the server binds 127.0.0.1 unless
told otherwise (never a share link).
"""
from __future__ import annotations

import html
import ipaddress
import logging
import os
import sys
from pathlib import Path
from typing import Any

# --- offline switches: must be set before `import gradio` ---------------------------------
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_RUN_HISTORY", "False")
for _name in ("NO_PROXY", "no_proxy"):  # launch()'s self-check must not go through a proxy
    _hosts = [h for h in os.environ.get(_name, "").split(",") if h.strip()]
    os.environ[_name] = ",".join(_hosts + [h for h in ("127.0.0.1", "localhost") if h not in _hosts])

import gradio as gr  # noqa: E402

from starlette.requests import Request  # noqa: E402
from starlette.responses import HTMLResponse, PlainTextResponse, Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

from assistant import InvalidQuestion  # noqa: E402
from assistant.export import parse_numbers  # noqa: E402
from assistant.ingest import normalize_name  # noqa: E402
from assistant.pages import (  # noqa: E402
    PageError, PageRef, SourcePages, entries_export, pixel_rect, takeaways,
)

from .render import (  # noqa: E402
    PAGE_ROUTE, REFS_ROUTE, escape, parse_spans, question_of, render_answer, render_error, render_failure,
    render_page_view, render_question, render_takeaway,
)

log = logging.getLogger("ui")

MAX_SHOWN_QUESTION = 4000  # a longer question is shown cut (the engine reads only its start anyway)
MAX_SESSION_HISTORY = 20  # earlier questions kept per API session (the engine uses the last 10)
K_CHOICES = (1, 10)
# Example questions for the corpus as shipped (the editorial alone); any other library gets the engine's
# questions about its own documents (Assistant.example_questions).
EDITORIAL_EXAMPLES = [
    "Why does the Au26.3Ag17.7 cluster luminesce more strongly?",
    "What reaction did Zhikun Wu and Manbo Li use nanoclusters for?",
    "What did removing two kernel gold atoms from Au48 do?",
    "How can mass spectrometry help cluster synthesis?",
    "How were Ag clusters in polyoxometalates better catalysts?",
    "When was the editorial published?",
]
SHIPPED_DOCUMENT = "precis-chem-2024-2-559"  # the corpus as the repository ships it
DESCRIPTION = (
    "Ask in plain language. Answers are sentences quoted verbatim from the paper, each cited [n] to the "
    "passage it comes from, with the references that passage cites. If the paper does not answer, it says so."
)

THEME = gr.themes.Default(
    primary_hue="blue",
    neutral_hue="slate",
    font=["ui-sans-serif", "system-ui", "Segoe UI", "Helvetica Neue", "Arial", "Liberation Sans", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "DejaVu Sans Mono", "monospace"],
)

CSS = """
.gradio-container { max-width: 1280px !important; }
#qa-header h1 { font-size: 1.45rem; margin: 0 0 .15rem 0; font-weight: 650; }
#qa-header .qa-doc { font-size: 1.02rem; margin: 0 0 .25rem 0; }
#qa-header .qa-doc em { font-style: italic; }
#qa-header .qa-doc-meta { color: var(--body-text-color-subdued); font-size: .9rem; }
#qa-header .qa-desc { color: var(--body-text-color-subdued); font-size: .92rem; margin: .35rem 0 0 0; }
.qa { line-height: 1.5; }
.qa-answer { font-size: 1.04rem; }
.qa-sentence { margin: 0 0 .4rem 0 !important; }
.qa-cite, .qa-rank { display: inline-block; font-weight: 600; font-size: .8rem; color: var(--color-accent);
  background: var(--color-accent-soft); border-radius: 4px; padding: 0 .3rem; margin-left: .15rem; vertical-align: 1px; }
.qa-rank { margin: 0 .35rem 0 0; }
.qa-heading { margin: .8rem 0 .3rem 0; font-size: .78rem; font-weight: 650; letter-spacing: .05em;
  text-transform: uppercase; color: var(--body-text-color-subdued); }
.qa-passage { border: 1px solid var(--border-color-primary); border-radius: 6px; margin: .35rem 0;
  padding: .35rem .6rem; background: var(--background-fill-primary); }
.qa-passage > summary { cursor: pointer; font-size: .9rem; }
.qa-place { font-weight: 600; }
.qa-loc { display: block; margin-left: 1.9rem; font-size: .75rem; color: var(--body-text-color-subdued); }
.qa-quote { font-family: Georgia, "Liberation Serif", "DejaVu Serif", serif; font-size: .98rem; line-height: 1.55;
  border-left: 3px solid var(--border-color-primary); margin: .45rem 0 .3rem .2rem; padding: .1rem 0 .1rem .7rem; }
.qa-quote mark { background: #fde68a; color: inherit; padding: 0 .05rem; border-radius: 2px; }
.dark .qa-quote mark { background: #a16207; }
.qa-refs { margin: .4rem 0 .1rem .2rem; font-size: .85rem; }
.qa-refs-label { font-size: .72rem; font-weight: 650; letter-spacing: .05em; text-transform: uppercase;
  color: var(--body-text-color-subdued); margin-bottom: .15rem; }
.qa-ref { display: flex; gap: .45rem; margin: .15rem 0; }
.qa-refnum { flex: none; min-width: 1.9rem; text-align: right; font-weight: 600; color: var(--body-text-color-subdued); }
.qa-refnum::before { content: "("; } .qa-refnum::after { content: ")"; }
.qa-more { margin: .5rem 0 .2rem 0; }
.qa-more > summary { cursor: pointer; font-size: .85rem; color: var(--body-text-color-subdued); }
.qa-foot { margin-top: .5rem; font-size: .75rem; color: var(--body-text-color-subdued); }
.qa-none-title, .qa-error-title { font-weight: 650; margin-bottom: .2rem; }
.qa-none { border-left: 3px solid #94a3b8; padding-left: .7rem; }
.qa-error { border-left: 3px solid #dc2626; padding-left: .7rem; }
.qa-hint { color: var(--body-text-color-subdued); font-size: .88rem; }
#qa-ask, #qa-clear { white-space: nowrap; }
.qa-example { justify-content: flex-start !important; text-align: left !important; white-space: normal !important; }
#qa-side .qa-side-title { font-weight: 600; font-size: .9rem; margin: .2rem 0; }
.qa-doclist { margin: 0; padding-left: 1rem; font-size: .88rem; }
.qa-doc-title { font-weight: 600; }
.qa-doc-file { display: block; color: var(--body-text-color-subdued); font-size: .78rem; }
.qa-page { margin: .2rem 0 .3rem .2rem; }
.qa-page > summary { cursor: pointer; font-size: .82rem; color: var(--color-accent); width: fit-content; }
.qa-page-bar { display: flex; flex-wrap: wrap; gap: .2rem .5rem; font-size: .8rem; margin: .3rem 0;
  color: var(--body-text-color-subdued); }
.qa-page-bar a { color: var(--color-accent); }
.qa-page-num { font-weight: 600; color: var(--body-text-color); }
/* gradio caps a chat image at 30vw and 300px: a page is shown whole, as wide as the bubble */
.qa .qa-page-img { display: block; width: 100% !important; max-width: 100% !important; height: auto !important;
  max-height: none !important; margin: 0 !important; border-radius: 2px !important;
  border: 1px solid var(--border-color-primary); background: white; }
.qa-take { margin: .6rem 0 .1rem 0; padding-top: .45rem; border-top: 1px solid var(--border-color-primary);
  font-size: .82rem; line-height: 1.45; }
.qa-take-doc + .qa-take-doc { margin-top: .35rem; }
.qa-take-label { font-size: .7rem; font-weight: 650; letter-spacing: .05em; text-transform: uppercase;
  color: var(--body-text-color-subdued); margin-right: .3rem; }
.qa-take a { color: var(--color-accent); font-weight: 600; }
.qa-copy { font-size: .75rem; padding: 0 .45rem; margin-left: .3rem; border: 1px solid var(--border-color-primary);
  border-radius: 4px; background: var(--background-fill-secondary); cursor: pointer; }
"""

# "copy citation": the bubble's HTML is sanitized (no handlers, no data- attributes), so one listener of ours
# copies the text of the .qa-citation beside the button that was clicked. 127.0.0.1 is a secure context,
# where navigator.clipboard works; elsewhere (plain http on another host) a selected textarea is copied.
HEAD = """<script>
document.addEventListener("click", function (event) {
  var button = event.target && event.target.closest ? event.target.closest(".qa-copy") : null;
  if (!button) { return; }
  var source = button.parentElement ? button.parentElement.querySelector(".qa-citation") : null;
  var text = source ? source.innerText.trim() : "";
  var done = function (label) {
    button.textContent = label;
    setTimeout(function () { button.textContent = "copy citation"; }, 1600);
  };
  var fallback = function () {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    done(ok ? "copied" : "select and copy the text");
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(function () { done("copied"); }, fallback);
  } else { fallback(); }
});
</script>"""


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """"user:password" → (user, password); None or "" → no login."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("auth must look like user:password (both non-empty)")
    return user, password


def _as_k(k: Any) -> Any:
    """A whole-number float from a slider or JSON becomes an int; anything else goes to the engine as is."""
    if isinstance(k, float) and k.is_integer():
        return int(k)
    return k


def _text_of(content: Any) -> str:
    """The text of a chat message's content (a string, or gradio 6's list of typed parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text", "")) if content.get("type", "text") == "text" else ""
    if isinstance(content, (list, tuple)):
        return "".join(_text_of(part) for part in content)
    return ""


def user_questions(chat: list[dict] | None) -> list[str]:
    """The questions the user asked in a chat history, oldest first."""
    questions = []
    for message in chat or []:
        if isinstance(message, dict) and message.get("role") == "user":
            text = question_of(_text_of(message.get("content")))
            if text.strip():
                questions.append(text)
    return questions


def examples_for(bot) -> list[str]:
    """The editorial's curated questions when it alone is loaded; else questions about the loaded documents."""
    if [d.doc_id for d in bot.documents] == [SHIPPED_DOCUMENT]:
        return EDITORIAL_EXAMPLES
    return bot.example_questions()


def _header_html(documents: list) -> str:
    if len(documents) == 1:
        doc = documents[0]
        meta = doc.metadata or {}
        authors = ", ".join(a.get("name", "") if isinstance(a, dict) else str(a) for a in meta.get("authors", []) or [])
        details = [d for d in (authors, meta.get("journal"), f"doi:{meta['doi']}" if meta.get("doi") else "") if d]
        doc_html = (f'<p class="qa-doc">Answers from <em>{escape(doc.title)}</em></p>'
                    + (f'<div class="qa-doc-meta">{escape(" · ".join(details))}</div>' if details else ""))
    else:
        titles = "; ".join(escape(d.title) for d in documents[:4]) + ("; …" if len(documents) > 4 else "")
        doc_html = f'<p class="qa-doc">Answers from {len(documents)} documents: {titles}</p>'
    return (f'<div id="qa-header-inner"><h1>Precision-chemistry literature assistant</h1>{doc_html}'
            f'<p class="qa-desc">{html.escape(DESCRIPTION)}</p></div>')


def _documents_html(manifest: dict) -> str:
    """What is indexed: title, file, passages and when each was indexed; and when the index was built."""
    rows = "".join(
        f'<li><span class="qa-doc-title">{escape(entry["title"])}</span> '
        f'<span class="qa-doc-file">{escape(entry["file"])} · {int(entry["chunks"])} passages · '
        f'indexed {escape(entry["indexed_at"])}</span></li>'
        for entry in manifest.get("documents", {}).values()
    )
    return (f'<ul class="qa-doclist">{rows}</ul>'
            f'<div class="qa-doc-file">index built {escape(manifest.get("built_at", ""))}</div>')


def _logged_in(request: Request) -> bool:
    """Whether a request may see the corpus: always without a login, else when it carries the session cookie
    gradio set at login (the check gradio's own routes make; a custom auth dependency is refused)."""
    app = request.app
    if getattr(app, "auth", None) is None and getattr(app, "auth_dependency", None) is None:
        return True
    if getattr(app, "auth_dependency", None) is not None:
        return False
    cookie_id = getattr(app, "cookie_id", None)
    token = request.cookies.get(f"access-token-{cookie_id}") or request.cookies.get(f"access-token-unsecure-{cookie_id}")
    return token is not None and token in getattr(app, "tokens", {})


def page_routes(bot, pages: SourcePages) -> list[Route]:
    """The chat's own HTTP routes (the module's docstring): a page as PNG, a page view, reference entries.
    Pass them to `launch(app_kwargs={"routes": …})`: they are matched before gradio's."""
    def refused() -> PlainTextResponse:
        return PlainTextResponse("Not authenticated: log in to the chat first.", status_code=401)

    def request_ref(request: Request) -> PageRef:
        """The page a request names, checked: PageError (a 404) or ValueError (a 400) otherwise."""
        doc_id = normalize_name(request.path_params["doc"])
        page = int(request.path_params["page"])
        pages.pdf(doc_id)  # an unknown document, or not a PDF: PageError
        highlight = pages.spans(doc_id, parse_spans(request.query_params.get("a", "")))
        outline = pages.spans(doc_id, parse_spans(request.query_params.get("p", "")))
        count, (width, height) = pages.size(doc_id, page)
        return PageRef(doc_id, page, count, width, height, highlight, outline)

    def failure(problem: Exception) -> PlainTextResponse:
        status = 404 if isinstance(problem, PageError) else 400
        return PlainTextResponse(f"Cannot show this page: {problem}", status_code=status)

    def page_png(request: Request) -> Response:
        if not _logged_in(request):
            return refused()
        try:
            ref = request_ref(request)
            data = pages.render(ref.doc_id, ref.page, ref.highlight, ref.outline)
        except (PageError, ValueError) as problem:
            return failure(problem)
        except Exception:  # noqa: BLE001 - a message for the browser, the traceback for the log
            log.exception("rendering %s failed", request.url.path)
            return PlainTextResponse("The page could not be rendered (see the server log).", status_code=500)
        return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    def page_view(request: Request) -> Response:
        if not _logged_in(request):
            return refused()
        try:
            ref = request_ref(request)
            geometry = pages.geometry(ref.doc_id, ref.page)
            boxes = [b for spans in (ref.highlight, ref.outline) for b in pages.boxes(ref.doc_id, spans)
                     if b.page == ref.page]
        except (PageError, ValueError) as problem:
            return failure(problem)
        anchor = pixel_rect(boxes[0], geometry, (ref.width, ref.height))[1] if boxes else None
        title = bot.index.documents[ref.doc_id].title
        return HTMLResponse(render_page_view(title, ref, anchor), headers={"Cache-Control": "private, max-age=3600"})

    def references(request: Request) -> Response:
        if not _logged_in(request):
            return refused()
        doc_id, fmt = normalize_name(request.path_params["doc"]), request.path_params["format"]
        stored = bot.index.documents.get(doc_id)
        if stored is None or fmt not in ("bib", "ris"):
            return PlainTextResponse(f"No references of {doc_id!r} as {fmt!r} (bib or ris).", status_code=404)
        try:
            spec = request.query_params.get("n")
            numbers = parse_numbers(spec, stored.references) if spec is not None else sorted(stored.references)
            text = entries_export(bot.index, doc_id, numbers, "bibtex" if fmt == "bib" else "ris")
        except (LookupError, ValueError) as problem:
            return PlainTextResponse(f"Cannot export these entries: {problem}", status_code=400)
        media = "application/x-bibtex" if fmt == "bib" else "application/x-research-info-systems"
        stem = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "-" for c in doc_id).strip("-") or "references"
        return Response(text.encode("utf-8"), media_type=f"{media}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{stem}-references.{fmt}"',
                                 "Cache-Control": "private, no-cache"})

    return [
        Route(f"/{PAGE_ROUTE}/{{doc}}/{{page:int}}.png", page_png, methods=["GET"]),
        Route(f"/{PAGE_ROUTE}/{{doc}}/{{page:int}}", page_view, methods=["GET"]),
        Route(f"/{REFS_ROUTE}/{{doc}}.{{format:str}}", references, methods=["GET"]),
    ]


def build_app(bot, concurrency_limit: int | None = None, pages: SourcePages | None = None) -> gr.Blocks:
    """The Blocks app for `bot` (an `assistant.Assistant`). Launch it with `THEME`, `CSS`, `HEAD` and
    `page_routes(bot, pages)` (the same `pages`, a `SourcePages` of the bot's index, made here if not given)."""
    pages = pages or SourcePages(bot.index, bot.config.corpus_dir)
    limit = concurrency_limit or bot.config.serve.concurrency  # engine calls at once, all endpoints together
    engine = {"concurrency_limit": limit, "concurrency_id": "engine"}
    default_k = min(max(int(bot.config.retrieval.k), K_CHOICES[0]), K_CHOICES[1])

    def reply(question: Any, earlier: list[str], k: Any, show_references: bool, doc: Any) -> str:
        """The assistant's bubble for a question asked in the browser (errors become a notice)."""
        try:
            answer = bot.ask(question, history=earlier, k=_as_k(k), doc=doc or None)
        except InvalidQuestion as problem:
            return render_error(str(problem))
        except Exception:  # noqa: BLE001 - the user gets a notice, the log gets the traceback
            log.exception("answering %r failed", question)
            return render_failure()
        try:
            take = render_takeaway(takeaways(bot.index, answer))
        except Exception:  # noqa: BLE001 - the answer is still shown, without its downloads
            log.exception("the references of the answer to %r could not be listed", question)
            take = ""
        return render_answer(answer, show_references=bool(show_references), page_of=page_of(answer)) + take

    def page_of(answer):
        """The "show page" of each passage of `answer` (None for a passage not in a PDF)."""
        return lambda passage: pages.page_ref(passage, answer)

    def take_question(question: str | None, chat: list | None):
        """Show the question at once, clear and lock the box, keep the question for `respond`."""
        chat = list(chat or [])
        question = question if isinstance(question, str) else ""
        if question.strip():
            shown = question if len(question) <= MAX_SHOWN_QUESTION else (
                f"{question[:MAX_SHOWN_QUESTION]} … ({len(question):,} characters)")
            chat.append({"role": "user", "content": render_question(shown)})
        return gr.update(value="", interactive=False), chat, question

    def respond(question: str | None, chat: list | None, k: Any, show_references: bool, doc: Any):
        chat = list(chat or [])
        earlier = user_questions(chat)
        if isinstance(question, str) and question.strip():
            earlier = earlier[:-1]  # the last one is this question, appended by take_question
        chat.append({"role": "assistant", "content": reply(question, earlier, k, show_references, doc)})
        return chat

    def answer_over_api(question: Any, history: Any, k: Any, doc: Any):
        """bot.ask for an API caller: a bad question or a failure becomes a readable gr.Error."""
        try:
            return bot.ask(question, history=history, k=_as_k(k), doc=doc or None)
        except InvalidQuestion as problem:
            raise gr.Error(str(problem), print_exception=False) from None
        except Exception:  # noqa: BLE001 - the caller gets a message, the log gets the traceback
            log.exception("answering %r failed", question)
            raise gr.Error("the assistant could not answer this question (see the server log)",
                           print_exception=False) from None

    def chat(message: str, history: list, k: int, show_references: bool, doc: str | None = None):
        """Answer `message` (a follow-up to the earlier questions of this session); returns the bubble's markdown."""
        earlier = [h for h in (history or []) if isinstance(h, str)]
        answer = answer_over_api(message, earlier, k, doc)
        markup = render_answer(answer, show_references=bool(show_references), page_of=page_of(answer))
        return markup, (earlier + [message])[-MAX_SESSION_HISTORY:]

    def ask(question: str, history: list[str] | None = None, k: int | None = None, doc: str | None = None) -> dict:
        """The engine's structured answer: question, answer, abstained, answer_spans, passages, elapsed_ms."""
        return answer_over_api(question, history, k, doc).to_dict()

    with gr.Blocks(title="Precision-chemistry literature assistant", analytics_enabled=False) as demo:
        gr.HTML(_header_html(bot.documents), elem_id="qa-header")
        with gr.Row(equal_height=False):
            with gr.Column(scale=7, min_width=420):
                chatbot = gr.Chatbot(
                    elem_id="qa-chat", show_label=False, height="68vh", min_height=420,
                    latex_delimiters=[], allow_tags=False, sanitize_html=True, render_markdown=True,
                    buttons=[], feedback_options=None, layout="panel",
                    placeholder="Ask a question about the paper, or pick an example question.",
                )
                with gr.Row(equal_height=True):
                    question = gr.Textbox(
                        elem_id="qa-question", show_label=False, lines=1, max_lines=4, scale=1,
                        placeholder="e.g. Why does the Au26.3Ag17.7 cluster luminesce more strongly?",
                        autofocus=True, submit_btn=False, stop_btn=False,
                    )
                    ask_button = gr.Button("Ask", variant="primary", scale=0, min_width=90, elem_id="qa-ask")
                    clear_button = gr.Button("Clear chat", variant="secondary", scale=0, min_width=120,
                                             elem_id="qa-clear")
            with gr.Column(scale=3, min_width=260, elem_id="qa-side"):
                gr.HTML('<div class="qa-side-title">Example questions</div>')
                example_buttons = [
                    gr.Button(text, size="sm", variant="secondary", elem_classes=["qa-example"])
                    for text in examples_for(bot)
                ]
                with gr.Accordion("Settings", open=False, elem_id="qa-settings"):
                    k = gr.Slider(*K_CHOICES, value=default_k, step=1, precision=0, label="Passages (k)",
                                  info="How many retrieved passages to show with an answer.", elem_id="qa-k")
                    show_references = gr.Checkbox(value=True, label="Show the references each passage cites",
                                                  elem_id="qa-show-refs")
                    doc = gr.Dropdown(
                        choices=[("All documents", "")] + [(d.title, d.doc_id) for d in bot.documents],
                        value="", label="Answer from", elem_id="qa-doc",
                    )
                with gr.Accordion(f"Documents ({len(bot.documents)})", open=False, elem_id="qa-documents"):
                    gr.HTML(_documents_html(bot.index.manifest))
        pending = gr.State(None)  # the question being answered, between the two steps below
        api_history = gr.State([])  # /chat over the API: this session's earlier questions
        api_answer = gr.Textbox(visible=False, label="answer")
        api_trigger = gr.Button(visible=False)

        triggers = [question.submit, ask_button.click]
        for trigger, source in [(t, question) for t in triggers] + [(b.click, b) for b in example_buttons]:
            trigger(take_question, [source, chatbot], [question, chatbot, pending], queue=False,
                    api_visibility="undocumented") \
                .then(respond, [pending, chatbot, k, show_references, doc], [chatbot], api_visibility="undocumented",
                      show_progress="minimal", **engine) \
                .then(lambda: (gr.update(interactive=True), None), None, [question, pending], queue=False,
                      api_visibility="undocumented")
        clear_button.click(lambda: ([], "", None, []), None, [chatbot, question, pending, api_history],
                           queue=False, api_visibility="undocumented")

        api_trigger.click(chat, [question, api_history, k, show_references, doc], [api_answer, api_history],
                          api_name="chat", postprocess=False, **engine)
        gr.api(ask, api_name="ask", **engine)
    return demo


def serve(config_path=None, host: str | None = None, port: int | None = None, auth: str | None = None) -> int:
    """Load the assistant once and serve the chat until interrupted. Returns an exit code.

    ``host`` and ``port`` default to the config's ``serve`` section (127.0.0.1:7860).
    """
    from assistant import Assistant
    from assistant.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    try:
        credentials = parse_auth(auth or os.environ.get("ASSISTANT_AUTH"))
    except ValueError as problem:
        print(f"assistant: {problem}", file=sys.stderr)
        return 2
    config = None if host else load_config(config_path)
    host = host or config.serve.host
    if not _is_loopback(host):  # said before anything else can fail, so it is seen
        print(f"assistant: WARNING: serving on {host}, not on 127.0.0.1: other machines can reach the chat"
              + ("" if credentials else "; set --auth user:password (or ASSISTANT_AUTH) to require a login"),
              file=sys.stderr)
    config = config or load_config(config_path)
    port = port or config.serve.port
    bot = Assistant.load(config=config, log=lambda message: print(message, file=sys.stderr))
    pages = SourcePages(bot.index, bot.config.corpus_dir)
    demo = build_app(bot, pages=pages)
    # gradio's file routes serve nothing outside its own cache anyway; block the data explicitly too
    blocked = [str(bot.config.corpus_dir), str(bot.config.index_dir)]
    if config_path:
        blocked.append(str(Path(config_path).resolve()))
    try:
        demo.launch(
            server_name=host, server_port=port, share=False, inbrowser=False, auth=credentials,
            auth_message="This assistant requires a login." if credentials else None,
            # show_error: a request gradio itself rejects (missing or ill-typed values) gets gradio's
            # message instead of `null`; our own handlers turn every exception into a gr.Error.
            show_error=True, theme=THEME, css=CSS, head=HEAD, footer_links=["api", "settings"], ssr_mode=False,
            mcp_server=False, pwa=False, enable_monitoring=False, run_history=False, max_threads=40,
            blocked_paths=blocked, max_file_size="1mb",  # the app takes no files: keep uploads tiny
            # every stateless API call is a new session (~56 KB each): cap them so memory stays flat
            state_session_capacity=1000,
            # the page images, page views and reference downloads (page_routes), matched before gradio's routes
            app_kwargs={"routes": page_routes(bot, pages)},
        )
    except OSError as problem:
        print(f"assistant: cannot serve on {host}:{port}: {problem}", file=sys.stderr)
        return 1
    return 0
