"""The bundled example corpus (what `make demo` builds) gives the claims its README lists."""

from __future__ import annotations

import pytest

from kg.pipeline import build
from kg.query.claims import claims_rows

# (file prefix, claimant label contains, kind, count) from the table in examples/README.md
EXPECTED = [
    ("01", "Balochistan", "casualty", 145), ("01", "Bugti", "casualty", 17), ("01", "Bugti", "casualty", 31),
    ("01", "Balochistan", "casualty", 48), ("01", "Inter-Services", "casualty", 92),
    ("01", "Inter-Services", "casualty", 3), ("01", "Baloch Liberation Army", "casualty", 84),
    ("01", "Baloch Liberation Army", "responsibility", None), ("01", "Talal Chaudhry", "condemnation", None),
    ("02", "Pakistan Armed Forces", "casualty", 216),
    ("03", "India", "denial", None), ("03", "Pakistan", "accusation", None),
    ("03", "Randhir Jaiswal", "denial", None), ("03", "Randhir Jaiswal", "accusation", None),
    ("03", "United States", "condemnation", None), ("03", "China", "condemnation", None),
    ("03", "Security Council", "condemnation", None), ("03", "Baloch Liberation Army", "responsibility", None),
    ("04", "Pakistan Armed Forces", "casualty", 197), ("04", "Pakistan Armed Forces", "casualty", 177),
    ("04", "Bugti", "casualty", 145), ("04", "Inter-Services", "casualty", 92),
    ("05", "Balochistan", "casualty", 145),
    ("06", "Pakistan Armed Forces", "casualty", 197), ("06", "Baloch Liberation Army", "casualty", 200),
]


@pytest.fixture(scope="module")
def rows(examples_dir):
    return claims_rows(build([examples_dir], check=True, reason=False).graph)


@pytest.mark.parametrize(("doc", "who", "kind", "count"), EXPECTED)
def test_examples_claims_present(rows, doc, who, kind, count):
    assert any(r["doc"].startswith(doc) and who in r["claimant"] and r["type"] == kind and r["count"] == count
               for r in rows), f"{doc}: {who} {kind} {count}"


def test_examples_distractor_numbers_are_not_figures(rows):
    counts = {r["count"] for r in rows if r["count"] is not None}
    assert not counts & {40, 2025, 2026, 29, 30}  # durations, years, dates
