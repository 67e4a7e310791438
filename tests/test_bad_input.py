"""Bad input through the real command (``python -m kg build``): one stderr line naming the
file and the problem, the documented exit code, the status in the manifest, no traceback.

Exit codes of ``kg build`` (README, "Validation and bad input"): 0 when every input was
ingested (warnings and duplicates included); 1 when an input was rejected or quarantined
(the rest is still built and written); 2 when nothing can be built (a missing path, a
folder with no text file).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[1]
KG = Namespace("https://w3id.org/kg/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

GOOD = (
    "KALAT, March 3 (Example) — The army said on Monday that its troops had killed 12 militants "
    "in a raid near the town.\nA spokesman for the group denied the figure.\n"
)
CP1252 = (
    "The police said on Tuesday that \x93at least 4\x94 people were wounded in the blast \x96 "
    "officials gave no other figures.\n"
).encode("latin-1")
HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Army says 9 killed | Example News</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe now</a></nav>
<article>
<h1>Army says 9 militants killed in raid</h1>
<p>QUETTA, March 4 (Example) — The army said on Wednesday that its troops had killed 9 militants
in a raid in the hills east of the city, the second such operation this month.</p>
<p>A spokesman for the armed group denied the figure and said only two of its fighters had died.</p>
<p>The claims could not be independently verified.</p>
</article>
<footer>Copyright Example News. All rights reserved. Cookie policy.</footer>
</body></html>
"""


def kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def manifest(out: Path) -> dict[str, dict]:
    return {
        Path(m["path"]).name: m
        for m in json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    }


def lines_about(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if name in line]


def assert_clean(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


# --- rejected inputs: one folder, one build ------------------------------------------------

REJECTED = {
    "empty.txt": "empty file",
    "blank.txt": "empty file",
    "binary.txt": "binary file",
    "image.txt": "binary file (PNG image)",
    "report.pdf": "not a text file",
    "huge.txt": "byte limit",
    "long.txt": "character limit",
    "unreadable.txt": "cannot read",
    "pipe.txt": "not a regular file",
    "empty-page.html": "HTML page with no main text",
}


@pytest.fixture(scope="module")
def rejected_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path, float]:
    d = tmp_path_factory.mktemp("bad")
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_text("  \n\n\t \n", encoding="utf-8")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (d / "report.pdf").write_bytes(b"%PDF-1.7\n" + bytes(100))
    (d / "huge.txt").write_bytes(b"The army said 3 died. " * 250_000)  # 5.5 MB
    (d / "long.txt").write_text(
        "The army said 3 died. " * 12_000, encoding="utf-8"
    )  # 264,000 characters
    if os.geteuid() == 0:  # root reads everything: a dangling link is the unreadable file
        (d / "unreadable.txt").symlink_to(d / "gone.txt")
    else:
        (d / "unreadable.txt").write_text(GOOD + "x", encoding="utf-8")
        (d / "unreadable.txt").chmod(0)
    os.mkfifo(d / "pipe.txt")  # reading it would block: it must be refused unread
    (d / "empty-page.html").write_text(
        "<!DOCTYPE html><html><head><title></title></head><body></body></html>", encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("bad-out")
    t = time.monotonic()
    proc = kg("build", str(d), "-o", str(out), "-q")
    return proc, out, time.monotonic() - t


def test_bad_input_rejected_build_exits_1_and_builds_the_rest(rejected_build):
    proc, out, elapsed = rejected_build
    assert_clean(proc)
    assert proc.returncode == 1, proc.stderr
    assert "1 ingested" in proc.stdout and f"{len(REJECTED)} rejected" in proc.stdout
    man = manifest(out)
    assert set(man) == {"good.txt", *REJECTED}, "every input is in the manifest"
    assert man["good.txt"]["status"] == "ingested"
    g = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(list(g.subjects(RDF.type, KG.NewsArticle))) == 1
    assert elapsed < 120, f"the limits keep a bad folder fast ({elapsed:.0f} s)"


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_bad_input_rejected_file_gets_one_line_and_a_manifest_entry(rejected_build, name):
    proc, out, _ = rejected_build
    lines = lines_about(proc.stderr, name)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("kg: rejected: ") and REJECTED[name] in lines[0]
    entry = manifest(out)[name]
    assert entry["status"] == "rejected" and REJECTED[name] in entry["reason"]


# --- accepted with a warning, and duplicates: exit 0 ---------------------------------------


@pytest.fixture(scope="module")
def warned_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    d = tmp_path_factory.mktemp("warn")
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "same-again.txt").write_text(GOOD, encoding="utf-8")
    (d / "windows.txt").write_bytes(CP1252)
    (d / "page.html").write_text(HTML, encoding="utf-8")
    out = tmp_path_factory.mktemp("warn-out")
    return kg("build", str(d), "-o", str(out), "-q"), out


def test_bad_input_warnings_and_duplicates_exit_0(warned_build):
    proc, out = warned_build
    assert_clean(proc)
    assert proc.returncode == 0, proc.stderr
    assert {m["status"] for m in manifest(out).values()} == {"ingested", "duplicate"}


