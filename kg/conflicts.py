"""The contradictions view: per event, category and scope, the figures claimed, by whom, where.

Figure claims come from ``queries/figure-claims.rq``. They are grouped by

* **incident**: the claim's event together with every event joined to it by
  ``kg:sameIncidentAs`` (a connected component), or no event;
* **category** (``kgc:militants-killed`` ...);
* **scope** (``kg:scope``: "2025", "PT40H", ...), so that one day's toll, a 40-hour
  operation and a year's statistics are not compared with each other; claims whose text
  gives no scope are "unscoped".

A group with more than one distinct figure is a conflict. Each figure lists its claimants
(with the organisation they speak for, when reasoning has run) and its sources.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from rdflib import Graph, URIRef

from kg.query.claims import result_rows
from kg.query.library import run_query
from kg.vocab import KG

UNSCOPED = "unscoped"


@dataclass(frozen=True)
class FigureClaim:
    """One claim of a figure, as reported in one source."""

    count: int
    category: str
    claimant: str
    claimant_iri: str
    source: str
    doc: str
    claim: str
    qualifier: str | None = None
    scope: str | None = None
    event: str | None = None
    event_label: str | None = None
    event_date: str | None = None
    on_behalf_of: str | None = None
    quote: str | None = None

    @property
    def who(self) -> str:
        """The claimant, with the organisation it speaks for: "ISPR (for Pakistan Armed Forces)"."""
        return f"{self.claimant} (for {self.on_behalf_of})" if self.on_behalf_of else self.claimant


@dataclass(frozen=True)
class Figure:
    """One distinct figure of a group and every claim of it."""

    count: int
    claims: tuple[FigureClaim, ...]

    @property
    def claimants(self) -> list[str]:
        return sorted({c.who for c in self.claims})

    @property
    def sources(self) -> list[str]:
        return sorted({c.source for c in self.claims})

    @property
    def qualifiers(self) -> list[str]:
        return sorted({c.qualifier for c in self.claims if c.qualifier})


@dataclass(frozen=True)
class FigureGroup:
    """The figures claimed for one incident (or none), category and scope."""

    category: str
    scope: str
    incident: str | None
    event_labels: tuple[str, ...]
    figures: tuple[Figure, ...] = field(default_factory=tuple)
    event_dates: tuple[str, ...] = ()

    @property
    def conflicting(self) -> bool:
        return len(self.figures) > 1

    @property
    def low(self) -> int:
        return min(f.count for f in self.figures)

    @property
    def high(self) -> int:
        return max(f.count for f in self.figures)

    @property
    def spread(self) -> int:
        return self.high - self.low


def figure_claims(graph: Graph) -> list[FigureClaim]:
    """Every claim with a figure and a category in ``graph``."""
    out = []
    for r in result_rows(run_query(graph, "figure-claims")):
        out.append(
            FigureClaim(
                count=int(r["count"]),
                category=str(r["category"]),
                claimant=str(r["claimant"]),
                claimant_iri=str(r["claimant_iri"]),
                source=str(r["source"]),
                doc=str(r["doc"]),
                claim=str(r["claim"]),
                qualifier=_str(r.get("qualifier")),
                scope=_str(r.get("scope")),
                event=_str(r.get("event")),
                event_label=_str(r.get("event_label")),
                event_date=_str(r.get("event_date")),
                on_behalf_of=_str(r.get("on_behalf_of")),
                quote=_str(r.get("quote")),
            )
        )
    return out


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def incidents(graph: Graph) -> dict[str, str]:
    """Event IRI -> incident key: the smallest IRI of its ``kg:sameIncidentAs`` component."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in graph.subject_objects(KG.sameIncidentAs):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            ra, rb = find(str(a)), find(str(b))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def group_figures(
    claims: list[FigureClaim], incident_of: dict[str, str] | None = None, *, by_event: bool = True
) -> list[FigureGroup]:
    """Group figure claims by (incident, category, scope); figures sorted by count.

    Args:
        claims: from :func:`figure_claims`.
        incident_of: event IRI -> incident key (:func:`incidents`); events not in it are
            incidents of their own.
        by_event: group by incident; False groups by category and scope only.
    """
    incident_of = incident_of or {}
    groups: dict[tuple, list[FigureClaim]] = defaultdict(list)
    for c in claims:
        incident = (incident_of.get(c.event, c.event) if c.event else None) if by_event else None
        groups[(c.category, incident or "", c.scope or UNSCOPED)].append(c)
    out = []
    for (category, incident, scope), cs in groups.items():
        by_count: dict[int, list[FigureClaim]] = defaultdict(list)
        for c in cs:
            by_count[c.count].append(c)
        figures = tuple(
            Figure(n, tuple(sorted(by_count[n], key=lambda c: (c.doc, c.claimant, c.claim))))
            for n in sorted(by_count)
        )
        labels = tuple(sorted({c.event_label for c in cs if c.event_label}))
        dates = tuple(sorted({c.event_date for c in cs if c.event_date}))
        out.append(FigureGroup(category, scope, incident or None, labels, figures, dates))
    out.sort(key=_order)
    return out


