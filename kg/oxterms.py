"""Between pyoxigraph and rdflib: terms, query answers, and the datatypes Oxigraph folds.

Oxigraph stores literals by value: ``"38.0000"^^xsd:decimal`` comes back as ``"38"``, and an
``xsd:nonNegativeInteger`` as an ``xsd:integer``. :func:`restore_datatypes` gives back the
integer types that kg's SHACL shapes require.
"""

from __future__ import annotations

import functools

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Node:
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals become plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


FOLDED = frozenset(
    XSD[t]
    for t in (
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
"""Integer datatypes that Oxigraph stores as ``xsd:integer`` (it keeps the value, not the type)."""


@functools.cache
def declared_datatypes() -> dict[URIRef, URIRef]:
    """Predicates whose values the SHACL shapes require in one of the :data:`FOLDED` types.

    >>> declared_datatypes()[URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex")]
    rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#nonNegativeInteger')
    """
    from rdflib.namespace import SH

    from kg.resources import shapes_dir

    shapes = Graph()
    for f in sorted(shapes_dir().glob("*.ttl")):
        shapes.parse(f, format="turtle")
    out: dict[URIRef, URIRef] = {}
    for shape, dtype in shapes.subject_objects(SH.datatype):
        path = shapes.value(shape, SH.path)
        if isinstance(path, URIRef) and dtype in FOLDED:
            out[path] = URIRef(dtype)
    return out


def restore_datatypes(graph: Graph) -> Graph:
    """Give back the integer types Oxigraph folded, where the shapes name them (span offsets)."""
    for p, dtype in declared_datatypes().items():
        for s, _p, o in list(graph.triples((None, p, None))):
            if isinstance(o, Literal) and o.datatype == XSD.integer:
                graph.remove((s, p, o))
                graph.add((s, p, Literal(str(o), datatype=dtype)))
    return graph


def as_result(answer: object) -> Result:
    """A pyoxigraph query answer (solutions, boolean or triples) as an rdflib Result."""
    if isinstance(answer, ox.QuerySolutions):
        res = Result("SELECT")
        names = [v.value for v in answer.variables]
        res.vars = [Variable(n) for n in names]
        res.bindings = [
            {Variable(n): from_ox(row[n]) for n in names if row[n] is not None} for row in answer
        ]
        return res
    if isinstance(answer, ox.QueryBoolean):
        res = Result("ASK")
        res.askAnswer = bool(answer)
        return res
    res = Result("CONSTRUCT")
    g = Graph()
    for t in answer:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    res.graph = g
    return res


__all__ = ["FOLDED", "as_result", "declared_datatypes", "from_ox", "restore_datatypes", "to_ox"]
