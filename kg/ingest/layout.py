"""Text hygiene: headline, bylines, dateline, publisher and page furniture of a news text.

Nothing is removed from the text: furniture is reported as excluded character ranges, so
every offset kg writes still points into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kg.nlp.lexicon import Lexicon

# "QUETTA, Pakistan, Feb 1 (Reuters) —" / "ISLAMABAD (AP) -" / "Quetta:" at the start of a paragraph.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'\-]{1,40}?)"
    r"(?:,\s*[A-Z][A-Za-z .]{1,30}?)?"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&\-]{1,40})\))?\s*(?:[—–\-]{1,2}|:)\s+"
)
_BYLINE = re.compile(r"^\s*(?:By|BY)\s+[A-Z][^\n]{0,120}$")
_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")


@dataclass(frozen=True)
class Layout:
    title: str | None
    publisher: str | None
    dateline: str | None
    published: date | None
    bylines: tuple[str, ...]
    excluded: tuple[tuple[int, int], ...]


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return out


def analyse(text: str, lexicon: Lexicon) -> Layout:
    """Find headline, bylines, dateline and boilerplate lines of ``text``."""
    excluded: list[tuple[int, int]] = []
    bylines: list[str] = []
    title = publisher = dateline = None
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    prefixes = tuple(p.lower() for p in lexicon.boilerplate_prefixes)
    for n, (s, e) in enumerate(lines):
        line = text[s:e].strip()
        low = line.lower()
        words = line.split()
        if n == 0 and len(lines) > 1 and not line.endswith((".", "\"", "”", "?", "!")) and len(words) <= 25:
            title = line
            excluded.append((s, e))
            continue
        if _BYLINE.match(line) and len(words) <= 16:
            bylines.append(line)
            excluded.append((s, e))
            continue
        if low.startswith(prefixes) or (len(words) <= 6 and not line.endswith((".", "\"", "”"))
                                        and n > 0 and n == len(lines) - 1):
            excluded.append((s, e))
            continue
        if len(words) <= 5 and not re.search(r"[.!?\"”]$", line) and n > 0:
            # a subheading such as "Voices from the Region": no claims, but not excluded
            continue
    # dateline: the first body paragraph
    for s, e in lines:
        if any(a <= s < b for a, b in excluded):
            continue
        m = _DATELINE.match(text[s:e])
        if m and (m.group("agency") or m.group("date") or text[s:e][m.end() - 2:m.end()].strip() == ":"):
            dateline = m.group(0).strip().rstrip(":—–-").strip()
            publisher = (m.group("agency") or "").strip() or None
            excluded.append((s, s + m.end()))
        break
    published = None
    iso = _ISO_DATE.search(text[:300])
    if iso:
        try:
            published = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            published = None
    return Layout(title, publisher, dateline, published, tuple(bylines), tuple(sorted(excluded)))
