"""kg conflicts: figures per event, category and scope, with claimants, sources and spread."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.conflicts import UNSCOPED, conflicts, render_text, scope_text, to_json
from kg.io import canonical_turtle
from kg.reason import load_tbox, reason_graph
from kg.resources import ontology_files

QUERIES = Path(__file__).parent / "queries"
DATA = QUERIES / "conflicting-figures" / "data.ttl"


def _asserted() -> Graph:
    g = Graph()
    for p in ontology_files():
        g.parse(p, format="turtle")
    g.parse(QUERIES / "actors.ttl", format="turtle")
    g.parse(DATA, format="turtle")
    return g


@cache
def graphs() -> tuple[Graph, Graph]:
    """(asserted, inferred) of the small conflicting-figures graph."""
    g = _asserted()
    return g, reason_graph(g, ontology=load_tbox())


def full() -> Graph:
    asserted, inferred = graphs()
    g = Graph()
    g += asserted
    g += inferred
    return g


def _group(groups, category, scope, label=None):
    found = [
        g
        for g in groups
        if g.category == category
        and g.scope == scope
        and (label is None or label in g.event_labels)
    ]
    assert len(found) == 1, [(g.category, g.scope, g.event_labels) for g in groups]
    return found[0]


def test_groups_by_incident_category_and_scope():
    groups = conflicts(full())
    op = _group(groups, "militants killed", UNSCOPED, "operation")
    # the two operation events are one incident (kg:sameIncidentAs)
    assert op.event_labels == ("offensive", "operation")
    assert [f.count for f in op.figures] == [15, 40]
    assert op.conflicting and (op.low, op.high, op.spread) == (15, 40, 25)
    forty = op.figures[1]
    assert forty.sources == ["The Daily Ledger", "Wire Service"]
    # the media office's claim rolls up to the army (inferred kg:attributedTo)
    assert forty.claimants == [
        "Armed Forces Media Office (for Republic Armed Forces)",
        "Republic Armed Forces",
    ]
    assert op.figures[0].qualifiers == ["only"]
    # other scopes are kept apart from the unscoped figures
    phase = _group(groups, "militants killed", "PT40H")
    assert [f.count for f in phase.figures] == [52, 60]
    year = _group(groups, "militants killed", "2031")
    assert [f.count for f in year.figures] == [300] and not year.conflicting
    # a separate event, and claims about no event
    clash = _group(groups, "security personnel killed", UNSCOPED)
    assert [f.count for f in clash.figures] == [7, 20] and clash.incident is not None
    wounded = _group(groups, "wounded", UNSCOPED)
    assert wounded.incident is None and [f.count for f in wounded.figures] == [5, 9]


def test_merge_events_groups_by_category_and_scope_only():
    groups = conflicts(full(), by_event=False)
    mk = _group(groups, "militants killed", UNSCOPED)
    assert [f.count for f in mk.figures] == [15, 40]
    assert {g.scope for g in groups if g.category == "militants killed"} == {
        UNSCOPED,
        "PT40H",
        "2031",
    }


def test_without_inference_claimants_are_not_rolled_up():
    asserted, _ = graphs()
    op = _group(conflicts(asserted), "militants killed", UNSCOPED, "operation")
    assert op.figures[1].claimants == ["Armed Forces Media Office", "Republic Armed Forces"]


def test_text_report():
    text = render_text(conflicts(full()))
    assert "5 group(s), 4 with conflicting figures" in text
    assert (
        "== militants killed | event #1: offensive / operation (2031-03-02) | scope: unscoped =="
        in text
    )
    assert "CONFLICT: 2 figures from 15 to 40 (spread 25, 2.67x)" in text
    assert "only 15  claimed by Hill Front" in text
    assert "scope: 40 hours" in text and "scope: 2031" in text
    assert "== wounded | no event | scope: unscoped ==" in text
    only = render_text(conflicts(full()), only_conflicting=True)
    assert "scope: 2031" not in only and "Only the conflicting groups are shown." in only


def test_json_report_is_stable():
    data = to_json(conflicts(full()))
    assert data == to_json(conflicts(full()))
    first = data[0]
    assert set(first) == {
        "category",
        "scope",
        "incident",
        "events",
        "event_dates",
        "conflicting",
        "low",
        "high",
        "spread",
        "figures",
    }
    assert json.loads(json.dumps(data)) == data


def test_scope_text():
    assert scope_text("PT40H") == "40 hours"
    assert scope_text("P1D") == "1 day"
    assert scope_text("P1DT12H") == "1 day 12 hours"
    assert scope_text("January 31 clashes") == "January 31 clashes"


def test_cli_conflicts_reads_inferred_beside_graph(tmp_path):
    asserted, inferred = graphs()
    (tmp_path / "graph.ttl").write_text(canonical_turtle(asserted), encoding="utf-8")
    (tmp_path / "inferred.ttl").write_text(canonical_turtle(inferred), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["conflicts", "--graph", str(tmp_path / "graph.ttl")])
    assert res.exit_code == 0, res.output
    assert "Armed Forces Media Office (for Republic Armed Forces)" in res.output
    res = runner.invoke(
        app,
        [
            "conflicts",
            "--graph",
            str(tmp_path / "graph.ttl"),
            "--format",
            "json",
            "--only-conflicting",
        ],
    )
    assert res.exit_code == 0, res.output
    assert [g["category"] for g in json.loads(res.output)] == [
        "militants killed",
        "militants killed",
        "security personnel killed",
        "wounded",
    ]


def test_cli_conflicts_usage_errors(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["conflicts"])
    assert res.exit_code == 2 and "give text PATHs or --graph FILE" in res.output
    res = runner.invoke(app, ["conflicts", "--graph", str(tmp_path / "missing.ttl")])
    assert res.exit_code == 2 and "no such file" in res.output


MILITANTS_KILLED = [92, 145, 177, 197, 216]
SECURITY_PERSONNEL_KILLED = [17, 84, 200]


@pytest.mark.issue(5)
@pytest.mark.slow
def test_dev_corpus_figures_appear_with_claimants_and_sources(dev_corpus):
    from kg.pipeline import build

    groups = conflicts(build([dev_corpus / "docs"], check=False).graph)
    text = render_text(groups)
    missing = []
    for category, counts in (
        ("militants killed", MILITANTS_KILLED),
        ("security personnel killed", SECURITY_PERSONNEL_KILLED),
    ):
        figures = {f.count: f for g in groups if g.category == category for f in g.figures}
        for n in counts:
            f = figures.get(n)
            if f is None or not f.claimants or not f.sources:
                missing.append(f"{category} {n}")
    assert not missing, f"figures missing from kg conflicts: {missing}\n{text}"
