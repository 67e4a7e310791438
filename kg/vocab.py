"""Namespaces and IRI bases used by kg.

The terms themselves are defined in ``ontology/kg.ttl`` (classes and properties) and
``ontology/concepts.ttl`` (SKOS concept schemes); ``tests/unit/test_vocab.py`` checks
that every ``KG.term`` used by the package is defined there.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/kg/ontology#")
"""Classes and properties of the kg ontology."""

KGC = Namespace("https://w3id.org/kg/concept/")
"""SKOS concepts: claim kinds, casualty categories, qualifiers."""

KGA = Namespace("https://w3id.org/kg/actor/")
"""Actors (registry entries and actors discovered in text)."""

KGP = Namespace("https://w3id.org/kg/place/")
"""Places (gazetteer entries and discovered places)."""

KGD = Namespace("https://w3id.org/kg/data/")
"""Per-document data: articles, claims, evidence spans, events."""

KGG = Namespace("https://w3id.org/kg/graph/")
"""Named graphs: one per document, plus ontology and inferred graphs."""

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

PREFIXES: dict[str, Namespace] = {
    "kg": KG,
    "kgc": KGC,
    "kga": KGA,
    "kgp": KGP,
    "kgd": KGD,
    "kgg": KGG,
    "nif": NIF,
    "org": ORG,
    "sem": SEM,
    "geo": GEO,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

__all__ = ["DCTERMS", "GEO", "KG", "KGA", "KGC", "KGD", "KGG", "KGP", "NIF", "ORG", "OWL",
           "PREFIXES", "PROV", "RDF", "RDFS", "SEM", "SKOS", "XSD"]
