"""Who is named where: actor mentions of one article, resolved to registry entries or to
actors discovered in the text (people with titles, organisations, unnamed sources).

Resolution order for a stretch of tokens: a title with a name ("Chief Minister X"), a
registry name or alias, a metonym used as an agent ("Islamabad said"), a registry
description or a generic description resolved in the article's country ("the military"),
an unnamed source ("a senior police official"), a capitalised name next to a reporting
verb, then pronouns (resolved later, in reading order).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter

from spacy.tokens import Doc

from kg.model import ActorRef
from kg.nlp.annotate import Match
from kg.nlp.lexicon import Lexicon
from kg.nlp.registry import Registry

PREPOSITIONS = frozenset(
    "in at to from near across of on into inside outside around towards toward through within "
    "between over under by for with against via about throughout".split()
)
FUNCTION_WORDS = frozenset(
    "a an the this that these those his her its their our your my some any all both each every no "
    "and or but nor so yet as if than then when while where which who whom whose what how why "
    "is are was were be been being has have had do does did will would shall should can could may might must "
    "not also only just even still more most many much few other such same said says say".split()
)
_ORG_HEADS_OR_WHICH = frozenset({"group", "militia", "faction", "outfit", "organisation", "organization", "front",
                                 "alliance", "coalition", "movement", "network", "wing", "splinter", "offshoot",
                                 "which"})
"""Words after "X," that make X an organisation ("X, a splinter group of ...", "X, which ...")."""
PRONOUNS = {"he": "person", "she": "person", "it": "org", "they": "plural", "we": "plural"}
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-zA-Z'\-]*|[A-Z]\.|al-|bin|ibn|de|van|von|d'[A-Z][a-z]+|-)$")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    actor: ActorRef | None
    how: str
    """registry | metonym | descriptive | generic | anonymous | title | name | pronoun | definite"""
    head: int | None = None
    """For a definite description ("the ministry"), the token of its head noun."""


class MentionIndex:
    """The mentions of a document, sorted by (start, end), looked up by token position.

    ``starting(lo, hi)`` yields the mentions whose start lies in ``lo..hi`` and ``ending(end)``
    those that end at ``end``, both in list order: the same mentions, in the same order, as a
    scan of the whole list with that condition, without the scan.
    """

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self._starts = [m.start for m in mentions]
        self._by_end: dict[int, list[Mention]] = {}
        for m in mentions:
            self._by_end.setdefault(m.end, []).append(m)

    def starting(self, lo: int, hi: int) -> list[Mention]:
        """Mentions with ``lo <= start <= hi``."""
        i = bisect_left(self._starts, lo)
        j = bisect_right(self._starts, hi, lo=i)
        return self.mentions[i:j]

    def ending(self, end: int) -> list[Mention]:
        """Mentions with ``end == end``."""
        return self._by_end.get(end, [])


_NAME_LIKE: dict[str, bool] = {}


def _name_like(text: str) -> bool:
    """Whether a token may be part of a capitalised name (memoised ``_NAME_TOKEN`` match)."""
    hit = _NAME_LIKE.get(text)
    if hit is None:
        if len(_NAME_LIKE) > 100_000:
            _NAME_LIKE.clear()
        hit = _NAME_LIKE[text] = _NAME_TOKEN.match(text) is not None
    return hit


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A lowercase IRI-safe slug.

    >>> slug("Ravi  Menon's office")
    'ravi-menon-s-office'
    """
    s = _NOT_SLUG.sub("-", text.lower()).strip("-")
    return s[:60] or "x"


