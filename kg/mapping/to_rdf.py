"""Extraction -> rdflib Graph, in the terms of ontology/kg.ttl.

Each claim is a node: *article S reports that actor A claimed X*. Figures live on the
claim (kg:count, kg:qualifier, kg:category), never on the actors or events they are about.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.mapping.iri import actor_iri, article_iri, claim_iri, event_iri, span_iri
from kg.model import ActorRef, Article, Extraction
from kg.vocab import DCTERMS, KG, KGC, KGP, NIF, PREFIXES

# Claim kinds whose notation in tables is "other"
_KINDS = {"Casualty", "Responsibility", "Accusation", "Denial", "Condemnation", "Support",
          "Characterisation", "Statement"}


def new_graph() -> Graph:
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True)
    return g


def _actor(g: Graph, a: ActorRef) -> URIRef:
    iri = actor_iri(a.key)
    if a.discovered:
        g.add((iri, RDF.type, KG[a.kind]))
        g.add((iri, SKOS.prefLabel, Literal(a.label)))
        g.add((iri, KG.discovered, Literal(True)))
        if a.title:
            g.add((iri, KG["title"], Literal(a.title)))
    return iri


def _article(g: Graph, art: Article, publisher: URIRef | None) -> URIRef:
    d = article_iri(art)
    g.add((d, RDF.type, KG.NewsArticle))
    g.add((d, KG.fileName, Literal(art.doc_id)))
    g.add((d, KG.contentHash, Literal(art.content_hash)))
    g.add((d, NIF.isString, Literal(art.text)))
    g.add((d, RDFS.label, Literal(art.title or art.doc_id)))
    if art.title:
        g.add((d, DCTERMS.title, Literal(art.title)))
    if art.dateline:
        g.add((d, KG.dateline, Literal(art.dateline)))
    if art.published:
        g.add((d, DCTERMS.issued, Literal(art.published.isoformat(), datatype=XSD.date)))
    for b in art.bylines:
        g.add((d, DCTERMS.creator, Literal(b)))
    if publisher is not None:
        g.add((d, DCTERMS.publisher, publisher))
    return d


def to_triples(x: Extraction) -> set[tuple]:
    """:func:`to_rdf` as a set of triples: the same triples, without an rdflib graph's
    indexes (which cost more than the mapping itself)."""
    out: set[tuple] = set()
    to_rdf(x, graph=out)  # type: ignore[arg-type]  # the mapping only calls .add
    return out


def to_rdf(x: Extraction, *, graph: Graph | None = None) -> Graph:
    """Map one document's extraction to RDF (into ``graph`` if given).

    Only ``graph.add`` is called, so any object with an ``add((s, p, o))`` method will do
    (see :func:`to_triples`).
    """
    g = graph if graph is not None else new_graph()
    art = x.article
    publisher = None
    if art.publisher:
        pubs = [c.claimant for c in x.claims if c.claimant.label.lower() == art.publisher.lower()]
        publisher = _actor(g, pubs[0]) if pubs else None
    d = _article(g, art, publisher)
    event_iris = []
    for ev in x.events:
        e = event_iri(art, ev.kind)
        event_iris.append(e)
        g.add((e, RDF.type, KG[ev.kind]))
        g.add((e, SKOS.prefLabel, Literal(ev.label)))
        g.add((e, KG.mentionedIn, d))
        for p in ev.places:
            g.add((e, KG.place, KGP[p]))
        for key, label in ev.new_places:
            g.add((e, KG.place, KGP[key]))
            g.add((KGP[key], RDF.type, KG.Place))
            g.add((KGP[key], SKOS.prefLabel, Literal(label)))
            g.add((KGP[key], KG.discovered, Literal(True)))
        for prop, value in ((KG.startDate, ev.start_date), (KG.endDate, ev.end_date)):
            lit = date_literal(value)
            if lit is not None:
                g.add((e, prop, lit))
        if ev.date_precision and ev.start_date:
            g.add((e, KG.datePrecision, Literal(ev.date_precision)))
        if ev.time_text:
            g.add((e, KG.timeExpression, Literal(ev.time_text)))
        if ev.duration:
            g.add((e, KG.duration, Literal(ev.duration, datatype=XSD.duration, normalize=False)))
        for a in ev.perpetrators:
            g.add((e, KG.perpetrator, _actor(g, a)))
        for a in ev.participants:
            g.add((e, KG.participant, _actor(g, a)))
        for a in ev.targets:
            g.add((e, KG.target, _actor(g, a)))
    claim_iris = []
    for c in x.claims:
        ci = claim_iri(art, c)
        claim_iris.append(ci)
        g.add((ci, RDF.type, KG.Claim))
        claimant = _actor(g, c.claimant)
        g.add((ci, KG.claimant, claimant))
        g.add((ci, KG.claimKind, KGC[c.kind if c.kind in _KINDS else "Statement"]))
        g.add((ci, KG.reportedIn, d))
        span = span_iri(art, c.evidence.start, c.evidence.end)
        g.add((ci, KG.evidence, span))
        g.add((span, RDF.type, KG.TextSpan))
        g.add((span, NIF.referenceContext, d))
        g.add((span, NIF.beginIndex, Literal(c.evidence.start, datatype=XSD.nonNegativeInteger)))
        g.add((span, NIF.endIndex, Literal(c.evidence.end, datatype=XSD.nonNegativeInteger)))
        g.add((span, NIF.anchorOf, Literal(c.evidence.text)))
        if c.count is not None:
            g.add((ci, KG["count"], Literal(c.count, datatype=XSD.integer)))
        if c.qualifier:
            g.add((ci, KG.qualifier, KGC[c.qualifier]))
        if c.category:
            g.add((ci, KG.category, KGC[c.category]))
        for a in c.about:
            g.add((ci, KG.aboutActor, _actor(g, a)))
        if c.about_text:
            g.add((ci, KG.aboutText, Literal(c.about_text)))
        if c.cue:
            g.add((ci, KG.cue, Literal(c.cue)))
        if c.scope:
            g.add((ci, KG.scope, Literal(c.scope)))
        if c.channel is not None:
            g.add((ci, KG.channel, _actor(g, c.channel)))
        if c.verification_note:
            g.add((ci, KG.verificationNote, Literal(c.verification_note)))
        g.add((ci, RDFS.label, Literal(_label(c))))
        if c.event is not None and c.event < len(event_iris):
            g.add((ci, KG.aboutEvent, event_iris[c.event]))
    for c, ci in zip(x.claims, claim_iris):
        if c.answers is not None and c.answers < len(claim_iris):
            g.add((ci, KG.answers, claim_iris[c.answers]))
    return g


def date_literal(value: str | None) -> Literal | None:
    """An ISO value of any precision as the matching XSD literal.

    >>> date_literal("2026-01-31").datatype.endswith("date"), date_literal("--01-31").datatype.endswith("gMonthDay")
    (True, True)
    """
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d\d", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if re.fullmatch(r"--\d\d-\d\d", value):
        return Literal(value, datatype=XSD.gMonthDay)
    return None  # weeks have no XSD type: kept as kg:timeExpression only


def _label(c) -> str:
    figure = ""
    if c.count is not None or c.qualifier:
        q = (c.qualifier or "").replace("-", " ")
        figure = " ".join(x for x in (q, str(c.count) if c.count is not None else "",
                                      (c.category or "").replace("-", " ")) if x)
    what = figure or (c.about_text or "")
    return f"{c.claimant.label}: {c.kind.lower()}{' - ' + what if what else ''}"
