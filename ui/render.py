"""Answer → the HTML/markdown of one chat bubble (and nothing else: no retrieval here).

Everything that comes from the corpus (answer sentences, passage text,
titles, sections, bibliography entries) is untrusted. It goes through
`escape()` — `html.escape` plus numeric entities for every character that
markdown or LaTeX would act on — before any tag of ours is added, so a
document containing `<script>`, `<img onerror=…>` or `[x](javascript:…)`
comes out as inert text, in the browser and in the API output alike.

The only markup we turn into tags is the corpus's own typography:
``_{x}`` → <sub>, ``^{x}`` → <sup>, ``*x*`` → <em>, ``**x**`` → <strong>;
the content of each is escaped the same way.

The bubble is one HTML block without blank lines, so a markdown renderer
passes it through as HTML and never parses corpus text as markdown.

A passage printed in a PDF gets a "show page" control (`page_html`): a
<details> holding the page image, which the browser fetches from the app's
own route (ui/app.py) only when it is opened, with the page number and links
to the neighbouring pages. The URLs carry the document id (percent-quoted)
and source offsets only; the route renders them with assistant.pages.
`render_takeaway` is the block under an answer with its references as BibTeX
and RIS and the quoted document's citation; `render_page_view` is the page a
"page n" link opens.
"""
from __future__ import annotations

import html
import logging
import re
from typing import Callable, Iterable, Sequence
from urllib.parse import quote

from assistant.answer import NO_ANSWER

log = logging.getLogger(__name__)

# Characters that mean something to markdown (links, emphasis, code, tables,
# strikethrough, autolinks' brackets), to LaTeX delimiters, or to our own markup
# parser. html.escape leaves them alone; a numeric entity shows the same
# character but no markdown parser treats an entity as syntax.
_MARKDOWN_CHARS = "[]()*_`~$\\|{}^"
_MD_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in _MARKDOWN_CHARS})

# Private-use code points marking highlight boundaries while formatting.
_MARK_ON, _MARK_OFF = "\ue000", "\ue001"
_SENTINELS = str.maketrans({_MARK_ON: "\ufffd", _MARK_OFF: "\ufffd"})

_TOKEN = re.compile(
    r"\*\*(?P<strong>(?=\S)[^*\ue000\ue001]+?(?<=\S))\*\*"
    r"|\*(?P<em>(?=\S)[^*\ue000\ue001]+?(?<=\S))\*"
    r"|_\{(?P<sub>[^{}\ue000\ue001]{1,80})\}"
    r"|\^\{(?P<sup>[^{}\ue000\ue001]{1,80})\}"
    r"|(?P<on>\ue000)|(?P<off>\ue001)"
)
_SPACES = re.compile(r"\s+")


def escape(text: str) -> str:
    """Corpus text → HTML text that no markdown, LaTeX or HTML parser treats as markup."""
    return html.escape(text, quote=True).translate(_MD_TABLE)


def format_text(text: str) -> str:
    """Escape corpus text and render its typography (sub/superscripts, emphasis).

    Whitespace (page breaks, newlines) is collapsed to single spaces.
    Highlight sentinels inserted by `format_highlighted` become <mark> tags.
    """
    return _format(_SPACES.sub(" ", text).strip())


def _format(text: str) -> str:
    out: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        out.append(escape(text[position : match.start()]))
        kind = match.lastgroup
        if kind == "on":
            out.append("<mark>")
        elif kind == "off":
            out.append("</mark>")
        else:
            tag = {"strong": "strong", "em": "em", "sub": "sub", "sup": "sup"}[kind]
            out.append(f"<{tag}>{_format(match.group(kind))}</{tag}>")
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def format_highlighted(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """Format `text` with the character ranges [start, end) wrapped in <mark>."""
    text = text.translate(_SENTINELS)  # the corpus cannot fake a highlight
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in ranges):
        if start >= end:
            continue
        if merged and (start <= merged[-1][1] or not text[merged[-1][1]:start].strip()):  # one highlight across a join
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces += [text[position:start], _MARK_ON, text[start:end], _MARK_OFF]
        position = end
    pieces.append(text[position:])
    return format_text("".join(pieces))


