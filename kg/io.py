"""Reading and writing graphs on disk, deterministically."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import GraphLoadError

_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
            ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".n3": "n3"}


_DATASET_FORMATS = {"nquads", "trig", "json-ld"}
"""Formats that may hold named graphs: parsed into a Dataset first."""


def _format(p: Path) -> str:
    if not p.exists():
        raise GraphLoadError(f"{p}: no such file")
    fmt = _FORMATS.get(p.suffix.lower())
    if fmt is None:
        choices = ", ".join(sorted(_FORMATS))
        raise GraphLoadError(f"{p}: unknown graph format (use one of {choices})")
    return fmt


def _parse(target: Graph, p: Path, fmt: str) -> None:
    try:
        target.parse(p, format=fmt)
    except Exception as err:  # parsers raise many types; the user needs one line
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise GraphLoadError(f"{p}: cannot parse as {fmt}: {first}") from None


def load_dataset(path: Path | str) -> Dataset:
    """Parse a graph file into a Dataset, keeping named graphs (TriG, N-Quads, JSON-LD).

    A file of triples (Turtle, N-Triples, ...) lands in the default graph. The Dataset has
    ``default_union=True``: queries over it see every named graph.
    """
    p = Path(path)
    fmt = _format(p)
    ds = Dataset(default_union=True)
    if fmt in _DATASET_FORMATS:
        _parse(ds, p, fmt)
    else:
        _parse(ds.default_graph if hasattr(ds, "default_graph") else ds.default_context, p, fmt)
    return ds


def load_graph(path: Path | str) -> Graph:
    """Parse a graph file; the format comes from the suffix. Raises GraphLoadError in one line.

    A TriG, N-Quads or JSON-LD file with named graphs (``kg export``) gives one graph: the
    union of all its graphs, so every query and check sees all of them.
    """
    p = Path(path)
    fmt = _format(p)
    if fmt not in _DATASET_FORMATS:
        g = Graph()
        _parse(g, p, fmt)
        return g
    ds = load_dataset(p)
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    for s, pred, o, _ctx in ds.quads((None, None, None, None)):
        g.add((s, pred, o))
    return g


def canonical_turtle(graph: Graph) -> str:
    """Turtle with stable blank-node labels and sorted statements: same graph, same bytes
    (see :mod:`kg.export.turtle`)."""
    from kg.export.turtle import sorted_turtle

    return sorted_turtle(graph)


def write_build(result, out: Path) -> list[Path]:
    """Write graph.ttl, manifest.json and a SHACL report per quarantined document."""
    out.mkdir(parents=True, exist_ok=True)
    from kg.export.turtle import write_turtle

    graph_path = out / "graph.ttl"
    with graph_path.open("w", encoding="utf-8", newline="\n") as f:
        write_turtle(result.asserted_triples(), f)
    written_inferred = []
    if result.inferred_triples is not None:
        inf_path = out / "inferred.ttl"
        with inf_path.open("w", encoding="utf-8", newline="\n") as f:
            write_turtle(result.inferred_triples, f)
        written_inferred.append(inf_path)
    manifest = [
        {"path": r.path, "status": r.status, "reason": r.reason, "doc": r.doc_id, "content_hash": r.content_hash}
        for r in result.records
    ]
    man_path = out / "manifest.json"
    man_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    written = [graph_path, *written_inferred, man_path]
    for r in result.records:
        if r.status == "quarantined" and r.doc_id in result.reports:
            rep = result.reports[r.doc_id].graph
            if rep is not None:
                qdir = out / "quarantine"
                qdir.mkdir(exist_ok=True)
                p = qdir / f"{r.doc_id}.report.ttl"
                p.write_text(canonical_turtle(rep), encoding="utf-8")
                written.append(p)
    return written
