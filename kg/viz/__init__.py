"""Visualisations of a claims graph (``kg viz``), written to one folder.

======================  =========================================================
``network.html``        self-contained interactive page: the actor-claim network,
                        the conflicts chart and the event timeline (opens offline)
``conflicts.svg``       figures claimed per category, by whom, in which source
``overview.svg``        static picture of the network, for reports
``graph.graphml``       the networkx projection, for Gephi, Cytoscape, yEd
``graph.gexf``          the same, in Gephi's own format
======================  =========================================================

All files are deterministic: the same graph gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.viz.page import VizUnavailable

__all__ = ["VizUnavailable", "write_viz"]


def write_viz(
    graph: Graph, out: Path | str, *, title: str = "kg: who claimed what about whom"
) -> list[Path]:
    """Write the visualisation files of ``graph`` into the folder ``out``.

    Args:
        graph: a claims graph (as written by ``kg build``).
        out: output folder, created if needed.
        title: heading of the HTML page.

    Returns:
        The paths written, in a fixed order.

    Raises:
        VizUnavailable: the ``viz`` extra (pyvis, which ships vis-network) is not installed.
    """
    from kg.export.networkx import to_networkx, write_gexf, write_graphml
    from kg.viz.conflicts import conflict_panels, conflicts_svg
    from kg.viz.overview import overview_svg
    from kg.viz.page import render_page
    from kg.viz.timeline import timeline, timeline_html

    out = Path(out)
    G = to_networkx(graph)
    chart = conflicts_svg(conflict_panels(G))
    html = render_page(
        G, conflicts_svg=chart, timeline_html=timeline_html(timeline(graph)), title=title
    )
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "network.html": html,
        "conflicts.svg": chart,
        "overview.svg": overview_svg(G),
    }
    written = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written.append(write_graphml(G, out / "graph.graphml"))
    written.append(write_gexf(G, out / "graph.gexf"))
    return written
