"""The compiled SHACL engine gives pySHACL's results.

Each comparison validates one graph with both engines and asserts that the typed results
(focus node, path, value, shape, constraint component, severity, message, source document),
the conformance and the report graph (up to blank-node labels) are the same. The graphs:
the valid and invalid examples of ``tests/shapes/``, the document graphs of
``examples/reports``, of the held-out set and of the golden cases, and many mutations of
document graphs (a claimant dropped or doubled, span offsets broken, quotes changed,
ill-typed literals, wrong classes, unknown concepts, ...). A shapes graph with a construct
the engine does not implement is validated with pySHACL.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.resources import ontology_files
from kg.validate import report_turtle, validate
from kg.validate.compiled import UnsupportedShapes, compile_shapes, unsupported_reason
from kg.validate.report import ValidationReport
from kg.validate.shacl import load_reference, load_shapes

ROOT = Path(__file__).resolve().parents[1]
SHAPE_CASES = ROOT / "tests" / "shapes"
KG = Namespace("https://w3id.org/kg/ontology#")
KGC = Namespace("https://w3id.org/kg/concept/")
KGA = Namespace("https://w3id.org/kg/actor/")
KGD = Namespace("https://w3id.org/kg/data/")
KGS = Namespace("https://w3id.org/kg/shapes#")
KGT = Namespace("https://w3id.org/kg/test#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
# a plain Namespace: pytest probes module globals, which rdflib's XSD warns about
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

DOCUMENTS = [
    *sorted((ROOT / "examples" / "reports").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "heldout" / "docs").glob("*.txt")),
    *sorted((ROOT / "tests" / "golden").glob("*/input.txt")),
]


@pytest.fixture(autouse=True)
def _fresh_rdflib_converters(rdflib_converters):
    """Every test here starts from rdflib's own literal converters (see tests/conftest.py)."""


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for p in ontology_files():
        g.parse(p, format="turtle")
    return g


def assert_same(g: Graph, **kwargs) -> ValidationReport | None:
    """Validate ``g`` with both engines; they agree on results, conformance and report, or
    both fail with the same error (rdflib's SPARQL engine fails on some ill-typed numbers)."""
    try:
        expected = validate(g, engine="pyshacl", **kwargs)
    except Exception as err:  # the reference fails: the compiled engine fails the same way
        with pytest.raises(type(err)):
            validate(g, engine="compiled", **kwargs)
        return None
    actual = validate(g, engine="compiled", **kwargs)
    assert actual.results == expected.results, _diff(expected, actual)
    assert actual.conforms == expected.conforms
    assert expected.graph is not None and actual.graph is not None
    assert isomorphic(actual.graph, expected.graph), "the report graphs differ"
    assert report_turtle(actual) == report_turtle(expected)  # `kg validate --format turtle`
    return actual


def _diff(expected: ValidationReport, actual: ValidationReport) -> str:
    lines = [f"only pySHACL: {r}" for r in expected.results if r not in actual.results]
    lines += [f"only compiled: {r}" for r in actual.results if r not in expected.results]
    return "\n".join(lines) or "same results in another order or number"


# --- (a) the examples of tests/shapes/ ---------------------------------------------------


def _shape_example(path: Path) -> Graph:
    g = Graph().parse(path, format="turtle")
    for e in list(g.subjects(RDF.type, KGT.Expected)):
        g.remove((e, None, None))
    return g


@pytest.mark.parametrize(
    "path",
    sorted(SHAPE_CASES.glob("*/*/*.ttl")),
    ids=lambda p: f"{p.parents[1].name}/{p.parent.name}/{p.stem}",
)
def test_compiled_matches_pyshacl_on_shape_examples(path, ontology):
    report = assert_same(_shape_example(path), reference=ontology)
    assert report is not None and report.conforms == (path.parent.name == "valid")


# --- (b) document graphs ------------------------------------------------------------------


