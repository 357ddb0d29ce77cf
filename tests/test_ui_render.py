"""The chat bubble's formatting (ui/render.py), and the app's wiring, without a server.

Synthetic records pin down the offset mapping (answer spans → passage text
through the passage's source spans) and the escaping; the session `bot`
fixture checks a real answer and the events' concurrency settings.
"""
from __future__ import annotations

import re

import pytest

from assistant.types import Answer, AnswerSpan, Passage, ReferenceEntry, join_spans
from ui.render import (
    escape, format_highlighted, format_text, highlight_ranges, question_of, render_abstention, render_answer,
    render_question,
)

# A document source with page furniture between two pieces of one paragraph.
SOURCE = ("Intro line.\n"
          "Clusters of Au_{25} glow.¹ The *tert*-butyl ligand made the\n\n12\nPublished: today\n\n"
          "cluster **brighter**.² Unrelated end.")
PIECE_1 = (SOURCE.index("Clusters"), SOURCE.index("the\n") + 3)
PIECE_2 = (SOURCE.index("cluster **"), len(SOURCE))


def passage(rank=1, doc_id="doc", spans=(PIECE_1, PIECE_2), references=(), kind="body") -> Passage:
    spans = tuple(spans)
    return Passage(rank=rank, chunk_id=rank, doc_id=doc_id, title="A <Title>", section="Main text", paragraph=4,
                   kind=kind, start=spans[0][0], end=spans[-1][1], spans=spans, score=0.5,
                   text=join_spans(SOURCE, spans), references=tuple(references))


def sentence_spans(sentence: str, rank=1) -> list[AnswerSpan]:
    """The engine's answer spans for a sentence of SOURCE that may cross the page break."""
    start = SOURCE.index(sentence.split("\n")[0])
    end = SOURCE.index(sentence.split("\n")[-1]) + len(sentence.split("\n")[-1])
    pieces = [(max(start, s), min(end, e)) for s, e in (PIECE_1, PIECE_2) if max(start, s) < min(end, e)]
    return [AnswerSpan(rank, s, e, SOURCE[s:e]) for s, e in pieces]


