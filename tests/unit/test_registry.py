"""Consistency checks for the reference data: the actor registry and the gazetteer.

``ontology/actors.ttl`` (kga:) and ``ontology/places.ttl`` (kgp:) are hand-maintained; these tests
catch the mistakes that are easy to make when extending them (see ``ontology/REGISTRY.md``):
missing or duplicate labels, aliases shared by two actors or places, dangling references,
bad coordinates and cycles in kg:locatedIn or org:subOrganizationOf.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

ROOT = Path(__file__).parents[2]
ACTORS_TTL = ROOT / "ontology" / "actors.ttl"
PLACES_TTL = ROOT / "ontology" / "places.ttl"

DCTERMS, OWL, RDF, RDFS, SKOS = ns.DCTERMS, ns.OWL, ns.RDF, ns.RDFS, ns.SKOS
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # an open Namespace: pytest probes module attributes
KG = Namespace("https://w3id.org/kg/ontology#")
KGC = Namespace("https://w3id.org/kg/concept/")
KGA = Namespace("https://w3id.org/kg/actor/")
KGP = Namespace("https://w3id.org/kg/place/")
ORG = Namespace("http://www.w3.org/ns/org#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

ACTOR_CLASSES = {KG[c] for c in (
    "Person", "Organisation", "ArmedGroup", "Government", "GovernmentBody", "Military", "MilitaryUnit",
    "MediaWing", "MediaOutlet", "InternationalOrganisation", "Country", "AnonymousSource")}
PLACE_TYPES = {KGC[c] for c in (
    "country", "province", "district", "city", "town", "region", "facility", "border-crossing")}
RELATIONS = (KG.mediaWingOf, KG.spokespersonFor, KG.ministerOf, KG.heads, ORG.subOrganizationOf)
LITERAL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, KG.descriptiveLabel, KG.metonym, KG.title, RDFS.comment)

# Places that deliberately have no kg:locatedIn: transnational seas and regions, and places whose
# sovereignty is disputed (see REGISTRY.md). Countries never have one.
UNLOCATED_PLACES = {KGP[s] for s in (
    "kashmir", "jerusalem", "red-sea", "gulf-of-aden", "bab-el-mandeb", "arabian-sea", "persian-gulf",
    "strait-of-hormuz", "black-sea", "south-china-sea", "taiwan-strait", "sahel", "middle-east", "durand-line")}

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# ----------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def actors_graph() -> Graph:
    return Graph().parse(ACTORS_TTL, format="turtle")


@pytest.fixture(scope="module")
def places_graph() -> Graph:
    return Graph().parse(PLACES_TTL, format="turtle")


def _in(ns: Namespace, node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(ns))


@pytest.fixture(scope="module")
def actors(actors_graph: Graph) -> set[URIRef]:
    return {s for s in set(actors_graph.subjects()) if _in(KGA, s)}


@pytest.fixture(scope="module")
def places(places_graph: Graph) -> set[URIRef]:
    return {s for s in set(places_graph.subjects()) if _in(KGP, s)}


def _name(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[-1]


def _names(graph: Graph, subject: URIRef) -> list[str]:
    return [str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(subject, p)]


def _has_cycle(edges: dict[URIRef, set[URIRef]]) -> list[URIRef] | None:
    """Return one cycle (as a path) in a directed graph, or None."""
    state: dict[URIRef, int] = {}

    def visit(node: URIRef, path: list[URIRef]) -> list[URIRef] | None:
        state[node] = 1
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                return path + [node, nxt]
            if nxt not in state:
                found = visit(nxt, path + [node])
                if found:
                    return found
        state[node] = 2
        return None

    for start in list(edges):
        if start not in state:
            found = visit(start, [])
            if found:
                return found
    return None


# ----------------------------------------------------------------------------- both files

@pytest.mark.parametrize("path", [ACTORS_TTL, PLACES_TTL], ids=["actors", "places"])
def test_file_parses_and_has_ontology_header(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0
    headers = list(graph.subjects(RDF.type, OWL.Ontology))
    assert len(headers) == 1, f"{path.name}: expected one owl:Ontology header"
    header = headers[0]
    assert graph.value(header, RDFS.label) is not None
    assert graph.value(header, DCTERMS.description) is not None


@pytest.mark.parametrize("which", ["actors", "places"])
def test_iris_are_lowercase_hyphenated_slugs(which: str, request: pytest.FixtureRequest) -> None:
    nodes = request.getfixturevalue(which)
    bad = sorted(_name(n) for n in nodes if not SLUG.match(_name(n)))
    assert not bad, f"IRIs that are not lowercase hyphenated slugs: {bad}"


@pytest.mark.parametrize("which", ["actors", "places"])
def test_labels_are_plain_clean_literals(which: str, request: pytest.FixtureRequest) -> None:
    graph = request.getfixturevalue(f"{which}_graph")
    problems = []
    for prop in LITERAL_PROPERTIES:
        for s, o in graph.subject_objects(prop):
            if not isinstance(o, Literal) or o.language is not None or o.datatype not in (None, XSD.string):
                problems.append((_name(s), prop.n3(graph.namespace_manager), repr(o)))
            elif not str(o).strip() or str(o) != str(o).strip() or "  " in str(o):
                problems.append((_name(s), prop.n3(graph.namespace_manager), repr(str(o))))
    assert not problems, f"labels must be non-empty plain literals without language tag: {problems[:20]}"


# ----------------------------------------------------------------------------- actors

def test_registry_is_not_trivially_small(actors: set[URIRef], places: set[URIRef]) -> None:
    assert len(actors) >= 300
    assert len(places) >= 300


def test_every_actor_has_one_preflabel_a_kg_type_and_a_comment(actors_graph: Graph, actors: set[URIRef]) -> None:
    problems = []
    for actor in sorted(actors):
        prefs = list(actors_graph.objects(actor, SKOS.prefLabel))
        types = set(actors_graph.objects(actor, RDF.type))
        if len(prefs) != 1:
            problems.append(f"{_name(actor)}: {len(prefs)} skos:prefLabel")
        if not types & ACTOR_CLASSES:
            problems.append(f"{_name(actor)}: no kg: actor class among {sorted(map(str, types))}")
        if types - ACTOR_CLASSES:
            problems.append(f"{_name(actor)}: unexpected types {sorted(map(str, types - ACTOR_CLASSES))}")
        if actors_graph.value(actor, RDFS.comment) is None:
            problems.append(f"{_name(actor)}: no rdfs:comment")
    assert not problems, "\n".join(problems)


def test_no_name_maps_to_two_actors(actors_graph: Graph, actors: set[URIRef]) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for actor in actors:
        for label in _names(actors_graph, actor):
            owners[label.casefold()].add(actor)
    clashes = {label: sorted(_name(a) for a in who) for label, who in owners.items() if len(who) > 1}
    assert not clashes, f"names (prefLabel/altLabel, case-folded) shared by several actors: {clashes}"


def test_descriptive_labels_are_unambiguous_within_a_country(actors_graph: Graph, actors: set[URIRef]) -> None:
    owners: dict[tuple[str, URIRef], set[URIRef]] = defaultdict(set)
    missing_country = []
    for actor in actors:
        descs = list(actors_graph.objects(actor, KG.descriptiveLabel))
        countries = set(actors_graph.objects(actor, KG.country))
        if descs and not countries:
            missing_country.append(_name(actor))
        for d in descs:
            for c in countries:
                owners[(str(d).casefold(), c)].add(actor)
    assert not missing_country, f"kg:descriptiveLabel is only usable with a kg:country: {missing_country}"
    clashes = {f"{d} @ {_name(c)}": sorted(_name(a) for a in who) for (d, c), who in owners.items() if len(who) > 1}
    assert not clashes, f"descriptive labels shared by several actors of one country: {clashes}"


def test_metonyms_are_unique_and_not_names(actors_graph: Graph, actors: set[URIRef]) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for actor in actors:
        for m in actors_graph.objects(actor, KG.metonym):
            owners[str(m).casefold()].add(actor)
    clashes = {m: sorted(_name(a) for a in who) for m, who in owners.items() if len(who) > 1}
    assert not clashes, f"metonyms shared by several actors: {clashes}"
    names = {label.casefold() for actor in actors for label in _names(actors_graph, actor)}
    both = sorted(m for m in owners if m in names)
    assert not both, f"metonyms that are also actor names: {both}"


def test_descriptive_labels_are_not_names(actors_graph: Graph, actors: set[URIRef]) -> None:
    names = {label.casefold() for actor in actors for label in _names(actors_graph, actor)}
    both = sorted({str(d) for d in actors_graph.objects(None, KG.descriptiveLabel) if str(d).casefold() in names})
    assert not both, f"descriptive labels that are also actor names: {both}"


def test_country_and_territory_objects_are_places(actors_graph: Graph, places_graph: Graph, places: set[URIRef]) -> None:
    problems = []
    for prop in (KG.country, KG.territory):
        for s, o in actors_graph.subject_objects(prop):
            if o not in places:
                problems.append(f"{_name(s)} {prop.n3(actors_graph.namespace_manager)} {o}: not in places.ttl")
            elif places_graph.value(o, KG.placeType) != KGC.country:
                problems.append(f"{_name(s)} {prop.n3(actors_graph.namespace_manager)} {_name(o)}: not a country")
    assert not problems, "\n".join(problems)


def test_country_actors_have_a_territory(actors_graph: Graph) -> None:
    countries = set(actors_graph.subjects(RDF.type, KG.Country))
    assert countries
    missing = sorted(_name(c) for c in countries if actors_graph.value(c, KG.territory) is None)
    assert not missing, f"Country actors without kg:territory: {missing}"
    stray = sorted(_name(s) for s in actors_graph.subjects(KG.territory, None) if s not in countries)
    assert not stray, f"kg:territory on actors that are not kg:Country: {stray}"


def test_relation_objects_are_actors(actors_graph: Graph, actors: set[URIRef]) -> None:
    problems = []
    for prop in RELATIONS:
        for s, o in actors_graph.subject_objects(prop):
            if o not in actors:
                problems.append(f"{_name(s)} {prop.n3(actors_graph.namespace_manager)} {o}: not in actors.ttl")
            if s == o:
                problems.append(f"{_name(s)} {prop.n3(actors_graph.namespace_manager)} itself")
    assert not problems, "\n".join(problems)


def test_relations_respect_the_vocabulary(actors_graph: Graph) -> None:
    def is_a(node, cls) -> bool:
        return (node, RDF.type, cls) in actors_graph

    problems = []
    for s, o in actors_graph.subject_objects(KG.mediaWingOf):
        if not is_a(s, KG.MediaWing):
            problems.append(f"{_name(s)} kg:mediaWingOf but is not a kg:MediaWing")
    for prop in (KG.spokespersonFor, KG.ministerOf, KG.heads):
        for s, o in actors_graph.subject_objects(prop):
            if not is_a(s, KG.Person):
                problems.append(f"{_name(s)} {prop.n3(actors_graph.namespace_manager)} but is not a kg:Person")
            if is_a(o, KG.Person) or is_a(o, KG.Country):
                problems.append(f"{_name(s)} {prop.n3(actors_graph.namespace_manager)} {_name(o)}: object must be an organisation")
    for s, o in actors_graph.subject_objects(KG.ministerOf):
        if not is_a(o, KG.Government):
            problems.append(f"{_name(s)} kg:ministerOf {_name(o)}: object must be a kg:Government")
    for s, o in actors_graph.subject_objects(KG.title):
        if not is_a(s, KG.Person):
            problems.append(f"{_name(s)} has kg:title but is not a kg:Person")
    assert not problems, "\n".join(problems)


def test_sub_organisation_and_speaks_for_links_have_no_cycles(actors_graph: Graph) -> None:
    edges: dict[URIRef, set[URIRef]] = defaultdict(set)
    for prop in RELATIONS:
        for s, o in actors_graph.subject_objects(prop):
            edges[s].add(o)
    cycle = _has_cycle(edges)
    assert cycle is None, f"cycle in actor relations: {[_name(n) for n in cycle]}"


# ----------------------------------------------------------------------------- places

def test_every_place_has_one_preflabel_type_and_coordinates(places_graph: Graph, places: set[URIRef]) -> None:
    problems = []
    for place in sorted(places):
        name = _name(place)
        if (place, RDF.type, KG.Place) not in places_graph:
            problems.append(f"{name}: not a kg:Place")
        prefs = list(places_graph.objects(place, SKOS.prefLabel))
        if len(prefs) != 1:
            problems.append(f"{name}: {len(prefs)} skos:prefLabel")
        types = list(places_graph.objects(place, KG.placeType))
        if len(types) != 1 or types[0] not in PLACE_TYPES:
            problems.append(f"{name}: kg:placeType {types}")
        for prop, limit in ((GEO.lat, 90), (GEO.long, 180)):
            values = list(places_graph.objects(place, prop))
            if len(values) != 1:
                problems.append(f"{name}: {len(values)} values of {prop}")
                continue
            value = values[0]
            if not isinstance(value, Literal) or value.datatype != XSD.decimal:
                problems.append(f"{name}: {prop} is not an xsd:decimal ({value!r})")
                continue
            if not -limit <= Decimal(str(value)) <= limit:
                problems.append(f"{name}: {prop} {value} out of range")
    assert not problems, "\n".join(problems)


def test_every_place_except_countries_is_located(places_graph: Graph, places: set[URIRef]) -> None:
    problems = []
    for place in sorted(places):
        located = list(places_graph.objects(place, KG.locatedIn))
        is_country = places_graph.value(place, KG.placeType) == KGC.country
        if is_country and located:
            problems.append(f"{_name(place)}: a country with kg:locatedIn")
        if not is_country and not located and place not in UNLOCATED_PLACES:
            problems.append(f"{_name(place)}: no kg:locatedIn")
    assert not problems, "\n".join(problems)
    stale = sorted(_name(p) for p in UNLOCATED_PLACES if p not in places)
    assert not stale, f"UNLOCATED_PLACES names places that do not exist: {stale}"


def test_every_place_has_at_most_one_container(places_graph: Graph, places: set[URIRef]) -> None:
    # kg.nlp.registry follows a single kg:locatedIn chain up to the country
    multi = sorted(_name(p) for p in places if len(set(places_graph.objects(p, KG.locatedIn))) > 1)
    assert not multi, f"places with several kg:locatedIn: {multi}"


def test_located_in_chains_end_in_a_country(places_graph: Graph, places: set[URIRef]) -> None:
    problems = []
    for place in sorted(places):
        node, seen = place, set()
        while node is not None and node not in seen:
            seen.add(node)
            parent = places_graph.value(node, KG.locatedIn)
            if parent is None:
                break
            node = parent
        if places_graph.value(node, KG.placeType) != KGC.country and node not in UNLOCATED_PLACES:
            problems.append(f"{_name(place)} -> ... -> {_name(node)}")
    assert not problems, f"kg:locatedIn chains that end neither in a country nor in UNLOCATED_PLACES: {problems}"


def test_located_in_objects_are_places(places_graph: Graph, places: set[URIRef]) -> None:
    dangling = sorted(f"{_name(s)} -> {o}" for s, o in places_graph.subject_objects(KG.locatedIn) if o not in places)
    assert not dangling, f"kg:locatedIn objects not defined in places.ttl: {dangling}"


def test_located_in_has_no_cycles(places_graph: Graph) -> None:
    edges: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in places_graph.subject_objects(KG.locatedIn):
        edges[s].add(o)
    cycle = _has_cycle(edges)
    assert cycle is None, f"kg:locatedIn cycle: {[_name(n) for n in cycle]}"


def test_no_name_maps_to_two_places(places_graph: Graph, places: set[URIRef]) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for place in places:
        for label in _names(places_graph, place):
            owners[label.casefold()].add(place)
    clashes = {}
    for label, who in owners.items():
        if len(who) < 2:
            continue
        if len(who) == 2:
            a, b = who
            # a town and the district (or province) of the same name, one directly inside the other
            if (a, KG.locatedIn, b) in places_graph or (b, KG.locatedIn, a) in places_graph:
                continue
        clashes[label] = sorted(_name(p) for p in who)
    assert not clashes, f"names (prefLabel/altLabel, case-folded) shared by unrelated places: {clashes}"
