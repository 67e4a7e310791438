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
    r"^(?P<place>[A-Z][A-Za-z .'/\-]{1,40}?)"
    r"(?:,\s*[A-Z][A-Za-z .]{1,30}?)?"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&\-]{1,40})\))?\s*(?:[—–\-]{1,2}|:|(?<=\))(?=\s+[A-Z]))\s+"
)
_NAME = r"[A-Z][\w.'\-]*(?:\s+(?:[A-Z][\w.'\-]*|al-\w+|bin|de|van|von))*"
_BYLINE = re.compile(rf"^\s*(?:By|BY)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*\s*(?:[|,\u2013\u2014-].*)?$")
_STAFF = re.compile(rf"^\s*(?P<pub>{_NAME})\s+(?:Staff|Staff Reporter|Correspondent|Desk|News Desk|Bureau)\b")
_COPYRIGHT = re.compile(r"^\s*(?:\u00a9|\(c\)|Copyright)\s*(?:\u00a9\s*)?(?:\d{4}\s*)?(?P<pub>[A-Z][\w.&' \-]{1,60}?)[.,]?\s*(?:All rights reserved.*)?$", re.I)
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


def _is_body(line: str) -> bool:
    words = line.split()
    return len(words) >= 25 or (len(words) >= 10 and bool(re.search(r"[.!?\"\u201d)]$", line)))


def _newsroom(line: str, lexicon: Lexicon) -> bool:
    """Whether a header line is made only of newsroom words ("Staff Writer", "EXPLAINER")."""
    words = re.findall(r"[A-Za-z]+", line.lower())
    return bool(words) and all(w in lexicon.newsroom_words for w in words)


def analyse(text: str, lexicon: Lexicon) -> Layout:
    """Find headline, bylines, dateline, publisher and page furniture of ``text``.

    Lines before the first body paragraph (a line of ten or more words that ends a sentence)
    are the header: masthead, breadcrumbs, headline, bylines; none of them carries claims.
    """
    excluded: list[tuple[int, int]] = []
    bylines: list[str] = []
    title = publisher = dateline = None
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    prefixes = tuple(p.lower() for p in lexicon.boilerplate_prefixes)
    first_body = next((n for n, (s, e) in enumerate(lines) if _is_body(text[s:e].strip())), 0)
    for n, (s, e) in enumerate(lines):
        line = text[s:e].strip()
        low = line.lower()
        words = line.split()
        staff = _STAFF.match(line)
        copy = _COPYRIGHT.match(line)
        if _BYLINE.match(line) and len(words) <= 16:
            bylines.append(line)
            excluded.append((s, e))
        elif staff and len(words) <= 16 and staff.group("pub").split()[0] not in {"Our", "Special", "Staff", "A"}:
            bylines.append(line)
            excluded.append((s, e))
            publisher = publisher or staff.group("pub").strip()
        elif copy and len(words) <= 12:
            excluded.append((s, e))
            publisher = publisher or copy.group("pub").strip().rstrip(".")
        elif n < first_body:
            excluded.append((s, e))
            # "Northwest Chronicle | Defence", "Horn Monitor · Analysis desk": the name before
            # the separator; a line of newsroom words ("Staff Writer", "EXPLAINER") is no name
            head = re.split(r"\s[|\u00b7\u2022]\s", line)[0].strip()
            if publisher is None and n <= 1 and head != line and 2 <= len(head.split()) <= 4 \
                    and all(w[:1].isupper() for w in head.split()) and not re.search(r"\d", head) \
                    and not _newsroom(head, lexicon):
                publisher = head
                continue
            if _newsroom(line, lexicon):
                continue
            # a masthead: a short name in capitals ("Northwest Chronicle", "BANADIR POST")
            if publisher is None and 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words) \
                    and not re.search(r"\d|[|:>]", line) and title is not None or (
                    publisher is None and n == 0 and line.isupper() and 1 <= len(words) <= 4):
                publisher = line.title() if line.isupper() else line
                continue
            if title is None and len(words) >= 3 and not line.isupper() and " > " not in line \
                    and line.count("|") < 2:
                title = line
        elif low.startswith(prefixes) or " > " in line and len(words) <= 10:
            excluded.append((s, e))
        elif len(words) <= 14 and not re.search(r"[.!?\"\u201d]$", line):
            excluded.append((s, e))  # a subheading or a liveblog entry's heading
        elif n == len(lines) - 1 and len(words) <= 6 and not re.search(r"[.!?\"\u201d]$", line):
            excluded.append((s, e))
    if first_body < len(lines):
        s, e = lines[first_body]
        m = _DATELINE.match(text[s:e])
        if m and (m.group("agency") or m.group("date") or text[s:e][m.end() - 2:m.end()].strip() == ":"
                  or (m.group("place").isupper() and len(m.group("place").strip()) >= 3)):
            dateline = m.group(0).strip().rstrip(":\u2014\u2013-").strip()
            publisher = (m.group("agency") or "").strip() or publisher
            excluded.append((s, s + m.end()))
    published = None
    iso = _ISO_DATE.search(text[:300])
    if iso:
        try:
            published = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            published = None
    if published is None:
        # a full date in the header or a byline: "Saturday, 23 May 2026, 10:42"
        from kg.nlp.timex import find_times

        header = [text[s:e] for s, e in lines[:first_body]] + list(bylines) + ([dateline] if dateline else [])
        for line in header:
            full = [t for t in find_times(line, None) if t.precision == "day" and t.value and t.value[:2] in {"19", "20"}]
            if full:
                published = date.fromisoformat(full[0].value)
                break
    return Layout(title, publisher, dateline, published, tuple(bylines), tuple(sorted(excluded)))
