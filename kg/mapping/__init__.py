"""Mapping stage: Extraction -> RDF graph."""

from kg.mapping.to_rdf import to_rdf

__all__ = ["to_rdf"]
