"""The query library: every queries/*.rq on a small hand-written graph, against golden CSV.

Each ``tests/queries/<case>/`` holds ``expected.csv`` and usually ``data.ttl`` (articles,
claims and events in the shape ``kg build`` writes). The case runs the query named by the
folder (the part before ``--``, so ``claims-by--label`` runs ``claims-by``) over the ontology,
the concept schemes, ``tests/queries/actors.ttl`` and the data, after the same reasoning as
``kg build``. An optional ``case.json`` gives ``params`` (name -> value or list of values),
``reason`` (default true) and ``data`` (another case's data file).

Cells holding a `` | ``-separated list (GROUP_CONCAT) are compared as sets.
``pytest --update-golden`` rewrites the expected files; review the diff.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.errors import QueryError
from kg.query import list_queries, load_query, run_query
from kg.resources import ontology_files

CASES_DIR = Path(__file__).parent / "queries"
CASES = sorted(
    p.name
    for p in CASES_DIR.iterdir()
    if (p / "expected.csv").exists() or (p / "case.json").exists()
)
SEP = " | "


def case_config(case: str) -> dict:
    p = CASES_DIR / case / "case.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}


@cache
def _base() -> Graph:
    g = Graph()
    for p in ontology_files():
        g.parse(p, format="turtle")
    g.parse(CASES_DIR / "actors.ttl", format="turtle")
    return g


@cache
def case_graph(case: str) -> Graph:
    """Ontology + concepts + test actors + the case's data (+ what reasoning infers from them).

    Cached: callers must not change the graph.
    """
    from kg.reason import load_tbox, reason_graph

    cfg = case_config(case)
    g = Graph()
    g += _base()
    g.parse(CASES_DIR / case / cfg.get("data", "data.ttl"), format="turtle")
    if cfg.get("reason", True):
        g += reason_graph(g, ontology=load_tbox())
    return g


def rows_csv(result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([str(v) for v in result.vars])
    for row in result:
        w.writerow(["" if row[v] is None else str(row[v]) for v in result.vars])
    return buf.getvalue()


def _normalise(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    return [[SEP.join(sorted(c.split(SEP))) if SEP in c else c for c in r] for r in rows]


@pytest.mark.parametrize("case", CASES)
def test_query_golden(case, request):
    cfg = case_config(case)
    name = case.split("--")[0]
    result = run_query(case_graph(case), load_query(name), cfg.get("params"))
    actual = rows_csv(result)
    expected_path = CASES_DIR / case / "expected.csv"
    if request.config.getoption("--update-golden") or not expected_path.exists():
        expected_path.write_text(actual, encoding="utf-8")
        if not request.config.getoption("--update-golden"):
            pytest.fail(f"{expected_path} did not exist; it was written, review it")
    expected = expected_path.read_text(encoding="utf-8")
    assert _normalise(actual) == _normalise(expected), (
        f"{case}: got\n{actual}\nexpected\n{expected}"
    )


def _store(graph: Graph):
    """An in-memory Oxigraph store holding ``graph`` in its default graph."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


@cache
def case_store(case: str):
    return _store(case_graph(case))


@pytest.mark.parametrize("case", CASES)
def test_query_golden_on_oxigraph(case):
    """The same cases in Oxigraph, parameters written in as terms (kg.store): the same rows in
    the same order as rdflib gives with initBindings."""
    from kg.store import query_store

    cfg = case_config(case)
    expected_path = CASES_DIR / case / "expected.csv"
    if not expected_path.exists():
        pytest.skip("no golden yet")
    result = query_store(case_store(case), load_query(case.split("--")[0]), cfg.get("params"))
    actual = rows_csv(result)
    expected = expected_path.read_text(encoding="utf-8")
    assert _normalise(actual) == _normalise(expected), (
        f"{case} on Oxigraph: got\n{actual}\nexpected\n{expected}"
    )


def _actor_labels(g: Graph) -> list[tuple[URIRef, str]]:
    """(actor, label) for the actors that claims name, with each label that names only that actor."""
    from rdflib.namespace import SKOS

    from kg.vocab import KG

    owners: dict[str, set] = {}
    for p in (SKOS.prefLabel, SKOS.altLabel):
        for s, o in g.subject_objects(p):
            owners.setdefault(str(o).lower(), set()).add(s)
    actors = set(g.objects(None, KG.claimant)) | set(g.objects(None, KG.aboutActor))
    out = []
    for a in sorted(actors):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for o in sorted(g.objects(a, p)):
                if owners[str(o).lower()] == {a}:
                    out.append((a, str(o)))
    return out


