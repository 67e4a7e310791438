"""The spaCy side of extraction: a blank English pipeline and the phrase matchers built from
the lexicon and the registry, run once per article.

No trained model is needed: tokenizer, rule-based sentence splitting and PhraseMatchers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.matcher import PhraseMatcher

from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.tokens import Tokens
from kg.nlp.registry import Registry, load_registry

# One-to-one character replacements: offsets in the normalised text equal offsets in the original.
_NORMALISE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00ad": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ",
    "\u200b": " ", "\ufeff": " ", "\u2028": "\n", "\u2029": "\n",
})


def normalise(text: str) -> str:
    """Replace curly quotes, odd hyphens and spaces by ASCII ones, keeping every offset.

    >>> normalise("Pakistan\u2019s long\u2011term")
    "Pakistan's long-term"
    """
    return text.translate(_NORMALISE)


@dataclass(frozen=True)
class Match:
    label: str
    start: int
    end: int


class Annotator:
    """Holds the spaCy pipeline and matchers; ``annotate(text)`` returns a Doc and matches by label kind."""

    def __init__(self, lexicon: Lexicon, registry: Registry) -> None:
        self.lexicon = lexicon
        self.registry = registry
        nlp = spacy.blank("en")  # tokenizer only: sentences are split by kg.nlp.tokens
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact: dict[str, str] = {}
        add = self._add
        for a in registry.actors.values():
            for n in a.names:
                add(f"A|{a.key}", n)
            for n in a.descriptive:
                add(f"D|{a.key}", n)
            for n in a.metonyms:
                add(f"M|{a.key}", n)
        for p in registry.places.values():
            for n in p.names:
                add(f"P|{p.key}", n)
        lx = lexicon
        for t in lx.titles:
            add("T|title", t)
        for t in lx.reporting_phrases:
            add("R|phrase", t)
        for kind, items in lx.stance.items():
            for t in items:
                if " " in t or "-" in t:
                    add(f"S|{kind}", t)
        for kind, items in lx.victims.items():
            for t in items:
                add(f"V|{kind}", t)
        for kind, items in lx.outcomes.items():
            for t in items:
                add(f"O|{kind}", t)
        for kind, items in lx.events.items():
            for t in items:
                add(f"E|{kind}", t)
        for t, slug in lx.qualifiers.items():
            add(f"Q|{slug}", t)
        for t, slug in lx.vague.items():
            add(f"G|{slug}", t)
        for t in lx.state_channels:
            add("C|state", t)
        for t, cls in lx.generic_classes.items():
            add(f"K|{cls}", t)
        for t in lx.audiences:
            add("U|audience", t)

    def _add(self, label: str, phrase: str) -> None:
        phrase = normalise(phrase.strip())
        if not phrase:
            return
        docs = [self.nlp.make_doc(phrase)]
        if "." in phrase:
            # the tokenizer keeps "Gen." whole but splits "gen.": match every casing's tokens
            for variant in {phrase.capitalize(), phrase.title(), phrase.upper()} - {phrase}:
                vdoc = self.nlp.make_doc(variant)
                if [t.lower_ for t in vdoc] != [t.lower_ for t in docs[0]]:
                    docs.append(vdoc)
        self.matcher.add(label, docs)
        # short all-capital names (BLA, US, UN) only match as written; capitalised names
        # only match capitalised text
        if re.fullmatch(r"[A-Z][A-Z.\-&]{0,5}", phrase):
            self._exact[f"{label}|{phrase.lower()}"] = "exact"
        elif phrase[:1].isupper():
            self._exact.setdefault(f"{label}|{phrase.lower()}", "cap")

    def annotate(self, text: str) -> tuple[Tokens, dict[str, list[Match]]]:
        norm = normalise(text)
        doc = self.nlp.make_doc(norm)
        toks = Tokens(doc, norm)
        found: dict[str, list[Match]] = defaultdict(list)
        strings = self.nlp.vocab.strings
        for mid, start, end in self.matcher(doc):
            label = strings[mid]
            kind, _, name = label.partition("|")
            if kind in "ADMP":
                span_text = toks.span(start, end).text
                rule = self._exact.get(f"{label}|{span_text.lower()}")
                if rule == "exact" and not any(span_text == n for n in self._names_of(label)):
                    continue
                if rule == "cap" and not span_text[:1].isupper():
                    continue
            found[kind].append(Match(name, start, end))
        for kind, items in found.items():
            merged: dict[tuple[int, int], set[str]] = defaultdict(set)
            for m in items:
                merged[(m.start, m.end)].add(m.label)
            found[kind] = _longest([Match(",".join(sorted(v)), s, e) for (s, e), v in merged.items()])
        return toks, found

    @cache  # noqa: B019 - one Annotator per process, cached by build()
    def _names_of(self, label: str) -> tuple[str, ...]:
        kind, key = label.split("|", 1)
        if kind in ("A", "D", "M") and key in self.registry.actors:
            a = self.registry.actors[key]
            return (*a.names, *a.descriptive, *a.metonyms)
        if kind == "P" and key in self.registry.places:
            return self.registry.places[key].names
        return ()


def _longest(items: list[Match]) -> list[Match]:
    """Keep the longest of overlapping matches (earliest first on ties)."""
    items = sorted(items, key=lambda m: (-(m.end - m.start), m.start, m.label))
    taken: list[Match] = []
    used: set[int] = set()
    for m in items:
        if any(i in used for i in range(m.start, m.end)):
            continue
        taken.append(m)
        used.update(range(m.start, m.end))
    return sorted(taken, key=lambda m: (m.start, m.end))


@cache
def build_annotator() -> Annotator:
    """The process-wide annotator over the default lexicon and registry."""
    return Annotator(load_lexicon(), load_registry())
