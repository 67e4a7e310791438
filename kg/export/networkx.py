"""The networkx projection of a claims graph: actors linked by the claims they make.

:func:`to_networkx` turns the RDF graph into a :class:`networkx.MultiDiGraph` whose nodes are
actors (plus events and topics that claims are about) and whose edges are claims, from the
claimant to what the claim is about. It is the data behind ``kg viz`` and the GraphML/GEXF
files, and it can be called from a notebook. :func:`write_graphml` and :func:`write_gexf`
write it deterministically (same graph, same bytes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.vocab import DCTERMS, KG, NIF

if TYPE_CHECKING:  # networkx is imported lazily so that ``import kg.export`` stays cheap
    import networkx as nx

ACTOR_GROUPS: dict[str, str] = {
    "ArmedGroup": "armed group",
    "MilitaryUnit": "military",
    "Military": "military",
    "MediaWing": "media",
    "MediaOutlet": "media",
    "GovernmentBody": "government",
    "Government": "government",
    "InternationalOrganisation": "international body",
    "Country": "country",
    "AnonymousSource": "anonymous source",
    "Person": "person",
    "Organisation": "organisation",
    "Actor": "actor",
}
"""Actor class (local name) -> colour group, most specific class first."""

EVENT_CLASSES = (
    "CoordinatedAttackWave",
    "Strike",
    "Attack",
    "MilitaryOperation",
    "Clash",
    "Standoff",
    "Hijacking",
    "PolicyMeasure",
    "Event",
)
"""Event classes (local names), most specific first."""

_ABOUT = (KG.aboutActor, KG.aboutEvent, KG.about)
_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def local_name(iri: Node) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name(URIRef("https://w3id.org/kg/ontology#ArmedGroup"))
    'ArmedGroup'
    """
    return re.split(r"[#/]", str(iri))[-1]


def node_label(graph: Graph, node: Node) -> str:
    """skos:prefLabel, else rdfs:label, else the IRI's local name with dashes as spaces."""
    for p in (SKOS.prefLabel, RDFS.label):
        values = sorted(str(o) for o in graph.objects(node, p))
        if values:
            return values[0]
    return local_name(node).replace("-", " ")


@cache
def _concepts() -> Graph:
    """concepts.ttl, read once, for graphs that do not carry the concept schemes."""
    from kg.resources import ontology_dir

    g = Graph()
    path = ontology_dir() / "concepts.ttl"
    if path.exists():
        g.parse(path, format="turtle")
    return g


def _concept(graph: Graph, concept: Node, prop: URIRef) -> str:
    for g in (graph, _concepts()):
        values = sorted(str(o) for o in g.objects(concept, prop))
        if values:
            return values[0]
    return local_name(concept).replace("-", " ").lower()


def _first(graph: Graph, s: Node, p: URIRef) -> Node | None:
    values = sorted(graph.objects(s, p), key=str)
    return values[0] if values else None


def _classes(graph: Graph, node: Node) -> set[str]:
    return {local_name(t) for t in graph.objects(node, RDF.type) if str(t).startswith(str(KG))}


def actor_kind(graph: Graph, node: Node) -> str:
    """The most specific kg actor class of ``node`` (local name), or ``"Actor"``."""
    classes = _classes(graph, node)
    return next((c for c in ACTOR_GROUPS if c in classes), "Actor")


def _is_event(graph: Graph, node: Node) -> bool:
    return bool(_classes(graph, node) & set(EVENT_CLASSES)) or (None, KG.aboutEvent, node) in graph


def _is_actor(graph: Graph, node: Node) -> bool:
    return (
        bool(_classes(graph, node) & set(ACTOR_GROUPS))
        or (None, KG.claimant, node) in graph
        or (None, KG.aboutActor, node) in graph
    )


def _figure(count: int | None, qualifier: str, category: str) -> str:
    """'at least 20 people killed', 'dozens wounded', '' when there is no figure."""
    if count is None and not qualifier:
        return ""
    return " ".join(x for x in (qualifier, "" if count is None else str(count), category) if x)


def claim_title(graph: Graph, claim: Node) -> str:
    """rdfs:label of a claim, else 'claimant: kind'."""
    label = _first(graph, claim, RDFS.label)
    if label is not None:
        return str(label)
    claimant = _first(graph, claim, KG.claimant)
    kind = _first(graph, claim, KG.claimKind)
    who = node_label(graph, claimant) if claimant is not None else "unknown claimant"
    return f"{who}: {_concept(graph, kind, SKOS.prefLabel) if kind is not None else 'statement'}"


