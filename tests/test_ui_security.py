"""A hostile document is shown inert (API and real browser), login is enforced, file routes serve nothing.

The hostile corpus is the editorial plus a .txt whose sentences carry
<script>, <img onerror>, a javascript: markdown link and other raw HTML.
Two real servers run on it: one open (escaping, browser, file routes) and
one started with --auth user:pass.
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess

import httpx
import pytest

from conftest import EDITORIAL, indexed_config
from ui_server import Tags, chromium, is_local, running_servers

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

from gradio_client import Client  # noqa: E402

pytestmark = pytest.mark.server

HOSTILE = """Hostile Markup Test Note <b onmouseover=alert(2)>bold title</b>

The zirconium pyrovanadate beacon <script>alert(1)</script> glows violet when heated above nine hundred kelvin.¹

Our zirconium pyrovanadate beacon images <img src=x onerror=alert(1)> were recorded with a borrowed camera, see [x](javascript:alert(1)) for the raw frames.

Raw HTML in the zirconium pyrovanadate beacon report: <iframe src="javascript:alert(3)"></iframe><a href="javascript:alert(4)">click</a> <svg onload=alert(5)></svg> <div style="position:fixed;inset:0">overlay</div> <style>body{display:none}</style> $$\\href{javascript:alert(6)}{x}$$ `code` ~~strike~~ <!-- comment --> &lt;script&gt;

References

(1) Mallory, M. <img src=y onerror=alert(7)> Beacons [z](javascript:alert(8)). *J. Hostile Chem.* **2024**, *1*, 1–2.
"""
QUESTIONS = {
    "script": "What happens when the zirconium pyrovanadate beacon is heated?",
    "img": "How were the zirconium pyrovanadate beacon images recorded?",
    "raw": "What raw HTML is in the zirconium pyrovanadate beacon report?",
}
DANGEROUS = ["<script", "<img", "<iframe", "<svg", "<a ", "<style", "<b ", "<!--", "](javascript:", "$$", "`", "~~"]
ALLOWED_TAGS = {"div", "p", "span", "details", "summary", "mark", "em", "strong", "sub", "sup"}
ALLOWED_ATTRS = {"class", "title", "open"}
USER, PASSWORD = "chemist", "s3cret-pass"


@pytest.fixture(scope="module")
def hostile_config(tmp_path_factory, encoder):
    directory = tmp_path_factory.mktemp("hostile")
    corpus = directory / "corpus"
    corpus.mkdir()
    shutil.copy(EDITORIAL, corpus / EDITORIAL.name)
    (corpus / "hostile-note.txt").write_text(HOSTILE, encoding="utf-8")
    return indexed_config(directory, corpus, encoder)


@pytest.fixture(scope="module")
def servers(hostile_config, tmp_path_factory):
    """(open server, server with --auth) on the hostile corpus, started together."""
    with running_servers((hostile_config, []), (hostile_config, ["--auth", f"{USER}:{PASSWORD}"]),
                         log_dir=tmp_path_factory.mktemp("security-servers")) as pair:
        yield pair


@pytest.fixture(scope="module")
def server(servers):
    return servers[0]


@pytest.fixture(scope="module")
def auth_server(servers):
    return servers[1]


def assert_inert(markup: str) -> None:
    for needle in DANGEROUS:
        assert needle not in markup, f"{needle!r} in the API output"
    parser = Tags()
    parser.feed(markup)
    assert {tag for tag, _ in parser.tags} <= ALLOWED_TAGS
    assert all(set(attrs) <= ALLOWED_ATTRS for _, attrs in parser.tags)


# --- escaping in the API output -------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_chat_api_output_is_escaped(server, name):
    markdown = Client(server.url, verbose=False).predict(QUESTIONS[name], 10, True, api_name="/chat")
    assert "zirconium pyrovanadate beacon" in markdown, "the hostile passage was not retrieved"
    assert_inert(markdown)
    # the hostile text is still shown, as text
    assert "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;" in markdown
    assert "&lt;img src=x onerror=alert&#40;1&#41;&gt;" in markdown
    assert "&#91;x&#93;&#40;javascript:alert&#40;1&#41;&#41;" in markdown
    # the hostile bibliography entry is escaped too
    assert "Mallory, M. &lt;img src=y onerror=alert&#40;7&#41;&gt;" in markdown
    assert "<em>J. Hostile Chem.</em>" in markdown


def test_chat_api_answer_sentence_with_script_is_escaped(server):
    markdown = Client(server.url, verbose=False).predict(QUESTIONS["script"], api_name="/chat")
    answer = markdown.split('<div class="qa-answer">', 1)[1].split("</div>", 1)[0]
    assert "glows violet" in answer and "&lt;script&gt;" in answer and "<script" not in answer


def test_ask_api_returns_the_source_text_as_json_data(server):
    """/ask is data, not markup: its text is the source's, exactly, inside a JSON string."""
    result = Client(server.url, verbose=False).predict(QUESTIONS["img"], None, None, api_name="/ask")
    assert "<img src=x onerror=alert(1)>" in result["answer"]
    raw = httpx.post(f"{server.url}gradio_api/call/ask", json={"data": [QUESTIONS["img"], None, None]},
                     timeout=30, trust_env=False).json()["event_id"]
    response = httpx.get(f"{server.url}gradio_api/call/ask/{raw}", timeout=60, trust_env=False)
    assert response.headers["content-type"].startswith("text/event-stream")


