"""Query parameters for engines without rdflib's ``initBindings``: Oxigraph and remote servers.

:func:`bound_texts` checks and converts ``--param`` values to RDF terms exactly as
:func:`kg.query.library.run_query` does, and :func:`substitute` writes those terms into the
query text, in the places the variable occurs, as SPARQL terms (``Node.n3()``: escaped, never
raw user text); this mirrors rdflib's pre-binding, where a FILTER deep inside the query sees
the bound value. Tests that only depend on a bound term are written in as their value
(``BOUND(?v)``, ``isIRI(?v)``, ``isLiteral(?v)`` ...), so that an engine sees a constant and can
drop the branches of a query that do not apply to the kind of value given (an IRI or a label).
:func:`add_from` names the graphs that make up a query's default graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import QueryError
from kg.query import library
from kg.query.library import NamedQuery, ParamValue

_TOKEN = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_-]*)"
    r"|(?P<other>.)",
    re.DOTALL,
)


_TESTS: dict[str, Callable[[Node], bool]] = {
    "BOUND": lambda term: True,
    "ISIRI": lambda term: isinstance(term, URIRef),
    "ISURI": lambda term: isinstance(term, URIRef),
    "ISBLANK": lambda term: isinstance(term, BNode),
    "ISLITERAL": lambda term: isinstance(term, Literal),
}
"""Functions of one variable whose value is known once the variable is bound to a term."""


def bound_texts(
    query: NamedQuery, params: Mapping[str, ParamValue | Sequence[ParamValue]] | None
) -> list[str]:
    """The query text once per combination of parameter values, each with its terms written in.

    Parameters are checked and converted as :func:`kg.query.library.run_query` does (a list
    of values runs the query once per value).

    >>> q = NamedQuery("q", None, "SELECT ?x WHERE { ?x ?p ?doc }", {"parameters": "?doc a file"})
    >>> bound_texts(q, {"doc": ["a1", "kga:x"]})
    ['SELECT ?x WHERE { ?x ?p "a1" }', 'SELECT ?x WHERE { ?x ?p <https://w3id.org/kg/actor/x> }']
    """
    return [substitute(query.text, b) for b in library._bindings(query, params)]


def merge(results: Sequence[Result]) -> Result:
    """One result from several runs: the rows of each in turn, without repeated rows."""
    return library.merge_results(results)


def _tokens(text: str) -> Iterable[tuple[str, str]]:
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        yield kind, m.group(0)


def substitute(text: str, bindings: Mapping[str, Node]) -> str:
    """The query text with each bound variable replaced by its term.

    In a SELECT clause a bare ``?v`` becomes ``(term AS ?v)``, so the column stays; in GROUP BY
    and ORDER BY it becomes ``(term)``; ``BOUND(?v)``, ``isIRI(?v)``, ``isURI(?v)``,
    ``isBlank(?v)`` and ``isLiteral(?v)`` become ``true`` or ``false``.

    >>> from rdflib import Literal
    >>> substitute("SELECT ?a ?b WHERE { ?a <urn:p> ?b } ORDER BY ?b", {"b": Literal("x")})
    'SELECT ?a ("x" AS ?b) WHERE { ?a <urn:p> "x" } ORDER BY ("x")'
    >>> substitute("ASK { FILTER(isIRI(?b) || isLiteral(?b)) }", {"b": Literal("x")})
    'ASK { FILTER(false || true) }'
    >>> substitute("ASK { FILTER isIRI(?b) }", {"b": Literal("x")})
    'ASK { FILTER (false) }'
    """
    if not bindings:
        return text
    terms = {k: v.n3() for k, v in bindings.items()}
    toks = list(_tokens(text))
    out: list[str] = []
    clause = ""  # "select" (projection), "modifier" (GROUP BY / ORDER BY) or ""
    depth = 0  # parentheses depth inside the current clause
    i = 0
    while i < len(toks):
        kind, tok = toks[i]
        up = tok.upper()
        if kind == "word":
            if up == "SELECT":
                clause, depth = "select", 0
            elif up in ("WHERE", "FROM", "HAVING", "LIMIT", "OFFSET", "VALUES"):
                clause = ""
            elif up == "BY" and clause != "select":
                clause, depth = "modifier", 0
            elif up in _TESTS and not (out and out[-1] == ":"):  # not a prefixed name
                j = i + 1
                while j < len(toks) and toks[j][1].isspace():
                    j += 1
                if (
                    j + 2 < len(toks)
                    and toks[j][1] == "("
                    and toks[j + 1][0] == "var"
                    and toks[j + 1][1][1:] in bindings
                    and toks[j + 2][1] == ")"
                ):
                    value = "true" if _TESTS[up](bindings[toks[j + 1][1][1:]]) else "false"
                    # FILTER takes a call or a bracketted expression, not a bare constant
                    out.append(f"({value})" if _last_word(out).upper() == "FILTER" else value)
                    i = j + 3
                    continue
        elif tok in ("{", "}"):
            clause = ""
        elif tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif kind == "var" and tok[1:] in terms:
            name, term = tok[1:], terms[tok[1:]]
            if _last_word(out).upper() == "AS":
                raise QueryError(f"parameter ?{name} is assigned in the query; it cannot be bound")
            if clause == "select" and depth == 0:
                out.append(f"({term} AS ?{name})")
            elif clause == "modifier" and depth == 0:
                out.append(f"({term})")
            else:
                out.append(term)
            i += 1
            continue
        out.append(tok)
        i += 1
    return "".join(out)


def _last_word(out: list[str]) -> str:
    for tok in reversed(out):
        if tok.strip():
            return tok
    return ""


def add_from(text: str, graphs: Iterable[URIRef]) -> str:
    """The query with ``FROM <g>`` for each graph, so its default graph is their merge.

    >>> add_from("SELECT * WHERE { ?s ?p ?o }", [URIRef("urn:g")])
    'SELECT * FROM <urn:g>\\nWHERE { ?s ?p ?o }'
    """
    clauses = "".join(f"FROM {URIRef(g).n3()}\n" for g in graphs)
    if not clauses:
        return text
    pos = 0
    for m in _TOKEN.finditer(text):
        kind, tok = m.lastgroup, m.group(0)
        if (kind == "word" and tok.upper() == "WHERE") or tok == "{":
            pos = m.start()
            break
    else:
        raise QueryError("cannot find the WHERE clause of the query")
    before = text[:pos]
    sep = "" if before.endswith(("\n", " ")) else " "
    return f"{before}{sep}{clauses}{text[pos:]}"


__all__ = ["add_from", "bound_texts", "merge", "substitute"]
