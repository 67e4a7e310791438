"""Exports of a claims graph to other tools."""

from kg.export.networkx import to_networkx

__all__ = ["to_networkx"]
