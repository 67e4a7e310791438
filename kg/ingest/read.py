"""Read input paths into Articles, and account for every input in a manifest.

Every file found is recorded with a status and a one-line reason; nothing is dropped
silently:

* ``ingested``: read; the reason holds any warning (a Windows-1252 fallback, text taken
  from an HTML page);
* ``duplicate``: same content hash as an earlier input, kept once;
* ``rejected``: empty, binary, unreadable, not a regular file, of an unsupported type, or
  over a size limit;
* ``quarantined`` (set later by the pipeline): its graph does not conform to the shapes.

A path that does not exist, or a folder that holds no text file, is a usage error
(:class:`kg.errors.InputError`): nothing is built. Hidden files and folders (names starting
with ``.``) inside a folder are skipped, as ``ls`` and ``git`` do.
"""

from __future__ import annotations

import hashlib
import stat
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import InputError
from kg.ingest.html import HTML_SUFFIXES, looks_like_html, main_text
from kg.ingest.layout import analyse
from kg.model import Article
from kg.nlp.lexicon import load_lexicon

MAX_BYTES = 5_000_000
"""Files larger than this (5 MB) are rejected unread: a news report is a few kilobytes, and a
saved news page rarely more than a megabyte or two."""

MAX_CHARS = 200_000
"""Texts longer than this (200,000 characters, some 30,000 words) are rejected. It bounds what
one document costs: extraction grows faster than the length of a sentence, and validation
with the number of claims; at this size the worst texts measured (one claim after another,
one endless sentence) take about 20 s and 110 MB of memory."""

TEXT_SUFFIXES = (".txt", ".text", ".md")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
"""File types read from a folder. A file named on the command line is read whatever its suffix."""

_MAGIC = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP or Office document",
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
    b"{\\rtf": "RTF document",
    b"\xd0\xcf\x11\xe0": "Office document",
}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class Rejected(Exception):
    """An input that cannot be used; the message is the reason, without the path."""


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


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _files(paths: list[Path]) -> list[tuple[Path, str | None]]:
    """The files under ``paths`` in order, each with a reason to reject it unread (or None)."""
    files: list[tuple[Path, str | None]] = []
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise InputError(f"{p}: no such file or folder")
        if not p.is_dir():
            files.append((p, None))
            continue
        found: list[tuple[Path, str | None]] = []
        for f in sorted(p.rglob("*")):
            if _hidden(f, p) or f.is_dir():
                continue
            if f.suffix.lower() in SUFFIXES:
                found.append((f, None))
            else:
                kind = f"'{f.suffix}'" if f.suffix else "without a suffix"
                found.append(
                    (
                        f,
                        f"not a text file: type {kind} is not read "
                        f"(kg reads {', '.join(SUFFIXES)})",
                    )
                )
        if all(reason is not None for _, reason in found):
            raise InputError(f"{p}: folder holds no text files ({', '.join(SUFFIXES)})")
        files.extend(found)
    return files


