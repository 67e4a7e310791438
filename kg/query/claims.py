"""The claims table: ``queries/who-claimed-what.rq`` over a graph, as JSON-ready rows."""

from __future__ import annotations

from rdflib import Graph
from rdflib.query import Result

from kg.query.library import run_query

COLUMNS = ["doc", "claimant", "claimant_iri", "type", "about", "count", "qualifier", "category", "quote",
           "start", "end"]
"""Columns of a claims row (``kg claims --format jsonl``)."""


def result_rows(result: Result) -> list[dict]:
    """SPARQL result rows as dicts of Python values (None where unbound)."""
    out = []
    for row in result:
        out.append({str(var): (None if row[var] is None else row[var].toPython()) for var in result.vars})
    return out


def claims_rows(graph: Graph) -> list[dict]:
    """One dict per claim, with the keys of :data:`COLUMNS`."""
    return claims_rows_of(run_query(graph, "who-claimed-what"))


def store_claims_rows(store: object) -> list[dict]:
    """:func:`claims_rows` over an Oxigraph store (its union graph): the same rows, faster."""
    from kg.store import query_store

    return claims_rows_of(query_store(store, "who-claimed-what"))


def claims_rows_of(result: Result) -> list[dict]:
    """The claims rows of a ``who-claimed-what`` result."""
    rows = []
    for r in result_rows(result):
        rows.append({k: (int(r[k]) if k in ("count", "start", "end") and r.get(k) is not None else
                         (str(r[k]) if r.get(k) is not None else None)) for k in COLUMNS})
    return rows
