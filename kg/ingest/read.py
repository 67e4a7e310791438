"""Read input paths into Articles, and account for every input in a manifest.

Statuses: ``ingested``, ``duplicate`` (same content hash as an earlier input),
``rejected`` (empty, binary, unreadable, too large) and, later in the pipeline,
``quarantined`` (its graph does not conform to the shapes).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import InputError
from kg.ingest.layout import analyse
from kg.model import Article
from kg.nlp.lexicon import load_lexicon

MAX_BYTES = 5_000_000
"""Inputs larger than this (5 MB) are rejected: a news report is a few kilobytes."""

SUFFIXES = (".txt", ".text", ".md")


@dataclass
class InputRecord:
    """What happened to one input file."""

    path: str
    status: str
    reason: str = ""
    doc_id: str | None = None
    content_hash: str | None = None


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    records: list[InputRecord] = field(default_factory=list)


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                raise InputError(f"{p}: folder holds no text files ({', '.join(SUFFIXES)})")
            files.extend(found)
        else:
            files.append(p)
    return files


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM); otherwise Windows-1252 with a warning."""
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file (NUL bytes), not a text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        text = data.decode("cp1252", errors="replace")
        return text, [f"{path}: not UTF-8 (byte {err.start}); decoded as Windows-1252"]


def article_from_text(text: str, doc_id: str = "text", path: str = "") -> Article:
    """An Article from a string (for notebooks and tests)."""
    layout = analyse(text, load_lexicon())
    return Article(
        doc_id=doc_id, path=path or doc_id, text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=layout.title, publisher=layout.publisher, dateline=layout.dateline,
        published=layout.published, bylines=layout.bylines, excluded=layout.excluded,
    )


def read_article(path: Path) -> Article:
    """One file -> Article; raises InputError with a one-line reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size} bytes is over the {MAX_BYTES}-byte limit for one report")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None
    text, warnings = decode(data, path)
    if not text.strip():
        raise InputError(f"{path}: empty file")
    art = article_from_text(text, path.stem, str(path))
    return replace(art, warnings=tuple(warnings)) if warnings else art


def ingest(paths: list[Path] | list[str]) -> IngestResult:
    """Read every file under ``paths``; bad files are recorded, not raised."""
    result = IngestResult()
    seen: dict[str, str] = {}
    for f in _files([Path(p) for p in paths]):
        try:
            art = read_article(f)
        except InputError as err:
            result.records.append(InputRecord(str(f), "rejected", str(err)))
            continue
        if art.content_hash in seen:
            result.records.append(InputRecord(str(f), "duplicate", f"same content as {seen[art.content_hash]}",
                                              art.doc_id, art.content_hash))
            continue
        seen[art.content_hash] = str(f)
        result.articles.append(art)
        result.records.append(InputRecord(str(f), "ingested", "; ".join(art.warnings), art.doc_id,
                                          art.content_hash))
    return result
