"""The actor registry and gazetteer (``ontology/actors.ttl``, ``ontology/places.ttl``) as lookup tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.resources import registry_files
from kg.vocab import GEO, KG, KGA, KGP, ORG


@dataclass(frozen=True)
class ActorEntry:
    key: str
    label: str
    kind: str
    country: str | None
    title: str | None = None
    names: tuple[str, ...] = ()
    descriptive: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceEntry:
    key: str
    label: str
    place_type: str | None
    parent: str | None
    names: tuple[str, ...] = ()
    lat: float | None = None
    long: float | None = None


@dataclass(frozen=True)
class Registry:
    actors: dict[str, ActorEntry] = field(default_factory=dict)
    places: dict[str, PlaceEntry] = field(default_factory=dict)

    @cached_property
    def by_name(self) -> dict[str, str]:
        """Lowercase name or alias -> actor key (the first in key order when shared)."""
        out: dict[str, str] = {}
        for key in sorted(self.actors):
            for n in self.actors[key].names:
                out.setdefault(n.lower(), key)
        return out

    @cached_property
    def by_kind_country(self) -> dict[tuple[str, str | None], list[ActorEntry]]:
        out: dict[tuple[str, str | None], list[ActorEntry]] = {}
        for key in sorted(self.actors):
            a = self.actors[key]
            out.setdefault((a.kind, a.country), []).append(a)
        return out

    @cached_property
    def place_names(self) -> frozenset[str]:
        """Every name and alias of the gazetteer, lowercase."""
        return frozenset(n.lower() for p in self.places.values() for n in p.names)

    @cached_property
    def _of_country(self) -> dict[tuple[str, str | None], list[str]]:
        return {}

    def of_country(self, keys: str, country: str | None) -> list[str]:
        """Of the actors ``keys`` (comma-separated), those of ``country`` or of no country, in
        order (remembered: a description such as "the government" names hundreds)."""
        hit = self._of_country.get((keys, country))
        if hit is None:
            if len(self._of_country) > 100_000:
                self._of_country.clear()
            hit = self._of_country[(keys, country)] = [k for k in keys.split(",")
                                                       if self.actors[k].country in (country, None)]
        return list(hit)

    @cached_property
    def _countries(self) -> dict[str, str | None]:
        return {}

    def country_of_place(self, key: str) -> str | None:
        """Walk kg:locatedIn up to the country (a place whose type is country); remembered."""
        if key not in self._countries:
            self._countries[key] = self._walk_to_country(key)
        return self._countries[key]

    def _walk_to_country(self, key: str) -> str | None:
        seen = set()
        while key and key not in seen:
            seen.add(key)
            p = self.places.get(key)
            if p is None:
                return None
            if p.place_type == "country":
                return key
            key = p.parent or ""
        return None


def _local(iri: URIRef, ns: str) -> str:
    return str(iri)[len(ns):]


@cache
def load_registry(paths: tuple[Path, ...] | None = None) -> Registry:
    """Parse the registry files (cached per set of paths)."""
    g = Graph()
    for p in paths or tuple(registry_files()):
        if Path(p).exists():
            g.parse(p, format="turtle")
    actors: dict[str, ActorEntry] = {}
    places: dict[str, PlaceEntry] = {}
    for s in sorted(set(g.subjects(SKOS.prefLabel, None))):
        if not isinstance(s, URIRef):
            continue
        iri = str(s)
        label = str(g.value(s, SKOS.prefLabel))
        alts = tuple(sorted(str(o) for o in g.objects(s, SKOS.altLabel)))
        if iri.startswith(str(KGA)):
            kinds = sorted(_local(t, str(KG)) for t in g.objects(s, RDF.type) if str(t).startswith(str(KG)))
            country = g.value(s, KG.country) or g.value(s, KG.territory)
            parents = sorted({o for p in (KG.mediaWingOf, KG.spokespersonFor, KG.ministerOf, KG.heads,
                                          ORG.subOrganizationOf) for o in g.objects(s, p)})
            actors[_local(s, str(KGA))] = ActorEntry(
                key=_local(s, str(KGA)), label=label, kind=kinds[0] if kinds else "Actor",
                country=_local(country, str(KGP)) if country else None,
                title=str(g.value(s, KG["title"])) if g.value(s, KG["title"]) else None,
                names=(label, *alts),
                descriptive=tuple(sorted(str(o) for o in g.objects(s, KG.descriptiveLabel))),
                metonyms=tuple(sorted(str(o) for o in g.objects(s, KG.metonym))),
                parents=tuple(_local(p, str(KGA)) for p in parents if p is not None),
            )
        elif iri.startswith(str(KGP)):
            pt = g.value(s, KG.placeType)
            parent = g.value(s, KG.locatedIn)
            lat, long = g.value(s, GEO.lat), g.value(s, GEO.long)
            places[_local(s, str(KGP))] = PlaceEntry(
                key=_local(s, str(KGP)), label=label,
                place_type=str(pt).rsplit("/", 1)[-1] if pt else None,
                parent=_local(parent, str(KGP)) if parent else None,
                names=(label, *alts),
                lat=float(lat) if lat is not None else None,
                long=float(long) if long is not None else None,
            )
    return Registry(actors, places)
