"""The ``kg`` command: thin wrappers over the library.

Exit codes: 0 success; 1 the graph does not conform, or a document was quarantined;
2 bad input or usage (missing path, unreadable graph, unknown query); 3 unsupported.
Errors are one line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.errors import KGError
from kg.query.claims import COLUMNS, claims_rows, result_rows as _rows

if TYPE_CHECKING:
    from kg.pipeline import BuildResult

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Build and query a knowledge graph of who claimed what about whom in conflict news.")
_DEBUG = {"on": False}


class ClaimsFormat(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


class RowsFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"




@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False) -> None:
    _DEBUG["on"] = debug


def _fail(msg: str, code: int = 2) -> typer.Exit:
    typer.echo(f"kg: error: {msg}", err=True)
    return typer.Exit(code)


def _print_table(rows: list[dict], columns: list[str], widths: dict[str, int] | None = None) -> None:
    widths = widths or {}
    if not rows:
        typer.echo("(no rows)")
        return
    w = {c: min(widths.get(c, 40), max(len(c), *(len(str(r.get(c) if r.get(c) is not None else "")) for r in rows)))
         for c in columns}
    typer.echo("  ".join(c.ljust(w[c]) for c in columns))
    typer.echo("  ".join("-" * w[c] for c in columns))
    for r in rows:
        cells = []
        for c in columns:
            v = "" if r.get(c) is None else str(r[c])
            v = v.replace("\n", " ")
            cells.append((v[: w[c] - 1] + "…" if len(v) > w[c] else v).ljust(w[c]))
        typer.echo("  ".join(cells).rstrip())


TABLE_COLUMNS = ["doc", "claimant", "type", "count", "qualifier", "category", "about"]
TABLE_WIDTHS = {"doc": 14, "claimant": 30, "type": 14, "count": 6, "qualifier": 9, "category": 26, "about": 30}


def _emit_claims(rows: list[dict], fmt: ClaimsFormat) -> None:
    if fmt is ClaimsFormat.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    elif fmt is ClaimsFormat.csv:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        _print_table(rows, TABLE_COLUMNS, TABLE_WIDTHS)


def _load_graph(path: Path):
    from kg.io import load_graph

    return load_graph(path)


StoreOption = Annotated[Path | None, typer.Option(
    "--store", help="A store directory written by kg build --store (instead of --graph).")]


def _load_source(graph: Path | None, store: Path | None, *, read_inferred: bool = False):
    """The graph of ``--graph FILE`` or of ``--store DIR`` (the union of its graphs), or None.

    With ``read_inferred``, the inferred.ttl beside a graph file is read too.
    """
    if graph is not None and store is not None:
        raise _fail("give either --graph FILE or --store DIR, not both")
    if store is not None:
        from kg.store import open_store, store_graph

        return store_graph(open_store(store, must_exist=True))
    if graph is None:
        return None
    if read_inferred:
        from kg.query import load_with_inferred

        return load_with_inferred(graph)[0]
    return _load_graph(graph)


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Text files or folders of news reports.")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Output folder [default: out].")] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print only the summary.")] = False,
    no_reason: Annotated[bool, typer.Option(
        "--no-reason", help="Skip OWL 2 RL reasoning (no OUT/inferred.ttl).")] = False,
    store: Annotated[Path | None, typer.Option(
        "--store", help="Add the documents to this store directory (created if missing) instead of "
        "writing OUT; documents already in it (same content hash) are not processed again.")] = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes for extraction, mapping, validation and reasoning "
        "(0: one per CPU). The output is the same for any number.")] = 1,
) -> None:
    """Build the claims graph from news texts and write OUT/graph.ttl and OUT/manifest.json.

    Reasoning (on unless --no-reason) writes the inferred triples to OUT/inferred.ttl, apart
    from the asserted ones. With --store, the graphs go into an embedded Oxigraph store instead,
    one named graph per document, and only documents new to the store are processed.
    """
    from kg.io import write_build

    if store is not None and out is not None:
        raise _fail("give either -o OUT or --store DIR, not both")
    update = None
    if jobs == 0:
        from kg.parallel import default_jobs

        jobs = default_jobs()
    try:
        from kg.pipeline import build as run_build

        if store is not None:
            from kg.store import add_result, open_store, stored_hashes

            db = open_store(store)
            result = run_build(paths, check=not no_validate, progress=True, reason=False,
                               skip_hashes=stored_hashes(db), jobs=jobs)
            update = add_result(db, result, reason=not no_reason)
            written = []
        else:
            result = run_build(paths, check=not no_validate, progress=True, reason=not no_reason,
                               jobs=jobs)
            written = write_build(result, out if out is not None else Path("out"))
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    n_claims = sum(len(x.claims) for x in result.extractions)
    actors = {c.claimant.key for x in result.extractions for c in x.claims}
    n_events = sum(len(x.events) for x in result.extractions)
    status = {s: sum(1 for r in result.records if r.status == s) for s in
              ("ingested", "duplicate", "rejected", "quarantined")}
    conforms = all(r.conforms for r in result.reports.values()) if result.reports else None
    typer.echo(f"documents   {len(result.records)} read: {status['ingested']} ingested, {status['duplicate']} "
               f"duplicate, {status['rejected']} rejected, {status['quarantined']} quarantined")
    typer.echo(f"actors      {len(actors)} claimants")
    typer.echo(f"events      {n_events}")
    typer.echo(f"claims      {n_claims}")
    n_inferred = len(result.inferred_triples) if result.inferred_triples is not None else None
    typer.echo(f"triples     {len(set(result.asserted_triples()))} asserted"
               + (f", {n_inferred} inferred" if n_inferred is not None else ""))
    typer.echo(f"SHACL       {'not run' if conforms is None else 'conforms' if conforms else 'does not conform'}")
    for r in result.records:
        if r.status in ("rejected", "quarantined", "duplicate", "known"):
            typer.echo(f"kg: {r.status}: {r.path}: {r.reason}", err=True)
        elif r.reason:
            typer.echo(f"kg: warning: {r.path}: {r.reason}", err=True)
    if update is not None:
        known = sum(1 for r in result.records if r.status == "known")
        typer.echo(f"store       {store}: {len(update.added)} new, {known} already in the store; "
                   f"{update.quads_after} quads")
    else:
        typer.echo(f"written     {', '.join(str(p) for p in written)}")
    if not quiet:
        typer.echo("")
        _emit_claims(_built_claims(result, written), ClaimsFormat.table)
    if status["quarantined"] or status["rejected"]:
        raise typer.Exit(1)


def _built_claims(result: BuildResult, written: list[Path]) -> list[dict]:
    """The claims table of what ``kg build`` just made, queried in Oxigraph (loading the
    written Turtle there takes a fraction of the time rdflib needs to query it)."""
    import pyoxigraph as ox

    from kg.export.turtle import sorted_turtle
    from kg.query.claims import store_claims_rows

    db = ox.Store()
    files = [p for p in written if p.name in ("graph.ttl", "inferred.ttl")]
    for p in files:
        db.bulk_load(path=str(p), format=ox.RdfFormat.TURTLE)
    if not files:
        triples = [*result.asserted_triples(), *(result.inferred_triples or ())]
        db.bulk_load(sorted_turtle(triples).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store_claims_rows(db)


@app.command()
def claims(
    paths: Annotated[list[Path] | None, typer.Argument(help="Text files or folders (built in memory).")] = None,
    graph: Annotated[Path | None, typer.Option("--graph", "-g", help="A graph file written by kg build.")] = None,
    fmt: Annotated[ClaimsFormat, typer.Option("--format", "-f", help="Output format.")] = ClaimsFormat.table,
    store: StoreOption = None,
) -> None:
    """Print the claims table (queries/who-claimed-what.rq) of texts or of a built graph."""
    try:
        g = _load_source(graph, store)
        if g is None and paths:
            from kg.pipeline import build as run_build

            g = run_build(paths, check=False).graph
        elif g is None:
            raise _fail("give text PATHs, --graph FILE or --store DIR")
        _emit_claims(claims_rows(g), fmt)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="Name of a query in queries/ (see --list).")] = None,
    graph: Annotated[Path | None, typer.Option(
        "--graph", "-g", help="Graph file; inferred.ttl beside it is read too.")] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="name=value, bound as a parameter; repeat a name to run once per value.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Run this .rq file instead of a named query.")] = None,
    fmt: Annotated[RowsFormat, typer.Option("--format", "-f")] = RowsFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    no_inferred: Annotated[bool, typer.Option(
        "--no-inferred", help="Do not read the inferred.ttl beside --graph.")] = False,
    store: StoreOption = None,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="Run the query on this SPARQL endpoint (credentials: KG_ENDPOINT_USER, "
        "KG_ENDPOINT_PASSWORD, KG_ENDPOINT_AUTH).")] = None,
    server_default_graph: Annotated[bool, typer.Option(
        "--server-default-graph", help="With --endpoint: query the server's default graph instead of "
        "naming kg's graphs with FROM (for servers whose default graph is the union).")] = False,
) -> None:
    """Run a named SPARQL query of the library over a graph, a store or a SPARQL endpoint.

    Parameters are bound to the query's variables (never pasted into its text). When the
    folder of --graph holds an inferred.ttl (written by kg build), it is read as well, so
    that queries see the reasoning results (class hierarchy, kg:attributedTo roll-up).
    """
    from kg.query import list_queries, load_query, load_with_inferred, run_query

    try:
        if list_:
            for q in list_queries():
                typer.echo(f"{q.name:24} {q.description}")
                if q.parameters:
                    typer.echo(f"{'':24} parameters: {q.header.get('parameters', '')}")
            return
        if file is None and name is None:
            raise _fail("give a query NAME, --file Q.rq or --list")
        if sum(x is not None for x in (graph, store, endpoint)) != 1:
            raise _fail("give one of --graph FILE (a graph written by kg build), --store DIR or --endpoint URL")
        params: dict[str, list[str]] = {}
        for p in param or []:
            if "=" not in p:
                raise _fail(f"--param {p!r}: expected name=value")
            k, v = p.split("=", 1)
            params.setdefault(k.strip().lstrip("?"), []).append(v)
        q = load_query(file if file is not None else name)
        if store is not None:
            from kg.store import open_store, query_store

            res = query_store(open_store(store, must_exist=True), q, params)
        elif endpoint is not None:
            from kg.remote import make_client, remote_query

            res = remote_query(make_client(), endpoint, q, params, server_default_graph=server_default_graph)
        else:
            g, _ = load_with_inferred(graph, inferred=not no_inferred)
            res = run_query(g, q, params)
        rows = _rows(res)
        cols = [str(v) for v in res.vars]
        if fmt is RowsFormat.json:
            typer.echo(json.dumps(rows, ensure_ascii=False, default=str, indent=1))
        elif fmt is RowsFormat.csv:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
            sys.stdout.write(buf.getvalue())
        else:
            _print_table(rows, cols)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None


class ReportFormat(str, Enum):
    text = "text"
    turtle = "turtle"


@app.command("validate")
def validate_cmd(
    graph: Annotated[Path | None, typer.Argument(
        help="Graph file (.ttl, .nt, .trig, .nq, .jsonld, ...) to validate against shapes/.")] = None,
    fmt: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help="text: results grouped by source document and shape; turtle: the SHACL report graph."
    )] = ReportFormat.text,
    store: StoreOption = None,
) -> None:
    """Validate a graph with the SHACL shapes: exit 0 if it conforms, 1 if not, 2 if it cannot be read."""
    from kg.validate import render_text, report_turtle, validate

    try:
        g = _load_source(graph, store)
        if g is None:
            raise _fail("give a GRAPH file or --store DIR")
        report = validate(g)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    if fmt is ReportFormat.turtle:
        sys.stdout.write(report_turtle(report))
    else:
        typer.echo(render_text(report, str(graph if graph is not None else store)))
    if not report.conforms:
        raise typer.Exit(1)


@app.command("eval")
def eval_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Text files or folders to extract from.")],
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold claim files (*.json).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score extracted claims against gold claims (numeric recall/precision, stance recall)."""
    from kg.evaluate import score
    from kg.pipeline import build as run_build

    try:
        rows = claims_rows(run_build(paths, check=False).graph)
        res = score(rows, gold)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    if as_json:
        typer.echo(json.dumps(res, indent=1))
        return
    for m in res["missed"]:
        typer.echo(f"missed: {m}")
    for m in res["false_pos"]:
        typer.echo(f"false positive: {m}")
    typer.echo(f"numeric recall {res['numeric_recall']} ({res['num_found']}/{res['num_gold']}), numeric precision "
               f"{res['numeric_precision']} ({res['num_tp_rows']}/{res['num_rows']}, {res['num_misattributed']} "
               f"misattributed), stance recall {res['stance_recall']} ({res['stance_found']}/{res['stance_gold']})")


