"""Property-based tests (hypothesis): random and adversarial text through the pipeline.

Whatever the text, ingesting, extracting, mapping and validating it raises no exception
(an input may be *rejected*, with a reason), every document graph conforms to the shapes,
and writing the graph as Turtle and reading it back loses nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.ingest.read import MAX_CHARS, Rejected, load_article
from kg.io import canonical_turtle
from kg.mapping.to_rdf import to_rdf
from kg.nlp.extract import extract
from kg.validate import render_text, validate

@pytest.fixture(autouse=True)
def _fresh_rdflib_converters(rdflib_converters):
    """Every test here starts from rdflib's own literal converters (see tests/conftest.py)."""


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ODD = [
    "\u200f",
    "\u200d",
    "e\u0301",
    "\U0001f44d\U0001f3fd",
    "\u062f\u06be\u0645\u0627\u06a9\u06c1",
    "\u5317\u4eac",
    "\xa0",
    "\u2028",
    "\u2029",
    "\r\n",
    "\r",
    "\ufeff",
    "\uff11\uff12",
    "\u0661\u0662",
    "\xb2",
    "\u00ad",
    "\t",
    "\x85",
    "\x0b",
    "\x0c",
    "\u202e",
    "\U0001d7d7",
    "\ufffd",
    "'",
    '"',
    "\u201c",
    "\u201d",
    "\u2014",
    "\u2026",
]
VERBS = [
    "said",
    "claimed",
    "denied",
    "told reporters",
    "according to",
    "confirmed",
    "reported",
    "accused",
]
WORDS = [
    "the army",
    "militants",
    "officials",
    "police",
    "ISPR",
    "the group",
    "at least",
    "nearly",
    "killed",
    "wounded",
    "people",
    "civilians",
    "soldiers",
    "in Quetta",
    "on Monday",
    "dozens",
    "hundreds of",
    "security forces",
    "a spokesman",
    "Pakistan",
    "Afghanistan",
    "BLA",
    "TTP",
    "the government",
]


@st.composite
def numbers(draw) -> str:
    n = draw(st.integers(1, 3000))
    style = draw(st.sampled_from(["plain", "comma", "words", "mixed"]))
    if style == "plain":
        return " ".join(str(i) for i in range(n))
    if style == "comma":
        return ", ".join(f"{i * 1_000_003:,}" for i in range(n))
    if style == "words":
        return " and ".join(
            draw(st.sampled_from(["twelve", "forty-two", "a hundred", "one million", "zero"]))
            for _ in range(min(n, 300))
        )
    return " ".join(
        draw(st.sampled_from(["-5", "5.5", "1e9", "10^100", "99999999999999999999999", "0", "007"]))
        for _ in range(min(n, 500))
    )


@st.composite
def long_sentence(draw) -> str:
    clause = " ".join(draw(st.lists(st.sampled_from(WORDS + VERBS), min_size=3, max_size=8)))
    return " and ".join([clause] * draw(st.integers(50, 400)))


@st.composite
def subjectless(draw) -> str:
    verb = draw(st.sampled_from(VERBS))
    figure = draw(st.integers(-10, 10**6))
    return f"{verb.capitalize()} that {figure} {draw(st.sampled_from(WORDS))} were killed."


@st.composite
def unclosed_quote(draw) -> str:
    q = draw(st.sampled_from(["\u201c", '"', "'", "\u00ab", "\u2018"]))
    who, verb, what = (draw(st.sampled_from(x)) for x in (WORDS, VERBS, WORDS))
    return f"{who} {verb}: {q}{what} killed 7"


piece = st.one_of(
    st.text(max_size=200),
    st.sampled_from(ODD),
    st.builds(
        lambda a, v, n, w: f"{a.capitalize()} {v} {n} {w}.",
        st.sampled_from(WORDS),
        st.sampled_from(VERBS),
        st.integers(0, 10**9),
        st.sampled_from(WORDS),
    ),
    subjectless(),
    unclosed_quote(),
    numbers(),
    long_sentence(),
)
texts = st.lists(piece, min_size=1, max_size=12).map(lambda parts: " ".join(parts)[:30_000])


def _through_pipeline(path: Path) -> None:
    try:
        art = load_article(path)
    except Rejected:
        return  # refused with a reason: the manifest records it; nothing raised
    assert len(art.text) <= MAX_CHARS
    x = extract(art)
    for c in x.claims:
        assert art.text[c.evidence.start : c.evidence.end] == c.evidence.text
    g = to_rdf(x)
    report = validate(g)
    assert report.conforms, render_text(report, art.doc_id)
    back = Graph().parse(data=canonical_turtle(g), format="turtle")
    assert isomorphic(back, g), "Turtle round trip lost or changed triples"


@SETTINGS
@given(text=texts)
def test_property_any_text_gives_a_conforming_graph(text):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "input.txt"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        _through_pipeline(path)


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        texts.map(lambda t: t.encode("cp1252", errors="replace")),
        texts.map(lambda t: t.encode("utf-16")),
    )
)
def test_property_any_bytes_are_read_or_rejected(data):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "input.txt"
        path.write_bytes(data)
        _through_pipeline(path)


@pytest.mark.slow
@settings(
    max_examples=4, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(docs=st.lists(texts, min_size=2, max_size=3))
def test_property_build_never_quarantines(docs):
    """A whole build (ingest, extract, map, validate, resolve, reason) over generated files."""
    from kg.pipeline import build

    with tempfile.TemporaryDirectory() as d:
        for n, t in enumerate(docs):
            (Path(d) / f"doc-{n}.txt").write_text(t, encoding="utf-8")
        result = build([d])
    assert not result.quarantined, [(r.path, r.reason) for r in result.quarantined]
    assert {r.status for r in result.records} <= {"ingested", "duplicate", "rejected"}
