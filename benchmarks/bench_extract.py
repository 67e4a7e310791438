"""Extraction speed on one core: articles per second, normalised to 700-word articles.

Runs the text -> claims step (ingest excluded) over the bundled example reports and the
held-out test articles (or the given paths, or ``--synthetic N`` articles made by
``benchmarks/generate.py`` in a temporary folder), repeated, and prints the machine, the
input size and the median.

    .venv/bin/python benchmarks/bench_extract.py [--repeat 7] [PATH ...]
    .venv/bin/python benchmarks/bench_extract.py --synthetic 300 [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "examples" / "reports", ROOT / "tests" / "data" / "heldout" / "docs"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--synthetic", type=int, metavar="N", default=0,
                    help="measure on N synthetic articles (benchmarks/generate.py), not PATHs")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic articles")
    args = ap.parse_args()

    from kg.ingest import ingest
    from kg.nlp.extract import extract

    with tempfile.TemporaryDirectory(prefix="kg-bench-extract-") as tmp:
        paths = args.paths or DEFAULT
        if args.synthetic:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from generate import generate

            generate(args.synthetic, tmp, seed=args.seed)
            paths = [Path(tmp) / "docs"]
        arts = ingest(paths).articles
    words = sum(len(a.text.split()) for a in arts)
    for a in arts:  # warm-up: lexicon, registry, matchers, tokenizer cache
        extract(a)
    runs = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        for a in arts:
            extract(a)
        runs.append(time.perf_counter() - t)
    med = statistics.median(runs)
    print(f"machine     {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"input       {len(arts)} articles, {words} words (mean {words // max(1, len(arts))})"
          + (f", synthetic (seed {args.seed})" if args.synthetic else ""))
    print(f"runs        {args.repeat}, median {med:.3f} s, min {min(runs):.3f} s, "
          f"max {max(runs):.3f} s")
    print(f"speed       {len(arts) / med:.1f} articles/s; {words / med / 700:.1f} articles/s "
          f"of 700 words ({words / med:.0f} words/s) on one core")


if __name__ == "__main__":
    main()
