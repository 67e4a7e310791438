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
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from kg.model import ActorRef, Claim, EventMention, Span
from kg.nlp.annotate import Match
from kg.nlp.mentions import Mention, slug
from kg.nlp.registry import Registry
from kg.nlp.timex import TimeExpr

# Families: a mention of a narrower kind absorbs mentions of the broader one.
_ATTACKS = ("CoordinatedAttackWave", "Attack", "Strike", "Hijacking")
_OPERATIONS = ("MilitaryOperation", "Clash")
_PLACE_CUE = re.compile(
    r"\b(?:the\s+)?(?:town|city|village|district|province|region|port city|port|area)\s+of\s+"
    r"(?P<a>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)"
    r"|\b(?P<b>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:district|province|valley|region)\b"
)


@dataclass
class _Draft:
    kind: str
    matches: list[Match] = field(default_factory=list)


def _family_default(claim: Claim, kinds: list[str]) -> str | None:
    """Which event a claim with no event mention in its sentence is most likely about."""
    ops = [k for k in kinds if k in _OPERATIONS]
    atk = [k for k in kinds if k in _ATTACKS]
    if claim.kind == "Casualty" and claim.category in {"militants-killed", "arrested"}:
        return (ops or atk or [None])[0]
    if claim.kind in {"Casualty", "Responsibility", "Condemnation", "Accusation", "Denial"}:
        return (atk or ops or [None])[0]
    return None


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

    def _sentence_of(self, tok: int):
        return self.doc[tok].sent

    def _places_in(self, start_char: int, end_char: int) -> tuple[list[str], list[tuple[str, str]]]:
        doc, keys = self.doc, []
        for p in self.found.get("P", []):
            if start_char <= doc[p.start].idx < end_char and p.start not in self.actor_tokens:
                keys.append(sorted(p.label.split(","), key=lambda k: (self.reg.places[k].place_type != "town", k))[0])
        new: list[tuple[str, str]] = []
        known = {n.lower() for k in keys for n in self.reg.places[k].names}
        for m in _PLACE_CUE.finditer(self.text, start_char, end_char):
            name = m.group("a") or m.group("b")
            if name and name.lower() not in known and not any(
                    n.lower() == name.lower() for p in self.reg.places.values() for n in p.names):
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
        return [t for t in self.times if s <= t.start and t.end <= e and not self.in_excluded(t.start)]

    def find(self, claims: list[Claim]) -> tuple[list[EventMention], list[Claim]]:
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
        kinds = sorted(drafts, key=lambda k: min(m.start for m in drafts[k].matches))
        events: list[EventMention] = []
        for kind in kinds:
            events.append(self._event(drafts[kind], claims))
        linked = [self._link(c, kinds, drafts) for c in claims]
        # perpetrators: who claimed responsibility for an attack
        for n, ev in enumerate(events):
            perps = tuple(sorted({c.claimant for c in linked if c.event == n and c.kind == "Responsibility"},
                                 key=lambda a: a.key))
            if perps:
                events[n] = replace(ev, perpetrators=perps)
        return events, linked

    def _event(self, d: _Draft, claims: list[Claim]) -> EventMention:
        doc = self.doc
        ms = sorted(d.matches, key=lambda m: m.start)
        first = ms[0]
        sents = {(doc[m.start].sent.start_char, doc[m.start].sent.end_char) for m in ms}
        places: set[str] = set()
        new_places: set[tuple[str, str]] = set()
        times: list[TimeExpr] = []
        participants: set[ActorRef] = set()
        targets: set[ActorRef] = set()
        for s, e in sorted(sents):
            keys, new = self._places_in(s, e)
            places.update(keys)
            new_places.update(new)
            near = [doc[m.start].idx for m in ms if s <= doc[m.start].idx < e]
            times += [t for t in self._times_in(s, e) if any(abs(t.start - p) <= 90 for p in near)]
            if d.kind in _OPERATIONS:
                for m in self.mentions:
                    if m.actor is not None and s <= doc[m.start].idx < e and \
                            m.actor.kind in {"Military", "MilitaryUnit"}:
                        participants.add(m.actor)
            else:
                # "attacks on security forces", "targeting a Frontier Corps camp"
                for m in self.mentions:
                    if m.actor is None or not (s <= doc[m.start].idx < e) or m.how in {"pronoun", "definite"}:
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
        span = Span(doc[first.start].idx, doc[first.end - 1].idx + len(doc[first.end - 1].text),
                    self.text[doc[first.start].idx:doc[first.end - 1].idx + len(doc[first.end - 1].text)])
        return EventMention(
            kind=d.kind, label=self._label(d), span=span, places=tuple(sorted(places)),
            start_date=when.value if when else None, end_date=when.end_value if when else None,
            date_precision=when.precision if when else None, time_text=when.text if when else None,
            duration=dur, participants=tuple(sorted(participants, key=lambda a: a.key)),
            targets=tuple(sorted(targets, key=lambda a: a.key)),
            new_places=tuple(sorted(new_places)),
        )

    def _label(self, d: _Draft) -> str:
        words = [self.doc.span(m.start, m.end).text.lower() for m in d.matches]
        return max(sorted(set(words)), key=lambda w: (words.count(w), len(w)))

    def _link(self, c: Claim, kinds: list[str], drafts: dict[str, _Draft]) -> Claim:
        s, e = c.evidence.start, c.evidence.end
        best: tuple[int, int] | None = None
        for n, k in enumerate(kinds):
            for m in drafts[k].matches:
                pos = self.doc[m.start].idx
                if s <= pos < e:
                    d = abs(pos - s)
                    if best is None or d < best[0]:
                        best = (d, n)
        if best is not None:
            return replace(c, event=best[1])
        k = _family_default(c, kinds)
        return replace(c, event=kinds.index(k)) if k is not None else c


def scope_of(claim: Claim, times: list[TimeExpr]) -> str | None:
    """The scope of a figure from the time expressions of its sentence: a year of statistics,
    a day, a range, or a duration (in that order of preference)."""
    if claim.count is None and claim.qualifier is None:
        return None
    inside = [t for t in times if claim.evidence.start <= t.start and t.end <= claim.evidence.end and t.value]
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
