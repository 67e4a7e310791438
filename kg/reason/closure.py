"""OWL 2 RL closure with owlrl, returning only the useful inferred triples.

The closure is computed by ``owlrl.DeductiveClosure(OWLRL_Semantics)`` over ontology + data.
Three things keep it cheap and clean:

* The ontology (TBox) is closed once and cached by content; each call then closes
  *closed TBox + data*. Closure is idempotent, so this equals the closure of
  *ontology + data*. Only the rule-relevant part of the closed TBox (no annotations, no
  tautologies) is fed to the data closure.
* Only **new** triples are returned: nothing that the ontology or the data assert.
* owlrl's artefacts are dropped (:func:`is_useful`): triples with a literal in subject
  position (``"92"^^xsd:integer a xsd:integer``, see RDFLib/OWL-RL#50), axiomatic typing
  of built-in terms (``x a owl:Thing``, ``x a rdfs:Resource``, ``xsd:date a rdfs:Datatype``),
  reflexive tautologies (``x owl:sameAs x``, ``C rdfs:subClassOf C``) and statements about
  the blank nodes of the ontology's own RDF lists.

What remains is what the queries use: types by class hierarchy (an ISPR node is also a
``kg:Organisation`` and a ``prov:Agent``), sub-property entailments (``prov:wasAttributedTo``,
``kg:about``, ``sem:hasPlace``), inverses (``kg:reports``), transitive ``kg:speaksFor`` and
``kg:locatedIn``, and the ``kg:attributedTo`` roll-up along ``kg:claimant ∘ kg:speaksFor``.

Reference: OWL 2 RL rules, https://www.w3.org/TR/owl2-profiles/#OWL_2_RL
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

log = logging.getLogger(__name__)

Triple = tuple  # (subject, predicate, object) of rdflib terms

BUILTIN_NAMESPACES: tuple[str, ...] = (str(OWL), str(RDF), str(RDFS), str(XSD))
"""Namespaces of terms owlrl types and relates axiomatically: never a useful subject or object."""

_TAUTOLOGIES = frozenset(
    {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
)
"""Reflexive on every class/property/individual under OWL 2 RL (eq-ref, scm-cls, scm-op ...)."""

_ANNOTATIONS = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        OWL.versionInfo,
        OWL.versionIRI,
        OWL.priorVersion,
        DCTERMS.description,
        DCTERMS.title,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.definition,
        SKOS.notation,
        SKOS.scopeNote,
        SKOS.note,
    }
)
"""TBox annotation properties: no OWL 2 RL rule reads them, so the data closure can skip them."""

_ERR = "http://www.daml.org/2002/03/agents/agent-ont#"
"""Namespace owlrl uses for the error messages it writes into the graph."""

_TBOX_CACHE: dict[str, tuple[Graph, Graph, frozenset[BNode]]] = {}


def _builtin(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(BUILTIN_NAMESPACES)


def is_useful(triple: Triple, *, ontology_bnodes: Iterable[BNode] = ()) -> bool:
    """Whether an inferred triple is worth keeping (not an owlrl artefact or tautology).

    >>> from rdflib import Literal, URIRef
    >>> from rdflib.namespace import OWL, RDF
    >>> x = URIRef("https://w3id.org/kg/actor/ispr")
    >>> is_useful((x, RDF.type, URIRef("https://w3id.org/kg/ontology#Organisation")))
    True
    >>> is_useful((x, RDF.type, OWL.Thing)), is_useful((x, OWL.sameAs, x))
    (False, False)
    >>> is_useful((Literal(92), RDF.type, URIRef("http://www.w3.org/2001/XMLSchema#integer")))
    False
    """
    s, p, o = triple
    if isinstance(s, Literal) or not isinstance(p, URIRef):
        return False
    if _builtin(s) or _builtin(o):
        return False
    if str(p).startswith(_ERR) or (p == RDF.type and str(o).startswith(_ERR)):
        return False
    if s == o and p in _TAUTOLOGIES:
        return False
    bnodes = (
        ontology_bnodes if isinstance(ontology_bnodes, (set, frozenset)) else set(ontology_bnodes)
    )
    return not (s in bnodes or o in bnodes)


def _digest(g: Graph) -> str:
    """Content hash of a graph, independent of blank-node labels."""
    from rdflib.compare import to_canonical_graph

    h = hashlib.sha256()
    for line in sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in to_canonical_graph(g)):
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def _expand(g: Graph) -> None:
    """Run the OWL 2 RL closure in place and move owlrl's error messages to the log."""
    import owlrl

    # improved_datatypes=False: owlrl would otherwise swap rdflib's global literal converters
    # and not fully restore them (a valid "--01-31"^^xsd:gMonthDay then fails to convert).
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(g)
    err_type = URIRef(_ERR + "ErrorMessage")
    for m in list(g.subjects(RDF.type, err_type)):
        for text in g.objects(m, URIRef(_ERR + "error")):
            log.warning("OWL 2 RL closure: %s", text)
        g.remove((m, None, None))


