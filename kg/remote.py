"""Talking to a SPARQL 1.1 server: authentication, retries and remote queries.

Credentials come from the environment only, never from the command line:

* ``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD``: the account;
* ``KG_ENDPOINT_AUTH``: ``basic`` (the default) or ``digest`` (Virtuoso's ``/sparql-auth`` and
  ``/sparql-graph-crud-auth`` accept only Digest).

Requests that fail with a connection error, a timeout, HTTP 429 or a 5xx status are retried
a bounded number of times with exponential back-off; other errors fail at once, in one line.

Remote queries ask for SPARQL JSON results explicitly, and name the graphs they read: stores
differ on what the default graph holds (Virtuoso: every graph; Oxigraph: only the default
graph, unless started with ``--union-default-graph``), so by default the query gets a
``FROM <g>`` for each of kg's graphs on the server (``kgg:`` IRIs), and its default graph is
their merge, as in a local union.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import requests
from rdflib import URIRef, Variable
from rdflib.query import Result

from kg.errors import KGError
from kg.query.library import NamedQuery, ParamValue
from kg.vocab import KGG

ENV_USER = "KG_ENDPOINT_USER"
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"
ENV_AUTH = "KG_ENDPOINT_AUTH"

RESULTS_JSON = "application/sparql-results+json"
TRANSIENT = frozenset({429, 500, 502, 503, 504})
"""HTTP statuses worth a retry."""


class RemoteError(KGError):
    """A server that cannot be reached, refuses a request, or answers something unusable."""


def auth_from_env(environ: Mapping[str, str] | None = None) -> requests.auth.AuthBase | None:
    """Basic or Digest credentials from ``KG_ENDPOINT_USER``/``_PASSWORD``/``_AUTH``, or None."""
    env = os.environ if environ is None else environ
    user, password = env.get(ENV_USER, ""), env.get(ENV_PASSWORD, "")
    kind = env.get(ENV_AUTH, "basic").strip().lower() or "basic"
    if kind not in ("basic", "digest"):
        raise RemoteError(f"{ENV_AUTH}={kind!r}: use basic or digest")
    if not user:
        if password:
            raise RemoteError(f"{ENV_PASSWORD} is set but {ENV_USER} is not")
        return None
    if kind == "digest":
        return requests.auth.HTTPDigestAuth(user, password)
    return requests.auth.HTTPBasicAuth(user, password)


def _first_line(text: str) -> str:
    for line in text.strip().splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


@dataclass
class Client:
    """An HTTP session with credentials, bounded retries and a request counter."""

    session: requests.Session = field(default_factory=requests.Session)
    retries: int = 3
    """Retries after the first attempt, for transient failures only."""
    backoff: float = 0.5
    """Seconds before the first retry; doubled for each further one."""
    timeout: float = 300.0
    requests: int = 0
    retried: int = 0

    def close(self) -> None:
        """Close the HTTP connections (kept alive between requests)."""
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, url: str, **kwargs: object) -> requests.Response:
        """Send a request; retry transient failures; raise :class:`RemoteError` on failure."""
        attempt = 0
        while True:
            self.requests += 1
            try:
                resp = self.session.request(method, url, timeout=self.timeout, **kwargs)  # type: ignore[arg-type]
            except (requests.ConnectionError, requests.Timeout) as err:
                if attempt >= self.retries:
                    raise RemoteError(
                        f"{method} {url}: cannot reach the server: {type(err).__name__}"
                    ) from None
            else:
                if resp.status_code < 400:
                    return resp
                if resp.status_code in (401, 403):
                    raise RemoteError(
                        f"{method} {url}: HTTP {resp.status_code} (not authorised): "
                        f"set {ENV_USER} and "
                        f"{ENV_PASSWORD}, and {ENV_AUTH}=digest for servers that take only Digest"
                    )
                if resp.status_code not in TRANSIENT or attempt >= self.retries:
                    raise RemoteError(
                        f"{method} {url}: HTTP {resp.status_code}: {_first_line(resp.text)}"
                    )
            time.sleep(self.backoff * (2**attempt))
            attempt += 1
            self.retried += 1


def make_client(
    *,
    retries: int = 3,
    backoff: float = 0.5,
    timeout: float = 300.0,
    environ: Mapping[str, str] | None = None,
) -> Client:
    """A :class:`Client` with credentials from the environment (see the module docstring)."""
    session = requests.Session()
    session.auth = auth_from_env(environ)
    session.headers["User-Agent"] = "kg"
    return Client(session=session, retries=retries, backoff=backoff, timeout=timeout)


def select(client: Client, endpoint: str, text: str) -> Result:
    """Run a query over the SPARQL protocol (POST form) and parse its JSON results.

    Raises:
        RemoteError: the server fails, answers in another format, or cuts the result short
            (Virtuoso's ``X-SPARQL-MaxRows`` header).
    """
    resp = client.request("POST", endpoint, data={"query": text}, headers={"Accept": RESULTS_JSON})
    ctype = resp.headers.get("Content-Type", "")
    if "json" not in ctype:
        raise RemoteError(
            f"{endpoint}: expected SPARQL JSON results, got {ctype or 'no content type'}"
        )
    try:
        res = Result.parse(io.BytesIO(resp.content), format="json")
    except Exception as err:  # parsers raise many types; the user needs one line
        raise RemoteError(
            f"{endpoint}: cannot parse the results: {_first_line(str(err))}"
        ) from None
    cap = resp.headers.get("X-SPARQL-MaxRows")
    if cap and res.type == "SELECT" and len(res.bindings) >= int(cap):
        raise RemoteError(
            f"{endpoint}: the server cut the result at {cap} rows (X-SPARQL-MaxRows); "
            f"raise its limit (Virtuoso: ResultSetMaxRows in [SPARQL])"
        )
    return res


_GRAPHS = f"""SELECT DISTINCT ?g
WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{KGG}")) }}"""


def remote_graphs(client: Client, endpoint: str) -> list[URIRef]:
    """kg's named graphs (``kgg:`` IRIs) on the server, sorted."""
    res = select(client, endpoint, _GRAPHS)
    var = Variable("g")
    return sorted(URIRef(str(row[var])) for row in res.bindings if row.get(var) is not None)


def remote_query(
    client: Client,
    endpoint: str,
    query: NamedQuery | str,
    params: Mapping[str, ParamValue | Sequence[ParamValue]] | None = None,
    *,
    graphs: list[URIRef] | None = None,
    server_default_graph: bool = False,
) -> Result:
    """Run a named query (or a ``.rq`` path) of the library on a server.

    Args:
        client: from :func:`make_client`.
        endpoint: the server's SPARQL query endpoint.
        query: a query name or ``.rq`` path (see :func:`kg.query.load_query`), or a NamedQuery.
        params: parameters, bound by writing their RDF terms into the query text.
        graphs: the graphs to query; by default every ``kgg:`` graph on the server.
        server_default_graph: query the server's default graph instead of naming graphs
            (right for Virtuoso, or Oxigraph with ``--union-default-graph``).
    """
    from kg.query.bind import add_from, bound_texts, merge
    from kg.query.library import load_query

    q = load_query(query) if isinstance(query, str) else query
    texts = bound_texts(q, params)
    if not server_default_graph:
        names = graphs if graphs is not None else remote_graphs(client, endpoint)
        if not names:
            raise RemoteError(
                f"{endpoint}: no kg graphs on the server (push some with: kg push --endpoint URL)"
            )
        texts = [add_from(text, names) for text in texts]
    return merge([select(client, endpoint, text) for text in texts])


__all__ = [
    "ENV_AUTH",
    "ENV_PASSWORD",
    "ENV_USER",
    "Client",
    "RemoteError",
    "auth_from_env",
    "make_client",
    "remote_graphs",
    "remote_query",
    "select",
]