def test_bad_input_duplicate_is_kept_once(warned_build):
    proc, out = warned_build
    entry = manifest(out)["same-again.txt"]
    assert entry["status"] == "duplicate" and "good.txt" in entry["reason"]
    assert entry["content_hash"] == manifest(out)["good.txt"]["content_hash"]
    assert len(lines_about(proc.stderr, "same-again.txt")) == 1
    g = Graph().parse(out / "graph.ttl", format="turtle")
    hashes = list(g.objects(None, KG.contentHash))
    assert hashes.count(Literal(entry["content_hash"])) == 1


def test_bad_input_not_utf8_is_decoded_as_windows_1252_with_a_warning(warned_build):
    proc, out = warned_build
    lines = lines_about(proc.stderr, "windows.txt")
    assert len(lines) == 1 and lines[0].startswith("kg: warning: ") and "Windows-1252" in lines[0]
    entry = manifest(out)["windows.txt"]
    assert entry["status"] == "ingested" and "not UTF-8" in entry["reason"]
    g = Graph().parse(out / "graph.ttl", format="turtle")
    texts = [str(t) for t in g.objects(None, NIF.isString)]
    expected = "\u201cat least 4\u201d people were wounded in the blast \u2013 officials"
    assert any(expected in t for t in texts)


def test_bad_input_html_page_gives_its_main_text(warned_build):
    proc, out = warned_build
    lines = lines_about(proc.stderr, "page.html")
    assert len(lines) == 1 and "HTML" in lines[0] and "trafilatura" in lines[0]
    entry = manifest(out)["page.html"]
    assert entry["status"] == "ingested" and "HTML page" in entry["reason"]
    g = Graph().parse(out / "graph.ttl", format="turtle")
    (text,) = [
        str(t)
        for s, t in g.subject_objects(NIF.isString)
        if g.value(s, KG.contentHash) == Literal(entry["content_hash"])
    ]
    assert "killed 9 militants" in text
    assert "<p>" not in text and "Subscribe now" not in text and "Cookie policy" not in text
    assert any(row.get("count") == 9 for row in _claims(out))


def _claims(out: Path) -> list[dict]:
    proc = kg("claims", "--graph", str(out / "graph.ttl"), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


# --- nothing to build: exit 2 ---------------------------------------------------------------


def test_bad_input_missing_path_exit_2(tmp_path):
    proc = kg("build", str(tmp_path / "nope"), "-o", str(tmp_path / "o"))
    assert_clean(proc)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"kg: error: {tmp_path / 'nope'}: no such file or folder"
    ]
    assert not (tmp_path / "o").exists()


def test_bad_input_folder_without_text_files_exit_2(tmp_path):
    d = tmp_path / "pdfs"
    d.mkdir()
    (d / "a.pdf").write_bytes(b"%PDF-1.7\n")
    (d / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    proc = kg("build", str(d), "-o", str(tmp_path / "o"))
    assert_clean(proc)
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert str(d) in line and "folder holds no text files" in line


# --- quarantine: a document whose graph does not conform -----------------------------------

STRICT_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix kgs: <https://w3id.org/kg/shapes#> .

kgs:TestShortArticleShape a sh:NodeShape ;
    sh:targetClass kg:NewsArticle ;
    sh:property [ sh:path nif:isString ; sh:maxLength 300 ;
                  sh:message "Test shape: an article text has at most 300 characters." ] .
"""


def test_bad_input_nonconforming_document_is_quarantined(tmp_path):
    """The real shapes plus one stricter test shape (through KG_HOME): the long document's graph
    does not conform; it is kept out of graph.ttl, its report is written beside it, the
    manifest says quarantined, the exit code is 1, and the short document is built."""
    home = tmp_path / "home"
    (home / "shapes").mkdir(parents=True)
    for name in ("ontology", "queries"):
        (home / name).symlink_to(ROOT / name)
    for p in (ROOT / "shapes").glob("*.ttl"):
        (home / "shapes" / p.name).symlink_to(p)
    (home / "shapes" / "test-strict.ttl").write_text(STRICT_SHAPE, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "short.txt").write_text(GOOD, encoding="utf-8")
    long_text = GOOD + "".join(
        f"Officials said on day {n} that {n} more people were wounded.\n" for n in range(2, 12)
    )
    (docs / "long.txt").write_text(long_text, encoding="utf-8")
    out = tmp_path / "out"
    proc = kg("build", str(docs), "-o", str(out), "-q", env={"KG_HOME": str(home)})
    assert_clean(proc)
    assert proc.returncode == 1, proc.stderr
    assert "1 quarantined" in proc.stdout
    (line,) = lines_about(proc.stderr, "long.txt")
    assert line.startswith("kg: quarantined: ")
    man = manifest(out)
    assert man["long.txt"]["status"] == "quarantined" and man["short.txt"]["status"] == "ingested"
    report = Graph().parse(out / "quarantine" / "long.report.ttl", format="turtle")
    components = set(report.objects(None, SH.sourceConstraintComponent))
    assert SH.MaxLengthConstraintComponent in components
    g = Graph().parse(out / "graph.ttl", format="turtle")
    hashes = set(g.objects(None, KG.contentHash))
    assert Literal(man["short.txt"]["content_hash"]) in hashes
    assert Literal(man["long.txt"]["content_hash"]) not in hashes
    assert not set(g.subjects(NIF.referenceContext, None)) - set(g.subjects(RDF.type, KG.TextSpan))
