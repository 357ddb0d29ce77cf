"""assistant.yaml documents the defaults: it must say exactly what the code does without it."""
from __future__ import annotations

import dataclasses

import pytest

from assistant.config import Config, ConfigError, load_config
from tests.conftest import REPO


def test_shipped_yaml_equals_the_defaults():
    shipped = load_config(REPO / "assistant.yaml")
    assert shipped.corpus_dir == REPO / "corpus" and shipped.index_dir == REPO / "index"
    assert shipped.encoder_cache == REPO / ".cache" / "encoder"
    defaults = Config()
    paths = {name: getattr(defaults, name) for name in ("corpus_dir", "index_dir", "encoder_cache")}
    assert dataclasses.replace(shipped, **paths) == defaults


def test_environment_variable_selects_the_config(tmp_path, monkeypatch):
    path = tmp_path / "other.yaml"
    path.write_text("retrieval:\n  k: 5\n", encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_CONFIG", str(path))
    config = load_config()
    assert config.retrieval.k == 5 and config.index_dir == tmp_path / "index"


@pytest.mark.parametrize("text, message", [
    ("retrieval:\n  colour: blue\n", "unknown setting"),
    ("retrieval:\n  k: three\n", "must be int"),
    ("answer: 3\n", "must be a mapping"),
    ("[1, 2]\n", "mapping of settings"),
    ("retrieval: {k: [\n", "not valid YAML"),
])
def test_bad_config_is_explained(tmp_path, text, message):
    path = tmp_path / "assistant.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
