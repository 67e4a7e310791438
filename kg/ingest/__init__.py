"""Ingest stage: paths -> :class:`kg.model.Article` records, and a manifest of what happened to each input."""

from kg.ingest.read import IngestResult, InputRecord, article_from_text, ingest

__all__ = ["IngestResult", "InputRecord", "article_from_text", "ingest"]
