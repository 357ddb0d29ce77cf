"""The `assistant` command as a user runs it: a real process, real index, real model."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


def run(config_path, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--config", str(config_path), *args],
                          capture_output=True, text=True, input=stdin, env=env, cwd=REPO, timeout=300)


def test_ask_prints_answer_sources_and_references(config_path):
    result = run(config_path, "ask", "Why does the Au26.3Ag17.7 cluster luminesce more strongly?")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "enhanced photoluminescence due to lower symmetry" in out
    assert "Sources:" in out and "[1] Whole-Process Precision Chemistry for Clusters" in out
    assert "[ref 35] Han, J.; Li, H.;" in out


def test_batch_answers_in_order_with_one_model_load(config_path, tmp_path):
    questions = [
        {"question": "Who wrote this editorial?"},
        {"question": "What reaction did Zhikun Wu and Manbo Li use nanoclusters for?"},
        {"question": "What were its advantages?",
         "history": ["What reaction did Zhikun Wu and Manbo Li use nanoclusters for?"]},
        {"question": "How long should I boil spaghetti to get it al dente?"},
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(q) for q in questions) + "\n", encoding="utf-8")
    result = run(config_path, "ask", "--json", "--batch", str(batch))
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == [q["question"] for q in questions]
    assert "Jianping Xie" in answers[0]["answer"]
    assert "hydroborylation" in answers[2]["passages"][0]["text"]
    assert answers[3]["abstained"] is True and answers[3]["passages"] == []


def test_batch_reports_bad_lines_in_place_and_exits_2(config_path, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"question": "What is the DOI?"}\nnot json\n{"question": ""}\n[1, 2]\n'
                     '{"question": "Who wrote this editorial?", "k": 0}\n', encoding="utf-8")
    result = run(config_path, "ask", "--json", "--batch", str(batch))
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    assert "10.1021/prechem.4c00083" in lines[0]["answer"]
    assert "line 2" in lines[1]["error"] and "not valid JSON" in lines[1]["error"]
    assert "empty" in lines[2]["error"]
    assert "line 4" in lines[3]["error"]
    assert "k" in lines[4]["error"]


@pytest.mark.parametrize("args", [("ask", ""), ("ask", "   "), ("ask",), ("ask", "What?", "-k", "0")])
def test_bad_questions_exit_2_with_a_message(config_path, args):
    result = run(config_path, *args)
    assert result.returncode == 2
    assert result.stderr.strip() and "Traceback" not in result.stderr


def test_index_is_up_to_date_then_rebuilds_on_request(config_path):
    result = run(config_path, "index")
    assert result.returncode == 0 and "up to date" in result.stdout
    rebuilt = run(config_path, "index", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "indexed 1 document(s)" in rebuilt.stderr


def test_stale_index_is_refused_with_the_fix(tmp_path, config_path):
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(config_path.parent / "corpus", corpus)
    shutil.copytree(config_path.parent / "index", tmp_path / "index", symlinks=True)
    (tmp_path / "assistant.yaml").write_text(f"corpus_dir: {corpus}\nindex_dir: {tmp_path / 'index'}\n")
    (corpus / "new.md").write_text("# New\n\nA new note on Pd clusters.\n", encoding="utf-8")
    result = run(tmp_path / "assistant.yaml", "ask", "Who wrote this editorial?")
    assert result.returncode == 1
    assert "new.md added" in result.stderr and "assistant index --rebuild" in result.stderr
    assert result.stdout == ""  # no answer from a stale index


def test_bad_config_is_reported(tmp_path):
    path = tmp_path / "assistant.yaml"
    path.write_text("retrieval:\n  k: three\n  colour: blue\n", encoding="utf-8")
    result = run(path, "ask", "What is the DOI?")
    assert result.returncode == 1
    assert "colour" in result.stderr and "Traceback" not in result.stderr
