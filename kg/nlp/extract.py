"""Article -> Extraction: who claimed what about whom, sentence by sentence.

For every sentence the extractor finds attribution frames (a reporting verb with its
speaker, "according to X", a passive "by X"), the figures and the stance cues, then gives
each figure or stance the speaker of the frame that governs it. A figure no frame governs
is in the reporter's voice: a claim of the publisher.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from kg.nlp.tokens import TSpan as TokSpan, Tokens as Doc

from kg.model import ActorRef, Article, Claim, EventMention, Extraction, Span
from kg.nlp.annotate import Annotator, Match, build_annotator
from kg.nlp.attribution import Attribution, Frame
from kg.nlp.events import EventFinder, scope_for
from kg.nlp.figures import Figure, FigureFinder, victim_label
from kg.nlp.mentions import Mention, MentionFinder, MentionIndex
from kg.nlp.timex import document_date, find_times, folds_to_ascii

_VERIFY = re.compile(
    r"(could not|couldn't|cannot|can't|has not been|have not been|had not been|was not|were not|not)\s+"
    r"(be\s+)?(independently\s+)?(verif|confirm|corroborat)|\bunverified\b|\bno independent (verification|confirmation)",
    re.I,
)
_VERIFY_WORDS = ("verif", "confirm", "corroborat")
_STANCE_KIND = {"responsibility": "Responsibility", "accusation": "Accusation", "denial": "Denial",
                "condemnation": "Condemnation", "support": "Support", "characterisation": "Characterisation"}


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
        self.index = MentionIndex(self.mentions)
        kinds = {i: m.actor.kind for m in self.mentions if m.actor is not None for i in range(m.start, m.end)}
        self.figures = FigureFinder(doc, found, ex.lx, kinds)
        self.attr = Attribution(self)
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
        self._excluded_at: dict[tuple[int, int], bool] = {}
        self._furniture_end = max((b + 1 for _, b in article.excluded), default=-1)
        self._stance_words = doc.positions(self.lx.stance_words)
        """Tokens that may start a stance cue of one word."""

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
        if not self.article.excluded or sent.start_char > self._furniture_end:
            return False  # the sentence starts after all page furniture
        key = (sent.start, sent.end)
        if key not in self._excluded_at:
            self._excluded_at[key] = self._in_furniture(sent)
        return self._excluded_at[key]

    def _in_furniture(self, sent: TokSpan) -> bool:
        """Whether the sentence, without its surrounding space, lies in page furniture."""
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
        return [m for m in self.index.starting(start, end) if m.end <= end]

    def _span(self, start_tok: int, end_tok: int) -> Span:
        doc = self.doc
        s = doc.offsets[start_tok]
        e = doc.end_of(end_tok - 1)
        text = self.article.text
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        return Span(s, e, text[s:e])

    # ------------------------------------------------------------------ frames
    # ------------------------------------------------------------------ run
    def run(self) -> Extraction:
        art = self.article
        base, _ = document_date(art.published, art.dateline, art.text)
        # times and events first: every claim is made with its scope and event
        self.times = find_times(self.doc.text, base)
        times = [t for t in self.times if not any(a <= t.start < b for a, b in art.excluded)]
        self.finder = EventFinder(self.doc, art.text, self.found, self.mentions, self.reg, times, self._excluded,
                                  lambda pos: any(a <= pos < b for a, b in art.excluded))
        self.finder.prepare()
        for sent in self.doc.sents:
            if not sent.text.strip() or self._excluded(sent):
                continue
            self._sentence(sent)
        claims = _dedupe(self.claims)
        events = self.finder.events(claims)
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
        frames = self.attr.frames(sent)
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
        figures = self.figures.find(sent)
        cues = self._stance_cues(sent)
        if frames or figures or cues:
            self._claims_of(sent, frames, resolved, figures, cues)
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

    def _claim(self, **fields) -> Claim:
        """A claim with the scope of its figure and the event it is about."""
        evidence = fields["evidence"]
        return Claim(**fields, scope=scope_for(fields.get("count"), fields.get("qualifier"), evidence, self.times),
                     event=self.finder.event_for(fields["kind"], fields.get("category"), evidence))

    def _claims_of(self, sent: TokSpan, frames: list[Frame], resolved: dict[int, ActorRef | None],
                   figures: list[Figure], cues: list[tuple[str, tuple[int, int]]]) -> None:
        """The claims of one sentence: its figures, its stances, and its frames that carried neither."""
        evidence = self._span(sent.start, sent.end)
        note = self._verification(sent)
        made_any: set[int] = set()
        # figures
        for fig in figures:
            fr = self.attr.governing(fig.start, frames)
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
            self.claims.append(self._claim(
                kind="Statement" if fig.is_event_count else "Casualty",
                claimant=claimant, evidence=evidence, about=about,
                about_text=fig.category.replace("-", " ") if fig.is_event_count else victim_label(fig.victims),
                count=fig.count, qualifier=fig.qualifier, category=fig.category,
                cue=self.doc.span(fr.cue_start, fr.cue_end).text if fr else None,
                channel=channel, verification_note=note if note and self._note_after(note, fig) else None,
            ))
        # stances
        self._stances_here: list[tuple[int, ActorRef]] = []
        for kind, (cs, ce) in cues:
            claimant = self._stance_claimant(cs, ce, sent, frames, resolved)
            if claimant is None:
                claimant = self._quote_speaker(sent)
            if claimant is None:
                continue
            self._stances_here.append((cs, claimant))
            for extra in self._coordinated(cs, sent, claimant):
                self.claims.append(self._claim(kind=kind, claimant=extra, evidence=evidence,
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
            self.claims.append(self._claim(
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
            self.claims.append(self._claim(kind="Statement", claimant=who, evidence=evidence,
                                     about_text=self._object_text(start, sent),
                                     cue=self.doc.span(f.cue_start, f.cue_end).text, verification_note=note))

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
        while nxt < len(doc) and doc.offsets[nxt] < para_end:
            s2 = doc.sent_of(nxt)
            for f in self.attr.frames(s2):
                if f.how in {"postposed", "inverted"}:
                    return self._resolve(f.speaker)
            nxt = s2.end
        return self.last_quoted if self._same_paragraph(self.last_quoted_at, sent.start_char) else None

    def _same_paragraph(self, pos: int | None, here: int) -> bool:
        return pos is not None and "\n" not in self.doc.text[pos:here]

    def _coordinated(self, cs: int, sent: TokSpan, claimant: ActorRef) -> list[ActorRef]:
        """"The U.S. Embassy and the African Union mission condemned ...": every subject."""
        subj = self.attr.subject_left(cs, sent)
        if subj is None or subj.actor is None or subj.actor.key != claimant.key:
            return []
        out, k = [], subj.start - 1
        while k > sent.start:
            while k > sent.start and self.doc[k].lower_ in {"the", "a"}:
                k -= 1
            if self.doc[k].lower_ not in {"and", ","}:
                break
            m = next((m for m in self.index.ending(k) if m.actor is not None and m.how != "pronoun"), None)
            if m is None or m.actor.key == claimant.key:
                break
            out.append(m.actor)
            k = m.start - 1
        return out

    def _verification(self, sent: TokSpan) -> str | None:
        text = sent.text
        low = text.lower()
        if not any(w in low for w in _VERIFY_WORDS) and not folds_to_ascii(text):
            return None  # every match of _VERIFY holds one of these words
        m = _VERIFY.search(text)
        if not m:
            return None
        start = max(text.rfind(",", 0, m.start()), text.rfind("\u2014", 0, m.start()),
                    text.rfind("-", 0, m.start()), text.rfind("(", 0, m.start()))
        return text[start + 1:].strip().rstrip(".").strip() if start >= 0 else text[m.start():].strip().rstrip(".")

    def _note_after(self, note: str, fig: Figure) -> bool:
        return True

    def _agent_in_scope(self, fr: Frame, fig: Figure) -> ActorRef | None:
        """In "state media reported that security forces killed 40", the agent before "killed"."""
        for m in self.index.starting(fr.scope_start, fig.start - 1):
            if fr.scope_start <= m.start < fig.start and m.actor is not None and (m.how == "generic" or
                    m.actor.kind in {"Military", "MilitaryUnit", "GovernmentBody", "Government", "ArmedGroup"}):
                return m.actor
        return None

    def _about_figure(self, fig: Figure, sent: TokSpan) -> tuple[ActorRef, ...]:
        if fig.victim_span is None:
            return ()
        s, e = fig.victim_span
        for m in self.index.starting(e, e + 3):
            if e <= m.start <= e + 3 and m.actor is not None and m.actor.kind == "ArmedGroup":
                return (m.actor,)
        return ()

    def _object_text(self, k: int, sent: TokSpan) -> str | None:
        toks = []
        doc = self.doc
        audiences = self.lx.audience_words
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
        words = self._stance_words
        cands = [i for i in words[bisect_left(words, sent.start):bisect_left(words, sent.end)] if i not in taken]
        if not cands:
            return sorted(cues, key=lambda c: c[1])
        text_low = [t.lower_ for t in doc[sent.start:sent.end]]
        for i in cands:
            w = doc[i].lower_
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
            m = next(iter(self.index.starting(k + 1, k + 3)), None)
            if m is not None:
                return self._resolve(m)
            return self._by_phrase(k + 1, sent)
        for f in frames:
            if f.cue_start == cs:
                return resolved.get(id(f))
        subj = self.attr.subject_left(cs, sent)
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
            m = self.attr.main_subject(sent, cs)
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
        for m in self.index.starting(ce, sent.end - 1):
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
