"""kg.reason: the OWL 2 RL closure keeps the useful entailments and none of owlrl's artefacts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import owlrl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from kg.reason import (
    closed_ontology,
    is_useful,
    load_tbox,
    reason,
    reason_documents,
    reason_graph,
    split_documents,
)
from kg.reason.closure import BUILTIN_NAMESPACES
from kg.resources import ontology_dir
from kg.vocab import KG, KGA, KGD, KGP, ORG, SEM

QUERIES = Path(__file__).parents[1] / "queries"


@cache
def tbox() -> Graph:
    return load_tbox()


@cache
def small_graph() -> Graph:
    """Test actors (media wing, spokesperson, minister) and two reports of claims about them."""
    g = Graph()
    g.parse(QUERIES / "actors.ttl", format="turtle")
    g.parse(QUERIES / "claims-by" / "data.ttl", format="turtle")
    return g


@cache
def small_inferred() -> Graph:
    return reason(small_graph(), ontology=tbox())


def plain_closure(data: Graph, ontology: Graph) -> Graph:
    """Reference semantics: owlrl over ontology + data in one graph, filtered the same way."""
    from rdflib.term import _toPythonMapping

    saved = dict(_toPythonMapping)  # owlrl changes rdflib's literal converters globally
    g = Graph()
    for t in ontology:
        g.add(t)
    for t in data:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    _toPythonMapping.clear()
    _toPythonMapping.update(saved)
    bnodes = {n for t in g for n in (t[0], t[2]) if isinstance(n, BNode)}
    out = Graph()
    for t in g:
        if t not in data and t not in ontology and is_useful(t, ontology_bnodes=bnodes):
            out.add(t)
    return out


def _dump(g: Graph) -> str:
    return "\n".join(sorted(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in g))


def test_reason_equals_plain_owlrl_closure():
    data = small_graph()
    expected = plain_closure(data, tbox())
    actual = small_inferred()
    only_e, only_a = expected - actual, actual - expected
    assert not only_e and not only_a, (
        f"only in plain closure:\n{_dump(only_e)}\nonly in reason():\n{_dump(only_a)}"
    )


def test_no_artefacts_in_output():
    out = small_inferred()
    assert len(out) > 0
    for s, p, o in out:
        assert not isinstance(s, Literal), (s, p, o)
        assert not str(s).startswith(BUILTIN_NAMESPACES), (s, p, o)
        assert not str(o).startswith(BUILTIN_NAMESPACES), (s, p, o)
        assert not (s == o and p in (OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf)), (s, p, o)
    assert not any(out.triples((None, OWL.sameAs, None)))


def test_nothing_asserted_is_returned_and_inputs_are_untouched():
    data = small_graph()
    before_data, before_tbox = len(data), len(tbox())
    out = reason(data, ontology=tbox())
    assert len(data) == before_data and len(tbox()) == before_tbox
    assert not [t for t in out if t in data or t in tbox()]


def test_useful_entailments():
    out = small_inferred()
    army, media, colonel, minister, gov = (
        KGA["t-army"],
        KGA["t-army-media"],
        KGA["t-colonel-vale"],
        KGA["t-minister-oren"],
        KGA["t-government"],
    )
    # roll-up through the property chain kg:claimant o kg:speaksFor
    assert (KGD["claim-t1-1"], KG.attributedTo, army) in out  # media wing
    assert (KGD["claim-t1-2"], KG.attributedTo, army) in out  # spokesperson
    assert (KGD["claim-t2-2"], KG.attributedTo, gov) in out  # minister
    assert (KGD["claim-t2-1"], KG.attributedTo, army) in out  # the claimant itself (sub-property)
    assert (KGD["claim-t1-3"], KG.attributedTo, army) not in out  # the other side's claim
    # sub-properties and inverses
    assert (media, KG.speaksFor, army) in out and (minister, KG.speaksFor, gov) in out
    assert (media, ORG.subOrganizationOf, army) in out and (colonel, ORG.memberOf, army) in out
    assert (KGD["claim-t1-1"], PROV.wasAttributedTo, media) in out
    assert (KGD["claim-t1-1"], KG.about, KGA["t-hill-front"]) in out
    assert (KGD["doc-t1"], KG.reports, KGD["claim-t1-1"]) in out
    # class hierarchy
    assert (media, RDF.type, KG.Organisation) in out and (media, RDF.type, PROV.Agent) in out
    assert (KGD["claim-t1-1"], RDF.type, PROV.Entity) in out


def test_transitive_speaks_for_and_located_in():
    data = Graph()
    data.add((KGA["a"], KG.mediaWingOf, KGA["b"]))
    data.add((KGA["b"], KG.speaksFor, KGA["c"]))
    data.add((KGD["claim-1"], KG.claimant, KGA["a"]))
    data.add((KGP["x"], KG.locatedIn, KGP["y"]))
    data.add((KGP["y"], KG.locatedIn, KGP["z"]))
    data.add((KGD["e"], KG.place, KGP["x"]))
    data.add((KGD["e"], KG.sameIncidentAs, KGD["f"]))
    out = reason(data, ontology=tbox())
    assert (KGA["a"], KG.speaksFor, KGA["c"]) in out
    assert (KGD["claim-1"], KG.attributedTo, KGA["c"]) in out
    assert (KGP["x"], KG.locatedIn, KGP["z"]) in out
    assert (KGD["e"], SEM.hasPlace, KGP["x"]) in out
    assert (KGD["f"], KG.sameIncidentAs, KGD["e"]) in out


def test_dates_of_every_datatype_leave_no_trace_and_raise_no_error(caplog):
    from rdflib.namespace import XSD

    data = Graph()
    ev = KGD["event-1"]
    data.add((ev, RDF.type, KG.Attack))
    data.add((ev, KG.startDate, Literal("--01-31", datatype=XSD.gMonthDay)))
    data.add((ev, KG.endDate, Literal("2031-02", datatype=XSD.gYearMonth)))
    data.add((ev, KG.timeExpression, Literal("late January")))
    caplog.clear()
    out = reason(data, ontology=tbox())
    assert (ev, RDF.type, KG.Event) in out
    assert not [t for t in out if isinstance(t[0], Literal) or isinstance(t[2], Literal)]
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]


def test_tbox_closure_is_cached():
    assert closed_ontology(tbox()) is closed_ontology(load_tbox())


def test_is_useful_drops_ontology_list_nodes():
    b = BNode()
    assert not is_useful((b, RDF.type, URIRef("urn:x:C")), ontology_bnodes={b})
    assert is_useful((BNode(), RDF.type, URIRef("urn:x:C")), ontology_bnodes={b})


def test_per_document_reasoning_equals_whole_graph():
    reference = Graph().parse(QUERIES / "actors.ttl", format="turtle")
    data = Graph().parse(QUERIES / "conflicting-figures" / "data.ttl", format="turtle")
    whole = Graph()
    whole += reference
    whole += data
    expected = reason(whole, ontology=tbox())
    _, docs = split_documents(data)
    assert len(docs) == 3
    per_doc = reason_documents(docs.values(), reference=reference, ontology=tbox())
    # per document, registry entries no document refers to get no inferences
    reached = {n for t in per_doc for n in (t[0], t[2])}
    expected_reached = Graph()
    for t in expected:
        if t[0] in reached or t[0] in set(data.subjects()):
            expected_reached.add(t)
    only_e, only_a = expected_reached - per_doc, per_doc - expected
    assert not only_e and not only_a, (
        f"only whole:\n{_dump(only_e)}\nonly per document:\n{_dump(only_a)}"
    )
    assert set(reason_graph(whole, ontology=tbox())) == set(per_doc)


def test_split_documents_keeps_every_triple_once():
    g = Graph()
    g += small_graph()
    reference, docs = split_documents(g)
    assert sorted(str(k) for k in docs) == [str(KGD["doc-t1"]), str(KGD["doc-t2"])]
    union = Graph()
    union += reference
    for d in docs.values():
        union += d
    assert set(union) == set(g)
    assert (KGD["claim-t1-1"], KG["count"], Literal(40)) in docs[KGD["doc-t1"]]
    assert (KGA["t-army"], RDF.type, KG.Military) in reference


def test_load_tbox_is_the_ontology_file():
    assert len(load_tbox()) == len(Graph().parse(ontology_dir() / "kg.ttl", format="turtle"))


@pytest.mark.slow
def test_build_keeps_inferred_apart(tmp_path):
    from kg.pipeline import build

    (tmp_path / "a.txt").write_text(
        "QUETTA, March 3 (Wire) - Pakistan's military said on Monday that security forces "
        "killed 12 militants in a raid near Quetta.\n",
        encoding="utf-8",
    )
    with_reason = build([tmp_path], check=False)
    without = build([tmp_path], check=False, reason=False)
    assert without.inferred is None
    assert with_reason.inferred is not None and len(with_reason.inferred) > 0
    asserted = with_reason.asserted
    assert not [t for t in with_reason.inferred if t in asserted]
    assert not [t for t in with_reason.inferred if isinstance(t[0], Literal)]


def test_cli_reason_writes_only_inferred_triples(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.io import canonical_turtle

    graph = tmp_path / "graph.ttl"
    graph.write_text(canonical_turtle(small_graph()), encoding="utf-8")
    out = tmp_path / "inferred.ttl"
    res = CliRunner().invoke(app, ["reason", str(graph), "-o", str(out)])
    assert res.exit_code == 0, res.output
    written = Graph().parse(out, format="turtle")
    assert set(written) == set(reason_graph(small_graph(), ontology=tbox()))
    assert (KGD["claim-t1-1"], KG.attributedTo, KGA["t-army"]) in written
    res = CliRunner().invoke(app, ["reason", str(tmp_path / "missing.ttl"), "-o", str(out)])
    assert res.exit_code == 2


@pytest.mark.slow
def test_cli_build_no_reason(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "QUETTA, March 3 (Wire) - Pakistan's military said on Monday that security forces "
        "killed 12 militants in a raid near Quetta.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    res = runner.invoke(
        app, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q", "--no-reason"]
    )
    assert res.exit_code == 0, res.output
    assert not (tmp_path / "out" / "inferred.ttl").exists()
    res = runner.invoke(app, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "-q"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out2" / "inferred.ttl").stat().st_size > 0
    assert "inferred" in res.output