def _document_graph(path: Path) -> Graph:
    from kg.ingest import article_from_text
    from kg.mapping import to_rdf
    from kg.nlp.extract import extract

    text = path.read_text(encoding="utf-8")
    doc_id = path.parent.name if path.name == "input.txt" else path.stem
    return to_rdf(extract(article_from_text(text, doc_id=doc_id)))


_GRAPHS: dict[Path, Graph] = {}


def document(path: Path) -> Graph:
    """A copy of the document graph of ``path`` (built once per test run)."""
    if path not in _GRAPHS:
        _GRAPHS[path] = _document_graph(path)
    copy = Graph()
    for t in _GRAPHS[path]:
        copy.add(t)
    return copy


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.parent.name + "/" + p.stem)
def test_compiled_matches_pyshacl_on_documents(path):
    report = assert_same(document(path))
    assert report is not None and report.conforms


@pytest.mark.parametrize("path", DOCUMENTS[:2], ids=lambda p: p.stem)
def test_compiled_matches_pyshacl_without_context(path, ontology):
    """Without the reference context the registry actors have no class: many results."""
    report = assert_same(document(path), reference=ontology, contextual=False)
    assert report is not None and not report.conforms


def test_compiled_matches_pyshacl_on_a_whole_built_graph():
    """``kg validate graph.ttl``: the registry is part of the data, with two faults in it."""
    g = load_reference()
    whole = Graph()
    for t in g:
        whole.add(t)
    for t in document(DOCUMENTS[0]):
        whole.add(t)
    actor = sorted(whole.subjects(RDF.type, KG.ArmedGroup))[0]
    whole.add((actor, SKOS.prefLabel, Literal("Second preferred label")))
    concept = sorted(whole.subjects(SKOS.inScheme, KGC.ClaimKind))[0]
    whole.remove((concept, SKOS.inScheme, None))
    report = assert_same(whole)
    assert report is not None
    assert {r.focus for r in report.results} == {str(actor), str(concept)}


# --- (c) mutated document graphs -------------------------------------------------------------

Mutation = Callable[[Graph], bool]
MUTATIONS: dict[str, Mutation] = {}


def mutation(fn: Mutation) -> Mutation:
    """Register ``fn``: it changes a document graph in place, False if it does not apply."""
    MUTATIONS[fn.__name__.replace("_", "-")] = fn
    return fn


def _of_type(g: Graph, cls: URIRef) -> list:
    return sorted(g.subjects(RDF.type, cls), key=str)


def _first(g: Graph, cls: URIRef):
    nodes = _of_type(g, cls)
    return nodes[0] if nodes else None


def _set(g: Graph, s, p, o) -> None:
    g.remove((s, p, None))
    if o is not None:
        g.add((s, p, o))


def _claim_with(g: Graph, p: URIRef):
    return next((c for c in _of_type(g, KG.Claim) if (c, p, None) in g), None)


def _text_of(g: Graph) -> str:
    return str(g.value(_first(g, KG.NewsArticle), NIF.isString))


@mutation
def drop_claimant(g):
    _set(g, _first(g, KG.Claim), KG.claimant, None)
    return True


@mutation
def second_claimant(g):
    claims = _of_type(g, KG.Claim)
    actors = sorted({a for c in claims for a in g.objects(c, KG.claimant)}, key=str)
    other = actors[-1] if len(actors) > 1 else KGA["invented-ministry-of-rain"]
    target = next(c for c in claims if (c, KG.claimant, other) not in g)
    g.add((target, KG.claimant, other))
    return True


@mutation
def claimant_not_in_registry(g):
    _set(g, _first(g, KG.Claim), KG.claimant, KGA["invented-river-brigade"])
    return True


@mutation
def claimant_literal(g):
    _set(g, _first(g, KG.Claim), KG.claimant, Literal("the river brigade"))
    return True


@mutation
def claimant_a_concept(g):
    _set(g, _first(g, KG.Claim), KG.claimant, KGC.Casualty)
    return True


@mutation
def claimant_blank_node(g):
    actor = BNode()
    g.add((actor, RDF.type, KG.Person))
    g.add((actor, SKOS.prefLabel, Literal("An unnamed official")))
    _set(g, _first(g, KG.Claim), KG.claimant, actor)
    return True


