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
from typing import Annotated

import typer

from kg.errors import KGError
from kg.query.claims import COLUMNS, claims_rows, result_rows as _rows

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


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Text files or folders of news reports.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print only the summary.")] = False,
) -> None:
    """Build the claims graph from news texts and write OUT/graph.ttl and OUT/manifest.json."""
    from kg.io import write_build

    try:
        from kg.pipeline import build as run_build

        result = run_build(paths, check=not no_validate, progress=True)
        written = write_build(result, out)
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
    typer.echo(f"triples     {len(result.asserted)} asserted"
               + (f", {len(result.inferred)} inferred" if result.inferred is not None else ""))
    typer.echo(f"SHACL       {'not run' if conforms is None else 'conforms' if conforms else 'does not conform'}")
    for r in result.records:
        if r.status in ("rejected", "quarantined", "duplicate"):
            typer.echo(f"kg: {r.status}: {r.path}: {r.reason}", err=True)
    typer.echo(f"written     {', '.join(str(p) for p in written)}")
    if not quiet:
        typer.echo("")
        _emit_claims(claims_rows(result.graph), ClaimsFormat.table)
    if status["quarantined"] or status["rejected"]:
        raise typer.Exit(1)


@app.command()
def claims(
    paths: Annotated[list[Path] | None, typer.Argument(help="Text files or folders (built in memory).")] = None,
    graph: Annotated[Path | None, typer.Option("--graph", "-g", help="A graph file written by kg build.")] = None,
    fmt: Annotated[ClaimsFormat, typer.Option("--format", "-f", help="Output format.")] = ClaimsFormat.table,
) -> None:
    """Print the claims table (queries/who-claimed-what.rq) of texts or of a built graph."""
    try:
        if graph is not None:
            g = _load_graph(graph)
        elif paths:
            from kg.pipeline import build as run_build

            g = run_build(paths, check=False).graph
        else:
            raise _fail("give text PATHs or --graph FILE")
        _emit_claims(claims_rows(g), fmt)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="Name of a query in queries/ (see --list).")] = None,
    graph: Annotated[Path | None, typer.Option("--graph", "-g", help="Graph file.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value, bound as a parameter.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Run this .rq file instead of a named query.")] = None,
    fmt: Annotated[RowsFormat, typer.Option("--format", "-f")] = RowsFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
) -> None:
    """Run a named SPARQL query of the library over a graph."""
    from kg.query import list_queries, load_query, run_query

    try:
        if list_:
            for q in list_queries():
                typer.echo(f"{q.name:28} {q.description}")
            return
        if file is None and name is None:
            raise _fail("give a query NAME, --file Q.rq or --list")
        if graph is None:
            raise _fail("give --graph FILE (a graph written by kg build)")
        params = {}
        for p in param or []:
            if "=" not in p:
                raise _fail(f"--param {p!r}: expected name=value")
            k, v = p.split("=", 1)
            params[k.strip().lstrip("?")] = v
        q = load_query(file if file is not None else name)
        res = run_query(_load_graph(graph), q, params)
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


@app.command("validate")
def validate_cmd(
    graph: Annotated[Path, typer.Argument(help="Graph file to validate against shapes/.")],
) -> None:
    """Validate a graph with the SHACL shapes: exit 0 if it conforms, 1 if not, 2 if unreadable."""
    from kg.validate import validate

    try:
        report = validate(_load_graph(graph))
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    if report.conforms:
        typer.echo(f"{graph}: conforms")
        return
    for r in report.results:
        typer.echo(f"{r.focus}  {r.path or ''}  {r.message}  {r.value or ''}")
    typer.echo(f"{graph}: does not conform ({len(report.results)} results)")
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
) -> None:
    """Write the interactive network page, the conflicts chart, an overview and GraphML/GEXF.

    Files in OUT: network.html (network, conflicting figures, timeline; opens offline),
    conflicts.svg, overview.svg, graph.graphml and graph.gexf.
    """
    from kg.viz import write_viz

    try:
        if graph is not None and paths:
            raise _fail("give either text PATHs or --graph FILE, not both")
        if graph is not None:
            g = _load_graph(graph)
        elif paths:
            from kg.pipeline import build as run_build

            g = run_build(paths, check=False).graph
        else:
            raise _fail("give text PATHs or --graph FILE")
        written = write_viz(g, out)
    except KGError as err:
        raise _fail(str(err), err.exit_code) from None
    for p in written:
        typer.echo(f"wrote {p}")


def main() -> None:
    """Entry point of the ``kg`` command."""
    try:
        app()
    except KGError as err:
        if _DEBUG["on"]:
            raise
        typer.echo(f"kg: error: {err}", err=True)
        sys.exit(err.exit_code)
