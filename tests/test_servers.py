"""kg push and kg query --endpoint against real SPARQL 1.1 servers on 127.0.0.1.

Oxigraph's server comes with the ``oxigraph`` package (test extra); Virtuoso Open Source
with Debian's ``virtuoso-opensource-7`` (``.ci/setup.d/virtuoso.sh``). Each runs on a free
port with a throwaway database and is stopped by its process id. A missing server is a skip
locally and a failure in CI (``CI`` set).
"""

from __future__ import annotations

import base64
import http.server
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from kg.export.rdf import GRAPH_REFERENCE, GRAPH_SHARED, graphs_of
from kg.push import GENID, push, skolemize
from kg.query import run_query
from kg.query.claims import result_rows
from kg.remote import Client, RemoteError, make_client, remote_graphs, remote_query, select
from kg.vocab import KGG

HERE = Path(__file__).parent
GOLDEN_INPUTS = sorted(str(p) for p in (HERE / "golden").glob("*/input.txt"))
INCIDENTS = str(HERE / "data" / "incidents")
SHARED_ACTOR = str(HERE / "data" / "shared-actor")
CHUNK = 500
"""Small enough that the reference graph (over 10,000 triples) takes many requests."""


@dataclass
class Server:
    name: str
    query: str
    """SPARQL query endpoint (anonymous reads)."""
    update: str
    """SPARQL Update endpoint."""
    gsp: str
    """Graph Store Protocol endpoint."""
    env: dict[str, str] = field(default_factory=dict)
    """Credentials, as a user sets them."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need(name: str) -> str:
    path = shutil.which(
        name, path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    )
    if path is None:
        msg = f"{name} is not installed (see .ci/setup.d/ and the test extra)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return path


def _wait(url: str, proc: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"server exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}"
            )
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"server not ready after {seconds} s: {log.read_text(errors='replace')[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[Server]:
    exe = _need("oxigraph")
    d = tmp_path_factory.mktemp("oxigraph")
    port = _free_port()
    log = d / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [exe, "serve", "--location", str(d / "data"), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/query", proc, log, 30)
        yield Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store")
    finally:
        _stop(proc)


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {d}/db/virtuoso.db
ErrorLogFile       = {d}/db/virtuoso.log
LockFile           = {d}/db/virtuoso.lck
TransactionFile    = {d}/db/virtuoso.trx
xa_persistent_file = {d}/db/virtuoso.pxa
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = {d}/db/virtuoso-temp.db
TransactionFile    = {d}/db/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql}
DisableUnixSocket  = 1
CheckpointInterval = 60
DirsAllowed        = ., {d}
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
ThreadsPerQuery    = 2
[HTTPServer]
ServerPort           = 127.0.0.1:{http}
ServerRoot           = {d}/vsp
ServerThreads        = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory) -> Iterator[Server]:
    exe = _need("virtuoso-t")
    d = tmp_path_factory.mktemp("virtuoso")
    (d / "db").mkdir()
    (d / "vsp").mkdir()
    http_port, sql_port = _free_port(), _free_port()
    ini = d / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=d, sql=sql_port, http=http_port), encoding="utf-8")
    log = d / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [exe, "+foreground", "+configfile", str(ini)],
            cwd=d,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{http_port}"
        _wait(f"{base}/sparql", proc, log, 120)
        # A new database's administrator is dba/dba; the -auth endpoints take only Digest.
        env = {
            "KG_ENDPOINT_USER": "dba",
            "KG_ENDPOINT_PASSWORD": "dba",
            "KG_ENDPOINT_AUTH": "digest",
        }
        yield Server(
            "virtuoso",
            f"{base}/sparql",
            f"{base}/sparql-auth",
            f"{base}/sparql-graph-crud-auth",
            env,
        )
    finally:
        _stop(proc)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request) -> Server:
    """Each server, with kg's graphs left by earlier tests dropped."""
    srv: Server = request.getfixturevalue(f"{request.param}_server")
    with make_client(environ=srv.env, retries=0) as client:
        for g in remote_graphs(client, srv.query):
            client.request(
                "POST",
                srv.update,
                data=f"DROP SILENT GRAPH <{g}>".encode(),
                headers={"Content-Type": "application/sparql-update"},
            )
    return srv


