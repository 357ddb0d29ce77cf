"""The declared reading version guards the index: when the chunks a file gives change, READING_VERSION
(assistant/index.py) must be bumped, so that an index and the embedding cache built by the old code are
rebuilt; when only code or comments change, nothing is re-embedded.

The golden documents are the editorial (text), the synthetic two-page paper of tests/test_pdf.py, the
table, the table as wide as two columns and the table of subscripted row labels of tests/test_pdf_layouts.py
(PDFs).
Their chunks — text, spans, kind, section, page, citations, BM25 tokens — are hashed; tests/golden/chunks.json
records the hash for each reading version. After a change to reading that is meant:

    bump READING_VERSION, then  .venv/bin/python tests/test_golden.py --record
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.chunking import chunk_document  # noqa: E402
from assistant.config import load_config  # noqa: E402
from assistant.index import READING_VERSION  # noqa: E402
from assistant.ingest import corpus_files, load_document  # noqa: E402
from assistant.text import Tokenizer  # noqa: E402
from tests.test_pdf import _make_paper  # noqa: E402
from tests.test_pdf_layouts import (WIDE_TABLE, WIDE_TABLE_X, _subscripted_labels, _table_over_columns,  # noqa: E402
                                    _table_paper)

GOLDEN = Path(__file__).with_name("golden") / "chunks.json"


def chunks_digest(pdf_dir: Path) -> str:
    config = load_config(ROOT / "assistant.yaml")
    files = corpus_files(ROOT / "corpus") + [_make_paper(pdf_dir / "paper.pdf"), _table_paper(pdf_dir / "table.pdf", 10.0),
                                             _table_over_columns(pdf_dir / "wide.pdf", WIDE_TABLE, WIDE_TABLE_X),
                                             _subscripted_labels(pdf_dir / "labels.pdf")]
    tokenize = Tokenizer()
    digest = hashlib.sha256()
    for path in files:
        for chunk in chunk_document(load_document(path), config.chunking, 0):
            record = [chunk.kind, chunk.section, chunk.paragraph, chunk.page, list(map(list, chunk.spans)), chunk.text,
                      list(chunk.citations), chunk.search_text, tokenize(chunk.search_text)]
            digest.update(json.dumps(record, ensure_ascii=False).encode())
    return digest.hexdigest()


def test_chunks_change_only_with_the_reading_version(tmp_path):
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    now = chunks_digest(tmp_path)
    assert str(READING_VERSION) in recorded, (
        f"READING_VERSION {READING_VERSION} has no recorded chunks: run .venv/bin/python tests/test_golden.py --record")
    assert now == recorded[str(READING_VERSION)], (
        "the chunks of the golden documents changed but READING_VERSION did not: bump it in assistant/index.py "
        "(indexes and cached embeddings of the old reading are then rebuilt) and run "
        ".venv/bin/python tests/test_golden.py --record")


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    import tempfile

    recorded = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else {}
    if str(READING_VERSION) in recorded:
        sys.exit(f"reading version {READING_VERSION} is recorded already: bump READING_VERSION first")
    with tempfile.TemporaryDirectory() as directory:
        recorded[str(READING_VERSION)] = chunks_digest(Path(directory))
    GOLDEN.write_text(json.dumps(recorded, indent=1) + "\n", encoding="utf-8")
    print(f"recorded reading version {READING_VERSION}")
