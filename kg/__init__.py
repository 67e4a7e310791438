"""kg: a knowledge graph of who claimed what about whom in armed-conflict news.

>>> import kg
>>> result = kg.build(["examples/reports"])      # doctest: +SKIP
>>> rows = kg.claims_table(result.graph)        # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kg")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__", "build", "claims_table", "extract", "load_graph", "validate"]


def build(paths, *, check: bool = True):
    """Build the claims graph of the texts under ``paths`` (see :func:`kg.pipeline.build`)."""
    from kg.pipeline import build as _build

    return _build(paths, check=check)


def claims_table(graph) -> list[dict]:
    """The who-claimed-what table of a graph, as a list of dicts."""
    from kg.query.claims import claims_rows

    return claims_rows(graph)


def extract(article):
    """Extract claims from one :class:`kg.model.Article`."""
    from kg.nlp.extract import extract as _extract

    return _extract(article)


def load_graph(path):
    """Parse a graph file."""
    from kg.io import load_graph as _load

    return _load(path)


def validate(graph):
    """Validate a graph with the SHACL shapes."""
    from kg.validate import validate as _validate

    return _validate(graph)
