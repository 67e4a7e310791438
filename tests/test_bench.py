"""The benchmark corpus generator and ``kg build --jobs``.

The generator must be deterministic and its gold valid (every quote in its text, every
number of the text either a claim figure or an ignored count); a build with two worker
processes must write the same bytes as a build with one.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from kg.evaluate import score
from kg.io import write_build
from kg.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_INPUTS = sorted((ROOT / "tests" / "golden").glob("*/input.txt"))
WORDS = {
    w: i
    for i, w in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    )
}


def _generator():
    spec = importlib.util.spec_from_file_location(
        "kg_bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    _generator().generate(5, out, seed=7)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_generator_is_deterministic(corpus, tmp_path):
    _generator().generate(5, tmp_path, seed=7)
    assert _files(tmp_path) == _files(corpus)
    other = tmp_path / "other"
    _generator().generate(5, other, seed=8)
    assert _files(other) != _files(corpus)


def test_generator_prefix_is_the_smaller_corpus(corpus, tmp_path):
    _generator().generate(3, tmp_path, seed=7)
    small = _files(tmp_path)
    assert small and all(corpus.joinpath(k).read_bytes() == v for k, v in small.items())


def test_generator_gold_is_valid(corpus):
    docs = sorted((corpus / "docs").glob("*.txt"))
    assert len(docs) == 5
    kinds = set()
    for d in docs:
        text = d.read_text(encoding="utf-8")
        gold = json.loads((corpus / "gold" / f"{d.stem}.json").read_text(encoding="utf-8"))
        assert gold["doc"] == d.stem
        assert {"publisher", "published", "claims", "ignore_counts"} <= set(gold)
        counts = {c["count"] for c in gold["claims"] if c["count"] is not None}
        assert counts and not counts & set(gold["ignore_counts"])
        for c in gold["claims"]:
            assert c["quote"] in text, c["quote"]
            assert c["claimant"] and c["type"] in {
                "casualty",
                "responsibility",
                "accusation",
                "denial",
                "condemnation",
                "other",
            }
            kinds.add(c["type"])
            if c["count"] is not None:
                written = {int(m.replace(",", "")) for m in re.findall(r"\d[\d,]*", c["quote"])}
                written |= {WORDS[w] for w in re.findall(r"[a-z]+", c["quote"]) if w in WORDS}
                assert c["count"] in written, c
        numbers = {int(m.replace(",", "")) for m in re.findall(r"\d[\d,]*", text)}
        assert numbers <= counts | set(gold["ignore_counts"])
    assert {"casualty"} < kinds


def test_generator_gold_scores_a_perfect_table(corpus):
    rows = []
    for f in sorted((corpus / "gold").glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        rows += [
            {"doc": g["doc"], "claimant": c["claimant"], "type": c["type"], "count": c["count"]}
            for c in g["claims"]
        ]
    res = score(rows, corpus / "gold")
    assert res["numeric_recall"] == res["numeric_precision"] == res["stance_recall"] == 1.0


@pytest.mark.slow
def test_build_jobs_output_is_byte_identical(tmp_path):
    paths = [ROOT / "examples" / "reports", *GOLDEN_INPUTS]
    one = build(paths, jobs=1)
    two = build(paths, jobs=2)
    a = write_build(one, tmp_path / "one")
    b = write_build(two, tmp_path / "two")
    assert [p.name for p in a] == [p.name for p in b]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    assert len(one.documents) == len(two.documents) > 3
    assert one.inferred is not None and len(one.inferred) > 0
    assert [x.article.doc_id for x in one.extractions] == [
        x.article.doc_id for x in two.extractions
    ]
    assert set(one.reports) == set(two.reports)


def test_build_jobs_without_reasoning_or_validation(tmp_path):
    paths = GOLDEN_INPUTS
    one = build(paths, jobs=1, reason=False, check=False)
    two = build(paths, jobs=2, reason=False, check=False)
    assert two.inferred is None and not two.reports
    assert (
        write_build(one, tmp_path / "one")[0].read_bytes()
        == write_build(two, tmp_path / "two")[0].read_bytes()
    )
