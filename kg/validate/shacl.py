"""Validate a graph against ``shapes/*.ttl``, returning a typed report.

A document's graph refers to nodes it does not describe: registry actors, gazetteer places,
SKOS concepts and the classes of the ontology. :func:`with_context` adds what the reference
data (ontology, concept schemes, registry, gazetteer) says about those nodes, and about the
nodes *they* refer to, so that ``sh:class`` and scheme-membership constraints can be checked
without the whole registry. Only results about nodes the data itself describes are reported:
the reference data is judged when it is validated itself, as part of a built graph
(``kg validate graph.ttl``).

Two engines give the same results. ``engine="pyshacl"`` runs pySHACL over the data with its
context copied in (:func:`with_context`): the reference. ``engine="compiled"`` runs the
shapes compiled into Python checks (:mod:`kg.validate.compiled`) over the data, looking the
reference triples up on demand instead of copying them: about 2 ms for a news article's
graph where pySHACL takes about 90. ``engine="auto"`` (the default) uses the compiled engine
unless the shapes graph holds a construct it does not implement (say, after an edit of
``shapes/``), and pySHACL then.

SHACL: https://www.w3.org/TR/shacl/ ; SHACL-SPARQL: https://www.w3.org/TR/shacl/#sparql-constraints
"""

from __future__ import annotations

import logging
from collections.abc import Set as AbstractSet
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from typing import Literal as OneOf

from pyshacl import validate as _pyshacl_validate
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.errors import GraphLoadError
from kg.resources import ontology_files, registry_files, shapes_dir
from kg.validate.compiled import (
    NOT_FOLLOWED,
    Program,
    UnsupportedShapes,
    compile_shapes,
    report_graph,
)
from kg.validate.report import ValidationReport, results_from_report

Engine = OneOf["auto", "compiled", "pyshacl"]
ENGINES: tuple[str, ...] = ("auto", "compiled", "pyshacl")

_log = logging.getLogger(__name__)


def _parse(paths: list[Path]) -> Graph:
    g = Graph()
    for p in paths:
        if not p.exists():
            continue
        try:
            g.parse(p, format="turtle")
        except Exception as err:  # parsers raise many types; the user needs one line
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise GraphLoadError(f"{p}: cannot parse as turtle: {first}") from None
    return g


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class _PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pySHACL runs a SPARQL-based constraint once per focus node with ``$this`` pre-bound,
    passing the same query text each time; rdflib would parse it anew every time (tens of
    milliseconds per evidence span). Parsing once keeps the per-span checks cheap.
    """

    def query(
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",  # type: ignore[override]
        initNs: Any = None,
        initBindings: Any = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and not initNs and processor == "sparql":
            query_object = _prepared(query_object)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def load_shapes(folder: Path | None = None) -> Graph:
    """Every ``*.ttl`` file of ``folder`` (default: ``shapes/``) as one shapes graph."""
    return _load_shapes(folder or shapes_dir())


@cache
def _load_shapes(folder: Path) -> Graph:
    return _parse(sorted(folder.glob("*.ttl")))


@cache
def load_reference() -> Graph:
    """Ontology, concept schemes, actor registry and gazetteer: the context of a document."""
    return _parse([*ontology_files(), *registry_files()])


# Links from a node to many others that no shape needs to see from this side:
# a scheme's top concepts (the concepts point to their scheme themselves). The compiled
# engine's view of the context skips the same links.
_NOT_FOLLOWED = NOT_FOLLOWED


def with_context(data: Graph, reference: Graph) -> Graph:
    """``data`` plus the reference triples about the nodes it mentions, followed transitively.

    Starting from every node of ``data`` (subjects, objects and classes) that ``data`` does
    not type itself, add the reference triples whose subject is such a node, then repeat for
    the objects of the added triples. The result holds, e.g., an actor's class and its
    superclasses, a concept's scheme, or a place and the places it lies in. A node that
    ``data`` types is taken as ``data`` describes it: a built graph that carries its own
    copy of the registry is not mixed with a newer one.
    """
    g = _PreparedQueryGraph()
    g += data
    typed = set(data.subjects(RDF.type, None))
    todo: list[Node] = [
        n
        for n in set(data.subjects()) | set(data.objects())
        if not isinstance(n, Literal) and n not in typed
    ]
    seen: set[Node] = set(todo) | typed
    while todo:
        n = todo.pop()
        for p, o in reference.predicate_objects(n):
            if p in _NOT_FOLLOWED:
                continue
            g.add((n, p, o))
            if not isinstance(o, Literal) and o not in seen:
                seen.add(o)
                todo.append(o)
    return g


def validate(
    data: Graph | AbstractSet[tuple],
    *,
    shapes: Graph | None = None,
    reference: Graph | None = None,
    contextual: bool = True,
    engine: Engine = "auto",
) -> ValidationReport:
    """Validate ``data`` against the shapes.

    Args:
        data: a document's graph, or a whole built graph; or a set of triples (the
            compiled engine reads it without building a graph).
        shapes: the shapes graph (default: every file of ``shapes/``).
        reference: the reference data used as context (default: ontology, concept schemes,
            registry and gazetteer).
        contextual: add the reference context (see :func:`with_context`); without it the
            data must carry its own class hierarchy and concept schemes.
        engine: ``"auto"`` (the compiled engine when it supports the shapes, else pySHACL),
            ``"compiled"`` (raise :class:`~kg.validate.compiled.UnsupportedShapes` when it
            does not) or ``"pyshacl"`` (the reference implementation). All give the same
            results.

    Returns:
        The report. Results about nodes that only the reference data describes (a registry
        actor a claim points to) are left out: they belong to the reference data, which is
        checked when it is validated itself, e.g. as part of a built graph.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}: expected one of {', '.join(ENGINES)}")
    ref = reference if reference is not None else load_reference()
    shapes_graph = shapes if shapes is not None else load_shapes()
    if engine != "pyshacl":
        program = _program(shapes_graph, required=engine == "compiled")
        if program is not None:
            return _validate_compiled(program, data, shapes_graph, ref, contextual)
    data = _as_graph(data)
    target = with_context(data, ref) if contextual else _copy(data)
    _, report, _ = _pyshacl_validate(
        target,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    if contextual:
        report = _own_results(report, data, ref)
    results = results_from_report(report, target, shapes_graph)
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms=conforms, results=results, graph=report)


