"""Corpus and index faults, with the real model and real indexes.

- Bad corpus files (empty, binary, Latin-1, a file removed while the indexer
  runs, a 50 MB file) are each skipped with a message naming the file; the
  other files still index and answer.
- The indexer killed with SIGKILL in the middle of a rebuild never costs the
  previous index: it still loads and answers, and the debris a killed build
  leaves behind breaks neither loading nor the next build.
- A damaged embedding-cache entry is re-embedded, not fatal.

Already covered elsewhere (not repeated here): truncated/corrupted index files
and a changed corpus or model behind the manifest's back (test_index.py), bad
questions through the API and the CLI (test_engine.py, test_cli.py).
"""
from __future__ import annotations

import gzip
import json
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.config import load_config
from assistant.index import CURRENT, build_index, load_index
from tests.conftest import EDITORIAL, REPO, write_config

PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else "python3"
HEADLINE = "Why does the Au26.3Ag17.7 cluster luminesce more strongly?"
HEADLINE_ANSWER = "enhanced photoluminescence due to lower symmetry"

# A small, well-formed document besides the editorial: proof that "the others still index".
NOTE = """# Rhodium clusters for methane oxidation

## Results

Rhodium clusters supported on titania converted methane to methanol at 150 °C with 92 % selectivity.¹ The clusters kept their size for 200 hours on stream.²

## References

1. Doe, J.; Roe, R. Rh clusters on titania. *J. Catal.* **2021**, *400*, 1–10.
2. Poe, E. Stable Rh clusters. *ACS Catal.* **2022**, *12*, 11–20.
"""
NOTE_QUESTION = "At what temperature did the rhodium clusters on titania convert methane to methanol?"
NOTE_ANSWER = "150 °C"

def quiet(_message: str) -> None:
    pass


def answerer(config, encoder) -> Assistant:
    """An Assistant on the config's current index, reusing the session's loaded model."""
    return Assistant(config, load_index(config), encoder)


def copy_indexed(config_path: Path, tmp_path: Path, cache: bool = True) -> Path:
    """A private copy of the session's corpus and built index; returns its config path."""
    shutil.copytree(config_path.parent / "corpus", tmp_path / "corpus")
    shutil.copytree(config_path.parent / "index", tmp_path / "index", symlinks=True)
    if not cache:
        shutil.rmtree(tmp_path / "index" / "cache", ignore_errors=True)
    return write_config(tmp_path, tmp_path / "corpus")


# --- corpus faults -----------------------------------------------------------------------