def highlight_ranges(passage, answer_spans: Sequence, doc_of_rank: dict[int, str]) -> list[tuple[int, int]]:
    """Where the answer sentences lie in the passage's display text.

    Answer spans are offsets into the document source; the passage text is
    its source spans joined by one space, so an offset inside span i maps to
    (length of the spans before it, plus one space each) + (offset - span start).
    A span of another document never matches; a mapped piece that does not
    equal the answer's own text is dropped rather than mis-highlighted.
    """
    ranges: list[tuple[int, int]] = []
    for answer_span in answer_spans:
        if doc_of_rank.get(answer_span.passage) != passage.doc_id:
            continue
        offset = 0
        for start, end in passage.spans:
            low, high = max(answer_span.start, start), min(answer_span.end, end)
            if low < high:
                text_start, text_end = offset + low - start, offset + high - start
                expected = answer_span.text[low - answer_span.start : high - answer_span.start]
                if passage.text[text_start:text_end] == expected:
                    ranges.append((text_start, text_end))
                else:
                    log.warning("answer span %s-%s does not match passage %s text; not highlighted",
                                answer_span.start, answer_span.end, passage.rank)
            offset += end - start + 1
    return ranges


def place(passage) -> str:
    """Where a passage is in its document (plain text, not escaped)."""
    if passage.kind == "reference":
        return f"{passage.title} · reference {passage.paragraph}" + (f" · p. {passage.page}" if passage.page else "")
    if passage.kind == "metadata":
        return f"{passage.title} · metadata"
    parts = [passage.title]
    if passage.section:
        parts.append(passage.section)
    parts.append(f"paragraph {passage.paragraph}")
    if passage.page:
        parts.append(f"p. {passage.page}")
    return " · ".join(parts)


def cited_ranks(answer) -> list[int]:
    """Ranks of the passages the answer cites, in order of first citation."""
    ranks: list[int] = []
    for span in answer.answer_spans:
        if span.passage not in ranks:
            ranks.append(span.passage)
    return ranks


def _answer_html(answer, valid_ranks: set[int]) -> str:
    """The answer sentences (their source spans, grouped by sentence), each followed by its citation badge."""
    sentences: dict[int, list] = {}
    for span in answer.answer_spans:
        sentences.setdefault(span.sentence, []).append(span)
    parts = []
    for spans in sentences.values():
        rank = spans[0].passage
        badge = f' <span class="qa-cite" title="passage {rank}">[{rank}]</span>' if rank in valid_ranks else ""
        parts.append(f'<p class="qa-sentence">{format_text(" ".join(s.text for s in spans))}{badge}</p>')
    return "".join(parts)


PAGE_ROUTE = "qa/page"  # relative to the chat's own address, so a root path (a proxy's mount point) is kept
REFS_ROUTE = "qa/refs"


def spans_param(spans: Iterable[tuple[int, int]]) -> str:
    """Source spans → a URL parameter: [(10, 20), (25, 40)] → "10-20,25-40"."""
    return ",".join(f"{int(start)}-{int(end)}" for start, end in spans)


def parse_spans(text: str) -> list[tuple[int, int]]:
    """The inverse of `spans_param`; ValueError on anything else."""
    spans = []
    for part in filter(None, (text or "").split(",")):
        match = re.fullmatch(r"(\d{1,9})-(\d{1,9})", part.strip())
        if not match:
            raise ValueError(f"{part[:40]!r} is not a span like 120-240")
        spans.append((int(match.group(1)), int(match.group(2))))
    return spans


def page_url(doc_id: str, page: int, highlight: Sequence[tuple[int, int]] = (), outline: Sequence[tuple[int, int]] = (),
             image: bool = False, prefix: str = PAGE_ROUTE + "/") -> str:
    """The route of a page (its viewer, or with `image` its PNG), relative to `prefix` (the chat's address:
    "qa/page/"; a page view links its neighbours with prefix "")."""
    query = "&".join(f"{name}={spans_param(spans)}" for name, spans in (("a", highlight), ("p", outline)) if spans)
    path = f"{prefix}{quote(doc_id, safe='')}/{int(page)}" if prefix else str(int(page))
    return f"{path}{'.png' if image else ''}{'?' + query if query else ''}"


