"""Ingest stage: paths -> :class:`kg.model.Article` records, and a manifest of what happened to each input."""

from kg.ingest.read import IngestResult, InputRecord, ingest

__all__ = ["IngestResult", "InputRecord", "ingest"]
