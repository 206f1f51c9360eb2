"""extractor: structured, verified numeric facts from news articles about armed conflict."""

from .pipeline import Article, Extractor, aextract, extract

__all__ = ["Article", "Extractor", "aextract", "extract"]