@pytest.mark.parametrize("query", ["claims-by", "claims-about"])
@pytest.mark.parametrize("case", ["claims-by", "accusations-and-denials"])
def test_actor_as_label_gives_the_rows_of_its_iri(query, case):
    """An actor given by a label (any case) finds the same rows as its IRI, on both engines.

    Rows are compared as sorted lists: the ORDER BY leaves the rows of one claim (one per
    actor it is about) tied, and engines may order ties differently.
    """
    from kg.store import query_store

    g, store = case_graph(case), case_store(case)
    pairs = _actor_labels(g)
    assert pairs
    found = 0
    for actor, label in pairs:
        by_iri = sorted(rows_csv(run_query(g, query, {"actor": actor})).splitlines())
        found += len(by_iri) > 1
        for value in (actor, label, label.upper(), label.lower()):
            for result in (run_query(g, query, {"actor": value}), query_store(store, query, {"actor": value})):
                assert sorted(rows_csv(result).splitlines()) == by_iri, (actor, value)
    assert found, "no actor of the case has rows"


@pytest.mark.parametrize("query", ["conflicting-figures", "corroborated-claims", "figure-claims"])
def test_category_parameter_keeps_the_rows_of_that_category(query):
    """?category restricts the rows to one category and changes nothing else, on both engines."""
    from kg.store import query_store

    g, store = case_graph("conflicting-figures"), case_store("conflicting-figures")
    full = list(csv.reader(io.StringIO(rows_csv(run_query(g, query)))))
    col = full[0].index("category")
    categories = sorted({r[col] for r in full[1:]})
    assert categories
    for category in [*categories, "no such category"]:
        expected = [full[0]] + [r for r in full[1:] if r[col] == category]
        for result in (
            run_query(g, query, {"category": category}),
            query_store(store, query, {"category": category}),
        ):
            got = list(csv.reader(io.StringIO(rows_csv(result))))
            assert got == expected, (query, category)


def test_bound_parameter_tests_are_written_in_as_constants():
    """Type tests on a bound parameter become constants; nothing else is touched."""
    from kg.query.bind import substitute

    text = (
        "SELECT ?x WHERE { ?x ?p ?v FILTER(isIRI(?v) || isLiteral(?v) || BOUND(?v) || "
        "isBlank(?v) || isIRI(?x) || ex:isIRI(?v)) FILTER isLiteral(?v) }"
    )
    iri = substitute(text, {"v": URIRef("urn:a")})
    assert "FILTER(true || false || true || false || isIRI(?x) || ex:isIRI(<urn:a>))" in iri
    assert "FILTER (false)" in iri
    lit = substitute(text, {"v": Literal('isIRI(?v) || "')})
    assert "FILTER(false || true || true || false" in lit
    assert lit.count('"isIRI(?v) || \\""') == 2, lit  # the value stays one escaped string


def test_every_query_has_a_case():
    tested = {c.split("--")[0] for c in CASES}
    missing = [q.name for q in list_queries() if q.name not in tested]
    assert not missing, f"queries without a test case in tests/queries/: {missing}"


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_query_header_and_syntax(query):
    for key in ("title", "description", "parameters", "columns"):
        assert query.header.get(key), f"{query.path}: header has no '# {key}:' line"
    try:
        prepared = prepareQuery(query.text)
    except Exception as err:  # pyparsing errors carry line and column
        pytest.fail(f"{query.path}: does not parse: {err}")
    projected = [str(v) for v in prepared.algebra["PV"]]
    assert query.columns == projected, f"{query.path}: header columns differ from the SELECT clause"
    for p in query.required:
        assert p in query.parameters


