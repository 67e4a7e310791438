"""Compiled SHACL validation: the shapes graph as Python checks, with pySHACL's results.

:func:`compile_shapes` reads a shapes graph once (the result is kept, and compiled again
if the graph changes) and turns every shape into small Python functions over a
:class:`DataView`: the data graph indexed in dictionaries plus, on demand, the reference
triples :func:`kg.validate.shacl.with_context` would copy into it. Validating a document is
then a pass over its subjects and a few dictionary look-ups per constraint, with no copy of
the graph and no SPARQL.

The engine gives the results pySHACL gives (``advanced=True``, ``allow_warnings=True``, no
inference): the same focus nodes, value nodes, paths, source shapes, constraint components,
severities and messages, and :func:`report_graph` writes them as the report graph pySHACL
writes (source shapes and paths cloned from the shapes graph, ``sh:detail`` under
``sh:node`` results), so that :func:`kg.validate.report.results_from_report` reads the same
records from it. Each constraint component follows pySHACL's implementation: value nodes are
sets, ``sh:datatype`` rejects ill-typed literals (``"abc"^^xsd:integer``) and checks the
Python value of the literal, ranges compare with pySHACL's ``compare_literal``, ``sh:or``
and ``sh:node`` use the same conformance rule, with warnings allowed.

SPARQL-based constraints are Python checks registered by the constraint's IRI in
:data:`SPARQL_CHECKS`; the ``sh:select`` text in the shapes stays the reference. Each check
names the query it implements, and a shapes graph whose constraint carries another query
(or another namespace for a prefix) is not compiled. A check decides the common case in
Python (offsets that are well-typed integers, texts that are plain strings); when a focus
node's terms fall outside that case (an ill-typed offset, a language-tagged quote) it
raises :class:`Undecided`, and the constraint's own query is run with rdflib over the
triples it can read from that focus node, so the answer is still the query's (and where
rdflib fails on the query, say on an offset that is not a number, it fails as under pySHACL).

Anything the engine does not implement (a constraint component, a path, a target, a
SHACL-AF feature, a SPARQL constraint with no registered check, a reported constraint
without ``sh:message``, recursive shapes) makes :func:`compile_shapes` raise
:class:`UnsupportedShapes` naming it; :func:`kg.validate.shacl.validate` then uses pySHACL.
No constraint is ever skipped.

SHACL: https://www.w3.org/TR/shacl/
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.store import TripleAddedEvent
from rdflib.term import Node

from kg.vocab import KG, NIF

__all__ = [
    "SPARQL_CHECKS",
    "DataView",
    "Program",
    "SparqlCheck",
    "Undecided",
    "UnsupportedShapes",
    "ValidationOutcome",
    "compile_shapes",
    "report_graph",
    "sparql_check",
    "unsupported_reason",
]

# One object per IRI the shapes and the checks use. rdflib compares terms in Python, so a
# dictionary look-up with an equal but distinct object costs a call; the data view maps its
# terms to these objects, and most look-ups then succeed on identity.
_CANON: dict[Node, Node] = {}


def _canon(term: Node) -> Any:
    """The one object that stands for ``term`` (an IRI); other terms are returned as they are."""
    if type(term) is not URIRef:
        return term
    return _CANON.setdefault(term, term)


# Links with_context does not follow (kept equal to kg.validate.shacl._NOT_FOLLOWED).
NOT_FOLLOWED = frozenset(_canon(t) for t in (SKOS.hasTopConcept, SKOS.narrower, SKOS.member))

_RDF_TYPE = _canon(RDF.type)
_SUBCLASS_OF = _canon(RDFS.subClassOf)
_VIOLATION = _canon(SH.Violation)
_ALLOWED_SEVERITIES = frozenset({_canon(SH.Info), _canon(SH.Warning)})
_EMPTY: tuple[Node, ...] = ()
_NO_RESULTS: tuple[_Result, ...] = ()


class UnsupportedShapes(Exception):
    """The shapes graph uses something the compiled engine does not implement."""


class Undecided(Exception):
    """A SPARQL check cannot decide a focus node in Python; its query must be run."""


# --------------------------------------------------------------------------------------
# The data: a document graph plus the reference triples about the nodes it reaches
# --------------------------------------------------------------------------------------


class _GraphCache:
    """Values computed from a few graphs, computed again when a graph changes.

    A change is a triple added (the store announces it) or a change of size (rdflib's memory
    store does not announce removals). Entries hold their graph, so at most ``size`` graphs
    are kept.
    """

    def __init__(self, build: Callable[[Graph], Any], size: int = 8) -> None:
        self._build = build
        self._size = size
        self._entries: dict[int, _CacheEntry] = {}

    def get(self, graph: Graph) -> Any:
        entry = self._entries.get(id(graph))
        if entry is None or entry.graph is not graph:
            if len(self._entries) >= self._size:
                self._entries.clear()
            entry = self._entries[id(graph)] = _CacheEntry(graph)
        return entry.value(self._build)


class _CacheEntry:
    __slots__ = ("_built_at", "_changes", "_size", "_value", "graph")

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._changes = 0
        self._built_at = -1
        self._size = -1
        self._value: Any = None
        dispatcher = getattr(graph.store, "dispatcher", None)
        if dispatcher is not None:
            dispatcher.subscribe(TripleAddedEvent, self._changed)

    def _changed(self, event: object) -> None:
        self._changes += 1

    def value(self, build: Callable[[Graph], Any]) -> Any:
        size = len(self.graph)
        if self._built_at != self._changes or self._size != size:
            self._value = build(self.graph)
            self._built_at, self._size = self._changes, size
        return self._value


class _Reference:
    """Memoised look-ups in one reference graph, shared by every validation against it."""

    __slots__ = ("_objects", "_terms", "graph")

    _LIMIT = 500_000

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._objects: dict[tuple[Node, Node], tuple[Node, ...]] = {}
        self._terms: dict[Node, Node] = dict(_CANON)

    def objects(self, node: Node, pred: Node) -> tuple[Node, ...]:
        key = (node, pred)
        found = self._objects.get(key)
        if found is None:
            if len(self._objects) > self._LIMIT:
                self._objects.clear()
                self._terms = dict(_CANON)
            intern = self._terms.setdefault
            found = tuple(
                intern(o, o) if type(o) is URIRef else o for o in self.graph.objects(node, pred)
            )
            self._objects[key] = found
        return found


_REFERENCES = _GraphCache(_Reference)


def _reference(graph: Graph) -> _Reference:
    return _REFERENCES.get(graph)


class DataView:
    """The graph a shape reads: ``data``, and the ``reference`` triples with_context adds.

    :func:`kg.validate.shacl.with_context` copies into the data the reference triples about
    every node the data mentions but does not type, following the objects of the added
    triples. Every node a shape reaches by following triples forward from a subject of the
    data is such a node (or one the data types), so the view answers ``objects(n, p)`` with
    the data's values plus, for a node the data does not type, the reference's: exactly what
    the copied graph holds, without copying it. Without a reference the view is the data.
    """

    __slots__ = ("_supers", "reference", "spo", "typed")

    def __init__(self, data: Graph, reference: Graph | None = None) -> None:
        spo: dict[Node, dict[Node, list[Node]]] = {}
        typed: set[Node] = set()
        rdf_type = _RDF_TYPE
        terms = _CANON.copy()  # the data's IRIs and blank nodes, one object each
        intern = terms.setdefault
        for s, p, o in data:
            s = intern(s, s)
            p = intern(p, p)
            if type(o) is not Literal:
                o = intern(o, o)
            by_pred = spo.get(s)
            if by_pred is None:
                spo[s] = {p: [o]}
            else:
                values = by_pred.get(p)
                if values is None:
                    by_pred[p] = [o]
                else:
                    values.append(o)
            if p is rdf_type:
                typed.add(s)
        self.spo = spo
        self.typed = typed
        self.reference = _reference(reference) if reference is not None else None
        self._supers: dict[Node, frozenset[Node]] = {}

    @property
    def subjects(self) -> Iterable[Node]:
        """The subjects of the data graph."""
        return self.spo.keys()

    def objects(self, node: Node, pred: Node) -> Sequence[Node]:
        """The values of ``pred`` on ``node`` (read-only; no duplicates)."""
        by_pred = self.spo.get(node)
        own = by_pred.get(pred) if by_pred is not None else None
        ref = self.reference
        if ref is None or node in self.typed or pred in NOT_FOLLOWED or isinstance(node, Literal):
            return own or _EMPTY
        more = ref.objects(node, pred)
        if not more:
            return own or _EMPTY
        if not own:
            return more
        return tuple(dict.fromkeys((*own, *more)))

    def predicate_objects(self, node: Node) -> list[tuple[Node, Node]]:
        """Every (predicate, object) of ``node`` in the view."""
        out = [(p, o) for p, values in self.spo.get(node, {}).items() for o in values]
        ref = self.reference
        if ref is not None and node not in self.typed and not isinstance(node, Literal):
            seen = set(out)
            for p, o in ref.graph.predicate_objects(node):
                if p not in NOT_FOLLOWED and (p, o) not in seen:
                    seen.add((p, o))
                    out.append((p, o))
        return out

    def superclasses(self, cls: Node) -> frozenset[Node]:
        """``cls`` and its superclasses: the values of ``rdfs:subClassOf*``."""
        found = self._supers.get(cls)
        if found is None:
            seen = {cls}
            todo = [cls]
            while todo:
                for sup in self.objects(todo.pop(), _SUBCLASS_OF):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            found = frozenset(seen)
            self._supers[cls] = found
        return found

    def classes(self, node: Node) -> set[Node]:
        """Every class ``node`` is a SHACL instance of (``rdf:type/rdfs:subClassOf*``)."""
        out: set[Node] = set()
        for t in self.objects(node, _RDF_TYPE):
            out |= self.superclasses(t)
        return out

    def is_instance(self, node: Node, cls: Node) -> bool:
        """``node`` is a SHACL instance of ``cls`` (a literal never is)."""
        if isinstance(node, Literal):
            return False
        for t in self.objects(node, _RDF_TYPE):
            if t is cls or cls in self.superclasses(t):
                return True
        return False

    def has(self, node: Node, pred: Node) -> bool:
        """``node`` has at least one value of ``pred``."""
        return bool(self.objects(node, pred))


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Result:
    """One validation result, with the nodes pySHACL puts in its report."""

    focus: Node
    value: Node | None
    path: Node | None
    shape: Node
    component: URIRef
    severity: Node
    messages: tuple[Node, ...]
    constraint: Node | None = None
    details: tuple[_Result, ...] = ()


@dataclass(frozen=True)
class ValidationOutcome:
    """What :meth:`Program.run` found: the top-level results, and pySHACL's conformance."""

    results: tuple[_Result, ...]
    conforms: bool


