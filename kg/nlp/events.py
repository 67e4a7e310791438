"""Events of one document: what happened, where, when, who took part, and which claims
are about it.

Event mentions come from the event lexicon ("attacks", "operation", "standoff", "curfew");
mentions of one kind in one document are one event (an article follows one incident and
its aftermath; cross-document resolution links events of the same incident later). Places
come from the gazetteer or from clear cues ("the town of X", "X district"); times from
:mod:`kg.nlp.timex`, relative to the document date.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TypeVar

from spacy.tokens import Doc

from kg.model import ActorRef, Claim, EventMention, Span
from kg.nlp.annotate import Match
from kg.nlp.mentions import Mention, slug
from kg.nlp.registry import Registry
from kg.nlp.timex import TimeExpr

_T = TypeVar("_T")

# Families: a mention of a narrower kind absorbs mentions of the broader one.
_ATTACKS = ("CoordinatedAttackWave", "Attack", "Strike", "Hijacking")
_OPERATIONS = ("MilitaryOperation", "Clash")
_PLACE_CUE = re.compile(
    r"\b(?:the\s+)?(?:town|city|village|district|province|region|port city|port|area)\s+of\s+"
    r"(?P<a>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)"
    r"|\b(?P<b>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:district|province|valley|region)\b"
)

_PLACE_WORDS = ("town", "city", "village", "district", "province", "region", "port", "area", "valley")
"""The words of ``_PLACE_CUE``: a text without any of them holds no place cue."""


@dataclass
class _Draft:
    kind: str
    matches: list[Match] = field(default_factory=list)


def _family_default(kind: str, category: str | None, kinds: list[str]) -> str | None:
    """Which event a claim with no event mention in its sentence is most likely about."""
    ops = [k for k in kinds if k in _OPERATIONS]
    atk = [k for k in kinds if k in _ATTACKS]
    if kind == "Casualty" and category in {"militants-killed", "arrested"}:
        return (ops or atk or [None])[0]
    if kind in {"Casualty", "Responsibility", "Condemnation", "Accusation", "Denial"}:
        return (atk or ops or [None])[0]
    return None


def _within(items: list[_T], chars: list[int], start_char: int, end_char: int) -> list[_T]:
    """The items whose character offset (``chars``, ascending, one per item) lies in
    ``start_char..end_char`` (end excluded), in list order."""
    return items[bisect_left(chars, start_char):bisect_left(chars, end_char)]


class EventFinder:
    """Builds the events of a document and links claims to them."""

    def __init__(self, doc: Doc, text: str, found: dict[str, list[Match]], mentions: list[Mention],
                 registry: Registry, times: list[TimeExpr], excluded, in_excluded) -> None:
        self.doc, self.text, self.found, self.mentions = doc, text, found, mentions
        self.in_excluded = in_excluded
        self.months = frozenset("january february march april may june july august september october november "
                                "december jan feb mar apr jun jul aug sep sept oct nov dec".split())
        self.reg, self.times, self.excluded = registry, times, excluded
        self.actor_tokens = {i for m in mentions if m.how != "pronoun" for i in range(m.start, m.end)}
        # character offsets of the mentions and places, in list order (both lists are sorted by token)
        self.mention_chars = [doc.offsets[m.start] for m in mentions]
        self.places = found.get("P", [])
        self.place_chars = [doc.offsets[p.start] for p in self.places]
        self.times_by_start = sorted(times, key=lambda t: t.start)
        self.time_starts = [t.start for t in self.times_by_start]

    def _sentence_of(self, tok: int):
        return self.doc.sent_of(tok)

    def _places_in(self, start_char: int, end_char: int) -> tuple[list[str], list[tuple[str, str]]]:
        keys = []
        for p in _within(self.places, self.place_chars, start_char, end_char):
            if p.start not in self.actor_tokens:
                keys.append(sorted(p.label.split(","), key=lambda k: (self.reg.places[k].place_type != "town", k))[0])
        new: list[tuple[str, str]] = []
        known = {n.lower() for k in keys for n in self.reg.places[k].names}
        segment = self.text[start_char:end_char]
        if any(w in segment for w in _PLACE_WORDS):  # every place cue holds one of them
            for m in _PLACE_CUE.finditer(self.text, start_char, end_char):
                name = m.group("a") or m.group("b")
                if name and name.lower() not in known and name.lower() not in self.reg.place_names:
                    new.append((f"discovered-{slug(name)}", name))
        return keys, new

    def _counted(self, i: int, sent_start: int) -> bool:
        """Whether the event noun at i is what a number counts ("5,397 terrorist incidents")."""
        doc, j = self.doc, i - 1
        while j >= sent_start and i - j <= 7 and (doc[j].is_alpha or doc[j].text == "-") and \
                doc[j].lower_ not in {"the", "a", "an", "of", "and", "in", "on"}:
            j -= 1
        if any(doc[k].lower_ in {"hour", "day", "week", "month", "year", "minute"} for k in range(j + 1, i)):
            return False  # "a 40-hour operation" is a duration, not a count
        # words between the number and the noun, a hyphenated compound counting as one
        words = sum(1 for k in range(j + 1, i) if doc[k].is_alpha and doc[k - 1].text != "-")
        if words > 3 or (j > 0 and doc[j - 1].lower_ in self.months):
            return False  # "on January 31 security forces repelled multiple assaults"
        return j >= sent_start and doc[j].like_num and doc[j + 1].lower_ != "of"

    def _times_in(self, s: int, e: int) -> list[TimeExpr]:
        return [t for t in _within(self.times_by_start, self.time_starts, s, e)
                if t.end <= e and not self.in_excluded(t.start)]

    def find(self, claims: list[Claim]) -> tuple[list[EventMention], list[Claim]]:
        """The events of the document, and the claims with the event each is about."""
        self.prepare()
        linked = [c if (n := self.event_for(c.kind, c.category, c.evidence)) is None else replace(c, event=n)
                  for c in claims]
        return self.events(linked), linked

    def prepare(self) -> None:
        """Gather the event mentions, one draft per kind (before :meth:`event_for`)."""
        drafts: dict[str, _Draft] = {}
        for m in self.found.get("E", []):
            sent = self._sentence_of(m.start)
            if self.excluded(sent) or self._counted(m.start, sent.start):
                continue
            kind = m.label.split(",")[0]
            drafts.setdefault(kind, _Draft(kind)).matches.append(m)
        # a coordinated wave absorbs plain attack mentions; a narrower family member wins
        if "CoordinatedAttackWave" in drafts and "Attack" in drafts:
            drafts["CoordinatedAttackWave"].matches += drafts.pop("Attack").matches
        self.drafts = drafts
        self.kinds = sorted(drafts, key=lambda k: min(m.start for m in drafts[k].matches))
        mentions = ((n, m) for n, k in enumerate(self.kinds) for m in drafts[k].matches)
        self.anchors = sorted((self.doc.offsets[m.start], order, n) for order, (n, m) in enumerate(mentions))
        """(character offset, order, event) of every event mention, ascending."""

    def event_for(self, kind: str, category: str | None, evidence: Span) -> int | None:
        """The event a claim is about: the one whose mention comes first in its evidence, else
        the most likely event of its family, else None."""
        anchors = self.anchors
        k = bisect_left(anchors, (evidence.start,))
        if k < len(anchors) and anchors[k][0] < evidence.end:
            return anchors[k][2]
        fam = _family_default(kind, category, self.kinds)
        return self.kinds.index(fam) if fam is not None else None

    def events(self, claims: list[Claim]) -> list[EventMention]:
        """The events (after :meth:`prepare`), with the claimants of responsibility for each as
        its perpetrators."""
        events = [self._event(self.drafts[kind]) for kind in self.kinds]
        for n, ev in enumerate(events):
            perps = tuple(sorted({c.claimant for c in claims if c.event == n and c.kind == "Responsibility"},
                                 key=lambda a: a.key))
            if perps:
                events[n] = replace(ev, perpetrators=perps)
        return events

    def _event(self, d: _Draft) -> EventMention:
        doc = self.doc
        ms = sorted(d.matches, key=lambda m: m.start)
        first = ms[0]
        sents = {(sent.start_char, sent.end_char) for sent in (doc.sent_of(m.start) for m in ms)}
        ms_chars = [doc.offsets[m.start] for m in ms]
        places: set[str] = set()
        new_places: set[tuple[str, str]] = set()
        times: list[TimeExpr] = []
        participants: set[ActorRef] = set()
        targets: set[ActorRef] = set()
        for s, e in sorted(sents):
            keys, new = self._places_in(s, e)
            places.update(keys)
            new_places.update(new)
            near = _within(ms_chars, ms_chars, s, e)
            times += [t for t in self._times_in(s, e) if any(abs(t.start - p) <= 90 for p in near)]
            if d.kind in _OPERATIONS:
                for m in _within(self.mentions, self.mention_chars, s, e):
                    if m.actor is not None and m.actor.kind in {"Military", "MilitaryUnit"}:
                        participants.add(m.actor)
            else:
                # "attacks on security forces", "targeting a Frontier Corps camp"
                for m in _within(self.mentions, self.mention_chars, s, e):
                    if m.actor is None or m.how in {"pronoun", "definite"}:
                        continue
                    before = {doc[k].lower_ for k in range(max(0, m.start - 3), m.start)}
                    if before & {"on", "against", "targeting", "targeted", "attacked", "ambushed", "stormed"}:
                        targets.add(m.actor)
        dated = [t for t in times if t.kind in {"date", "range"} and t.value]
        dated.sort(key=lambda t: (t.precision != "day", t.value.startswith("--"), t.start))
        when = dated[0] if dated else None
        # "began on January 29, 2026, and continued through February 2, 2026": a range
        if when is not None and when.kind == "date" and when.precision == "day":
            later = [t for t in dated if t.start > when.end and t.precision == "day" and t.kind == "date"
                     and re.search(r"\b(through|until|till|to)\b", self.text[when.end:t.start])
                     and t.start - when.end < 120]
            if later:
                when = TimeExpr(when.start, later[0].end, self.text[when.start:later[0].end], "range",
                                when.value, later[0].value, "day")
        dur = next((t.value for t in times if t.kind == "duration" and t.value), None)
        span = Span(doc.offsets[first.start], doc.end_of(first.end - 1),
                    self.text[doc.offsets[first.start]:doc.end_of(first.end - 1)])
        return EventMention(
            kind=d.kind, label=self._label(d), span=span, places=tuple(sorted(places)),
            start_date=when.value if when else None, end_date=when.end_value if when else None,
            date_precision=when.precision if when else None, time_text=when.text if when else None,
            duration=dur, participants=tuple(sorted(participants, key=lambda a: a.key)),
            targets=tuple(sorted(targets, key=lambda a: a.key)),
            new_places=tuple(sorted(new_places)),
        )

    def _label(self, d: _Draft) -> str:
        words = Counter(self.doc.span(m.start, m.end).text.lower() for m in d.matches)
        return max(sorted(words), key=lambda w: (words[w], len(w)))


def scope_of(claim: Claim, times: list[TimeExpr]) -> str | None:
    """The scope of a figure from the time expressions of its sentence: a year of statistics,
    a day, a range, or a duration (in that order of preference)."""
    return scope_for(claim.count, claim.qualifier, claim.evidence, times)


def scope_for(count: int | None, qualifier: str | None, evidence: Span, times: list[TimeExpr]) -> str | None:
    """:func:`scope_of` a claim with this count, qualifier and evidence."""
    if count is None and qualifier is None:
        return None
    inside = [t for t in times if evidence.start <= t.start and t.end <= evidence.end and t.value]
    for t in inside:
        if t.precision == "year":
            return t.value
    for t in inside:
        if t.kind == "range":
            return f"{t.value}/{t.end_value}"
    for t in inside:
        if t.kind == "date" and t.precision == "day":
            return t.value
    for t in inside:
        if t.kind == "duration":
            return t.value
    return None
