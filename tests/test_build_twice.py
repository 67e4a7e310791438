"""Building twice in one process gives the same result (reasoning must not leave global
state behind, e.g. owlrl's literal converters rejecting xsd:gMonthDay dates)."""

from __future__ import annotations

import pytest

from kg.ingest import article_from_text
from kg.pipeline import build

TEXT = ("Officials said gunmen attacked a checkpoint in Quetta on March 1, killing 3 soldiers. "
        "The army said it killed 5 militants in clashes the next day.")


@pytest.mark.issue(4)
def test_build_twice_same_process_no_quarantine(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    first = build([tmp_path], check=True, reason=True)
    second = build([tmp_path], check=True, reason=True)
    assert [r.status for r in first.records] == ["ingested"]
    assert [r.status for r in second.records] == ["ingested"]
    assert len(first.asserted) == len(second.asserted)
    assert article_from_text(TEXT).content_hash == first.records[0].content_hash