# A check of one constraint component: (view, focus, its value nodes) -> None when the focus
# conforms with no result, else (conforms, results).
_CheckOut = tuple[bool, list[_Result]] | None
_Check = Callable[[DataView, Node, Sequence[Node]], _CheckOut]
_PathFn = Callable[[DataView, Node], Sequence[Node]]


@dataclass(eq=False)
class _Shape:
    node: Node
    path_node: Node | None = None
    path: _PathFn | None = None
    severity: Node = _VIOLATION
    messages: tuple[Node, ...] = ()
    deactivated: bool = False
    checks: list[_Check] = field(default_factory=list)
    target_classes: frozenset[Node] = frozenset()
    target_subjects_of: tuple[Node, ...] = ()
    allow_conform: bool = False  # the shape's severity is a warning or an info

    def values(self, view: DataView, focus: Node) -> Sequence[Node]:
        return (focus,) if self.path is None else self.path(view, focus)

    def validate(self, view: DataView, focus: Node) -> tuple[bool, Sequence[_Result]]:
        """pySHACL's ``Shape.validate`` for one focus node (see :meth:`validate_many`)."""
        if self.deactivated:
            return True, _NO_RESULTS
        values = (focus,) if self.path is None else self.path(view, focus)
        results: list[_Result] | None = None
        conforms = True
        for check in self.checks:
            out = check(view, focus, values)
            if out is None:
                continue
            ok, found = out
            if found:
                if results is None:
                    results = []
                results.extend(found)
            if not ok and not self.allow_conform:
                if any(r.severity not in _ALLOWED_SEVERITIES for r in found):
                    conforms = False
        return conforms, results or _NO_RESULTS

    def validate_many(self, view: DataView, foci: Sequence[Node]) -> tuple[bool, Sequence[_Result]]:
        """pySHACL's ``Shape.validate``: each constraint over every focus node, with
        ``allow_warnings``: a failing constraint makes the shape fail unless the shape's own
        severity is a warning or an info, or every result it gave is one."""
        if self.deactivated or not foci:
            return True, _NO_RESULTS
        pairs = [(f, self.values(view, f)) for f in foci]
        results: list[_Result] = []
        conforms = True
        for check in self.checks:
            ok = True
            found: list[_Result] = []
            for f, values in pairs:
                out = check(view, f, values)
                if out is not None:
                    ok = ok and out[0]
                    found.extend(out[1])
            if not ok and not self.allow_conform:
                if any(r.severity not in _ALLOWED_SEVERITIES for r in found):
                    conforms = False
            results.extend(found)
        return conforms, results

    def result(
        self,
        focus: Node,
        component: URIRef,
        value: Node | None = None,
        details: tuple[_Result, ...] = (),
    ) -> _Result:
        return _Result(
            focus,
            value,
            self.path_node,
            self.node,
            component,
            self.severity,
            self.messages,
            None,
            details,
        )