@app.command("viz")
def viz_cmd(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Text files or folders (built in memory).")
    ] = None,
    graph: Annotated[
        Path | None, typer.Option("--graph", "-g", help="A graph file written by kg build.")
    ] = None,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out/viz"),
    store: StoreOption = None,
) -> None:
    """Write the interactive network page, the conflicts chart, an overview and GraphML/GEXF.

    Files in OUT: network.html (network, conflicting figures, timeline; opens offline),
    conflicts.svg, overview.svg, graph.graphml and graph.gexf.
    """
    from kg.viz import write_viz

    try:
        if (graph is not None or store is not None) and paths:
            raise _fail("give either text PATHs or --graph FILE, not both")
        g = _load_source(graph, store)
        if g is None and paths:
            from kg.pipeline import build as run_build

            g = run_build(paths, check=False).graph
        elif g is None:
            raise _fail("give text PATHs or --graph FILE (or --store DIR)")
        written = write_viz(g, out)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    for p in written:
        typer.echo(f"wrote {p}")


@app.command("reason")
def reason_cmd(
    graph: Annotated[Path, typer.Argument(help="Graph file (for example OUT/graph.ttl written by kg build).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="File for the inferred triples (Turtle).")],
) -> None:
    """Compute the OWL 2 RL closure of GRAPH with ontology/kg.ttl and write only the inferred triples.

    The graph is closed article by article (each with the registry entries it refers to);
    owlrl artefacts (literal subjects, built-in tautologies) are left out.
    """
    from kg.io import canonical_turtle
    from kg.reason import load_tbox, reason_graph

    try:
        g = _load_graph(graph)
        inferred = reason_graph(g, ontology=load_tbox())
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(canonical_turtle(inferred), encoding="utf-8")
    typer.echo(f"{graph}: {len(g)} triples read, {len(inferred)} inferred, written to {out}")


class ConflictsFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("conflicts")
def conflicts_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Text files or folders (built in memory).")] = None,
    graph: Annotated[Path | None, typer.Option(
        "--graph", "-g", help="A graph file written by kg build; inferred.ttl beside it is read too.")] = None,
    fmt: Annotated[ConflictsFormat, typer.Option("--format", "-f", help="Output format.")] = ConflictsFormat.text,
    only_conflicting: Annotated[bool, typer.Option(
        "--only-conflicting", help="Show only groups with more than one distinct figure.")] = False,
    merge_events: Annotated[bool, typer.Option(
        "--merge-events", help="Group by category and scope only, across events.")] = False,
    store: StoreOption = None,
) -> None:
    """Report the figures claimed per event, category and scope: who claimed each, where, and the spread.

    Figures of different scope (a day's clashes, a 40-hour operation, a year's statistics)
    are kept apart; claims without a scope are grouped as "unscoped". Events joined by
    kg:sameIncidentAs count as one event.
    """
    from kg.conflicts import conflicts, render_text, to_json

    try:
        if (graph is not None or store is not None) and paths:
            raise _fail("give either text PATHs or --graph FILE, not both")
        g = _load_source(graph, store, read_inferred=True)
        if g is None and paths:
            from kg.pipeline import build as run_build

            g = run_build(paths, check=False).graph
        elif g is None:
            raise _fail("give text PATHs or --graph FILE (or --store DIR)")
        groups = conflicts(g, by_event=not merge_events)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    if fmt is ConflictsFormat.json:
        shown = [x for x in groups if x.conflicting or not only_conflicting]
        typer.echo(json.dumps(to_json(shown), ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(render_text(groups, only_conflicting=only_conflicting))


class ExportFormat(str, Enum):
    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    ntriples = "ntriples"
    jsonld = "jsonld"


def _export_source(paths: list[Path] | None, graph: Path | None, store: Path | None, *, inferred: bool):
    """What export and push read: a build of PATHS, a graph file, or a store."""
    if sum(bool(x) for x in (paths, graph is not None, store is not None)) != 1:
        raise _fail("give one of: text PATHs, --graph FILE, --store DIR")
    if store is not None:
        from kg.store import open_store, stored_graphs

        return stored_graphs(open_store(store, must_exist=True), inferred=inferred)
    if graph is not None:
        from kg.export.rdf import GRAPH_INFERRED
        from kg.io import load_dataset, load_graph

        ds = load_dataset(graph)
        side = graph.parent / "inferred.ttl"  # written beside graph.ttl by kg build
        if inferred and graph.suffix.lower() == ".ttl" and side.exists() and side.resolve() != graph.resolve():
            target = ds.graph(GRAPH_INFERRED)
            for t in load_graph(side):
                target.add(t)
        return ds
    from kg.pipeline import build as run_build

    result = run_build(paths or [], progress=True, reason=inferred)
    for r in result.records:
        if r.status in ("rejected", "quarantined", "duplicate"):
            typer.echo(f"kg: {r.status}: {r.path}: {r.reason}", err=True)
    return result


@app.command("export")
def export_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Text files or folders (built in memory).")] = None,
    graph: Annotated[Path | None, typer.Option(
        "--graph", "-g", help="A graph file (kg build's graph.ttl, or a TriG/N-Quads export).")] = None,
    store: StoreOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="RDF format.")] = ExportFormat.trig,
    inferred: Annotated[bool, typer.Option(
        "--inferred", help="Include the inferred triples (named graph kgg:inferred).")] = False,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Output file [default: standard output].")] = None,
) -> None:
    """Write the graph as RDF, deterministically (same input, same bytes).

    TriG, N-Quads and JSON-LD keep one named graph per source document (kgg:doc-<hash16>),
    kgg:reference (ontology and reference data), kgg:incidents, kgg:shared (triples several
    documents assert) and, with --inferred, kgg:inferred. Turtle and N-Triples hold their union.
    """
    from kg.export.rdf import export

    try:
        source = _export_source(paths, graph, store, inferred=inferred)
        text = export(source, fmt.value, out, inferred=inferred)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    if out is None:
        sys.stdout.write(text)
    else:
        typer.echo(f"wrote {out}", err=True)


