"""Cross-document event resolution: events of the same incident in several sources.

Each source keeps its own event node (its own dates and places, as that source gives
them); events judged to be the same incident are joined by ``kg:sameIncidentAs`` and a
``kg:IncidentLink`` that records the basis of the judgement, so an analyst can check it.

Two events are the same incident when they are of the same family (attacks; operations
and clashes; standoffs; policy measures), share at least one place below the level of a
country or province, and their dates do not contradict each other by more than
``max_days``. An event the text gives no full date for is dated by its report: it happened
in the :data:`REPORT_DAYS` before the publication date. An event with neither (no date, in
a report without a publication date) has no date to contradict, and may be linked to any
event of its family at a shared place.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

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


REPORT_DAYS = 7
"""An undated event happened in the week before its report was published."""


def _span(x: Extraction, ev: EventMention,
          report_days: int = REPORT_DAYS) -> tuple[date, date] | None:
    """(first day, last day) an event may have happened on, or None when nothing dates it."""
    start = _day(ev.start_date)
    if start is not None:
        return start, max(start, _day(ev.end_date) or start)
    pub = x.article.published
    if pub is None:
        return None
    return pub - timedelta(days=report_days), pub


def _spans_agree(a: tuple[date, date] | None, b: tuple[date, date] | None, max_days: int) -> bool:
    if a is None or b is None:
        return True  # nothing dates one of them: no contradiction
    gap = max((b[0] - a[1]).days, (a[0] - b[1]).days, 0)
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
    """Pairs of events from different documents that describe the same incident.

    Only events that share a family and a specific place can be linked, so candidates are
    found through an index on (family, place) and, within it, a window on the start dates
    (:func:`_candidates`), not by comparing every pair of events. The links come in the
    order of a comparison of every pair (events by content hash of their document, then
    their order in it).
    """
    reg = registry or load_registry()
    items = [(x, ev) for x in sorted(extractions, key=lambda x: x.article.content_hash) for ev in x.events]
    specific = [_specific(ev.places, reg) for _x, ev in items]
    spans = [_span(x, ev) for x, ev in items]
    links = []
    for i, j in _candidates(items, specific, spans, max_days):
        (x1, e1), (x2, e2) = items[i], items[j]
        if x1.article.content_hash == x2.article.content_hash:
            continue
        if FAMILIES.get(e1.kind) != FAMILIES.get(e2.kind):
            continue
        shared = specific[i] & specific[j]
        if not shared or not _spans_agree(spans[i], spans[j], max_days):
            continue
        names = ", ".join(sorted(reg.places[p].label if p in reg.places else p for p in shared))
        basis = (f"both {FAMILIES.get(e1.kind, e1.kind)} events; shared places: {names}; dates: "
                 f"{x1.article.doc_id} {_given(x1, e1)}, {x2.article.doc_id} {_given(x2, e2)}")
        links.append(IncidentLink((x1, e1), (x2, e2), tuple(sorted(shared)), basis))
    return links


def _given(x: Extraction, ev: EventMention) -> str:
    if ev.start_date:
        return ev.start_date
    if x.article.published is None:
        return "not given"
    return f"not given (report of {x.article.published.isoformat()})"


def _candidates(items: list[tuple[Extraction, EventMention]], specific: list[set[str]],
                spans: list[tuple[date, date] | None], max_days: int) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of events with a family and a specific place in
    common whose dates may agree, sorted.

    Within one (family, place) block, an event nothing dates may match any other; dated
    events sorted by their first day match the following ones that start at most
    ``max_days`` after they end (for ``s1 <= s2`` the gap of :func:`_spans_agree` is
    ``s2 - end1``). The caller still applies every test; this only leaves out pairs that
    cannot pass, without comparing every pair of events.
    """
    blocks: dict[tuple, list[int]] = {}
    for i, (_x, ev) in enumerate(items):
        fam = FAMILIES.get(ev.kind)
        for place in specific[i]:
            blocks.setdefault((fam, place), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        for u in (i for i in members if spans[i] is None):
            pairs.update((min(u, m), max(u, m)) for m in members if m != u)
        ordered = sorted((i for i in members if spans[i] is not None), key=lambda i: spans[i][0])
        for k, a in enumerate(ordered):
            end = spans[a][1]
            for b in ordered[k + 1:]:
                if (spans[b][0] - end).days > max_days:
                    break
                pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


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
