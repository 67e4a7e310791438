"""The SHACL shapes: valid and invalid examples per class, SHACL-SHACL, and coverage.

Each ``tests/shapes/<class>/{valid,invalid}/*.ttl`` is a small self-contained graph. An
invalid example states what it must produce as ``kgt:Expected`` nodes (focus node,
constraint component, and for SPARQL constraints the constraint itself); the test compares
those with the report structurally, never with message text. The examples are validated
with the ontology and the concept schemes as context, not with the registry, so they do not
change when the registry does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.resources import ontology_files
from kg.validate import load_shapes, validate

CASES = Path(__file__).resolve().parents[1] / "shapes"
KGT = Namespace("https://w3id.org/kg/test#")
KGS = Namespace("https://w3id.org/kg/shapes#")
KG = Namespace("https://w3id.org/kg/ontology#")

SHAPE_OF = {
    "claim": KGS.ClaimShape,
    "actor": KGS.ActorShape,
    "article": KGS.NewsArticleShape,
    "text-span": KGS.TextSpanShape,
    "event": KGS.EventShape,
    "place": KGS.PlaceShape,
    "concept": KGS.ConceptShape,
    "concept-scheme": KGS.ConceptSchemeShape,
    "incident-link": KGS.IncidentLinkShape,
}


def _examples(kind: str) -> list[Path]:
    return sorted(CASES.glob(f"*/{kind}/*.ttl"))


def _id(p: Path) -> str:
    return f"{p.parents[1].name}/{p.stem}"


@pytest.fixture(autouse=True)
def _fresh_rdflib_converters(rdflib_converters):
    """Every test here starts from rdflib's own literal converters (see tests/conftest.py)."""


@pytest.fixture(scope="module")
def reference() -> Graph:
    g = Graph()
    for p in ontology_files():
        g.parse(p, format="turtle")
    return g


def _load(path: Path) -> tuple[Graph, set[tuple]]:
    """The example's data graph, and its expectations (removed from the data)."""
    g = Graph().parse(path, format="turtle")
    expected = set()
    for e in list(g.subjects(RDF.type, KGT.Expected)):
        expected.add(
            (
                g.value(e, KGT.focus),
                g.value(e, KGT.component),
                g.value(e, KGT.shape) or SHAPE_OF[path.parents[1].name],
                g.value(e, KGT.constraint),
            )
        )
        g.remove((e, None, None))
    return g, expected


def _actual(report: Graph) -> set[tuple]:
    shapes = load_shapes()
    out = set()
    for r in report.objects(None, SH.result):  # top-level results, not their sh:detail
        src = report.value(r, SH.sourceShape)
        while src is not None and not isinstance(
            src, URIRef
        ):  # anonymous property shape -> node shape
            src = next(iter(shapes.subjects(SH.property, src)), None)
        constraint = report.value(r, SH.sourceConstraint)
        out.add(
            (
                report.value(r, SH.focusNode),
                report.value(r, SH.sourceConstraintComponent),
                src,
                constraint if isinstance(constraint, URIRef) else None,
            )
        )
    return out


@pytest.mark.parametrize("path", _examples("valid"), ids=_id)
def test_shapes_valid_example_conforms(path, reference):
    g, expected = _load(path)
    assert not expected, "a valid example expects no results"
    report = validate(g, reference=reference)
    assert report.conforms and not report.results, "\n".join(
        f"{r.focus} {r.path} {r.component}: {r.message}" for r in report.results
    )


@pytest.mark.parametrize("path", _examples("invalid"), ids=_id)
def test_shapes_invalid_example_gives_expected_results(path, reference):
    g, expected = _load(path)
    assert expected, f"{path.name} states no kgt:Expected result"
    report = validate(g, reference=reference)
    assert not report.conforms
    assert _actual(report.graph) == expected


def test_shapes_every_shape_file_has_valid_and_invalid_examples():
    shape_files = {p.stem for p in (CASES.parents[1] / "shapes").glob("*.ttl")} - {"shapes"}
    assert shape_files == set(SHAPE_OF)
    for cls in SHAPE_OF:
        assert _examples_of(cls, "valid") and _examples_of(cls, "invalid"), cls


def _examples_of(cls: str, kind: str) -> list[Path]:
    return sorted((CASES / cls / kind).glob("*.ttl"))


def test_shapes_conform_to_shacl_shacl():
    """The shapes graph is valid SHACL (pySHACL's meta-validation against SHACL-SHACL)."""
    from pyshacl import validate as pyshacl_validate

    conforms, _, text = pyshacl_validate(
        Graph(), shacl_graph=load_shapes(), meta_shacl=True, advanced=True
    )
    assert conforms, text


def test_shapes_every_constraint_has_a_message():
    shapes = load_shapes()
    constraint_keys = {
        SH["class"],
        SH.minCount,
        SH.maxCount,
        SH.datatype,
        SH.hasValue,
        SH.node,
        SH["in"],
        SH.pattern,
        SH.minInclusive,
        SH.maxInclusive,
        SH.minLength,
        SH.nodeKind,
        SH["or"],
    }
    # shapes nested inside sh:or lists are parts of one constraint, whose message is on the owner
    in_lists = {o for s, o in shapes.subject_objects(RDF.first)}
    for shape in set(shapes.subjects(SH.path, None)) | set(shapes.subjects(RDF.type, SH.NodeShape)):
        if shape in in_lists:
            continue
        keys = {p for p in shapes.predicates(shape, None)} & constraint_keys
        if keys:
            assert shapes.value(shape, SH.message) is not None, (
                f"{shape} ({sorted(keys)}) has no sh:message"
            )
    for c in shapes.objects(None, SH.sparql):
        assert shapes.value(c, SH.message) is not None, f"SPARQL constraint {c} has no sh:message"


def test_shapes_cover_every_class_of_the_ontology(reference):
    """Every kg: class is the target of a shape, directly or through a superclass."""
    shapes = load_shapes()
    targets = set(shapes.objects(None, SH.targetClass))
    for cls in reference.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(str(KG)):
            continue
        supers = set(reference.transitive_objects(cls, RDFS.subClassOf))
        assert supers & targets, f"no shape targets {cls} or a superclass of it"