@mutation
def drop_evidence(g):
    _set(g, _first(g, KG.Claim), KG.evidence, None)
    return True


@mutation
def evidence_literal(g):
    g.add((_first(g, KG.Claim), KG.evidence, Literal("some words")))
    return True


@mutation
def evidence_in_other_article(g):
    other = KGD["doc-invented-other"]
    text = "Officials in Northvale said the bridge was closed."
    import hashlib

    g.add((other, RDF.type, KG.NewsArticle))
    g.add((other, NIF.isString, Literal(text)))
    g.add((other, KG.contentHash, Literal(hashlib.sha256(text.encode()).hexdigest())))
    span = KGD["span-invented-other"]
    g.add((span, RDF.type, KG.TextSpan))
    g.add((span, NIF.referenceContext, other))
    g.add((span, NIF.beginIndex, Literal(0, datatype=XSD.nonNegativeInteger)))
    g.add((span, NIF.endIndex, Literal(9, datatype=XSD.nonNegativeInteger)))
    g.add((span, NIF.anchorOf, Literal(text[:9])))
    g.add((_first(g, KG.Claim), KG.evidence, span))
    return True


@mutation
def drop_source(g):
    _set(g, _first(g, KG.Claim), KG.reportedIn, None)
    return True


def _span_offsets(g: Graph, begin, end) -> bool:
    span = _first(g, KG.TextSpan)
    _set(g, span, NIF.beginIndex, begin)
    _set(g, span, NIF.endIndex, end)
    return True


