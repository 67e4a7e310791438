"""Errors raised by kg. The CLI catches :class:`KGError` and prints one line.

::

    KGError                 exit code 2 unless stated
    ├── InputError          a path or file cannot be read as a news text
    ├── GraphLoadError      a graph file cannot be parsed
    └── QueryError          an unknown query name or a bad parameter
"""

from __future__ import annotations


class KGError(Exception):
    """Base of all kg errors; ``exit_code`` is what the CLI exits with."""

    exit_code = 2


class InputError(KGError):
    """A path or file that cannot be used as input."""


class GraphLoadError(KGError):
    """A graph file that cannot be read or parsed."""


class QueryError(KGError):
    """A query that does not exist or a parameter that does not fit."""
