"""Benchmark tasks, each run in a fresh process by ``run.py`` (``python tasks.py NAME DIR``).

A task prints one JSON object on its last line of output: the seconds of each timed step
and the process's peak resident memory (``VmHWM``). Inputs are read untimed.

* ``stages``: ingest, extract, map, validate, reason one after another on one core (the
  serial pipeline), then write ``DIR/graph.ttl`` (asserted + inferred) and ``asserted.ttl``.
* ``build``: ``kg.pipeline.build(DIR/docs, jobs=N)`` end to end.
* ``queries``: load ``graph.ttl`` into pyoxigraph and run every library query (median of
  several runs), and score the claims table against the synthetic gold.
* ``naive-shacl``, ``naive-owlrl``: pyshacl / owlrl on the whole asserted graph.
* ``naive-queries``: load ``graph.ttl`` into an rdflib Graph and run the queries there, each
  stopped after ``--query-timeout`` seconds.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENT_QUERY = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?claim ?claimant ?count WHERE {
  ?claim kg:aboutEvent ?event ; kg:claimant/skos:prefLabel ?claimant .
  OPTIONAL { ?claim kg:count ?count }
} ORDER BY ?claim"""
PAGE = " LIMIT 50 OFFSET 200"


def peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Timer:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def __call__(self, name: str, fn, *args, **kwargs):
        t = time.perf_counter()
        out = fn(*args, **kwargs)
        self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - t
        return out


def stages(data: Path, args: argparse.Namespace) -> dict:
    from kg.export.turtle import write_turtle
    from kg.ingest import ingest
    from kg.mapping.iri import graph_iri
    from kg.mapping.to_rdf import new_graph, to_triples
    from kg.nlp.extract import extract
    from kg.pipeline import BuildResult, reference_graph
    from kg.reason import closed_ontology, load_tbox
    from kg.reason.documents import infer_documents
    from kg.resolve import find_links, links_to_rdf
    from kg.validate import validate
    from kg.validate.shacl import load_reference, load_shapes

    tm = _Timer()
    tbox = load_tbox()
    closed_ontology(tbox)
    load_reference()
    load_shapes()
    ing = tm("ingest", ingest, [data / "docs"])
    arts = ing.articles
    extract(arts[0])  # warm-up: lexicon, registry, matchers
    xs = [tm("extract", extract, a) for a in arts]
    ts = [tm("map", to_triples, x) for x in xs]

    reports = [tm("validate", validate, t) for t in ts]
    result = BuildResult(reference=reference_graph(), records=ing.records)
    for x, t, r in zip(xs, ts, reports, strict=True):
        if r.conforms:
            result.extractions.append(x)
            result.documents[graph_iri(x.article)] = frozenset(t)
    result.links = tm("reason", lambda: links_to_rdf(find_links(result.extractions), new_graph()))
    docs = [result.documents.triples(k) for k in sorted(result.documents)]
    if len(result.links):
        docs.append(frozenset(result.links))
    result.inferred = tm("reason", infer_documents, docs, reference=result.reference,
                         ontology=tbox)
    _write_params(data, result.extractions)
    words = sum(len(a.text.split()) for a in arts)
    asserted = set(result.asserted_triples())
    full = asserted | result.inferred_triples
    for name, triples in (("asserted.ttl", asserted), ("graph.ttl", full)):
        with (data / name).open("w", encoding="utf-8") as f:
            write_turtle(triples, f)
    return {
        "times": tm.times,
        "docs": len(arts),
        "words": words,
        "conforming": len(result.documents),
        "asserted": len(asserted),
        "inferred": len(result.inferred_triples),
        "triples": len(full),
    }