def _nni(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


@mutation
def span_end_beyond_text(g):
    return _span_offsets(g, _nni(0), _nni(len(_text_of(g)) + 3))


@mutation
def span_begin_after_end(g):
    return _span_offsets(g, _nni(12), _nni(4))


@mutation
def span_negative_begin(g):
    return _span_offsets(g, Literal(-1), _nni(5))


@mutation
def span_begin_ill_typed(g):
    return _span_offsets(g, Literal("abc", datatype=XSD.nonNegativeInteger), _nni(5))


@mutation
def span_end_plain_string(g):
    return _span_offsets(g, _nni(0), Literal("5"))


@mutation
def span_offsets_as_decimals(g):
    return _span_offsets(g, Literal(Decimal("0")), Literal(Decimal("5.0")))


@mutation
def span_shifted(g):
    span = _first(g, KG.TextSpan)
    begin = int(g.value(span, NIF.beginIndex)) + 1
    end = int(g.value(span, NIF.endIndex)) + 1
    return _span_offsets(g, _nni(begin), _nni(end))


@mutation
def span_two_ends(g):
    span = _first(g, KG.TextSpan)
    g.add((span, NIF.endIndex, _nni(int(g.value(span, NIF.endIndex)) - 1)))
    return True


@mutation
def span_two_articles(g):
    g.add((_first(g, KG.TextSpan), NIF.referenceContext, KGD["doc-invented-missing"]))
    return True


def _quote(g: Graph, make: Callable[[str], Literal]) -> bool:
    span = _first(g, KG.TextSpan)
    _set(g, span, NIF.anchorOf, make(str(g.value(span, NIF.anchorOf))))
    return True


@mutation
def quote_changed(g):
    return _quote(g, lambda q: Literal(q.upper() + "!"))


@mutation
def quote_with_language(g):
    return _quote(g, lambda q: Literal(q, lang="en"))


@mutation
def quote_empty(g):
    return _quote(g, lambda q: Literal(""))


@mutation
def quote_typed_token(g):
    return _quote(g, lambda q: Literal(q, datatype=XSD.token))


def _count(g: Graph, value) -> bool:
    claim = _claim_with(g, KG["count"])
    if claim is None:
        return False
    _set(g, claim, KG["count"], value)
    return True


@mutation
def count_ill_typed(g):
    return _count(g, Literal("abc", datatype=XSD.integer))


@mutation
def count_negative(g):
    return _count(g, Literal(-3))


@mutation
def count_decimal(g):
    return _count(g, Literal(Decimal("3.5")))


@mutation
def count_plain_string(g):
    return _count(g, Literal("12"))


@mutation
def count_as_int(g):
    return _count(g, Literal(7, datatype=XSD.int))


@mutation
def count_twice(g):
    claim = _claim_with(g, KG["count"])
    if claim is None:
        return False
    g.add((claim, KG["count"], Literal(int(g.value(claim, KG["count"])) + 1)))
    return True


@mutation
def claim_typed_as_event(g):
    _set(g, _first(g, KG.Claim), RDF.type, KG.Attack)
    return True


@mutation
def span_untyped(g):
    _set(g, _first(g, KG.TextSpan), RDF.type, None)
    return True


@mutation
def article_untyped(g):
    _set(g, _first(g, KG.NewsArticle), RDF.type, None)
    return True


@mutation
def untyped_node_with_claimant(g):
    g.add((KGD["claim-invented-untyped"], KG.claimant, KGA["invented-river-brigade"]))
    return True


@mutation
def kind_unknown(g):
    _set(g, _first(g, KG.Claim), KG.claimKind, KGC["invented-kind"])
    return True


@mutation
def kind_from_another_scheme(g):
    _set(g, _first(g, KG.Claim), KG.claimKind, _concept_of(KGC.Qualifier))
    return True


@mutation
def category_is_a_qualifier(g):
    claim = _claim_with(g, KG.category) or _first(g, KG.Claim)
    _set(g, claim, KG.category, _concept_of(KGC.Qualifier))
    return True


@mutation
def qualifier_unknown(g):
    claim = _claim_with(g, KG.qualifier) or _first(g, KG.Claim)
    _set(g, claim, KG.qualifier, KGC["invented-qualifier"])
    return True


def _concept_of(scheme: URIRef) -> URIRef:
    return sorted(load_reference().subjects(SKOS.inScheme, scheme), key=str)[0]


@mutation
def text_changed(g):
    article = _first(g, KG.NewsArticle)
    _set(g, article, NIF.isString, Literal("X" + _text_of(g)[1:]))
    return True


@mutation
def text_with_language(g):
    article = _first(g, KG.NewsArticle)
    _set(g, article, NIF.isString, Literal(_text_of(g), lang="en"))
    return True


@mutation
def hash_uppercase(g):
    article = _first(g, KG.NewsArticle)
    _set(g, article, KG.contentHash, Literal(str(g.value(article, KG.contentHash)).upper()))
    return True


@mutation
def hash_typed(g):
    article = _first(g, KG.NewsArticle)
    value = str(g.value(article, KG.contentHash))
    _set(g, article, KG.contentHash, Literal(value, datatype=XSD.hexBinary))
    return True


@mutation
def article_two_titles(g):
    g.add((_first(g, KG.NewsArticle), URIRef("http://purl.org/dc/terms/title"), Literal("Other")))
    return True


def _event(g: Graph):
    return next(iter(sorted(g.subjects(KG.mentionedIn, None), key=str)), None)


def _dates(g: Graph, start, end) -> bool:
    event = _event(g)
    if event is None:
        return False
    _set(g, event, KG.startDate, start)
    _set(g, event, KG.endDate, end)
    return True


def _day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


@mutation
def event_ends_before_start(g):
    return _dates(g, _day("2031-05-10"), _day("2031-05-01"))


@mutation
def event_ends_after_start(g):
    return _dates(g, _day("2031-05-01"), _day("2031-05-10"))


@mutation
def event_date_ill_typed(g):
    return _dates(g, _day("2031-13-45"), _day("2031-05-01"))


@mutation
def event_dates_with_time_zone(g):
    return _dates(g, _day("2031-05-10Z"), _day("2031-05-01Z"))


@mutation
def event_start_year_end_date(g):
    return _dates(g, Literal("2031", datatype=XSD.gYear), _day("2030-05-01"))


@mutation
def event_date_plain_string(g):
    return _dates(g, Literal("10 May 2031"), _day("2031-05-01"))


@mutation
def event_date_an_iri(g):
    return _dates(g, KGD["invented-date"], _day("2031-05-01"))


@mutation
def event_without_anchor(g):
    event = _event(g)
    if event is None:
        return False
    for p in (KG.startDate, KG.place, KG.mentionedIn):
        _set(g, event, p, None)
    g.add((event, KG.duration, Literal("PT2H", datatype=XSD.duration)))
    return True


@mutation
def event_precision_unknown(g):
    event = _event(g)
    if event is None:
        return False
    g.add((event, KG.datePrecision, Literal("fortnight")))
    return True


@mutation
def event_duration_ill_typed(g):
    event = _event(g)
    if event is None:
        return False
    _set(g, event, KG.duration, Literal("two days", datatype=XSD.duration))
    return True


@mutation
def event_target_a_claim(g):
    event = _event(g)
    if event is None:
        return False
    g.add((event, KG.target, _first(g, KG.Claim)))
    return True


def _registry_claimant(g: Graph):
    typed = set(g.subjects(RDF.type, None))
    claimants = sorted({a for a in g.objects(None, KG.claimant)} - typed, key=str)
    return claimants[0] if claimants else None


@mutation
def registry_actor_second_label(g):
    actor = _registry_claimant(g)
    if actor is None:
        return False
    g.add((actor, SKOS.prefLabel, Literal("A second preferred label")))
    return True


@mutation
def registry_actor_typed_in_document(g):
    """The document types a registry actor: its registry description is then not added."""
    actor = _registry_claimant(g)
    if actor is None:
        return False
    g.add((actor, RDF.type, KG.Person))
    return True


@mutation
def class_typed_in_document(g):
    """The document types an ontology class: its superclasses are then not looked up."""
    actor = _registry_claimant(g)
    if actor is None:
        return False
    cls = load_reference().value(actor, RDF.type)
    g.add((cls, RDF.type, OWL.Class))
    return True


@mutation
def label_with_language(g):
    _set(g, _first(g, KG.Claim), RDFS.label, Literal("a claim", lang="en"))
    return True


@mutation
def discovered_not_boolean(g):
    actor = next(iter(sorted(g.subjects(KG.discovered, None), key=str)), None)
    if actor is None:
        actor = KGA["invented-harbour-guard"]
        g.add((actor, RDF.type, KG.Military))
        g.add((actor, SKOS.prefLabel, Literal("Harbour guard")))
    _set(g, actor, KG.discovered, Literal("yes"))
    return True


@mutation
def discovered_place(g):
    place = URIRef("https://w3id.org/kg/place/invented-northvale")
    g.add((place, RDF.type, KG.Place))
    g.add((place, SKOS.prefLabel, Literal("Northvale")))
    g.add((place, KG.discovered, Literal(True)))
    g.add((place, GEO.lat, Literal(Decimal("95.5"))))
    g.add((place, GEO.long, Literal("east")))
    g.add((place, KG.locatedIn, _first(g, KG.Claim)))
    return True


@mutation
def incident_link_with_one_event(g):
    event = _event(g)
    if event is None:
        return False
    link = KGD["link-invented"]
    g.add((link, RDF.type, KG.IncidentLink))
    g.add((link, KG.linksEvent, event))
    g.add((link, KG.basis, Literal("same place", lang="en")))
    return True


BASES = [DOCUMENTS[0], DOCUMENTS[1]]


@pytest.mark.parametrize("base", BASES, ids=lambda p: p.stem)
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_compiled_matches_pyshacl_on_mutated_documents(name, base):
    g = document(base)
    if not MUTATIONS[name](g):
        pytest.skip(f"{name} does not apply to {base.name}")
    assert_same(g)


def _combinations(n: int, seed: int = 7) -> Iterator[tuple[str, ...]]:
    rng = random.Random(seed)
    names = sorted(MUTATIONS)
    for _ in range(n):
        yield tuple(rng.sample(names, 3))


@pytest.mark.parametrize("names", list(_combinations(12)), ids="+".join)
def test_compiled_matches_pyshacl_on_several_mutations_at_once(names):
    g = document(DOCUMENTS[2])
    for name in names:
        MUTATIONS[name](g)
    assert_same(g)


def test_mutations_break_the_documents():
    """The mutations are not vacuous: most of them make the document fail."""
    failing = 0
    for mutate in MUTATIONS.values():
        g = document(BASES[0])
        if not mutate(g):
            continue
        try:
            failing += not validate(g, engine="compiled").conforms
        except (ArithmeticError, TypeError):  # rdflib fails on some ill-typed offsets
            failing += 1
    assert failing >= len(MUTATIONS) * 3 // 4


# --- shapes the engine supports beyond those of shapes/ ------------------------------------

EXTRA_SHAPES = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix ex:   <https://example.org/shapes#> .
@prefix d:    <https://example.org/data#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

ex:Thing a sh:NodeShape , rdfs:Class ;
    sh:property [ sh:path d:code ; sh:pattern "^ab" ; sh:flags "i" ; sh:maxLength 4 ;
                  sh:message "A code starts with ab and has at most four characters." ] ;
    sh:property [ sh:path d:score ; sh:minExclusive 0 ; sh:maxExclusive 10 ;
                  sh:severity sh:Warning ; sh:message "A score lies between 0 and 10." ] ;
    sh:property [ sh:path ( d:part [ sh:oneOrMorePath d:part ] ) ; sh:class ex:Thing ;
                  sh:message "Parts of parts are things." ] ;
    sh:property [ sh:path [ sh:zeroOrOnePath d:next ] ; sh:nodeKind sh:IRI ;
                  sh:message "A thing and what follows it are IRIs." ] ;
    sh:property [ sh:path d:kind ; sh:in ( "a" "b" ) ; sh:deactivated true ;
                  sh:message "Never checked." ] ;
    sh:property [ sh:path d:size ; sh:node ex:Small ;
                  sh:message "A size is small." ] .

ex:Small a sh:NodeShape ;
    sh:property [ sh:path d:value ; sh:maxInclusive 5 ; sh:severity sh:Warning ;
                  sh:message "A small value is at most 5." ] .
"""

EXTRA_DATA = """
@prefix ex: <https://example.org/shapes#> .
@prefix d:  <https://example.org/data#> .

d:one a ex:Thing ; d:code "ABC" , "xyz" , "abcdef" ; d:score 0 , 5 , 10 , "7" ;
    d:part d:two ; d:next d:three , [ d:code "b" ] ; d:kind "z" ; d:size d:s1 , d:s2 .
d:two d:part d:three , d:one .
d:three a ex:Thing .
d:s1 d:value 3 .
d:s2 d:value 9 .
"""


def test_compiled_matches_pyshacl_on_other_supported_constructs():
    shapes = Graph().parse(data=EXTRA_SHAPES, format="turtle")
    data = Graph().parse(data=EXTRA_DATA, format="turtle")
    assert unsupported_reason(shapes) is None
    report = assert_same(data, shapes=shapes, reference=Graph(), contextual=False)
    assert report is not None
    components = {r.component.rsplit("#", 1)[-1] for r in report.results}
    assert components == {
        "PatternConstraintComponent",
        "MaxLengthConstraintComponent",
        "MinExclusiveConstraintComponent",
        "MaxExclusiveConstraintComponent",
        "ClassConstraintComponent",
        "NodeKindConstraintComponent",
        "NodeConstraintComponent",
    }


# --- (d) constructs the engine does not implement -------------------------------------------


PREFIXES = """
@prefix kgs:  <https://w3id.org/kg/shapes#> .
@prefix kg:   <https://w3id.org/kg/ontology#> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


def _edited_shapes(extra: str) -> Graph:
    """The project's shapes plus ``extra`` (Turtle with the prefixes above)."""
    g = Graph()
    for p in sorted((ROOT / "shapes").glob("*.ttl")):
        g.parse(p, format="turtle")
    g.parse(data=PREFIXES + extra, format="turtle")
    return g


LANGUAGE_IN = """
kgs:CueLanguageShape a sh:NodeShape ;
    sh:targetClass kg:Claim ;
    sh:property [ sh:path kg:cue ; sh:languageIn ( "en" ) ;
                  sh:message "A cue is tagged English." ] .
"""


def test_unsupported_construct_falls_back_to_pyshacl():
    shapes = _edited_shapes(LANGUAGE_IN)
    reason = unsupported_reason(shapes)
    assert reason is not None and "languageIn" in reason
    with pytest.raises(UnsupportedShapes):
        compile_shapes(shapes)
    g = document(DOCUMENTS[0])
    with pytest.raises(UnsupportedShapes):
        validate(g, shapes=shapes, engine="compiled")
    auto = validate(g, shapes=shapes)
    reference = validate(g, shapes=shapes, engine="pyshacl")
    assert auto.results == reference.results
    assert any(r.component.endswith("LanguageInConstraintComponent") for r in auto.results)


UNSUPPORTED = {
    "target-node": (
        "sh:targetNode",
        'kgs:X a sh:NodeShape ; sh:targetNode kg:Claim ; sh:nodeKind sh:IRI ; sh:message "m" .',
    ),
    "inverse-path": (
        "sh:inversePath",
        "kgs:X a sh:NodeShape ; sh:targetClass kg:Claim ; sh:property [\n"
        '  sh:path [ sh:inversePath kg:claimant ] ; sh:maxCount 1 ; sh:message "m" ] .',
    ),
    "xone": (
        "sh:xone",
        'kgs:X a sh:NodeShape ; sh:targetClass kg:Claim ; sh:message "m" ;\n'
        "  sh:xone ( [ sh:class kg:Claim ] [ sh:class kg:Event ] ) .",
    ),
    "no-message": (
        "without sh:message",
        "kgs:X a sh:NodeShape ; sh:targetClass kg:Claim ;\n"
        "  sh:property [ sh:path kg:cue ; sh:maxLength 3 ] .",
    ),
    "unregistered-sparql": (
        "kgs:Unregistered",
        "kgs:X a sh:NodeShape ; sh:targetClass kg:Claim ; sh:sparql kgs:Unregistered .\n"
        'kgs:Unregistered a sh:SPARQLConstraint ; sh:message "m" ;\n'
        '  sh:select "SELECT $this WHERE { $this kg:cue ?c }" .',
    ),
    "recursion": (
        "recursive",
        'kgs:X a sh:NodeShape ; sh:targetClass kg:Claim ; sh:node kgs:Y ; sh:message "m" .\n'
        'kgs:Y a sh:NodeShape ; sh:node kgs:X ; sh:message "m" .',
    ),
    "rule": (
        "sh:rule",
        "kgs:X a sh:NodeShape ; sh:targetClass kg:Claim ;\n"
        '  sh:rule [ a sh:SPARQLRule ; sh:construct "CONSTRUCT { $this kg:cue 1 } WHERE { }" ] .',
    ),
}


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_constructs_are_named(name):
    named, extra = UNSUPPORTED[name]
    reason = unsupported_reason(_edited_shapes(extra))
    assert reason is not None and named in reason


def test_edited_sparql_text_is_not_compiled():
    """A registered constraint whose query was changed in shapes/ is left to pySHACL."""
    shapes = Graph()
    for p in sorted((ROOT / "shapes").glob("*.ttl")):
        text = p.read_text(encoding="utf-8")
        edited = text.replace("?value <= STRLEN(?text)", "?value < STRLEN(?text)")
        shapes.parse(data=edited, format="turtle")
    reason = unsupported_reason(shapes)
    assert reason is not None and "TextSpanOffsetsConstraint" in reason
    g = document(DOCUMENTS[0])
    expected = validate(g, shapes=shapes, engine="pyshacl")
    assert validate(g, shapes=shapes).results == expected.results


def test_the_project_shapes_compile():
    assert unsupported_reason(load_shapes()) is None


def test_unknown_engine_is_an_error():
    with pytest.raises(ValueError, match="engine"):
        validate(Graph(), engine="fast")  # type: ignore[arg-type]
