"""A compiled forward-chaining engine for the OWL 2 RL rules kg's TBox uses.

``owlrl`` re-reads the whole graph on every cycle for every rule of OWL 2 RL, which costs
about half a second for one article. The TBox in ``ontology/kg.ttl`` only uses a handful of
constructs, so once it is closed the closure of a document needs only these rules
(rule ids of https://www.w3.org/TR/owl2-profiles/#OWL_2_RL):

* ``cax-sco`` (class hierarchy; ``cax-eqc`` comes as ``rdfs:subClassOf`` both ways in the
  closed TBox), ``prp-dom``, ``prp-rng``;
* ``prp-spo1`` (``prp-eqp`` likewise), ``prp-inv1``/``prp-inv2``, ``prp-symp``, ``prp-trp``;
* ``prp-spo2`` for property chains.

:func:`compile_rules` reads them from the closed TBox and refuses (returns None) when the
TBox uses anything else (restrictions, class expressions, keys, functional properties,
``owl:sameAs``...). :func:`applies` refuses data that carries schema of its own. In both
cases the caller falls back to owlrl, which stays the reference: a test compares the two
on the golden, example and held-out documents and on synthetic ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

_SUPPORTED_TYPES = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDFS.Datatype,
        OWL.Ontology,
        OWL.TransitiveProperty,
        OWL.SymmetricProperty,
        RDF.Property,
        OWL.Thing,
        OWL.Nothing,
        RDF.List,
        OWL.NamedIndividual,
    }
)
"""Types a TBox node may have for the compiled rules to be complete."""

_SCHEMA = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
        OWL.propertyChainAxiom,
        OWL.onProperty,
        OWL.unionOf,
        OWL.intersectionOf,
        OWL.hasKey,
        OWL.sameAs,
        OWL.differentFrom,
        OWL.disjointWith,
        OWL.complementOf,
        OWL.oneOf,
        OWL.hasValue,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
        OWL.propertyDisjointWith,
        OWL.members,
        OWL.distinctMembers,
        OWL.disjointUnionOf,
        OWL.withRestrictions,
        OWL.onDatatype,
    }
)
"""Predicates that make a graph schema: data holding them falls back to owlrl."""

_HANDLED = frozenset(
    {
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.inverseOf,
        OWL.propertyChainAxiom,
        OWL.equivalentClass,
        OWL.equivalentProperty,
    }
)
"""Schema predicates the compiled rules cover (the rest of :data:`_SCHEMA` is refused)."""


@dataclass
class Rules:
    """The rules of a closed TBox, indexed by the property or class that triggers them."""

    supers: dict = field(default_factory=dict)
    """class -> its superclasses (without itself)."""
    super_props: dict = field(default_factory=dict)
    """property -> its super-properties (without itself)."""
    domains: dict = field(default_factory=dict)
    ranges: dict = field(default_factory=dict)
    inverses: dict = field(default_factory=dict)
    symmetric: frozenset = frozenset()
    transitive: frozenset = frozenset()
    chains: dict = field(default_factory=dict)
    """property -> [(position 0 or 1, the other property of the chain, implied property)]."""


def _closure(pairs: Iterable[tuple]) -> dict:
    """Transitive closure of a relation given as (sub, super) pairs, without reflexive pairs."""
    direct: dict = defaultdict(set)
    for a, b in pairs:
        if a != b:
            direct[a].add(b)
    out = {}
    for a in list(direct):
        seen: set = set()
        todo = list(direct[a])
        while todo:
            b = todo.pop()
            if b in seen:
                continue
            seen.add(b)
            todo.extend(direct.get(b, ()))
        seen.discard(a)
        out[a] = frozenset(seen)
    return out


def compile_rules(kernel: Graph) -> Rules | None:
    """The rules of a closed TBox (``closed_ontology(...)[1]``), or None if it needs owlrl."""
    for _s, p, o in kernel:
        if p == RDF.type and o not in _SUPPORTED_TYPES:
            return None
        if p in _SCHEMA and p not in _HANDLED:
            return None
    sub = [(s, o) for s, o in kernel.subject_objects(RDFS.subClassOf)]
    for a, b in kernel.subject_objects(OWL.equivalentClass):
        sub += [(a, b), (b, a)]
    subp = [(s, o) for s, o in kernel.subject_objects(RDFS.subPropertyOf)]
    for a, b in kernel.subject_objects(OWL.equivalentProperty):
        subp += [(a, b), (b, a)]
    r = Rules(supers=_closure(sub), super_props=_closure(subp))
    for attr, pred in (("domains", RDFS.domain), ("ranges", RDFS.range)):
        idx: dict = defaultdict(set)
        for prop, cls in kernel.subject_objects(pred):
            idx[prop].add(cls)
        setattr(r, attr, {k: frozenset(v) for k, v in idx.items()})
    inv: dict = defaultdict(set)
    for a, b in kernel.subject_objects(OWL.inverseOf):
        inv[a].add(b)
        inv[b].add(a)
    r.inverses = {k: frozenset(v) for k, v in inv.items()}
    r.symmetric = frozenset(kernel.subjects(RDF.type, OWL.SymmetricProperty))
    r.transitive = frozenset(kernel.subjects(RDF.type, OWL.TransitiveProperty))
    chains: dict = defaultdict(list)
    for q, lst in kernel.subject_objects(OWL.propertyChainAxiom):
        items = list(Collection(kernel, lst))
        if len(items) != 2 or isinstance(q, BNode):
            return None
        p1, p2 = items
        chains[p1].append((0, p2, q))
        chains[p2].append((1, p1, q))
    r.chains = dict(chains)
    return r


def applies(data: Graph) -> bool:
    """Whether the compiled rules are complete for ``data``: it holds no schema of its own."""
    for p in _SCHEMA:
        if (None, p, None) in data:
            return False
    return all(
        o
        not in (
            OWL.TransitiveProperty,
            OWL.SymmetricProperty,
            OWL.FunctionalProperty,
            OWL.InverseFunctionalProperty,
            OWL.Restriction,
        )
        for o in data.objects(None, RDF.type)
    )


_SCHEMA_TYPES = frozenset(
    {
        OWL.TransitiveProperty,
        OWL.SymmetricProperty,
        OWL.FunctionalProperty,
        OWL.InverseFunctionalProperty,
        OWL.Restriction,
    }
)


def applies_to_triples(data: Iterable[tuple]) -> bool:
    """:func:`applies` for a set of triples."""
    rdf_type = RDF.type
    for _s, p, o in data:
        if p in _SCHEMA or (o in _SCHEMA_TYPES and p == rdf_type):
            return False
    return True


def closure(rules: Rules, data: Iterable[tuple]) -> set:
    """Every triple of the closure of ``data`` under ``rules`` (``data`` included)."""
    facts: set = set()
    out_idx: dict = defaultdict(lambda: defaultdict(set))  # p -> s -> {o}
    in_idx: dict = defaultdict(lambda: defaultdict(set))  # p -> o -> {s}
    todo = list(data)
    rdf_type = RDF.type
    supers, super_props = rules.supers, rules.super_props
    domains, ranges, inverses = rules.domains, rules.ranges, rules.inverses
    symmetric, transitive, chains = rules.symmetric, rules.transitive, rules.chains
    # Only properties some rule reads need to be indexed.
    indexed = transitive | {other for links in chains.values() for _, other, _ in links}
    empty: tuple = ()
    while todo:
        t = todo.pop()
        if t in facts:
            continue
        facts.add(t)
        s, p, o = t
        if isinstance(s, Literal):
            continue
        if p in indexed:
            out_idx[p][s].add(o)
            in_idx[p][o].add(s)
        if p == rdf_type:
            for c in supers.get(o, empty):
                todo.append((s, rdf_type, c))
            continue
        for q in super_props.get(p, empty):
            todo.append((s, q, o))
        for c in domains.get(p, empty):
            todo.append((s, rdf_type, c))
        if isinstance(o, Literal):
            continue
        for c in ranges.get(p, empty):
            todo.append((o, rdf_type, c))
        for q in inverses.get(p, empty):
            todo.append((o, q, s))
        if p in symmetric:
            todo.append((o, p, s))
        if p in transitive:
            todo.extend((s, p, z) for z in list(out_idx[p].get(o, empty)))
            todo.extend((w, p, o) for w in list(in_idx[p].get(s, empty)))
        for pos, other, q in chains.get(p, empty):
            if pos == 0:  # s p o, o other z => s q z
                todo.extend((s, q, z) for z in list(out_idx[other].get(o, empty)))
            else:  # w other s, s p o => w q o
                todo.extend((w, q, o) for w in list(in_idx[other].get(s, empty)))
    return facts


__all__ = ["Rules", "applies", "applies_to_triples", "closure", "compile_rules"]
