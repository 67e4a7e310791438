"""The event timeline: events with their dates, or in order of first mention when undated."""

from __future__ import annotations

from html import escape
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.export.networkx import EVENT_CLASSES, claim_title, local_name, node_label
from kg.vocab import DCTERMS, KG


def _event_classes(graph: Graph) -> set[URIRef]:
    """kg:Event and every class the graph declares below it (plus the known subclasses)."""
    found = {KG[c] for c in EVENT_CLASSES}
    frontier = list(found)
    while frontier:
        cls = frontier.pop()
        for sub in graph.subjects(RDFS.subClassOf, cls):
            if isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                frontier.append(sub)
    return found


def _one(graph: Graph, s, p) -> str | None:
    values = sorted(str(o) for o in graph.objects(s, p))
    return values[0] if values else None


def _event_title(graph: Graph, event) -> str:
    """'attacks (in report-3.txt)': the label and the articles that mention the event."""
    docs = sorted(
        {
            _one(graph, d, KG.fileName) or node_label(graph, d)
            for d in graph.objects(event, KG.mentionedIn)
        }
    )
    return node_label(graph, event) + (f" (in {', '.join(docs)})" if docs else "")


def timeline(graph: Graph) -> list[dict[str, Any]]:
    """Events of the graph, dated ones first (by kg:startDate; dates without a year, such as
    ``--02-01``, after those with one), then the undated ones in order of first mention (the
    earliest ``dcterms:issued`` of the articles mentioning them, then the article's file name).

    Each event is a dict with keys iri, label, kind, start, end, precision, time_expression
    (``None`` when absent), places, mentions (list of {source, issued}), claims (labels of
    claims about it), same_as (labels of events marked kg:sameIncidentAs) and dated (bool).
    """
    classes = _event_classes(graph)
    events = sorted({s for c in classes for s in graph.subjects(RDF.type, c)}, key=str)
    out = []
    for e in events:
        types = {local_name(t) for t in graph.objects(e, RDF.type) if t in classes}
        kind = next(
            (c for c in EVENT_CLASSES if c in types), sorted(types)[0] if types else "Event"
        )
        mentions = []
        for doc in graph.objects(e, KG.mentionedIn):
            mentions.append(
                {
                    "source": _one(graph, doc, KG.fileName) or node_label(graph, doc),
                    "issued": _one(graph, doc, DCTERMS.issued),
                }
            )
        mentions.sort(key=lambda m: (m["issued"] or "9999", m["source"]))
        claims = sorted(
            {claim_title(graph, c) for p in (KG.aboutEvent, KG.about) for c in graph.subjects(p, e)}
        )
        others = set(graph.objects(e, KG.sameIncidentAs)) | set(
            graph.subjects(KG.sameIncidentAs, e)
        )
        same = sorted(_event_title(graph, o) for o in others if o != e)
        start = _one(graph, e, KG.startDate)
        out.append(
            {
                "iri": str(e),
                "label": node_label(graph, e),
                "kind": kind,
                "start": start,
                "end": _one(graph, e, KG.endDate),
                "precision": _one(graph, e, KG.datePrecision),
                "time_expression": _one(graph, e, KG.timeExpression),
                "places": sorted({node_label(graph, p) for p in graph.objects(e, KG.place)}),
                "mentions": mentions,
                "claims": claims,
                "same_as": same,
                "dated": start is not None,
            }
        )

    def key(ev: dict[str, Any]) -> tuple:
        if ev["dated"]:
            group = 1 if ev["start"].startswith("--") else 0  # xsd:gMonthDay: no year
            return (group, ev["start"], "", ev["label"], ev["iri"])
        first = ev["mentions"][0] if ev["mentions"] else {"issued": None, "source": ""}
        return (2, first["issued"] or "9999", first["source"], ev["label"], ev["iri"])

    return sorted(out, key=key)


def _date_text(date: str) -> str:
    """An xsd date as shown: '2031-04-01', '2031', or '02-01' for a gMonthDay '--02-01'."""
    return date[2:] if date.startswith("--") else date


def timeline_html(events: list[dict[str, Any]]) -> str:
    """The timeline as an HTML table (escaped), one row per event."""
    if not events:
        return '<p class="empty">No events in this graph.</p>'
    rows = []
    for ev in events:
        if ev["dated"]:
            when = _date_text(ev["start"]) + (
                f" to {_date_text(ev['end'])}" if ev["end"] and ev["end"] != ev["start"] else ""
            )
            if ev["start"].startswith("--"):
                when += " (year not given)"
            elif ev["precision"]:
                when += f" ({ev['precision']})"
        else:
            first = ev["mentions"][0] if ev["mentions"] else None
            when = "undated"
            if first:
                when += (
                    "; first mentioned "
                    + (f"{first['issued']} " if first["issued"] else "")
                    + f"in {first['source']}"
                )
        if ev["time_expression"]:
            when += f"; “{ev['time_expression']}”"
        sources = ", ".join(m["source"] for m in ev["mentions"])
        extra = ""
        if ev["claims"]:
            extra += (
                '<div class="claims">Claims: '
                + "; ".join(escape(c) for c in ev["claims"])
                + "</div>"
            )
        if ev["same_as"]:
            extra += (
                '<div class="same">Same incident as: '
                + "; ".join(escape(s) for s in ev["same_as"])
                + "</div>"
            )
        cls = "dated" if ev["dated"] else "undated"
        kind = escape(ev["kind"])
        event = f'<b>{escape(ev["label"])}</b> <span class="kind">{kind}</span>{extra}'
        rows.append(
            f'<tr class="{cls}"><td class="when">{escape(when)}</td><td>{event}</td>'
            f'<td>{escape(", ".join(ev["places"]))}</td><td class="src">{escape(sources)}</td></tr>'
        )
    return (
        '<table class="timeline"><thead><tr><th>When</th><th>Event</th><th>Places</th>'
        "<th>Sources</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
