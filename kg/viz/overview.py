"""A static SVG overview of the claims network, for reports.

The layout is networkx's spring layout with a fixed seed (circular beyond 500 nodes, where
the spring layout would need SciPy), and coordinates are rounded, so the same graph gives
the same file.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from kg.viz.palette import colour

if TYPE_CHECKING:
    import networkx as nx

WIDTH, HEIGHT, MARGIN, LEGEND_W = 1200, 900, 60, 190


def _component_layout(sub: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions of one connected component, normalised to the unit square."""
    import networkx as nx

    n = len(sub)
    if n == 1:
        return {next(iter(sub)): (0.5, 0.5)}
    if n == 2:
        a, b = sorted(sub)
        return {a: (0.5, 1.0), b: (0.5, 0.0)}
    if n < 500:
        raw = nx.spring_layout(sub, seed=seed, k=1.5 / math.sqrt(n), iterations=100)
    else:  # the spring layout of large graphs needs SciPy
        raw = nx.circular_layout(sub)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    sx, sy = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {k: ((float(p[0]) - min(xs)) / sx, (float(p[1]) - min(ys)) / sy) for k, p in raw.items()}


def layout(G: nx.MultiDiGraph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in pixels (deterministic for a given graph and seed).

    Each connected component gets its own spring layout in a square whose side grows with
    its size; the squares are packed in rows, largest first.
    """
    import networkx as nx

    if len(G) == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(G.nodes))
    simple.add_edges_from(sorted((u, v) for u, v, _ in G.edges(keys=True) if u != v))
    comps = sorted(
        (sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0])
    )
    sides = [len(c) ** 0.65 for c in comps]
    row_width = max(max(sides), math.sqrt(sum(s * s for s in sides)) * 1.4)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for comp, side in zip(comps, sides, strict=True):
        if x > 0 and x + side > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        pad = 0.2 * side
        for n, (px, py) in _component_layout(simple.subgraph(comp), seed).items():
            placed[n] = (x + pad + px * (side - 2 * pad), y + pad + py * (side - 2 * pad))
        x += side + 0.3
        row_h = max(row_h, side + 0.3)
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    w, h = WIDTH - LEGEND_W - 2 * MARGIN, HEIGHT - 2 * MARGIN
    return {
        n: (
            round(MARGIN + (p[0] - min(xs)) / span_x * w, 1),
            round(MARGIN + 20 + (p[1] - min(ys)) / span_y * (h - 20), 1),
        )
        for n, p in sorted(placed.items())
    }


def overview_svg(G: nx.MultiDiGraph, *, seed: int = 7) -> str:
    """The network as an SVG document: nodes coloured by group, a legend, one line per
    claimant-target pair (thicker for more claims)."""
    pos = layout(G, seed=seed)
    pairs: dict[tuple[str, str], int] = {}
    for u, v, _ in G.edges(keys=True):
        pairs[(u, v)] = pairs.get((u, v), 0) + 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Claims network overview">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#999"/></marker></defs>',
        "<style>text{font-family:DejaVu Sans,Arial,sans-serif;fill:#222}.n{font-size:10px}"
        ".t{font-size:9px;fill:#777}.h{font-size:16px;font-weight:bold}.l{font-size:12px}</style>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        f'<text x="{MARGIN}" y="30" class="h">Claims network: {len(G)} nodes, '
        f"{len({k for *_, k in G.edges(keys=True)})} claims</text>",
    ]
    radius = {
        n: (4.0 if d["group"] == "topic" else 6.0 + min(8.0, 1.5 * G.degree(n)))
        for n, d in G.nodes(data=True)
    }
    for (u, v), n in sorted(pairs.items()):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        if u == v:
            r = radius[u]
            out.append(f'<circle cx="{x1}" cy="{y1 - r}" r="{r}" fill="none" stroke="#bbb"/>')
            continue
        dx, dy = x2 - x1, y2 - y1
        dist = math.hypot(dx, dy) or 1.0
        x2e, y2e = round(x2 - dx / dist * radius[v], 1), round(y2 - dy / dist * radius[v], 1)
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2e}" y2="{y2e}" stroke="#bbb" '
            f'stroke-width="{round(1 + math.log2(n), 1)}" marker-end="url(#arrow)"/>'
        )
    for n, d in G.nodes(data=True):
        x, y = pos[n]
        out.append(
            f'<circle cx="{x}" cy="{y}" r="{radius[n]}" fill="{colour(d["group"])}" stroke="#555" '
            f'stroke-width="0.6"><title>{escape(d["label"])} ({escape(d["kind"])})</title></circle>'
        )
    for n, d in G.nodes(data=True):
        x, y = pos[n]
        label = d["label"] if len(d["label"]) <= 28 else d["label"][:27] + "…"
        cls = "t" if d["group"] == "topic" else "n"
        out.append(
            f'<text x="{x}" y="{round(y - radius[n] - 3, 1)}" text-anchor="middle" class="{cls}">'
            f"{escape(label)}</text>"
        )
    groups = sorted({d["group"] for _, d in G.nodes(data=True)})
    lx = WIDTH - LEGEND_W + 10
    for i, g in enumerate(groups):
        y = 70 + 22 * i
        out.append(
            f'<circle cx="{lx}" cy="{y - 4}" r="6" fill="{colour(g)}" stroke="#555" '
            'stroke-width="0.6"/>'
        )
        out.append(f'<text x="{lx + 12}" y="{y}" class="l">{escape(g)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
