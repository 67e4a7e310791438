"""The embedded store: incremental builds by content hash, and the same answers as a graph file."""

from __future__ import annotations

import gc
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

import kg.pipeline
from kg.export.rdf import GRAPH_INCIDENTS, GRAPH_INFERRED, GRAPH_MANIFEST
from kg.query import run_query
from kg.query.claims import claims_rows, result_rows
from kg.store import (
    StoreError,
    add_result,
    count_quads,
    graph_names,
    open_store,
    query_store,
    store_graph,
    stored_graphs,
    stored_hashes,
)
from kg.vocab import NIF, XSD

HERE = Path(__file__).parent
GOLDEN_INPUTS = sorted(str(p) for p in (HERE / "golden").glob("*/input.txt"))
INCIDENTS = sorted(str(p) for p in (HERE / "data" / "incidents").glob("*.txt"))
SHARED_ACTOR = str(HERE / "data" / "shared-actor")
"""A document whose discovered speaker is also in a golden document: a triple in two graphs."""


@pytest.fixture(autouse=True)
def _quiet():
    logging.disable(logging.WARNING)  # owlrl logs every gMonthDay literal it cannot convert
    yield
    logging.disable(logging.NOTSET)


@pytest.fixture
def extract_calls(monkeypatch) -> list[str]:
    """Count the documents the pipeline extracts."""
    calls: list[str] = []
    real = kg.pipeline.extract

    def counting(article):
        calls.append(article.doc_id)
        return real(article)

    monkeypatch.setattr(kg.pipeline, "extract", counting)
    return calls


def as_set(rows: list[dict]) -> list[tuple]:
    """Rows as sorted tuples: engines may order ties (and unbound values) differently."""
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


def build_into(store, paths):
    result = kg.pipeline.build(paths, skip_hashes=stored_hashes(store), reason=False)
    return result, add_result(store, result)


def test_store_adds_only_new_documents(tmp_path, extract_calls):
    store = open_store(tmp_path / "store")
    _result, first = build_into(store, GOLDEN_INPUTS[:2])
    assert len(first.added) == 2 and len(extract_calls) == 2
    assert len(stored_hashes(store)) == 2

    extract_calls.clear()
    result, second = build_into(store, GOLDEN_INPUTS)
    assert len(extract_calls) == 1, "only the new document is extracted"
    assert [r.status for r in result.records] == ["known", "known", "ingested"]
    assert all(r.reason == "already in the store" for r in result.records[:2])
    assert len(second.added) == 1 and second.quads_after > second.quads_before
    assert len(stored_hashes(store)) == 3

    extract_calls.clear()
    quads = len(store)
    per_graph = {g: len(v) for g, v in stored_graphs(store).items()}
    result, third = build_into(store, GOLDEN_INPUTS)
    assert extract_calls == [] and third.added == []
    assert {r.status for r in result.records} == {"known"}
    assert len(store) == quads
    assert {g: len(v) for g, v in stored_graphs(store).items()} == per_graph


def test_store_re_adding_a_built_result_changes_nothing(tmp_path):
    result = kg.pipeline.build(GOLDEN_INPUTS[:1], reason=False)
    store = open_store(tmp_path / "store")
    add_result(store, result)
    quads = len(store)
    again = add_result(store, result)
    assert again.added == [] and len(again.known) == 1
    assert len(store) == quads


def test_store_incremental_equals_one_shot(tmp_path):
    """Documents added in two runs: the same graphs, incident links and inferences as one run."""
    inc = open_store(tmp_path / "incremental")
    build_into(inc, [INCIDENTS[0], INCIDENTS[2]])
    build_into(inc, INCIDENTS)
    one = open_store(tmp_path / "one-shot")
    add_result(one, kg.pipeline.build(INCIDENTS))
    a, b = stored_graphs(inc), stored_graphs(one)
    assert sorted(a) == sorted(b)
    assert len(a[GRAPH_INCIDENTS]) > 0, "the test documents report the same incident"
    assert len(a[GRAPH_INFERRED]) > 0
    for iri in a:
        assert isomorphic(a[iri], b[iri]), iri
    # content hash and file name of each document, and the digest of the reference graph
    assert count_quads(inc, GRAPH_MANIFEST) == 2 * len(INCIDENTS) + 1


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    logging.disable(logging.WARNING)
    result = kg.pipeline.build([*GOLDEN_INPUTS, *INCIDENTS, SHARED_ACTOR])
    path = tmp_path_factory.mktemp("store") / "kg"
    store = open_store(path)
    add_result(store, result)
    del store  # close: the store must find everything on disk when opened again
    gc.collect()
    return result, path, open_store(path)