# --------------------------------------------------------------------------------------
# SPARQL-based constraints: Python checks registered by IRI
# --------------------------------------------------------------------------------------

# pySHACL's default prefixes for SPARQL constraints, before sh:prefixes adds its own.
_DEFAULT_PREFIXES = {
    "sh": str(SH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}


def _normal(text: str) -> str:
    return " ".join(str(text).split())


@dataclass(frozen=True)
class SparqlCheck:
    """A Python implementation of one ``sh:SPARQLConstraint`` of the shapes.

    ``values(view, this)`` returns the ``?value`` of each solution for focus node ``this``
    (each once), or raises :class:`Undecided`. ``select`` is the query text it implements
    (compared with the shapes' after collapsing white space), ``prefixes`` the namespaces the
    text's prefixes must stand for, ``path`` the ``?path`` every solution binds, and ``reach``
    how many triples away from ``this`` the query reads (for running the query itself).
    """

    constraint: URIRef
    select: str
    prefixes: Mapping[str, str]
    path: URIRef
    values: Callable[[DataView, Node], Iterable[Node]]
    reach: int = 2


SPARQL_CHECKS: dict[URIRef, SparqlCheck] = {}
"""The SPARQL constraints the compiled engine implements, by IRI."""


_Values = Callable[[DataView, Node], Iterable[Node]]
# (?this, ?path, ?value, the other variables) of a solution of a SPARQL constraint
_Solution = tuple[Node | None, Node | None, Node | None, dict]


def sparql_check(
    constraint: URIRef, *, select: str, prefixes: Mapping[str, str], path: URIRef, reach: int = 2
) -> Callable[[_Values], _Values]:
    """Register the decorated function as the Python check of ``constraint``."""

    def register(fn: _Values) -> _Values:
        SPARQL_CHECKS[constraint] = SparqlCheck(
            constraint, select, {k: str(v) for k, v in prefixes.items()}, _canon(path), fn, reach
        )
        return fn

    return register


_KGS = "https://w3id.org/kg/shapes#"
_IS_STRING = _canon(NIF.isString)
_REFERENCE_CONTEXT = _canon(NIF.referenceContext)
_BEGIN = _canon(NIF.beginIndex)
_END = _canon(NIF.endIndex)
_ANCHOR = _canon(NIF.anchorOf)
_CONTENT_HASH = _canon(KG.contentHash)
_EVIDENCE = _canon(KG.evidence)
_REPORTED_IN = _canon(KG.reportedIn)
_START_DATE = _canon(KG.startDate)
_END_DATE = _canon(KG.endDate)
_INTEGER_TYPES = frozenset(
    {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long}
)
_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _plain_string(node: Node) -> bool:
    """A literal without language tag whose datatype is xsd:string or none."""
    return (
        isinstance(node, Literal)
        and node.language is None
        and (node.datatype is None or node.datatype == XSD.string)
    )


def _integer(node: Node) -> int:
    """The value of a well-typed integer literal; anything else is left to the query."""
    if (
        isinstance(node, Literal)
        and node.datatype in _INTEGER_TYPES
        and isinstance(node.value, int)
        and not isinstance(node.value, bool)
    ):
        return node.value
    raise Undecided


@sparql_check(
    URIRef(_KGS + "ArticleHashConstraint"),
    prefixes={"kg": KG, "nif": NIF},
    path=KG.contentHash,
    select="""
        SELECT $this ?value (kg:contentHash AS ?path)
        WHERE {
            $this nif:isString ?text ; kg:contentHash ?value .
            FILTER (SHA256(STR(?text)) != STR(?value))
        }""",
)
def _article_hash(view: DataView, this: Node) -> list[Node]:
    out = []
    for text in view.objects(this, _IS_STRING):
        for value in view.objects(this, _CONTENT_HASH):
            if not (isinstance(text, Literal) and _plain_string(value)):
                raise Undecided
            if hashlib.sha256(str(text).encode("utf-8")).hexdigest() != str(value):
                out.append(value)
    return out


@sparql_check(
    URIRef(_KGS + "ClaimEvidenceInSourceConstraint"),
    prefixes={"kg": KG, "nif": NIF},
    path=KG.evidence,
    select="""
        SELECT $this ?value (kg:evidence AS ?path)
        WHERE {
            $this kg:evidence ?value .
            FILTER NOT EXISTS { ?value nif:referenceContext ?doc . $this kg:reportedIn ?doc . }
        }""",
)
def _evidence_in_source(view: DataView, this: Node) -> list[Node]:
    sources = set(view.objects(this, _REPORTED_IN))
    return [
        span
        for span in view.objects(this, _EVIDENCE)
        if sources.isdisjoint(view.objects(span, _REFERENCE_CONTEXT))
    ]


def _span_texts(view: DataView, this: Node) -> Iterable[tuple[int, int, Node, str]]:
    """(begin, end, end literal, text) for every article text, begin and end of a span."""
    for doc in view.objects(this, _REFERENCE_CONTEXT):
        for text in view.objects(doc, _IS_STRING):
            for begin in view.objects(this, _BEGIN):
                for end in view.objects(this, _END):
                    if not _plain_string(text):
                        raise Undecided
                    yield _integer(begin), _integer(end), end, str(text)


@sparql_check(
    URIRef(_KGS + "TextSpanOffsetsConstraint"),
    prefixes={"nif": NIF},
    path=NIF.endIndex,
    select="""
        SELECT $this ?value (nif:endIndex AS ?path)
        WHERE {
            $this nif:referenceContext ?doc ; nif:beginIndex ?begin ; nif:endIndex ?value .
            ?doc nif:isString ?text .
            FILTER (!(?begin >= 0 && ?begin < ?value && ?value <= STRLEN(?text)))
        }""",
)
def _span_offsets(view: DataView, this: Node) -> list[Node]:
    return [
        end_node
        for begin, end, end_node, text in _span_texts(view, this)
        if not (0 <= begin < end <= len(text))
    ]


@sparql_check(
    URIRef(_KGS + "TextSpanQuoteConstraint"),
    prefixes={"nif": NIF},
    path=NIF.anchorOf,
    select="""
        SELECT $this ?value (nif:anchorOf AS ?path)
        WHERE {
            $this nif:referenceContext ?doc ; nif:beginIndex ?begin ; nif:endIndex ?end ;
                  nif:anchorOf ?value .
            ?doc nif:isString ?text .
            FILTER (?begin >= 0 && ?begin < ?end && ?end <= STRLEN(?text))
            FILTER (SUBSTR(STR(?text), ?begin + 1, ?end - ?begin) != STR(?value))
        }""",
)
def _span_quote(view: DataView, this: Node) -> list[Node]:
    quotes = view.objects(this, _ANCHOR)
    out = []
    for begin, end, _, text in _span_texts(view, this):
        for quote in quotes:
            if not _plain_string(quote):
                raise Undecided
            if 0 <= begin < end <= len(text) and text[begin:end] != str(quote):
                out.append(quote)
    return out


@sparql_check(
    URIRef(_KGS + "EventDateOrderConstraint"),
    prefixes={"kg": KG, "xsd": XSD},
    path=KG.endDate,
    reach=1,
    select="""
        SELECT $this ?value (kg:endDate AS ?path)
        WHERE {
            $this kg:startDate ?start ; kg:endDate ?value .
            FILTER (DATATYPE(?start) = xsd:date && DATATYPE(?value) = xsd:date && ?value < ?start)
        }""",
)
def _event_date_order(view: DataView, this: Node) -> list[Node]:
    out = []
    for start in view.objects(this, _START_DATE):
        for end in view.objects(this, _END_DATE):
            if not (isinstance(start, Literal) and isinstance(end, Literal)):
                raise Undecided
            if start.datatype != XSD.date or end.datatype != XSD.date:
                continue  # DATATYPE(...) = xsd:date is false: no solution
            for d in (start, end):
                if not (
                    isinstance(d.value, date)
                    and not isinstance(d.value, datetime)
                    and _PLAIN_DATE.fullmatch(str(d))
                ):
                    raise Undecided
            if end.value < start.value:
                out.append(end)
    return out


# --------------------------------------------------------------------------------------
# Compiling the shapes graph
# --------------------------------------------------------------------------------------

# Constraint parameters, each the parameter of one component (pySHACL evaluates each
# component of a shape once, whatever the number of its parameter triples).
_COMPONENT_OF = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.property: SH.PropertyConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}
# Components whose results carry the shape's sh:message, or else a generic message of
# pySHACL's (sh:property gives the property shapes' results; a SPARQL result carries the
# constraint's and the shape's messages, and none when both have none, as in pySHACL).
_REPORTING = frozenset(_COMPONENT_OF.values()) - {
    SH.PropertyConstraintComponent,
    SH.SPARQLConstraintComponent,
}
_TARGETS = (SH.targetClass, SH.targetSubjectsOf)
_PATHS = (SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)
# Every SHACL predicate the engine understands; any other in the shapes graph is a
# construct it does not implement.
_KNOWN_PREDICATES = frozenset(
    {
        *_COMPONENT_OF,
        *_TARGETS,
        *_PATHS,
        SH.path,
        SH.flags,
        SH.message,
        SH.severity,
        SH.deactivated,
        SH.select,
        SH.prefixes,
        SH.declare,
        SH.prefix,
        SH.namespace,
        # non-validating annotations
        SH.name,
        SH.description,
        SH.order,
        SH.group,
        SH.defaultValue,
    }
)
_KNOWN_TYPES = frozenset({SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint, SH.PropertyGroup})
_NODE_KINDS = {
    SH.IRI: (URIRef,),
    SH.BlankNode: (BNode,),
    SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}


