"""``kg validate GRAPH``: exit codes, the grouped text report, the standard report graph,
and the source document each result is attributed to. Hand-written graphs only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from kg.validate import validate

SHAPE_CASES = Path(__file__).parent / "shapes"
KG = Namespace("https://w3id.org/kg/ontology#")
KGD = Namespace("https://w3id.org/kg/data/")
KGA = Namespace("https://w3id.org/kg/actor/")
KGS = Namespace("https://w3id.org/kg/shapes#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300
    )


def _valid_claim_graph() -> Graph:
    return Graph().parse(SHAPE_CASES / "claim" / "valid" / "casualty.ttl", format="turtle")


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """A valid document with three faults: a changed quote, a negative count, an actor with
    two preferred labels; plus a claim that no article leads to."""
    g = _valid_claim_graph()
    span = KGD["span-test-0-48"]
    g.set((span, NIF.anchorOf, Literal("The army said it killed 21 militants near Kalat.")))
    g.set((KGD["claim-test-1"], KG["count"], Literal(-12)))
    g.add(
        (
            KGA["test-group"],
            URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
            Literal("Other name"),
        )
    )
    g.add((KGD["claim-orphan"], RDF.type, KG.Claim))
    path = tmp_path_factory.mktemp("validate") / "broken.ttl"
    g.serialize(path, format="turtle")
    return path


def test_validate_conforming_graph_exit_0(tmp_path):
    path = tmp_path / "ok.ttl"
    _valid_claim_graph().serialize(path, format="turtle")
    proc = kg("validate", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == f"{path}: conforms"


def test_validate_unreadable_graph_exit_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(b"\x00\x01 not turtle <<<")
    proc = kg("validate", str(bad))
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert "bad.ttl" in line and "Traceback" not in proc.stderr
    missing = kg("validate", str(tmp_path / "missing.ttl"))
    assert missing.returncode == 2 and "missing.ttl" in missing.stderr


def test_validate_text_report_is_grouped_by_document_then_shape(broken):
    proc = kg("validate", str(broken))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(f"{broken}: does not conform")
    doc = lines.index("document kgd:doc-test  (test-article)")
    nowhere = next(i for i, line in enumerate(lines) if line.startswith("no source document"))
    assert doc < nowhere
    in_doc = lines[doc:nowhere]
    # shapes are two-space indented, focus nodes four, results six
    shapes = [
        line.strip() for line in in_doc if line.startswith("  ") and not line.startswith("   ")
    ]
    assert shapes == sorted(shapes) and {
        "kgs:ActorShape",
        "kgs:ClaimShape",
        "kgs:TextSpanShape",
    } <= set(shapes)
    span_line = next(
        i for i, line in enumerate(in_doc) if line.strip().startswith("kgd:span-test-0-48")
    )
    assert '"The army said it killed 21 militants near Kalat."' in in_doc[span_line]  # focus label
    result = in_doc[span_line + 1]
    assert result.startswith("      nif:anchorOf: ") and "value: " in result
    assert any(
        line.strip().startswith("kg:count: ") and '"-12"^^xsd:integer' in line for line in in_doc
    )
    assert any(line.strip() == "kgd:claim-orphan" for line in lines[nowhere:])


def test_validate_turtle_format_is_the_shacl_report_graph(broken):
    proc = kg("validate", str(broken), "--format", "turtle")
    assert proc.returncode == 1
    report = Graph().parse(data=proc.stdout, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    quote = [
        r
        for r in report.objects(node, SH.result)
        if report.value(r, SH.sourceConstraint) == KGS.TextSpanQuoteConstraint
    ]
    assert [report.value(r, SH.focusNode) for r in quote] == [KGD["span-test-0-48"]]


def test_validate_results_carry_their_source_document(broken):
    report = validate(Graph().parse(broken, format="turtle"))
    by_focus = {r.focus: r for r in report.results}
    doc = str(KGD["doc-test"])
    for focus in ("span-test-0-48", "claim-test-1"):
        assert by_focus[str(KGD[focus])].document == doc
    assert by_focus[str(KGA["test-group"])].document == doc  # through the claim about it
    assert by_focus[str(KGD["claim-orphan"])].document is None
    assert by_focus[str(KGD["span-test-0-48"])].shape == str(KGS.TextSpanShape)


def test_validate_document_ignores_faults_of_the_reference_data():
    """A document is judged on its own nodes; a registry entry it points to is judged when
    the reference data is validated."""
    g = _valid_claim_graph()
    reference = Graph()
    from kg.resources import ontology_files

    for p in ontology_files():
        reference.parse(p, format="turtle")
    army = KGA["test-army"]
    doc_graph = Graph()
    for t in g:
        if t[0] != army:
            doc_graph.add(t)
    for t in g.triples((army, None, None)):
        reference.add(t)
    reference.add(
        (army, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), Literal("Second label"))
    )
    assert validate(doc_graph, reference=reference).conforms
    assert not validate(reference, reference=reference).conforms
