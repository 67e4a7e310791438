"""Named SPARQL queries from queries/*.rq, run with bound parameters."""

from kg.query.library import NamedQuery, list_queries, load_query, load_with_inferred, run_query

__all__ = ["NamedQuery", "list_queries", "load_query", "load_with_inferred", "run_query"]