def _what_is_shown(kind: str, text: str) -> str:
    """"the figure", "the table", "the scheme" for a caption or table passage; "" for other text."""
    if kind == "table":
        return "the table"
    if kind == "caption":
        first = text.lstrip().lower()
        return next((f"the {word}" for word in ("scheme", "table", "chart") if first.startswith(word)), "the figure")
    return ""


def page_html(ref, title: str, text: str = "") -> str:
    """The "show page" control of a passage printed in a PDF (`ref`: an `assistant.pages.PageRef`; `text`:
    the passage's, to name what a caption's page shows)."""
    url = lambda page, image=False: escape(page_url(ref.doc_id, page, ref.highlight, ref.outline, image))  # noqa: E731
    what = _what_is_shown(ref.kind, text)
    label = f"show page {ref.page}" + (f" ({what})" if what else "")
    nav = [f'<span class="qa-page-num">page {ref.page} of {ref.count}</span>']
    if ref.page > 1:
        nav.append(f'<a class="qa-page-prev" href="{url(ref.page - 1)}" title="page {ref.page - 1}, in a new tab">'
                   f"‹ page {ref.page - 1}</a>")
    if ref.page < ref.count:
        nav.append(f'<a class="qa-page-next" href="{url(ref.page + 1)}" title="page {ref.page + 1}, in a new tab">'
                   f"page {ref.page + 1} ›</a>")
    nav.append(f'<a class="qa-page-full" href="{url(ref.page)}" title="this page at full size, in a new tab">'
               "full size</a>")
    alt = f"Page {ref.page} of {title}: the answer highlighted, the passage framed"
    return (f'<details class="qa-page"><summary>{html.escape(label)}</summary>'
            f'<div class="qa-page-bar">{" · ".join(nav)}</div>'
            f'<img class="qa-page-img" src="{url(ref.page, True)}" loading="lazy" width="{int(ref.width)}" '
            f'height="{int(ref.height)}" alt="{escape(alt)}">'
            "</details>")


def _passage_html(passage, answer, doc_of_rank: dict[int, str], show_references: bool, open_: bool,
                  page_of: Callable | None = None) -> str:
    ranges = highlight_ranges(passage, answer.answer_spans, doc_of_rank)
    location = (f"{passage.doc_id}, characters {passage.start}–{passage.end}"
                f"{' (' + str(len(passage.spans)) + ' pieces)' if len(passage.spans) > 1 else ''}")
    parts = [
        f'<details class="qa-passage"{" open" if open_ else ""}>',
        f'<summary><span class="qa-rank">[{passage.rank}]</span> '
        f'<span class="qa-place">{escape(place(passage))}</span>'
        f'<span class="qa-loc" title="{escape(location)}">{escape(location)}</span></summary>',
        f'<div class="qa-quote">{format_highlighted(passage.text, ranges)}</div>',
    ]
    ref = page_of(passage) if page_of is not None else None
    if ref is not None:
        parts.append(page_html(ref, passage.title, passage.text))
    same = _SPACES.sub(" ", passage.text).strip()
    entries = [r for r in passage.references if _SPACES.sub(" ", r.text).strip() != same]
    if show_references and entries:
        parts.append('<div class="qa-refs"><div class="qa-refs-label">Cited in this passage</div>')
        parts += [
            f'<div class="qa-ref"><span class="qa-refnum">{int(r.number)}</span>'
            f'<span class="qa-reftext">{format_text(r.text)}</span></div>'
            for r in entries
        ]
        parts.append("</div>")
    parts.append("</details>")
    return "".join(parts)