def _sniff_binary(data: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "NUL bytes"
    return None


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else Windows-1252.

    Returns the text and warnings. Raises :class:`Rejected` for binary data.

    >>> decode("café".encode("utf-8"))
    ('café', [])
    >>> decode("café".encode("cp1252"))[1]
    ['not UTF-8 (invalid byte 0xe9 at offset 3); decoded as Windows-1252']
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise Rejected(
                    f"not valid {codec.upper()} despite its byte-order mark (byte {err.start})"
                ) from None
            return _check_text(text), (
                [] if codec == "utf-8-sig" else [f"decoded as {codec.upper()} (byte-order mark)"]
            )
    kind = _sniff_binary(data)
    if kind is not None:
        raise Rejected(f"binary file ({kind}), not a text")
    try:
        return _check_text(data.decode("utf-8")), []
    except UnicodeDecodeError as err:
        text = data.decode("cp1252", errors="replace")
        return _check_text(text), [
            f"not UTF-8 (invalid byte 0x{data[err.start]:02x} at offset {err.start}); "
            f"decoded as Windows-1252"
        ]


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Unicode category Cc (control characters) except tab, line feed, vertical tab, form feed
and carriage return."""


def _check_text(text: str) -> str:
    """Reject text that is mostly control characters (binary data that decoded)."""
    sample = text[:20_000]
    if sample:
        controls = len(_CONTROLS.findall(sample))
        if controls > max(8, len(sample) // 100):
            raise Rejected(
                f"binary file ({controls} control characters in the first {len(sample)}), "
                "not a text"
            )
    return text


def article_from_text(text: str, doc_id: str = "text", path: str = "") -> Article:
    """An Article from a string (for notebooks and tests)."""
    layout = analyse(text, load_lexicon())
    return Article(
        doc_id=doc_id,
        path=path or doc_id,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=layout.title,
        publisher=layout.publisher,
        dateline=layout.dateline,
        published=layout.published,
        bylines=layout.bylines,
        excluded=layout.excluded,
    )


def _read_bytes(path: Path) -> bytes:
    try:
        st = path.stat()
    except OSError as err:
        raise Rejected(f"cannot read ({err.strerror or err})") from None
    if not stat.S_ISREG(st.st_mode):
        raise Rejected("not a regular file")
    if st.st_size > MAX_BYTES:
        raise Rejected(f"{st.st_size:,} bytes is over the {MAX_BYTES:,}-byte limit for one report")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as err:
        raise Rejected(f"cannot read ({err.strerror or err})") from None
    if len(data) > MAX_BYTES:
        raise Rejected(f"over the {MAX_BYTES:,}-byte limit for one report")
    return data


def _text_of(path: Path, data: bytes) -> tuple[str, list[str]]:
    if not data.strip():
        raise Rejected("empty file")
    if path.suffix.lower() in HTML_SUFFIXES or looks_like_html(data):
        if _sniff_binary(data) is not None:
            raise Rejected(f"binary file ({_sniff_binary(data)}), not a text")
        page = main_text(data)
        if page is None:
            raise Rejected("HTML page with no main text")
        return page.text, [
            f"HTML page: main text extracted with trafilatura ({len(page.text):,} characters "
            f"from {len(data):,} bytes)"
        ]
    text, warnings = decode(data)
    if not text.strip():
        raise Rejected("empty file (only white space)")
    return text, warnings


def load_article(path: Path, doc_id: str | None = None) -> Article:
    """One file -> Article; raises :class:`Rejected` with a one-line reason."""
    text, warnings = _text_of(path, _read_bytes(path))
    if len(text) > MAX_CHARS:
        raise Rejected(
            f"text of {len(text):,} characters is over the {MAX_CHARS:,}-character limit "
            "for one report"
        )
    art = article_from_text(text, doc_id or path.stem, str(path))
    return replace(art, warnings=tuple(warnings)) if warnings else art


def read_article(path: Path) -> Article:
    """One file -> Article; raises :class:`kg.errors.InputError` naming the file and the problem."""
    try:
        return load_article(path)
    except Rejected as err:
        raise InputError(f"{path}: {err}") from None


def ingest(paths: list[Path] | list[str]) -> IngestResult:
    """Read every file under ``paths``; bad files are recorded, not raised.

    Raises:
        InputError: a path does not exist, or a folder holds no text file.
    """
    result = IngestResult()
    seen: dict[str, str] = {}
    ids: set[str] = set()
    for f, unread in _files([Path(p) for p in paths]):
        if unread is not None:
            result.records.append(InputRecord(str(f), "rejected", unread))
            continue
        try:
            art = load_article(f)
        except Rejected as err:
            result.records.append(InputRecord(str(f), "rejected", str(err)))
            continue
        if art.content_hash in seen:
            result.records.append(
                InputRecord(
                    str(f),
                    "duplicate",
                    f"same content as {seen[art.content_hash]}",
                    None,
                    art.content_hash,
                )
            )
            continue
        if (
            art.doc_id in ids
        ):  # same file name in two folders: keep the ids (and report files) apart
            art = replace(art, doc_id=f"{art.doc_id}-{art.content_hash[:8]}")
        ids.add(art.doc_id)
        seen[art.content_hash] = str(f)
        result.articles.append(art)
        result.records.append(
            InputRecord(str(f), "ingested", "; ".join(art.warnings), art.doc_id, art.content_hash)
        )
    return result