@pytest.fixture
def client(server: Server) -> Iterator[Client]:
    with make_client(environ=server.env, retries=2, backoff=0.2) as c:
        yield c


@pytest.fixture(scope="module")
def built():
    from kg.pipeline import build

    logging.disable(logging.WARNING)  # owlrl logs every gMonthDay literal it cannot convert
    try:
        result = build([*GOLDEN_INPUTS, INCIDENTS, SHARED_ACTOR])
    finally:
        logging.disable(logging.NOTSET)
    return result, graphs_of(result, inferred=True)


def as_set(rows: list[dict]) -> list[tuple]:
    """Rows as sorted tuples of strings: servers order ties differently."""
    return sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows)


def remote_counts(client, endpoint: str) -> dict[URIRef, int]:
    res = select(
        client,
        endpoint,
        f"""SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
        FILTER(STRSTARTS(STR(?g), "{KGG}")) }} GROUP BY ?g""",
    )
    return {URIRef(r["g"]): int(r["n"]) for r in result_rows(res)}


def _kwargs(server: Server, protocol: str) -> dict[str, str]:
    return {"graph_store": server.gsp} if protocol == "gsp" else {"endpoint": server.update}


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_push_then_query_remotely_then_push_again(server, client, protocol, built):
    result, graphs = built
    assert GRAPH_SHARED in graphs, "the data has a triple that two documents assert"
    report = push(graphs, client, chunk_size=CHUNK, **_kwargs(server, protocol))
    assert report.triples == sum(len(g) for g in graphs.values())
    assert report.requests >= len(graphs[GRAPH_REFERENCE]) // CHUNK + len(graphs)
    counts = remote_counts(client, server.query)
    assert counts == {g: len(v) for g, v in graphs.items()}

    local = result_rows(run_query(result.graph, "who-claimed-what"))
    remote = result_rows(remote_query(client, server.query, "who-claimed-what"))
    assert local and as_set(remote) == as_set(local)

    push(graphs, client, chunk_size=CHUNK, **_kwargs(server, protocol))
    assert remote_counts(client, server.query) == counts, "a second push replaces, never adds"


def test_remote_query_binds_parameters(server, client, built):
    result, graphs = built
    push(graphs, client, graph_store=server.gsp)
    first = result_rows(run_query(result.graph, "who-claimed-what"))[0]
    for params in ({"actor": first["claimant_iri"]}, {"actor": first["claimant"].upper()}):
        local = result_rows(run_query(result.graph, "claims-by", params))
        assert local
        assert as_set(
            result_rows(remote_query(client, server.query, "claims-by", params))
        ) == as_set(local)


def test_push_keeps_text_language_tags_and_blank_nodes(server, client):
    g = Graph()
    node, other = BNode(), BNode()
    s = URIRef("https://example.org/s")
    g.add((s, URIRef("https://example.org/label"), Literal("Quetta — “naïve” café ☃")))
    g.add((s, URIRef("https://example.org/name"), Literal("Kwita", lang="ur-latn")))
    g.add((s, URIRef("https://example.org/part"), node))
    g.add((node, URIRef("https://example.org/next"), other))
    g.add((other, URIRef("https://example.org/count"), Literal(7)))
    g.add((other, URIRef("https://example.org/day"), Literal("--01-31", datatype=ns.XSD.gMonthDay)))
    iri = KGG["test-literals"]
    for kwargs in ({"graph_store": server.gsp}, {"endpoint": server.update}):
        push({iri: g}, client, chunk_size=2, **kwargs)
        res = select(
            client, server.query, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        )
        back = Graph()
        for row in res:
            back.add((row[0], row[1], row[2]))
        expected = skolemize({iri: g})[iri]
        assert all(str(t[0]).startswith(GENID) for t in expected if t[0] != s)
        assert isomorphic(back, expected), sorted(back.symmetric_difference(expected))


