"""Upload named graphs to a SPARQL 1.1 server, replacing each graph (no duplicates).

Two protocols, both standard:

* **Graph Store HTTP Protocol** (``graph_store`` URL): ``PUT <store>?graph=<g>`` with the
  first chunk replaces the graph; further chunks are ``POST``ed (appended).
* **SPARQL 1.1 Update** (``endpoint`` URL): ``DROP SILENT GRAPH <g>``, then one
  ``INSERT DATA { GRAPH <g> { ... } }`` per chunk, one operation per request.

Chunks hold at most ``chunk_size`` triples (1,000 by default): servers cap the size of one
update (Virtuoso refuses an ``INSERT DATA`` of about 5,000 triples). Blank nodes are
skolemised first, to stable IRIs under ``https://w3id.org/kg/.well-known/genid/`` (from
their canonical labels), so a graph split over several requests stays connected and a
re-push writes the same IRIs. A push interrupted mid-graph leaves that graph partial; pushing
again replaces it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import XSD

from kg.export.rdf import canonical_graphs
from kg.remote import Client

GENID = "https://w3id.org/kg/.well-known/genid/"
"""Base of skolem IRIs that replace blank nodes (RDF 1.1, section 3.5)."""

NT_MEDIA_TYPE = "application/n-triples"
UPDATE_MEDIA_TYPE = "application/sparql-update; charset=utf-8"


@dataclass
class PushReport:
    """What :func:`push` sent."""

    protocol: str
    """``gsp`` (Graph Store Protocol) or ``update`` (SPARQL Update)."""
    graphs: dict[URIRef, int] = field(default_factory=dict)
    """Triples sent per named graph."""
    requests: int = 0
    retries: int = 0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def skolemize(graphs: Mapping[URIRef, Graph]) -> dict[URIRef, Graph]:
    """The graphs with every blank node replaced by a stable skolem IRI (see :data:`GENID`)."""
    out: dict[URIRef, Graph] = {}
    for g, graph in canonical_graphs(graphs).items():
        if not any(isinstance(s, BNode) or isinstance(o, BNode) for s, _p, o in graph):
            out[g] = graph
            continue
        ng = Graph()
        for s, p, o in graph:
            ng.add(
                (
                    URIRef(GENID + str(s)) if isinstance(s, BNode) else s,
                    p,
                    URIRef(GENID + str(o)) if isinstance(o, BNode) else o,
                )
            )
        out[g] = ng
    return out


def nt_lines(graph: Graph) -> list[str]:
    """The graph as sorted N-Triples lines (without line ends)."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return sorted(line for line in text.split("\n") if line.strip())


def chunks(lines: list[str], size: int) -> Iterator[list[str]]:
    """``lines`` in slices of at most ``size``.

    >>> [len(c) for c in chunks(list("abcdefg"), 3)]
    [3, 3, 1]
    """
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    for i in range(0, len(lines), size):
        yield lines[i : i + size]


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit="triple",
        desc="push",
        file=sys.stderr,
        disable=not (enabled and sys.stderr.isatty()),
    )


def push(
    graphs: Mapping[URIRef, Graph],
    client: Client,
    *,
    endpoint: str | None = None,
    graph_store: str | None = None,
    chunk_size: int = 1000,
    progress: bool = False,
) -> PushReport:
    """Replace each named graph on the server with ``graphs[g]``.

    Args:
        graphs: named graphs to upload (see :func:`kg.export.rdf.graphs_of`).
        client: an HTTP client with credentials and retries (:func:`kg.remote.make_client`).
        endpoint: SPARQL Update endpoint; used when ``graph_store`` is not given.
        graph_store: Graph Store Protocol endpoint (preferred for bulk loads).
        chunk_size: most triples per request.
        progress: show a progress bar on stderr (when it is a terminal).
    """
    if graph_store is None and endpoint is None:
        raise ValueError("give a SPARQL endpoint or a graph store URL")
    report = PushReport(protocol="gsp" if graph_store else "update")
    start_requests, start_retries = client.requests, client.retried
    data = {g: nt_lines(graph) for g, graph in skolemize(graphs).items()}
    bar = _progress(sum(len(v) for v in data.values()), progress)
    try:
        for g in sorted(data):
            lines = data[g]
            if graph_store is not None:
                _push_gsp(client, graph_store, g, lines, chunk_size, bar)
            else:
                _push_update(client, endpoint or "", g, lines, chunk_size, bar)
            report.graphs[g] = len(lines)
    finally:
        bar.close()
    report.requests = client.requests - start_requests
    report.retries = client.retried - start_retries
    return report


def _push_gsp(client: Client, url: str, g: URIRef, lines: list[str], size: int, bar) -> None:
    headers = {"Content-Type": NT_MEDIA_TYPE}
    params = {"graph": str(g)}
    if not lines:
        client.request("PUT", url, params=params, data=b"", headers=headers)
        return
    for i, part in enumerate(chunks(lines, size)):
        body = ("\n".join(part) + "\n").encode("utf-8")
        client.request("PUT" if i == 0 else "POST", url, params=params, data=body, headers=headers)
        bar.update(len(part))


def _update(client: Client, url: str, text: str) -> None:
    client.request(
        "POST", url, data=text.encode("utf-8"), headers={"Content-Type": UPDATE_MEDIA_TYPE}
    )


_COMPUTED = (f"^^<{XSD.duration}>",)
"""Literal datatypes some servers cannot read in INSERT DATA (Virtuoso 7 fails with SR553 on
xsd:duration): such triples are written with INSERT ... WHERE { BIND(STRDT(...)) }."""


def _computed(lines: list[str]) -> str:
    """One INSERT ... WHERE that builds the typed literals of ``lines`` with STRDT."""
    pattern, binds = [], []
    for i, line in enumerate(lines):
        s, p, rest = line.split(" ", 2)
        lexical, dtype = rest[:-2].rstrip().rsplit("^^", 1)
        pattern.append(f"{s} {p} ?o{i} .")
        binds.append(f"BIND(STRDT({lexical}, {dtype}) AS ?o{i})")
    return " ".join(pattern), " ".join(binds)


def _push_update(client: Client, url: str, g: URIRef, lines: list[str], size: int, bar) -> None:
    _update(client, url, f"DROP SILENT GRAPH {g.n3()}")
    plain = [line for line in lines if not line.endswith(tuple(f"{d} ." for d in _COMPUTED))]
    typed = [line for line in lines if line.endswith(tuple(f"{d} ." for d in _COMPUTED))]
    for part in chunks(plain, size):
        _update(client, url, "INSERT DATA { GRAPH " + g.n3() + " {\n" + "\n".join(part) + "\n} }")
        bar.update(len(part))
    for part in chunks(typed, min(size, 100)):
        pattern, binds = _computed(part)
        _update(client, url, f"INSERT {{ GRAPH {g.n3()} {{ {pattern} }} }} WHERE {{ {binds} }}")
        bar.update(len(part))


__all__ = ["GENID", "PushReport", "chunks", "nt_lines", "push", "skolemize"]
