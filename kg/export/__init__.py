"""Exports of a claims graph to other tools."""

from kg.export.networkx import to_networkx
from kg.export.rdf import export, to_dataset

__all__ = ["export", "to_dataset", "to_networkx"]