def _write_params(data: Path, extractions: list) -> None:
    """Parameters for the queries, taken from the data: the most frequent claimant, the
    middle document, a category, and an event of the middle document that claims are about."""
    from collections import Counter

    from kg.mapping.iri import actor_iri, event_iri

    claimants = Counter(c.claimant.key for x in extractions for c in x.claims)
    about = Counter(a.key for x in extractions for c in x.claims for a in c.about)
    mid = extractions[len(extractions) // 2]
    p = {
        "actor": str(actor_iri(claimants.most_common(1)[0][0])),
        "doc": mid.article.doc_id,
        "category": "militants killed",
    }
    if about:
        p["about"] = str(actor_iri(about.most_common(1)[0][0]))
    for x in (mid, *extractions):
        ev = next((c.event for c in x.claims if c.event is not None), None)
        if ev is not None:
            p["event"] = str(event_iri(x.article, x.events[ev].kind))
            break
    (data / "params.json").write_text(json.dumps(p, indent=1) + "\n")


def build(data: Path, args: argparse.Namespace) -> dict:
    from kg.pipeline import build as run_build

    t = time.perf_counter()
    res = run_build([data / "docs"], jobs=args.jobs)
    return {
        "times": {"build": time.perf_counter() - t},
        "jobs": args.jobs,
        "docs": len(res.documents),
    }


def _params(data: Path) -> dict:
    return json.loads((data / "params.json").read_text()) if (data / "params.json").exists() else {}


def _plan(data: Path) -> list[tuple[str, str, dict]]:
    """(label, query text or name, parameters) of every query to time."""
    from kg.query.library import list_queries

    p = _params(data)
    plan = []
    for q in list_queries():
        if not q.required:
            plan.append((q.name, q.name, {}))
        for name in q.parameters:
            key = "about" if q.name == "claims-about" and name == "actor" and "about" in p else name
            if key in p:
                plan.append((f"{q.name} ?{name}", q.name, {name: p[key]}))
    plan.append(("who-claimed-what, one page", "page", {}))
    if "event" in p:
        plan.append(("claims about one event", "event", {"event": p["event"]}))
    return plan


def _texts(name: str, params: dict) -> list[str]:
    from rdflib import URIRef

    from kg.query.bind import bound_texts, substitute
    from kg.query.library import load_query

    if name == "page":
        return [load_query("who-claimed-what").text + PAGE]
    if name == "event":
        return [substitute(EVENT_QUERY, {"event": URIRef(params["event"])})]
    return bound_texts(load_query(name), params)


def queries(data: Path, args: argparse.Namespace) -> dict:
    import pyoxigraph as ox

    from kg.evaluate import score

    tm = _Timer()
    store = ox.Store()
    tm("load", store.bulk_load, path=str(data / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    out: dict = {"times": tm.times, "queries": {}}
    for label, name, params in _plan(data):
        texts = _texts(name, params)
        runs, n = [], 0
        for _ in range(args.query_repeats):
            t = time.perf_counter()
            n = sum(sum(1 for _row in store.query(text)) for text in texts)
            runs.append(time.perf_counter() - t)
            if runs[0] > args.slow:  # a slow query runs once
                break
        out["queries"][label] = {"median": statistics.median(runs), "rows": n}
    table = []
    for r in store.query(_texts("who-claimed-what", {})[0]):
        count = r["count"]
        table.append(
            {
                "doc": r["doc"].value,
                "claimant": r["claimant"].value,
                "type": r["type"].value,
                "count": int(count.value) if count is not None else None,
            }
        )
    out["score"] = {k: v for k, v in score(table, data / "gold").items() if not isinstance(v, list)}
    return out


def _guard(seconds: float):
    def alarm(signum, frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def naive_queries(data: Path, args: argparse.Namespace) -> dict:
    from rdflib import Graph

    tm = _Timer()
    g = Graph()
    tm("load", g.parse, str(data / "graph.ttl"), format="turtle")
    out: dict = {"times": tm.times, "queries": {}}
    for label, name, params in _plan(data):
        t = time.perf_counter()
        try:
            _guard(args.query_timeout)
            n = sum(len(list(g.query(text))) for text in _texts(name, params))
            signal.setitimer(signal.ITIMER_REAL, 0)
            out["queries"][label] = {"median": time.perf_counter() - t, "rows": n}
        except TimeoutError:
            out["queries"][label] = {"dnf": args.query_timeout}
        except Exception as err:  # rdflib fails on some valid queries; that is a result too
            signal.setitimer(signal.ITIMER_REAL, 0)
            out["queries"][label] = {
                "error": f"{type(err).__name__}: {str(err).splitlines()[0][:80]}"
            }
    return out


def naive_shacl(data: Path, args: argparse.Namespace) -> dict:
    from pyshacl import validate
    from rdflib import Graph

    from kg.validate.shacl import load_shapes

    g = Graph().parse(str(data / "asserted.ttl"), format="turtle")
    shapes = load_shapes()
    t = time.perf_counter()
    conforms, _, _ = validate(
        g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return {
        "times": {"validate": time.perf_counter() - t},
        "conforms": bool(conforms),
        "triples": len(g),
    }


def naive_owlrl(data: Path, args: argparse.Namespace) -> dict:
    import owlrl
    from rdflib import Graph

    g = Graph().parse(str(data / "asserted.ttl"), format="turtle")
    n = len(g)
    t = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False).expand(g)
    return {"times": {"reason": time.perf_counter() - t}, "before": n, "after": len(g)}


TASKS = {
    "stages": stages,
    "build": build,
    "queries": queries,
    "naive-queries": naive_queries,
    "naive-shacl": naive_shacl,
    "naive-owlrl": naive_owlrl,
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=sorted(TASKS))
    ap.add_argument("data", type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--query-repeats", type=int, default=5)
    ap.add_argument("--query-timeout", type=float, default=10)
    ap.add_argument("--slow", type=float, default=2.0, help="a query slower than this runs once")
    args = ap.parse_args()
    res = TASKS[args.task](args.data, args)
    res["peak_mib"] = peak_mib()
    sys.stdout.write("\n" + json.dumps(res) + "\n")


if __name__ == "__main__":
    main()
