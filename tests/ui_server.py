"""Start the real chat server (`assistant serve`) as a subprocess, for the UI tests.

    from ui_server import ui_server          # noqa: F401  (module-scoped fixture: editorial corpus)
    with running_server(config_path) as server: server.url ...
    with chromium() as browser: ...          # Debian's chromium driven by playwright, offline

The server gets the offline environment (HF_HUB_OFFLINE=1, analytics off,
NO_PROXY for loopback); it is killed (its own process group, by id) when the
block ends, and its log is shown if it fails to start.
"""
from __future__ import annotations

from html.parser import HTMLParser

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent
PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
START_TIMEOUT = 180  # seconds: importing torch + gradio and loading the model on a busy 2-core machine


def offline_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HF_HUB_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1", TRANSFORMERS_OFFLINE="1",
               GRADIO_ANALYTICS_ENABLED="False", NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost",
               PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str  # ends with "/"
    port: int
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _start(config_path: Path, args: list[str], log_path: Path, env: dict[str, str]) -> Server:
    port = free_port()
    log = open(log_path, "w", encoding="utf-8")
    command = [PYTHON, "-m", "assistant.cli", "--config", str(config_path), "serve", "--port", str(port), *args]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    log.close()
    return Server(f"http://127.0.0.1:{port}/", port, process, log_path)


def _wait(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.process.returncode}:\n{server.log()[-4000:]}")
        try:
            if httpx.get(server.url, timeout=2, trust_env=False).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server did not answer within {START_TIMEOUT}s:\n{server.log()[-4000:]}")


def _stop(server: Server) -> None:
    if server.process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGTERM)  # its own session: the server and its children only
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=10)


@contextlib.contextmanager
def running_servers(*specs: tuple[Path, list[str]], log_dir: Path, env: dict[str, str] | None = None) -> Iterator[list[Server]]:
    """Start one server per (config_path, extra serve args), in parallel; stop them all at the end."""
    env = env or offline_env()
    servers: list[Server] = []
    try:
        for number, (config_path, args) in enumerate(specs):
            servers.append(_start(config_path, args, log_dir / f"server-{number}.log", env))
        deadline = time.monotonic() + START_TIMEOUT
        for number, server in enumerate(servers):
            try:
                _wait(server, deadline)
            except RuntimeError:
                if "cannot serve on" not in server.log():
                    raise
                # the free port was taken between our probe and the server's bind: once more on another
                config_path, args = specs[number]
                servers[number] = server = _start(config_path, args, server.log_path.with_suffix(".retry.log"), env)
                _wait(server, time.monotonic() + START_TIMEOUT)
        yield servers
    finally:
        for server in servers:
            _stop(server)


@contextlib.contextmanager
def running_server(config_path: Path, *args: str, log_dir: Path, env: dict[str, str] | None = None) -> Iterator[Server]:
    with running_servers((config_path, list(args)), log_dir=log_dir, env=env) as (server,):
        yield server


@pytest.fixture(scope="module")
def ui_server(config_path, tmp_path_factory) -> Iterator[Server]:
    """The chat server over the shipped corpus (the session's freshly built index), one per test module."""
    with running_server(config_path, log_dir=tmp_path_factory.mktemp("ui-server")) as server:
        yield server


@contextlib.contextmanager
def chromium():
    """A headless Debian Chromium (never a downloaded one), or a skip when it is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium, or `make browser`): "
                    "the real-browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def is_local(url: str) -> bool:
    """A request to the app on 127.0.0.1 (the only kind the page may make)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme in ("http", "ws") and parts.hostname == "127.0.0.1"


class Tags(HTMLParser):
    """The start tags of some HTML, with their attributes (to check what markup an answer carries)."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


# For load tests (tests/test_robust_http.py, bench/load.py). From bench/questions.jsonl (q001 q014 q022 q006
# q040 q042 q047 q051 q064 q083): whole questions (no pronoun, more than three content words, so a session's
# history never changes their answer), each with a passage of its answer that no other answer contains, so
# a response can be matched to the question it answers.
LOAD_QUESTIONS = [
    ("Why are clusters said to hold a special place between single atoms and bulk solids?",
     "bridging the gap between individual atoms and bulk materials"),
    ("Why do platinum catalysts lose activity when dehydrogenating propane?", "deactivate due to sintering and coking"),
    ("What happened to the emission of the gold cluster when two atoms were taken out of its core?",
     "could induce a 10-fold photoluminescence enhancement"),
    ("How many pentaborates did Guo-Yu Yang's group report?", "three pentaborates synthesized under hydrothermal"),
    ("Why is H2 seen as a promising way to store energy?", "high energy density and clean nature"),
    ("What role does the C84 cage play for the Ti=N and Ce=N bonds?", "plays a crucial role in stabilizing these bonds"),
    ("Who suggested using molecular mediators for storing hydrogen as metal hydrides?", "Matthew Nava"),
    ("Whose group made copper and nickel clusters on porous carbon for CO2 reduction?", "Xinbo Zhang, Haixia Zhong"),
    ("Which reference describes a scalable way to make large libraries of very dense single-atom catalysts?",
     "Scalable two-step annealing method"),
    ("anchoring points CO2 reduction microenvironment", "fine-tunes the electrocatalytic microenvironment"),
]
