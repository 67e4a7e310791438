"""Golden files: text -> graph, compared by graph isomorphism with a readable diff.

Each ``tests/golden/<case>/`` holds ``input.txt`` (hand-written news sentences) and
``graph.ttl`` (the expected graph of that document). ``pytest --update-golden`` rewrites
the expected files from the current output; review the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.ingest import article_from_text
from kg.io import canonical_turtle
from kg.mapping import to_rdf
from kg.nlp.extract import extract

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.txt").exists())


def _dump(g: Graph) -> str:
    return "\n".join(sorted(f"  {s.n3(g.namespace_manager)} {p.n3(g.namespace_manager)} {o.n3(g.namespace_manager)}"
                            for s, p, o in g))


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    iso_e, iso_a = to_isomorphic(expected), to_isomorphic(actual)
    if iso_e == iso_a:
        return
    _, only_e, only_a = graph_diff(iso_e, iso_a)
    pytest.fail(f"graphs differ\nonly in expected:\n{_dump(only_e)}\nonly in actual:\n{_dump(only_a)}")


@pytest.mark.parametrize("case", CASES)
def test_golden_text_to_graph(case, request):
    folder = GOLDEN / case
    text = (folder / "input.txt").read_text(encoding="utf-8")
    actual = to_rdf(extract(article_from_text(text, doc_id=case)))
    expected_path = folder / "graph.ttl"
    if request.config.getoption("--update-golden") or not expected_path.exists():
        expected_path.write_text(canonical_turtle(actual), encoding="utf-8")
        if not request.config.getoption("--update-golden"):
            pytest.fail(f"{expected_path} did not exist; it was written, review and commit it")
    expected = Graph().parse(expected_path, format="turtle")
    assert_isomorphic(expected, actual)