def test_bad_corpus_files_are_named_and_the_others_index(tmp_path, encoder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EDITORIAL, corpus)
    # Files are read in name order: 1- … 5- come before the editorial.
    empty = corpus / "1-empty.txt"
    empty.write_bytes(b"")
    binary = corpus / "2-binary.txt"  # e.g. a compressed file saved with the wrong extension
    binary.write_bytes(gzip.compress(EDITORIAL.read_bytes(), mtime=0))
    latin1 = corpus / "3-latin1.txt"
    latin1.write_bytes("Catalyse de cluster à 150 °C : sélectivité élevée.\n".encode("latin-1"))
    vanishing = corpus / "4-vanishing.md"
    vanishing.write_text(NOTE.replace("Rhodium", "Iridium"), encoding="utf-8")
    (corpus / "5-note.md").write_text(NOTE, encoding="utf-8")
    config = load_config(write_config(tmp_path, corpus))

    # The file removed while indexing: the indexer lists and hashes the corpus, then reads the files
    # in order. Its log message for the first bad file (1-empty.txt) comes after the listing and
    # before 4-vanishing.md is read: that is when it disappears, as if a user deleted it mid-build.
    messages: list[str] = []

    def log(message: str) -> None:
        messages.append(message)
        if "1-empty.txt" in message and vanishing.exists():
            vanishing.unlink()

    _, problems = build_index(config, encoder, log=log, progress=False)
    assert not vanishing.exists(), "the file was not removed during the build: the test did not test anything"

    expected = {
        "1-empty.txt": "empty",
        "2-binary.txt": "binary",
        "3-latin1.txt": "not UTF-8",
        "4-vanishing.md": "removed or unreadable while indexing",
    }
    assert len(problems) == len(expected), problems
    for name, reason in expected.items():
        named = [p for p in problems if name in p]
        assert len(named) == 1 and reason in named[0], (name, problems)
        assert any(name in m and m.startswith("skipped") for m in messages), (name, messages)
    assert "iconv" in next(p for p in problems if "3-latin1.txt" in p)  # says how to fix it

    manifest = json.loads((config.index_dir / CURRENT / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == 2
    indexed = {name for name, entry in manifest["corpus"].items() if entry["indexed"]}
    assert indexed == {EDITORIAL.name, "5-note.md"}

    # The file went away during the build: the index records only what it read, so it is current.
    assert "4-vanishing.md" not in manifest["corpus"]
    load_index(config)
    bot = answerer(config, encoder)
    assert NOTE_ANSWER in bot.ask(NOTE_QUESTION).answer
    assert HEADLINE_ANSWER in bot.ask(HEADLINE).answer


class EmbeddingBudgetExceeded(AssertionError):
    pass


class BudgetEncoder:
    """The real encoder, refusing to embed more than a budget of characters in one build.

    50 MB of text would take hours to embed on this machine: going over the budget
    means the indexer tried to embed the huge file instead of refusing it.
    """

    def __init__(self, encoder, max_chars: int):
        self.encoder, self.dimension, self.max_chars, self.chars = encoder, encoder.dimension, max_chars, 0

    def encode(self, texts, progress=False, **kwargs):
        self.chars += sum(len(t) for t in texts)
        if self.chars > self.max_chars:
            raise EmbeddingBudgetExceeded(
                f"the indexer sent {len(texts):,} texts, {self.chars / 1e6:.1f} M characters in all, to the "
                f"embedder (budget {self.max_chars / 1e6:.1f} M): it is embedding the 50 MB file")
        return self.encoder.encode(texts, progress=progress)


def write_large_text(path: Path, size: int) -> None:
    """Real prose (the editorial's body paragraphs), repeated to ``size`` bytes: quick to write."""
    paragraphs = [p.strip() for p in EDITORIAL.read_text(encoding="utf-8").split("\n\n")
                  if len(p.strip()) > 200 and not p.strip().startswith("(")][:8]
    block = ("\n\n".join(paragraphs) + "\n\n").encode("utf-8")
    with path.open("wb") as out:
        out.write(b"A very large collection of cluster paragraphs\n\n")
        for _ in range(size // len(block) + 1):
            out.write(block)


def test_a_50_mb_file_is_refused_by_name_and_the_others_index(tmp_path, encoder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EDITORIAL, corpus)
    huge = corpus / "0-huge.txt"  # first in name order: the budget trips before the editorial is embedded
    write_large_text(huge, 50 * 1024 * 1024)
    assert huge.stat().st_size >= 50 * 1024 * 1024
    config = load_config(write_config(tmp_path, corpus))

    started = time.monotonic()
    budget = BudgetEncoder(encoder, max_chars=2_000_000)  # the editorial needs ~0.06 M
    _, problems = build_index(config, budget, log=quiet, progress=False)
    print(f"\nbuild with a 50 MB file: {time.monotonic() - started:.1f}s")

    named = [p for p in problems if "0-huge.txt" in p]
    assert len(named) == 1, problems
    assert "max_file_mb" in named[0] and "50 MB" in named[0], named[0]
    assert HEADLINE_ANSWER in answerer(config, encoder).ask(HEADLINE).answer


# --- a killed rebuild ----------------------------------------------------------------------


def start_rebuild(config_path: Path) -> tuple[subprocess.Popen, list[str], threading.Event]:
    """`assistant index --rebuild` as a user runs it; its stderr lines are collected by a thread."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [PYTHON, "-m", "assistant.cli", "--config", str(config_path), "index", "--rebuild"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    lines: list[str] = []
    embedding = threading.Event()

    def read() -> None:  # drain stderr to the end, so the child never blocks on a full pipe
        for raw in process.stderr:
            for line in raw.decode("utf-8", "replace").split("\r"):
                lines.append(line.rstrip("\n"))
                if line.startswith("embedding"):
                    embedding.set()

    threading.Thread(target=read, daemon=True).start()
    return process, lines, embedding


def test_sigkill_mid_rebuild_keeps_the_previous_index(tmp_path, config_path, encoder):
    # Without the embedding cache, so that the rebuild really embeds (and takes seconds doing it).
    config_file = copy_indexed(config_path, tmp_path, cache=False)
    index_dir = tmp_path / "index"
    previous = (index_dir / CURRENT).resolve()
    previous_manifest = (previous / "manifest.json").read_bytes()

    process, lines, embedding = start_rebuild(config_file)
    try:
        assert embedding.wait(timeout=300), f"the rebuild never reached embedding:\n" + "\n".join(lines[-20:])
        time.sleep(0.5)  # inside the encoder (embedding the editorial takes 3-15 s here)
        assert process.poll() is None, "the rebuild finished before it could be killed:\n" + "\n".join(lines)
        os.killpg(process.pid, signal.SIGKILL)  # its own session: the indexer only
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not any(line.startswith(("embedded ", "indexed ")) for line in lines), \
        "killed too late: the embedding had finished:\n" + "\n".join(lines)

    assert (index_dir / CURRENT).resolve() == previous
    assert (previous / "manifest.json").read_bytes() == previous_manifest

    # What a build killed at a later moment leaves behind (each is a point where SIGKILL can land):
    # a half-written temporary build, a build renamed but not yet linked, the temporary link to it,
    # and a half-written embedding-cache file.
    partial = index_dir / ".build-killed0"
    partial.mkdir()
    dense = (previous / "dense.faiss").read_bytes()
    (partial / "dense.faiss").write_bytes(dense[: len(dense) // 2])
    orphan = index_dir / "build-killed1"
    shutil.copytree(previous, orphan)
    (orphan / "chunks.jsonl").write_text("", encoding="utf-8")
    (index_dir / f".{CURRENT}.tmp").symlink_to(orphan.name)
    (index_dir / "cache").mkdir(exist_ok=True)
    (index_dir / "cache" / "0123-killed.tmp.npz").write_bytes(b"PK\x03\x04 half a zip")

    messages: list[str] = []
    bot = Assistant.load(config_file, build_if_missing=False, log=messages.append)
    assert bot.index.path == previous
    assert HEADLINE_ANSWER in bot.ask(HEADLINE).answer
    assert not messages  # nothing was rebuilt behind the user's back

    # The next build (what the user runs after the crash) succeeds over the debris and replaces it.
    build_index(load_config(config_file), encoder, log=quiet, progress=False)
    current = (index_dir / CURRENT).resolve()
    assert current != previous and current.parent == index_dir
    assert not orphan.exists() and not (index_dir / f".{CURRENT}.tmp").exists()
    assert HEADLINE_ANSWER in answerer(load_config(config_file), encoder).ask(HEADLINE).answer


def test_a_damaged_embedding_cache_entry_is_re_embedded(tmp_path, config_path, encoder):
    config_file = copy_indexed(config_path, tmp_path)
    entries = sorted((tmp_path / "index" / "cache").glob("*.npz"))
    if not entries:
        pytest.skip("this engine keeps no embedding cache (index/cache/*.npz)")
    for entry in entries:  # e.g. a disk that filled up, or a crash before the data reached the disk
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2])
    config = load_config(config_file)
    build_index(config, encoder, log=quiet, progress=False)  # `assistant index --rebuild`
    assert HEADLINE_ANSWER in answerer(config, encoder).ask(HEADLINE).answer
