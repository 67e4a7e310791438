"""The compiled OWL 2 RL rules (kg.reason.rules) give exactly what owlrl gives.

owlrl is the reference: every document is closed both ways, with the reference data it
reaches, and the inferred triples must be the same sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.ingest import ingest
from kg.mapping.to_rdf import to_rdf
from kg.nlp.extract import extract
from kg.reason import closed_ontology, load_tbox, reason
from kg.reason.documents import _nodes, reachable
from kg.reason.rules import applies, compile_rules
from kg.validate.shacl import load_reference

ROOT = Path(__file__).resolve().parents[1]
KG = "https://w3id.org/kg/ontology#"


def _documents() -> list:
    paths = [
        ROOT / "examples" / "reports",
        *sorted((ROOT / "tests" / "golden").glob("*/input.txt")),
    ]
    held = sorted((ROOT / "tests" / "data" / "heldout" / "docs").glob("*.txt"))
    return ingest([*paths, *held[:6]]).articles


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return load_tbox()


def test_rules_compile_for_the_kg_ontology(tbox):
    rules = compile_rules(closed_ontology(tbox)[1])
    assert rules is not None
    assert URIRef(KG + "speaksFor") in rules.transitive
    assert URIRef(KG + "sameIncidentAs") in rules.symmetric
    assert URIRef(KG + "claimant") in rules.chains


@pytest.mark.parametrize("art", _documents(), ids=lambda a: a.doc_id)
def test_rules_match_owlrl_on_documents(art, tbox):
    g = to_rdf(extract(art))
    data = reachable(load_reference(), _nodes(g), ontology=tbox)
    data += g
    fast = set(reason(data, ontology=tbox))
    ref = set(reason(data, ontology=tbox, engine="owlrl"))
    assert fast == ref, (sorted(ref - fast)[:5], sorted(fast - ref)[:5])
    assert len(fast) > 50


def test_rules_match_owlrl_on_chains_and_transitivity(tbox):
    kga, kgd = "https://w3id.org/kg/actor/", "https://w3id.org/kg/data/"
    g = Graph()
    wing, army, gov, person = (URIRef(kga + x) for x in ("wing", "army", "gov", "person"))
    claim, ev1, ev2 = URIRef(kgd + "claim-1"), URIRef(kgd + "event-1"), URIRef(kgd + "event-2")
    g.add((wing, URIRef(KG + "mediaWingOf"), army))
    g.add((army, URIRef(KG + "speaksFor"), gov))
    g.add((person, URIRef(KG + "spokespersonFor"), wing))
    g.add((claim, URIRef(KG + "claimant"), person))
    g.add((claim, URIRef(KG + "count"), Literal(12)))
    g.add((ev1, URIRef(KG + "sameIncidentAs"), ev2))
    fast = set(reason(g, ontology=tbox))
    assert fast == set(reason(g, ontology=tbox, engine="owlrl"))
    assert (claim, URIRef(KG + "attributedTo"), gov) in fast
    assert (ev2, URIRef(KG + "sameIncidentAs"), ev1) in fast


def test_rules_refuse_data_with_schema_and_fall_back(tbox):
    g = Graph()
    a, b = URIRef("urn:x:A"), URIRef("urn:x:B")
    g.add((a, RDFS.subClassOf, b))
    g.add((URIRef("urn:x:i"), RDF.type, a))
    assert not applies(g)
    out = reason(g, ontology=tbox)
    assert (URIRef("urn:x:i"), RDF.type, b) in out


def test_rules_refuse_unsupported_tbox():
    k = Graph()
    k.add((URIRef("urn:x:p"), RDF.type, OWL.FunctionalProperty))
    assert compile_rules(k) is None
    with pytest.raises(ValueError):
        reason(Graph(), ontology=Graph(), engine="fast")