# --- the real browser -----------------------------------------------------------------------

def test_browser_shows_hostile_content_inert(server):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1300, "height": 1000})
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(server.url, wait_until="load")
        page.wait_for_selector("#qa-question textarea", timeout=60_000)
        page.locator("#qa-settings").get_by_text("Settings", exact=True).click()
        k = page.locator("#qa-k input[type=number]")
        k.fill("10")
        k.press("Enter")
        questions = list(QUESTIONS.values()) + ["<img src=q onerror=alert(9)> [y](javascript:alert(10)) beacon?"]
        for number, question in enumerate(questions, start=1):
            page.locator("#qa-question textarea").fill(question)
            page.locator("#qa-question textarea").press("Enter")
            page.wait_for_function(f"document.querySelectorAll(\"[data-testid='bot'] .qa\").length >= {number}",
                                   timeout=60_000)
        page.wait_for_function("!document.querySelector('#qa-question textarea').disabled", timeout=60_000)
        page.hover("#qa-header")  # the title's onmouseover, had it survived
        # expand every passage (the collapsed ones too) and move the mouse over the quoted text
        page.evaluate("document.querySelectorAll(\"[data-testid='bot'] details\").forEach(d => d.open = true)")
        for element in page.locator("[data-testid='bot'] .qa-quote, [data-testid='bot'] .qa-ref").all()[:8]:
            element.scroll_into_view_if_needed()
            element.hover()
        page.wait_for_timeout(500)

        chat = page.locator("#qa-chat")
        text = chat.inner_text()
        assert "<script>alert(1)</script>" in text  # shown as text
        assert "<img src=x onerror=alert(1)>" in text
        assert "[x](javascript:alert(1))" in text
        assert "<img src=q onerror=alert(9)>" in text  # the user's own question, as text
        assert "Hostile Markup Test Note <b onmouseover=alert(2)>" in page.locator("#qa-header").inner_text()
        for selector in ("script", "img", "iframe", "svg", "a", "style", "b", "[onerror]", "[onload]",
                         "[onmouseover]", "[href^='javascript']", ".katex"):
            count = page.locator(f"[data-testid='bot'] .qa {selector}, [data-testid='user'] .qa-q {selector}, "
                                 f"#qa-header {selector}").count()
            assert count == 0, f"{selector} rendered from corpus text"
        assert page.locator("[onerror], [onmouseover], iframe, [href^='javascript']").count() == 0
        assert page.evaluate("document.body.style.display") != "none"
        assert dialogs == [], f"a dialog fired: {dialogs}"
        assert all(is_local(url) for url in requests), [url for url in requests if not is_local(url)]
        context.close()


# --- login ----------------------------------------------------------------------------------

@pytest.mark.parametrize("method, path, body", [
    ("POST", "/gradio_api/call/chat", {"data": ["What happens when the beacon is heated?", 3, True, ""]}),
    ("POST", "/gradio_api/call/ask", {"data": ["What happens when the beacon is heated?", None, None]}),
    ("POST", "/gradio_api/queue/join", {"data": ["q"], "fn_index": 0, "session_hash": "abcdef"}),
    ("GET", "/config", None),
    ("GET", "/gradio_api/info", None),
])
def test_auth_refuses_unauthenticated_requests(auth_server, method, path, body):
    response = httpx.request(method, auth_server.url.rstrip("/") + path, json=body, timeout=30, trust_env=False)
    assert response.status_code == 401, response.text
    assert "zirconium" not in response.text and "Whole-Process" not in response.text