class Program:
    """A compiled shapes graph: :meth:`run` validates a data graph."""

    def __init__(self, shapes: Graph, top: list[_Shape]) -> None:
        self.shapes = shapes
        self.top = top  # the shapes with targets
        self._by_class: dict[Node, list[int]] = {}
        self._by_subject_of: dict[Node, list[int]] = {}
        for i, shape in enumerate(top):
            for c in shape.target_classes:
                self._by_class.setdefault(c, []).append(i)
            for p in shape.target_subjects_of:
                self._by_subject_of.setdefault(p, []).append(i)

    def focus_nodes(self, view: DataView) -> dict[int, list[Node]]:
        """The focus nodes of every top-level shape (by index) among the data's subjects.

        With a reference, pySHACL also finds focus nodes only the reference describes;
        their results are dropped (they belong to the reference data), so they are not
        looked for.
        """
        foci: dict[int, list[Node]] = {}
        by_class = self._by_class
        by_subject_of = self._by_subject_of
        for s in view.subjects:
            hit: set[int] = set()
            if by_class:
                for c in view.classes(s):
                    hit.update(by_class.get(c, ()))
            for p, shapes in by_subject_of.items():
                if view.has(s, p):
                    hit.update(shapes)
            for i in hit:
                foci.setdefault(i, []).append(s)
        return foci

    def run(self, data: Graph, reference: Graph | None = None) -> ValidationOutcome:
        """Validate ``data`` (with ``reference`` as its context, or alone)."""
        view = DataView(data, reference)
        results: list[_Result] = []
        conforms = True
        for i, foci in sorted(self.focus_nodes(view).items()):
            ok, found = self.top[i].validate_many(view, foci)
            conforms = conforms and ok
            results.extend(found)
        return ValidationOutcome(tuple(results), conforms)