def _kernel(closed: Graph, annotation_props: set) -> Graph:
    """The part of a closed TBox that OWL 2 RL rules can use on data."""
    k = Graph()
    for s, p, o in closed:
        if isinstance(s, Literal) or p in annotation_props:
            continue
        if (s == o and p in _TAUTOLOGIES) or (p == RDF.type and o in (OWL.Thing, RDFS.Resource)):
            continue
        k.add((s, p, o))
    return k


def closed_ontology(ontology: Graph) -> tuple[Graph, Graph, frozenset[BNode]]:
    """The closure of ``ontology`` alone, cached by content.

    Returns:
        ``(entailed, kernel, bnodes)``: the useful triples the TBox entails on its own
        (filtered, minus what it asserts), the rule-relevant part of the closed TBox that is
        fed to every data closure, and the blank nodes of the closed TBox (its RDF lists).
    """
    fast = _BY_ID.get(id(ontology))
    if fast is not None and fast[0] is ontology and fast[1] == len(ontology):
        return fast[2]
    key = _digest(ontology)
    hit = _TBOX_CACHE.get(key)
    if hit is not None:
        _remember(ontology, hit)
        return hit
    closed = Graph()
    for t in ontology:
        closed.add(t)
    _expand(closed)
    annotation_props = set(_ANNOTATIONS) | set(closed.subjects(RDF.type, OWL.AnnotationProperty))
    bnodes = frozenset(n for t in closed for n in (t[0], t[2]) if isinstance(n, BNode))
    entailed = Graph()
    for t in closed:
        if t not in ontology and is_useful(t, ontology_bnodes=bnodes):
            entailed.add(t)
    result = (entailed, _kernel(closed, annotation_props), bnodes)
    if len(_TBOX_CACHE) > 8:
        _TBOX_CACHE.clear()
    _TBOX_CACHE[key] = result
    _remember(ontology, result)
    return result


_BY_ID: dict[int, tuple[Graph, int, tuple[Graph, Graph, frozenset[BNode]]]] = {}
"""The last TBox graphs seen, by identity and size: hashing a TBox's content costs more
than closing a document, so a graph object seen before (and not grown since) skips it."""


def _remember(ontology: Graph, result: tuple[Graph, Graph, frozenset[BNode]]) -> None:
    if len(_BY_ID) > 8:
        _BY_ID.clear()
    _BY_ID[id(ontology)] = (ontology, len(ontology), result)


_PROXY = URIRef("urn:x-kg:literal-proxy")
"""Datatype of the opaque stand-ins that replace data literals during the closure."""


_RULES: dict[int, tuple[Graph, object, frozenset]] = {}


def _compiled(kernel: Graph) -> tuple[object, frozenset]:
    """The compiled rules of a cached kernel (see :mod:`kg.reason.rules`; None if it needs
    owlrl) and the kernel's triples as a set."""
    hit = _RULES.get(id(kernel))
    if hit is None or hit[0] is not kernel:
        from kg.reason.rules import compile_rules

        if len(_RULES) > 8:
            _RULES.clear()
        hit = _RULES[id(kernel)] = (kernel, compile_rules(kernel), frozenset(kernel))
    return hit[1], hit[2]


