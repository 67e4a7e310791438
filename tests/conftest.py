"""Shared fixtures: paths to the repository, the example corpus and the shared dev corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib.term

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "reports"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "balochistan-2026"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files from current output.")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    """The shared development corpus; tests using it are skipped when it is absent."""
    if not (SHARED_CORPUS / "docs").is_dir():
        pytest.skip("../shared/corpus/balochistan-2026 is not present")
    return SHARED_CORPUS


@pytest.fixture
def claims_of():
    """Extract claims from a hand-written text: ``claims_of("X said ...")``."""
    from kg.ingest import article_from_text
    from kg.nlp.extract import extract

    def run(text: str):
        return list(extract(article_from_text(text)).claims)

    return run


# rdflib's literal converters as they are before any test runs (collection imports no reasoner)
_RDFLIB_CONVERTERS = dict(rdflib.term._toPythonMapping)


@pytest.fixture
def rdflib_converters():
    """Put back rdflib's literal converters, in case an earlier test ran the OWL closure.

    owlrl installs its own converters process-wide; its xsd:gMonthDay converter rejects
    "--03-01", which would make valid dates ill-typed in a later validation.
    """
    mapping = rdflib.term._toPythonMapping
    saved = dict(mapping)
    mapping.clear()
    mapping.update(_RDFLIB_CONVERTERS)
    yield
    mapping.clear()
    mapping.update(saved)
