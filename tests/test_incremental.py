"""Growing the corpus: only new or changed files are embedded; filters by document."""
from __future__ import annotations

import shutil

import pytest

from assistant import Assistant, InvalidQuestion
from assistant.config import load_config
from assistant.index import build_index, check_index, load_index
from tests.conftest import CORPUS, write_config

NOTE = """# Palladium clusters for Suzuki coupling

## Results

Pd₁₃ clusters supported on ceria catalysed Suzuki coupling at room temperature.¹ The turnover frequency reached 5000 per hour after ligand removal.²

## References

1. Doe, J.; Roe, R. Pd clusters on ceria. *J. Catal.* **2021**, *400*, 1–10.
2. Poe, E. Ligand removal from Pd clusters. *ACS Catal.* **2022**, *12*, 11–20.
"""


class CountingEncoder:
    """The real encoder, counting the texts it embeds."""

    def __init__(self, encoder):
        self.encoder, self.dimension, self.texts = encoder, encoder.dimension, 0

    def encode(self, texts, progress=False):
        self.texts += len(texts)
        return self.encoder.encode(texts, progress=progress)


@pytest.fixture
def corpus_config(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return load_config(write_config(tmp_path, corpus)), corpus


def embedded_texts(index, doc_id):
    chunks = [c for c in index.chunks if c.doc_id == doc_id]
    return len(chunks) + sum(len(c.sentences) for c in chunks)


def test_added_document_embeds_only_its_own_chunks(corpus_config, encoder):
    config, corpus = corpus_config
    counting = CountingEncoder(encoder)
    build_index(config, counting, log=lambda m: None, progress=False)
    first = counting.texts
    assert first == embedded_texts(load_index(config), "precis-chem-2024-2-559")

    (corpus / "pd-note.md").write_text(NOTE, encoding="utf-8")
    counting.texts = 0
    build_index(config, counting, log=lambda m: None, progress=False)
    index = load_index(config)
    assert counting.texts == embedded_texts(index, "pd-note") > 0
    assert set(index.doc_ranges) == {"precis-chem-2024-2-559", "pd-note"}

    (corpus / "pd-note.md").unlink()
    counting.texts = 0
    build_index(config, counting, log=lambda m: None, progress=False)
    assert counting.texts == 0
    assert set(load_index(config).doc_ranges) == {"precis-chem-2024-2-559"}
    assert set(check_index(config)["documents"]) == {"precis-chem-2024-2-559"}


def test_files_sharing_a_name_stay_separate_documents(corpus_config, encoder):
    config, corpus = corpus_config
    (corpus / "note.md").write_text(NOTE, encoding="utf-8")
    (corpus / "note.txt").write_text("Plain notes\n\nRh clusters on titania oxidise methane.\n", encoding="utf-8")
    build_index(config, encoder, log=lambda m: None, progress=False)
    documents = check_index(config)["documents"]
    assert {"note.md", "note.txt", "precis-chem-2024-2-559"} == set(documents)
    assert all(entry["indexed_at"] for entry in documents.values())


def test_questions_across_and_within_documents(corpus_config, encoder):
    config, corpus = corpus_config
    (corpus / "pd-note.md").write_text(NOTE, encoding="utf-8")
    build_index(config, encoder, log=lambda m: None, progress=False)
    bot = Assistant(config, load_index(config), encoder)

    across = bot.ask("What did Pd13 clusters on ceria catalyse?")
    assert "Suzuki coupling" in across.answer and across.passages[0].doc_id == "pd-note"
    assert across.passages[0].title == "Palladium clusters for Suzuki coupling"
    assert [r.number for r in across.passages[0].references] == [1, 2]

    within = bot.ask("What did Pd13 clusters on ceria catalyse?", doc="precis-chem-2024-2-559")
    assert all(p.doc_id == "precis-chem-2024-2-559" for p in within.passages)
    only_note = bot.ask("Who wrote the editorial?", doc="pd-note")
    assert all(p.doc_id == "pd-note" for p in only_note.passages)
    with pytest.raises(InvalidQuestion, match="no indexed document"):
        bot.ask("anything", doc="missing")


def test_an_interrupted_build_resumes_from_the_finished_documents(corpus_config, encoder):
    config, corpus = corpus_config
    (corpus / "z-note.md").write_text(NOTE, encoding="utf-8")  # indexed after the editorial (name order)

    class Interrupted(Exception):
        pass

    class DiesOnTheSecondDocument(CountingEncoder):
        def encode(self, texts, progress=False):
            if self.texts:  # the first document is done: stop as a kill or a power cut would
                raise Interrupted
            return super().encode(texts, progress)

    with pytest.raises(Interrupted):
        build_index(config, DiesOnTheSecondDocument(encoder), log=lambda m: None, progress=False)
    counting = CountingEncoder(encoder)
    build_index(config, counting, log=lambda m: None, progress=False)
    index = load_index(config)
    assert counting.texts == embedded_texts(index, "z-note")  # the editorial was not embedded again
    assert set(index.doc_ranges) == {"precis-chem-2024-2-559", "z-note"}
