"""Article -> Extraction: who claimed what about whom, sentence by sentence.

For every sentence the extractor finds attribution frames (a reporting verb with its
speaker, "according to X", a passive "by X"), the figures and the stance cues, then gives
each figure or stance the speaker of the frame that governs it. A figure no frame governs
is in the reporter's voice: a claim of the publisher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span as TokSpan

from kg.model import ActorRef, Article, Claim, EventMention, Extraction, Span
from kg.nlp.annotate import Annotator, Match, build_annotator
from kg.nlp.events import EventFinder, scope_of
from kg.nlp.figures import Figure, FigureFinder, victim_label
from kg.nlp.mentions import PREPOSITIONS, Mention, MentionFinder
from kg.nlp.timex import document_date, find_times

_SKIPPABLE = frozenset(
    "has have had is are was were will would could also earlier later previously repeatedly consistently "
    "swiftly strongly reportedly further then on in a the late last this that separately publicly officially "
    "initially first again already quickly immediately now yesterday today monday tuesday wednesday thursday "
    "friday saturday sunday night morning evening afternoon week month year not been being itself themselves "
    "both jointly".split()
)
_VERIFY = re.compile(
    r"(could not|couldn't|cannot|can't|has not been|have not been|had not been|was not|were not|not)\s+"
    r"(be\s+)?(independently\s+)?(verif|confirm|corroborat)|\bunverified\b|\bno independent (verification|confirmation)",
    re.I,
)
_STANCE_KIND = {"responsibility": "Responsibility", "accusation": "Accusation", "denial": "Denial",
                "condemnation": "Condemnation", "support": "Support", "characterisation": "Characterisation"}


@dataclass
class Frame:
    """An attribution: who speaks, by which cue, over which tokens."""

    speaker: Mention
    cue_start: int
    cue_end: int
    scope_start: int
    scope_end: int
    how: str


class Extractor:
    """Extracts claims from one article."""

    def __init__(self, annotator: Annotator | None = None) -> None:
        self.ann = annotator or build_annotator()
        self.lx = self.ann.lexicon
        self.reg = self.ann.registry

    def __call__(self, article: Article) -> Extraction:
        doc, found = self.ann.annotate(article.text)
        return _DocExtraction(self, article, doc, found).run()


class _DocExtraction:
    def __init__(self, ex: Extractor, article: Article, doc: Doc, found: dict[str, list[Match]]) -> None:
        self.ex, self.article, self.doc, self.found = ex, article, doc, found
        self.lx, self.reg = ex.lx, ex.reg
        self.mf = MentionFinder(doc, found, ex.lx, ex.reg, article.content_hash)
        self.mentions = self.mf.find()
        kinds = {i: m.actor.kind for m in self.mentions if m.actor is not None for i in range(m.start, m.end)}
        self.figures = FigureFinder(doc, found, ex.lx, kinds)
        self.claims: list[Claim] = []
        self.events: list[EventMention] = []
        self.last_person: ActorRef | None = None
        self.last_org: ActorRef | None = None
        self.last_speaker: ActorRef | None = None
        self.last_quoted: ActorRef | None = None
        self.last_plural: tuple[int, ActorRef] | None = None
        self.last_speaker_at: int | None = None
        self.last_quoted_at: int | None = None
        self.publisher = self._publisher()

    # ------------------------------------------------------------------ helpers
    def _publisher(self) -> ActorRef:
        name = self.article.publisher
        if name:
            key = self.reg.by_name.get(name.lower())
            if key is not None:
                return self.mf.registry_ref(key)
            return self.mf.discovered(name, "MediaOutlet")
        return self.mf.anonymous("the publisher")

    def _excluded(self, sent: TokSpan) -> bool:
        text = sent.text
        s = sent.start_char + (len(text) - len(text.lstrip()))
        e = sent.end_char - (len(text) - len(text.rstrip()))
        return any(a <= s and e <= b + 1 for a, b in self.article.excluded)

    def _resolve(self, m: Mention) -> ActorRef | None:
        """The actor of a mention; pronouns take the last person or organisation."""
        if m.actor is not None:
            return m.actor
        w = self.doc[m.head if m.head is not None else m.start].lower_
        if m.how == "definite":
            cls = self.lx.anaphora.get(w, "")
            family = {"Military": {"Military", "MilitaryUnit"}, "GovernmentBody": {"GovernmentBody", "MediaWing"},
                      "ArmedGroup": {"ArmedGroup", "MilitaryUnit"}}.get(cls, {cls})
            for c in reversed(self.claims[-8:]):
                if c.claimant.kind in family and c.claimant.kind != "AnonymousSource":
                    return c.claimant
            for prev in reversed([p for p in self.mentions if p.end <= m.start and p.actor is not None]):
                a = prev.actor
                if a.kind in family or w in a.label.lower().split():
                    return a
            return self.mf.anonymous(f"the {w}")
        if w in {"he", "she"}:
            return self.last_person
        if w in {"it", "group"}:
            return self.last_org or self.last_speaker
        if self.last_plural is not None and self.last_plural[0] > (self.last_speaker_at or -1):
            return self.last_plural[1]
        return self.last_speaker or self.last_org

    def _note(self, actor: ActorRef | None) -> None:
        if actor is None:
            return
        if actor.kind == "Person" or (actor.kind == "AnonymousSource" and
                                      actor.label.split()[-1].lower() in self.lx.role_heads):
            self.last_person = actor  # "the security secretary said ... He said"
        elif actor.kind != "AnonymousSource" or not actor.label.endswith("s"):
            self.last_org = actor  # "the army" is an "it"; "officials" are not

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def _span(self, start_tok: int, end_tok: int) -> Span:
        doc = self.doc
        s = doc[start_tok].idx
        last = doc[end_tok - 1]
        e = last.idx + len(last.text)
        text = self.article.text
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        return Span(s, e, text[s:e])

    # ------------------------------------------------------------------ frames
    def _subject_left(self, v: int, sent: TokSpan) -> Mention | None:
        """The mention that ends just before token v, over auxiliaries, adverbs and times."""
        doc = self.doc
        j, hops = v - 1, 0
        while j >= sent.start and hops < 6:
            for m in self.mentions:
                if m.end - 1 == j:
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
                m = next((m for m in self.mentions if m.end == j and m.how != "pronoun"), None)
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
                    m = next((m for m in self.mentions if m.end == k and m.how != "pronoun"), None)
                    if m is None and doc[k - 1].text == ")":  # "(CJTF), a militia ..."
                        q = k - 2
                        while q > sent.start and doc[q].text != "(":
                            q -= 1
                        m = next((m for m in self.mentions if m.end == q and m.how != "pronoun"), None)
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
                    m = next((m for m in self.mentions if m.end == k and m.how != "pronoun"), None)
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

    def _frames(self, sent: TokSpan) -> list[Frame]:
        doc, lx = self.doc, self.lx
        frames: list[Frame] = []
        s0, s1 = sent.start, sent.end
        phrases = {m.start: m.end for m in self.found.get("R", []) if s0 <= m.start < s1}
        i = s0
        while i < s1:
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
                i = phrases[i]
                continue
            # "according to X"
            if low == "according" and i + 1 < s1 and doc[i + 1].lower_ == "to":
                sp = next((m for m in self.mentions if i + 2 <= m.start <= i + 6 and m.end <= s1
                           and not any(doc[k].is_punct and doc[k].text not in {"'s", "'"} for k in range(i + 2, m.start))),
                          None)
                # "according to figures shared by the provincial police"
                by = next((k for k in range(i + 2, min(s1, i + 10)) if doc[k].lower_ == "by"), None)
                if by is not None and (sp is None or sp.start > by):
                    sp = next((m for m in self.mentions if by + 1 <= m.start <= by + 3), sp)
                if sp is not None:
                    frames.append(Frame(sp, i, i + 2, s0, s1, "according"))
                i += 2
                continue
            reduced = (low.endswith("ed") and i > s0 and doc[i - 1].lower_ in lx.anaphoric_subjects and i + 1 < s1
                       and doc[i + 1].lower_ in {"by", "on", "online", "late", "earlier", "in", "at"})
            if low in lx.reporting_verbs and not reduced and not (
                    i > s0 and doc[i - 1].lower_ in {"the", "a", "an", "this"}):
                fr = self._verb_frame(i, sent, frames)
                if fr is not None:
                    frames.append(fr)
            i += 1
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
            sp = next((m for m in self.mentions if nxt + 1 <= m.start <= nxt + 3), None)
            if sp is not None:
                return Frame(sp, v, v + 1, s0, v, "passive")
        # "Saba news agency quoted the group's spokesman as saying ...": the spokesman speaks
        if doc[v].lower_ in {"quoted", "quotes", "quoting", "cited", "cites"}:
            sp = next((m for m in self.mentions if v + 1 <= m.start <= v + 2 and m.how != "pronoun"), None)
            if sp is not None and sp.end + 1 < s1 and doc[sp.end].lower_ == "as":
                return Frame(sp, v, sp.end + 2, sp.end + 2, s1, "verb")
        subj = self._subject_left(v, sent)
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
        sp = next((m for m in self.mentions if v + 1 <= m.start <= v + 2 and m.how != "pronoun"), None)
        if sp is not None and (prev is None or prev.text in {",", '"', "'"} or prev.is_punct):
            return Frame(sp, v, v + 1, s0, v, "inverted")
        # participle or coordination: ", asserting ...", "and reportedly claims ..."
        if prev is not None and (prev.text == "," or prev.lower_ in {"and", "but", "reportedly"} or
                                 doc[v].lower_.endswith("ing")):
            # the subject of the main clause: the sentence's first actor, else the last frame's
            main = self._main_subject(sent, v) or (frames[-1].speaker if frames else None)
            if main is not None:
                return Frame(main, v, v + 1, v + 1, s1, "participle")
        if self._anaphoric(v, sent) and self.last_speaker is not None:
            pseudo = Mention(v, v, self.last_speaker, "anaphor")
            return Frame(pseudo, v, v + 1, v + 1, s1, "anaphor")
        # "Hospital sources at Medina and Erdogan hospitals told ...": the sentence's subject
        if not frames:
            first = next((m for m in self.mentions if s0 <= m.start <= s0 + 2 and m.how != "pronoun"
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
        audiences = {w for a in self.lx.audiences for w in a.split()}
        while k < end:
            t = doc[k]
            if t.is_punct or t.is_space:
                return True
            if t.lower_ in _SKIPPABLE or t.lower_ in audiences or t.like_num or t.lower_ in {
                    "statement", "in", "a", "by", "telephone", "phone", "email", "video", "link", "separately",
                    "at", "scene", "news", "conference", "briefing", "interview", "an", "told", "via", "x", "post"}:
                k += 1
                continue
            m = next((m for m in self.mentions if m.start == k), None)
            if m is not None:  # "told AFP"
                k = m.end
                continue
            if t.text[:1].isupper() and t.is_alpha and k > 0 and (doc[k - 1].lower_ in {"told", "the"} or
                                                                   doc[k - 1].text[:1].isupper()):
                k += 1  # "told the Northwest Chronicle"
                continue
            return False
        return True

    def _main_subject(self, sent: TokSpan, before: int) -> Mention | None:
        """The first actor of the sentence, taken as the subject of its main clause."""
        for m in self.mentions:
            if sent.start <= m.start < min(before, sent.start + 14) and m.how != "pronoun" or \
                    (m.start == sent.start and m.how == "pronoun"):
                if m.start > sent.start and self.doc[m.start - 1].lower_ in PREPOSITIONS:
                    continue
                if any(a <= self.doc[m.start].idx < b for a, b in self.article.excluded):
                    continue  # the dateline's place
                # "Indian Foreign Ministry spokesperson Randhir Jaiswal": the person speaks
                nxt = next((n for n in self.mentions if n.start == m.end and n.actor is not None
                            and n.actor.kind == "Person"), None)
                return nxt or m
        return None

    def _governing(self, tok: int, frames: list[Frame]) -> Frame | None:
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

    # ------------------------------------------------------------------ run
    def run(self) -> Extraction:
        for sent in self.doc.sents:
            if not sent.text.strip() or self._excluded(sent):
                continue
            self._sentence(sent)
        art = self.article
        base, _ = document_date(art.published, art.dateline, art.text)
        times = find_times(self.doc.text, base)
        claims = [replace(c, scope=scope_of(c, times)) for c in _dedupe(self.claims)]
        times = [t for t in times if not any(a <= t.start < b for a, b in art.excluded)]
        finder = EventFinder(self.doc, art.text, self.found, self.mentions, self.reg, times, self._excluded,
                             lambda pos: any(a <= pos < b for a, b in art.excluded))
        events, claims = finder.find(claims)
        self.events = events
        actors = {c.claimant.key: c.claimant for c in claims}
        for c in claims:
            for a in c.about:
                actors.setdefault(a.key, a)
            if c.channel:
                actors.setdefault(c.channel.key, c.channel)
        for ev in events:
            for a in (*ev.perpetrators, *ev.participants, *ev.targets):
                actors.setdefault(a.key, a)
        return Extraction(self.article, tuple(claims), tuple(self.events),
                          tuple(sorted(actors.values(), key=lambda a: a.key)),
                          reference_date=base.isoformat() if base else None)

    def _sentence(self, sent: TokSpan) -> None:
        frames = self._frames(sent)
        resolved: dict[int, ActorRef | None] = {}
        for f in frames:
            who = self._resolve(f.speaker)
            if f.speaker.how == "pronoun":
                # "ACLED says it recorded ...": the pronoun is the speaker of the frame around it
                w = self.doc[f.speaker.start].lower_
                outer = [g for g in frames if g is not f and g.scope_start <= f.speaker.start < g.scope_end
                         and resolved.get(id(g)) is not None]
                if outer:
                    o = resolved[id(outer[-1])]
                    if (o.kind == "Person") == (w in {"he", "she"}):
                        who = o
            resolved[id(f)] = who
        evidence = self._span(sent.start, sent.end)
        note = self._verification(sent)
        made_any: set[int] = set()
        # figures
        for fig in self.figures.find(sent):
            fr = self._governing(fig.start, frames)
            claimant = resolved.get(id(fr)) if fr else None
            channel = None
            if fr is not None and fr.speaker.how == "channel":
                agent = self._agent_in_scope(fr, fig)
                if agent is not None:
                    claimant, channel = agent, resolved.get(id(fr))
            if claimant is None and fr is None:
                claimant = self._quote_speaker(sent)
            if claimant is None:
                claimant = self.publisher
            if fr is not None:
                made_any.add(id(fr))
            about = self._about_figure(fig, sent)
            self.claims.append(Claim(
                kind="Statement" if fig.is_event_count else "Casualty",
                claimant=claimant, evidence=evidence, about=about,
                about_text=fig.category.replace("-", " ") if fig.is_event_count else victim_label(fig.victims),
                count=fig.count, qualifier=fig.qualifier, category=fig.category,
                cue=self.doc.span(fr.cue_start, fr.cue_end).text if fr else None,
                channel=channel, verification_note=note if note and self._note_after(note, fig) else None,
            ))
        # stances
        self._stances_here: list[tuple[int, ActorRef]] = []
        for kind, (cs, ce) in self._stance_cues(sent):
            claimant = self._stance_claimant(cs, ce, sent, frames, resolved)
            if claimant is None:
                claimant = self._quote_speaker(sent)
            if claimant is None:
                continue
            self._stances_here.append((cs, claimant))
            for extra in self._coordinated(cs, sent, claimant):
                self.claims.append(Claim(kind=kind, claimant=extra, evidence=evidence,
                                         about_text=self._object_text(ce, sent), cue=self.doc.span(cs, ce).text,
                                         verification_note=note))
            for f in frames:
                if cs <= f.cue_start < max(ce, cs + 1):
                    made_any.add(id(f))
            about = self._about_stance(ce, sent, claimant)
            answers = None
            if kind == "Denial":
                answers = next((k for k in range(len(self.claims) - 1, -1, -1)
                                if self.claims[k].kind == "Accusation"), None)
            self.claims.append(Claim(
                kind=kind, claimant=claimant, evidence=evidence, about=about,
                about_text=about[0].label if about else self._object_text(ce, sent),
                cue=self.doc.span(cs, ce).text, verification_note=note, answers=answers,
            ))
        # plain statements: a frame that carried no figure and no stance
        for f in frames:
            who = resolved.get(id(f))
            if id(f) in made_any or who is None:
                continue
            start = f.scope_start if f.how in {"postposed", "inverted", "according"} else f.cue_end
            if start < sent.end and self.doc[start].text in {'"', "'"}:
                start += 1
            self.claims.append(Claim(kind="Statement", claimant=who, evidence=evidence,
                                     about_text=self._object_text(start, sent),
                                     cue=self.doc.span(f.cue_start, f.cue_end).text, verification_note=note))
        # discourse state for pronouns and anaphors
        for m in self._mentions_in(sent.start, sent.end):
            if m.how != "pronoun":
                self._note(m.actor)
            if m.actor is not None and m.actor.kind == "AnonymousSource" and m.actor.label.endswith("s"):
                self.last_plural = (m.start, m.actor)  # "Residents ... They told"
        for f in frames:
            who = resolved.get(id(f))
            if who is not None and (f.how in {"postposed", "inverted"} or '"' in sent.text):
                self.last_quoted, self.last_quoted_at = who, sent.start_char
            if who is not None:
                self.last_speaker, self.last_speaker_at = who, f.cue_start
                self._note(who)

    def _in_quote(self, sent: TokSpan) -> bool:
        text = self.doc.text
        para = text.rfind("\n", 0, sent.start_char) + 1
        return text.count('"', para, sent.start_char) % 2 == 1 or sent.text.lstrip().startswith('"')

    def _quote_speaker(self, sent: TokSpan) -> ActorRef | None:
        """Who speaks a quoted sentence that names no speaker: the speaker named where the
        quotation closes, later in the paragraph, or else the paragraph's last quoted speaker."""
        if not self._in_quote(sent):
            return None
        doc, text = self.doc, self.doc.text
        para_end = text.find("\n", sent.start_char)
        para_end = len(text) if para_end < 0 else para_end
        nxt = sent.end
        while nxt < len(doc) and doc[nxt].idx < para_end:
            s2 = doc[nxt].sent
            for f in self._frames(s2):
                if f.how in {"postposed", "inverted"}:
                    return self._resolve(f.speaker)
            nxt = s2.end
        return self.last_quoted if self._same_paragraph(self.last_quoted_at, sent.start_char) else None

    def _same_paragraph(self, pos: int | None, here: int) -> bool:
        return pos is not None and "\n" not in self.doc.text[pos:here]

    def _coordinated(self, cs: int, sent: TokSpan, claimant: ActorRef) -> list[ActorRef]:
        """"The U.S. Embassy and the African Union mission condemned ...": every subject."""
        subj = self._subject_left(cs, sent)
        if subj is None or subj.actor is None or subj.actor.key != claimant.key:
            return []
        out, k = [], subj.start - 1
        while k > sent.start:
            while k > sent.start and self.doc[k].lower_ in {"the", "a"}:
                k -= 1
            if self.doc[k].lower_ not in {"and", ","}:
                break
            m = next((m for m in self.mentions if m.end == k and m.actor is not None and m.how != "pronoun"), None)
            if m is None or m.actor.key == claimant.key:
                break
            out.append(m.actor)
            k = m.start - 1
        return out

    def _verification(self, sent: TokSpan) -> str | None:
        m = _VERIFY.search(sent.text)
        if not m:
            return None
        text = sent.text
        start = max(text.rfind(",", 0, m.start()), text.rfind("\u2014", 0, m.start()),
                    text.rfind("-", 0, m.start()), text.rfind("(", 0, m.start()))
        return text[start + 1:].strip().rstrip(".").strip() if start >= 0 else text[m.start():].strip().rstrip(".")

    def _note_after(self, note: str, fig: Figure) -> bool:
        return True

    def _agent_in_scope(self, fr: Frame, fig: Figure) -> ActorRef | None:
        """In "state media reported that security forces killed 197", the agent before "killed"."""
        for m in self.mentions:
            if fr.scope_start <= m.start < fig.start and m.actor is not None and (m.how == "generic" or
                    m.actor.kind in {"Military", "MilitaryUnit", "GovernmentBody", "Government", "ArmedGroup"}):
                return m.actor
        return None

    def _about_figure(self, fig: Figure, sent: TokSpan) -> tuple[ActorRef, ...]:
        if fig.victim_span is None:
            return ()
        s, e = fig.victim_span
        for m in self.mentions:
            if e <= m.start <= e + 3 and m.actor is not None and m.actor.kind == "ArmedGroup":
                return (m.actor,)
        return ()

    def _object_text(self, k: int, sent: TokSpan) -> str | None:
        toks = []
        doc = self.doc
        audiences = {w for a in self.lx.audiences for w in a.split()} - {"the", "a", "an"}
        while k < sent.end and (doc[k].lower_ in {"for", "of", "to", "that", "on", "as", "in", "statement"}
                                or doc[k].lower_ in audiences or doc[k].lower_ in {
                                    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                    "on", "late", "earlier", "also", "separately"}):
            k += 1
        for t in doc[k:sent.end]:
            if t.is_punct and t.text not in {"-", "'"} or len(toks) >= 8 or \
                    (toks and t.lower_ in {"and", "but", "while", "which", "who", "after", "before"}):
                break
            toks.append(t.text)
        text = " ".join(toks).strip()
        return text or None

    def _stance_cues(self, sent: TokSpan) -> list[tuple[str, tuple[int, int]]]:
        doc, lx = self.doc, self.lx
        cues: list[tuple[str, tuple[int, int]]] = []
        taken: set[int] = set()
        for m in self.found.get("S", []):
            if sent.start <= m.start < sent.end:
                kind = _STANCE_KIND[m.label.split(",")[0]]
                cues.append((kind, (m.start, m.end)))
                taken.update(range(m.start, m.end))
        text_low = [t.lower_ for t in doc[sent.start:sent.end]]
        st = lx.stance
        watch = (set(st["condemnation"]) | set(st["denial"]) | set(st["accusation"]) | set(st["characterisation"])
                 | set(st["support"]) | {"said", "says", "claimed", "claims", "announced", "stated", "held", "holds",
                                         "hold", "holding"})
        for i in range(sent.start, sent.end):
            if i in taken:
                continue
            w = doc[i].lower_
            if w not in watch:
                continue
            prev = doc[i - 1].lower_ if i > sent.start else ""
            if prev in {"the", "a", "an", "its", "their"}:
                continue  # "the alleged attacker", "a denial"
            rest = " ".join(text_low[i - sent.start:])
            if w in lx.stance["condemnation"]:
                cues.append(("Condemnation", (i, i + 1)))
            elif w in lx.stance["denial"]:
                cues.append(("Denial", (i, i + 1)))
            elif w in lx.stance["accusation"]:
                if w.startswith("alleg") and not any(c in rest for c in lx.accusation_content) and \
                        not re.search(r"\b(involvement|behind|support|sponsor|back)", rest):
                    continue
                cues.append(("Accusation", (i, i + 1)))
            elif w in lx.stance["characterisation"]:
                window = " ".join(text_low[i - sent.start:i - sent.start + 12])
                if any(c in window.split() for c in lx.denial_content) and re.search(
                        r"\b(allegation|allegations|claim|claims|charge|charges|accusation|accusations|report|reports)\b",
                        window):
                    cues.append(("Denial", (i, i + 1)))
                elif any(c in rest for c in lx.accusation_content):
                    cues.append(("Accusation", (i, i + 1)))
                elif w in {"described", "describes", "labelled", "labeled", "branded", "termed"}:
                    cues.append(("Characterisation", (i, i + 1)))
            elif w in {"held", "holds", "hold", "holding"} and "responsible" in text_low[i - sent.start:i - sent.start + 7]:
                cues.append(("Accusation", (i, i + 1)))  # "held Kabul responsible for the attack"
            elif w in lx.stance["support"]:
                cues.append(("Support", (i, i + 1)))
            elif w in {"said", "says", "claimed", "claims", "announced", "stated"} and not any(
                    c[0] == "Responsibility" for c in cues):
                # "the movement said on Tuesday it had attacked a ship": responsibility
                k = i + 1
                while k < min(sent.end, i + 5) and doc[k].lower_ not in {"it", "they", "we"}:
                    k += 1
                if k < sent.end and doc[k].lower_ in {"it", "they", "we"}:
                    k += 1
                    while k < sent.end and doc[k].lower_ in {"had", "has", "have", "also", "successfully"}:
                        k += 1
                    if k < sent.end and doc[k].lower_ in lx.responsibility_acts:
                        cues.append(("Responsibility", (i, i + 1)))
        return sorted(cues, key=lambda c: c[1])

    def _stance_claimant(self, cs: int, ce: int, sent: TokSpan, frames: list[Frame],
                         resolved: dict[int, ActorRef | None]) -> ActorRef | None:
        doc = self.doc
        # passive: "a charge rejected by X", "responsibility was claimed by X"
        k = ce
        while k < sent.end and doc[k].lower_ in {"swiftly", "strongly", "also", "quickly", "later", "publicly",
                                                  "firmly", "flatly", "categorically"}:
            k += 1
        if k < sent.end and doc[k].lower_ == "by":
            m = next((m for m in self.mentions if k + 1 <= m.start <= k + 3), None)
            if m is not None:
                return self._resolve(m)
            return self._by_phrase(k + 1, sent)
        for f in frames:
            if f.cue_start == cs:
                return resolved.get(id(f))
        subj = self._subject_left(cs, sent)
        if subj is not None and not (subj.how == "pronoun" and doc[subj.start].lower_ in {"we", "i", "us"}):
            return self._resolve(subj)
        if subj is not None or (cs > sent.start and doc[sent.start].text in {'"', "'"}):
            # a stance inside a quotation belongs to its speaker: '"We condemn ...," X said'
            quoted = [f for f in frames if f.how in {"postposed", "inverted"} and f.scope_start <= cs < f.scope_end]
            if quoted:
                return resolved.get(id(quoted[0]))
            if subj is not None:
                return self._resolve(subj)
        prev = doc[cs - 1] if cs > sent.start else None
        if prev is not None and (prev.text == "," or prev.lower_ in {"and", "but", "particularly", "also"} or
                                 doc[cs].lower_.endswith("ing")):
            if self._stances_here and self._stances_here[-1][0] < cs:
                return self._stances_here[-1][1]
            earlier = [f for f in frames if f.cue_start < cs]
            if earlier:
                return resolved.get(id(earlier[-1]))
            m = self._main_subject(sent, cs)
            if m is not None:
                return self._resolve(m)
        # a stance in a sentence whose only actor precedes it: "China has strongly condemned"
        return None

    def _by_phrase(self, k: int, sent: TokSpan) -> ActorRef | None:
        """An agent not in the registry: "denied by neighbouring countries"."""
        toks = []
        for t in self.doc[k:sent.end]:
            if not t.is_alpha or len(toks) >= 4:
                break
            toks.append(t)
        if not toks or toks[-1].lower_ not in self.lx.source_heads and not toks[-1].text[:1].isupper():
            return None
        label = " ".join(t.text for t in toks)
        return self.mf.anonymous(label.lower()) if label.islower() else self.mf.discovered(label, "Organisation")

    def _about_stance(self, ce: int, sent: TokSpan, claimant: ActorRef) -> tuple[ActorRef, ...]:
        out = []
        for m in self.mentions:
            if ce <= m.start < sent.end and m.actor is not None and m.actor.key != claimant.key and \
                    m.how != "anonymous":
                out.append(m.actor)
                break
        if not out:
            # adjectival mention inside the content: "Indian-sponsored militants"
            for m in self.found.get("A", []):
                if ce <= m.start < sent.end:
                    a = self.mf.registry_ref(m.label.split(",")[0])
                    if a.key != claimant.key:
                        out.append(a)
                        break
        return tuple(out)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: dict[tuple, int] = {}
    out: list[Claim] = []
    remap: dict[int, int] = {}
    for n, c in enumerate(claims):
        key = (c.kind, c.claimant.key, c.count, c.category, c.qualifier, c.evidence.start, c.evidence.end)
        if key in seen:
            remap[n] = seen[key]
            continue
        seen[key] = len(out)
        remap[n] = len(out)
        out.append(c)
    return [replace(c, answers=remap.get(c.answers)) if c.answers is not None else c for c in out]


_EXTRACTOR: Extractor | None = None


def extract(article: Article) -> Extraction:
    """Extract claims and events from one article with the default lexicon and registry."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    return _EXTRACTOR(article)
