"""The kg command as a user runs it: exit codes, messages, files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
KEYS = {"doc", "claimant", "claimant_iri", "type", "about", "count", "qualifier", "category", "quote", "start", "end"}


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for case in sorted(GOLDEN.iterdir()):
        if (case / "input.txt").exists():
            shutil.copy(case / "input.txt", d / f"{case.name}.txt")
    return d


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("out")
    return kg("build", str(corpus), "-o", str(out)), out


def test_cli_build_writes_graph_and_summary(built):
    proc, out = built
    assert proc.returncode == 0, proc.stderr
    assert (out / "graph.ttl").stat().st_size > 0
    for word in ("documents", "actors", "events", "claims", "triples", "SHACL       conforms"):
        assert word in proc.stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert {m["status"] for m in manifest} == {"ingested"}


def test_cli_build_is_deterministic(corpus, built, tmp_path):
    _, out = built
    proc = kg("build", str(corpus), "-o", str(tmp_path), "-q")
    assert proc.returncode == 0
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_cli_claims_jsonl_from_graph(built):
    _, out = built
    proc = kg("claims", "--graph", str(out / "graph.ttl"), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows and all(KEYS <= set(r) for r in rows)
    assert any(r["count"] == 14 and r["claimant"] == "Amina Farouk" for r in rows)


def test_cli_claims_csv_from_texts(corpus):
    proc = kg("claims", str(corpus), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("doc,claimant,claimant_iri,type")


def test_cli_missing_path_is_one_line_exit_2(tmp_path):
    proc = kg("build", str(tmp_path / "nope"), "-o", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no such file or folder" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_empty_file_is_rejected_and_reported(tmp_path, corpus):
    d = tmp_path / "in"
    shutil.copytree(corpus, d)
    (d / "empty.txt").write_text("")
    proc = kg("build", str(d), "-o", str(tmp_path / "o"), "-q")
    assert proc.returncode == 1
    assert "empty.txt: empty file" in proc.stderr
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert {m["status"] for m in manifest} == {"ingested", "rejected"}


def test_cli_unreadable_graph_exit_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<")
    for args in (["validate", str(bad)], ["claims", "--graph", str(bad)]):
        proc = kg(*args)
        assert proc.returncode == 2 and "bad.ttl" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_unknown_query_exit_2(built):
    _, out = built
    proc = kg("query", "no-such-query", "--graph", str(out / "graph.ttl"))
    assert proc.returncode == 2 and "no query named" in proc.stderr


def test_cli_validate_conforming_and_not(built, tmp_path):
    _, out = built
    assert kg("validate", str(out / "graph.ttl")).returncode == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text((out / "graph.ttl").read_text() + "\nkgd:claim-x a kg:Claim .\n")
    proc = kg("validate", str(broken))
    assert proc.returncode == 1 and "does not conform" in proc.stdout
