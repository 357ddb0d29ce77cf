"""Retrieval on a small made-up corpus, with the real model: what a passage's dense score is made of."""
from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.retrieval import Retriever
from tests.conftest import write_config

NOTE = """# Notes on gold clusters

## Results

The meeting was held in Singapore in the spring. Travel grants were offered to students from twelve countries. The organisers thanked the university catering team for the lunches. Gold clusters lose their ligands and melt at 900 K under vacuum. The next meeting will take place in Lyon.

Gold clusters are studied for their thermal and optical properties by many groups.
"""


@pytest.fixture(scope="module")
def note_bot(tmp_path_factory, encoder):
    directory = tmp_path_factory.mktemp("note")
    (directory / "corpus").mkdir()
    (directory / "corpus" / "note.md").write_text(NOTE, encoding="utf-8")
    return Assistant.load(write_config(directory, directory / "corpus"), log=lambda m: None)


@pytest.mark.parametrize("weight, above_metadata", [(0.0, False), (1.0, True)])
def test_a_long_paragraph_is_as_relevant_as_its_best_sentence(note_bot, weight, above_metadata):
    """The one sentence about melting is diluted by four about a meeting in the
    paragraph's own vector; scored by its best sentence the paragraph ranks above
    the metadata lines."""
    config = note_bot.config.with_overrides(retrieval={"sentence_weight": weight})
    retriever = Retriever(note_bot.index, note_bot.encoder, config.retrieval, config.max_query_chars)
    ranked = [note_bot.index.chunks[hit.chunk_id] for hit in retriever.search(
        retriever.query("At what temperature do gold clusters melt?"), method="dense")]
    long_paragraph = next(c for c in ranked if "melt at 900 K" in c.text)
    metadata = next(c for c in ranked if c.kind == "metadata")
    assert (ranked.index(long_paragraph) < ranked.index(metadata)) is above_metadata
