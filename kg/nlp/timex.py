"""Time expressions: dates, relative dates, ranges and durations, normalised to ISO 8601
relative to the document's date.

Absolute dates and weekday names are parsed with dateparser (English only, cached);
relative phrases ("the previous day", "last month", "this week") use a small table of
offsets, because they need the document date and nothing else. Without a document date,
relative expressions stay unresolved (value None) instead of being guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_MONTHS = ("january february march april may june july august september october november december").split()
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAYS = ("monday tuesday wednesday thursday friday saturday sunday").split()
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
_RELATIVE = re.compile(
    r"\b(?P<rel>the previous day|the day before|the next day|the following day|yesterday|today|"
    r"earlier this week|this week|last week|early last month|late last month|last month|this month|"
    r"earlier this month|last year|this year|overnight)\b",
    re.I,
)
_YEAR = re.compile(r"\b(?:in|for|during|of|since)\s+(?P<year>(?:19|20)\d\d)\b")
_DURATION = re.compile(
    r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy)[\s-]+(?P<unit>hour|day|week|month|year)s?(?:[\s-]+long)?\b"
    r"|\b(?P<long>month|week|year|day)-long\b",
    re.I,
)


@dataclass(frozen=True)
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

    for m in _RANGE.finditer(text):
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
    for m in _DATE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        if m.group("my"):
            d = _parse(m.group("my"), None)
            add(TimeExpr(m.start(), m.end(), m.group(0), "date", f"{d.year}-{d.month:02d}" if d else None, None,
                         "month"))
            continue
        md = m.group("md") or m.group("dm")
        md = re.sub(r"(st|nd|rd|th)\b", "", md)
        y = m.group("y1") or m.group("y2")
        value, prec = _month_day(md, int(y) if y else year_hint, base)
        add(TimeExpr(m.start(), m.end(), m.group(0), "date", value, None, prec))
    for m in _WEEKDAY.finditer(text):
        if free(m.start(), m.end()):
            value, prec = _weekday(m.group("wd"), base)
            add(TimeExpr(m.start(), m.end(), m.group(0), "date", value, None, prec))
    for m in _RELATIVE.finditer(text):
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
    for m in _YEAR.finditer(text):
        s = m.start("year")
        if free(s, m.end()):
            add(TimeExpr(s, m.end(), m.group("year"), "date", m.group("year"), None, "year"))
    for m in _DURATION.finditer(text):
        if free(m.start(), m.end()):
            add(TimeExpr(m.start(), m.end(), m.group(0), "duration", _duration(m), None, "duration"))
    return sorted(out, key=lambda x: (x.start, x.end))


def document_date(published: date | None, dateline: str | None, text: str) -> tuple[date | None, int | None]:
    """The date relative expressions are resolved against, and a year hint.

    The publication date wins; a dateline date ("Feb 1") takes its year from the first year
    the text states, if any; otherwise the document has no date.
    """
    years = [int(y) for y in re.findall(r"\b(20\d\d|19\d\d)\b", text)]
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
