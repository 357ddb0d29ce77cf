"""The Assistant: loads config, model and index once, then answers questions."""
from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Callable

from .answer import build_answer, not_answered
from .config import Config, load_config
from .embedding import Encoder
from .index import Index, IndexMissing, build_index, load_index
from .ingest import normalize_name
from .query import Library, Query, analyze
from .retrieval import Candidate, Retriever
from .types import Answer

MAX_K = 50
MAX_HISTORY_USED = 10  # only the latest turns can matter to a follow-up
MAX_EXAMPLE_TITLE = 90  # characters of a title an example question quotes (a button's worth)


class InvalidQuestion(ValueError):
    """Input the assistant cannot answer as given; the message says what to change."""


class Assistant:
    def __init__(self, config: Config, index: Index, encoder: Encoder):
        self.config = config
        self.index = index
        self.encoder = encoder
        self.retriever = Retriever(index, encoder, config.retrieval)
        self.library = Library.of(index)

    @classmethod
    def load(cls, config_path: str | Path | None = None, config: Config | None = None,
             build_if_missing: bool = True, log: Callable[[str], None] = print) -> "Assistant":
        """Load the index (building it on first use when there is none) and the model.

        A stale or damaged index is refused with a message; it is never
        rebuilt silently here, and never used.
        """
        config = config or load_config(config_path)
        encoder = Encoder.from_config(config, log=log)
        try:
            index = load_index(config)
        except IndexMissing:
            if not build_if_missing:
                raise
            log(f"no index yet in {config.index_dir}: building it")
            build_index(config, encoder, log=log)
            index = load_index(config)
        return cls(config, index, encoder)

    @property
    def documents(self):
        return list(self.index.documents.values())

    def validate(self, question: object, history: object, k: object, doc: object = None) -> tuple[str, list[str], int]:
        if not isinstance(question, str):
            raise InvalidQuestion(f"the question must be text, not {type(question).__name__}")
        if not question.strip():
            raise InvalidQuestion("the question is empty: ask something about the documents")
        if history is None:
            history = []
        if not isinstance(history, (list, tuple)) or not all(isinstance(h, str) for h in history):
            raise InvalidQuestion("history must be a list of earlier questions (text)")
        for text in (question, *history):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:  # a lone surrogate: bytes that were not valid UTF-8
                raise InvalidQuestion(f"the {'question' if text is question else 'history'} contains "
                                      f"invalid text (U+{ord(text[exc.start]):04X} at position {exc.start}): "
                                      "send valid UTF-8") from None
        if k is None:
            k = self.config.retrieval.k
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise InvalidQuestion(f"k (the number of passages) must be a whole number from 1 to {MAX_K}, not {k!r}")
        if doc is not None:
            doc = normalize_name(doc)  # ids are NFC (ingest); a name typed on macOS may not be
        if doc is not None and doc not in self.index.doc_ranges:
            raise InvalidQuestion(f"no indexed document {doc!r}; indexed: {', '.join(sorted(self.index.doc_ranges))}")
        return question, list(history)[-MAX_HISTORY_USED:], k, doc

    def example_questions(self, limit: int = 6) -> list[str]:
        """Questions that show what the loaded library can answer: for each document (up to ``limit`` // 2),
        who wrote it and what it reports, naming it by its whole title or the part before its subtitle —
        never a title cut mid-phrase. Titles longer than that are left out."""
        examples: list[str] = []
        for document in self.library.documents[: max(1, limit // 2)]:
            title = document.title.strip().rstrip(".")
            if len(title) > MAX_EXAMPLE_TITLE:
                title = re.split(r":\s| [–—-] ", title)[0].strip()
            if not title or len(title) > MAX_EXAMPLE_TITLE or title == document.doc_id:
                continue
            examples += [f"Who wrote “{title}”?", f"What does “{title}” report?"]
        return examples[:limit]

    def analyze(self, question: str, history: list[str], doc: str | None) -> Query:
        return analyze(question, history, self.library, tokenize=self.index.tokenize, doc=doc,
                       followup_max_words=self.config.retrieval.followup_max_words, fits=self.encoder.fits,
                       max_chars=self.config.max_query_chars)

    def retrieve(self, question: str, history: list[str] | None = None, method: str = "hybrid",
                 doc: str | None = None) -> tuple[Query, list[Candidate]]:
        question, history, _, doc = self.validate(question, history, None, doc)
        query = self.analyze(question, history, doc)
        return query, self.retriever.search(query, method).candidates

    def ask(self, question: str, history: list[str] | None = None, k: int | None = None,
            method: str = "hybrid", doc: str | None = None) -> Answer:
        """Answer ``question`` (in the light of earlier ``history`` questions), from ``doc`` only if given."""
        started = time.perf_counter()
        question, history, k, doc = self.validate(question, history, k, doc)
        query = self.analyze(question, history, doc)
        answer = not_answered(query, self.library)
        if answer is None:
            answer = build_answer(self.retriever.search(query, method), self.index, k, self.config.answer)
        answer.question = question
        answer.shortened = query.shortened
        answer.elapsed_ms = (time.perf_counter() - started) * 1000
        return answer
