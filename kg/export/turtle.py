"""A deterministic Turtle writer for large graphs: same triples, same bytes, in linear time.

rdflib's Turtle serializers index the whole graph, look up a prefix for every term and, for
stable blank-node labels, need ``rdflib.compare.to_canonical_graph`` over the whole graph:
about a minute per 100,000 triples. kg's graphs are almost all IRIs and literals, so this
writer

* relabels blank nodes canonically on the small part of the graph that holds them (the
  triples with a blank node; rdflib's canonical labelling, so the labels only depend on
  that part),
* renders every term once (IRIs as prefixed names where the local part is safe Turtle,
  literals with escapes and their datatype as given), and
* writes subjects, predicates and objects in sorted order (``rdf:type`` first), one
  subject block per subject.

The output parses back, with any Turtle parser, to a graph isomorphic to the input
(``tests/unit/test_turtle.py`` checks it on awkward literals and IRIs).
Turtle grammar: https://www.w3.org/TR/turtle/#sec-grammar
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TextIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.vocab import PREFIXES

_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
"""Local names written as ``prefix:local`` (a safe subset of Turtle's PN_LOCAL)."""

_ESCAPES = {
    '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f",
}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape(text: str) -> str:
    def one(m: re.Match) -> str:
        c = m.group(0)
        return _ESCAPES.get(c) or f"\\u{ord(c):04X}"

    return _NEEDS_ESCAPE.sub(one, text)


def _iri(value: str) -> str:
    if _IRI_BAD.search(value):
        value = _IRI_BAD.sub(lambda m: f"\\u{ord(m.group(0)):04X}", value)
    return f"<{value}>"


class _Renderer:
    """Turtle forms of terms, cached (a build repeats the same IRIs millions of times)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first, so that kg:... never shadows a longer namespace.
        self._ns = sorted(((str(ns), p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self._cache: dict = {}

    def iri(self, term: str) -> str:
        hit = self._cache.get(term)
        if hit is None:
            hit = _iri(str(term))
            for ns, prefix in self._ns:
                if term.startswith(ns):
                    local = term[len(ns):]
                    if _LOCAL.match(local):
                        hit = f"{prefix}:{local}"
                        break
            self._cache[term] = hit
        return hit

    def term(self, t: object) -> str:
        if type(t) is URIRef or isinstance(t, URIRef):
            return self.iri(t)
        if isinstance(t, BNode):
            return f"_:{t}"
        if isinstance(t, Literal):
            text = f'"{_escape(str(t))}"'
            if t.language:
                return f"{text}@{t.language}"
            if t.datatype is not None:
                return f"{text}^^{self.iri(t.datatype)}"
            return text
        raise TypeError(f"not an RDF term: {t!r}")


def _canonical_bnodes(triples: Iterable[tuple]) -> list[tuple]:
    """The triples, with the blank nodes relabelled canonically (see the module docstring)."""
    plain: list[tuple] = []
    blank = Graph()
    for t in triples:
        if isinstance(t[0], BNode) or isinstance(t[2], BNode):
            blank.add(t)
        else:
            plain.append(t)
    if len(blank):
        from rdflib.compare import to_canonical_graph

        plain.extend(to_canonical_graph(blank))
    return plain


def write_turtle(triples: Iterable[tuple], out: TextIO,
                 prefixes: Mapping[str, str] | None = None) -> int:
    """Write ``triples`` as sorted Turtle to ``out``; returns the number of distinct triples.

    Every prefix of ``prefixes`` (default: kg's, :data:`kg.vocab.PREFIXES`) is declared,
    used or not, so that the header does not depend on the data.
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    r = _Renderer(prefixes)
    by_subject: dict = defaultdict(lambda: defaultdict(set))
    n = 0
    for s, p, o in _canonical_bnodes(set(triples)):
        by_subject[r.term(s)][p].add(r.term(o))
        n += 1
    for prefix, ns in prefixes.items():
        out.write(f"@prefix {prefix}: {_iri(str(ns))} .\n")
    rdf_type = RDF.type
    for s in sorted(by_subject):
        preds = by_subject[s]
        lines = []
        for p in sorted(preds, key=lambda p: (p != rdf_type, r.iri(p))):
            objs = sorted(preds[p])
            name = "a" if p == rdf_type else r.iri(p)
            lines.append(f"    {name} " + " ,\n        ".join(objs))
        out.write(f"\n{s}\n" + " ;\n".join(lines) + " .\n")
    return n


def sorted_turtle(triples: Iterable[tuple], prefixes: Mapping[str, str] | None = None) -> str:
    """:func:`write_turtle` to a string."""
    import io

    buf = io.StringIO()
    write_turtle(triples, buf, prefixes)
    return buf.getvalue()


__all__ = ["sorted_turtle", "write_turtle"]
