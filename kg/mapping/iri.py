"""Deterministic IRIs: the same input always mints the same names."""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from kg.model import Article, Claim
from kg.vocab import KGA, KGD, KGG


def doc_key(article: Article) -> str:
    """First 16 hex digits of the content hash: the document's stable key."""
    return article.content_hash[:16]


def article_iri(article: Article) -> URIRef:
    return KGD[f"doc-{doc_key(article)}"]


def graph_iri(article: Article) -> URIRef:
    """The named graph holding one document's claims, events and provenance."""
    return KGG[f"doc-{doc_key(article)}"]


def claim_iri(article: Article, claim: Claim) -> URIRef:
    basis = "|".join(str(x) for x in (claim.kind, claim.claimant.key, claim.count, claim.qualifier,
                                      claim.category, claim.evidence.start, claim.evidence.end, claim.cue))
    return KGD[f"claim-{doc_key(article)}-{hashlib.sha1(basis.encode()).hexdigest()[:10]}"]


def span_iri(article: Article, start: int, end: int) -> URIRef:
    return KGD[f"span-{doc_key(article)}-{start}-{end}"]


def event_iri(article: Article, kind: str) -> URIRef:
    return KGD[f"event-{doc_key(article)}-{kind.lower()}"]


def actor_iri(key: str) -> URIRef:
    return KGA[key]
