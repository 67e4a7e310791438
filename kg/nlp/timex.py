"""Time expressions: dates, relative dates, ranges and durations, normalised to ISO 8601
relative to the document's date.

Absolute dates and weekday names are parsed with dateparser (English only, cached);
relative phrases ("the previous day", "last month", "this week") use a small table of
offsets, because they need the document date and nothing else. Without a document date,
relative expressions stay unresolved (value None) instead of being guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_MONTHS = ("january february march april may june july august september october november december").split()
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAYS = tuple("monday tuesday wednesday thursday friday saturday sunday".split())
_NUMWORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMWORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "a": 1, "an": 1})

_DATE = re.compile(
    rf"\b(?:(?P<md>{_MON}\s+\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON})(?:,?\s+(?P<y2>(?:19|20)\d\d))?"
    rf"|(?P<my>{_MON}\s+(?:19|20)\d\d))\b",
    re.I,
)
_RANGE = re.compile(
    rf"\b(?:(?:from|between)\s+(?P<a>{_MON}\s+\d{{1,2}}(?:,?\s+(?:19|20)\d\d)?)\s+(?:through|to|until|till|and)\s+"
    rf"(?P<b>(?:{_MON}\s+)?\d{{1,2}}(?:,?\s+(?:19|20)\d\d)?)"
    rf"|(?P<a2>{_MON}\s+\d{{1,2}})\s*(?:and|-|to)\s*(?P<b2>\d{{1,2}}(?:,?\s+(?:19|20)\d\d)?))\b",
    re.I,
)
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE_PHRASES = (
    "the previous day", "the day before", "the next day", "the following day", "yesterday", "today",
    "earlier this week", "this week", "last week", "early last month", "late last month", "last month",
    "this month", "earlier this month", "last year", "this year", "overnight",
)
_RELATIVE = re.compile(r"\b(?P<rel>" + "|".join(_RELATIVE_PHRASES) + r")\b", re.I)
_YEAR = re.compile(r"\b(?:in|for|during|of|since)\s+(?P<year>(?:19|20)\d\d)\b")
_DURATION = re.compile(
    r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy)[\s-]+(?P<unit>hour|day|week|month|year)s?(?:[\s-]+long)?\b"
    r"|\b(?P<long>month|week|year|day)-long\b",
    re.I,
)

_CASE_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
"""The non-ASCII letters that an IGNORECASE pattern matches against ASCII letters."""


def folds_to_ascii(text: str) -> bool:
    """Whether ``text`` holds a non-ASCII letter that case-insensitive matching equates with
    an ASCII one (dotted and dotless i, long s, Kelvin sign). Without one, a case-insensitive
    match of an ASCII pattern is a substring of ``text.lower()``."""
    return any(c in text for c in _CASE_FOLDS_TO_ASCII)


_MONTH_STEMS = tuple(m[:3] for m in _MONTHS)
_UNITS = ("hour", "day", "week", "month", "year")
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")


def _is_word(c: str) -> bool:
    """``\\w`` of a ``str`` pattern: a letter, digit or underscore."""
    return c.isalnum() or c == "_"


def _word_before(text: str, q: int) -> int | None:
    """Start of the word that ends before the non-word characters just before ``q``."""
    k = q
    while k > 0 and not _is_word(text[k - 1]):
        k -= 1
    if k == q:
        return None
    end = k
    while k > 0 and _is_word(text[k - 1]):
        k -= 1
    return k if k < end else None


def _occurrences(low: str, needles: tuple[str, ...]) -> list[int]:
    """Every position (overlaps included) where one of ``needles`` occurs in ``low``."""
    out = []
    for needle in needles:
        i = low.find(needle)
        while i >= 0:
            out.append(i)
            i = low.find(needle, i + 1)
    return out


def _starts(text: str) -> dict[str, list[int]] | None:
    """Where each time pattern may begin: a superset of the starts of its matches, ascending.

    Every match holds an anchor that plain substring search finds in the lowercase text: a
    month ("Jan", "march"), a weekday, a relative phrase, a year (19xx, 20xx) or a unit of
    time. A match starts at its anchor or at the word before it ("on Monday", "from May 2",
    "3 May", "in 2025", "40 hours"). Trying the patterns only there is much cheaper than
    letting them scan every character. None when lowercasing moves offsets or ``text`` holds
    a letter that case-insensitive matching folds into ASCII (then the patterns scan the text).
    """
    low = text.lower()
    if len(low) != len(text) or folds_to_ascii(text):
        return None
    around_months = _with_word_before(text, _occurrences(low, _MONTH_STEMS))
    years = [m.start() for m in _YEAR_DIGITS.finditer(text)]
    return {
        "range": around_months,
        "date": around_months,
        "weekday": _with_word_before(text, _occurrences(low, _WEEKDAYS)),
        "relative": sorted(set(_occurrences(low, _RELATIVE_PHRASES))),
        "year": sorted({p for p in (_word_before(text, q) for q in years) if p is not None}),
        "duration": _with_word_before(text, _occurrences(low, _UNITS)),
    }


def _with_word_before(text: str, anchors: list[int]) -> list[int]:
    """The anchors and the words before them, ascending."""
    return sorted({*anchors, *(p for p in (_word_before(text, q) for q in anchors) if p is not None)})


def _scan(rx: re.Pattern[str], text: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, trying ``rx`` only at ``starts`` (every position where one of
    its matches can begin) instead of at every character."""
    if starts is None:
        yield from rx.finditer(text)
        return
    end = 0
    for p in starts:
        if p < end:
            continue
        m = rx.match(text, p)
        if m is not None:
            yield m
            end = m.end()


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """One time expression, with character offsets into the text."""

    start: int
    end: int
    text: str
    kind: str
    """``date``, ``range`` or ``duration``."""
    value: str | None = None
    """ISO 8601 value: 2026-01-31, 2026-01, 2025, --01-31 (day without a known year), or a
    duration such as PT40H; None when it cannot be resolved (relative, no document date)."""
    end_value: str | None = None
    precision: str | None = None
    """``day``, ``month``, ``year``, ``week``, ``month-day`` (year unknown) or ``duration``."""


