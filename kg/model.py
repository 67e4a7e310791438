"""Typed records passed between the pipeline stages.

``ingest`` makes an :class:`Article`, ``nlp.extract`` turns it into an :class:`Extraction`,
and ``mapping.to_rdf`` maps that to RDF. All records are frozen so a stage cannot change
what an earlier stage produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    """One source document, decoded, with its metadata."""

    doc_id: str
    """File stem, e.g. ``"000_ad86af9e614513d3"``."""
    path: str
    text: str
    """The original text; every offset in kg points into it."""
    content_hash: str
    """SHA-256 of the UTF-8 text (hex)."""
    title: str | None = None
    publisher: str | None = None
    dateline: str | None = None
    published: date | None = None
    bylines: tuple[str, ...] = ()
    excluded: tuple[tuple[int, int], ...] = ()
    """Character ranges that are page furniture (headline, bylines, share buttons): no claims there."""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    """A character span of :attr:`Article.text` (end exclusive)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ActorRef:
    """An actor as the extractor resolved it: a registry entry or one discovered in the text."""

    key: str
    """IRI local name under ``kga:`` (registry slug, or ``discovered-...``)."""
    label: str
    kind: str
    """Local name of its class in the ontology, e.g. ``"ArmedGroup"``."""
    discovered: bool = False
    title: str | None = None


@dataclass(frozen=True)
class EventMention:
    """An event the text speaks of."""

    kind: str
    """Local name of its class in the ontology, e.g. ``"MilitaryOperation"``."""
    label: str
    span: Span
    places: tuple[str, ...] = ()
    """Gazetteer keys (``kgp:`` local names) of the places named with it."""
    start_date: str | None = None
    """ISO 8601: 2026-01-31, 2026-01, 2025 or --01-31 (year unknown)."""
    end_date: str | None = None
    date_precision: str | None = None
    time_text: str | None = None
    """The time expression as written ("on Saturday", "from January 29 through February 2")."""
    duration: str | None = None
    """ISO 8601 duration (PT40H, P3D) when the text gives one."""
    perpetrators: tuple[ActorRef, ...] = ()
    participants: tuple[ActorRef, ...] = ()
    targets: tuple[ActorRef, ...] = ()
    """Actors the text says were attacked or targeted ("attacks on security forces")."""
    new_places: tuple[tuple[str, str], ...] = ()
    """Places named with clear cues but not in the gazetteer: (key, label)."""


@dataclass(frozen=True)
class Claim:
    """Source S reports that ``claimant`` claimed something: never a fact."""

    kind: str
    """Local name of the claim kind concept: Casualty, Responsibility, Accusation, Denial,
    Condemnation, Support, Characterisation or Statement."""
    claimant: ActorRef
    evidence: Span
    about: tuple[ActorRef, ...] = ()
    about_text: str | None = None
    count: int | None = None
    qualifier: str | None = None
    """Qualifier concept slug (``at-least``, ``dozens``, ...)."""
    category: str | None = None
    """Casualty category concept slug (``militants-killed``, ...)."""
    cue: str | None = None
    channel: ActorRef | None = None
    verification_note: str | None = None
    answers: int | None = None
    """Index (in :attr:`Extraction.claims`) of the claim this one answers."""
    event: int | None = None
    """Index (in :attr:`Extraction.events`) of the event it is about."""
    scope: str | None = None
    """Scope of a figure as the text gives it: a year ("2025"), a day ("2026-01-31"), a
    duration ("PT40H") or a date range ("2026-01-29/2026-02-02")."""


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    claims: tuple[Claim, ...] = ()
    events: tuple[EventMention, ...] = ()
    actors: tuple[ActorRef, ...] = field(default=())
    reference_date: str | None = None
    """The date relative times were resolved against (ISO), or None: the document has none."""
