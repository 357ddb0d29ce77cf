"""Offline, extractive, cited question answering over precision-chemistry papers.

    from assistant import Assistant
    bot = Assistant.load()
    answer = bot.ask("Why does the Au26.3Ag17.7 cluster luminesce more strongly?")
    print(answer.answer); answer.to_dict()
"""
from .engine import Assistant, InvalidQuestion
from .types import Answer, AnswerSpan, Chunk, Document, Passage

__all__ = ["Assistant", "InvalidQuestion", "Answer", "AnswerSpan", "Chunk", "Document", "Passage"]