class _Compiler:
    def __init__(self, sg: Graph) -> None:
        self.sg = sg
        self.problems: list[str] = []
        self.done: dict[Node, _Shape] = {}
        self.busy: set[Node] = set()

    def fail(self, what: str) -> None:
        if what not in self.problems:
            self.problems.append(what)

    # -- the whole graph -------------------------------------------------------------

    def compile(self) -> Program:
        sg = self.sg
        for s, p, o in sg:
            if str(p).startswith(str(SH)) and p not in _KNOWN_PREDICATES:
                self.fail(f"{_n(p)} (on {_n(s)})")
            if p == RDF.type and str(o).startswith(str(SH)) and o not in _KNOWN_TYPES:
                self.fail(f"a {_n(o)} ({_n(s)})")
        class_types = {RDFS.Class, *sg.subjects(RDFS.subClassOf, RDFS.Class)}
        top = []
        for node in sorted(self._shape_nodes(), key=str):
            implicit = any(t in class_types for t in sg.objects(node, RDF.type))
            targets = [o for p in _TARGETS for o in sg.objects(node, p)]
            if not targets and not implicit:
                continue
            shape = self.shape(node)
            classes = [*sg.objects(node, SH.targetClass), *([node] if implicit else [])]
            shape.target_classes = frozenset(_canon(c) for c in classes)
            shape.target_subjects_of = tuple(
                dict.fromkeys(_canon(p) for p in sg.objects(node, SH.targetSubjectsOf))
            )
            top.append(shape)
            self._check_messages(node, set())
        if self.problems:
            raise UnsupportedShapes(
                "the compiled SHACL engine does not implement: " + "; ".join(self.problems)
            )
        return Program(sg, top)

    def _shape_nodes(self) -> set[Node]:
        """The nodes pySHACL takes as shapes (typed, with targets, or used as a shape)."""
        sg = self.sg
        nodes = set(sg.subjects(RDF.type, SH.NodeShape)) | set(
            sg.subjects(RDF.type, SH.PropertyShape)
        )
        for p in (*_TARGETS, SH.targetNode, SH.targetObjectsOf, SH.property, SH.node):
            nodes |= set(sg.subjects(p, None))
        for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            nodes |= set(sg.objects(None, p))
        for p in (SH["and"], SH["or"], SH.xone):
            for lst in sg.objects(None, p):
                nodes |= set(sg.items(lst))
        return nodes

    def _check_messages(self, node: Node, seen: set[Node]) -> None:
        """Every shape whose results are reported names them with sh:message (pySHACL's
        generic messages are not reproduced). Shapes inside sh:or report nothing."""
        if node in seen:
            return
        seen.add(node)
        sg = self.sg
        has_message = (node, SH.message, None) in sg
        preds = set(sg.predicates(node, None))
        components = {_COMPONENT_OF[p] for p in preds if p in _COMPONENT_OF}
        if components & _REPORTING and not has_message:
            self.fail(f"a reported constraint without sh:message on {_n(node)}")
        for p in (SH.property, SH.node):
            for child in sg.objects(node, p):
                self._check_messages(child, seen)

    # -- one shape ----------------------------------------------------------------------

    def shape(self, node: Node) -> _Shape:
        done = self.done.get(node)
        if done is not None:
            return done
        if node in self.busy:
            self.fail(f"recursive shapes ({_n(node)})")
            return _Shape(node)
        self.busy.add(node)
        sg = self.sg
        shape = _Shape(node)
        paths = list(sg.objects(node, SH.path))
        if len(paths) > 1:
            self.fail(f"several sh:path on {_n(node)}")
        elif paths:
            shape.path_node = paths[0]
            shape.path = self.path(paths[0], 0)
        severities = list(sg.objects(node, SH.severity))
        if len(severities) > 1:
            self.fail(f"several sh:severity on {_n(node)}")
        elif severities:
            shape.severity = _canon(severities[0])
            shape.allow_conform = shape.severity in _ALLOWED_SEVERITIES
        shape.messages = tuple(set(sg.objects(node, SH.message)))  # pySHACL's order
        deactivated = list(sg.objects(node, SH.deactivated))
        if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], Literal)):
            self.fail(f"sh:deactivated on {_n(node)}")
        elif deactivated:
            shape.deactivated = bool(deactivated[0].value)
        compiled: set[Node] = set()
        for p, _ in sg.predicate_objects(node):
            if p in _COMPONENT_OF and p not in compiled:
                compiled.add(p)
                check = self.component(shape, p)
                if check is not None:
                    shape.checks.append(check)
        self.busy.discard(node)
        self.done[node] = shape
        return shape

    def _one(self, shape: _Shape, param: Node) -> Node | None:
        values = list(self.sg.objects(shape.node, param))
        if len(values) != 1:
            self.fail(f"{len(values)} values of {_n(param)} on {_n(shape.node)}")
            return None
        return values[0]

    def component(self, shape: _Shape, param: Node) -> _Check | None:
        sg = self.sg
        make = getattr(self, "_c_" + str(param)[len(str(SH)) :], None)
        if make is None:  # pragma: no cover - _COMPONENT_OF and the methods agree
            self.fail(_n(param))
            return None
        return make(shape, list(sg.objects(shape.node, param)))

    # -- value type -----------------------------------------------------------------------

    def _c_class(self, shape: _Shape, classes: list[Node]) -> _Check:
        component = SH.ClassConstraintComponent
        classes = [_canon(c) for c in classes]

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [
                shape.result(focus, component, v)
                for c in classes
                for v in values
                if not view.is_instance(v, c)
            ]
            return (False, bad) if bad else None

        return check

    def _c_datatype(self, shape: _Shape, rules: list[Node]) -> _Check | None:
        rule = self._one(shape, SH.datatype)
        if rule is None:
            return None
        component = SH.DatatypeConstraintComponent
        ok = _datatype_test(rule)

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            for v in values:
                if not ok(v):
                    break
            else:
                return None
            return False, [shape.result(focus, component, v) for v in values if not ok(v)]

        return check

    def _c_nodeKind(self, shape: _Shape, kinds: list[Node]) -> _Check | None:
        kind = self._one(shape, SH.nodeKind)
        if kind is None:
            return None
        if kind not in _NODE_KINDS:
            self.fail(f"sh:nodeKind {_n(kind)}")
            return None
        types = _NODE_KINDS[kind]
        component = SH.NodeKindConstraintComponent

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [shape.result(focus, component, v) for v in values if not isinstance(v, types)]
            return (False, bad) if bad else None

        return check

    # -- cardinality ---------------------------------------------------------------------

    def _count(self, shape: _Shape, param: Node) -> int | None:
        value = self._one(shape, param)
        if value is None:
            return None
        if not (isinstance(value, Literal) and isinstance(value.value, int)):
            self.fail(f"{_n(param)} {value!r} on {_n(shape.node)}")
            return None
        return int(value.value)

    def _c_minCount(self, shape: _Shape, _: list[Node]) -> _Check | None:
        n = self._count(shape, SH.minCount)
        if n is None or n == 0:
            return None
        component = SH.MinCountConstraintComponent

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            return None if len(values) >= n else (False, [shape.result(focus, component)])

        return check

    def _c_maxCount(self, shape: _Shape, _: list[Node]) -> _Check | None:
        n = self._count(shape, SH.maxCount)
        if n is None:
            return None
        component = SH.MaxCountConstraintComponent

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            return None if len(values) <= n else (False, [shape.result(focus, component)])

        return check

    # -- value range ---------------------------------------------------------------------

    def _range(
        self, shape: _Shape, bounds: list[Node], component: URIRef, passes: Callable[[int], bool]
    ) -> _Check | None:
        if not all(isinstance(b, Literal) for b in bounds):
            self.fail(f"a non-literal bound on {_n(shape.node)}")
            return None
        from pyshacl.rdfutil.compare import compare_literal

        def ok(v: Node, bound: Literal) -> bool:
            if not isinstance(v, Literal):
                return False
            if isinstance(bound.value, str) != isinstance(v.value, str):
                return False
            try:
                return passes(compare_literal(v, bound))
            except (TypeError, NotImplementedError):
                return False

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [
                shape.result(focus, component, v)
                for b in bounds
                for v in values
                if not ok(v, b)  # type: ignore[arg-type]
            ]
            return (False, bad) if bad else None

        return check

    def _c_minInclusive(self, shape: _Shape, bounds: list[Node]) -> _Check | None:
        return self._range(shape, bounds, SH.MinInclusiveConstraintComponent, lambda c: c >= 0)

    def _c_maxInclusive(self, shape: _Shape, bounds: list[Node]) -> _Check | None:
        return self._range(shape, bounds, SH.MaxInclusiveConstraintComponent, lambda c: c <= 0)

    def _c_minExclusive(self, shape: _Shape, bounds: list[Node]) -> _Check | None:
        return self._range(shape, bounds, SH.MinExclusiveConstraintComponent, lambda c: c > 0)

    def _c_maxExclusive(self, shape: _Shape, bounds: list[Node]) -> _Check | None:
        return self._range(shape, bounds, SH.MaxExclusiveConstraintComponent, lambda c: c < 0)

    # -- strings -----------------------------------------------------------------------

    def _length(self, shape: _Shape, param: Node) -> int | None:
        value = self._one(shape, param)
        if value is None:
            return None
        if not (isinstance(value, Literal) and isinstance(value.value, int) and value.value >= 0):
            self.fail(f"{_n(param)} {value!r} on {_n(shape.node)}")
            return None
        return int(value.value)

    def _c_minLength(self, shape: _Shape, _: list[Node]) -> _Check | None:
        n = self._length(shape, SH.minLength)
        if n is None:
            return None
        component = SH.MinLengthConstraintComponent

        def ok(v: Node) -> bool:
            if n == 0:
                return True
            return not isinstance(v, BNode) and len(_string_of(v)) >= n

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [shape.result(focus, component, v) for v in values if not ok(v)]
            return (False, bad) if bad else None

        return check

    def _c_maxLength(self, shape: _Shape, _: list[Node]) -> _Check | None:
        n = self._length(shape, SH.maxLength)
        if n is None:
            return None
        component = SH.MaxLengthConstraintComponent

        def ok(v: Node) -> bool:
            return not isinstance(v, BNode) and len(_string_of(v)) <= n

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [shape.result(focus, component, v) for v in values if not ok(v)]
            return (False, bad) if bad else None

        return check

    def _c_pattern(self, shape: _Shape, patterns: list[Node]) -> _Check | None:
        if not all(isinstance(p, Literal) for p in patterns):
            self.fail(f"a non-literal sh:pattern on {_n(shape.node)}")
            return None
        flags_found = list(self.sg.objects(shape.node, SH.flags))
        re_flags = 0
        if flags_found:
            flags = str(getattr(flags_found[0], "value", flags_found[0])).lower()
            re_flags |= re.I if "i" in flags else 0
            re_flags |= re.M if "m" in flags else 0
        try:
            matchers = [
                re.compile(
                    str(p.value) if p.value is not None and len(p.value) > 1 else str(p),
                    re_flags,  # type: ignore[union-attr, arg-type]
                )
                for p in patterns
            ]
        except re.error:
            self.fail(f"an invalid sh:pattern on {_n(shape.node)}")
            return None
        component = SH.PatternConstraintComponent

        def ok(matcher: re.Pattern, v: Node) -> bool:
            if isinstance(v, BNode):
                return False
            text = _string_of(v)
            return bool(matcher.match(text) or matcher.search(text))

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [
                shape.result(focus, component, v) for m in matchers for v in values if not ok(m, v)
            ]
            return (False, bad) if bad else None

        return check

    # -- other ---------------------------------------------------------------------------

    def _c_in(self, shape: _Shape, _: list[Node]) -> _Check | None:
        lst = self._one(shape, SH["in"])
        if lst is None:
            return None
        allowed = {_canon(v) for v in self.sg.items(lst)}
        component = SH.InConstraintComponent

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [shape.result(focus, component, v) for v in values if v not in allowed]
            return (False, bad) if bad else None

        return check

    def _c_hasValue(self, shape: _Shape, wanted: list[Node]) -> _Check:
        component = SH.HasValueConstraintComponent
        required = list(dict.fromkeys(_canon(v) for v in wanted))

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [shape.result(focus, component) for hv in required if hv not in values]
            return (False, bad) if bad else None

        return check

    # -- shape-based and logical -------------------------------------------------------------

    def _c_node(self, shape: _Shape, targets: list[Node]) -> _Check | None:
        nested = []
        for t in dict.fromkeys(targets):
            if (t, SH.path, None) in self.sg:
                self.fail(f"sh:node to a property shape ({_n(t)})")
                continue
            nested.append(self.shape(t))
        component = SH.NodeConstraintComponent

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = []
            for n in nested:
                for v in values:
                    ok, found = n.validate(view, v)
                    if not ok or found:
                        bad.append(shape.result(focus, component, v, tuple(found)))
            return (False, bad) if bad else None

        return check

    def _c_property(self, shape: _Shape, targets: list[Node]) -> _Check | None:
        nested = []
        for t in dict.fromkeys(targets):
            if (t, SH.path, None) not in self.sg:
                self.fail(f"sh:property to a shape without sh:path ({_n(t)})")
                continue
            nested.append(self.shape(t))

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            conforms = True
            found: list[_Result] = []
            for n in nested:
                for v in values:
                    ok, rs = n.validate(view, v)
                    conforms = conforms and ok
                    found.extend(rs)
            return None if conforms and not found else (conforms, found)

        return check

    def _c_or(self, shape: _Shape, lists: list[Node]) -> _Check | None:
        alternatives = []
        for lst in lists:
            members = list(dict.fromkeys(self.sg.items(lst)))
            if not members:
                self.fail(f"an empty sh:or list on {_n(shape.node)}")
                return None
            alternatives.append([self.shape(m) for m in members])
        component = SH.OrConstraintComponent

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [
                shape.result(focus, component, v)
                for members in alternatives
                for v in values
                if not any(m.validate(view, v)[0] for m in members)
            ]
            return (False, bad) if bad else None

        return check

    def _c_sparql(self, shape: _Shape, constraints: list[Node]) -> _Check | None:
        runners = []
        for c in dict.fromkeys(constraints):
            runner = self._sparql_runner(shape, c)
            if runner is not None:
                runners.append(runner)
        if not runners:
            return None

        def check(view: DataView, focus: Node, values: Sequence[Node]) -> _CheckOut:
            bad = [r for run in runners for r in run(view, focus)]
            return (False, bad) if bad else None

        return check

    def _sparql_runner(
        self, shape: _Shape, constraint: Node
    ) -> Callable[[DataView, Node], list[_Result]] | None:
        sg = self.sg
        impl = SPARQL_CHECKS.get(constraint) if isinstance(constraint, URIRef) else None
        if impl is None:
            self.fail(f"SPARQL constraint {_n(constraint)} (no Python check is registered)")
            return None
        selects = list(sg.objects(constraint, SH.select))
        if len(selects) != 1 or _normal(selects[0]) != _normal(impl.select):
            self.fail(f"SPARQL constraint {_n(constraint)} (sh:select is not the registered query)")
            return None
        prefixes = _sparql_prefixes(sg, constraint)
        for name, ns in impl.prefixes.items():
            if prefixes.get(name) != ns:
                self.fail(f"SPARQL constraint {_n(constraint)} (prefix {name}: is not <{ns}>)")
                return None
        deactivated = [d for d in sg.objects(constraint, SH.deactivated)]
        if deactivated:
            if not (isinstance(deactivated[0], Literal) and isinstance(deactivated[0].value, bool)):
                self.fail(f"sh:deactivated on {_n(constraint)}")
                return None
            if deactivated[0].value:
                return None
        extra = tuple(set(sg.objects(constraint, SH.message)))
        declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
        text = declared + "\n" + str(selects[0])
        query: list[Query] = []
        is_property = shape.path_node is not None

        def solutions(view: DataView, this: Node) -> list[_Solution]:
            try:
                return [(this, impl.path, v, {}) for v in dict.fromkeys(impl.values(view, this))]
            except Undecided:
                pass
            if not query:
                query.append(prepareQuery(text))
            return _run_query(query[0], view, this, impl.reach)

        def run(view: DataView, this: Node) -> list[_Result]:
            out = []
            for t, p, v, more in solutions(view, this):
                if v is None and not is_property:
                    v = this
                out.append(
                    _Result(
                        t or this,
                        v,
                        p if p is not None else shape.path_node,
                        shape.node,
                        SH.SPARQLConstraintComponent,
                        shape.severity,
                        _sparql_messages(extra, shape.messages, (t, p, v, more)),
                        constraint,
                    )
                )
            return out

        return run

    # -- paths ----------------------------------------------------------------------------

    def path(self, node: Node, depth: int) -> _PathFn:
        sg = self.sg
        if isinstance(node, URIRef):
            pred = _canon(node)

            def step(view: DataView, n: Node) -> Sequence[Node]:
                return view.objects(n, pred)

            return step
        if not isinstance(node, BNode):
            self.fail(f"sh:path {node!r}")
            return _no_values
        if (node, RDF.first, None) in sg:
            items = list(Collection(sg, node))
            if len(items) < (2 if depth == 0 else 1):
                self.fail("a sequence path of fewer than two steps")
                return _no_values
            steps = [self.path(i, depth + 1) for i in items]

            def sequence(view: DataView, n: Node) -> Sequence[Node]:
                current: Sequence[Node] = (n,)
                for st in steps:
                    nxt: dict[Node, None] = {}
                    for x in current:
                        nxt.update(dict.fromkeys(st(view, x)))
                    current = tuple(nxt)
                return current

            return sequence
        preds = set(sg.predicates(node, None))
        if SH.alternativePath in preds:
            items = list(sg.items(sg.value(node, SH.alternativePath)))
            if len(items) < 2:
                self.fail("an alternative path of fewer than two paths")
                return _no_values
            alts = [self.path(i, depth + 1) for i in items]

            def alternative(view: DataView, n: Node) -> Sequence[Node]:
                out: dict[Node, None] = {}
                for a in alts:
                    out.update(dict.fromkeys(a(view, n)))
                return tuple(out)

            return alternative
        for kind in (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
            if kind in preds:
                inner = self.path(sg.value(node, kind), depth + 1)
                return _repeat(inner, kind)
        self.fail(f"a path with {', '.join(sorted(_n(p) for p in preds)) or 'nothing'}")
        return _no_values


def _no_values(view: DataView, n: Node) -> Sequence[Node]:
    return _EMPTY


def _repeat(inner: _PathFn, kind: Node) -> _PathFn:
    """``p*``, ``p+`` or ``p?`` (the first two include ``n`` itself as pySHACL does for ``*``)."""
    if kind == SH.zeroOrOnePath:

        def zero_or_one(view: DataView, n: Node) -> Sequence[Node]:
            return tuple(dict.fromkeys((n, *inner(view, n))))

        return zero_or_one
    include_self = kind == SH.zeroOrMorePath

    def closure(view: DataView, n: Node) -> Sequence[Node]:
        seen: dict[Node, None] = {n: None} if include_self else {}
        todo = list(inner(view, n))
        while todo:
            x = todo.pop()
            if x in seen:
                continue
            seen[x] = None
            todo.extend(inner(view, x))
        return tuple(seen)

    return closure


def _n(node: Node) -> str:
    """A short name for messages."""
    text = str(node)
    for ns, prefix in ((str(SH), "sh:"), (_KGS, "kgs:")):
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return "[]" if isinstance(node, BNode) else f"<{text}>"


# --------------------------------------------------------------------------------------
# pySHACL's value tests and messages
# --------------------------------------------------------------------------------------


# The Python value pySHACL requires of a well-typed literal of each datatype (others: any).
_PYTHON_TYPES: dict[Node, tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: (int,),
    XSD.float: (float,),
    XSD.decimal: (Decimal,),
    XSD.boolean: (bool,),
    XSD.date: (date,),
    XSD.time: (time,),
    XSD.dateTime: (datetime,),
}


def _datatype_test(rule: Node) -> Callable[[Node], bool]:
    """pySHACL's sh:datatype test for ``rule``: a literal of that datatype that is not
    ill-typed and whose Python value has the right type; a plain literal is an xsd:string,
    a language-tagged one an rdf:langString; every literal is an rdfs:Literal."""
    python_type = _PYTHON_TYPES.get(rule)
    any_literal = rule == RDFS.Literal
    any_typed = rule == RDFS.Datatype
    string = rule == XSD.string
    lang_string = rule == RDF.langString
    same = str.__eq__

    def ok(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        dt = v.datatype
        if dt is not None and same(dt, rule):
            if getattr(v, "ill_typed", None) is True:
                return False
            return python_type is None or isinstance(v.value, python_type)
        if any_literal:
            return True
        if any_typed and dt:
            return True
        if string and dt is None and v.language is None:
            return isinstance(v.value, (str, bytes))
        if lang_string and v.language:
            return isinstance(v.value, (str, bytes))
        return False

    return ok


def _string_of(v: Node) -> str:
    """pySHACL's string form of a value node for sh:pattern and the length constraints."""
    if (
        isinstance(v, Literal)
        and v.value is not None
        and v.datatype in (None, RDF.langString, XSD.string)
    ):
        return str(v.value)
    return str(v)


def _sparql_messages(
    extra: tuple[Node, ...], own: tuple[Node, ...], bound: _Solution
) -> tuple[Node, ...]:
    """The messages of a SPARQL result: the constraint's, then the shape's, with ``{?var}``
    and ``{$var}`` replaced by the solution's values, as plain literals."""
    t, p, v, more = bound
    names: dict[str, Any] = dict(more)
    for name, value in (("this", t), ("path", p), ("value", v)):
        if value is not None:
            names[name] = value

    def fill(m: Node) -> Node:
        if not isinstance(m, Literal):
            return m
        text = str(m.value)
        for name, value in names.items():
            text = re.sub(f"{{[?$]{name}}}", str(value), text)
        return Literal(text)

    out = [fill(m) for m in extra if m not in own]
    out.extend(fill(m) for m in own)
    return tuple(out)


def _sparql_prefixes(sg: Graph, constraint: Node) -> dict[str, str]:
    """The prefixes pySHACL declares for a SPARQL constraint's query (its defaults, then the
    sh:declare of the sh:prefixes nodes and of the shapes graph's ontologies)."""
    out = dict(_DEFAULT_PREFIXES)
    onts = set(sg.subjects(RDF.type, OWL.Ontology))
    named = set(sg.objects(sg.identifier, SH.declare)) if sg.identifier else set()
    global_declares = named | {d for o in onts for d in sg.objects(o, SH.declare)}
    for node in sg.objects(constraint, SH.prefixes):
        own = set(sg.objects(node, SH.declare))
        declares = own | named if own and node in onts else global_declares | own
        for d in declares:
            prefix = sg.value(d, SH.prefix)
            ns = sg.value(d, SH.namespace)
            if prefix is not None and ns is not None:
                out[str(prefix)] = str(ns)
    return out


def _run_query(query: Query, view: DataView, this: Node, reach: int) -> list[tuple]:
    """Run a SPARQL constraint's own query for ``this`` over the triples it can read (those
    of ``this`` and of the nodes up to ``reach`` links away), deduplicated as pySHACL does."""
    local = Graph()
    frontier = [this]
    seen = {this}
    for _ in range(reach):
        nxt = []
        for n in frontier:
            for p, o in view.predicate_objects(n):
                local.add((n, p, o))
                if not isinstance(o, Literal) and o not in seen:
                    seen.add(o)
                    nxt.append(o)
        frontier = nxt
    out: list[tuple] = []
    for row in local.query(query, initBindings={"this": this}):
        values = row.asdict()  # type: ignore[union-attr]
        p = values.pop("path", None)
        v = values.pop("value", None)
        t = values.pop("this", None)
        if (p is not None or v is not None or t is not None) and (t, p, v, values) not in out:
            out.append((t, p, v, values))
    return out


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def _compile(shapes: Graph) -> Program | UnsupportedShapes:
    try:
        return _Compiler(shapes).compile()
    except UnsupportedShapes as err:
        return err


_PROGRAMS = _GraphCache(_compile)


def compile_shapes(shapes: Graph) -> Program:
    """The compiled form of ``shapes`` (cached, and compiled again when the graph changes).

    Raises:
        UnsupportedShapes: the graph uses a construct the engine does not implement.
    """
    out = _PROGRAMS.get(shapes)
    if isinstance(out, UnsupportedShapes):
        raise UnsupportedShapes(str(out))
    return out


def unsupported_reason(shapes: Graph) -> str | None:
    """Why ``shapes`` cannot be compiled, or None if it can."""
    try:
        compile_shapes(shapes)
    except UnsupportedShapes as err:
        return str(err)
    return None


def report_graph(results: Iterable[_Result], shapes: Graph, target: Graph, conforms: bool) -> Graph:
    """The SHACL report graph of ``results``, written as pySHACL writes it.

    ``target`` is the graph validated (the data with its context): blank focus and value
    nodes are copied from it with their descriptions, blank shapes, paths and constraints
    from ``shapes``, each once, keeping its blank-node label.
    """
    from pyshacl.rdfutil.clone import clone_blank_node

    vg = Graph()
    for prefix, ns in shapes.namespace_manager.namespaces():
        vg.bind(prefix, ns, override=True)
    report = BNode()
    vg.add((report, RDF.type, SH.ValidationReport))
    vg.add((report, SH.conforms, Literal(conforms)))
    cloned: dict[tuple[int, str], Node] = {}

    def clone(source: Graph, node: Node) -> Node:
        if isinstance(node, Literal):
            return node
        key = (id(source), str(node))
        if key not in cloned:
            cloned[key] = (
                clone_blank_node(source, node, vg, keepid=True)
                if isinstance(node, BNode)
                else URIRef(str(node))
            )
        return cloned[key]

    def emit(r: _Result) -> BNode:
        node = BNode()
        vg.add((node, RDF.type, SH.ValidationResult))
        vg.add((node, SH.sourceConstraintComponent, r.component))
        vg.add((node, SH.sourceShape, clone(shapes, r.shape)))
        vg.add((node, SH.resultSeverity, r.severity))
        vg.add((node, SH.focusNode, clone(target, r.focus)))
        if r.value is not None:
            vg.add((node, SH.value, clone(target, r.value)))
        if r.path is not None:
            vg.add((node, SH.resultPath, clone(shapes, r.path)))
        if r.constraint is not None:
            vg.add((node, SH.sourceConstraint, clone(shapes, r.constraint)))
        for m in r.messages:
            vg.add((node, SH.resultMessage, m))
        for d in r.details:
            vg.add((node, SH.detail, emit(d)))
        return node

    for r in results:
        vg.add((report, SH.result, emit(r)))
    return vg