def test_virtuoso_refuses_wrong_credentials_in_one_line(virtuoso_server):
    small = {KGG["test-auth"]: Graph().add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))}
    for env in (
        {},
        {**virtuoso_server.env, "KG_ENDPOINT_PASSWORD": "wrong"},
        {**virtuoso_server.env, "KG_ENDPOINT_AUTH": "basic"},
    ):
        with (
            make_client(environ=env, retries=0) as client,
            pytest.raises(RemoteError, match=r"not authorised.*KG_ENDPOINT_USER"),
        ):
            push(small, client, graph_store=virtuoso_server.gsp)


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first two requests, then 204; a 400 for /bad."""

    calls = 0

    def do_POST(self) -> None:
        type(self).calls += 1
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/bad"):
            self.send_response(400)
            self.end_headers()
            self.wfile.write(b"Parse error at line 1\nmore")
            return
        self.send_response(503 if type(self).calls <= 2 else 204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_client_retries_transient_errors_and_fails_fast_on_bad_requests():
    srv = http.server.HTTPServer(("127.0.0.1", 0), _Flaky)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}"
        client = make_client(environ={}, retries=3, backoff=0.01, timeout=5)
        client.request("POST", f"{url}/update", data=b"x")
        assert (client.requests, client.retried) == (3, 2)
        with pytest.raises(RemoteError, match=r"HTTP 400: Parse error at line 1$"):
            client.request("POST", f"{url}/bad", data=b"x")
        assert client.requests == 4
        _Flaky.calls = -10
        with pytest.raises(RemoteError, match="HTTP 503"):
            make_client(environ={}, retries=1, backoff=0.01, timeout=5).request(
                "POST", f"{url}/update", data=b"x"
            )
    finally:
        srv.shutdown()
        srv.server_close()
    with pytest.raises(RemoteError, match="cannot reach the server"):
        make_client(environ={}, retries=1, backoff=0.01, timeout=5).request("POST", url, data=b"x")


class _BasicOnly(http.server.BaseHTTPRequestHandler):
    """Accepts only Basic credentials kg:secret."""

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        expected = "Basic " + base64.b64encode(b"kg:secret").decode()
        self.send_response(201 if self.headers.get("Authorization") == expected else 401)
        if self.headers.get("Authorization") != expected:
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_basic_credentials_come_from_the_environment():
    srv = http.server.HTTPServer(("127.0.0.1", 0), _BasicOnly)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}/store"
        small = {KGG["test-basic"]: Graph().add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))}
        env = {"KG_ENDPOINT_USER": "kg", "KG_ENDPOINT_PASSWORD": "secret"}
        with make_client(environ=env, retries=0, timeout=5) as client:
            assert push(small, client, graph_store=url).requests == 1
        with (
            make_client(
                environ={**env, "KG_ENDPOINT_PASSWORD": "wrong"}, retries=0, timeout=5
            ) as c,
            pytest.raises(RemoteError, match="not authorised"),
        ):
            push(small, c, graph_store=url)
        with pytest.raises(RemoteError, match="KG_ENDPOINT_AUTH"):
            make_client(environ={**env, "KG_ENDPOINT_AUTH": "kerberos"})
    finally:
        srv.shutdown()
        srv.server_close()


def kg_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **(env or {})},
    )


def test_cli_push_and_query_endpoint(server, tmp_path):
    trig = tmp_path / "kg.trig"
    exported = kg_cli("export", *GOLDEN_INPUTS, "--format", "trig", "-o", str(trig))
    assert exported.returncode == 0, exported.stderr
    pushed = kg_cli(
        "push",
        "--graph",
        str(trig),
        "--endpoint",
        server.update,
        "--graph-store",
        server.gsp,
        "--chunk-size",
        "2000",
        env=server.env,
    )
    assert pushed.returncode == 0, pushed.stderr
    assert "pushed" in pushed.stdout
    remote = kg_cli(
        "query", "who-claimed-what", "--endpoint", server.query, "--format", "json", env=server.env
    )
    local = kg_cli("query", "who-claimed-what", "--graph", str(trig), "--format", "json")
    assert remote.returncode == 0, remote.stderr
    assert as_set(json.loads(remote.stdout)) == as_set(json.loads(local.stdout))
    assert "KG_ENDPOINT_PASSWORD" not in pushed.stdout + pushed.stderr


def test_cli_push_needs_a_target():
    proc = kg_cli("push", *GOLDEN_INPUTS[:1])
    assert proc.returncode == 2
    assert "--endpoint" in proc.stderr
