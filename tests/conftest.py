"""Shared fixtures: a config whose index lives in a temporary directory, built once
per test session from the real corpus with the real bundled model; made-up scored sentences."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
EDITORIAL = CORPUS / "precis-chem-2024-2-559.txt"
ENCODER_CACHE = REPO / ".cache" / "encoder"


def write_config(directory: Path, corpus_dir: Path, **extra: str) -> Path:
    """A config file in ``directory`` using ``corpus_dir`` and an index beside it (and the repository's
    export of the model, made once)."""
    settings = {"corpus_dir": corpus_dir, "index_dir": directory / "index", "encoder_cache": ENCODER_CACHE, **extra}
    lines = [f"{key}: {value}" for key, value in settings.items()]
    path = directory / "assistant.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def encoder():
    from assistant.embedding import Encoder

    return Encoder("all-MiniLM-L6-v2", cache_dir=ENCODER_CACHE)


def indexed_config(directory: Path, corpus_dir: Path, encoder) -> Path:
    """write_config's config, with the corpus's index built (quietly) by ``encoder``."""
    from assistant.config import load_config
    from assistant.index import build_index

    path = write_config(directory, corpus_dir)
    build_index(load_config(path), encoder, log=lambda m: None, progress=False)
    return path


def bot_on(tmp_path_factory, name: str, text: str, others: dict[str, str] | None = None):
    """An assistant whose corpus is one made-up note, ``name``.md (and ``others``, by name)."""
    from assistant import Assistant

    directory = tmp_path_factory.mktemp(name)
    (directory / "corpus").mkdir()
    for stem, content in {name: text, **(others or {})}.items():
        (directory / "corpus" / f"{stem}.md").write_text(content, encoding="utf-8")
    return Assistant.load(write_config(directory, directory / "corpus"), log=lambda m: None)


@pytest.fixture(scope="session")
def config_path(tmp_path_factory, encoder) -> Path:
    """A config over a copy of the shipped corpus, with its index built."""
    directory = tmp_path_factory.mktemp("assistant")
    shutil.copytree(CORPUS, directory / "corpus")
    return indexed_config(directory, directory / "corpus", encoder)


@pytest.fixture(scope="session")
def bot(config_path):
    from assistant import Assistant

    return Assistant.load(config_path, build_if_missing=False)


@pytest.fixture(scope="session")
def editorial():
    from assistant.ingest import load_document

    return load_document(EDITORIAL)


# --- made-up records for the unit tests of answer selection (no model, no index) ---------------------------

def sentence(text: str, score: float, *, start: int = 0, kind: str = "body", words: str = "", continues=None,
             paragraph: int = 1, citations=(), doc: str = "d"):
    """A scored sentence (``answer.ScoredSentence``); ``continues``: the spans of the sentence it follows and
    continues ("However, its …")."""
    from assistant.answer import ScoredSentence

    return ScoredSentence(1, ((start, start + len(text)),), doc, score, score, kind=kind, text=text,
                          paragraph=paragraph, citations=tuple(citations),
                          words=frozenset((words or text.lower()).split()), follows=continues,
                          continuation=continues is not None)