def marks(markup: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", markup)


def test_highlight_maps_source_offsets_through_the_passage_spans():
    p = passage()
    spans = sentence_spans("The *tert*-butyl ligand made the\ncluster **brighter**.²")
    assert len(spans) == 2  # the sentence is cut by the page furniture
    ranges = highlight_ranges(p, spans, {1: "doc"})
    assert [p.text[s:e] for s, e in ranges] == ["The *tert*-butyl ligand made the", "cluster **brighter**.²"]
    html = format_highlighted(p.text, ranges)
    # one highlight across the join, typography rendered inside it, the first sentence left out
    assert marks(html) == ["The <em>tert</em>-butyl ligand made the cluster <strong>brighter</strong>.²"]
    assert html.startswith("Clusters of Au<sub>25</sub> glow.¹ <mark>")


def test_highlight_ignores_other_documents_and_mismatches():
    p = passage()
    spans = sentence_spans("Clusters of Au_{25} glow.¹")
    assert highlight_ranges(p, spans, {1: "another-doc"}) == []
    forged = [AnswerSpan(1, spans[0].start, spans[0].end, "Something else entirely!!")]
    assert highlight_ranges(p, forged, {1: "doc"}) == []


def test_typography_and_escaping():
    assert format_text("Au_{26.3}Ag_{17.7}(SR)") == "Au<sub>26.3</sub>Ag<sub>17.7</sub>&#40;SR&#41;"
    assert format_text("groups.^{16,17}") == "groups.<sup>16,17</sup>"
    assert format_text("*Rongchao Jin* and **Collection**") == "<em>Rongchao Jin</em> and <strong>Collection</strong>"
    assert format_text("*Au_{25} clusters*") == "<em>Au<sub>25</sub> clusters</em>"
    assert format_text("a * b and 2*3") == "a &#42; b and 2&#42;3"
    assert format_text("Au₂₅ ¹⁵ π – π") == "Au₂₅ ¹⁵ π – π"
    assert format_text("line\n\n  break\tend ") == "line break end"
    assert format_text("<script>alert(1)</script>") == "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;"
    assert format_text("*<img src=x onerror=alert(1)>*") == "<em>&lt;img src=x onerror=alert&#40;1&#41;&gt;</em>"
    assert format_text("[x](javascript:alert(1))") == "&#91;x&#93;&#40;javascript:alert&#40;1&#41;&#41;"
    assert format_text("_{<b>}") == "<sub>&lt;b&gt;</sub>"
    assert format_text("$$x$$ `c` ~~s~~ \\[") == "&#36;&#36;x&#36;&#36; &#96;c&#96; &#126;&#126;s&#126;&#126; &#92;&#91;"
    # corpus text cannot forge our highlight markers
    assert "<mark>" not in format_highlighted("a \ue000b\ue001 c", [])
    assert escape('"quoted" & \'single\'') == "&quot;quoted&quot; &amp; &#x27;single&#x27;"


def test_render_answer_bubble():
    spans = sentence_spans("Clusters of Au_{25} glow.¹")
    refs = [ReferenceEntry(1, "Smith, A. <b>Gold</b>. *J. Chem.* **2020**, *1*, 2."), ReferenceEntry(2, "Jones, B. Title.")]
    other = passage(rank=2, spans=(PIECE_2,), references=refs[1:])
    answer = Answer("q?", "Clusters of Au_{25} glow.¹ [1]", False, spans, [passage(references=refs[:1]), other], 12.3)
    html = render_answer(answer)
    assert html.startswith('<div class="qa qa-ok">') and "\n" not in html
    assert '<p class="qa-sentence">Clusters of Au<sub>25</sub> glow.¹ <span class="qa-cite" title="passage 1">[1]</span></p>' in html
    assert "A &lt;Title&gt; · Main text · paragraph 4" in html
    assert marks(html) == ["Clusters of Au<sub>25</sub> glow.¹"]
    assert "Smith, A. &lt;b&gt;Gold&lt;/b&gt;. <em>J. Chem.</em> <strong>2020</strong>, <em>1</em>, 2." in html
    # the uncited passage is collapsed under "other retrieved passages"
    cited, others = html.split("Other retrieved passages (1)")
    assert '<details class="qa-passage" open>' in cited and '<details class="qa-passage">' in others
    assert "Jones, B." in others and "Jones, B." not in cited
    without = render_answer(answer, show_references=False)
    assert "qa-refs" not in without and "Smith" not in without


def test_render_reference_and_metadata_places():
    ref = passage(kind="reference", spans=(PIECE_2,), references=[ReferenceEntry(4, join_spans(SOURCE, (PIECE_2,)))])
    answer = Answer("q", "x [1]", False, [], [ref])
    html = render_answer(answer)
    assert "A &lt;Title&gt; · reference 4" in html
    assert "qa-refs" not in html  # the entry itself is the passage: not repeated as its own reference
    meta = passage(kind="metadata", spans=(PIECE_2,))
    assert "A &lt;Title&gt; · metadata" in render_answer(Answer("q", "x [1]", False, [], [meta]))


def test_abstention_shows_nothing_like_an_answer():
    html = render_abstention("The indexed documents do not answer this question.")
    assert "Not in the documents" in html and "do not answer" in html
    for marker in ("<mark>", "qa-passage", "qa-cite", "qa-answer", "[1]"):
        assert marker not in html
    assert render_answer(Answer("q", "The indexed documents do not answer this question.", True)) == html


@pytest.mark.parametrize("question", ["Plain?", "<img src=x onerror=alert(1)> & [y](javascript:z) *a* _{b}",
                                      "Au₂₅ — “quoted” &amp; literal", "multi\nline   question"])
def test_question_round_trip(question):
    shown = render_question(question)
    assert "<img" not in shown and "](javascript" not in shown
    assert question_of(shown) == " ".join(question.split())


def test_user_questions_read_gradio6_messages():
    from ui.app import user_questions

    chat = [
        {"role": "user", "content": [{"type": "text", "text": render_question("First <q>?")}]},
        {"role": "assistant", "content": [{"type": "text", "text": "<div class=\"qa\">…</div>"}]},
        {"role": "user", "content": render_question("Second?")},
        {"role": "user", "content": [{"type": "file", "file": {"path": "x"}}]},
    ]
    assert user_questions(chat) == ["First <q>?", "Second?"]


def test_real_answer_and_event_settings(bot):
    from ui.app import build_app

    answer = bot.ask("Why does the Au26.3Ag17.7 cluster luminesce more strongly?")
    html = render_answer(answer)
    assert any("enhanced photoluminescence due to lower symmetry" in m for m in marks(html))
    for span in answer.answer_spans:  # every answer span is highlighted in the passage it cites
        cited = next(p for p in answer.passages if p.rank == span.passage)
        assert highlight_ranges(cited, [span], {p.rank: p.doc_id for p in answer.passages})

    demo = build_app(bot)
    engine_events = [fn for fn in demo.fns.values() if fn.name in ("chat", "ask") or fn.name.startswith("respond")]
    assert {fn.api_name for fn in engine_events} >= {"chat", "ask"}
    assert len(engine_events) >= 3
    for fn in engine_events:  # every event that runs the engine shares one concurrency group
        assert fn.concurrency_limit == bot.config.serve.concurrency and fn.concurrency_id == "engine"


# --- "show page" and the answer's references to take away (assistant/pages.py gives what they show) ------------

def page_ref(page=2, count=3, kind="body"):
    from assistant.pages import PageRef

    return PageRef("Präparation 2024", page, count, 1240, 1754, ((120, 240),), ((100, 300), (310, 400)), kind)


def test_spans_travel_in_urls():
    from ui.render import page_url, parse_spans, spans_param

    assert spans_param([(120, 240), (5, 9)]) == "120-240,5-9"
    assert parse_spans("120-240,5-9") == [(120, 240), (5, 9)] and parse_spans("") == []
    for bad in ("1-", "a-b", "1-2;3-4", "-5-6", "1-2,,x"):
        with pytest.raises(ValueError):
            parse_spans(bad)
    ref = page_ref()
    assert page_url(ref.doc_id, 2, ref.highlight, ref.outline, image=True) == (
        "qa/page/Pr%C3%A4paration%202024/2.png?a=120-240&p=100-300,310-400")
    assert page_url(ref.doc_id, 3, (), ref.outline, prefix="") == "3?p=100-300,310-400"


def test_show_page_control():
    from ui.render import page_html

    html = page_html(page_ref(), "A <Title>")
    assert html.startswith('<details class="qa-page"><summary>show page 2</summary>') and "\n" not in html
    assert ('<img class="qa-page-img" src="qa/page/Pr%C3%A4paration%202024/2.png?a=120-240&amp;p=100-300,310-400" '
            'loading="lazy" width="1240" height="1754"') in html  # fetched from the app only when opened
    assert "page 2 of 3" in html and "‹ page 1</a>" in html and "page 3 ›</a>" in html
    assert 'href="qa/page/Pr%C3%A4paration%202024/3?a=120-240&amp;p=100-300,310-400"' in html
    assert 'alt="Page 2 of A &lt;Title&gt;: the answer highlighted, the passage framed"' in html
    first, last = page_html(page_ref(1, 3), "T"), page_html(page_ref(3, 3), "T")
    assert "qa-page-prev" not in first and "qa-page-next" in first
    assert "qa-page-next" not in last and "qa-page-prev" in last
    assert "show page 2 (the figure)" in page_html(page_ref(kind="caption"), "T", "Figure 2. Spectra")
    assert "show page 2 (the scheme)" in page_html(page_ref(kind="caption"), "T", "Scheme 1. Route")
    assert "show page 2 (the table)" in page_html(page_ref(kind="table"), "T", "0.5 1.2")


def test_only_passages_with_a_page_get_show_page():
    spans = sentence_spans("Clusters of Au_{25} glow.¹")
    answer = Answer("q?", "x [1]", False, spans, [passage(), passage(rank=2, spans=(PIECE_2,))], 3.0)
    assert "qa-page" not in render_answer(answer)
    html = render_answer(answer, page_of=lambda p: page_ref() if p.rank == 1 else None)
    cited, others = html.split("Other retrieved passages (1)")
    assert cited.count('<details class="qa-page">') == 1 and "qa-page" not in others
    assert cited.index("qa-quote") < cited.index("qa-page")  # under the quote it shows


def test_takeaway_block():
    from assistant.pages import Takeaway
    from ui.render import render_takeaway
    from ui_server import Tags

    assert render_takeaway([]) == ""
    html = render_takeaway([Takeaway("my paper", "T", "A. One. <b>Bold</b> [x](javascript:y). J. 2020.", (3, 5, 6)),
                            Takeaway("other", "U", "B. Two. Title.", ())])
    assert html.startswith('<div class="qa-take">') and "\n" not in html
    assert '<span class="qa-citation">A. One. &lt;b&gt;Bold&lt;/b&gt; &#91;x&#93;&#40;javascript:y&#41;. J. 2020.</span>' in html
    assert html.count('<button type="button" class="qa-copy"') == 2
    assert '<a class="qa-bibtex" href="qa/refs/my%20paper.bib?n=3,5,6" download="my-paper-references.bib">BibTeX</a>' in html
    assert '<a class="qa-ris" href="qa/refs/my%20paper.ris?n=3,5,6" download="my-paper-references.ris">RIS</a>' in html
    assert "3 entries cited in the quoted passages" in html
    assert html.count("qa-bibtex") == 1  # the document citing nothing offers its citation only
    tags = Tags()
    tags.feed(html)
    assert {tag for tag, _ in tags.tags} <= {"div", "span", "button", "a"}


def test_page_view_document():
    from ui.render import render_page_view

    html = render_page_view("A <Title>", page_ref(), anchor=500)
    assert html.startswith("<!doctype html>") and "<title>Page 2 of 3 · A &lt;Title&gt;</title>" in html
    assert '<a class="prev" href="1?a=120-240&amp;p=100-300,310-400#passage">‹ page 1</a>' in html
    assert '<a class="next" href="3?a=120-240&amp;p=100-300,310-400#passage">page 3 ›</a>' in html
    assert '<img src="2.png?a=120-240&amp;p=100-300,310-400" width="1240" height="1754"' in html
    assert '<span id="passage" style="top:420px"></span>' in html
    assert "http" not in html.replace('charset="utf-8"', "")  # nothing from elsewhere: no fonts, no scripts
    assert "<script" not in html


def test_takeaway_of_a_real_answer(bot, editorial):
    from assistant.export import citation_of, to_bibtex, to_ris
    from assistant.pages import PageError, SourcePages, entries_export, takeaways

    answer = bot.ask("Why does the Au26.3Ag17.7 cluster luminesce more strongly?")
    (item,) = takeaways(bot.index, answer)
    assert item.doc_id == editorial.doc_id and item.citation == citation_of(editorial)
    cited = {r.number for p in answer.passages if p.rank in {s.passage for s in answer.answer_spans} for r in p.references}
    assert 35 in item.numbers and set(item.numbers) == cited
    assert entries_export(bot.index, item.doc_id, item.numbers, "bibtex") == to_bibtex(editorial, item.numbers)
    assert entries_export(bot.index, item.doc_id, item.numbers, "ris") == to_ris(editorial, item.numbers)
    assert takeaways(bot.index, bot.ask("What is the best recipe for chocolate cake?")) == []
    pages = SourcePages(bot.index, bot.config.corpus_dir)
    assert all(pages.page_ref(p, answer) is None for p in answer.passages)  # a text file has no pages
    with pytest.raises(PageError, match="is not a PDF"):
        pages.render(editorial.doc_id, 1)