def infer(data: set, *, ontology: Graph) -> set | None:
    """:func:`reason` on a set of triples with the compiled rules, as a set of triples.

    The same triples as ``set(reason(graph_of(data), ontology=ontology))``, without building
    rdflib graphs (which costs more than the rules on a document). Returns None when the
    compiled rules are not complete for this TBox or data (:func:`kg.reason.rules.applies`):
    the caller then runs :func:`reason`, which falls back to owlrl.
    """
    from kg.reason.rules import applies_to_triples, closure

    entailed, kernel, bnodes = closed_ontology(ontology)
    rules, kernel_set = _compiled(kernel)
    if rules is None or not applies_to_triples(data):
        return None
    onto = _triples_of(ontology)
    out = {
        t
        for t in closure(rules, data)
        if t not in data
        and t not in kernel_set
        and t not in onto
        and is_useful(t, ontology_bnodes=bnodes)
    }
    out.update(t for t in _triples_of(entailed) if t not in data)
    return out


_DERIVED: dict[tuple[str, int], tuple[Graph, int, object]] = {}


def derived(g: Graph, what: str, make):
    """``make(g)``, cached for the graph object ``g`` while its size stays the same.

    Hashing a graph's content costs more than closing a document, so the TBox and the
    reference data, which every document reuses, are remembered by identity and size.
    """
    key = (what, id(g))
    hit = _DERIVED.get(key)
    if hit is None or hit[0] is not g or hit[1] != len(g):
        if len(_DERIVED) > 32:
            _DERIVED.clear()
        hit = _DERIVED[key] = (g, len(g), make(g))
    return hit[2]


def _triples_of(g: Graph) -> frozenset:
    """The triples of a cached TBox graph as a frozenset."""
    return derived(g, "triples", frozenset)


def reason(data: Graph, *, ontology: Graph, engine: str = "auto") -> Graph:
    """Inferred triples of the OWL 2 RL closure of ``ontology`` + ``data``, and only those.

    Literals of ``data`` are replaced by opaque stand-ins while owlrl runs and put back in
    the results: the rules that matter (``prp-dom``, ``prp-spo1`` ...) only need literal
    identity, and owlrl's datatype handling would otherwise misread valid values such as
    ``"--01-31"^^xsd:gMonthDay`` and flood the graph with literal-subject artefacts.
    (So datatype entailments, ``dt-*`` and ``xsd`` range checks, are out of scope: SHACL
    checks values.)

    Args:
        data: asserted instance data (it may also contain ontology triples; they count as
            asserted).
        ontology: the TBox (``ontology/kg.ttl``); closed once and cached.
        engine: ``"owlrl"`` runs owlrl; ``"auto"`` (the default) runs the rules compiled from
            the closed TBox (:mod:`kg.reason.rules`, same results, about 50 times faster)
            when they are complete for this TBox and data, and owlrl otherwise.

    Returns:
        A new graph with the useful entailments (see :func:`is_useful`) that neither
        ``ontology`` nor ``data`` asserts. The inputs are not modified.
    """
    entailed, kernel, bnodes = closed_ontology(ontology)
    if engine == "auto":
        from kg.reason.rules import applies, closure

        rules, kernel_set = _compiled(kernel)
        if rules is not None and applies(data):
            asserted = set(data)
            new = [
                t
                for t in closure(rules, asserted)
                if t not in asserted
                and t not in kernel_set
                and is_useful(t, ontology_bnodes=bnodes)
            ]
            out = Graph()
            out.addN((*t, out) for t in new if t not in ontology)
            out.addN((*t, out) for t in entailed if t not in asserted)
            return out
    elif engine != "owlrl":
        raise ValueError(f"unknown reasoning engine {engine!r}: use 'auto' or 'owlrl'")
    proxies: dict[Literal, Literal] = {}
    back: dict[Literal, Literal] = {}

    def proxy(o):
        if not isinstance(o, Literal):
            return o
        p = proxies.get(o)
        if p is None:
            p = proxies[o] = Literal(str(len(proxies)), datatype=_PROXY)
            back[p] = o
        return p

    work = Graph()
    for t in kernel:
        work.add(t)
    for s, p, o in data:
        work.add((s, p, proxy(o)))
    _expand(work)
    out = Graph()
    for s, p, o in work:
        if isinstance(s, Literal):
            continue
        if isinstance(o, Literal) and o.datatype == _PROXY:
            if o not in back:
                continue
            o = back[o]
        t = (s, p, o)
        if t in kernel or t in data or t in ontology:
            continue
        if is_useful(t, ontology_bnodes=bnodes):
            out.add(t)
    for t in entailed:
        if t not in data:
            out.add(t)
    return out
