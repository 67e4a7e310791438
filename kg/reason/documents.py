"""Reasoning document by document: the scalable way to close a whole build.

A full owlrl closure of a large graph is slow (its cost grows with every triple it re-reads
on each cycle). The entailments kg needs are local to a document and the registry entries it
mentions, so each document is closed on its own, together with

* the cached, pre-closed TBox (see :func:`kg.reason.closure.reason`), and
* the reference triples (registry, gazetteer, concept schemes) reachable from the
  document's nodes: ISPR's ``kg:mediaWingOf`` link, a place's ``kg:locatedIn`` chain.

The union of the per-document results equals the whole-graph closure as long as no rule
joins triples of two different documents, which holds for graphs written by ``kg build``
(each document's graph only links to its own nodes and to the reference data). Reference
entries that no document mentions get no inferred triples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.reason.closure import derived, infer, reason
from kg.vocab import KG, NIF


def axiom_properties(ontology: Graph) -> set:
    """Properties the TBox says something about (domain, range, super-property, inverse,
    characteristics, chains): the only links along which reference data can matter."""
    props = set()
    for p in (RDFS.domain, RDFS.range, RDFS.subPropertyOf, OWL.inverseOf, OWL.propertyChainAxiom):
        props |= set(ontology.subjects(p, None))
    props |= set(ontology.objects(None, RDFS.subPropertyOf)) | set(
        ontology.objects(None, OWL.inverseOf)
    )
    for c in (
        OWL.TransitiveProperty,
        OWL.SymmetricProperty,
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.AsymmetricProperty,
        OWL.IrreflexiveProperty,
    ):
        props |= set(ontology.subjects(RDF.type, c))
    for lst in ontology.objects(None, OWL.propertyChainAxiom):
        props |= set(ontology.items(lst))
    return {p for p in props if isinstance(p, URIRef)}


def _tbox_terms(ontology: Graph) -> tuple[frozenset, frozenset]:
    """(properties to follow, the ontology's own terms) for a TBox."""
    return derived(ontology, "terms", lambda o: (frozenset(axiom_properties(o) - {RDF.type}),
                                                 frozenset(o.subjects())))


def _index(g: Graph) -> dict:
    idx: dict = {}
    for t in g:
        idx.setdefault(t[0], []).append(t)
    return idx


def _subject_index(reference: Graph) -> dict:
    """subject -> its triples, for a reference graph."""
    return derived(reference, "subjects", _index)


def reachable_triples(reference: Graph, start: Iterable, *, ontology: Graph) -> set:
    """The triples of ``reference`` about the nodes ``start`` and about what they reach.

    Every triple of a visited node is taken; the walk goes on only along properties the
    TBox has axioms for (:func:`axiom_properties`: ``kg:mediaWingOf``, ``kg:locatedIn``,
    ``kg:country`` ...), never into the ontology's own terms.
    """
    follow, stop = _tbox_terms(ontology)
    index = _subject_index(reference)
    out: set = set()
    todo = [n for n in start if isinstance(n, (URIRef, BNode))]
    seen: set = set()
    while todo:
        n = todo.pop()
        if n in seen or n in stop:
            continue
        seen.add(n)
        for t in index.get(n, ()):
            out.add(t)
            o = t[2]
            if t[1] in follow and not isinstance(o, Literal) and o not in seen:
                todo.append(o)
    return out


def reachable(reference: Graph, start: Iterable, *, ontology: Graph) -> Graph:
    """:func:`reachable_triples` as a graph."""
    out = Graph()
    out.addN((*t, out) for t in reachable_triples(reference, start, ontology=ontology))
    return out


def _nodes(triples: Iterable[tuple]) -> set:
    return {n for t in triples for n in (t[0], t[2]) if not isinstance(n, Literal)}


def infer_document(triples: Iterable[tuple], *, reference: Graph, ontology: Graph) -> set:
    """Inferred triples of one document (its triples plus the reference data it reaches).

    Nothing the document or the reached reference data asserts is returned; what the rest
    of the reference data asserts may be (see :func:`reason_documents`, which removes it).
    """
    own = triples if isinstance(triples, (set, frozenset)) else set(triples)
    data = reachable_triples(reference, _nodes(own), ontology=ontology)
    data.update(own)
    out = infer(data, ontology=ontology)
    if out is None:  # the compiled rules do not cover this TBox or data: owlrl
        g = Graph()
        g.addN((*t, g) for t in data)
        out = set(reason(g, ontology=ontology))
    return out


def infer_documents(documents: Iterable[Iterable[tuple]], *, reference: Graph,
                    ontology: Graph) -> set:
    """Inferred triples of every document (graphs or sets of triples), as one set.

    The union of :func:`infer_document` over ``documents``, minus anything asserted in
    ``reference`` or in any document.
    """
    inferred: set = set()
    asserted: set = set()
    for g in documents:
        own = g if isinstance(g, (set, frozenset)) else set(g)
        asserted |= own
        inferred |= infer_document(own, reference=reference, ontology=ontology)
    inferred -= asserted
    inferred -= _triple_set(reference)
    return inferred


def _triple_set(g: Graph) -> frozenset:
    """The triples of a reference graph as a frozenset."""
    return derived(g, "triples", frozenset)


def reason_documents(documents: Iterable[Graph], *, reference: Graph, ontology: Graph) -> Graph:
    """Inferred triples of every document, each closed with the reference data it reaches.

    Args:
        documents: one graph per document (as in ``BuildResult.documents``), or one set of
            triples per document.
        reference: registry, gazetteer and concept schemes (the ontology may be included).
        ontology: the TBox.

    Returns:
        The union of the per-document inferences, minus anything asserted in ``reference``
        or in any document.
    """
    out = Graph()
    out.addN((*t, out) for t in infer_documents(documents, reference=reference, ontology=ontology))
    return out


def split_documents(graph: Graph) -> tuple[Graph, dict[URIRef, Graph]]:
    """Split a built graph into reference data and one graph per ``kg:NewsArticle``.

    A document's graph holds the triples of the article, of the claims reported in it, of
    the events mentioned in it, of the evidence spans pointing into it, and of the actors
    discovered in it (``kg:discovered true``, reached from those nodes). Everything else is
    reference data.
    """
    docs: dict[URIRef, Graph] = {}
    taken: set = set()
    discovered = set(graph.subjects(KG.discovered, Literal(True)))
    for art in sorted(graph.subjects(RDF.type, KG.NewsArticle)):
        if not isinstance(art, URIRef):
            continue
        members = {art}
        members |= set(graph.subjects(KG.reportedIn, art))
        members |= set(graph.subjects(KG.mentionedIn, art))
        members |= set(graph.subjects(NIF.referenceContext, art))
        g = Graph()
        for m in list(members):
            for t in graph.triples((m, None, None)):
                g.add(t)
                if t[2] in discovered:
                    members.add(t[2])
        for a in members & discovered:
            for t in graph.triples((a, None, None)):
                g.add(t)
        docs[art] = g
        taken |= set(g)
    reference = Graph()
    for t in graph:
        if t not in taken:
            reference.add(t)
    return reference, docs


def reason_graph(graph: Graph, *, ontology: Graph) -> Graph:
    """Inferred triples of a whole graph (for example ``out/graph.ttl``).

    A graph with news articles is split by :func:`split_documents` and closed document by
    document; a graph without articles is closed as one piece.
    """
    reference, docs = split_documents(graph)
    if not docs:
        return reason(graph, ontology=ontology)
    return reason_documents(docs.values(), reference=reference, ontology=ontology)


def reason_build(
    reference: Graph,
    documents: Mapping[URIRef, Graph],
    *,
    ontology: Graph,
    links: Graph | None = None,
) -> Graph:
    """Inferred triples of a build (``BuildResult.reference``, ``.documents`` and ``.links``).

    The cross-document links graph (``kg:sameIncidentAs``) is closed as one more piece.
    """
    graphs = [documents[k] for k in sorted(documents)]
    if links is not None and len(links):
        graphs.append(links)
    return reason_documents(graphs, reference=reference, ontology=ontology)
