"""Tests for ontology/kg.ttl, ontology/concepts.ttl and the worked example in ontology/README.md.

The authoritative term list is the vocabulary contract; the lists below hard-code its local
names so that a renamed or dropped term fails here.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import owlrl
import pytest
import rdflib.term
from owlrl.Namespaces import ERRNS
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

ROOT = Path(__file__).parents[2]
ONTOLOGY_DIR = ROOT / "ontology"
KG_TTL = ONTOLOGY_DIR / "kg.ttl"
CONCEPTS_TTL = ONTOLOGY_DIR / "concepts.ttl"
README = ONTOLOGY_DIR / "README.md"

# Local copies of the namespaces: this test reads the files, not the package.
KG = Namespace("https://w3id.org/kg/ontology#")
KGC = Namespace("https://w3id.org/kg/concept/")
KGA = Namespace("https://w3id.org/kg/actor/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

# --- The contract's term list ----------------------------------------------------------------

CLASSES = [
    "Actor", "Person", "Organisation", "ArmedGroup", "Government", "GovernmentBody", "Military",
    "MilitaryUnit", "MediaWing", "MediaOutlet", "InternationalOrganisation", "Country",
    "AnonymousSource", "Event", "Attack", "CoordinatedAttackWave", "Strike", "MilitaryOperation",
    "Clash", "Standoff", "Hijacking", "PolicyMeasure", "Place", "NewsArticle", "Claim", "TextSpan",
]  # fmt: skip

OBJECT_PROPERTIES = [
    "claimant", "attributedTo", "speaksFor", "mediaWingOf", "spokespersonFor", "ministerOf",
    "heads", "about", "aboutActor", "aboutEvent", "claimKind", "category", "qualifier",
    "reportedIn", "reports", "evidence", "channel", "answers", "country", "territory",
    "locatedIn", "perpetrator", "target", "participant", "place", "mentionedIn",
    "sameIncidentAs", "placeType",
]  # fmt: skip

DATATYPE_PROPERTIES = [
    "count", "verificationNote", "cue", "scope", "contentHash", "dateline", "fileName",
    "discovered", "title", "metonym", "descriptiveLabel", "startDate", "endDate",
    "datePrecision", "timeExpression",
]  # fmt: skip

# scheme -> [(local name, exact prefLabel or None if the contract gives none, notation, broader)]
CONCEPTS: dict[str, list[tuple[str, str | None, str | None, str | None]]] = {
    "ClaimKind": [
        ("Casualty", None, "casualty", None),
        ("Responsibility", None, "responsibility", None),
        ("Accusation", None, "accusation", None),
        ("Denial", None, "denial", None),
        ("Condemnation", None, "condemnation", None),
        ("Support", None, "other", None),
        ("Characterisation", None, "other", None),
        ("Statement", None, "other", None),
    ],
    "CasualtyCategory": [
        ("people-killed", "people killed", None, None),
        ("militants-killed", "militants killed", None, "people-killed"),
        ("security-personnel-killed", "security personnel killed", None, "people-killed"),
        ("civilians-killed", "civilians killed", None, "people-killed"),
        ("hostages-killed", "hostages killed", None, "people-killed"),
        ("wounded", "wounded", None, None),
        ("hostages-taken", "hostages taken", None, None),
        ("hostages-freed", "hostages freed", None, None),
        ("arrested", "arrested", None, None),
        ("missing", "missing", None, None),
        ("displaced", "displaced", None, None),
        ("attacks", "attacks", None, None),
        ("operations", "operations", None, None),
        ("other-figure", "other figure", None, None),
    ],
    "Qualifier": [
        (local, label, None, None)
        for local, label in [
            ("at-least", "at least"), ("more-than", "more than"), ("nearly", "nearly"),
            ("around", "around"), ("up-to", "up to"), ("only", "only"), ("exactly", "exactly"),
            ("dozens", "dozens"), ("scores", "scores"), ("hundreds", "hundreds"),
            ("thousands", "thousands"), ("several", "several"),
        ]
    ],  # fmt: skip
    "PlaceType": [
        ("country", None, None, None),
        ("province", None, None, None),
        ("district", None, None, None),
        ("city", None, None, None),
        ("town", None, None, None),
        ("region", None, None, None),
        ("facility", None, None, None),
        ("border-crossing", None, None, None),
    ],
}

CONCEPT_ROWS = [(scheme, *row) for scheme, rows in CONCEPTS.items() for row in rows]

# --- Helpers (cached: the files are read once per session) ----------------------------------


@cache
def _graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@cache
def _readme_block(language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, f"expected exactly one ```{language} block in {README}"
    return blocks[0]


@cache
def _example() -> Graph:
    return Graph().parse(data=_readme_block("turtle"), format="turtle")


@cache
def _closure() -> Graph:
    """OWL 2 RL closure of kg.ttl + concepts.ttl + the README example."""
    g = Graph()
    for part in (_graph(KG_TTL), _graph(CONCEPTS_TTL), _example()):
        g += part
    # owlrl replaces rdflib's literal converters process-wide (its xsd:gMonthDay converter
    # rejects "--01-31"); put them back so later tests validate dates as rdflib does
    saved = dict(rdflib.term._toPythonMapping)
    try:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    finally:
        rdflib.term._toPythonMapping.clear()
        rdflib.term._toPythonMapping.update(saved)
    return g


def _ontology() -> Graph:
    return _graph(KG_TTL) + _graph(CONCEPTS_TTL)


# --- (a) parsing -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [KG_TTL, CONCEPTS_TTL], ids=lambda p: p.name)
def test_ontology_file_parses_with_header(path: Path) -> None:
    g = _graph(path)
    assert len(g) > 0
    headers = list(g.subjects(RDF.type, OWL.Ontology))
    assert len(headers) == 1, f"{path.name} needs exactly one owl:Ontology header"
    header = headers[0]
    for prop in (RDFS.label, URIRef("http://purl.org/dc/terms/description"), OWL.versionIRI):
        assert g.value(header, prop) is not None, f"{path.name} header lacks {prop}"


# --- (b) labels and comments -----------------------------------------------------------------


def test_ontology_terms_have_label_and_comment() -> None:
    g = _ontology()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme)
    terms = {
        s
        for kind in kinds
        for s in g.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and (s.startswith(str(KG)) or s.startswith(str(KGC)))
    }
    assert len(terms) > 100
    missing = sorted(
        f"{term} lacks {prop.n3(g.namespace_manager)}"
        for term in terms
        for prop in (RDFS.label, RDFS.comment)
        if not any(isinstance(o, Literal) and str(o).strip() for o in g.objects(term, prop))
    )
    assert not missing, "\n".join(missing)


# --- (c) OWL 2 RL guard ----------------------------------------------------------------------

# A cheap syntactic check that kg.ttl stays inside the OWL 2 RL profile and never entails
# owl:sameAs between actors. Functional / inverse-functional properties turn one bad extraction
# into owl:sameAs (rules prp-fp, prp-ifp); disjointness turns one mistyped node into an
# inconsistency (cax-dw); unions, existentials and minimum cardinalities in superclass position
# are not RL at all. See ontology/README.md, "OWL 2 RL profile".
FORBIDDEN = [
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.disjointWith,
    OWL.AllDisjointClasses,
    OWL.unionOf,
    OWL.someValuesFrom,
    OWL.minCardinality,
    OWL.minQualifiedCardinality,
    OWL.cardinality,
    OWL.qualifiedCardinality,
]


@pytest.mark.parametrize("term", FORBIDDEN, ids=lambda t: t.fragment)
def test_kg_ttl_avoids_non_rl_construct(term: URIRef) -> None:
    g = _graph(KG_TTL)
    uses = [t for t in g if term in (t[1], t[2])]
    assert not uses, f"kg.ttl uses {term}: {uses[:3]}"


def test_kg_ttl_max_cardinality_at_most_one() -> None:
    g = _graph(KG_TTL)
    for prop in (OWL.maxCardinality, OWL.maxQualifiedCardinality):
        for value in g.objects(None, prop):
            assert int(value) <= 1, f"{prop} {value} is outside OWL 2 RL"


def test_kg_ttl_key_axioms() -> None:
    g = _graph(KG_TTL)
    assert (KG.speaksFor, RDF.type, OWL.TransitiveProperty) in g
    assert (KG.locatedIn, RDF.type, OWL.TransitiveProperty) in g
    assert (KG.sameIncidentAs, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.reportedIn, OWL.inverseOf, KG.reports) in g
    assert (KG.claimant, RDFS.subPropertyOf, PROV.wasAttributedTo) in g
    assert (KG.claimant, RDFS.subPropertyOf, KG.attributedTo) in g
    chains = {
        tuple(g.items(chain)) for chain in g.objects(KG.attributedTo, OWL.propertyChainAxiom)
    }
    assert chains == {(KG.claimant, KG.speaksFor), (KG.attributedTo, KG.speaksFor)}
    for sub in (KG.mediaWingOf, KG.spokespersonFor, KG.ministerOf, KG.heads):
        assert (sub, RDFS.subPropertyOf, KG.speaksFor) in g


# --- (d) the contract's terms exist ----------------------------------------------------------


@pytest.mark.parametrize(
    ("local", "kind"),
    [(n, OWL.Class) for n in CLASSES]
    + [(n, OWL.ObjectProperty) for n in OBJECT_PROPERTIES]
    + [(n, OWL.DatatypeProperty) for n in DATATYPE_PROPERTIES],
    ids=lambda v: v.fragment if isinstance(v, URIRef) else v,
)
def test_contract_term_is_declared(local: str, kind: URIRef) -> None:
    assert (KG[local], RDF.type, kind) in _graph(KG_TTL), f"kg:{local} is not a {kind}"


@pytest.mark.parametrize("scheme", list(CONCEPTS))
def test_contract_scheme_is_declared(scheme: str) -> None:
    assert (KGC[scheme], RDF.type, SKOS.ConceptScheme) in _graph(CONCEPTS_TTL)


@pytest.mark.parametrize(
    ("scheme", "local", "pref_label", "notation", "broader"),
    CONCEPT_ROWS,
    ids=[f"{row[0]}-{row[1]}" for row in CONCEPT_ROWS],
)
def test_contract_concept_matches(
    scheme: str, local: str, pref_label: str | None, notation: str | None, broader: str | None
) -> None:
    g = _graph(CONCEPTS_TTL)
    concept = KGC[local]
    assert (concept, RDF.type, SKOS.Concept) in g
    assert (concept, SKOS.inScheme, KGC[scheme]) in g
    labels = list(g.objects(concept, SKOS.prefLabel))
    assert len(labels) == 1 and labels[0].language is None, "one plain skos:prefLabel"
    if pref_label is not None:
        assert labels[0] == Literal(pref_label)
    assert g.value(concept, RDFS.label) == labels[0]
    assert g.value(concept, RDFS.comment) == g.value(concept, SKOS.definition) is not None
    assert set(g.objects(concept, SKOS.notation)) == ({Literal(notation)} if notation else set())
    assert set(g.objects(concept, SKOS.broader)) == ({KGC[broader]} if broader else set())


# --- (e) the README example ------------------------------------------------------------------


def test_readme_turtle_example_parses() -> None:
    assert len(_example()) > 0


def test_readme_example_evidence_matches_text() -> None:
    g = _example()
    spans = list(g.subjects(RDF.type, KG.TextSpan))
    assert spans
    for span in spans:
        doc = g.value(span, NIF.referenceContext)
        text = str(g.value(doc, NIF.isString))
        begin, end = int(g.value(span, NIF.beginIndex)), int(g.value(span, NIF.endIndex))
        assert text[begin:end] == str(g.value(span, NIF.anchorOf))
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert str(g.value(doc, KG.contentHash)) == content_hash


# --- (f) OWL 2 RL closure: roll-up through kg:speaksFor --------------------------------------


def test_closure_attributes_media_wing_claim_to_parent() -> None:
    example = _example()
    assert (KGA.ispr, KG.mediaWingOf, KGA["pakistan-armed-forces"]) in example
    claims = list(example.subjects(KG.claimant, KGA.ispr))
    assert claims
    g = _closure()
    assert not list(g.subjects(RDF.type, ERRNS.ErrorMessage)), "closure reports inconsistencies"
    for claim in claims:
        assert (claim, KG.attributedTo, KGA["pakistan-armed-forces"]) in g
        assert (claim, KG.attributedTo, KGA.ispr) in g
        assert (claim, PROV.wasAttributedTo, KGA.ispr) in g
        assert (example.value(claim, KG.reportedIn), KG.reports, claim) in g


def test_closure_never_merges_actors() -> None:
    g = _closure()
    same = [(s, o) for s, o in g.subject_objects(OWL.sameAs) if s != o]
    assert not same


def test_readme_query_answers_who_claimed_what() -> None:
    rows = list(_closure().query(_readme_block("sparql")))
    assert len(rows) == 1
    row = rows[0].asdict()
    assert str(row["claimant"]) == "ISPR"
    assert str(row["onBehalfOf"]) == "Pakistan Armed Forces"
    assert str(row["kind"]) == "casualty"
    assert str(row["qualifier"]) == "at least"
    assert int(row["count"]) == 92
    assert str(row["category"]) == "militants killed"
    assert str(row["about"]) == "Tehreek-e-Taliban Pakistan"
