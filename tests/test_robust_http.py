"""The running server (`assistant serve`, real model and index) under bad input and concurrent load.

Plain httpx against gradio's REST API: POST /gradio_api/call/<api_name> {"data": [...]}
returns an event id; GET /gradio_api/call/<api_name>/<event_id> streams server-sent
events ending in ``complete`` (the outputs) or ``error`` (a message).

The UI's endpoints (ui/app.py):
- ``ask``:  [question, history, k] → the engine's JSON answer
- ``chat``: [message, k, show_references] → the chat bubble's HTML; the follow-up history
  is the session's (``session_hash``) earlier questions, kept by the server.

Every bad input must get a readable error (not a stack trace, and not the catch-all "could
not answer … see the server log", which means the engine crashed) or an answer/abstention,
and the server must keep serving: after each one, a normal question is answered correctly.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ui_server import LOAD_QUESTIONS, PYTHON, REPO, offline_env, ui_server  # noqa: F401  (ui_server: fixture)

pytestmark = pytest.mark.server

HEADLINE = "Why does the Au26.3Ag17.7 cluster luminesce more strongly?"
HEADLINE_ANSWER = "enhanced photoluminescence due to lower symmetry"
DOI = "10.1021/prechem.4c00083"
FIRST = "What reaction did Zhikun Wu and Manbo Li use nanoclusters for?"
CRASHED = "could not answer this question"  # the UI's catch-all: the engine raised something unexpected
TRACE_MARKERS = ("Traceback", 'File "', "site-packages")

@dataclass
class Reply:
    status: int  # of the POST
    event: str  # last server-sent event ("complete", "error"), or "" when the POST was refused
    text: str  # that event's data, or the refused POST's body

    def data(self):
        return json.loads(self.text)


def call(server, api_name: str, data=None, *, raw: bytes | None = None, session: str | None = None,
         client: httpx.Client | None = None, timeout: float = 120) -> Reply:
    """One REST call: POST the inputs, then read the event stream to its end."""
    own = client is None
    client = client or httpx.Client(trust_env=False, timeout=timeout)
    try:
        body = raw if raw is not None else json.dumps(
            {"data": data, **({"session_hash": session} if session else {})}).encode()
        posted = client.post(f"{server.url}gradio_api/call/{api_name}", content=body,
                             headers={"content-type": "application/json"})
        if posted.status_code != 200:
            return Reply(posted.status_code, "", posted.text)
        event_id = posted.json()["event_id"]
        stream = client.get(f"{server.url}gradio_api/call/{api_name}/{event_id}").text
        events = [line[len("event: "):] for line in stream.splitlines() if line.startswith("event: ")]
        datas = [line[len("data: "):] for line in stream.splitlines() if line.startswith("data: ")]
        return Reply(200, events[-1] if events else "", datas[-1] if datas else stream)
    finally:
        if own:
            client.close()


_PARAMETERS: dict[tuple[str, str], list[dict]] = {}


def inputs(server, api_name: str, **values) -> list:
    """The endpoint's full input list, in order: the given values by parameter name, else the defaults.

    Read from the server's API description, so an input added later (with a default) needs no change here.
    """
    key = (server.url, api_name)
    if key not in _PARAMETERS:
        info = httpx.get(f"{server.url}gradio_api/info", trust_env=False, timeout=30).json()
        _PARAMETERS[key] = info["named_endpoints"][f"/{api_name}"]["parameters"]
    names = [p["parameter_name"] for p in _PARAMETERS[key]]
    unknown = set(values) - set(names)
    assert not unknown, f"/{api_name} has no input {unknown} (inputs: {names})"
    return [values[p["parameter_name"]] if p["parameter_name"] in values else p.get("parameter_default")
            for p in _PARAMETERS[key]]


def with_raw(server, api_name: str, raw: bytes, **values) -> bytes:
    """A request body whose RAW placeholder is replaced by bytes JSON cannot express."""
    body = json.dumps({"data": inputs(server, api_name, **values)}).encode()
    assert b"RAW" in body
    return body.replace(b"RAW", raw)


def assert_readable_error(reply: Reply, message: str | None = None) -> str:
    """An error the client can read: a message, no stack trace, not the engine-crashed catch-all."""
    assert not any(marker in reply.text for marker in TRACE_MARKERS), reply.text[:2000]
    if reply.status != 200:  # refused before it reached the app: FastAPI's JSON detail
        assert 400 <= reply.status < 500, (reply.status, reply.text[:500])
        text = json.dumps(reply.data()["detail"])
    else:
        assert reply.event == "error", (reply.event, reply.text[:500])
        text = reply.data()["error"]
        assert isinstance(text, str) and text.strip(), reply.text
    assert CRASHED not in text, f"the engine crashed on this input (see the server log): {text}"
    if message:
        assert message in text, text
    return text


def assert_answer_or_abstention(reply: Reply, api_name: str) -> dict | str:
    assert reply.status == 200 and reply.event == "complete", (reply.status, reply.event, reply.text[:1000])
    output = reply.data()[0]
    if api_name == "ask":
        assert output["abstained"] or output["answer_spans"], output
    else:
        assert isinstance(output, str) and ("qa-ok" in output or "qa-none" in output), output[:1000]
    return output


def assert_still_serving(server) -> None:
    assert server.process.poll() is None, "the server died:\n" + server.log()[-3000:]
    reply = call(server, "ask", inputs(server, "ask", question=HEADLINE))
    assert reply.event == "complete", reply.text[:1000]
    assert HEADLINE_ANSWER in reply.data()[0]["answer"]


# --- bad input ------------------------------------------------------------------------------

MEGABYTE_QUESTION = ("What is the DOI of the editorial? " * 31_000)[: 1 << 20]
CONTROL = "What\x00 is\x01 the\x07 DOI\x1b[31m of the\x7f editorial?\x85\u2028"
RTL = "\u202eما هو الـ DOI \u200fof the editorial?\u202c"
COMBINING = "Wha\u0301t i\u0308s the\u0303 D\u0336O\u0336I\u0336 of the editorial\u20dd?"
LONG_HISTORY = ["What is the DOI?"] * 999 + [FIRST]

# (id, endpoint, inputs by name, expected: "error" or "answer", what the error or the answer must contain).
# /ask: question, history, k; /chat: message, k, show_references (other inputs keep their defaults).
CASES = [
    ("ask-empty", "ask", {"question": ""}, "error", "the question is empty"),
    ("chat-empty", "chat", {"message": ""}, "error", "the question is empty"),
    ("ask-whitespace", "ask", {"question": " \n\t\u3000\u00a0\u2003 "}, "error", "the question is empty"),
    ("chat-whitespace", "chat", {"message": " \n\t\u3000\u00a0\u2003 "}, "error", "the question is empty"),
    ("ask-1MB", "ask", {"question": MEGABYTE_QUESTION}, "answer", DOI),
    ("chat-1MB", "chat", {"message": MEGABYTE_QUESTION}, "answer", DOI),
    ("ask-control-chars", "ask", {"question": CONTROL}, "answer", DOI),
    ("chat-control-chars", "chat", {"message": CONTROL}, "answer", DOI),
    ("ask-rtl", "ask", {"question": RTL}, "answer", None),
    ("chat-rtl", "chat", {"message": RTL}, "answer", None),
    ("ask-combining", "ask", {"question": COMBINING}, "answer", None),
    ("chat-combining", "chat", {"message": COMBINING}, "answer", None),
    ("ask-history-1000", "ask", {"question": "What were its advantages?", "history": LONG_HISTORY}, "answer",
     "low catalyst loading"),
    ("ask-k-0", "ask", {"question": HEADLINE, "k": 0}, "error", "k (the number of passages) must be"),
    ("ask-k-minus-1", "ask", {"question": HEADLINE, "k": -1}, "error", "k (the number of passages) must be"),
    ("ask-k-1e6", "ask", {"question": HEADLINE, "k": 10**6}, "error", "k (the number of passages) must be"),
    ("chat-k-0", "chat", {"message": HEADLINE, "k": 0}, "error", "less than minimum value 1"),
    ("chat-k-minus-1", "chat", {"message": HEADLINE, "k": -1}, "error", "less than minimum value 1"),
    ("chat-k-1e6", "chat", {"message": HEADLINE, "k": 10**6}, "error", "greater than maximum value 10"),
    ("ask-question-number", "ask", {"question": 42}, "error", "the question must be text"),
    ("ask-question-dict", "ask", {"question": {"question": HEADLINE}}, "error", "the question must be text"),
    ("ask-question-list", "ask", {"question": [HEADLINE]}, "error", "the question must be text"),
    ("ask-history-dict", "ask", {"question": HEADLINE, "history": {"0": FIRST}}, "error", "history must be a list"),
    ("ask-history-numbers", "ask", {"question": HEADLINE, "history": [1, 2, 3]}, "error", "history must be a list"),
    ("ask-history-text", "ask", {"question": HEADLINE, "history": FIRST}, "error", "history must be a list"),
    ("ask-k-text", "ask", {"question": HEADLINE, "k": "3"}, "error", "k (the number of passages) must be"),
    ("ask-k-fraction", "ask", {"question": HEADLINE, "k": 2.5}, "error", "k (the number of passages) must be"),
    # gradio's Textbox turns a number into its text: "42" is a question the corpus does not answer
    ("chat-message-number", "chat", {"message": 42}, "answer", None),
    ("chat-k-text", "chat", {"message": HEADLINE, "k": "three"}, "error", "slider"),
]


@pytest.mark.parametrize("api_name, values, expected, message",
                         [pytest.param(*case[1:], id=case[0]) for case in CASES])
def test_bad_input_gets_a_readable_reply_and_the_server_keeps_serving(ui_server, api_name, values, expected, message):
    reply = call(ui_server, api_name, inputs(ui_server, api_name, **values))
    if expected == "error":
        assert_readable_error(reply, message)
    else:
        output = assert_answer_or_abstention(reply, api_name)
        if message:
            assert message in (output["answer"] if api_name == "ask" else output), str(output)[:2000]
    assert_still_serving(ui_server)


# Bodies that are not what the API expects at all: refused by the server with a readable 4xx.
RAW_CASES = [
    ("invalid-utf8", "ask", b'{"data": ["What is \xff\xfe the \xc3\x28 DOI?", null, null, null]}', None),
    ("invalid-utf8-overlong", "chat", b'{"data": ["What is \xc0\xaf the \xf8\x88\x80\x80\x80 DOI?", 3, true, ""]}',
     None),
    ("raw-control-char-in-json", "ask", b'{"data": ["What is\x01 the DOI?", null, null, null]}', "JSON"),
    ("truncated-json", "ask", b'{"data": ["What is the DOI?", nu', "JSON"),
    ("not-json", "ask", b"What is the DOI?", None),
    ("data-is-a-dict", "ask", json.dumps({"data": {"question": HEADLINE}}).encode(), "valid list"),
    ("data-is-a-string", "chat", json.dumps({"data": HEADLINE}).encode(), "valid list"),
]


@pytest.mark.parametrize("api_name, body, message", [pytest.param(*case[1:], id=case[0]) for case in RAW_CASES])
def test_malformed_request_bodies_are_refused_readably(ui_server, api_name, body, message):
    reply = call(ui_server, api_name, raw=body)
    assert_readable_error(reply, message)
    assert_still_serving(ui_server)


@pytest.mark.parametrize("api_name, raw, values", [
    # UTF-8-encoded surrogates (invalid UTF-8): Python's json.loads decodes bytes with "surrogatepass"
    pytest.param("chat", b"\xed\xa0\x80", {"message": "What is RAW the DOI?"}, id="chat-utf8-surrogate-bytes"),
    pytest.param("ask", b"\xed\xb3\xbf", {"question": "What is RAW the DOI?"}, id="ask-utf8-surrogate-bytes"),
    # valid JSON: a \\udxxx escape of an unpaired surrogate
    pytest.param("ask", b"\\ud800", {"question": "What is the DOI? RAW"}, id="ask-question-escape"),
    pytest.param("chat", b"\\udcff", {"message": "What is the DOI? RAW"}, id="chat-question-escape"),
    pytest.param("ask", b"\\ud83d", {"question": "What is it?", "history": ["Who wrote the RAW editorial?"]},
                 id="ask-history-escape"),
])
def test_text_that_is_not_valid_unicode_gets_a_clear_message(ui_server, api_name, raw, values):
    """Strings that are not valid Unicode: an unpaired surrogate reaches the app from invalid UTF-8 or a JSON escape."""
    reply = call(ui_server, api_name, raw=with_raw(ui_server, api_name, raw, **values))
    try:
        assert_readable_error(reply, "invalid text")
    finally:
        assert_still_serving(ui_server)


def test_unknown_endpoint_leaks_no_trace_and_the_server_keeps_serving(ui_server):
    # gradio answers 500 "Internal Server Error" here (its FnIndexInferError is not mapped to a 404);
    # what matters to a client: no stack trace, and the server is unaffected.
    reply = call(ui_server, "no_such_endpoint", [HEADLINE, None, None])
    assert reply.status >= 400 and reply.event == ""
    assert not any(marker in reply.text for marker in TRACE_MARKERS), reply.text[:2000]
    assert_still_serving(ui_server)


# --- the same invalid text through the Python API and the CLI ------------------------------------


@pytest.mark.parametrize("question, history", [
    pytest.param("What is the DOI? \udcff", None, id="question"),
    pytest.param("What is it?", ["Who wrote the \ud800 editorial?"], id="history"),
])
def test_api_refuses_or_answers_invalid_unicode(bot, question, history):
    from assistant import InvalidQuestion

    with pytest.raises(InvalidQuestion, match="invalid text.*UTF-8"):
        bot.ask(question, history=history)


def run_cli(config_path, *args: str | bytes, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "-m", "assistant.cli", "--config", str(config_path), *args],
                          capture_output=True, input=stdin, env=offline_env(), cwd=REPO, timeout=300)


def test_cli_invalid_utf8_argument_gets_a_message_not_a_trace(config_path):
    result = run_cli(config_path, "ask", b"What is \xff\xfe the DOI?")
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-2000:]
    assert result.returncode == 2 and "invalid text" in stderr, stderr[-2000:]


def test_cli_batch_reports_an_invalid_unicode_line_in_place(config_path):
    lines = [{"question": "What is the DOI of the editorial?"}, {"question": "What is the DOI? \ud800"},
             {"question": HEADLINE}]
    batch = "".join(json.dumps(line) + "\n" for line in lines).encode()  # \ud800 as a JSON escape
    result = run_cli(config_path, "ask", "--json", "--batch", "-", stdin=batch)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-2000:]
    out = [json.loads(line) for line in result.stdout.decode("utf-8", "replace").splitlines()]
    assert len(out) == 3, (out, stderr[-2000:])  # one line each, in order: the batch goes on
    assert DOI in out[0]["answer"] and HEADLINE_ANSWER in out[2]["answer"]
    assert "invalid text" in out[1]["error"]
    assert result.returncode == 2


# --- load: 20 concurrent sessions × 10 questions -------------------------------------------------

SESSIONS, PER_SESSION = 20, 10


def answer_part(api_name: str, output) -> str:
    """The answer itself, without the passages shown under it (which may quote other answers)."""
    return output["answer"] if api_name == "ask" else output.split('<div class="qa-heading">')[0]


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def test_20_sessions_x_10_questions_concurrently(ui_server, tmp_path):
    """Every session asks all ten questions (each in its own order) at the same time as the others:
    zero errors, and every response answers its own question, none another session's."""
    start = threading.Barrier(SESSIONS)
    golds = [gold for _, gold in LOAD_QUESTIONS]

    def session(number: int) -> list[tuple]:
        api_name = "chat" if number % 2 else "ask"  # half the sessions chat (server-side history), half ask
        session_hash = f"load-{number}-{uuid.uuid4().hex[:8]}"
        order = LOAD_QUESTIONS[number % 10:] + LOAD_QUESTIONS[: number % 10]
        results = []
        with httpx.Client(trust_env=False, timeout=300) as client:
            start.wait(timeout=60)
            for question, gold in order:
                data = inputs(ui_server, api_name, **{"question" if api_name == "ask" else "message": question})
                began = time.perf_counter()
                reply = call(ui_server, api_name, data, session=session_hash, client=client)
                results.append((number, api_name, question, gold, reply, time.perf_counter() - began))
        return results

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        results = [r for rs in pool.map(session, range(SESSIONS)) for r in rs]
    wall = time.perf_counter() - began

    assert len(results) == SESSIONS * PER_SESSION
    errors = [(n, q, r.status, r.event, r.text[:300]) for n, _, q, _, r, _ in results if r.event != "complete"]
    assert not errors, f"{len(errors)} errors, e.g. {errors[:3]}"
    for number, api_name, question, gold, reply, _ in results:
        output = reply.data()[0]
        if api_name == "ask":
            assert output["question"] == question, (number, question, output["question"])
        answer = answer_part(api_name, output)
        assert gold in answer, (number, api_name, question, answer[:600])
        crossed = [other for other in golds if other != gold and other in answer]
        assert not crossed, (number, question, crossed)

    latencies = sorted(seconds * 1000 for *_, seconds in results)
    summary = {
        "sessions": SESSIONS, "questions_per_session": PER_SESSION, "requests": len(results),
        "errors": len(errors), "wall_s": round(wall, 2), "throughput_rps": round(len(results) / wall, 1),
        "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
        "max_ms": round(latencies[-1], 1),
    }
    for api_name in ("ask", "chat"):
        own = sorted(s * 1000 for _, a, *_, s in results if a == api_name)
        summary[f"{api_name}_p50_ms"] = round(percentile(own, 50), 1)
        summary[f"{api_name}_p95_ms"] = round(percentile(own, 95), 1)
    out = Path(tmp_path) / "load-latency.json"
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\nload: {SESSIONS} sessions × {PER_SESSION} questions, {len(results)} requests in {wall:.1f}s "
          f"({summary['throughput_rps']} req/s), 0 errors; latency p50 {summary['p50_ms']} ms, "
          f"p95 {summary['p95_ms']} ms (ask p50 {summary['ask_p50_ms']} / p95 {summary['ask_p95_ms']}, "
          f"chat p50 {summary['chat_p50_ms']} / p95 {summary['chat_p95_ms']}) → {out}")
    assert_still_serving(ui_server)
