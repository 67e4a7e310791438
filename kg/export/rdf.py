"""RDF export of a build as named graphs, written deterministically.

The dataset has one named graph per source document (``kgg:doc-<hash16>``: its article,
claims, evidence and events), ``kgg:reference`` (ontology, concept schemes, actor registry
and gazetteer), ``kgg:incidents`` (cross-document incident links), ``kgg:shared`` (triples
that several documents assert, such as the label of an actor discovered in each of them: the
graphs are disjoint, see :func:`disjoint`) and, on request, ``kgg:inferred`` (what reasoning
added).
TriG and N-Quads keep the graphs apart; Turtle and N-Triples hold their union; JSON-LD keeps
them as named graphs.

Same input, same bytes: blank nodes get canonical labels computed over the whole dataset
(``rdflib.compare``), statements are sorted, and JSON keys and arrays are ordered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import _TripleCanonicalizer
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF

from kg.vocab import KG, KGD, KGG, PREFIXES

if TYPE_CHECKING:
    from kg.pipeline import BuildResult

GRAPH_REFERENCE = KGG["reference"]
"""Ontology, concept schemes, actor registry and gazetteer."""
GRAPH_INCIDENTS = KGG["incidents"]
"""Cross-document links between events of the same incident."""
GRAPH_INFERRED = KGG["inferred"]
"""Triples added by reasoning."""
GRAPH_SHARED = KGG["shared"]
"""Triples that several documents assert (see :func:`disjoint`)."""
GRAPH_MANIFEST = KGG["manifest"]
"""Bookkeeping of a store (content hashes of the documents it holds); never exported."""

FORMATS: dict[str, str] = {
    "turtle": ".ttl",
    "trig": ".trig",
    "nquads": ".nq",
    "ntriples": ".nt",
    "jsonld": ".jsonld",
}
"""Export formats and their file suffixes."""

Graphs = dict[URIRef, Graph]


def named_graphs(result: BuildResult, *, inferred: bool = True) -> Graphs:
    """The named graphs of a build, keyed by graph IRI.

    Args:
        result: what :func:`kg.pipeline.build` returned.
        inferred: include ``kgg:inferred`` (when the build has inferred triples).
    """
    out: Graphs = {GRAPH_REFERENCE: result.reference}
    for iri in sorted(result.documents):
        out[iri] = result.documents[iri]
    if len(result.links):
        out[GRAPH_INCIDENTS] = result.links
    if inferred and result.inferred is not None and len(result.inferred):
        out[GRAPH_INFERRED] = result.inferred
    return out


def split_graph(graph: Graph) -> Graphs:
    """Named graphs of a single graph (for example ``kg build``'s ``graph.ttl``).

    Each ``kg:NewsArticle`` and what hangs from it becomes ``kgg:doc-<hash16>``;
    ``kg:sameIncidentAs`` triples and ``kg:IncidentLink`` records become ``kgg:incidents``;
    the rest is ``kgg:reference``.
    """
    from kg.reason import split_documents

    reference, docs = split_documents(graph)
    incidents = Graph()
    links = set(graph.subjects(RDF.type, KG.IncidentLink))
    for t in list(reference):
        if t[0] in links:
            incidents.add(t)
            reference.remove(t)
    out: Graphs = {GRAPH_REFERENCE: reference}
    for art in sorted(docs):
        g = docs[art]
        for t in list(g.triples((None, KG.sameIncidentAs, None))):
            incidents.add(t)
            g.remove(t)
        out[KGG[str(art)[len(str(KGD)) :]] if str(art).startswith(str(KGD)) else art] = g
    if len(incidents):
        out[GRAPH_INCIDENTS] = incidents
    return out


def graphs_of(
    source: BuildResult | Graph | Mapping[URIRef, Graph], *, inferred: bool = True
) -> Graphs:
    """Named graphs of a build, a Dataset (its named graphs), a mapping, or a single graph.

    ``kgg:manifest`` is left out; so is ``kgg:inferred`` unless ``inferred``. A Dataset's
    default graph, when it holds triples, is split as a single graph would be.
    """
    if isinstance(source, Mapping):
        graphs = dict(source)
    elif isinstance(source, Dataset):
        graphs = {}
        for ctx in source.graphs():
            if ctx.identifier == DATASET_DEFAULT_GRAPH_ID or not len(ctx):
                continue
            graphs[URIRef(str(ctx.identifier))] = ctx
        default = (
            source.default_graph if hasattr(source, "default_graph") else source.default_context
        )
        if len(default):
            for iri, g in split_graph(default).items():
                if iri in graphs:
                    graphs[iri] = graphs[iri] + g
                else:
                    graphs[iri] = g
    elif isinstance(source, Graph):
        graphs = split_graph(source)
    else:
        graphs = named_graphs(source, inferred=inferred)
    graphs.pop(GRAPH_MANIFEST, None)
    if not inferred:
        graphs.pop(GRAPH_INFERRED, None)
    graphs = disjoint(graphs)
    return {k: graphs[k] for k in sorted(graphs) if len(graphs[k])}


def disjoint(graphs: Mapping[URIRef, Graph]) -> Graphs:
    """The graphs made disjoint: no triple is in two of them.

    A triple of ``kgg:reference`` stays there only; any other triple that several graphs
    hold (an actor or place discovered in the text of several documents, say) moves to
    ``kgg:shared``. The union is unchanged. Stores merge graphs as a multiset (Virtuoso, and
    Oxigraph 0.5 for ``FROM`` and its union default graph count a triple once per graph that
    holds it); with disjoint graphs their answers equal those of a local union.
    """
    seen: dict[tuple, int] = {}
    for iri, g in graphs.items():
        if iri == GRAPH_REFERENCE:
            continue
        for t in g:
            seen[t] = seen.get(t, 0) + 1
    reference = graphs.get(GRAPH_REFERENCE)
    moved = {t for t, n in seen.items() if n > 1 and (reference is None or t not in reference)}
    dropped = {t for t in seen if reference is not None and t in reference}
    if not moved and not dropped:
        return dict(graphs)
    out: Graphs = {}
    for iri, g in graphs.items():
        if iri == GRAPH_REFERENCE or not any(t in moved or t in dropped for t in g):
            out[iri] = g
            continue
        ng = Graph()
        for t in g:
            if t not in moved and t not in dropped:
                ng.add(t)
        out[iri] = ng
    if moved:
        shared = Graph()
        for t in graphs.get(GRAPH_SHARED, ()):
            shared.add(t)
        for t in moved:
            shared.add(t)
        out[GRAPH_SHARED] = shared
    return out


def to_dataset(
    source: BuildResult | Graph | Mapping[URIRef, Graph], *, inferred: bool = True
) -> Dataset:
    """An rdflib Dataset (``default_union=True``) holding the named graphs of ``source``."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    for iri, g in graphs_of(source, inferred=inferred).items():
        target = ds.graph(iri)
        for t in g:
            target.add(t)
    return ds


def canonical_graphs(graphs: Mapping[URIRef, Graph]) -> Graphs:
    """The same graphs with blank nodes relabelled canonically over the whole dataset.

    Labels depend only on the structure around each blank node (and on the graph holding
    each of its triples), never on parse order or a random seed.
    """
    enc = Graph()
    for g, graph in graphs.items():
        for s, p, o in graph:
            if isinstance(s, BNode) or isinstance(o, BNode):
                enc.add((s, URIRef(f"{p}#in:{g}"), o))
    if not len(enc):
        return dict(graphs)
    mapping: dict[BNode, BNode] = {}
    canon = _TripleCanonicalizer(enc)
    for orig, new in zip(enc, canon.canonical_triples(), strict=True):
        for a, b in ((orig[0], new[0]), (orig[2], new[2])):
            if isinstance(a, BNode):
                mapping[a] = BNode(f"b{str(b)[:32]}")
    out: Graphs = {}
    for g, graph in graphs.items():
        if not any(isinstance(s, BNode) or isinstance(o, BNode) for s, _p, o in graph):
            out[g] = graph
            continue
        ng = Graph()
        for s, p, o in graph:
            ng.add((mapping.get(s, s), p, mapping.get(o, o)))  # type: ignore[arg-type]
        out[g] = ng
    return out


def _nt_lines(graph: Graph) -> list[str]:
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return [line for line in text.split("\n") if line.strip()]


def _nquads(graphs: Graphs) -> str:
    lines = []
    for g in sorted(graphs):
        for line in sorted(set(_nt_lines(graphs[g]))):
            assert line.endswith(" ."), line
            lines.append(f"{line[:-1]}<{g}> .")
    return "".join(line + "\n" for line in lines)


def _ntriples(graphs: Graphs) -> str:
    lines: set[str] = set()
    for g in graphs.values():
        lines.update(_nt_lines(g))
    return "".join(line + "\n" for line in sorted(lines))


def _bound(graph: Graph) -> Graph:
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True, replace=True)
    for t in graph:
        out.add(t)
    return out


