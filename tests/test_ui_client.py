"""The two HTTP endpoints through gradio_client (and raw REST) against the real running server.

/chat returns the bubble's markdown; /ask returns the engine's JSON. A fresh
Client is a fresh session (no chat history), so each independent question
gets its own.
"""
from __future__ import annotations

import json
import os

import httpx
import pytest

from ui_server import Tags, ui_server  # noqa: F401  (fixture)

os.environ["HF_HUB_OFFLINE"] = "1"  # gradio_client.Client() phones home otherwise
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

from gradio_client import Client  # noqa: E402
from gradio_client.exceptions import AppError  # noqa: E402

pytestmark = pytest.mark.server

QUESTION = "Why does the Au26.3Ag17.7 cluster luminesce more strongly?"
FIRST = "What reaction did Zhikun Wu and Manbo Li use nanoclusters for?"
FOLLOW_UP = "What were its advantages?"
OUTSIDE = "What is the best recipe for chocolate cake?"


def client(server) -> Client:
    return Client(server.url, verbose=False)


def tags_of(markup: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(markup)
    return parser.tags


def rest_call(server, api_name: str, data: list) -> tuple[str, str]:
    """POST /gradio_api/call/<name>, then read its event stream: (last event, its data)."""
    posted = httpx.post(f"{server.url}gradio_api/call/{api_name}", json={"data": data}, timeout=30, trust_env=False)
    posted.raise_for_status()
    event_id = posted.json()["event_id"]
    stream = httpx.get(f"{server.url}gradio_api/call/{api_name}/{event_id}", timeout=60, trust_env=False).text
    events = [line[len("event: "):] for line in stream.splitlines() if line.startswith("event: ")]
    datas = [line[len("data: "):] for line in stream.splitlines() if line.startswith("data: ")]
    return events[-1], datas[-1]


def test_both_endpoints_are_named(ui_server):
    api = client(ui_server).view_api(print_info=False, return_format="dict")
    named = api["named_endpoints"]
    assert {"/chat", "/ask"} <= set(named)
    assert [p["parameter_name"] for p in named["/ask"]["parameters"]] == ["question", "history", "k", "doc"]
    assert named["/chat"]["parameters"][0]["parameter_name"] == "message"


def test_chat_returns_the_bubble_markdown(ui_server):
    markdown = client(ui_server).predict(QUESTION, api_name="/chat")
    assert isinstance(markdown, str)
    assert "enhanced photoluminescence due to lower symmetry" in markdown
    assert "Au<sub>26.3</sub>Ag<sub>17.7</sub>" in markdown  # typeset chemistry
    assert "_{" not in markdown and "*tert*" not in markdown  # no raw markup left
    assert "<mark>" in markdown and "qa-passage" in markdown
    assert '<span class="qa-refnum">35</span><span class="qa-reftext">Han, J.;' in markdown
    # only our own, inert tags: nothing a corpus could smuggle in
    allowed = {"div", "p", "span", "details", "summary", "mark", "em", "strong", "sub", "sup"}
    assert {tag for tag, _ in tags_of(markdown)} <= allowed
    assert all(set(attrs) <= {"class", "title", "open"} for _, attrs in tags_of(markdown))
    assert "\n\n" not in markdown  # one HTML block: markdown never parses corpus text


def test_chat_settings(ui_server):
    markdown = client(ui_server).predict(QUESTION, 1, False, api_name="/chat")
    assert markdown.count('class="qa-passage"') == 1
    assert "qa-refs" not in markdown and "Han, J." not in markdown
    assert "lower symmetry" in markdown


def test_chat_follow_up_uses_the_session_history(ui_server):
    session = client(ui_server)
    assert "Zhikun Wu" in session.predict(FIRST, api_name="/chat")
    follow_up = session.predict(FOLLOW_UP, api_name="/chat")
    assert "qa-ok" in follow_up and ("hydroborylation" in follow_up or "Zhikun Wu" in follow_up), follow_up
    # the same words in a fresh session have no conversation to lean on
    alone = client(ui_server).predict(FOLLOW_UP, api_name="/chat")
    assert "Zhikun Wu" not in alone


def test_chat_out_of_corpus(ui_server):
    markdown = client(ui_server).predict(OUTSIDE, api_name="/chat")
    assert "do not answer" in markdown and "Not in the documents" in markdown
    assert "<mark>" not in markdown and "qa-passage" not in markdown and "qa-cite" not in markdown


def test_ask_returns_the_engine_json(ui_server):
    result = client(ui_server).predict(QUESTION, None, None, api_name="/ask")
    assert set(result) == {"question", "answer", "abstained", "confidence", "shortened", "answer_spans", "passages",
                           "elapsed_ms"}
    assert 0 <= result["confidence"] <= 1 and result["shortened"] is False
    assert result["question"] == QUESTION and result["abstained"] is False
    assert "enhanced photoluminescence due to lower symmetry" in result["answer"]
    assert isinstance(result["elapsed_ms"], (int, float)) and result["elapsed_ms"] > 0
    passages = result["passages"]
    assert [p["rank"] for p in passages] == list(range(1, len(passages) + 1)) and len(passages) == 3
    for passage in passages:
        assert {"rank", "doc_id", "title", "section", "paragraph", "start", "end", "score", "text",
                "references"} <= set(passage)
        assert isinstance(passage["text"], str) and passage["start"] < passage["end"]
        for reference in passage["references"]:
            assert set(reference) == {"number", "text"} and isinstance(reference["number"], int)
    assert result["answer_spans"]
    for span in result["answer_spans"]:
        assert set(span) >= {"passage", "start", "end", "text"}
        assert span["end"] - span["start"] == len(span["text"])
        assert span["text"] in passages[span["passage"] - 1]["text"]  # the sentence is in the passage it cites
        assert f"[{span['passage']}]" in result["answer"]
    cited = next(p for p in passages if "lower symmetry" in p["text"])
    assert any(r["number"] == 35 and r["text"].startswith("Han, J.") for r in cited["references"])
    # verbatim data, not display markup: the engine's text exactly
    assert "Au_{26.3}Ag_{17.7}" in result["answer"]


def test_ask_with_history_and_k(ui_server):
    result = client(ui_server).predict(FOLLOW_UP, [FIRST], 1, api_name="/ask")
    assert result["abstained"] is False and len(result["passages"]) == 1
    text = result["passages"][0]["text"]
    assert "Zhikun Wu" in text or "hydroborylation" in text, text
    outside = client(ui_server).predict(OUTSIDE, [], 5, api_name="/ask")
    assert outside["abstained"] is True and outside["passages"] == [] and outside["answer_spans"] == []


@pytest.mark.parametrize("api_name, args, message", [
    ("/chat", ("",), "the question is empty"),
    ("/chat", ("   \n\t",), "the question is empty"),
    ("/ask", ("", None, None), "the question is empty"),
    ("/ask", (QUESTION, None, 0), "k (the number of passages) must be"),
    ("/ask", (QUESTION, None, 1_000_000), "k (the number of passages) must be"),
    ("/ask", (QUESTION, "not a list", None), "history must be a list"),
])
def test_bad_input_gives_a_readable_error(ui_server, api_name, args, message):
    with pytest.raises(AppError) as error:
        client(ui_server).predict(*args, api_name=api_name)
    assert message in str(error.value)
    assert "Traceback" not in str(error.value)


def test_errors_over_raw_http_and_the_server_keeps_serving(ui_server):
    event, data = rest_call(ui_server, "ask", ["", None, None, None])
    assert event == "error"
    assert "the question is empty" in data and "Traceback" not in data and 'File "' not in data
    event, data = rest_call(ui_server, "ask", [12345, None, None, None])
    assert event == "error" and "the question must be text" in data
    event, data = rest_call(ui_server, "chat", ["", 3, True, ""])
    assert event == "error" and "the question is empty" in data
    # values gradio rejects before our handler runs still come back with a message
    event, data = rest_call(ui_server, "chat", [QUESTION, 0, True, ""])
    assert event == "error" and "less than minimum value 1" in data
    event, data = rest_call(ui_server, "chat", [QUESTION, "abc", True, ""])
    assert event == "error" and json.loads(data)["error"] and "Traceback" not in data
    event, data = rest_call(ui_server, "ask", [QUESTION])
    assert event == "error" and "enough input values" in data and "Traceback" not in data
    event, data = rest_call(ui_server, "ask", [QUESTION, None, 2, None])
    assert event == "complete"
    assert len(json.loads(data)[0]["passages"]) == 2
    event, data = rest_call(ui_server, "ask", [QUESTION, None, 2, "no-such-document"])
    assert event == "error" and "no indexed document" in data


def test_concurrent_sessions_each_get_their_own_answer(ui_server):
    """Several sessions at once over plain HTTP: no errors, no cross-talk."""
    from concurrent.futures import ThreadPoolExecutor

    questions = [QUESTION, FIRST, OUTSIDE, "What did removing two kernel gold atoms from Au48 do?"] * 3

    def one(question: str) -> tuple[str, dict]:
        event, data = rest_call(ui_server, "ask", [question, None, None, None])
        assert event == "complete", data
        return question, json.loads(data)[0]

    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        results = list(pool.map(one, questions))
    for question, result in results:
        assert result["question"] == question
    by_question = {q: r for q, r in results}
    assert "lower symmetry" in by_question[QUESTION]["answer"]
    assert by_question[OUTSIDE]["abstained"] is True
    assert "10-fold" in by_question["What did removing two kernel gold atoms from Au48 do?"]["answer"]