@app.command("push")
def push_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Text files or folders (built in memory).")] = None,
    graph: Annotated[Path | None, typer.Option(
        "--graph", "-g", help="A graph file (kg build's graph.ttl, or a TriG/N-Quads export).")] = None,
    store: StoreOption = None,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="SPARQL 1.1 Update endpoint (used when --graph-store is not given).")] = None,
    graph_store: Annotated[str | None, typer.Option(
        "--graph-store", help="Graph Store HTTP Protocol endpoint (preferred for bulk loads).")] = None,
    chunk_size: Annotated[int, typer.Option(
        "--chunk-size", min=1, help="Most triples per request (Virtuoso refuses updates of about 5,000).")] = 1000,
    inferred: Annotated[bool, typer.Option(
        "--inferred", help="Include the inferred triples (named graph kgg:inferred).")] = False,
    retries: Annotated[int, typer.Option(
        "--retries", min=0, help="Retries of a request after a connection error, 429 or 5xx.")] = 3,
) -> None:
    """Upload the graph to a SPARQL 1.1 server, one named graph per document, replacing each graph.

    Credentials come from the environment, never the command line: KG_ENDPOINT_USER,
    KG_ENDPOINT_PASSWORD and KG_ENDPOINT_AUTH (basic or digest).
    """
    from kg.export.rdf import graphs_of
    from kg.push import push
    from kg.remote import make_client

    if endpoint is None and graph_store is None:
        raise _fail("give --endpoint URL (SPARQL Update) or --graph-store URL (Graph Store Protocol)")
    try:
        source = _export_source(paths, graph, store, inferred=inferred)
        graphs = graphs_of(source, inferred=inferred)
        with make_client(retries=retries) as client:
            report = push(graphs, client, endpoint=endpoint, graph_store=graph_store, chunk_size=chunk_size,
                          progress=True)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    target = graph_store if graph_store is not None else endpoint
    typer.echo(f"pushed {report.triples} triples in {len(report.graphs)} graphs to {target} "
               f"({'Graph Store Protocol' if report.protocol == 'gsp' else 'SPARQL Update'}; "
               f"{report.requests} requests, {report.retries} retries)")


def main() -> None:
    """Entry point of the ``kg`` command."""
    try:
        app()
    except KGError as err:
        if _DEBUG["on"]:
            raise
        typer.echo(f"kg: error: {err}", err=True)
        sys.exit(err.exit_code)
