"""An embedded, persistent store of built graphs (Oxigraph), filled incrementally.

The store holds the same named graphs as ``kg export --format trig`` (see
:mod:`kg.export.rdf`): ``kgg:doc-<hash16>`` per document, ``kgg:reference``,
``kgg:incidents`` and ``kgg:inferred``, plus ``kgg:manifest``, which lists the content hash
of every document in the store (``kgd:doc-<hash16> kg:contentHash "<sha256>"``) and the
digest of the reference graph (``kgg:reference kg:contentHash "<sha256>"``). A build
into a store extracts only documents whose hash is not listed there, so adding documents
costs the new documents only, and adding a known document again changes nothing.

The store's default graph holds the union of its kg graphs (an RDF merge: each triple
once, however many graphs hold it), kept up to date by :func:`add_result`. Queries run there,
in Oxigraph, with parameters written in as escaped RDF terms (never as raw text). A
union computed at query time would not do: Oxigraph 0.5 counts a triple once per graph that
holds it (oxigraph/oxigraph#1919), so a label that two documents assert would double rows.
The same directory can be served as is: ``oxigraph serve-read-only --location DIR``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import KGError, QueryError
from kg.export.rdf import GRAPH_INCIDENTS, GRAPH_INFERRED, GRAPH_MANIFEST, GRAPH_REFERENCE
from kg.oxterms import as_result, restore_datatypes
from kg.vocab import KG, KGP

if TYPE_CHECKING:
    from kg.model import Extraction
    from kg.pipeline import BuildResult
    from kg.query.library import NamedQuery, ParamValue


class StoreError(KGError):
    """A store directory that cannot be opened or used."""


@dataclass
class StoreUpdate:
    """What :func:`add_result` wrote."""

    added: list[URIRef] = field(default_factory=list)
    """Named graphs of the documents written (new content hashes)."""
    known: list[URIRef] = field(default_factory=list)
    """Documents of the result that the store already held (left untouched)."""
    quads_before: int = 0
    quads_after: int = 0


def open_store(path: Path | str, *, must_exist: bool = False) -> ox.Store:
    """Open (or create) the store in directory ``path``.

    Raises:
        StoreError: the directory is missing (with ``must_exist``), locked by another
            process, or not an Oxigraph store.
    """
    p = Path(path)
    if must_exist and not (p / "CURRENT").is_file():
        raise StoreError(f"{p}: no such store (create it with: kg build PATHS --store {p})")
    try:
        return ox.Store(str(p))
    except OSError as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        if "lock" in first.lower():
            first = f"it is in use by another process ({first})"
        raise StoreError(f"{p}: cannot open the store: {first}") from None


def _write(store: ox.Store, iri: URIRef, graph: Graph, *, replace: bool = True) -> None:
    name = ox.NamedNode(str(iri))
    if replace and store.contains_named_graph(name):
        store.remove_graph(name)
    store.load(
        graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=name
    )


def read_graph(store: ox.Store, iri: URIRef, graph: Graph | None = None) -> Graph:
    """The triples of one named graph of the store (into ``graph`` when given).

    Oxigraph keeps the value of an ``xsd:nonNegativeInteger`` but stores it as
    ``xsd:integer``; the datatypes the SHACL shapes require are restored here.
    """
    g = graph if graph is not None else Graph()
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(iri)))
    if data:
        g.parse(data=data.decode("utf-8"), format="nt")
    return restore_datatypes(g)


def graph_names(store: ox.Store) -> list[URIRef]:
    """The named graphs of the store, sorted."""
    return sorted(URIRef(g.value) for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def stored_graphs(store: ox.Store, *, inferred: bool = True) -> dict[URIRef, Graph]:
    """The named graphs of the store as rdflib graphs (without ``kgg:manifest``)."""
    out: dict[URIRef, Graph] = {}
    for iri in graph_names(store):
        if iri == GRAPH_MANIFEST or (iri == GRAPH_INFERRED and not inferred):
            continue
        out[iri] = read_graph(store, iri)
    return out


def store_graph(store: ox.Store, *, inferred: bool = True) -> Graph:
    """The union of the store's graphs (without ``kgg:manifest``) as one rdflib graph."""
    from kg.mapping.to_rdf import new_graph

    g = new_graph()
    if inferred:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        if data:
            g.parse(data=data.decode("utf-8"), format="nt")
        return restore_datatypes(g)
    for iri in graph_names(store):
        if iri not in (GRAPH_MANIFEST, GRAPH_INFERRED):
            read_graph(store, iri, g)
    return g


