"""The encoder's two backends with the real bundled model: the ONNX export gives the model's own
embeddings, answers without torch, is remade when damaged, and is refused when it cannot reproduce
the model."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.embedding import Encoder, ModelError, resolve_model
from tests.conftest import ENCODER_CACHE, REPO

TEXTS = ["Who wrote this editorial?", "Au25(SR)18 clusters reached 95.1% CO Faradaic efficiency.",
         "What were its advantages?", "ليس هذا سؤالا عن العناقيد 🙂"]


@pytest.fixture(scope="module")
def torch_encoder():
    return Encoder("all-MiniLM-L6-v2", backend="torch")


def test_onnx_gives_the_model_s_own_embeddings(encoder, torch_encoder):
    """Passages by the float graph, as the model gives them; a query by the int8 graph, near them (cosine ≥ 0.97,
    the bound the export checks), or by the float graph when asked."""
    assert encoder.backend == "onnx" and torch_encoder.backend == "torch" and encoder.query_precision == "int8"
    batch, reference = encoder.encode(TEXTS), torch_encoder.encode(TEXTS)
    assert batch.shape == reference.shape == (len(TEXTS), 384)
    assert np.min(np.sum(batch * reference, axis=1)) > 0.9999
    exact = Encoder("all-MiniLM-L6-v2", cache_dir=ENCODER_CACHE, query_precision="float32")
    assert exact.query_precision == "float32"
    for text, expected in zip(TEXTS, reference):
        vector, float_vector = encoder.encode_query(text), exact.encode_query(text)
        assert abs(np.linalg.norm(vector) - 1) < 1e-5 and 0.97 <= float(vector @ expected) < 0.9999
        assert abs(np.linalg.norm(float_vector) - 1) < 1e-5 and float(float_vector @ expected) > 0.9999


def test_answering_does_not_import_torch(encoder):
    code = ("import sys; from assistant.embedding import Encoder; "
            f"e = Encoder('all-MiniLM-L6-v2', cache_dir={str(ENCODER_CACHE)!r}); e.encode_query('gold clusters'); "
            "print(e.backend, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["onnx", "False", "False"]


def current_export(encoder, cache):
    """A copy, in ``cache``, of the export ``encoder`` runs (the shared cache may also hold older exports)."""
    directory = encoder._onnx.directory
    return Path(shutil.copytree(directory, cache / directory.name))


def test_a_damaged_export_is_made_again(tmp_path, encoder):
    cache = tmp_path / "cache"
    model = current_export(encoder, cache) / "model.onnx"
    model.write_bytes(b"not an onnx graph")
    again = Encoder("all-MiniLM-L6-v2", cache_dir=cache)
    assert again.backend == "onnx"
    assert float(again.encode_query(TEXTS[0]) @ encoder.encode_query(TEXTS[0])) > 0.9999


@pytest.fixture(scope="module")
def max_pooling_model(tmp_path_factory):
    """The bundled model with max pooling: a model this export does not reproduce."""
    directory = tmp_path_factory.mktemp("max-pooling")
    source = resolve_model("all-MiniLM-L6-v2")
    shutil.copytree(source, directory / "model", dirs_exist_ok=True)
    pooling = directory / "model" / "1_Pooling" / "config.json"
    settings = json.loads(pooling.read_text())
    settings.update(pooling_mode_mean_tokens=False, pooling_mode_max_tokens=True)
    pooling.write_text(json.dumps(settings))
    return directory / "model"


def test_a_model_the_export_cannot_reproduce_runs_through_sentence_transformers(tmp_path, max_pooling_model):
    messages = []
    fallback = Encoder(str(max_pooling_model), cache_dir=tmp_path, log=messages.append)
    assert fallback.backend == "torch" and fallback.encode_query("gold").shape == (384,)
    assert "exporting the embedding model to ONNX" in messages[0]
    assert "runs through sentence-transformers" in messages[-1]
    with pytest.raises(ModelError, match="mean or CLS pooling"):
        Encoder(str(max_pooling_model), backend="onnx", cache_dir=tmp_path)
    assert not list(tmp_path.glob("*/export.json"))  # nothing half-made is left to be used


def test_an_unknown_backend_is_refused():
    with pytest.raises(ModelError, match="encoder_backend must be one of"):
        Encoder("all-MiniLM-L6-v2", backend="gpu")
    with pytest.raises(ModelError, match="query_precision must be one of int8, float32"):
        Encoder("all-MiniLM-L6-v2", query_precision="int4")


def test_an_export_without_its_int8_graph_embeds_queries_in_float32_and_says_so(tmp_path, encoder):
    cache = tmp_path / "cache"
    settings_file = current_export(encoder, cache) / "export.json"
    settings = json.loads(settings_file.read_text())
    assert settings["query_graphs"] == {"int8": "model-int8.onnx"}
    del settings["query_graphs"]
    settings_file.write_text(json.dumps(settings))
    messages = []
    fallback = Encoder("all-MiniLM-L6-v2", cache_dir=cache, log=messages.append)
    assert fallback.query_precision == "float32" and "queries are embedded in float32" in messages[-1]
    assert float(fallback.encode_query(TEXTS[1]) @ fallback.encode([TEXTS[1]])[0]) > 0.9999


def test_an_unwritable_cache_leaves_the_model_running_through_sentence_transformers(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    messages = []
    encoder = Encoder("all-MiniLM-L6-v2", cache_dir=blocker / "encoder", log=messages.append)
    assert encoder.backend == "torch" and "cannot be written" in messages[-1]


def test_making_the_int8_graph_leaves_the_process_s_logging_as_it_was(tmp_path, encoder):
    """ONNX Runtime's quantization logs through the root logger, which would install a handler for the whole
    process; making the int8 graph leaves no handler and prints nothing, so a first index build does not print
    bm25s's debug lines."""
    code = ("import logging, sys; from pathlib import Path; from assistant.embedding import _quantize_int8; "
            "_quantize_int8(Path(sys.argv[1]), Path(sys.argv[2])); print(len(logging.getLogger().handlers))")
    out = subprocess.run([sys.executable, "-c", code, str(encoder._onnx.directory / "model.onnx"),
                          str(tmp_path / "model-int8.onnx")], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0"] and out.stderr == ""
    assert (tmp_path / "model-int8.onnx").stat().st_size > 0
