"""Validate a graph against shapes/*.ttl with pySHACL, returning a typed report."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from pyshacl import validate as _pyshacl_validate
from rdflib import Graph, Literal
from rdflib.namespace import SH

from kg.resources import ontology_files, registry_files, shapes_dir


@dataclass(frozen=True)
class ValidationResult:
    focus: str
    path: str | None
    message: str
    value: str | None
    shape: str
    component: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: tuple[ValidationResult, ...] = ()
    graph: Graph | None = field(default=None, compare=False, repr=False)


@cache
def load_shapes() -> Graph:
    g = Graph()
    for p in sorted(shapes_dir().glob("*.ttl")):
        g.parse(p, format="turtle")
    return g


@cache
def load_ontology() -> Graph:
    g = Graph()
    for p in [*ontology_files(), *registry_files()]:
        if p.exists():
            g.parse(p, format="turtle")
    return g


def with_context(data: Graph, reference: Graph) -> Graph:
    """``data`` plus what the reference graph says about the nodes it uses (their types,
    labels, concept schemes), so a document can be validated without the whole registry."""
    g = Graph()
    g += data
    nodes = set(data.subjects()) | {o for o in data.objects() if not isinstance(o, Literal)}
    for n in nodes:
        for p, o in reference.predicate_objects(n):
            g.add((n, p, o))
    return g


def validate(data: Graph, *, shapes: Graph | None = None, ontology: Graph | None = None,
             contextual: bool = True) -> ValidationReport:
    """Validate ``data`` against the shapes.

    The ontology supplies the class hierarchy; with ``contextual`` the registry and concept
    schemes supply the types of the actors and concepts ``data`` refers to.
    """
    ont = ontology if ontology is not None else load_ontology()
    if contextual:
        data = with_context(data, ont)
    conforms, report, _ = _pyshacl_validate(
        data, shacl_graph=shapes if shapes is not None else load_shapes(),
        ont_graph=ont,
        inference="none", advanced=True, allow_warnings=True,
    )
    results = []
    for r in sorted(report.subjects(predicate=None, object=SH.ValidationResult), key=str):
        def v(p):
            o = report.value(r, p)
            return str(o) if o is not None else None
        results.append(ValidationResult(
            focus=v(SH.focusNode) or "", path=v(SH.resultPath), message=v(SH.resultMessage) or "",
            value=v(SH.value), shape=v(SH.sourceShape) or "", component=v(SH.sourceConstraintComponent) or "",
            severity=(v(SH.resultSeverity) or "").rsplit("#", 1)[-1],
        ))
    return ValidationReport(bool(conforms), tuple(results), report)
