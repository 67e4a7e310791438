"""The query library: ``queries/<name>.rq`` files with a ``#`` header.

Header lines are ``# key: value`` (title, description, parameters, columns); a value may
continue on following ``#   `` lines. The ``parameters`` value names each parameter as
``?name``, followed by ``(required)`` when the query needs it. Parameters are passed to
rdflib as ``initBindings`` and never pasted into the query text; a parameter given several
values runs the query once per value and concatenates the rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

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

    @property
    def required(self) -> list[str]:
        """Parameters marked ``(required)`` in the header."""
        return re.findall(r"\?(\w+)\s*\(required\)", self.header.get("parameters", ""))

    @property
    def columns(self) -> list[str]:
        """Result columns named in the header."""
        return [c.strip() for c in self.header.get("columns", "").split(",") if c.strip()]


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


_PREFIXED = re.compile(r"([A-Za-z][\w-]*):([^\s:/][^\s]*)")


def _term(value: str) -> Node:
    """A ``--param`` value as an RDF term: an IRI, a prefixed name, an integer or a string.

    >>> _term("kga:ispr")
    rdflib.term.URIRef('https://w3id.org/kg/actor/ispr')
    >>> _term("https://w3id.org/kg/actor/ispr") == _term("kga:ispr")
    True
    >>> _term("92").toPython(), _term("ISPR")
    (92, rdflib.term.Literal('ISPR'))
    """
    from kg.vocab import PREFIXES

    if isinstance(value, Node):  # already a term (URIRef and Literal are str subclasses)
        return value
    if value.startswith(("http://", "https://", "urn:")):
        return URIRef(value)
    m = _PREFIXED.fullmatch(value)
    if m and m.group(1) in PREFIXES:
        return URIRef(PREFIXES[m.group(1)] + m.group(2))
    if re.fullmatch(r"-?\d+", value):
        return Literal(int(value))
    return Literal(value)


ParamValue = str | Node
"""A parameter value: text to convert with :func:`_term`, or an RDF term."""


def _bindings(
    q: NamedQuery, params: Mapping[str, ParamValue | Sequence[ParamValue]] | None
) -> list[dict]:
    """Every combination of parameter values, as initBindings dicts."""
    choices: dict[str, list[Node]] = {}
    for k, v in (params or {}).items():
        if q.parameters and k not in q.parameters:
            raise QueryError(
                f"query {q.name!r} takes no parameter {k!r}; it takes: {', '.join(q.parameters)}"
            )
        values = [v] if isinstance(v, (str, Node)) else list(v)
        if not values:
            raise QueryError(f"parameter {k!r} of query {q.name!r} has no value")
        choices[k] = [_term(x) for x in values]
    missing = [k for k in q.required if k not in choices]
    if missing:
        raise QueryError(
            f"query {q.name!r} needs --param {missing[0]}=VALUE ({q.header.get('parameters', '')})"
        )
    keys = sorted(choices)
    return [dict(zip(keys, combo, strict=True)) for combo in product(*(choices[k] for k in keys))]


def run_query(
    graph: Graph,
    query: NamedQuery | str,
    params: Mapping[str, ParamValue | Sequence[ParamValue]] | None = None,
) -> Result:
    """Run a named query (or a NamedQuery) over ``graph`` with ``params`` bound as initBindings.

    A parameter given a list of values runs the query once per value (each bound in turn,
    never written into the text) and concatenates the rows, dropping repeated rows.

    Raises:
        QueryError: unknown parameter, missing required parameter, or a query that does not
            parse or fails.
    """
    q = load_query(query) if isinstance(query, str) else query
    runs = _bindings(q, params)
    try:
        results = [graph.query(q.text, initBindings=b) for b in runs]
        for res in results:
            if res.type == "SELECT":
                res.bindings  # noqa: B018 - evaluate now, so that errors surface here
    except Exception as err:  # rdflib raises pyparsing errors for bad syntax
        raise QueryError(f"{q.path}: {type(err).__name__}: {str(err).splitlines()[0]}") from None
    return merge_results(results)


def merge_results(results) -> Result:
    """One result from several runs: the rows of each in turn, without repeated rows."""
    if len(results) == 1:
        return results[0]
    merged = Result(results[0].type)
    merged.vars = results[0].vars
    seen: set = set()
    rows = []
    for res in results:
        for row in res.bindings:
            key = tuple(sorted((str(k), v) for k, v in row.items()))
            if key not in seen:
                seen.add(key)
                rows.append(row)
    merged.bindings = rows
    return merged


def load_with_inferred(path: Path | str, *, inferred: bool = True) -> tuple[Graph, list[Path]]:
    """The graph in ``path`` plus, when ``inferred``, the ``inferred.ttl`` written beside it.

    ``kg build -o OUT`` writes the asserted triples to ``OUT/graph.ttl`` and what reasoning
    added to ``OUT/inferred.ttl``; queries that use the roll-up (``kg:attributedTo``) need both.

    Returns:
        The merged graph and the files read, in order.
    """
    from kg.io import load_graph

    p = Path(path)
    g = load_graph(p)
    read = [p]
    side = p.parent / "inferred.ttl"
    if inferred and side.exists() and side.resolve() != p.resolve():
        g += load_graph(side)
        read.append(side)
    return g, read
