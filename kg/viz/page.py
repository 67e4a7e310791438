"""The self-contained HTML page: the network (vis-network), the conflicts chart and the timeline.

The JavaScript library is not fetched from a CDN. vis-network's minified build ships inside
the PyPI package ``pyvis`` (installed with the ``viz`` extra); :func:`vis_network_js` reads it
from there and the page inlines it, together with the data as JSON, so the page opens from
disk with no network access.
"""

from __future__ import annotations

import importlib.util
import json
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.viz.palette import colour

if TYPE_CHECKING:
    import networkx as nx

_HERE = Path(__file__).resolve().parent


class VizUnavailable(KGError):
    """The optional viz dependencies are not installed (exit code 3)."""

    exit_code = 3


def _version_key(path: Path) -> tuple[int, ...]:
    m = re.search(r"vis-(\d+(?:\.\d+)*)", str(path))
    return tuple(int(x) for x in m.group(1).split(".")) if m else ()


def _pyvis_root() -> Path | None:
    """The folder of the installed pyvis package (found without importing it), or None."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def vis_network_js() -> tuple[str, str]:
    """(version, minified JavaScript) of the newest vis-network bundled in ``pyvis``.

    Raises:
        VizUnavailable: pyvis is not installed or ships no vis-network build.
    """
    root = _pyvis_root()
    if root is None:
        raise VizUnavailable(
            "kg viz needs the viz extra: pip install 'kg[viz]' (pyvis ships vis-network)"
        )
    found = sorted(
        {
            *root.glob("templates/lib/vis-*/vis-network.min.js"),
            *root.glob("lib/vis-*/vis-network.min.js"),
        },
        key=lambda p: (_version_key(p), str(p)),
    )
    if not found:
        raise VizUnavailable(f"no vis-network build found in the pyvis package at {root}")
    path = found[-1]
    version = ".".join(str(x) for x in _version_key(path))
    return version, path.read_text(encoding="utf-8")


def _script_safe(text: str) -> str:
    """Text that cannot close the <script> element it is inlined in."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def page_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The JSON the page draws: nodes, edges (one per claim and target), groups, kinds,
    sources and the actors offered in the actor filter, all sorted."""
    nodes = [
        {
            "id": n,
            "label": d["label"],
            "kind": d["kind"],
            "group": d["group"],
            "discovered": bool(d.get("discovered", False)),
            "color": colour(d["group"]),
            **({"mentioned_in": d["mentioned_in"]} if d.get("mentioned_in") else {}),
        }
        for n, d in sorted(G.nodes(data=True))
    ]
    edges = []
    sources: dict[str, str] = {}
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        e = {"id": f"{k} {v}", "from": u, "to": v, **{key: val for key, val in sorted(d.items())}}
        edges.append(e)
        if d.get("source"):
            sources.setdefault(d["source"], d.get("source_title", ""))
    actors = sorted(
        (n["id"] for n in nodes if n["group"] not in ("topic", "event")),
        key=lambda i: (G.nodes[i]["label"].lower(), i),
    )
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": {g: colour(g) for g in sorted({n["group"] for n in nodes})},
        "kinds": sorted({e["kind_label"] for e in edges}),
        "sources": [{"id": s, "title": t} for s, t in sorted(sources.items())],
        "actors": actors,
    }


def render_page(
    G: nx.MultiDiGraph,
    *,
    conflicts_svg: str,
    timeline_html: str,
    title: str = "kg: who claimed what about whom",
) -> str:
    """The whole page as one HTML string (no external resources)."""
    version, vis_js = vis_network_js()
    data = page_data(G)
    n_claims = len({e["claim"] for e in data["edges"]})
    n_actors = len(data["actors"])
    summary = (
        f"{n_actors} actors, {len(data['nodes']) - n_actors} events and topics, {n_claims} claims "
        f"from {len(data['sources'])} sources. "
        "Each link is a claim reported in a source, not a fact."
    )
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = (
        payload.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )
    values = {
        "TITLE": escape(title),
        "SUMMARY": escape(summary),
        "VIS_VERSION": escape(version),
        "CSS": (_HERE / "page.css").read_text(encoding="utf-8"),
        "NODE_COUNT": str(len(data["nodes"])),
        "EDGE_COUNT": str(len(data["edges"])),
        "CONFLICTS": conflicts_svg,
        "TIMELINE": timeline_html,
        "DATA": payload,
        "VIS_JS": _script_safe(vis_js),
        "PAGE_JS": _script_safe((_HERE / "page.js").read_text(encoding="utf-8")),
    }
    template = (_HERE / "template.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], template)