def render_answer(answer, show_references: bool = True, page_of: Callable | None = None) -> str:
    """The chat bubble for an Answer (a single HTML block; also the /chat API output).

    ``page_of(passage)`` → an `assistant.pages.PageRef` or None: the page a passage's "show page" shows
    (the chat passes `SourcePages.page_ref`); without it no passage has one."""
    note = f'<div class="qa-note">{escape(SHORTENED)}</div>' if getattr(answer, "shortened", False) else ""
    if answer.abstained:
        return note + render_abstention(answer.answer)
    doc_of_rank = {p.rank: p.doc_id for p in answer.passages}
    cited = sorted(r for r in cited_ranks(answer) if r in doc_of_rank)
    by_rank = {p.rank: p for p in answer.passages}
    others = [p for p in answer.passages if p.rank not in cited]
    parts = [note, '<div class="qa qa-ok">', '<div class="qa-answer">', _answer_html(answer, set(doc_of_rank)), "</div>"]
    if cited:
        parts.append(f'<div class="qa-heading">Cited passage{"s" if len(cited) > 1 else ""}</div>')
        parts += [_passage_html(by_rank[r], answer, doc_of_rank, show_references, True, page_of) for r in cited]
    if others:
        parts.append(f'<details class="qa-more"><summary>Other retrieved passages ({len(others)})</summary>')
        parts += [_passage_html(p, answer, doc_of_rank, show_references, False, page_of) for p in others]
        parts.append("</details>")
    parts.append(
        f'<div class="qa-foot">Quoted verbatim from the source; highlighted text is the answer. '
        f'Confidence {answer.confidence:.2f}{" (weak)" if answer.confidence < WEAK_CONFIDENCE else ""}. '
        f"{len(answer.passages)} passage{'s' if len(answer.passages) != 1 else ''} retrieved in "
        f"{answer.elapsed_ms:.0f} ms.</div>"
    )
    parts.append("</div>")
    return "".join(parts)


def refs_url(doc_id: str, numbers: Sequence[int], fmt: str) -> str:
    """The route of a document's numbered entries as BibTeX ("bib") or RIS ("ris"), relative to the chat."""
    return f"{REFS_ROUTE}/{quote(doc_id, safe='')}.{fmt}?n={','.join(str(int(n)) for n in numbers)}"


def render_takeaway(takeaways: Sequence) -> str:
    """Under an answer: per document it quotes (`assistant.pages.Takeaway`), its citation with a "copy
    citation" button (the chat's script copies the text beside it), and the entries the quoted passages cite
    as BibTeX and RIS downloads. "" when there is nothing to take away. Not part of `render_answer` (nor of
    the /chat API's output): the chat puts it beside the bubble."""
    if not takeaways:
        return ""
    parts = ['<div class="qa-take">']
    for item in takeaways:
        parts.append('<div class="qa-take-doc">')
        parts.append(f'<div class="qa-take-cite"><span class="qa-take-label">Cite</span> '
                     f'<span class="qa-citation">{format_text(item.citation)}</span> '
                     '<button type="button" class="qa-copy" title="copy this citation">copy citation</button></div>')
        if item.numbers:
            stem = re.sub(r"[^A-Za-z0-9._-]+", "-", item.doc_id).strip("-") or "references"
            count = f"{len(item.numbers)} entr{'y' if len(item.numbers) == 1 else 'ies'}"
            parts.append(
                f'<div class="qa-take-refs"><span class="qa-take-label">References</span> {count} cited in the quoted '
                f'passage{"s" if len(item.numbers) > 1 else ""}: '
                f'<a class="qa-bibtex" href="{escape(refs_url(item.doc_id, item.numbers, "bib"))}" '
                f'download="{escape(stem)}-references.bib">BibTeX</a> · '
                f'<a class="qa-ris" href="{escape(refs_url(item.doc_id, item.numbers, "ris"))}" '
                f'download="{escape(stem)}-references.ris">RIS</a></div>')
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def render_page_view(title: str, ref, anchor: int | None) -> str:
    """A whole HTML page showing one page of a PDF at full size (what the "page n" links open): the page
    number, links to the neighbouring pages (same highlight and frame), and the image; `anchor` is the pixel
    row to scroll to (#passage), above the answer or the passage."""
    def link(page: int, text: str, css: str) -> str:
        return f'<a class="{css}" href="{html.escape(page_url(ref.doc_id, page, ref.highlight, ref.outline, prefix=""))}#passage">{text}</a>'

    nav = []
    if ref.page > 1:
        nav.append(link(ref.page - 1, f"‹ page {ref.page - 1}", "prev"))
    nav.append(f'<span class="num">page {ref.page} of {ref.count}</span>')
    if ref.page < ref.count:
        nav.append(link(ref.page + 1, f"page {ref.page + 1} ›", "next"))
    image = html.escape(page_url(ref.doc_id, ref.page, ref.highlight, ref.outline, image=True, prefix=""))
    mark = f'<span id="passage" style="top:{max(0, int(anchor) - 80)}px"></span>' if anchor is not None else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page {ref.page} of {ref.count} · {html.escape(title)}</title>
