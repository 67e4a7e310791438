"""Reasoning stage: the OWL 2 RL closure (owlrl), kept apart from the asserted graph."""

from __future__ import annotations

from rdflib import Graph

from kg.reason.closure import closed_ontology, is_useful, reason
from kg.reason.documents import reason_build, reason_documents, reason_graph, split_documents
from kg.resources import ontology_dir


def load_tbox() -> Graph:
    """The TBox the closure runs with: ``ontology/kg.ttl``.

    Concept schemes and registries are data: each document brings the entries it refers to.
    """
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


__all__ = [
    "closed_ontology",
    "is_useful",
    "load_tbox",
    "reason",
    "reason_build",
    "reason_documents",
    "reason_graph",
    "split_documents",
]
