"""kg export: named graphs, every format parses back to the same graphs, same input same bytes."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.export.rdf import (
    FORMATS,
    GRAPH_INCIDENTS,
    GRAPH_INFERRED,
    GRAPH_REFERENCE,
    export,
    graphs_of,
    split_graph,
)
from kg.io import load_dataset, load_graph
from kg.query.claims import claims_rows
from kg.vocab import KGG

HERE = Path(__file__).parent
GOLDEN_INPUTS = sorted(str(p) for p in (HERE / "golden").glob("*/input.txt"))
INCIDENTS = HERE / "data" / "incidents"
PARSE = {
    "turtle": "turtle",
    "trig": "trig",
    "nquads": "nquads",
    "ntriples": "nt",
    "jsonld": "json-ld",
}
DATASET_FORMATS = ("trig", "nquads", "jsonld")


@pytest.fixture(scope="module")
def result():
    from kg.pipeline import build

    logging.disable(logging.WARNING)  # owlrl logs every gMonthDay literal it cannot convert
    try:
        return build([*GOLDEN_INPUTS, str(INCIDENTS)])
    finally:
        logging.disable(logging.NOTSET)


def assert_isomorphic(expected: Graph, actual: Graph, what: str) -> None:
    if isomorphic(expected, actual):
        return
    _both, first, second = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    pytest.fail(
        f"{what}: only in expected: {sorted(first)[:5]}; only in actual: {sorted(second)[:5]}"
    )


def test_export_named_graphs_one_per_document(result):
    graphs = graphs_of(result, inferred=True)
    docs = [g for g in graphs if str(g).startswith(str(KGG["doc-"]))]
    assert sorted(docs) == sorted(result.documents)
    assert len(docs) == 6
    assert GRAPH_REFERENCE in graphs and GRAPH_INCIDENTS in graphs and GRAPH_INFERRED in graphs
    assert any(isinstance(s, BNode) for s, _p, _o in graphs[GRAPH_REFERENCE]), (
        "the ontology has blank nodes"
    )
    assert GRAPH_INFERRED not in graphs_of(result, inferred=False)


@pytest.mark.parametrize("fmt", DATASET_FORMATS)
def test_export_dataset_formats_round_trip_per_graph(result, fmt, tmp_path):
    path = tmp_path / f"out{FORMATS[fmt]}"
    export(result, fmt, path, inferred=True)
    ds = Dataset()
    ds.parse(path, format=PARSE[fmt])
    back = {URIRef(str(g.identifier)): g for g in ds.graphs() if len(g)}
    expected = graphs_of(result, inferred=True)
    assert sorted(back) == sorted(expected)
    for iri, g in expected.items():
        assert_isomorphic(g, back[iri], f"{fmt} graph {iri}")


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_export_triple_formats_round_trip_as_union(result, fmt, tmp_path):
    path = tmp_path / f"out{FORMATS[fmt]}"
    export(result, fmt, path, inferred=False)
    assert_isomorphic(result.asserted, Graph().parse(path, format=PARSE[fmt]), fmt)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_is_stable_through_a_parse(result, fmt, tmp_path):
    """Export, parse, export again: the same bytes (blank-node labels and order are canonical)."""
    first = tmp_path / f"first{FORMATS[fmt]}"
    text = export(result, fmt, first, inferred=True)
    assert first.read_bytes() == text.encode("utf-8")
    if fmt in DATASET_FORMATS:
        assert export(load_dataset(first), fmt, inferred=True) == text
    assert export(graphs_of(result, inferred=True), fmt, inferred=True) == text


def test_export_without_inferred_leaves_the_graph_out(result, tmp_path):
    text = export(result, "nquads", inferred=False)
    assert f"<{GRAPH_INFERRED}>" not in text
    assert f"<{GRAPH_INFERRED}> ." in export(result, "nquads", inferred=True)


def test_export_trig_is_accepted_as_a_graph_file(result, tmp_path):
    path = tmp_path / "kg.trig"
    export(result, "trig", path, inferred=True)
    g = load_graph(path)
    assert len(g) == len(result.graph)
    assert claims_rows(g) == claims_rows(result.graph)
    nq = tmp_path / "kg.nq"
    export(result, "nquads", nq, inferred=True)
    assert len(load_graph(nq)) == len(result.graph)


def test_export_of_a_single_graph_file_splits_documents(result, tmp_path):
    """A Turtle file of kg build (one graph) is split back into named graphs."""
    graphs = split_graph(result.asserted)
    assert sorted(g for g in graphs if "doc-" in str(g)) == sorted(result.documents)
    for iri, g in result.documents.items():
        extra = {t for t in graphs[iri] if t not in g}
        assert not extra, f"{iri}: {sorted(extra)[:3]}"
    assert len(graphs[GRAPH_INCIDENTS]) == len(result.links)


def _kg_export(fmt: str, out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "export",
            *GOLDEN_INPUTS,
            "--format",
            fmt,
            "--inferred",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_same_bytes_in_two_processes(fmt, tmp_path):
    a, b = tmp_path / f"a{FORMATS[fmt]}", tmp_path / f"b{FORMATS[fmt]}"
    _kg_export(fmt, a, "1")
    _kg_export(fmt, b, "2")
    assert a.read_bytes() == b.read_bytes()
    assert a.stat().st_size > 1000