class MentionFinder:
    """Finds and resolves actor mentions of one document."""

    def __init__(self, doc: Doc, found: dict[str, list[Match]], lexicon: Lexicon, registry: Registry,
                 doc_key: str) -> None:
        self.doc, self.found, self.lx, self.reg, self.doc_key = doc, found, lexicon, registry, doc_key
        self.covered: set[int] = set()
        self.mentions: list[Mention] = []
        self._starting: dict[int, list[Mention]] = {}
        self._ending: dict[int, list[Mention]] = {}
        """The mentions found so far by start and by end token, in the order they were found."""
        self.countries = self._context_countries()
        self._scores: dict[str, float | None] = {}
        self._place_labels = [self.reg.places[pk].label.lower() for m in found.get("P", [])
                              for pk in m.label.split(",")]
        """The lowercase label of every place named, once per naming."""
        self._refs: dict[str, ActorRef] = {}

    # ---------------------------------------------------------------- context
    def _context_countries(self) -> Counter[str]:
        """Countries the article is about: places and national actors it names, those of the
        dateline and lead (first 400 characters) weighing three times as much."""
        c: Counter[str] = Counter()
        for kind in ("P", "A"):
            for m in self.found.get(kind, []):
                w = 3 if self.doc.offsets[m.start] < 400 else 1
                for key in m.label.split(","):
                    if kind == "P":
                        country = self.reg.country_of_place(key)
                    else:
                        a = self.reg.actors.get(key)
                        country = a.country if a else None
                    if country:
                        c[country] += w
        return c

    def _pick_in_context(self, keys: list[str]) -> str | None:
        """Of several registry actors, the one whose country the article speaks of most."""
        best, best_score = None, 0.0
        for key in sorted(keys):
            score = self._context_score(key)
            if score is not None and score > best_score:
                best, best_score = key, score
        return best

    def _context_score(self, key: str) -> float | None:
        """How much the article speaks of the country of registry actor ``key`` (None: no such actor)."""
        if key in self._scores:
            return self._scores[key]
        a = self.reg.actors.get(key)
        score = None
        if a is not None:
            score = float(self.countries.get(a.country or "", 0))
            # a place named in the actor's own label ("Balochistan government") counts double
            label = a.label.lower()
            for place in self._place_labels:
                if place in label:
                    score += 2
        self._scores[key] = score
        return score

    def _by_class(self, cls: str, hint: str = "") -> str | None:
        """The main registry actor of class ``cls`` in the article's country ("the army" is
        that country's army where the registry has one, else its armed forces)."""
        if not self.countries:
            return None
        country = self.countries.most_common(1)[0][0]
        cands = list(self.reg.by_kind_country.get((cls, country), []))
        if cls == "Government":
            cands = [a for a in cands if a.metonyms] or cands
        else:
            cands = [a for a in cands if not any(self.reg.actors.get(p, None) and
                                                 self.reg.actors[p].kind == cls for p in a.parents)] or cands
        named = [a for a in self.reg.by_kind_country.get((cls, country), [])
                 if hint in {"army", "navy"} and hint in a.label.lower().split()]
        if named:
            return sorted(named, key=lambda a: (len(a.label), a.key))[0].key
        cands.sort(key=lambda a: (len(a.parents), a.key))
        return cands[0].key if cands else None

    # ---------------------------------------------------------------- refs
    def registry_ref(self, key: str) -> ActorRef:
        ref = self._refs.get(key)
        if ref is None:
            a = self.reg.actors[key]
            ref = self._refs[key] = ActorRef(key=a.key, label=a.label, kind=a.kind, title=a.title)
        return ref

    def anonymous(self, label: str) -> ActorRef:
        return ActorRef(key=f"anon-{self.doc_key[:8]}-{slug(label)}", label=label, kind="AnonymousSource",
                        discovered=True)

    def discovered(self, label: str, kind: str, title: str | None = None) -> ActorRef:
        return ActorRef(key=f"discovered-{slug(label)}", label=label, kind=kind, discovered=True, title=title)

    # ---------------------------------------------------------------- finding
    def _free(self, start: int, end: int) -> bool:
        if end == start + 1:
            return start not in self.covered
        return not any(i in self.covered for i in range(start, end))

    def _add(self, start: int, end: int, actor: ActorRef | None, how: str, head: int | None = None) -> None:
        m = Mention(start, end, actor, how, head)
        self.mentions.append(m)
        self._starting.setdefault(start, []).append(m)
        self._ending.setdefault(end, []).append(m)
        self.covered.update(range(start, end))

    def find(self) -> list[Mention]:
        doc = self.doc
        self._titles()
        for m in self.found.get("A", []):
            nxt = doc[m.end:m.end + 2]
            if len(nxt) == 2 and nxt[0].text == "-" and nxt[1].is_lower:
                continue  # "Al-Qaeda-linked", "Iran-backed": a modifier, not the actor
            if self._free(m.start, m.end):
                keys = m.label.split(",")
                key = keys[0] if len(keys) == 1 else (self._pick_in_context(keys) or sorted(keys)[0])
                end = m.end
                # "the African Union mission", "the UN office": the organisation itself
                if end < len(doc) and doc[end].lower_ in self.lx.org_tails and doc[end].is_lower:
                    end += 1
                self._add(m.start, end, self.registry_ref(key), "registry")
        for m in self.found.get("M", []):
            prev = doc[m.start - 1].lower_ if m.start > 0 else ""
            if self._free(m.start, m.end) and (prev not in PREPOSITIONS or prev == "by"):
                key = self._pick_in_context(m.label.split(",")) or sorted(m.label.split(","))[0]
                self._add(m.start, m.end, self.registry_ref(key), "metonym")
        top = self.countries.most_common(1)[0][0] if self.countries else None
        for m in self.found.get("D", []):
            if self._free(m.start, m.end):
                # a description means an actor of the country the article is about, or nobody known
                keys = self.reg.of_country(m.label, top)
                key = self._pick_in_context(keys) if keys else None
                if key and doc[m.end - 1].lower_ in {"army", "navy"}:
                    key = self._by_class(self.reg.actors[key].kind, hint=doc[m.end - 1].lower_) or key
                if key:
                    self._add(m.start, m.end, self.registry_ref(key), "descriptive")
        for m in self.found.get("K", []):
            if self._free(m.start, m.end):
                # "a Houthi military spokesman": the generic words belong to the actor before them
                owner = next((o for o in self._ending.get(m.start, ()) if o.actor is not None and
                              o.actor.kind in {"ArmedGroup", "Country", "Government", "Organisation"}), None)
                if owner is not None:
                    self._add(m.start, m.end, owner.actor, "possessive")
                    continue
                key = self._by_class(m.label.split(",")[0], hint=doc[m.end - 1].lower_)
                text = doc.span(m.start, m.end).text
                self._add(m.start, m.end, self.registry_ref(key) if key else self.anonymous(text), "generic")
        self._organisations()
        self._sources()
        self._names()
        self._surnames()
        for i in doc.positions(PRONOUNS.keys()):
            if self._free(i, i + 1):
                self._add(i, i + 1, None, "pronoun")
        self.mentions.sort(key=lambda m: (m.start, m.end))
        return self.mentions

    def _name_after(self, i: int, limit: int = 4) -> int:
        """End of a capitalised name starting at token i (i itself if none)."""
        doc, j = self.doc, i
        n = len(doc)
        while j < n and j - i < limit:
            t = doc[j]
            low = t.lower_
            inner = (j > i and low in {"of", "for", "and", "the"} and j + 1 < n
                     and doc[j + 1].text[:1].isupper() and doc[j + 1].is_alpha and doc[j + 1].lower_ != "the"
                     or (low == "the" and j > i and doc[j - 1].lower_ == "of"))
            if not inner and (low in FUNCTION_WORDS or low in self.lx.reporting_verbs or not _name_like(t.text)):
                break
            if j > i and doc.sent_start[j]:
                break
            j += 1
        while j > i and doc[j - 1].lower_ in {"of", "for", "and", "the"}:
            j -= 1
        return j

    def _titles(self) -> None:
        """"Governor Amina Farouk", "spokesperson Ravi Menon": a Person."""
        doc = self.doc
        reg_people = {(m.start, m.end): m for m in self.found.get("A", [])}
        title_ends = {t.start: t.end for t in self.found.get("T", [])}
        for m in self.found.get("T", []):
            if m.start > 0 and doc[m.start - 1].lower_ in {"and", "of", "for", "the"} and \
                    m.start > 1 and doc[m.start - 2].text[:1].isupper():
                continue  # inside an organisation's name: "Centre for Peace and Justice Advocacy"
            j = m.end
            # "Lt. Col. Patrick Mbuyi", "Brig. Gen. X": titles in a row, and stray stops
            while j < len(doc) and (doc[j].text == "." or j in title_ends):
                j = title_ends.get(j, j + 1)
            # skip a parenthetical such as "(Retd.)"
            if j < len(doc) and doc[j].text == "(":
                k = j
                while k < len(doc) and k - j < 5 and doc[k].text != ")":
                    k += 1
                j = k + 1 if k < len(doc) else j
            end = self._name_after(j)
            if end - j < 1 or (end - j == 1 and not doc[j].text[:1].isupper()):
                continue
            name = doc.span(j, end).text
            if name.lower() in self.lx.org_words or any(t.lower_ in self.lx.org_words for t in doc[j:end]):
                continue
            title = doc.span(m.start, m.end).text
            ref = None
            for (s, e), rm in reg_people.items():
                if s >= j and e <= end + 1 and s < end:
                    key = rm.label.split(",")[0]
                    if self.reg.actors[key].kind == "Person":
                        ref = self.registry_ref(key)
                        end = max(end, e)
            if ref is None:
                ref = self.discovered(name, "Person", title=title)
            if self._free(m.start, end):
                self._add(m.start, end, ref, "title")

    def _sources(self) -> None:
        """Unnamed sources and roles: "officials", "a senior police official", "the Kharkiv
        regional governor", "the governor of the Belgorod region", "the military's spokesman"."""
        doc, lx = self.doc, self.lx
        heads = lx.source_words
        for m in self.found.get("C", []):
            if self._free(m.start, m.end):
                end = m.end
                while end < len(doc) and end - m.end < 3 and doc[end].text[:1].isupper() and doc[end].is_alpha:
                    end += 1
                self._add(m.start, end, self.anonymous(doc.span(m.start, end).text if end > m.end
                                                       else doc.span(m.start, m.end).text.lower()), "channel")
        for ti in doc.positions(heads):
            t = doc[ti]
            low = t.lower_
            if not self._free(ti, ti + 1):
                continue
            nxt = doc[ti + 1] if ti + 1 < len(doc) else None
            # "officials said", "reports suggest": the head must end its noun phrase
            if nxt is not None and nxt.is_alpha and (nxt.lower_ in heads or nxt.lower_ in lx.org_tails):
                continue
            if low in lx.role_heads and nxt is not None and _NAME_TOKEN.match(nxt.text) and nxt.text[:1].isupper():
                continue  # a title before a name is handled by _titles
            start = ti
            while start > 0 and ti - start < 5:
                p = doc[start - 1]
                if p.text == "'s" and start >= 2 and doc[start - 2].is_lower and doc[start - 2].is_alpha and \
                        doc[start - 2].lower_ not in FUNCTION_WORDS and low not in {
                            "spokesman", "spokesperson", "spokeswoman", "official", "officials"}:
                    start -= 1  # "a local fishermen's association"
                    continue
                if not p.is_alpha or p.lower_ in FUNCTION_WORDS or p.lower_ in PREPOSITIONS or \
                        (p.is_lower and p.lower_ in lx.reporting_verbs) or not self._free(start - 1, start) or \
                        (doc.sent_start[start - 1] and not p.is_lower and p.lower_ not in heads and
                         low not in lx.role_heads):
                    break
                start -= 1
            end = ti + 1
            # "the governor of the Belgorod region"
            if low in lx.role_heads and end + 1 < len(doc) and doc[end].lower_ == "of":
                k = end + 1
                if k < len(doc) and doc[k].lower_ == "the":
                    k += 1
                k0 = k
                while k < len(doc) and k - k0 < 4 and doc[k].text[:1].isupper() and doc[k].is_alpha:
                    k += 1
                if k < len(doc) and k > k0 and doc[k].lower_ in {"region", "province", "state", "district", "city"}:
                    k += 1
                if k > k0:
                    end = k
            # "the conflict monitor ACLED", "rights group HRCP": the name that follows is the actor
            k = end
            while k < len(doc) and k - end < 4 and doc[k].is_alpha and doc[k].text[:1].isupper() and \
                    (doc[k].text.isupper() or doc[k].is_title) and self._free(k, k + 1) and \
                    doc[k].lower_ not in lx.reporting_verbs and low not in lx.role_heads:
                k += 1
            if k > end:
                self._add(start, k, self.discovered(doc.span(end, k).text, "Organisation"), "name")
                continue
            words = doc.span(start, end).text
            label = words if any(map(str.isupper, words[1:])) else words.lower()
            before = doc[start - 1] if start > 0 else None
            # "the military's spokesman", "a Rwandan government spokesperson": they speak for it
            if low in {"spokesman", "spokesperson", "spokeswoman", "official", "officials", "statement",
                       "statements", "command", "office", "wing", "unit", "branch", "headquarters",
                       "leadership", "council"} and before is not None:
                gap = start - 1 if before.text in {"'s", "'"} else start
                owner = next((m for m in self._ending.get(gap, ()) if (m.actor is not None or
                                                                        m.how == "definite")), None)
                if owner is None and end + 1 < len(doc) and doc[end].lower_ in {"for", "of"}:
                    # "a spokesperson for the UN secretary-general", "an official of the ministry"
                    k = end + 1 + (doc[end + 1].lower_ == "the")
                    owner = next((m for m in self._starting.get(k, ()) if m.actor is not None), None)
                    if owner is not None:
                        self._add(start, owner.end, owner.actor, "possessive")
                        continue
                if owner is not None:
                    self._add(start, end, owner.actor, "possessive" if owner.actor else "definite", head=owner.head)
                    continue
                if gap == start - 1 and gap >= 2 and doc[gap - 1].lower_ in lx.anaphora and \
                        doc[gap - 2].lower_ == "the" and self._free(gap - 1, end):
                    self._add(gap - 2, end, None, "definite", head=gap - 1)  # "the alliance's spokesman"
                    continue
            if start == ti and end == ti + 1:
                cls = lx.anaphora.get(low)
                if cls is not None and before is not None and before.lower_ in {"the", "this"}:
                    self._add(ti, ti + 1, None, "definite", head=ti)  # "the ministry": in reading order
                    continue
                if cls is not None and low not in lx.source_heads and low not in lx.role_heads:
                    continue
                if low in {"group", "groups", "statement", "media", "army", "military", "forces"}:
                    continue
                if before is not None and before.lower_ == "the":
                    label = "the " + label
            self._add(start, end, self.anonymous(label), "anonymous")

    def _names(self) -> None:
        """Capitalised names next to a reporting or stance verb, before an apposition, or
        naming an organisation anywhere ("Civilian Joint Task Force"): discovered actors."""
        doc, lx = self.doc, self.lx
        cues = lx.name_cues
        for ti in doc.positions(cues):
            # "said Ayesha Raza" / "Ayesha Raza said" / "the Aamin Ambulance service said"
            after_end = self._name_after(ti + 1)
            if after_end - (ti + 1) >= 1 and self._free(ti + 1, after_end):
                self._discover(ti + 1, after_end)
            end = ti
            if end > 0 and doc[end - 1].lower_ in lx.org_tails and self._free(end - 1, end):
                end -= 1  # lowercase organisation tail
                while end > 0 and doc[end - 1].lower_ in lx.org_tails or end > 0 and doc[end - 1].lower_ == "civil":
                    end -= 1
            start = self._name_before(end)
            if start < ti and self._free(start, ti):
                self._discover(start, ti)
        # "Jamil Khan, a private security guard" / "Taras Horbenko, head of ..."
        for ti in doc.positions({","}):
            if ti + 2 < len(doc):
                k = ti + 1 + (doc[ti + 1].lower_ in {"a", "an", "the"})
                window = [x.lower_ for x in doc[k:k + 5]]
                if window and window[0] in _ORG_HEADS_OR_WHICH:
                    start = self._name_before(ti)
                    if start < ti and self._free(start, ti) and not doc.sent_start[start] or \
                            start < ti - 1 and self._free(start, ti):
                        self._add(start, ti, self.discovered(doc.span(start, ti).text, "Organisation"), "name")
                elif window and (window[0] in lx.apposition_heads or
                                 (doc[ti + 1].lower_ in {"a", "an", "the"} and
                                  any(w in lx.apposition_heads for w in window))):
                    start = self._name_before(ti)
                    if start < ti and self._free(start, ti):
                        self._discover(start, ti)

    def _organisations(self) -> None:
        """Organisations named anywhere: a capitalised sequence holding an organisation word
        ("Civilian Joint Task Force", "Office of the Prime Minister")."""
        doc, lx = self.doc, self.lx
        after = 0  # the next token to look at: a name found is read once
        starts = doc.sent_start
        for i in compress(range(len(doc)), map(attrgetter("is_capital"), doc)):
            if starts[i] or i < after or i in self.covered:
                continue
            j = self._name_after(i, limit=7)
            if j - i >= 2:
                toks = doc[i:j]
                if any(x.lower_ in lx.org_words or x.lower_ in lx.org_tails for x in toks) \
                        and self._free(i, j) and toks[-1].lower_ not in {"of", "the", "and", "for"}:
                    self._add(i, j, self.discovered(doc.span(i, j).text, "Organisation"), "name")
                    after = j


    def _name_before(self, end: int) -> int:
        """Start of a capitalised name ending at ``end`` (``end`` itself if none)."""
        doc, start = self.doc, end
        while start > 0 and end - start < 7:
            p = doc[start - 1]
            if _NAME_TOKEN.match(p.text) and p.lower_ not in FUNCTION_WORDS and (
                    p.text[:1].isupper() or p.text == "-" and start >= 2 and doc[start - 2].text[:1].isupper()):
                start -= 1
            elif p.lower_ in {"of", "the", "for", "and"} and start < end and start - 2 >= 0 and \
                    doc[start - 2].text[:1].isupper() and doc[start - 2].is_alpha:
                start -= 1
            else:
                break
        while start < end and doc[start].lower_ in {"of", "the", "for", "and"}:
            start += 1
        return start

    def _surnames(self) -> None:
        """A bare surname after a full name refers to that person ("Amina Farouk ... Farouk said")."""
        doc = self.doc
        people = sorted((m for m in self.mentions if m.actor is not None and m.actor.kind == "Person"),
                        key=lambda m: m.start)
        if not people:
            return
        places = {i for m in self.found.get("P", []) if m.end - m.start > 1 for i in range(m.start, m.end)}
        surname: dict[str, tuple[int, ActorRef]] = {}
        for m in people:
            last = m.actor.label.split()[-1] if m.actor else ""
            if len(m.actor.label.split()) >= 2 and last[:1].isupper():
                surname.setdefault(last, (m.end, m.actor))
        for ti in doc.positions({name.lower() for name in surname}):
            hit = surname.get(doc[ti].text)
            if hit is None or ti < hit[0] or ti in places or not self._free(ti, ti + 1):
                continue
            nxt = doc[ti + 1] if ti + 1 < len(doc) else None
            if nxt is not None and _NAME_TOKEN.match(nxt.text) and nxt.text[:1].isupper():
                continue  # part of a longer name
            self._add(ti, ti + 1, hit[1], "surname")

    def _discover(self, start: int, end: int) -> None:
        doc = self.doc
        toks = doc.span(start, end)
        if doc.sent_start[start] and end - start == 1:
            return  # a capitalised first word of a sentence is no name
        if any(t.lower_ in self.lx.reporting_verbs or t.like_num for t in toks):
            return
        label = toks.text
        if any(t.lower_ in self.lx.org_words or t.lower_ in self.lx.org_tails for t in toks):
            self._add(start, end, self.discovered(label, "Organisation"), "name")
        elif 2 <= end - start <= 4:
            self._add(start, end, self.discovered(label, "Person"), "name")