@lru_cache(maxsize=4096)
def _parse(text: str, base: date | None) -> datetime | None:
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    try:
        return dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None


def _month_day(text: str, year: int | None, base: date | None) -> tuple[str | None, str]:
    """ "January 31" with an explicit year, the document's year, or none (--01-31)."""
    if year is not None:
        d = _parse(f"{text} {year}", None)
        return (d.date().isoformat(), "day") if d else (None, "day")
    if base is not None:
        d = _parse(f"{text} {base.year}", None)
        if d is not None:
            # well after the document date: the previous year ("December 30" in a January report)
            dd = d.date()
            if dd > base + timedelta(days=31):
                dd = dd.replace(year=dd.year - 1)
            return dd.isoformat(), "day"
    d = _parse(f"{text} 2000", None)  # leap year, for February 29
    return (f"--{d.month:02d}-{d.day:02d}", "month-day") if d else (None, "month-day")


def _relative(rel: str, base: date | None) -> tuple[str | None, str]:
    rel = rel.lower()
    if base is None:
        return None, {"last month": "month", "this month": "month", "last year": "year", "this year": "year",
                      "this week": "week", "last week": "week"}.get(rel, "day")
    if rel in {"the previous day", "the day before", "yesterday"}:
        return (base - timedelta(days=1)).isoformat(), "day"
    if rel in {"the next day", "the following day"}:
        return (base + timedelta(days=1)).isoformat(), "day"
    if rel in {"today", "overnight"}:
        return base.isoformat(), "day"
    if rel in {"this week", "earlier this week"}:
        y, w, _ = base.isocalendar()
        return f"{y}-W{w:02d}", "week"
    if rel == "last week":
        y, w, _ = (base - timedelta(days=7)).isocalendar()
        return f"{y}-W{w:02d}", "week"
    if rel in {"last month", "late last month", "early last month"}:
        first = base.replace(day=1) - timedelta(days=1)
        return f"{first.year}-{first.month:02d}", "month"
    if rel in {"this month", "earlier this month"}:
        return f"{base.year}-{base.month:02d}", "month"
    if rel == "last year":
        return str(base.year - 1), "year"
    if rel == "this year":
        return str(base.year), "year"
    return None, "day"


def _weekday(name: str, base: date | None) -> tuple[str | None, str]:
    if base is None:
        return None, "day"
    target = _WEEKDAYS.index(name.lower())
    delta = (base.weekday() - target) % 7
    return (base - timedelta(days=delta)).isoformat(), "day"


def _duration(m: re.Match[str]) -> str | None:
    if m.group("long"):
        return {"month": "P1M", "week": "P1W", "year": "P1Y", "day": "P1D"}[m.group("long").lower()]
    n = m.group("n").lower()
    num = int(n) if n.isdigit() else _NUMWORDS.get(n)
    if num is None:
        return None
    unit = m.group("unit").lower()
    return f"PT{num}H" if unit == "hour" else f"P{num}{unit[0].upper()}"


