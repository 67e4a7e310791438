"""The networkx projection (kg.export.networkx) on a small hand-written graph."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph

from kg.export import to_networkx
from kg.export.networkx import write_gexf, write_graphml

TTL = """
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix kga: <https://w3id.org/kg/actor/> .
@prefix kgc: <https://w3id.org/kg/concept/> .
@prefix kgd: <https://w3id.org/kg/data/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

kga:river-front a kg:ArmedGroup ; skos:prefLabel "River Front" .
kga:army a kg:Military , kg:Organisation , kg:Actor ; skos:prefLabel "Northland Army" .
kga:press-office a kg:MediaWing ; skos:prefLabel "Army Press Office" .
kga:discovered-ana-ruiz a kg:Person ; skos:prefLabel "Ana Ruiz" ; kg:discovered true .

kgd:doc-1 a kg:NewsArticle ; kg:fileName "report-one.txt" ; dcterms:title "Clashes in the valley" .
kgd:doc-2 a kg:NewsArticle ; kg:fileName "report-two.txt" .
kgd:event-1 a kg:Attack ; skos:prefLabel "bridge attack" .

kgd:span-1 nif:anchorOf "The press office said 40 fighters were killed." .
kgd:span-2 nif:anchorOf "The River Front said it carried out the bridge attack." .
kgd:span-3 nif:anchorOf "Ana Ruiz accused the army of shelling homes." .
kgd:span-4 nif:anchorOf "Officials said 12 people were wounded." .

kgd:claim-1 a kg:Claim ; kg:claimant kga:press-office ; kg:claimKind kgc:Casualty ;
    kg:count 40 ; kg:qualifier kgc:at-least ; kg:category kgc:militants-killed ;
    kg:aboutActor kga:river-front ; kg:aboutText "fighters" ;
    kg:evidence kgd:span-1 ; kg:reportedIn kgd:doc-1 .
kgd:claim-2 a kg:Claim ; kg:claimant kga:river-front ; kg:claimKind kgc:Responsibility ;
    kg:aboutEvent kgd:event-1 ; kg:evidence kgd:span-2 ; kg:reportedIn kgd:doc-1 .
kgd:claim-3 a kg:Claim ; kg:claimant kga:discovered-ana-ruiz ; kg:claimKind kgc:Accusation ;
    kg:aboutText "the army of shelling homes" ; kg:evidence kgd:span-3 ; kg:reportedIn kgd:doc-2 .
kgd:claim-4 a kg:Claim ; kg:claimant kga:army ; kg:claimKind kgc:Casualty ;
    kg:count 12 ; kg:category kgc:wounded ; kg:evidence kgd:span-4 ; kg:reportedIn kgd:doc-2 .
kgd:claim-5 a kg:Claim ; kg:claimant kga:army ; kg:claimKind kgc:Statement ;
    kg:reportedIn kgd:doc-2 .
"""

A = "https://w3id.org/kg/actor/"
D = "https://w3id.org/kg/data/"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return to_networkx(Graph().parse(data=TTL, format="turtle"))


def test_networkx_nodes(G: nx.MultiDiGraph) -> None:
    assert sorted(G.nodes) == sorted(
        [
            A + "river-front",
            A + "army",
            A + "press-office",
            A + "discovered-ana-ruiz",
            D + "event-1",
            "topic:the army of shelling homes",
            "topic:wounded",
            "topic:statement",
        ]
    )
    assert G.nodes[A + "river-front"] == {
        "label": "River Front",
        "kind": "ArmedGroup",
        "group": "armed group",
        "discovered": False,
    }
    assert G.nodes[A + "army"]["kind"] == "Military"  # most specific class wins
    assert G.nodes[A + "press-office"]["group"] == "media"
    assert G.nodes[A + "discovered-ana-ruiz"]["discovered"] is True
    assert G.nodes[D + "event-1"]["kind"] == "event"
    assert G.nodes[D + "event-1"]["event_class"] == "Attack"
    assert G.nodes["topic:wounded"]["group"] == "topic"


def test_networkx_edges(G: nx.MultiDiGraph) -> None:
    edges = sorted(
        (u.removeprefix(A), v.removeprefix(A).removeprefix(D), k.removeprefix(D))
        for u, v, k in G.edges(keys=True)
    )
    assert edges == [
        ("army", "topic:statement", "claim-5"),
        ("army", "topic:wounded", "claim-4"),
        ("discovered-ana-ruiz", "topic:the army of shelling homes", "claim-3"),
        ("press-office", "river-front", "claim-1"),
        ("river-front", "event-1", "claim-2"),
    ]
    e = G.edges[A + "press-office", A + "river-front", D + "claim-1"]
    assert e["kind"] == "casualty"
    assert e["count"] == 40
    assert e["qualifier"] == "at least"
    assert e["category"] == "militants killed"
    assert e["label"] == "casualty: at least 40 militants killed"
    assert e["quote"] == "The press office said 40 fighters were killed."
    assert e["source"] == "report-one.txt"
    assert e["source_title"] == "Clashes in the valley"
    assert G.edges[A + "army", "topic:statement", D + "claim-5"]["kind"] == "other"
    assert G.edges[A + "army", "topic:statement", D + "claim-5"]["label"] == "statement"


def test_networkx_no_none_values(G: nx.MultiDiGraph) -> None:
    for _, d in G.nodes(data=True):
        assert None not in d.values()
    for *_, d in G.edges(keys=True, data=True):
        assert None not in d.values()


def test_networkx_deterministic() -> None:
    g = Graph().parse(data=TTL, format="turtle")
    a, b = to_networkx(g), to_networkx(g)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_networkx_graphml_gexf_roundtrip(G: nx.MultiDiGraph, tmp_path) -> None:
    gml = write_graphml(G, tmp_path / "g.graphml")
    back = nx.read_graphml(gml)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    assert back.nodes[A + "discovered-ana-ruiz"]["discovered"] is True
    assert 'attr.type="boolean"' in gml.read_text(encoding="utf-8")
    gexf = write_gexf(G, tmp_path / "g.gexf")
    back = nx.read_gexf(gexf)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    assert "lastmodifieddate" not in gexf.read_text(encoding="utf-8")
    # same graph, same bytes
    assert write_graphml(G, tmp_path / "h.graphml").read_bytes() == gml.read_bytes()
    assert write_gexf(G, tmp_path / "h.gexf").read_bytes() == gexf.read_bytes()


def test_networkx_empty_graph() -> None:
    G = to_networkx(Graph())
    assert G.number_of_nodes() == 0
    assert G.number_of_edges() == 0


def test_networkx_docstring_examples() -> None:
    import doctest

    import kg.export.networkx as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