_REPORTED_UNSUPPORTED: set[str] = set()


def _program(shapes: Graph, *, required: bool) -> Program | None:
    """The compiled shapes, or None (after saying why, once) when the engine cannot run them."""
    try:
        return compile_shapes(shapes)
    except UnsupportedShapes as err:
        if required:
            raise
        if str(err) not in _REPORTED_UNSUPPORTED:
            _REPORTED_UNSUPPORTED.add(str(err))
            _log.info("validating with pySHACL: %s", err)
        return None


def _validate_compiled(
    program: Program, data: Graph, shapes: Graph, reference: Graph, contextual: bool
) -> ValidationReport:
    """:func:`validate` with the compiled engine.

    The engine looks for focus nodes among the subjects of ``data`` only, so it never finds
    the results :func:`_own_results` would drop. A conforming document gets a minimal report
    graph; otherwise the report graph is the one pySHACL would give, and the typed results
    are read from it over the same graph (the data with its context) as with pySHACL.
    """
    outcome = program.run(data, reference if contextual else None)
    if not outcome.results:
        return ValidationReport(conforms=True, results=(), graph=_conforming_report())
    data = _as_graph(data)
    target = with_context(data, reference) if contextual else data
    if contextual:
        graph_conforms = not any(r.severity == SH.Violation for r in outcome.results)
    else:
        graph_conforms = outcome.conforms
    report = report_graph(outcome.results, shapes, target, graph_conforms)
    results = results_from_report(report, target, shapes)
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms=conforms, results=results, graph=report)


def _as_graph(data: Graph | AbstractSet[tuple]) -> Graph:
    """``data`` as an rdflib graph (a set of triples is copied into one)."""
    if isinstance(data, Graph):
        return data
    g = Graph()
    g.addN((*t, g) for t in data)
    return g


def _conforming_report() -> Graph:
    g = Graph()
    node = BNode()
    g.add((node, RDF.type, SH.ValidationReport))
    g.add((node, SH.conforms, Literal(True)))
    return g


def _copy(data: Graph) -> Graph:
    g = _PreparedQueryGraph()
    g += data
    return g


def _own_results(report: Graph, data: Graph, reference: Graph) -> Graph:
    """The report without the results about nodes described only by the reference data."""
    out = Graph()
    for prefix, ns in report.namespaces():
        out.bind(prefix, ns, override=True)
    kept = []
    for r in report.objects(None, SH.result):
        focus = report.value(r, SH.focusNode)
        if (
            focus is not None
            and (focus, None, None) in reference
            and (focus, None, None) not in data
        ):
            continue
        kept.append(r)
    node = BNode()
    out.add((node, RDF.type, SH.ValidationReport))
    violations = [r for r in kept if report.value(r, SH.resultSeverity) == SH.Violation]
    out.add((node, SH.conforms, Literal(not violations)))
    for r in kept:
        out.add((node, SH.result, r))
        todo = [r]
        seen = {r}
        while todo:
            n = todo.pop()
            for p, o in report.predicate_objects(n):
                out.add((n, p, o))
                if isinstance(o, BNode) and o not in seen:
                    seen.add(o)
                    todo.append(o)
    return out


__all__ = ["ENGINES", "Engine", "load_reference", "load_shapes", "validate", "with_context"]
