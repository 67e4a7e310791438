"""Benchmark kg on synthetic corpora and write BENCHMARKS.md (``make bench``).

For each size it generates a corpus with gold (``generate.py``), then runs every task of
``tasks.py`` in a fresh process: the serial pipeline stage by stage, ``build --jobs N``, the
queries on pyoxigraph with the gold scored, and the naive pipeline for comparison (whole
graph pyshacl, whole-graph owlrl, queries on rdflib's in-memory store), each naive task
stopped after a time limit ("did not finish in N s" is a result).

    .venv/bin/python benchmarks/run.py                  # 100, 1,000 and 10,000 articles
    .venv/bin/python benchmarks/run.py --sizes 100,1000 # a quicker run

Runs at sizes up to 1,000 are repeated (``--repeats``) and medians reported; larger sizes run
once. Results are kept as JSON in ``WORK/results.json`` and rendered with ``--report-only``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from report import render  # noqa: E402 - a script folder, not a package


def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) // 1024
    import pyoxigraph
    import pyshacl
    import rdflib

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_mib": mem,
        "python": platform.python_version(),
        "rdflib": rdflib.__version__,
        "pyshacl": pyshacl.__version__,
        "pyoxigraph": pyoxigraph.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }


def task(name: str, data: Path, *extra: str, timeout: float | None = None) -> dict:
    """Run one task of tasks.py in a fresh process; {"dnf": timeout} if it ran out of time."""
    cmd = [sys.executable, str(HERE / "tasks.py"), name, str(data), *extra]
    t = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        print(f"  {name}: did not finish in {timeout:.0f} s", file=sys.stderr)
        return {"dnf": timeout}
    if p.returncode != 0:
        print(f"  {name}: failed\n{p.stderr[-2000:]}", file=sys.stderr)
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "failed"}
    res = json.loads(p.stdout.strip().splitlines()[-1])
    res["wall"] = time.perf_counter() - t
    print(f"  {name}: {res['wall']:.1f} s, peak {res.get('peak_mib', 0):.0f} MiB", file=sys.stderr)
    return res


def median_runs(runs: list[dict]) -> dict:
    """One result whose times are the medians of the runs (other fields from the first)."""
    ok = [r for r in runs if "times" in r]
    if not ok:
        return runs[0]
    out = dict(ok[0])
    out["times"] = {k: statistics.median(r["times"][k] for r in ok) for k in ok[0]["times"]}
    out["peak_mib"] = max(r["peak_mib"] for r in ok)
    out["runs"] = len(ok)
    if "queries" in ok[0]:
        out["queries"] = {}
        for k, q in ok[0]["queries"].items():
            vals = [r["queries"][k] for r in ok if "median" in r["queries"].get(k, {})]
            out["queries"][k] = (
                {**q, "median": statistics.median(v["median"] for v in vals)} if vals else q
            )
    return out


def bench_size(n: int, work: Path, args: argparse.Namespace) -> dict:
    from generate import generate

    data = work / f"synthetic-{n}"
    print(f"size {n}: {data}", file=sys.stderr)
    t = time.perf_counter()
    if not (data / "docs").exists() or len(list((data / "docs").glob("*.txt"))) != n:
        generate(n, data, seed=args.seed)
    gen = time.perf_counter() - t
    repeats = args.repeats if n <= args.repeat_below else 1
    res: dict = {"size": n, "generate": gen, "repeats": repeats}
    res["stages"] = median_runs([task("stages", data) for _ in range(repeats)])
    res["build"] = {}
    for j in sorted({1, args.jobs}):
        if j == 1 and n > args.repeat_below:
            continue  # the serial build is the stages run: the same work in one process
        res["build"][str(j)] = median_runs(
            [task("build", data, "--jobs", str(j)) for _ in range(repeats)]
        )
    res["queries"] = median_runs([task("queries", data) for _ in range(repeats)])
    if not args.no_naive:
        res["naive_shacl"] = task("naive-shacl", data, timeout=args.timeout)
        res["naive_owlrl"] = task("naive-owlrl", data, timeout=args.timeout)
        res["naive_queries"] = task(
            "naive-queries",
            data,
            "--query-timeout",
            str(args.query_timeout),
            timeout=args.timeout * 3,
        )
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="comma-separated numbers of articles")
    ap.add_argument(
        "--repeats", type=int, default=3, help="runs per task at sizes up to --repeat-below"
    )
    ap.add_argument("--repeat-below", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2, help="worker processes of the parallel build")
    ap.add_argument(
        "--timeout", type=float, default=120, help="limit of a naive whole-graph task (s)"
    )
    ap.add_argument(
        "--query-timeout", type=float, default=10, help="limit of one naive rdflib query (s)"
    )
    ap.add_argument("--no-naive", action="store_true", help="skip the naive pipeline")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and results [temp]")
    ap.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    ap.add_argument("--report-only", action="store_true", help="render WORK/results.json again")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results_path = work / "results.json"
    if args.report_only:
        results = json.loads(results_path.read_text())
    else:
        results = json.loads(results_path.read_text()) if results_path.exists() else {"sizes": {}}
        results["machine"] = machine()
        results["settings"] = {
            "timeout": args.timeout,
            "query_timeout": args.query_timeout,
            "jobs": args.jobs,
            "repeats": args.repeats,
            "repeat_below": args.repeat_below,
            "seed": args.seed,
        }
        for n in (int(x) for x in args.sizes.split(",")):
            results["sizes"][str(n)] = bench_size(n, work, args)
            results_path.write_text(json.dumps(results, indent=1))
    args.out.write_text(render(results), encoding="utf-8")
    print(f"wrote {args.out} (results: {results_path})", file=sys.stderr)


if __name__ == "__main__":
    main()
