"""The query library: ``queries/<name>.rq`` files with a ``#`` header.

Header lines are ``# key: value`` (title, description, parameters, columns); a value may
continue on following ``#   `` lines. Parameters are passed to rdflib as ``initBindings``
and never pasted into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from kg.errors import QueryError
from kg.resources import queries_dir


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    header: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.header.get("title", self.name)

    @property
    def description(self) -> str:
        return self.header.get("description", "")

    @property
    def parameters(self) -> list[str]:
        """Names of the variables a caller may bind (from the ``parameters`` header)."""
        return re.findall(r"\?(\w+)", self.header.get("parameters", ""))


def parse_header(text: str) -> dict[str, str]:
    header: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:]
        m = re.match(r"\s*(\w[\w-]*):\s*(.*)$", body)
        if m and not body.startswith("   "):
            key = m.group(1).lower()
            header[key] = m.group(2).strip()
        elif key:
            header[key] = (header[key] + " " + body.strip()).strip()
    return header


def load_query(name_or_path: str | Path) -> NamedQuery:
    p = Path(name_or_path)
    if p.suffix == ".rq" and p.exists():
        path = p
    else:
        path = queries_dir() / f"{name_or_path}.rq"
        if not path.exists():
            names = ", ".join(q.name for q in list_queries())
            raise QueryError(f"no query named {name_or_path!r}; available: {names}")
    text = path.read_text(encoding="utf-8")
    return NamedQuery(path.stem, path, text, parse_header(text))


def list_queries() -> list[NamedQuery]:
    return [load_query(p) for p in sorted(queries_dir().glob("*.rq"))]


def _term(value: str) -> URIRef | Literal:
    if value.startswith(("http://", "https://", "urn:")):
        return URIRef(value)
    if re.fullmatch(r"-?\d+", value):
        return Literal(int(value))
    return Literal(value)


def run_query(graph: Graph, query: NamedQuery | str, params: dict[str, str] | None = None) -> Result:
    """Run a named query (or a NamedQuery) over ``graph`` with ``params`` bound as initBindings."""
    q = load_query(query) if isinstance(query, str) else query
    bindings = {}
    for k, v in (params or {}).items():
        if q.parameters and k not in q.parameters:
            raise QueryError(f"query {q.name!r} takes no parameter {k!r}; it takes: {', '.join(q.parameters)}")
        bindings[k] = _term(v) if isinstance(v, str) else v
    try:
        return graph.query(q.text, initBindings=bindings)
    except Exception as err:  # rdflib raises pyparsing errors for bad syntax
        raise QueryError(f"{q.path}: {type(err).__name__}: {str(err).splitlines()[0]}") from None
