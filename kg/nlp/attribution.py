"""Attribution frames: who speaks, by which cue, over which tokens of a sentence.

A frame is a speaker (an actor mention) and a scope. "X said (that) ..." governs what
follows the verb; "..., X said." and '"...," said X' govern what precedes; "according to X"
governs the sentence; participles and coordinated verbs ("..., saying", "and claimed")
keep the sentence's subject; "quoted X as saying" gives the floor to X.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.nlp.mentions import PREPOSITIONS, Mention
from kg.nlp.tokens import TSpan as TokSpan

if TYPE_CHECKING:
    from kg.nlp.extract import _DocExtraction

_SKIPPABLE = frozenset(
    "has have had is are was were will would could also earlier later previously repeatedly consistently "
    "swiftly strongly reportedly further then on in a the late last this that separately publicly officially "
    "initially first again already quickly immediately now yesterday today monday tuesday wednesday thursday "
    "friday saturday sunday night morning evening afternoon week month year not been being itself themselves "
    "both jointly".split()
)


@dataclass(slots=True)
class Frame:
    """An attribution: who speaks, by which cue, over which tokens."""

    speaker: Mention
    cue_start: int
    cue_end: int
    scope_start: int
    scope_end: int
    how: str


class Attribution:
    """Finds frames in the sentences of one document (reads its mentions and discourse state)."""

    def __init__(self, ctx: _DocExtraction) -> None:
        # a weak reference: the extraction holds this finder, and a cycle between the two would
        # keep every token of the document alive until the next garbage collection
        self.ctx = weakref.proxy(ctx)
        self.doc = ctx.doc
        self.mentions = ctx.mentions
        self.index = ctx.index
        self.lx = ctx.lx
        self.found = ctx.found
        self.phrases = {m.start: m.end for m in self.found.get("R", [])}
        """Start -> end of the reporting phrases ("told reporters", "in a statement")."""
        self.cues = sorted({*self.doc.positions(self.lx.frame_cues), *self.phrases})
        """Tokens where a frame may start: reporting verbs and phrases, "according"."""

    def subject_left(self, v: int, sent: TokSpan) -> Mention | None:
        """The mention that ends just before token v, over auxiliaries, adverbs and times."""
        doc = self.doc
        j, hops = v - 1, 0
        while j >= sent.start and hops < 6:
            ends_here = self.index.ending(j + 1)
            if ends_here:
                m = ends_here[0]
                if m.how == "anonymous" and doc[m.start].lower_ in {"data", "statement", "report"}:
                    return None
                return m
            t = doc[j]
            if t.text == ")":  # "The Balochistan Liberation Army (BLA) has claimed"
                k = j - 1
                while k > sent.start and j - k < 6 and doc[k].text != "(":
                    k -= 1
                if doc[k].text == "(":
                    j = k - 1
                    hops += 1
                    continue
            if t.text == "," and hops <= 2:
                # "International observers, including the Security Council, have condemned"
                m = next((m for m in self.index.ending(j) if m.how != "pronoun"), None)
                if m is not None and any(doc[k].lower_ in {"including", "notably", "especially", "as"}
                                         for k in range(max(sent.start, m.start - 3), m.start)):
                    return m
                # "the Director of Army Public Relations, Brig. Gen. Samuel Adeyemi, said"
                if m is not None and m.actor is not None and m.actor.kind == "Person":
                    return m
                # "Taras Horbenko, head of the town's administration, told" / "ISWAP, through Amaq, claimed"
                k = j - 1
                while k > sent.start and j - k <= 24 and doc[k].text not in {",", '"', ";"}:
                    k -= 1
                if doc[k].text == "," and j - k > 1:
                    m = next((m for m in self.index.ending(k) if m.how != "pronoun"), None)
                    if m is None and doc[k - 1].text == ")":  # "(CJTF), a militia ..."
                        q = k - 2
                        while q > sent.start and doc[q].text != "(":
                            q -= 1
                        m = next((m for m in self.index.ending(q) if m.how != "pronoun"), None)
                    if m is not None:
                        return m
            if t.lower_ in _SKIPPABLE or t.like_num or (t.is_title and hops > 0 and t.lower_ in _SKIPPABLE):
                j -= 1
                hops += 1
                continue
            if t.lower_ in self.lx.anaphoric_subjects or t.lower_ in {"same", "official", "latest", "new", "its",
                                                                   "their", "earlier", "statements", "from", "for"}:
                j -= 1
                hops += 1
                continue
            # "a senior security official in the town told AFP": over a short place phrase
            for k in range(j - 1, max(sent.start, j - 4) - 1, -1):
                if doc[k].lower_ in {"in", "at", "from", "near", "based"}:
                    m = next((m for m in self.index.ending(k) if m.how != "pronoun"), None)
                    if m is not None:
                        return m
                    break
            break
        return None

    def _anaphoric(self, v: int, sent: TokSpan) -> bool:
        """"The same data recorded ...": a non-actor subject that stands for the last speaker."""
        doc = self.doc
        for j in range(v - 1, max(sent.start, v - 4) - 1, -1):
            if doc[j].lower_ in self.lx.anaphoric_subjects:
                return True
        return False

    def frames(self, sent: TokSpan) -> list[Frame]:
        doc, lx = self.doc, self.lx
        frames: list[Frame] = []
        s0, s1 = sent.start, sent.end
        phrases = self.phrases
        cues = self.cues
        after = s0  # the next token to look at: a cue of several tokens is read once
        for i in cues[bisect_left(cues, s0):bisect_left(cues, s1)]:
            if i < after:
                continue
            t = doc[i]
            low = t.lower_
            if i in phrases:
                fr = self._verb_frame(i, sent, frames)
                if fr is not None:
                    end = phrases[i]
                    fr.cue_end = end
                    if fr.scope_start == i + 1:
                        fr.scope_start = end
                    frames.append(fr)
                after = phrases[i]
                continue
            # "according to X"
            if low == "according" and i + 1 < s1 and doc[i + 1].lower_ == "to":
                sp = next((m for m in self.index.starting(i + 2, i + 6) if m.end <= s1
                           and not any(doc[k].is_punct and doc[k].text not in {"'s", "'"} for k in range(i + 2, m.start))),
                          None)
                # "according to figures shared by the provincial police"
                by = next((k for k in range(i + 2, min(s1, i + 10)) if doc[k].lower_ == "by"), None)
                if by is not None and (sp is None or sp.start > by):
                    sp = next(iter(self.index.starting(by + 1, by + 3)), sp)
                if sp is not None:
                    frames.append(Frame(sp, i, i + 2, s0, s1, "according"))
                after = i + 2
                continue
            after = i + 1
            if low not in lx.reporting_verbs:
                continue
            reduced = (low.endswith("ed") and i > s0 and doc[i - 1].lower_ in lx.anaphoric_subjects and i + 1 < s1
                       and doc[i + 1].lower_ in {"by", "on", "online", "late", "earlier", "in", "at"})
            if not reduced and not (i > s0 and doc[i - 1].lower_ in {"the", "a", "an", "this"}):
                fr = self._verb_frame(i, sent, frames)
                if fr is not None:
                    frames.append(fr)
        return frames

    def _verb_frame(self, v: int, sent: TokSpan, frames: list[Frame]) -> Frame | None:
        doc = self.doc
        s0, s1 = sent.start, sent.end
        prev = doc[v - 1] if v > s0 else None
        # passive "was claimed by X" / "a charge rejected by X"
        nxt = v + 1
        while nxt < s1 and doc[nxt].lower_ in {"swiftly", "strongly", "also", "quickly", "later", "publicly"}:
            nxt += 1
        if nxt < s1 and doc[nxt].lower_ == "by":
            sp = next(iter(self.index.starting(nxt + 1, nxt + 3)), None)
            if sp is not None:
                return Frame(sp, v, v + 1, s0, v, "passive")
        # "Saba news agency quoted the group's spokesman as saying ...": the spokesman speaks
        if doc[v].lower_ in {"quoted", "quotes", "quoting", "cited", "cites"}:
            sp = next((m for m in self.index.starting(v + 1, v + 2) if m.how != "pronoun"), None)
            if sp is not None and sp.end + 1 < s1 and doc[sp.end].lower_ == "as":
                return Frame(sp, v, sp.end + 2, sp.end + 2, s1, "verb")
        subj = self.subject_left(v, sent)
        if subj is not None:
            # post-posed: '"...," X said.' or '..., X told reporters.'
            if self._clause_ends(v + 1, s1):
                # ", the territory's health ministry said." / ", the spokesman for X, Lt. Col. Y, told reporters."
                b = subj.start - 1
                while b > s0 and subj.start - b <= 16 and doc[b].text not in {",", '"', "'", ";"} and \
                        doc[b].lower_ not in self.lx.reporting_verbs:
                    b -= 1
                if b > s0 and doc[b].text in {",", '"', "'"}:
                    while b > s0 and doc[b - 1].text in {",", '"', "'"}:
                        b -= 1
                    return Frame(subj, v, v + 1, s0, b, "postposed")
            if subj.start > s0 and doc[subj.start - 1].lower_ in {"what", "whom", "which", "who"}:
                # "in what they said was solidarity, ...": a parenthetical that ends at the comma
                end = next((k for k in range(v + 1, s1) if doc[k].text in {",", ";"}), s1)
                return Frame(subj, v, v + 1, v + 1, end, "verb")
            return Frame(subj, v, v + 1, v + 1, s1, "verb")
        # inverted: '"...," said X' / 'exclaimed X'
        sp = next((m for m in self.index.starting(v + 1, v + 2) if m.how != "pronoun"), None)
        if sp is not None and (prev is None or prev.text in {",", '"', "'"} or prev.is_punct):
            return Frame(sp, v, v + 1, s0, v, "inverted")
        # participle or coordination: ", asserting ...", "and reportedly claims ..."
        if prev is not None and (prev.text == "," or prev.lower_ in {"and", "but", "reportedly"} or
                                 doc[v].lower_.endswith("ing")):
            # the subject of the main clause: the sentence's first actor, else the last frame's
            main = self.main_subject(sent, v) or (frames[-1].speaker if frames else None)
            if main is not None:
                return Frame(main, v, v + 1, v + 1, s1, "participle")
        if self._anaphoric(v, sent) and self.ctx.last_speaker is not None:
            pseudo = Mention(v, v, self.ctx.last_speaker, "anaphor")
            # '"...," the statement said': the words before the subject are what it said
            b = v - 1
            while b > s0 and (doc[b].lower_ in self.lx.anaphoric_subjects or doc[b].lower_ in
                              {"the", "a", "its", "their", "same", "latest", "official", "new"}):
                b -= 1
            if b > s0 and b < v - 1 and doc[b].text in {",", '"', "'"}:
                while b > s0 and doc[b - 1].text in {",", '"', "'"}:
                    b -= 1
                return Frame(pseudo, v, v + 1, s0, b, "anaphor")
            return Frame(pseudo, v, v + 1, v + 1, s1, "anaphor")
        # "Hospital sources at Medina and Erdogan hospitals told ...": the sentence's subject
        if not frames:
            first = next((m for m in self.index.starting(s0, s0 + 2) if m.how != "pronoun"
                          and m.end <= v), None)
            if first is not None and v - first.end <= 12 and not any(
                    doc[k].text in {",", ";", ":"} or doc[k].lower_ in {"that", "which", "who", "when"}
                    for k in range(first.end, v)):
                return Frame(first, v, v + 1, v + 1, s1, "verb")
        return None

    def _clause_ends(self, k: int, end: int) -> bool:
        """Whether only time phrases, audiences or a new clause follow a reporting verb at k-1
        (", X said on Tuesday." / ", X told reporters, adding ...")."""
        doc = self.doc
        audiences = self.lx.audience_or_article
        while k < end:
            t = doc[k]
            if t.is_punct or t.is_space:
                return True
            if t.lower_ in _SKIPPABLE or t.lower_ in audiences or t.like_num or t.lower_ in {
                    "statement", "in", "a", "by", "telephone", "phone", "email", "video", "link", "separately",
                    "at", "scene", "news", "conference", "briefing", "interview", "an", "told", "via", "x", "post"}:
                k += 1
                continue
            m = next(iter(self.index.starting(k, k)), None)
            if m is not None:  # "told AFP"
                k = m.end
                continue
            if t.text[:1].isupper() and t.is_alpha and k > 0 and (doc[k - 1].lower_ in {"told", "the"} or
                                                                   doc[k - 1].text[:1].isupper()):
                k += 1  # "told the Northwest Chronicle"
                continue
            return False
        return True

    def main_subject(self, sent: TokSpan, before: int) -> Mention | None:
        """The first actor of the sentence, taken as the subject of its main clause."""
        s0 = sent.start
        for m in self.index.starting(s0, max(s0, min(before, s0 + 14) - 1)):
            if sent.start <= m.start < min(before, sent.start + 14) and m.how != "pronoun" or \
                    (m.start == sent.start and m.how == "pronoun"):
                if m.start > sent.start and self.doc[m.start - 1].lower_ in PREPOSITIONS:
                    continue
                if any(a <= self.doc.offsets[m.start] < b for a, b in self.ctx.article.excluded):
                    continue  # the dateline's place
                if m.end < len(self.doc) and self.doc[m.end].text in {"'s", "'"}:
                    continue  # "Pakistan's security establishment": the possessor is not the subject
                # "Foreign Ministry spokesperson Ravi Menon": the person speaks
                nxt = next((n for n in self.index.starting(m.end, m.end) if n.actor is not None
                            and n.actor.kind == "Person"), None)
                return nxt or m
        return None

    def governing(self, tok: int, frames: list[Frame]) -> Frame | None:
        """The frame whose scope holds token ``tok``, nearest cue first."""
        inside = [f for f in frames if f.scope_start <= tok < f.scope_end and f.how != "according"]
        if inside:
            best = max(inside, key=lambda f: f.cue_start if f.cue_start < tok else -f.cue_start)
            # "She said troops had recorded 14 encounters": a generic inner speaker is reported
            # speech; the claim is the named speaker's around it
            if best.speaker.how in {"generic", "anonymous"}:
                outer = [f for f in inside if f is not best and f.scope_start <= best.cue_start < f.scope_end
                         and f.speaker.how not in {"generic", "anonymous"}]
                if outer:
                    return outer[-1]
            return best
        acc = [f for f in frames if f.how == "according"]
        if acc:
            return acc[0]
        # "..., police said, while dozens more were wounded": the clause goes on in their voice
        before = [f for f in frames if f.how in {"postposed", "inverted"} and f.cue_end <= tok]
        return before[-1] if before else None
