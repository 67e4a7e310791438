"""Cross-document event resolution: one incident in several sources."""

from __future__ import annotations

from rdflib import Graph

from kg.ingest import article_from_text
from kg.nlp.extract import extract
from kg.resolve import find_links, links_to_rdf
from kg.vocab import KG

A = ("TOWN, Examplestan, Feb 3 (Wire One) - Gunmen killed 9 people in attacks in Quetta and Mastung "
     "on January 31, police said. In 2026 it was the worst week.")
B = "Officials said the attacks in Mastung on January 30, 2026 killed 11 people."
C = "Officials said the attacks in Karachi on March 20, 2026 killed 4 people."


def test_resolve_links_same_incident_and_keeps_each_date():
    xs = [extract(article_from_text(t, doc_id=f"d{n}")) for n, t in enumerate((A, B, C))]
    links = find_links(xs)
    assert len(links) == 1
    (x1, e1), (x2, e2) = links[0].a, links[0].b
    assert {x1.article.doc_id, x2.article.doc_id} == {"d0", "d1"}
    assert {e1.start_date, e2.start_date} == {"2026-01-31", "2026-01-30"}  # each source's own date
    assert "Mastung" in links[0].basis
    g = links_to_rdf(links, Graph())
    assert len(list(g.subject_objects(KG.sameIncidentAs))) == 2
    assert len(list(g.subjects(None, KG.IncidentLink))) == 1


def test_resolve_dev_corpus_links_events_across_sources(dev_corpus):
    from kg.ingest import ingest

    xs = [extract(a) for a in ingest([dev_corpus / "docs"]).articles]
    links = find_links(xs)
    docs = {x.article.doc_id for link in links for x in (link.a[0], link.b[0])}
    assert len(docs) >= 4


def test_resolve_dev_corpus_keeps_each_sources_dates(dev_corpus):
    from kg.ingest import ingest

    xs = {x.article.doc_id[:3]: x for x in (extract(a) for a in ingest([dev_corpus / "docs"]).articles)}
    ops = {e.kind: e for e in xs["003"].events}
    # one source dates the operations January 29 - February 2, 2026 and the attacks January 29-30
    assert (ops["MilitaryOperation"].start_date, ops["MilitaryOperation"].end_date) == ("2026-01-29", "2026-02-02")
    assert ops["CoordinatedAttackWave"].start_date == "2026-01-29"
    # a source without a year gives a day without a year, not a guess
    assert any(e.start_date == "--01-31" for e in xs["000"].events)
    links = find_links(list(xs.values()))
    pairs = {frozenset((a[0].article.doc_id[:3], b[0].article.doc_id[:3])) for a, b in ((l.a, l.b) for l in links)}
    assert frozenset(("003", "001")) in pairs or frozenset(("003", "004")) in pairs