<style>
body {{ margin: 0; background: #e2e8f0; font: 15px/1.4 ui-sans-serif, system-ui, "Segoe UI", Arial, sans-serif; color: #0f172a; }}
header {{ position: sticky; top: 0; z-index: 1; background: #f8fafc; border-bottom: 1px solid #cbd5e1; padding: .5rem 1rem;
  display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: baseline; }}
.title {{ font-weight: 650; }}
nav {{ display: flex; gap: .9rem; }} nav a {{ color: #1d4ed8; text-decoration: none; }} nav a:hover {{ text-decoration: underline; }}
.legend {{ color: #475569; font-size: .85rem; }}
.hl {{ background: #fde68a; padding: 0 .2rem; }} .ol {{ outline: 2px solid #2563eb; padding: 0 .2rem; }}
main {{ padding: 1rem; }}
.sheet {{ position: relative; margin: 0 auto; box-shadow: 0 1px 6px rgba(15, 23, 42, .25); background: white; }}
.sheet img {{ display: block; }}
#passage {{ position: absolute; left: 0; width: 1px; height: 1px; }}
</style></head>
<body><header><span class="title">{html.escape(title)}</span><nav>{"".join(nav)}</nav>
<span class="legend"><span class="hl">highlighted</span> the answer · <span class="ol">framed</span> the passage</span></header>
<main><div class="sheet" style="width:{int(ref.width)}px"><img src="{image}" width="{int(ref.width)}" height="{int(ref.height)}"
alt="Page {ref.page} of {html.escape(title)}">{mark}</div></main></body></html>
"""


def render_abstention(message: str) -> str:
    """No answer: that the documents do not answer, or the engine's reason (ask in English, say which
    document, the document does not state it)."""
    if message != NO_ANSWER:
        return f'<div class="qa qa-none"><div class="qa-none-title">No answer</div><p>{escape(message)}</p></div>'
    return (
        '<div class="qa qa-none"><div class="qa-none-title">Not in the documents</div>'
        f'<p>{escape(message)} Nothing in them matches the question closely enough to quote.</p>'
        '<p class="qa-hint">Try naming a cluster, an author or a method from the paper, '
        "or pick one of the example questions.</p></div>"
    )


WEAK_CONFIDENCE = 0.5  # below this an answer's confidence is shown as weak: more likely wrong than right
SHORTENED = "The question was longer than the model reads: its last sentences were used."


def render_error(message: str) -> str:
    """A bad question (empty, too long, …): the engine's message, shown as a notice."""
    return f'<div class="qa qa-error"><div class="qa-error-title">Cannot ask that</div><p>{escape(message)}</p></div>'


def render_failure() -> str:
    return ('<div class="qa qa-error"><div class="qa-error-title">Something went wrong</div>'
            "<p>The assistant could not answer this question; the details are in the server log. "
            "Try again or rephrase it.</p></div>")


def render_question(question: str) -> str:
    """A user's question as shown in their bubble (escaped like corpus text)."""
    return f'<div class="qa-q">{escape(_SPACES.sub(" ", question).strip())}</div>'


def question_of(rendered: str) -> str:
    """The question text back from `render_question` output (for follow-up history)."""
    match = re.fullmatch(r'<div class="qa-q">(.*)</div>', rendered.strip(), re.S)
    return html.unescape(match.group(1)) if match else html.unescape(rendered)