def count_quads(store: ox.Store, graph: URIRef | None = None) -> int:
    """Quads in the store, or triples in one of its named graphs."""
    if graph is None:
        return len(store)
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))


def _manifest_hashes(store: ox.Store) -> dict[str, str]:
    return {
        q.subject.value: q.object.value
        for q in store.quads_for_pattern(
            None, ox.NamedNode(str(KG.contentHash)), None, ox.NamedNode(str(GRAPH_MANIFEST))
        )
    }


def stored_hashes(store: ox.Store) -> set[str]:
    """Content hashes (SHA-256 hex) of the documents the store holds."""
    return {h for s, h in _manifest_hashes(store).items() if s != str(GRAPH_REFERENCE)}


def reference_digest(reference: Graph) -> str:
    """SHA-256 of the reference graph's canonical N-Triples (blank nodes relabelled)."""
    from kg.export.rdf import canonical_graphs

    g = canonical_graphs({GRAPH_REFERENCE: reference})[GRAPH_REFERENCE]
    lines = sorted(
        line
        for line in g.serialize(format="nt", encoding="utf-8").decode("utf-8").split("\n")
        if line.strip()
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


_EVENTS = f"""
PREFIX kg: <{KG}>
SELECT ?hash ?file ?event ?type ?place ?start ?end WHERE {{
  GRAPH <{GRAPH_MANIFEST}> {{ ?article kg:contentHash ?hash }}
  GRAPH ?g {{
    ?article kg:fileName ?file .
    ?event kg:mentionedIn ?article ; a ?type .
    OPTIONAL {{ ?event kg:place ?place FILTER NOT EXISTS {{ ?place kg:discovered true }} }}
    OPTIONAL {{ ?event kg:startDate ?start }}
    OPTIONAL {{ ?event kg:endDate ?end }}
  }}
  FILTER(STRSTARTS(STR(?type), "{KG}"))
}}
"""


def stored_extractions(store: ox.Store) -> list[Extraction]:
    """The events of the stored documents, as much of each Extraction as incident linking needs.

    Each has an Article with the document's content hash and file name (no text), and its
    events with their kind, gazetteer places and dates.
    """
    from kg.model import Article, EventMention, Extraction, Span

    docs: dict[str, str] = {}
    events: dict[tuple[str, str], dict] = {}
    places: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.query(_EVENTS):
        h, ev = row["hash"].value, row["event"].value
        docs[h] = row["file"].value
        events.setdefault(
            (h, ev),
            {
                "kind": row["type"].value[len(str(KG)) :],
                "start": row["start"].value if row["start"] else None,
                "end": row["end"].value if row["end"] else None,
            },
        )
        if row["place"] is not None and row["place"].value.startswith(str(KGP)):
            places[(h, ev)].add(row["place"].value[len(str(KGP)) :])
    out = []
    for h in sorted(docs):
        evs = tuple(
            EventMention(
                kind=e["kind"],
                label="",
                span=Span(0, 0, ""),
                places=tuple(sorted(places[(h, iri)])),
                start_date=e["start"],
                end_date=e["end"],
            )
            for (hh, iri), e in sorted(events.items())
            if hh == h
        )
        out.append(
            Extraction(
                article=Article(doc_id=docs[h], path="", text="", content_hash=h), events=evs
            )
        )
    return out


_REBUILD_UNION = f"""
INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{GRAPH_MANIFEST}>) }}
"""


def _add_to_union(store: ox.Store, graphs: list[URIRef]) -> None:
    for g in graphs:
        store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")


_DROP_ASSERTED = f"""
DELETE {{ GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }} }}
WHERE {{
  GRAPH <{GRAPH_INFERRED}> {{ ?s ?p ?o }}
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g != <{GRAPH_INFERRED}> && ?g != <{GRAPH_MANIFEST}>)
}}
"""


def add_result(store: ox.Store, result: BuildResult, *, reason: bool = True) -> StoreUpdate:
    """Write the documents of ``result`` that the store does not hold yet.

    Each new document goes into its named graph, and its content hash into
    ``kgg:manifest`` (last, so an interrupted write is redone next time). When there are new
    documents, incident links are recomputed over every stored document; the inferred triples
    of the new documents and of the links are added to ``kgg:inferred`` (``reason``), less
    anything asserted in another graph; the reference graph is replaced when it changed (its
    digest is kept in the manifest); and the default graph (the union) gets the new triples.
    A result with no new document writes nothing.
    """
    from kg.mapping.iri import article_iri, graph_iri
    from kg.resolve import find_links, links_to_rdf

    known = stored_hashes(store)
    update = StoreUpdate(quads_before=len(store))
    new: dict[URIRef, Graph] = {}
    hashes: dict[URIRef, str] = {}
    new_x = []
    for x in result.extractions:
        iri = graph_iri(x.article)
        if iri not in result.documents:
            continue
        if x.article.content_hash in known:
            update.known.append(iri)
            continue
        new[iri] = result.documents[iri]
        hashes[iri] = x.article.content_hash
        new_x.append(x)
    if not new:
        update.quads_after = update.quads_before
        return update
    old_x = stored_extractions(store)
    links = links_to_rdf(find_links([*old_x, *new_x]), Graph())
    digest = reference_digest(result.reference)
    new_reference = _manifest_hashes(store).get(str(GRAPH_REFERENCE)) != digest
    if new_reference:
        _write(store, GRAPH_REFERENCE, result.reference)
    for iri in sorted(new):
        _write(store, iri, new[iri])
    _write(store, GRAPH_INCIDENTS, links)
    written = [*sorted(new), GRAPH_INCIDENTS]
    if reason:
        if result.inferred is not None and not old_x and len(new) == len(result.documents):
            inferred = result.inferred
        else:
            from kg.reason import load_tbox, reason_build

            inferred = reason_build(result.reference, new, ontology=load_tbox(), links=links)
        _write(store, GRAPH_INFERRED, inferred, replace=False)
        store.update(_DROP_ASSERTED)
        written.append(GRAPH_INFERRED)
    if new_reference:  # triples may have left the reference: rebuild the union
        store.update("CLEAR DEFAULT")
        store.update(_REBUILD_UNION)
    else:
        _add_to_union(store, written)
    manifest = Graph()
    for iri in sorted(new):
        x = next(x for x in new_x if graph_iri(x.article) == iri)
        manifest.add((article_iri(x.article), KG.contentHash, Literal(hashes[iri])))
        manifest.add((article_iri(x.article), KG.fileName, Literal(x.article.doc_id)))
    if new_reference:
        for q in list(
            store.quads_for_pattern(
                ox.NamedNode(str(GRAPH_REFERENCE)), None, None, ox.NamedNode(str(GRAPH_MANIFEST))
            )
        ):
            store.remove(q)
        manifest.add((GRAPH_REFERENCE, KG.contentHash, Literal(digest)))
    _write(store, GRAPH_MANIFEST, manifest, replace=False)
    store.flush()
    update.added = sorted(new)
    update.quads_after = len(store)
    return update


def query_store(
    store: ox.Store,
    query: NamedQuery | str,
    params: Mapping[str, ParamValue | Sequence[ParamValue]] | None = None,
) -> Result:
    """Run a named query (or a NamedQuery) in Oxigraph over the store's union (its default graph).

    Parameters are written into the query as escaped RDF terms (:func:`kg.query.bind.substitute`),
    like rdflib's ``initBindings`` (Oxigraph's own substitutions cover projected variables only);
    a list of values runs the query once per value, as :func:`kg.query.run_query` does.
    """
    from kg.query.bind import bound_texts, merge
    from kg.query.library import load_query

    q = load_query(query) if isinstance(query, str) else query
    try:
        return merge([as_result(store.query(text)) for text in bound_texts(q, params)])
    except SyntaxError as err:
        raise QueryError(f"{q.path}: {str(err).splitlines()[0]}") from None


__all__ = [
    "StoreError",
    "StoreUpdate",
    "add_result",
    "count_quads",
    "graph_names",
    "open_store",
    "query_store",
    "read_graph",
    "store_graph",
    "stored_extractions",
    "stored_graphs",
    "stored_hashes",
]
