"""Time expressions normalised to ISO 8601 relative to the document date."""

from __future__ import annotations

from datetime import date

import pytest

from kg.nlp.timex import document_date, find_times

BASE = date(2026, 2, 1)  # a Sunday


def one(text, base=BASE):
    xs = find_times(text, base)
    assert len(xs) == 1, xs
    return xs[0]


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("It happened on January 31.", "2026-01-31", "day"),
        ("It happened on Feb 1.", "2026-02-01", "day"),
        ("It happened on January 29, 2026.", "2026-01-29", "day"),
        ("It happened on 29 January 2025.", "2025-01-29", "day"),
        ("It happened on December 30.", "2025-12-30", "day"),  # before a January/February report
        ("It happened on Saturday.", "2026-01-31", "day"),
        ("It happened last month.", "2026-01", "month"),
        ("It happened late last month.", "2026-01", "month"),
        ("It happened this week.", "2026-W05", "week"),
        ("It happened last year.", "2025", "year"),
        ("It happened yesterday.", "2026-01-31", "day"),
        ("Figures for 2025 were released.", "2025", "year"),
    ],
)
def test_timex_dates(text, value, precision):
    x = one(text)
    assert (x.value, x.precision) == (value, precision)
    assert text[x.start:x.end] == x.text


def test_timex_previous_day_is_relative_to_the_date_before_it():
    xs = find_times("Officials said on Saturday that the clashes the previous day were heavy.", BASE)
    assert [x.value for x in xs] == ["2026-01-31", "2026-01-30"]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Fighting lasted from January 29 through February 2.", "2026-01-29", "2026-02-02"),
        ("Attacks on January 29 and 30, 2026 hit the city.", "2026-01-29", "2026-01-30"),
        ("Raids between March 3 and 5 were reported.", "2026-03-03", "2026-03-05"),
    ],
)
def test_timex_ranges(text, start, end):
    x = one(text, date(2026, 3, 10))
    assert (x.kind, x.value, x.end_value) == ("range", start, end)


@pytest.mark.parametrize(
    ("text", "value"),
    [("a 40-hour operation", "PT40H"), ("for 40 hours", "PT40H"), ("a three-day standoff", "P3D"),
     ("a month-long ban", "P1M"), ("two weeks of fighting", "P2W")],
)
def test_timex_durations(text, value):
    x = one(text)
    assert (x.kind, x.value) == ("duration", value)


def test_timex_without_document_date_relative_stays_unresolved():
    xs = find_times("It began on Saturday, January 31, and ended last month.", None)
    by_text = {x.text.strip(): x for x in xs}
    assert by_text["on Saturday"].value is None
    assert by_text["January 31"].value == "--01-31" and by_text["January 31"].precision == "month-day"
    assert by_text["last month"].value is None


def test_timex_document_date_from_dateline_needs_a_year():
    assert document_date(None, "TOWN, Country, Feb 1 (Wire)", "no year at all") == (None, None)
    assert document_date(None, "TOWN, Country, Feb 1 (Wire)", "In 2026 it began.")[0] == date(2026, 2, 1)
    assert document_date(date(2025, 5, 2), None, "")[0] == date(2025, 5, 2)


def test_month_names_ending_in_an_ordinal_suffix_still_parse():
    # "August" ends in "st": only a suffix after a digit ("1st") is dropped
    for text, value in [("15 August 2026", "2026-08-15"), ("August 15, 2026", "2026-08-15"),
                        ("21st August 2026", "2026-08-21")]:
        assert [t.value for t in find_times(text, None)] == [value], text
