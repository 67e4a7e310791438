"""Figures: numbers that are claims, and numbers that are not."""

from __future__ import annotations

import pytest


def figures(claims):
    return sorted((c.count, c.qualifier, c.category) for c in claims if c.count is not None or c.qualifier)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police said 2,597 militants were killed last year.", [(2597, None, "militants-killed")]),
        ("Officials said three soldiers were killed.", [(3, None, "security-personnel-killed")]),
        ("Thirty civilians died in the blast, police said.", [(30, None, "civilians-killed")]),
        ("Police said at least 12 people were killed.", [(12, "at-least", "people-killed")]),
        ("Officials said more than 20 people were wounded.", [(20, "more-than", "wounded")]),
        ("A doctor said nearly 40 people were injured.", [(40, "nearly", "wounded")]),
        ("Officials said around 50 fighters were killed.", [(50, "around", "militants-killed")]),
        ("The group said up to 15 soldiers were captured.", [(15, "up-to", "arrested")]),
        ("The army said only two civilians were hurt.", [(2, "only", "wounded")]),
        ("Witnesses said dozens of people were wounded.", [(None, "dozens", "wounded")]),
        ("Police said hundreds of people were arrested.", [(None, "hundreds", "arrested")]),
    ],
)
def test_figures_numbers_and_qualifiers(claims_of, text, expected):
    assert figures(claims_of(text)) == expected


def test_figures_several_in_one_sentence_keep_their_categories(claims_of):
    got = figures(claims_of("The minister said 17 security personnel and 31 civilians were killed."))
    assert got == [(17, None, "security-personnel-killed"), (31, None, "civilians-killed")]


def test_figures_breakdown_counts_both(claims_of):
    got = figures(claims_of("The militants said 26 hostages, including 18 soldiers, were freed."))
    assert (26, None, "hostages-freed") in got and (18, None, "hostages-freed") in got


@pytest.mark.parametrize(
    "text",
    [
        "The operation, officials said, lasted 40 hours.",
        "Officials said a three-day standoff ended on January 31.",
        "The army said the attack happened in 2025 near the border.",
        "Police said the blast happened at 10:30 near the market.",
        "Officials said three vehicles were destroyed.",
        "Police said the 25-year-old suspect was detained.",
        "The spokesman said the curfew banned gatherings of five or more people.",
        "In one of the worst incidents, gunmen stormed the station, police said.",
    ],
)
def test_figures_non_claims_are_not_figures(claims_of, text):
    assert [c for c in claims_of(text) if c.count is not None] == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The army said it neutralized 30 terrorists.", "militants-killed"),
        ("Officials said 12 police officers lost their lives.", "security-personnel-killed"),
        ("Medics said 9 children were among the dead.", "civilians-killed"),
        ("Officials put the death toll at 41.", "people-killed"),
        ("Police said the number of fatalities reached 19.", "people-killed"),
        ("The military said it eliminated 8 insurgents.", "militants-killed"),
    ],
)
def test_figures_category_synonyms(claims_of, text, category):
    cats = [c.category for c in claims_of(text) if c.count is not None]
    assert cats == [category]


def test_figures_event_counts_are_other_claims(claims_of):
    cs = [c for c in claims_of("Official data recorded 5,397 terrorist incidents last year.") if c.count]
    assert [(c.count, c.category, c.kind) for c in cs] == [(5397, "attacks", "Statement")]