def test_store_claims_equal_graph_claims(filled):
    result, _path, store = filled
    union = store_graph(store)
    assert (
        len(union)
        == len(result.graph)
        == count_quads(store, None) - sum(count_quads(store, g) for g in graph_names(store))
    )
    assert claims_rows(union) == claims_rows(result.graph)
    # Oxigraph stores an xsd:nonNegativeInteger as xsd:integer; reading restores the shapes' type
    begins = {o.datatype for o in union.objects(None, NIF.beginIndex)}
    assert begins == {XSD.nonNegativeInteger}
    local = result_rows(run_query(result.graph, "who-claimed-what"))
    assert as_set(result_rows(query_store(store, "who-claimed-what"))) == as_set(local)


def test_store_query_binds_parameters(filled):
    result, _path, store = filled
    actor = claims_rows(result.graph)[0]["claimant_iri"]
    for params in ({"actor": actor}, {"actor": claims_rows(result.graph)[0]["claimant"].upper()}):
        local = result_rows(run_query(result.graph, "claims-by", params))
        assert local, params
        assert as_set(result_rows(query_store(store, "claims-by", params))) == as_set(local)


def test_store_open_twice_is_one_line_error(filled):
    _result, path, _store = filled
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(path)
    with pytest.raises(StoreError, match="no such store"):
        open_store(path.parent / "missing", must_exist=True)


def kg_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=600
    )


def test_cli_build_store_incremental_and_claims(tmp_path):
    store = tmp_path / "store"
    first = kg_cli("build", *GOLDEN_INPUTS[:2], "--store", str(store), "-q")
    assert first.returncode == 0, first.stderr
    second = kg_cli("build", *GOLDEN_INPUTS, "--store", str(store), "-q")
    assert second.returncode == 0, second.stderr
    assert "1 new, 2 already in the store" in second.stdout
    third = kg_cli("build", *GOLDEN_INPUTS, "--store", str(store), "-q")
    assert "0 new, 3 already in the store" in third.stdout

    out = tmp_path / "out"
    built = kg_cli("build", *GOLDEN_INPUTS, "-o", str(out), "-q")
    assert built.returncode == 0, built.stderr
    from_store = kg_cli("claims", "--store", str(store), "--format", "jsonl")
    from_graph = kg_cli("claims", "--graph", str(out / "graph.ttl"), "--format", "jsonl")
    assert from_store.returncode == 0, from_store.stderr
    rows = [json.loads(line) for line in from_store.stdout.splitlines()]
    assert rows and rows == [json.loads(line) for line in from_graph.stdout.splitlines()]

    q_store = kg_cli("query", "who-claimed-what", "--store", str(store), "--format", "json")
    q_graph = kg_cli(
        "query", "who-claimed-what", "--graph", str(out / "graph.ttl"), "--format", "json"
    )
    assert q_store.returncode == 0, q_store.stderr
    assert as_set(json.loads(q_store.stdout)) == as_set(json.loads(q_graph.stdout))

    valid = kg_cli("validate", "--store", str(store))
    assert valid.returncode == 0, valid.stdout + valid.stderr
    conflicts = kg_cli("conflicts", "--store", str(store), "--format", "json")
    assert conflicts.returncode == 0, conflicts.stderr
    assert json.loads(conflicts.stdout) == json.loads(
        kg_cli("conflicts", "--graph", str(out / "graph.ttl"), "--format", "json").stdout
    )

    trig = tmp_path / "kg.trig"
    exp = kg_cli("export", "--store", str(store), "--format", "trig", "-o", str(trig))
    assert exp.returncode == 0, exp.stderr
    again = kg_cli("claims", "--graph", str(trig), "--format", "jsonl")
    assert [json.loads(line) for line in again.stdout.splitlines()] == rows


def test_cli_store_and_graph_are_exclusive(tmp_path):
    proc = kg_cli("claims", "--graph", "x.ttl", "--store", str(tmp_path))
    assert proc.returncode == 2
    assert "not both" in proc.stderr
    missing = kg_cli("claims", "--store", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "no such store" in missing.stderr