INJECTIONS = [
    'x") || true || ("',
    'ISPR" } UNION { ?claim ?p ?o } #',
    "x' . ?a ?b ?c . FILTER('1'='1",
    "<https://w3id.org/kg/actor/t-army>",
    "?a",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_parameter_holding_sparql_cannot_change_the_query(value):
    g = case_graph("claims-by")
    # the same machinery finds the claims of a real label ...
    assert len(list(run_query(g, "claims-by", {"actor": "AFMO"}))) == 1
    # ... and a value made of SPARQL syntax is only ever a string to compare with
    rows = list(run_query(g, "claims-by", {"actor": value}))
    assert rows == []
    assert list(run_query(g, "who-claimed-what", {"doc": value})) == []


@pytest.mark.parametrize("value", [*INJECTIONS, "isIRI(?actor)", "BOUND(?doc)"])
def test_parameter_holding_sparql_cannot_change_the_query_on_oxigraph(value):
    from kg.store import query_store

    store = case_store("claims-by")
    assert len(list(query_store(store, "claims-by", {"actor": "AFMO"}))) == 1
    assert list(query_store(store, "claims-by", {"actor": value})) == []
    assert list(query_store(store, "claims-about", {"actor": value})) == []
    assert list(query_store(store, "who-claimed-what", {"doc": value})) == []
    assert list(query_store(store, "source-coverage", {"doc": value})) == []


def test_parameter_as_literal_term_cannot_match_an_iri():
    g = case_graph("claims-by")
    assert (
        list(run_query(g, "claims-by", {"actor": Literal("https://w3id.org/kg/actor/t-army")}))
        == []
    )
    assert (
        len(list(run_query(g, "claims-by", {"actor": URIRef("https://w3id.org/kg/actor/t-army")})))
        == 3
    )


def test_unknown_and_missing_parameters_are_errors():
    g = Graph()
    with pytest.raises(QueryError, match="takes no parameter"):
        run_query(g, "claims-by", {"nope": "x"})
    with pytest.raises(QueryError, match="needs --param actor"):
        run_query(g, "claims-by", {})
    with pytest.raises(QueryError, match="no query named"):
        load_query("no-such-query")


def _write_build(tmp_path: Path) -> Path:
    """A build folder: graph.ttl (asserted) and inferred.ttl, as kg build writes them."""
    from kg.io import canonical_turtle
    from kg.reason import load_tbox, reason_graph

    g = Graph()
    g += _base()
    g.parse(CASES_DIR / "claims-by" / "data.ttl", format="turtle")
    (tmp_path / "graph.ttl").write_text(canonical_turtle(g), encoding="utf-8")
    (tmp_path / "inferred.ttl").write_text(
        canonical_turtle(reason_graph(g, ontology=load_tbox())), encoding="utf-8"
    )
    return tmp_path / "graph.ttl"


def test_cli_query_reads_inferred_beside_graph(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    graph = _write_build(tmp_path)
    runner = CliRunner()
    args = [
        "query",
        "claims-by",
        "--graph",
        str(graph),
        "--param",
        "actor=kga:t-army",
        "--format",
        "csv",
    ]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].startswith("actor_label,claimant,type")
    assert (
        len(res.output.splitlines()) == 4
    )  # header + the army's own, its media office's and spokesperson's
    res = runner.invoke(app, [*args, "--no-inferred"])
    assert res.exit_code == 0, res.output
    assert len(res.output.splitlines()) == 2  # only the claim naming the army as claimant
    # a repeated parameter runs the query once per value
    res = runner.invoke(
        app,
        [
            "query",
            "claims-by",
            "-g",
            str(graph),
            "-p",
            "actor=AFMO",
            "-p",
            "actor=Mira Oren",
            "-f",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    assert [r["claimant"] for r in json.loads(res.output)] == [
        "Armed Forces Media Office",
        "Mira Oren",
    ]


def test_cli_query_list_file_and_errors(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["query", "--list"])
    assert res.exit_code == 0
    for q in list_queries():
        assert q.name in res.output
    assert "parameters: ?actor (required)" in res.output
    graph = _write_build(tmp_path)
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/kg/ontology#Claim> }\n",
        encoding="utf-8",
    )
    res = runner.invoke(app, ["query", "--file", str(rq), "--graph", str(graph), "-f", "csv"])
    assert res.exit_code == 0 and res.output == "n\n5\n"
    res = runner.invoke(app, ["query", "claims-by", "--graph", str(graph)])
    assert res.exit_code == 2 and "needs --param actor=VALUE" in res.output
    res = runner.invoke(app, ["query", "nope", "--graph", str(graph)])
    assert res.exit_code == 2 and "no query named 'nope'" in res.output