def claim_record(graph: Graph, claim: Node) -> dict[str, Any]:
    """Everything the projection and the page show about one claim, without ``None`` values.

    Keys: claim, claimant, kind (skos:notation of the claim kind), kind_label (its prefLabel),
    count, qualifier, category, figure, about_text, quote, source (kg:fileName of the article),
    source_title, issued, channel, answers (label of the claim it answers), scope, verification,
    label. Keys with no value are left out.
    """
    rec: dict[str, Any] = {"claim": str(claim)}
    kind = _first(graph, claim, KG.claimKind)
    rec["kind"] = _concept(graph, kind, SKOS.notation) if kind is not None else "other"
    rec["kind_label"] = _concept(graph, kind, SKOS.prefLabel) if kind is not None else "statement"
    count = _first(graph, claim, KG["count"])
    if isinstance(count, Literal):
        rec["count"] = int(count.toPython())
    qual = _first(graph, claim, KG.qualifier)
    if qual is not None:
        rec["qualifier"] = _concept(graph, qual, SKOS.prefLabel)
    cat = _first(graph, claim, KG.category)
    if cat is not None:
        rec["category"] = _concept(graph, cat, SKOS.prefLabel)
    figure = _figure(rec.get("count"), rec.get("qualifier", ""), rec.get("category", ""))
    if figure:
        rec["figure"] = figure
    for key, prop in (
        ("about_text", KG.aboutText),
        ("scope", KG.scope),
        ("verification", KG.verificationNote),
    ):
        value = _first(graph, claim, prop)
        if value is not None:
            rec[key] = str(value)
    span = _first(graph, claim, KG.evidence)
    quote = _first(graph, span, NIF.anchorOf) if span is not None else None
    if quote is not None:
        rec["quote"] = str(quote)
    doc = _first(graph, claim, KG.reportedIn)
    if doc is not None:
        for key, prop in (
            ("source", KG.fileName),
            ("source_title", DCTERMS.title),
            ("issued", DCTERMS.issued),
        ):
            value = _first(graph, doc, prop)
            if value is not None:
                rec[key] = str(value)
        rec.setdefault("source", node_label(graph, doc))
    channel = _first(graph, claim, KG.channel)
    if channel is not None:
        rec["channel"] = node_label(graph, channel)
    answered = _first(graph, claim, KG.answers)
    if answered is not None:
        rec["answers"] = claim_title(graph, answered)
    rec["label"] = f"{rec['kind_label']}: {figure}" if figure else rec["kind_label"]
    return rec


def _topic_id(text: str) -> str:
    return "topic:" + " ".join(text.lower().split())