def _union(graphs: Graphs) -> Graph:
    out = Graph()
    for g in graphs.values():
        for t in g:
            out.add(t)
    return out


def _trig(graphs: Graphs) -> str:
    prefixes: set[str] = {f"PREFIX kgg: <{KGG}>"}
    names = _bound(Graph()).namespace_manager
    blocks = []
    for g in sorted(graphs):
        body = []
        for line in _bound(graphs[g]).serialize(format="longturtle").split("\n"):
            if line.startswith("PREFIX ") and not body:
                prefixes.add(line)
            elif body or line.strip():
                body.append(line)
        text = "\n".join(body).rstrip()
        label = names.normalizeUri(g)
        blocks.append(f"{label} {{\n{text}\n}}\n")
    return "".join(f"{p}\n" for p in sorted(prefixes)) + "\n" + "\n".join(blocks)


def _sort_json(value: Any, *, ordered: bool = False) -> Any:
    if isinstance(value, dict):
        return {k: _sort_json(v, ordered=(k == "@list")) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_json(v) for v in value]
        if ordered:
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(graphs: Graphs) -> str:
    ds = Dataset()
    for iri, g in graphs.items():
        target = ds.graph(iri)
        for t in g:
            target.add(t)
    context = {p: str(ns) for p, ns in PREFIXES.items()}
    data = json.loads(ds.serialize(format="json-ld", context=context, auto_compact=False))
    if isinstance(data, dict) and "@graph" in data:
        data["@graph"] = _sort_json(data["@graph"])
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def serialize(graphs: Mapping[URIRef, Graph], fmt: str) -> str:
    """Deterministic text of ``graphs`` in ``fmt`` (a key of :data:`FORMATS`)."""
    from kg.io import canonical_turtle

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    canon = canonical_graphs({k: graphs[k] for k in sorted(graphs)})
    if fmt == "nquads":
        return _nquads(canon)
    if fmt == "ntriples":
        return _ntriples(canon)
    if fmt == "trig":
        return _trig(canon)
    if fmt == "jsonld":
        return _jsonld(canon)
    return canonical_turtle(_union(canon))


def export(
    source: BuildResult | Graph | Mapping[URIRef, Graph],
    fmt: str,
    path: Path | str | None = None,
    *,
    inferred: bool = False,
) -> str:
    """Serialise a build, a Dataset, a mapping of named graphs or a graph; write it to ``path``.

    Args:
        source: what to export (see :func:`graphs_of`).
        fmt: ``turtle``, ``trig``, ``nquads``, ``ntriples`` or ``jsonld``.
        path: file to write (UTF-8, ``\\n`` line ends); nothing is written when None.
        inferred: include the inferred triples (graph ``kgg:inferred``).

    Returns:
        The text written.
    """
    text = serialize(graphs_of(source, inferred=inferred), fmt)
    if path is not None:
        Path(path).write_bytes(text.encode("utf-8"))
    return text
