"""Per-document work of ``kg build --jobs N``: extract, map, validate, reason in worker processes.

Each document is independent up to the cross-document pass (incident links), so the
documents are sent to a :class:`concurrent.futures.ProcessPoolExecutor` whose workers load
the annotator, the shapes, the reference data and the closed ontology once
(:func:`_warm`). A worker returns a :class:`DocOutcome`: the extraction, and the document's
graph, SHACL report and inferred triples as tuples of strings (cheaper to send between
processes than rdflib graphs, and exact: a literal keeps its lexical form, which parsing
N-Triples would normalise, e.g. ``"PT40H"^^xsd:duration``). Results come back in input
order, so a build with any number of jobs gives the same graphs, and the same bytes once
written, as a build with one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.model import Article, Extraction

Packed = tuple[tuple[tuple[str, ...], ...], tuple[tuple[int, int, int], ...]]
"""A graph as ``(terms, rows)``: each distinct term once, packed by :func:`_pack_term`, and
one ``(s, p, o)`` row of indexes into ``terms`` per triple. Empty: ``((), ())``."""

EMPTY: Packed = ((), ())


@dataclass(frozen=True)
class DocOutcome:
    """What the per-document stages made of one article."""

    extraction: Extraction
    graph: Packed
    """The document's graph."""
    conforms: bool | None = None
    """None when validation was not run."""
    report: Packed = EMPTY
    """The SHACL report graph, when validation ran."""
    results: tuple = ()
    """The :class:`kg.validate.report.ValidationResult` records."""
    inferred: Packed = EMPTY
    """Inferred triples of the document, when reasoning ran and it conforms."""


def _pack_term(t: Node) -> tuple[str, ...]:
    if isinstance(t, URIRef):
        return ("u", str(t))
    if isinstance(t, BNode):
        return ("b", str(t))
    if isinstance(t, Literal):
        return ("l", str(t), t.language or "", str(t.datatype) if t.datatype is not None else "")
    raise TypeError(f"not an RDF term: {t!r}")


def _unpack_term(row: tuple[str, ...]) -> Node:
    kind = row[0]
    if kind == "u":
        return URIRef(row[1])
    if kind == "b":
        return BNode(row[1])
    return Literal(
        row[1], lang=row[2] or None, datatype=URIRef(row[3]) if row[3] else None, normalize=False
    )


def pack(g: Iterable[tuple]) -> Packed:
    """A graph (or any iterable of triples) as plain tuples (see :data:`Packed`).

    >>> from rdflib.namespace import XSD
    >>> g = Graph()
    >>> lit = Literal("PT40H", datatype=XSD.duration, normalize=False)
    >>> _ = g.add((URIRef("urn:e"), URIRef("urn:d"), lit))
    >>> str(next(iter(unpack(pack(g))))[2])
    'PT40H'
    """
    index: dict[tuple[str, ...], int] = {}
    terms: list[tuple[str, ...]] = []

    def at(t: Node) -> int:
        key = _pack_term(t)
        i = index.get(key)
        if i is None:
            i = index[key] = len(terms)
            terms.append(key)
        return i

    rows = tuple((at(s), at(p), at(o)) for s, p, o in g)
    return tuple(terms), rows


pack_triples = pack
"""Alias of :func:`pack`."""


class Interner:
    """Unpacks graphs into triples whose equal IRIs are one object.

    A build repeats the same few thousand IRIs (predicates, classes, registry actors,
    concepts) across a million triples; sharing one object per IRI keeps the parent's
    memory proportional to the distinct terms plus one tuple per triple.
    """

    def __init__(self) -> None:
        self._terms: dict[tuple[str, ...], Node] = {}

    def term(self, row: tuple[str, ...]) -> Node:
        if row[0] != "u":  # literals and blank nodes are mostly distinct: not worth a table
            return _unpack_term(row)
        t = self._terms.get(row)
        if t is None:
            t = self._terms[row] = _unpack_term(row)
        return t

    def triples(self, packed: Packed) -> frozenset:
        terms, rows = packed
        nodes = [self.term(t) for t in terms]
        return frozenset((nodes[s], nodes[p], nodes[o]) for s, p, o in rows)


def unpack(packed: Packed, graph: Graph | None = None) -> Graph:
    """The graph of :func:`pack` rows (added to ``graph`` when given)."""
    g = graph if graph is not None else Graph()
    terms, rows = packed
    nodes = [_unpack_term(t) for t in terms]
    g.addN((nodes[s], nodes[p], nodes[o], g) for s, p, o in rows)
    return g


def process(art: Article, *, check: bool = True, reason: bool = True) -> DocOutcome:
    """Extract, map, validate and (if it conforms) reason about one article."""
    from kg.mapping.to_rdf import to_triples
    from kg.nlp.extract import extract

    x = extract(art)
    triples = to_triples(x)
    conforms, report, results = None, EMPTY, ()
    if check:
        from kg.validate import validate

        rep = validate(triples)
        conforms, results = rep.conforms, rep.results
        report = pack(rep.graph) if rep.graph is not None else EMPTY
    inferred: Packed = EMPTY
    if reason and conforms is not False:
        from kg.reason.documents import infer_document
        from kg.validate.shacl import load_reference

        inferred = pack_triples(infer_document(triples, reference=load_reference(),
                                               ontology=_tbox()))
    return DocOutcome(x, pack_triples(triples), conforms, report, results, inferred)


_TBOX: list[Graph] = []


def _tbox() -> Graph:
    if not _TBOX:
        from kg.reason import load_tbox

        _TBOX.append(load_tbox())
    return _TBOX[0]


def _warm(check: bool, reason: bool) -> None:
    """Load once per worker what every document needs (annotator, shapes, closed TBox)."""
    from kg.ingest import article_from_text
    from kg.nlp.extract import extract

    extract(article_from_text("The army said two soldiers were killed.", doc_id="warm-up"))
    if check:
        from kg.validate.compiled import UnsupportedShapes, compile_shapes
        from kg.validate.shacl import load_reference, load_shapes

        load_reference()
        try:
            compile_shapes(load_shapes())
        except UnsupportedShapes:
            pass  # validate() falls back to pySHACL
    if reason:
        from kg.reason import closed_ontology

        closed_ontology(_tbox())


def _process_one(args: tuple[Article, bool, bool]) -> DocOutcome:
    art, check, reason = args
    return process(art, check=check, reason=reason)


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run(
    articles: Sequence[Article],
    *,
    jobs: int,
    check: bool = True,
    reason: bool = True,
    progress: bool = False,
) -> Iterator[DocOutcome]:
    """The outcome of every article, in input order, computed by ``jobs`` worker processes."""
    from concurrent.futures import ProcessPoolExecutor

    if jobs <= 1 or len(articles) <= 1:
        for art in articles:
            yield process(art, check=check, reason=reason)
        return
    chunk = max(1, min(16, len(articles) // (jobs * 8)))
    bar = None
    if progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=len(articles), desc="build", unit="doc", file=sys.stderr)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm, initargs=(check, reason)) as pool:
        for out in pool.map(_process_one, ((a, check, reason) for a in articles), chunksize=chunk):
            if bar is not None:
                bar.update(1)
            yield out
    if bar is not None:
        bar.close()


__all__ = ["EMPTY", "DocOutcome", "Interner", "Packed", "default_jobs", "pack", "pack_triples",
           "process", "run", "unpack"]
