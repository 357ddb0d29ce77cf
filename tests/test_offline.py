"""Offline, proven: index + ask + serve + an HTTP request, inside a network namespace that has
nothing but loopback (`unshare -n`, then `ip link set lo up`), with HF_HUB_OFFLINE=1.

Nothing can leave such a namespace (there is no interface besides lo and no route), so any
step that needed the network would fail or hang here. The driver below first checks that the
namespace really is cut off, then runs each step as a user would. It needs root (or
CAP_SYS_ADMIN) for `unshare -n`; where that is not permitted the test is skipped and says why.

A user can check the same thing by hand (as root):

    unshare -n sh -c 'ip link set lo up && .venv/bin/assistant index --rebuild && \
        .venv/bin/assistant ask "Who wrote the editorial?"'
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import EDITORIAL, REPO, write_config

PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable
HEADLINE = "Why does the Au26.3Ag17.7 cluster luminesce more strongly?"
HEADLINE_ANSWER = "enhanced photoluminescence due to lower symmetry"


def namespace_problem() -> str | None:
    """Why a loopback-only network namespace cannot be made here, or None when it can."""
    for tool in ("unshare", "ip"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed (util-linux / iproute2)"
    try:
        probe = subprocess.run(["unshare", "-n", "sh", "-c", "ip link set lo up"], capture_output=True, text=True,
                               timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"`unshare -n` could not run ({exc})"
    if probe.returncode != 0:
        who = "root" if os.geteuid() == 0 else f"uid {os.geteuid()} (not root)"
        return (f"`unshare -n` is not permitted for {who} here: {probe.stderr.strip() or probe.returncode}; "
                "run as root (CI does) to prove the offline guarantee")
    return None


# Runs inside the namespace: proves the cut, then index, ask, serve and one request.
DRIVER = textwrap.dedent(r'''
    import json, subprocess, sys
    sys.path.insert(0, sys.argv[1])  # tests/, for ui_server's helpers
    from ui_server import PYTHON, REPO, offline_env, running_server
    import httpx

    config, log_dir, question = sys.argv[2], sys.argv[3], sys.argv[4]
    result = {}
    result["links"] = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    result["routes"] = subprocess.run(["sh", "-c", "ip -4 route show table all; ip -6 route show table all"],
                                      capture_output=True, text=True).stdout
    env = offline_env()

    def cli(*args):
        done = subprocess.run([PYTHON, "-m", "assistant.cli", "--config", config, *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=600)
        return {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr[-3000:]}

    result["index"] = cli("index")
    result["ask"] = cli("ask", "--json", question)
    try:
        with running_server(config, log_dir=__import__("pathlib").Path(log_dir), env=env) as server:
            with httpx.Client(trust_env=False, timeout=120) as client:
                parameters = client.get(f"{server.url}gradio_api/info").json()["named_endpoints"]["/ask"]["parameters"]
                data = [question] + [p.get("parameter_default") for p in parameters[1:]]
                posted = client.post(f"{server.url}gradio_api/call/ask", json={"data": data})
                event_id = posted.json()["event_id"]
                result["http"] = client.get(f"{server.url}gradio_api/call/ask/{event_id}").text
                result["page"] = client.get(server.url).status_code
            result["server_log"] = server.log()[-3000:]
    except Exception as exc:  # reported, not raised: the test shows what failed
        result["serve_error"] = repr(exc)[-3000:]
    print(json.dumps(result))
''')


def test_index_ask_and_serve_with_loopback_only(tmp_path):
    problem = namespace_problem()
    if problem:
        pytest.skip(problem)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EDITORIAL, corpus)
    config = write_config(tmp_path, corpus)  # no index yet: it is built inside the namespace
    driver = tmp_path / "offline_driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    (tmp_path / "logs").mkdir()

    env = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1",
               GRADIO_ANALYTICS_ENABLED="False")
    command = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
               PYTHON, str(driver), str(REPO / "tests"), str(config), str(tmp_path / "logs"), HEADLINE]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])

    # the namespace is cut off: loopback is the only interface, and every route is on it
    links = [line for line in result["links"].splitlines() if line.strip()]
    assert len(links) == 1 and ": lo:" in links[0], result["links"]
    routes = [line for line in result["routes"].splitlines() if line.strip()]
    assert routes and all(" dev lo" in line for line in routes), result["routes"]

    assert result["index"]["code"] == 0, result["index"]
    assert "indexed 1 document(s)" in result["index"]["stderr"], result["index"]
    assert result["ask"]["code"] == 0, result["ask"]
    assert HEADLINE_ANSWER in json.loads(result["ask"]["stdout"])["answer"]

    assert "serve_error" not in result, result.get("serve_error")
    assert result["page"] == 200
    events = [line[len("event: "):] for line in result["http"].splitlines() if line.startswith("event: ")]
    datas = [line[len("data: "):] for line in result["http"].splitlines() if line.startswith("data: ")]
    assert events[-1] == "complete", result["http"][-2000:]
    assert HEADLINE_ANSWER in json.loads(datas[-1])[0]["answer"]
    assert "Traceback" not in result["server_log"], result["server_log"]