def test_auth_wrong_password_is_refused(auth_server):
    with httpx.Client(base_url=auth_server.url, trust_env=False, timeout=30) as http:
        login = http.post("login", data={"username": USER, "password": "wrong"})
        assert login.status_code in (400, 401)
        assert http.post("gradio_api/call/chat", json={"data": ["q"]}).status_code == 401


def test_auth_login_then_the_api_answers(auth_server):
    with httpx.Client(base_url=auth_server.url, trust_env=False, timeout=60) as http:
        assert http.post("login", data={"username": USER, "password": PASSWORD}).status_code == 200
        posted = http.post("gradio_api/call/chat", json={"data": [QUESTIONS["script"], 3, True, ""]})
        assert posted.status_code == 200
        stream = http.get(f"gradio_api/call/chat/{posted.json()['event_id']}").text
        assert "event: complete" in stream and "glows violet" in stream
    result = Client(auth_server.url, auth=(USER, PASSWORD), verbose=False).predict(
        QUESTIONS["script"], None, None, api_name="/ask")
    assert "glows violet" in result["answer"]


# --- gradio's file routes -------------------------------------------------------------------

def _raw_get(server, path: str) -> tuple[int, bytes]:
    """GET with the path sent exactly as written (no client-side normalisation of ../)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", [
    "/gradio_api/file=/etc/passwd",
    "/gradio_api/file=../../../../../../etc/passwd",
    "/gradio_api/file=%2Fetc%2Fpasswd",
    "/gradio_api/file=..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/gradio_api/file=%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/gradio_api/file=//etc/passwd",
    "/gradio_api/file/etc/passwd",
    "/gradio_api/file/../../../../../etc/passwd",
    "/file=/etc/passwd",
    "/static/../../../../../../etc/passwd",
    "/assets/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/gradio_api/file=/proc/self/environ",
])
def test_file_routes_refuse_paths_outside_the_app(server, path):
    status, body = _raw_get(server, path)
    assert b"root:" not in body and b"HF_HUB_OFFLINE" not in body
    assert status in (400, 403, 404), (status, body[:200])


def test_file_routes_do_not_serve_the_project_or_corpus(server, hostile_config):
    from ui_server import REPO

    for target in (hostile_config, hostile_config.parent / "corpus" / "hostile-note.txt",
                   REPO / "assistant" / "engine.py", "assistant/engine.py", "assistant.yaml"):
        status, body = _raw_get(server, f"/gradio_api/file={target}")
        assert status in (403, 404), (target, status)
        assert b"zirconium" not in body and b"class Assistant" not in body and b"corpus_dir" not in body


def test_file_route_refusal_is_not_an_open_proxy(server):
    status, body = _raw_get(server, "/gradio_api/proxy=http://example.com/")
    assert status in (400, 401, 403, 404)
    assert json.loads(body)  # a JSON error, nothing fetched


# --- serve's own checks (no server is bound: each run stops before launching) ----------------

def _serve(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    from ui_server import PYTHON, REPO, offline_env

    return subprocess.run([PYTHON, "-m", "assistant.cli", "--config", str(tmp_path / "missing.yaml"), "serve", *args],
                          cwd=REPO, env=offline_env(**env), capture_output=True, text=True, timeout=120)


def test_non_loopback_host_prints_a_warning(tmp_path):
    result = _serve(tmp_path, "--host", "0.0.0.0", "--port", "1")
    assert "WARNING: serving on 0.0.0.0" in result.stderr and "--auth" in result.stderr
    assert result.returncode == 1 and "cannot read the config file" in result.stderr  # stopped before binding
    quiet = _serve(tmp_path, "--port", "1")
    assert "WARNING" not in quiet.stderr and quiet.returncode == 1


@pytest.mark.parametrize("args, env", [(["--auth", "nopassword"], {}), ([], {"ASSISTANT_AUTH": "user:"})])
def test_malformed_auth_is_refused(tmp_path, args, env):
    result = _serve(tmp_path, "--port", "1", *args, **env)
    assert result.returncode == 2
    assert "auth must look like user:password" in result.stderr and "Traceback" not in result.stderr