def find_times(text: str, base: date | None, *, year_hint: int | None = None) -> list[TimeExpr]:
    """Every time expression in ``text`` (normalised copy with ASCII quotes/hyphens), sorted.

    Args:
        text: the text to search.
        base: the document's date (publication or dateline); relative expressions need it.
        year_hint: a year to give "January 31" when the document date has none but the text
            states one elsewhere.
    """
    out: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(x: TimeExpr) -> None:
        out.append(x)
        taken.append((x.start, x.end))

    starts = _starts(text)

    def scan(rx: re.Pattern[str], kind: str) -> Iterator[re.Match[str]]:
        return _scan(rx, text, None if starts is None else starts[kind])

    for m in scan(_RANGE, "range"):
        a, b = m.group("a") or m.group("a2"), m.group("b") or m.group("b2")
        if m.group("a2"):  # "January 29 and 30, 2026": the year after the second day
            yb0 = re.search(r"(19|20)\d\d", b)
            if yb0:
                a = f"{a}, {yb0.group(0)}"
        ya = re.search(r"(19|20)\d\d", a)
        year = int(ya.group(0)) if ya else year_hint
        va, prec = _month_day(re.sub(r",?\s+(19|20)\d\d", "", a), year, base)
        if not re.match(_MON, b, re.I):
            b = re.match(_MON, a, re.I).group(0) + " " + b  # "from January 29 to 31"
        yb = re.search(r"(19|20)\d\d", b)
        vb, _ = _month_day(re.sub(r",?\s+(19|20)\d\d", "", b), int(yb.group(0)) if yb else year, base)
        add(TimeExpr(m.start(), m.end(), m.group(0), "range", va, vb, prec))
    for m in scan(_DATE, "date"):
        if not free(m.start(), m.end()):
            continue
        if m.group("my"):
            d = _parse(m.group("my"), None)
            add(TimeExpr(m.start(), m.end(), m.group(0), "date", f"{d.year}-{d.month:02d}" if d else None, None,
                         "month"))
            continue
        md = m.group("md") or m.group("dm")
        md = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", md)
        y = m.group("y1") or m.group("y2")
        value, prec = _month_day(md, int(y) if y else year_hint, base)
        add(TimeExpr(m.start(), m.end(), m.group(0), "date", value, None, prec))
    for m in scan(_WEEKDAY, "weekday"):
        if free(m.start(), m.end()):
            value, prec = _weekday(m.group("wd"), base)
            add(TimeExpr(m.start(), m.end(), m.group(0), "date", value, None, prec))
    for m in scan(_RELATIVE, "relative"):
        if free(m.start(), m.end()):
            rel = m.group("rel").lower()
            anchor = base
            if rel in {"the previous day", "the day before", "the next day", "the following day"}:
                # relative to the last day-precise date before it in the same stretch of text
                prior = [x for x in out if x.end <= m.start() and m.start() - x.end < 200 and x.precision == "day"
                         and x.value and not x.value.startswith("--")]
                if prior:
                    anchor = date.fromisoformat(max(prior, key=lambda x: x.end).value)
            value, prec = _relative(rel, anchor)
            add(TimeExpr(m.start(), m.end(), m.group(0), "date", value, None, prec))
    for m in scan(_YEAR, "year"):
        s = m.start("year")
        if free(s, m.end()):
            add(TimeExpr(s, m.end(), m.group("year"), "date", m.group("year"), None, "year"))
    for m in scan(_DURATION, "duration"):
        if free(m.start(), m.end()):
            add(TimeExpr(m.start(), m.end(), m.group(0), "duration", _duration(m), None, "duration"))
    return sorted(out, key=lambda x: (x.start, x.end))


def _years(text: str) -> list[int]:
    """The years (1900-2099) written as words of their own: ``re.findall(r"\\b(20\\d\\d|19\\d\\d)\\b")``
    without trying the pattern at every character."""
    out = []
    n = len(text)
    for m in _YEAR_DIGITS.finditer(text):
        s, e = m.span()
        if (s == 0 or not _is_word(text[s - 1])) and (e == n or not _is_word(text[e])):
            out.append(int(m.group()))
    return out


def document_date(published: date | None, dateline: str | None, text: str) -> tuple[date | None, int | None]:
    """The date relative expressions are resolved against, and a year hint.

    The publication date wins; a dateline date ("Feb 1") takes its year from the first year
    the text states, if any; otherwise the document has no date.
    """
    years = _years(text)
    hint = max(set(years), key=years.count) if years else None
    if published is not None:
        return published, published.year
    if dateline:
        m = re.search(rf"{_MON}\s+\d{{1,2}}(?:,?\s+(?:19|20)\d\d)?", dateline, re.I)
        if m:
            ym = re.search(r"(19|20)\d\d", m.group(0))
            year = int(ym.group(0)) if ym else hint
            if year is not None:
                d = _parse(re.sub(r",?\s+(19|20)\d\d", "", m.group(0)) + f" {year}", None)
                if d is not None:
                    return d.date(), year
    return None, hint