def _targets(graph: Graph, claim: Node, rec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(node id, node attributes) of what a claim is about; a topic node when nothing is linked."""
    out: dict[str, dict[str, Any]] = {}
    for prop in _ABOUT:
        for o in graph.objects(claim, prop):
            if not isinstance(o, URIRef) or str(o) in out:
                continue
            if _is_actor(graph, o):
                out[str(o)] = _actor_attrs(graph, o)
            elif _is_event(graph, o):
                classes = _classes(graph, o)
                out[str(o)] = {
                    "label": node_label(graph, o),
                    "kind": "event",
                    "group": "event",
                    "event_class": next((c for c in EVENT_CLASSES if c in classes), "Event"),
                    "discovered": False,
                }
                docs = sorted(
                    {
                        str(_first(graph, d, KG.fileName) or node_label(graph, d))
                        for d in graph.objects(o, KG.mentionedIn)
                    }
                )
                if docs:
                    out[str(o)]["mentioned_in"] = ", ".join(docs)
            else:
                out[str(o)] = {
                    "label": node_label(graph, o),
                    "kind": "topic",
                    "group": "topic",
                    "discovered": False,
                }
    if not out:
        text = rec.get("about_text") or rec.get("category") or rec["kind_label"]
        out[_topic_id(text)] = {
            "label": text,
            "kind": "topic",
            "group": "topic",
            "discovered": False,
        }
    return sorted(out.items())


def _actor_attrs(graph: Graph, node: Node) -> dict[str, Any]:
    kind = actor_kind(graph, node)
    discovered = _first(graph, node, KG.discovered)
    return {
        "label": node_label(graph, node),
        "kind": kind,
        "group": ACTOR_GROUPS[kind],
        "discovered": bool(discovered.toPython()) if isinstance(discovered, Literal) else False,
    }


def claims(graph: Graph) -> list[Node]:
    """Every kg:Claim of the graph, sorted by IRI."""
    return sorted(
        set(graph.subjects(RDF.type, KG.Claim)) | set(graph.subjects(KG.claimant, None)), key=str
    )


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Project a claims graph onto actors: one edge per claim, from claimant to what it is about.

    Nodes are keyed by IRI and carry ``label``, ``kind`` and ``group`` (the colour group:
    armed group, military, government, media, international body, person, country,
    anonymous source, organisation, actor, event or topic) and ``discovered``. Actors have the
    local name of their most specific kg class as ``kind``. What a claim is about becomes an
    ``event`` node (with ``event_class`` and ``mentioned_in``, the file names of the articles
    that mention it) or, when it is neither an actor nor an event, a
    ``topic`` node; a claim linked to nothing points to a topic node named by its
    kg:aboutText, else its category, else its kind, so that every claim appears. Only actors
    that make or are the subject of a claim are nodes.

    Edges are keyed by the claim IRI and carry the keys of :func:`claim_record` (kind,
    kind_label, count, qualifier, category, quote, source, label, ...). A claim about
    several things gives one edge per target. No attribute is ``None``, so the graph can be
    written as GraphML or GEXF as it is.

    Args:
        graph: a graph written by ``kg build`` (reference data included), or any graph with
            kg:Claim nodes. Concept labels come from ontology/concepts.ttl when it lacks them.

    Returns:
        A MultiDiGraph with nodes and edges inserted in sorted order (deterministic).

    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix kg: <https://w3id.org/kg/ontology#> . @prefix kgc: <https://w3id.org/kg/concept/> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... <urn:a> a kg:Military ; skos:prefLabel "Army" .
    ... <urn:c> a kg:Claim ; kg:claimant <urn:a> ; kg:claimKind kgc:Casualty ;
    ...     kg:count 12 ; kg:category kgc:militants-killed ; kg:aboutText "militants" .
    ... ''')
    >>> G = to_networkx(g)
    >>> sorted(G.nodes)
    ['topic:militants', 'urn:a']
    >>> G.nodes["urn:a"]["group"], G.edges["urn:a", "topic:militants", "urn:c"]["label"]
    ('military', 'casualty: 12 militants killed')
    """
    import networkx as nx

    nodes: dict[str, dict[str, Any]] = {}
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for claim in claims(graph):
        claimant = _first(graph, claim, KG.claimant)
        if claimant is None:
            continue
        rec = claim_record(graph, claim)
        rec["claimant"] = str(claimant)
        nodes.setdefault(str(claimant), _actor_attrs(graph, claimant))
        for target, attrs in _targets(graph, claim, rec):
            nodes.setdefault(target, attrs)
            edges.append((str(claimant), target, str(claim), rec))
    G = nx.MultiDiGraph(name="kg claims network")
    for n in sorted(nodes):
        G.add_node(n, **nodes[n])
    for u, v, k, rec in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
        G.add_edge(u, v, key=k, **rec)
    return G


def _plain(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only str/int/float/bool attribute values (GraphML and GEXF need that)."""
    H = G.copy()
    items: Iterable[dict[str, Any]] = [d for _, d in H.nodes(data=True)] + [
        d for *_, d in H.edges(keys=True, data=True)
    ]
    for d in items:
        for k in list(d):
            v = d[k]
            if v is None:
                del d[k]
            elif not isinstance(v, str | int | float | bool):
                d[k] = str(v)
    return H


def write_graphml(G: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write the projection as GraphML (opens in Gephi, Cytoscape, yEd)."""
    import networkx as nx

    p = Path(path)
    text = "\n".join(nx.generate_graphml(_plain(G), encoding="utf-8", prettyprint=True))
    # networkx writes Python's True/False; the GraphML schema (and some readers) want lower case
    bool_keys = re.findall(r'<key id="([^"]+)"[^>]*attr.type="boolean"', text)
    for key in bool_keys:
        text = re.sub(
            rf'(<data key="{re.escape(key)}">)(True|False)(</data>)',
            lambda m: m.group(1) + m.group(2).lower() + m.group(3),
            text,
        )
    p.write_text(_XML_DECL + text + "\n", encoding="utf-8")
    return p


def write_gexf(G: nx.MultiDiGraph, path: Path | str) -> Path:
    """Write the projection as GEXF 1.2 (Gephi), without the writer's date so output is stable."""
    import networkx as nx

    p = Path(path)
    text = "\n".join(nx.generate_gexf(_plain(G), encoding="utf-8", prettyprint=True))
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text)
    p.write_text(_XML_DECL + text + "\n", encoding="utf-8")
    return p
