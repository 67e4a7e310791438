"""Figures in a sentence: numbers that count casualties, attacks or operations.

A number is a claim figure only when the words around it say what was counted (a victim
noun such as "militants", an outcome such as "killed", or an event noun such as
"incidents"). Dates, years, times, durations ("40 hours", "a three-day standoff"), ages,
money and measures are never figures.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter

from spacy.tokens import Doc, Span as TokSpan
from text_to_num import text2num

from kg.nlp.annotate import Match
from kg.nlp.lexicon import Lexicon

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_DECIMAL = re.compile(r"^\d+\.\d+$")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion dozen".split()
)
# words allowed between an outcome noun and its number: "the death toll rose to 30"
_TOLL_GLUE = frozenset("to at of reached reaching rose risen stood stands climbed climbing has had was is "
                       "now had has been jumped increased hit hits was were a the".split())
_CATEGORY = {
    ("killed", "militants"): "militants-killed", ("killed", "security"): "security-personnel-killed",
    ("killed", "civilians"): "civilians-killed", ("killed", "hostages"): "hostages-killed",
    ("killed", "people"): "people-killed", ("killed", None): "people-killed",
    ("hostages_taken", None): "hostages-taken", ("freed", None): "hostages-freed",
}
_VICTIM_LABEL = {"militants": "militants", "security": "security personnel", "civilians": "civilians",
                 "people": "people", "hostages": "hostages", None: "people"}


@dataclass(frozen=True, slots=True)
class Figure:
    start: int
    """Token index of the number (or vague amount)."""
    end: int
    count: int | None
    qualifier: str | None
    category: str
    victims: str | None
    victim_span: tuple[int, int] | None
    is_event_count: bool = False
    outcome: str | None = None
    in_breakdown: bool = False


def number_value(doc: Doc, i: int) -> tuple[int | None, int]:
    """Value of the number at token i and the token after it; (None, i) when it is no number.

    Handles "2,597", "145", "three", "Thirty", "twenty-five" and "a dozen".
    """
    t = doc[i]
    text = t.text
    scale = {"million": 1_000_000, "billion": 1_000_000_000, "thousand": 1_000}
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    if _DIGITS.match(text):
        if nxt in scale:  # "2 million people"
            return int(text.replace(",", "")) * scale[nxt], i + 2
        return int(text.replace(",", "")), i + 1
    if _DECIMAL.match(text) and nxt in scale:  # "1.2 million"
        return round(float(text) * scale[nxt]), i + 2
    low = t.lower_
    if low in _NUMBER_WORDS:
        words, j = [low], i + 1
        while j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].lower_ in _NUMBER_WORDS:
            words.append(doc[j + 1].lower_)
            j += 2
        while j < len(doc) and doc[j].lower_ in _NUMBER_WORDS:
            words.append(doc[j].lower_)
            j += 1
        if words == ["dozen"]:
            return 12, j
        try:
            return int(text2num(" ".join(words), "en")), j
        except ValueError:
            return None, i
    return None, i


class FigureFinder:
    """Finds figures in a sentence from the matches of the annotator."""

    def __init__(self, doc: Doc, found: dict[str, list[Match]], lexicon: Lexicon,
                 actor_kinds: dict[int, str] | None = None) -> None:
        self.doc, self.lx = doc, lexicon
        self.actor_kinds = actor_kinds or {}
        """Token index -> class of the actor mentioned there ("ArmedGroup", "Military", ...)."""
        self.victims = {i: (m.label.split(",")[0], m.start, m.end) for m in found.get("V", [])
                        for i in range(m.start, m.end)}
        self.outcomes = {i: (m.label.split(",")[0], m.start, m.end) for m in found.get("O", [])
                         for i in range(m.start, m.end)}
        self.qualifiers = {m.end: (m.label.split(",")[0], m.start) for m in found.get("Q", [])}
        self.qual_tokens = {i for m in found.get("Q", []) for i in range(m.start, m.end)}
        self.vague = {m.start: (m.label.split(",")[0], m.end) for m in found.get("G", [])}
        self.numbers = sorted({*compress(range(len(doc)), map(attrgetter("like_num"), doc)),
                               *doc.positions(_NUMBER_WORDS), *self.vague})
        """Tokens that may start a figure: numbers, number words and vague amounts."""

    def find(self, sent: TokSpan) -> list[Figure]:
        doc = self.doc
        figures: list[Figure] = []
        skipped_at: int | None = None
        numbers = self.numbers
        nxt = sent.start  # the next token to look at: a number of several tokens is read once
        for i in numbers[bisect_left(numbers, sent.start):bisect_left(numbers, sent.end)]:
            if i < nxt:
                continue
            value, after = number_value(doc, i)
            vague = None
            if value is None and i in self.vague:
                vague, after = self.vague[i]
            if value is None and vague is None:
                nxt = i + 1
                continue
            if value is not None and (self._not_a_claim(i, after, sent) or (
                    skipped_at is not None and i - skipped_at <= 2 and doc[i - 1].lower_ in {"and", ",", "to", "or"})):
                skipped_at = i
                nxt = after
                continue
            fig = self._classify(i, after, value, vague, sent, figures)
            if fig is not None:
                figures.append(fig)
            nxt = max(after, i + 1)
        return figures

    def _not_a_claim(self, i: int, after: int, sent: TokSpan) -> bool:
        doc, lx = self.doc, self.lx
        prev = doc[i - 1].lower_ if i > sent.start else ""
        nxt = doc[after].lower_ if after < sent.end else ""
        nxt2 = doc[after + 1].lower_ if after + 1 < sent.end else ""
        if prev in lx.months or nxt in lx.months or prev in lx.non_claim_before:
            return True
        p = doc[i - 1] if i > sent.start else None
        if p is not None and p.text[:1].isupper() and p.is_alpha and not doc.sent_start[i - 1] and \
                i - 1 not in self.qual_tokens and i - 1 not in self.victims and i - 1 not in self.outcomes:
            return True  # part of a name: "Sokola 2", "Rescue 1122", "Delmas 33"
        if nxt in lx.non_claim_units or (nxt == "-" and nxt2 in lx.non_claim_units):
            return True
        if nxt in {":", "."} and after + 1 < sent.end and doc[after + 1].text.isdigit():
            return True  # 10:30, 3.5
        value, _ = number_value(doc, i)
        if value is not None and 1900 <= value <= 2100 and doc[i].text.isdigit():
            return nxt not in self.victims_words()
        if prev in {"-", "/"} or nxt in {"/", "%"}:
            return True
        return False

    def victims_words(self) -> frozenset[str]:
        return self.lx.victim_words

    def _classify(self, i: int, after: int, value: int | None, vague: str | None, sent: TokSpan,
                  earlier: list[Figure]) -> Figure | None:
        doc = self.doc
        qualifier = vague
        if i in self.qualifiers or (i - 1 in self.qualifiers and doc[i - 1].text in {'"', "'"}):
            qualifier = self.qualifiers.get(i, self.qualifiers.get(i - 1))[0]
        # victim phrase just after the number: "60 militants", "12 law-enforcement officers",
        # "60 members of the X", "dozens more wounded"
        victims, vspan = None, None
        j = after
        if j + 2 < sent.end and doc[j].lower_ == "of" and doc[j + 1].lower_ == "the" and j + 2 in self.outcomes:
            j += 3  # "Four of the wounded later died"
        elif j + 1 < sent.end and doc[j].lower_ == "of" and doc[j + 1].lower_ in {"them", "whom"}:
            victims, vspan = "people", (j, j + 2)  # "Four of them were later released"
        elif j < sent.end and doc[j].lower_ == "of" and (vague or (j + 1 < sent.end and doc[j + 1].lower_ in {
                "the", "our", "their", "its", "his", "her", "them", "those", "these", "whom"})):
            j += 1
            if j < sent.end and doc[j].lower_ in {"the", "our", "their", "its", "his", "her", "those", "these"}:
                j += 1
        while victims is None and j < min(sent.end, after + 5):
            t = doc[j]
            if j not in self.victims and t.is_title and len(t.text) > 5 and t.lower_.endswith(("ans", "ese", "is")) \
                    and not doc.sent_start[j]:
                victims, vspan = "people", (j, j + 1)  # "one million Haitians", "200 Sudanese"
                break
            kind = self.actor_kinds.get(j)
            if j not in self.victims and kind in {"ArmedGroup", "Military", "MilitaryUnit"}:
                victims = "militants" if kind == "ArmedGroup" else "security"  # "40 Afghan Taliban"
                k = j
                while k < sent.end and self.actor_kinds.get(k) == kind:
                    k += 1
                vspan = (j, k)
                break
            if j in self.victims:
                victims, vs, ve = self.victims[j]
                vspan = (vs, ve)
                if ve < sent.end and doc[ve].lower_ in self.lx.event_counts:
                    victims, vspan = None, None  # "terrorist incidents", "militant attacks"
                    break
                if victims == "people" and doc[vs].lower_ == "members" and ve < sent.end and doc[ve].lower_ == "of":
                    victims = self._members_of(ve + 1, sent)
                break
            t = doc[j]
            if j in self.outcomes or t.is_punct and t.text not in {"-", '"', "'"} or t.lower_ in {
                    "and", "or", "in", "on", "at", "from", "were", "was", "had", "have", "has", "of", "to", "by"}:
                break
            j += 1
        # an event count: "5,397 terrorist incidents", "two of the attacks"
        if victims is None and not (value == 1 and after < sent.end and doc[after].lower_ == "of"):
            ev = self._event_noun(after, sent)
            if ev is not None:
                return Figure(i, after, value, qualifier, ev, None, None, True)
            # "Khyber Pakhtunkhwa (3,811)": a breakdown in brackets inherits the last category
            if i > sent.start and doc[i - 1].text == "(" and after < sent.end and doc[after].text == ")" and earlier:
                last = earlier[-1]
                return Figure(i, after, value, qualifier, last.category, last.victims, None, last.is_event_count)
        outcome = self._risen_toll(i, sent) or self._outcome(i, after, vspan, sent)
        # a breakdown: "killed 37 people, including 21 fighters, 12 members and four civilians"
        between = {doc[k].lower_ for k in range(earlier[-1].end, i)} if earlier else set()
        breakdown = bool(earlier) and not earlier[-1].is_event_count and earlier[-1].outcome is not None and (
            bool(between & {"including", "among", "of"}) or i - 2 >= 0 and doc[i - 1].lower_ == "from" and
            doc[i - 2].lower_ in {"up", "down"} or
            # the list goes on: "including 21 fighters, 12 members and four civilians"
            earlier[-1].in_breakdown and between <= {",", "and", "other", "more"} | {
                doc[k].lower_ for k in range(earlier[-1].end, i) if k in self.victims}) and i - earlier[-1].end < 18
        if outcome is None and breakdown:
            outcome = earlier[-1].outcome
        if outcome is None:
            return None
        if vspan is not None and doc[vspan[0]].lower_ in {"families", "households"} and outcome != "displaced":
            return None  # "48 families who lost loved ones": families are counted when they flee
        if victims is None and not breakdown and not self._toll_adjacent(i, after, sent) and \
                not self._risen_toll(i, sent):
            return None
        if victims is None:
            victims = self._modifier_victims(i, sent)
        category = _CATEGORY.get((outcome, victims)) or _CATEGORY.get((outcome, None)) or outcome
        category = {"wounded": "wounded", "arrested": "arrested", "missing": "missing",
                    "displaced": "displaced"}.get(category, category)
        return Figure(i, after, value, qualifier, category, victims, vspan, outcome=outcome, in_breakdown=breakdown)

    def _risen_toll(self, i: int, sent: TokSpan) -> str | None:
        """ "The death toll from the shelling of a camp ... has risen to 31": the clause's toll."""
        doc = self.doc
        j = i - 1
        if j >= sent.start and doc[j].lower_ in {"to", "at"}:
            j -= 1
        if j < sent.start or doc[j].lower_ not in {"rose", "risen", "climbed", "jumped", "reached", "stood", "stands",
                                                  "increased", "grew", "hit", "rises", "climbs"}:
            return None
        for k in range(j - 1, max(sent.start, j - 25) - 1, -1):
            if doc[k].text in {",", ";", ":"}:
                return None
            if doc[k].lower_ in {"toll", "fatalities", "deaths"}:
                return "killed"
            if doc[k].lower_ in {"injuries", "wounded", "injured"} and doc[k - 1].lower_ in {"of", "number"}:
                return "wounded"
        return None

    def _members_of(self, k: int, sent: TokSpan) -> str:
        """Whose members: "members of Pakistan's law enforcement agencies" -> security."""
        for j in range(k, min(sent.end, k + 7)):
            kind = self.actor_kinds.get(j)
            if kind == "ArmedGroup":
                return "militants"
            if kind in {"Military", "MilitaryUnit"}:
                return "security"
            if j in self.victims:
                kind = self.victims[j][0]
                if kind != "people":
                    return kind
            if self.doc[j].lower_ in {"agencies", "army", "forces", "police", "military"}:
                return "security"
        return "militants" if any(t.lower_ in {"army", "front", "group", "liberation", "brigade"}
                                  for t in self.doc[k:min(sent.end, k + 7)]) else "people"

    def _event_noun(self, after: int, sent: TokSpan) -> str | None:
        doc, ev = self.doc, self.lx.event_counts
        j = after
        if j + 1 < sent.end and doc[j].lower_ == "of" and doc[j + 1].lower_ in {"the", "these", "those"}:
            j += 2
        for k in range(j, min(sent.end, j + 9)):
            w = doc[k].lower_
            if w in ev:
                return ev[w]
            if not (doc[k].is_alpha or doc[k].text == "-") or w in {"and", "or", "in", "of", "were", "was"}:
                return None
        return None

    def _outcome(self, i: int, after: int, vspan: tuple[int, int] | None, sent: TokSpan) -> str | None:
        """The outcome word nearest the figure in its clause ("killed 92", "31 civilians dead")."""
        doc = self.doc
        best: tuple[int, str] | None = None
        right_from = vspan[1] if vspan else after
        aside = False  # inside a breakdown: "26 hostages, including 18 soldiers, were freed"
        for j in range(right_from, min(sent.end, right_from + 12)):
            t = doc[j]
            if t.lower_ in {"including", "among", "of"} and j <= right_from + 1:
                aside = True
            if t.text in {";", ":"}:
                break
            if t.lower_ in {"and", "or", "while", "but"} and j > right_from and j + 1 < sent.end and (
                    j + 1 in self.outcomes and not doc[j + 1].lower_.endswith("ed") or
                    doc[j + 1].lower_.endswith("ing") and j + 1 in self.outcomes):
                break  # "killing 14 and wounding 22": the next figure's predicate
            if t.lower_ == "and" and j + 1 < sent.end and doc[j + 1].lower_ in {"that", "said", "added"}:
                break
            if t.text == "," and j > right_from:
                if aside:
                    aside = False
                    continue
                # "two suspects, aged 19 and 22, were arrested": an aside between commas
                if j + 1 < sent.end and (doc[j + 1].lower_ in {"were", "was", "had", "have", "are"} or j + 1 in self.outcomes):
                    continue
                close = next((k for k in range(j + 1, min(sent.end, j + 9)) if doc[k].text == ","), None)
                if close is not None and close + 1 < sent.end and (
                        doc[close + 1].lower_ in {"were", "was", "had", "have", "are"} or close + 1 in self.outcomes):
                    continue
                nxt = doc[j + 1].lower_ if j + 1 < sent.end else ""
                if nxt not in {"and", "including"}:
                    break
            if j in self.outcomes:
                best = (j - right_from, self.outcomes[j][0])
                break
        crossed = False
        for j in range(i - 1, max(sent.start, i - 11) - 1, -1):
            t = doc[j]
            if t.text in {";", ":", "(", ")"} or t.lower_ in {"while", "whereas", "but", "although"}:
                break
            if j in self.outcomes:
                d = sum(1 for k in range(j + 1, i) if k not in self.qual_tokens and doc[k].text not in {'"', "'"})
                # "three were missing and four others had been injured": the left outcome is the
                # previous clause's predicate when a predicate follows this figure
                if best is None or (d < best[0] and not (crossed and self.outcomes[j][0] != "killed"
                                                         and not doc[j].lower_.endswith("ing"))):
                    best = (d, self.outcomes[j][0])
                break
            if t.lower_ in {"and", "or"}:
                crossed = True
        return best[1] if best else None

    def _toll_adjacent(self, i: int, after: int, sent: TokSpan) -> bool:
        """An outcome right beside the number: "48 dead", "killed at least 48", "toll rose to 48"."""
        doc = self.doc
        j = after
        while j < sent.end and j - after < 4 and doc[j].lower_ in {"were", "was", "more", "have", "had", "been",
                                                                      "are", "other", "others", "people", '"', "'",
                                                                      "later", "subsequently", "also", "since"}:
            j += 1
        bare = {"killed", "wounded", "arrested", "missing"}
        if j < sent.end and j in self.outcomes and self.outcomes[j][0] in bare:
            return True
        j, steps = i - 1, 0
        while j >= sent.start and steps < 6:
            if j in self.outcomes:
                return self.outcomes[j][0] in bare
            if j in self.qual_tokens or doc[j].lower_ in _TOLL_GLUE or doc[j].text in {'"', "'"}:
                j -= 1
                steps += 1
                continue
            return False
        return False

    def _modifier_victims(self, i: int, sent: TokSpan) -> str | None:
        """Victims named as a modifier before the number: "militant fatalities reaching 216"."""
        doc = self.doc
        for j in range(i - 1, max(sent.start, i - 6) - 1, -1):
            t = doc[j]
            if t.is_punct:
                return None
            w = t.lower_
            stems = self.lx.victim_stems
            for kind, words in self.lx.victims.items():
                if kind != "people" and (w in words or w.rstrip("s") in stems[kind]):
                    return kind
            if not (w in _TOLL_GLUE or j in self.outcomes or j in self.qual_tokens):
                return None
        return None


def victim_label(kind: str | None) -> str:
    return _VICTIM_LABEL.get(kind, "people")
