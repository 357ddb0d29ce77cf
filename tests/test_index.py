"""The persisted index: atomic builds, and stale or damaged indexes refused at load."""
from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from assistant.config import load_config
from assistant.index import (CURRENT, IndexMissing, IndexProblem, build_index, check_index, load_index, number_writer,
                             sparse_text)
from assistant.types import Chunk
from tests.conftest import CORPUS, write_config


@pytest.fixture
def fresh(tmp_path, encoder):
    """A private corpus copy with a built index: (config, corpus dir)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    config = load_config(write_config(tmp_path, corpus))
    build_index(config, encoder, log=lambda m: None, progress=False)
    return config, corpus


def test_manifest_records_what_the_index_was_built_from(fresh):
    config, corpus = fresh
    manifest = check_index(config)
    assert manifest["model"] == "all-MiniLM-L6-v2" and manifest["dimension"] == 384
    assert manifest["faiss_factory"] == "Flat"
    assert set(manifest["corpus"]) == {"precis-chem-2024-2-559.txt"}
    assert manifest["counts"]["documents"] == 1 and manifest["counts"]["chunks"] > 41
    assert {"dense.faiss", "chunks.jsonl", "documents.json", "sentences.npy"} <= set(manifest["files"])
    index = load_index(config)
    assert index.dense.ntotal == len(index.chunks) == manifest["counts"]["chunks"]


def test_passage_frequency_counts_the_passages_holding_each_token(fresh):
    """Read from bm25s's sparse matrix, the last token's column too: what ``query.closed_spellings`` weighs."""
    from collections import Counter

    index = load_index(fresh[0])
    held = Counter(token for chunk in index.chunks for token in set(index.tokenize(sparse_text(chunk))))
    assert {token: n for token, n in index.passage_frequency().items() if token} == held


def test_missing_index_says_how_to_build(tmp_path):
    config = load_config(write_config(tmp_path, CORPUS))
    with pytest.raises(IndexMissing, match="assistant index"):
        load_index(config)


def test_changed_corpus_is_detected(fresh):
    config, corpus = fresh
    (corpus / "extra.md").write_text("# Extra\n\nA new paper about Pd clusters.\n", encoding="utf-8")
    with pytest.raises(IndexProblem, match=r"extra\.md added.*assistant index --rebuild"):
        load_index(config)
    (corpus / "extra.md").unlink()
    editorial = corpus / "precis-chem-2024-2-559.txt"
    editorial.write_text(editorial.read_text(encoding="utf-8") + "\nA late addition.\n", encoding="utf-8")
    with pytest.raises(IndexProblem, match=r"precis-chem-2024-2-559\.txt changed"):
        load_index(config)


def test_changed_model_or_chunking_is_detected(fresh):
    config, _ = fresh
    for changed in (dataclasses.replace(config, model="some-other-model"),
                    config.with_overrides(chunking={"window": 3})):
        with pytest.raises(IndexProblem, match="other settings.*--rebuild"):
            load_index(changed)


@pytest.mark.parametrize("name", ["dense.faiss", "chunks.jsonl", "documents.json", "sentences.npy",
                                  "manifest.json"])
def test_truncated_or_corrupted_files_are_detected(fresh, name):
    config, _ = fresh
    path = config.index_dir / CURRENT / name
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexProblem, match="--rebuild"):
        load_index(config)
    path.write_bytes(bytes([data[0] ^ 0xFF]) + data[1:])
    with pytest.raises(IndexProblem, match="--rebuild"):
        load_index(config)


def test_failed_build_leaves_previous_index(fresh, encoder):
    config, corpus = fresh
    before = (config.index_dir / CURRENT).resolve()
    for path in corpus.iterdir():
        path.write_bytes(b"\xff\xfe not utf-8 \xff")
    with pytest.raises(IndexProblem, match="no readable document"):
        build_index(config, encoder, log=lambda m: None, progress=False)
    assert (config.index_dir / CURRENT).resolve() == before
    manifest = json.loads((before / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 1


def test_unreadable_file_is_skipped_and_named(fresh, encoder):
    config, corpus = fresh
    (corpus / "latin1.txt").write_bytes("Caf\u00e9 cluster".encode("latin-1"))
    messages = []
    _, problems = build_index(config, encoder, log=messages.append, progress=False)
    assert any("latin1.txt" in p and "not UTF-8" in p for p in problems)
    assert any("latin1.txt" in m for m in messages)
    manifest = check_index(config)  # the skipped file is recorded, so the index is current
    assert manifest["corpus"]["latin1.txt"]["indexed"] is False
    assert manifest["counts"]["documents"] == 1


def test_bm25_indexes_a_passage_with_its_sections_name_and_an_entry_without():
    def chunk(kind: str, section: str) -> Chunk:
        return Chunk(0, "doc", kind, section, 1, ((0, 10),), "x", (), (), "We thank Ann Lee.", ("We thank Ann Lee.",))

    assert sparse_text(chunk("body", "Acknowledgments")) == "Acknowledgments We thank Ann Lee."
    assert sparse_text(chunk("body", "")) == "We thank Ann Lee."
    assert sparse_text(chunk("reference", "References")) == "We thank Ann Lee."  # an entry's section says nothing


@pytest.mark.parametrize("text, name, named", [
    ("in 1,4dioxane the less active form", "dioxane", True),  # after a locant: "1,4-dioxane" names dioxane
    ("bazrs3based films", "bazrs3", True),
    ("dried over k2co3", "co3", False),  # a formula's digits are part of the formula
    ("the caco3 catalyst", "co3", False),
    ("chlorobenzene was used", "benzene", False),  # another substance
    ("synthesis of nallyl/homoallyl amide substrates", "allyl", True),  # "N-Allyl": a heteroatom's locant
    ("the omethyl ether", "methyl", True),  # "O-methyl"
    ("a trimethylsilyl group", "methyl", False),  # part of a longer name
])
def test_a_name_stands_at_the_start_of_a_word_or_after_a_locant(text, name, named):
    from assistant.index import _named_at

    assert (next(_named_at(text, name), None) is not None) is named


@pytest.mark.parametrize("number, text, written", [
    ("0.5", "a 0.5 M solution", True),
    ("0.5", "a 0,5 M solution", True),  # a decimal comma
    ("0.5", "10.5 and 0.55", False),
    ("93", "in 93% yield", True),
    ("~29", "101.6 (d, 2JC‑F = 28.8 Hz)", True),  # "about 29 Hz"
    ("~5.8", "5.82 (ddt, J = 17.1, 10.2, 6.8 Hz, 1H)", True),
    ("~18", "17.7 (d, JC‑F = 1.9 Hz)", True),
    ("~45", "Acetonitrile 100 3.8 45,3 39,9", True),
    ("~18", "20.1 and 16.9 ppm", False),
    ("~5.8", "5.92 (m, 1H)", False),
    ("~1300", "peaking at 1290 nm", True),
])
def test_a_number_written_exactly_or_near_an_approximate_one(number, text, written):
    assert number_writer(number)(text) is written