def _order(g: FigureGroup) -> tuple:
    return (
        g.category,
        g.incident is None,
        g.event_dates == (),
        g.event_dates,
        " / ".join(g.event_labels),
        g.incident or "",
        g.scope != UNSCOPED,
        g.scope,
    )


def conflicts(graph: Graph, *, by_event: bool = True) -> list[FigureGroup]:
    """All figure groups of ``graph`` (see the module docstring).

    A group's event dates are the start dates of every event of its incident, also those
    that no figure claim is about.
    """
    incident_of = incidents(graph)
    groups = group_figures(figure_claims(graph), incident_of, by_event=by_event)
    if not by_event:
        return groups
    dates: dict[str, set[str]] = defaultdict(set)
    for event, start in graph.subject_objects(KG.startDate):
        dates[incident_of.get(str(event), str(event))].add(str(start))
    out = [
        replace(g, event_dates=tuple(sorted(dates[g.incident] | set(g.event_dates))))
        if g.incident
        else g
        for g in groups
    ]
    out.sort(key=_order)
    return out


_DURATION = re.compile(
    r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?"
)
_UNITS = ("year", "month", "week", "day", "hour", "minute", "second")


def scope_text(scope: str) -> str:
    """A scope as a reader says it: ISO 8601 durations are spelled out.

    >>> scope_text("PT40H"), scope_text("P3D"), scope_text("2025"), scope_text("unscoped")
    ('40 hours', '3 days', '2025', 'unscoped')
    """
    m = _DURATION.fullmatch(scope)
    if not m or scope in ("P", "PT") or not any(m.groups()):
        return scope
    parts = [
        f"{int(n)} {u}{'' if int(n) == 1 else 's'}"
        for n, u in zip(m.groups(), _UNITS, strict=True)
        if n
    ]
    return " ".join(parts)


def render_text(groups: list[FigureGroup], *, only_conflicting: bool = False) -> str:
    """The report as plain text, one block per group."""
    shown = [g for g in groups if g.conflicting or not only_conflicting]
    numbers: dict[str, int] = {}
    for g in groups:
        if g.incident and g.incident not in numbers:
            numbers[g.incident] = len(numbers) + 1
    n_conf = sum(1 for g in groups if g.conflicting)
    lines = [
        f"Figures by event, category and scope: {len(groups)} group(s), "
        f"{n_conf} with conflicting figures."
    ]
    if only_conflicting:
        lines[0] += " Only the conflicting groups are shown."
    if not groups:
        lines.append("No claimed figures found.")
    for g in shown:
        lines.append("")
        lines.append(
            f"== {g.category} | {_event_text(g, numbers)} | scope: {scope_text(g.scope)} =="
        )
        if g.conflicting:
            ratio = f", {g.high / g.low:.2f}x" if g.low > 0 else ""
            lines.append(
                f"   CONFLICT: {len(g.figures)} figures from {g.low} to {g.high} "
                f"(spread {g.spread}{ratio})"
            )
        for f in g.figures:
            figure = f"{' / '.join(f.qualifiers)} {f.count}".strip()
            lines.append(f"   {figure:>14}  claimed by {'; '.join(f.claimants)}")
            lines.append(f"   {'':>14}  in {'; '.join(f.sources)}")
    return "\n".join(lines) + "\n"


def _event_text(g: FigureGroup, numbers: dict[str, int]) -> str:
    if not g.incident:
        return f"events merged: {' / '.join(g.event_labels)}" if g.event_labels else "no event"
    text = f"event #{numbers[g.incident]}: {' / '.join(g.event_labels) or '(unnamed)'}"
    if g.event_dates:
        text += f" ({', '.join(g.event_dates)})"
    return text


def to_json(groups: list[FigureGroup]) -> list[dict[str, Any]]:
    """The groups as JSON-ready dicts (stable key order)."""
    out = []
    for g in groups:
        out.append(
            {
                "category": g.category,
                "scope": g.scope,
                "incident": g.incident,
                "events": list(g.event_labels),
                "event_dates": list(g.event_dates),
                "conflicting": g.conflicting,
                "low": g.low,
                "high": g.high,
                "spread": g.spread,
                "figures": [
                    {
                        "count": f.count,
                        "qualifiers": f.qualifiers,
                        "claimants": f.claimants,
                        "sources": f.sources,
                        "claims": [
                            {
                                "claim": c.claim,
                                "claimant": c.claimant,
                                "claimant_iri": c.claimant_iri,
                                "on_behalf_of": c.on_behalf_of,
                                "qualifier": c.qualifier,
                                "source": c.source,
                                "doc": c.doc,
                                "event": c.event,
                                "quote": c.quote,
                            }
                            for c in f.claims
                        ],
                    }
                    for f in g.figures
                ],
            }
        )
    return out


__all__ = [
    "UNSCOPED",
    "Figure",
    "FigureClaim",
    "FigureGroup",
    "conflicts",
    "figure_claims",
    "group_figures",
    "incidents",
    "render_text",
    "scope_text",
    "to_json",
]
