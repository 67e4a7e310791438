"""The conflicts chart: per category, the figures claimed, by whom, in which sources.

Drawn as plain SVG from Python (no chart library): one panel per casualty category, one bar
per claim, scaled to the largest figure of the panel. A panel whose claims give different
figures is marked as conflicting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from kg.viz.palette import colour

if TYPE_CHECKING:
    import networkx as nx

WIDTH = 1000
LABEL_W = 400
ROW_H = 20
HEAD_H = 30


def conflict_panels(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Claims with a category, grouped by category (sorted by label).

    Each panel: {category, conflicting (bool: more than one distinct figure), rows}; each row:
    {claim, claimant, group, source, count (or None), qualifier, figure, quote}, sorted by
    count (largest first; vague amounts last), claimant and source.
    """
    seen: set[str] = set()
    by_cat: dict[str, list[dict[str, Any]]] = {}
    for u, _v, k, d in G.edges(keys=True, data=True):
        if k in seen or "category" not in d:
            continue
        seen.add(k)
        by_cat.setdefault(d["category"], []).append(
            {
                "claim": k,
                "claimant": G.nodes[u]["label"],
                "group": G.nodes[u]["group"],
                "source": d.get("source", ""),
                "count": d.get("count"),
                "qualifier": d.get("qualifier", ""),
                "figure": d.get("figure", ""),
                "quote": d.get("quote", ""),
            }
        )
    panels = []
    for cat in sorted(by_cat):
        rows = sorted(
            by_cat[cat],
            key=lambda r: (
                r["count"] is None,
                -(r["count"] or 0),
                r["claimant"],
                r["source"],
                r["claim"],
            ),
        )
        figures = {(r["count"], r["qualifier"]) for r in rows}
        panels.append({"category": cat, "conflicting": len(figures) > 1, "rows": rows})
    return panels


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def conflicts_svg(panels: list[dict[str, Any]]) -> str:
    """The chart as a standalone SVG document (also inlined in the page)."""
    if not panels:
        height = 40
        body = ['<text x="10" y="25" class="note">No claimed figures in this graph.</text>']
    else:
        body = []
        y = 0
        for p in panels:
            y += HEAD_H
            mark = " — conflicting figures" if p["conflicting"] else ""
            cls = "mark" if p["conflicting"] else "count"
            n = len(p["rows"])
            body.append(f'<g class="panel" data-category="{escape(p["category"])}">')
            body.append(
                f'<text x="10" y="{y - 9}" class="head">{escape(p["category"])} '
                f'<tspan class="{cls}">({n} claim{"s" if n != 1 else ""}{mark})</tspan></text>'
            )
            top = max((r["count"] or 0 for r in p["rows"]), default=0) or 1
            for r in p["rows"]:
                who = f"{r['claimant']} — {r['source']}"
                value = r["figure"] or ""
                bar_w = (
                    0
                    if r["count"] is None
                    else max(2, round((WIDTH - LABEL_W - 290) * r["count"] / top))
                )
                tip = escape(f"{r['claimant']} ({r['source']}): {value}. “{r['quote']}”")
                body.append(
                    f'<g class="row" data-claim="{escape(r["claim"])}"><title>{tip}</title>'
                )
                body.append(
                    f'<text x="{LABEL_W - 8}" y="{y + 14}" class="who" text-anchor="end">'
                    f"{escape(_clip(who, 62))}</text>"
                )
                if bar_w:
                    body.append(
                        f'<rect x="{LABEL_W}" y="{y + 3}" width="{bar_w}" height="{ROW_H - 6}" '
                        f'fill="{colour(r["group"])}"/>'
                    )
                label = value if r["count"] is not None else f"{value} (no exact figure)"
                body.append(
                    f'<text x="{LABEL_W + bar_w + 6}" y="{y + 14}" class="val">'
                    f"{escape(_clip(label, 40))}</text></g>"
                )
                y += ROW_H
            body.append("</g>")
            y += 8
        height = y + 10
    style = (
        ".kg-conflicts text{font-family:DejaVu Sans,Arial,sans-serif;font-size:12px;fill:#222}"
        ".kg-conflicts .head{font-size:14px;font-weight:bold}"
        ".kg-conflicts .mark{font-weight:normal;fill:#a33}"
        ".kg-conflicts .count{font-weight:normal;fill:#666}"
        ".kg-conflicts .val{fill:#444}.kg-conflicts .note{fill:#666}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" class="kg-conflicts" role="img" '
        f'aria-label="Figures claimed per category">\n<style>{style}</style>\n'
        + "\n".join(body)
        + "\n</svg>\n"
    )
