"""Configuration: one YAML file (assistant.yaml), read into typed records.

The defaults here are the ones documented in assistant.yaml (a test keeps
the two equal). A config file is found, in order: the path given, the
environment variable ASSISTANT_CONFIG, ./assistant.yaml.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .chunking import ChunkingConfig

CONFIG_ENV = "ASSISTANT_CONFIG"
SEARCH_TIME_SETTINGS = {"hnsw_ef_search", "ivf_nprobe"}  # applied when the index is loaded, not built


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class IndexConfig:
    faiss_factory: str = "auto"
    auto_exact_max: int = 50000
    auto_approximate: str = "HNSW32,Flat"
    hnsw_ef_search: int = 128
    ivf_nprobe: int = 32
    bm25_k1: float = 1.5
    bm25_b: float = 0.75


@dataclass(frozen=True)
class RetrievalConfig:
    k: int = 3
    candidates: int = 30
    fusion: str = "mix"
    rrf_k: int = 60
    dense_weight: float = 0.6
    sentence_weight: float = 1.0
    history_weight: float = 0.5
    followup_max_words: int = 3
    citation_boost: float = 0.3
    cited_entry_boost: float = 0.3
    named_entry_boost: float = 0.3
    caption_weight: float = 0.9
    document_bm25_weight: float = 0.3
    stated_value_boost: float = 0.03
    definition_boost: float = 0.3
    section_boost: float = 0.3
    named_table_rows: int = 3
    rerank_depth: int = 20


@dataclass(frozen=True)
class AnswerConfig:
    max_sentences: int = 2
    max_chars: int = 350
    passages_considered: int = 3
    rerank_depth: int = 10
    second_sentence_ratio: float = 0.7
    lexical_weight: float = 1.0
    evidence_lexical_weight: float = 0.7
    head_weight: float = 2.0
    rank_penalty: float = 0.05
    reference_penalty: float = 0.2
    section_weight: float = 0.3
    context_weight: float = 0.3
    novelty_weight: float = 0.5
    answer_type_ratio: float = 0.7
    abstain_threshold: float = 0.3
    polar_abstain_threshold: float = 0.6
    missing_term_penalty: float = 0.55
    confidence_midpoint: float = 0.67
    confidence_slope: float = 1.85


@dataclass(frozen=True)
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 7860
    concurrency: int = 4


@dataclass(frozen=True)
class Config:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    model: str = "all-MiniLM-L6-v2"
    encoder_threads: int = 1
    encoder_backend: str = "auto"
    query_precision: str = "int8"
    encoder_cache: Path = Path(".cache/encoder")
    max_file_mb: float = 10.0
    max_query_chars: int = 4000
    chunking: ChunkingConfig = field(default_factory=ChunkingConfig)
    index: IndexConfig = field(default_factory=IndexConfig)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)

    def embedding_fingerprint(self) -> str:
        """What a document's embeddings depend on besides its content."""
        parts = {"model": self.model, "chunking": dataclasses.asdict(self.chunking)}
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]

    def index_fingerprint(self) -> str:
        """What the built index depends on besides the corpus: a change means a rebuild."""
        built = {k: v for k, v in dataclasses.asdict(self.index).items()
                 if k not in SEARCH_TIME_SETTINGS}
        parts = {"model": self.model, "chunking": dataclasses.asdict(self.chunking), "index": built}
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]

    def with_overrides(self, **sections: dict[str, Any]) -> "Config":
        """A copy with some fields of some sections replaced (used by the benchmark)."""
        return dataclasses.replace(self, **{
            name: dataclasses.replace(getattr(self, name), **values) for name, values in sections.items()
        })


def _build(cls: type, data: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(data) - set(known)
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(known)}")
    values = {}
    for name, value in data.items():
        default = getattr(cls(), name)
        if dataclasses.is_dataclass(default):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: '{name}' must be a mapping")
            values[name] = _build(type(default), value, f"{where}.{name}")
        elif isinstance(default, Path):
            values[name] = Path(str(value))
        elif isinstance(default, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
            values[name] = float(value)
        elif type(value) is type(default):
            values[name] = value
        else:
            raise ConfigError(f"{where}: '{name}' must be {type(default).__name__}, got {value!r}")
    return cls(**values)


def load_config(path: str | Path | None = None) -> Config:
    if path is None:
        path = os.environ.get(CONFIG_ENV) or ("assistant.yaml" if Path("assistant.yaml").exists() else None)
    if path is None:
        return Config()
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping of settings")
    config = _build(Config, data, str(path))
    base = path.resolve().parent
    return dataclasses.replace(
        config,
        corpus_dir=(base / config.corpus_dir).resolve(),
        index_dir=(base / config.index_dir).resolve(),
        encoder_cache=(base / config.encoder_cache).resolve(),
    )
