"""Cross-document event resolution: events of the same incident in several sources.

Each source keeps its own event node (its own dates and places, as that source gives
them); events judged to be the same incident are joined by ``kg:sameIncidentAs`` and a
``kg:IncidentLink`` that records the basis of the judgement, so an analyst can check it.

Two events are the same incident when they are of the same family (attacks; operations
and clashes; standoffs; policy measures), share at least one place below the level of a
country or province, and their dates do not contradict each other by more than
``max_days`` (an unknown date never contradicts).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF

from kg.mapping.iri import article_iri, event_iri
from kg.model import EventMention, Extraction
from kg.nlp.registry import Registry, load_registry
from kg.vocab import KG, KGD

FAMILIES = {
    "Attack": "attack", "CoordinatedAttackWave": "attack", "Strike": "attack", "Hijacking": "attack",
    "MilitaryOperation": "operation", "Clash": "operation", "Standoff": "standoff", "PolicyMeasure": "policy",
}


@dataclass(frozen=True)
class IncidentLink:
    a: tuple[Extraction, EventMention]
    b: tuple[Extraction, EventMention]
    shared_places: tuple[str, ...]
    basis: str


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def _dates_agree(e1: EventMention, e2: EventMention, max_days: int) -> bool:
    s1, s2 = _day(e1.start_date), _day(e2.start_date)
    if s1 is None or s2 is None:
        return True
    t1, t2 = _day(e1.end_date) or s1, _day(e2.end_date) or s2
    gap = max((s2 - t1).days, (s1 - t2).days, 0)
    return gap <= max_days


def _specific(places: tuple[str, ...], reg: Registry) -> set[str]:
    out = set()
    for p in places:
        entry = reg.places.get(p)
        if entry is None or entry.place_type not in {"country", "province", "region"}:
            out.add(p)
    return out


def find_links(extractions: list[Extraction], *, registry: Registry | None = None,
               max_days: int = 3) -> list[IncidentLink]:
    """Pairs of events from different documents that describe the same incident."""
    reg = registry or load_registry()
    items = [(x, ev) for x in sorted(extractions, key=lambda x: x.article.content_hash) for ev in x.events]
    links = []
    for i, (x1, e1) in enumerate(items):
        for x2, e2 in items[i + 1:]:
            if x1.article.content_hash == x2.article.content_hash:
                continue
            if FAMILIES.get(e1.kind) != FAMILIES.get(e2.kind):
                continue
            shared = _specific(e1.places, reg) & _specific(e2.places, reg)
            if not shared or not _dates_agree(e1, e2, max_days):
                continue
            names = ", ".join(sorted(reg.places[p].label if p in reg.places else p for p in shared))
            basis = (f"both {FAMILIES[e1.kind]} events; shared places: {names}; dates: "
                     f"{x1.article.doc_id} {e1.start_date or 'not given'}, {x2.article.doc_id} "
                     f"{e2.start_date or 'not given'}")
            links.append(IncidentLink((x1, e1), (x2, e2), tuple(sorted(shared)), basis))
    return links


def links_to_rdf(links: list[IncidentLink], graph: Graph | None = None) -> Graph:
    """The links as kg:sameIncidentAs triples and kg:IncidentLink records."""
    g = graph if graph is not None else Graph()
    for link in links:
        (x1, e1), (x2, e2) = link.a, link.b
        i1, i2 = event_iri(x1.article, e1.kind), event_iri(x2.article, e2.kind)
        g.add((i1, KG.sameIncidentAs, i2))
        g.add((i2, KG.sameIncidentAs, i1))
        key = hashlib.sha1(f"{i1}|{i2}".encode()).hexdigest()[:16]
        node = KGD[f"incident-link-{key}"]
        g.add((node, RDF.type, KG.IncidentLink))
        g.add((node, KG.linksEvent, i1))
        g.add((node, KG.linksEvent, i2))
        g.add((node, KG.basis, Literal(link.basis)))
        for x in (x1, x2):
            g.add((node, PROV.wasDerivedFrom, article_iri(x.article)))
    return g
