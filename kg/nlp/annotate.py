"""The spaCy side of extraction: a blank English pipeline and the phrase matchers built from
the lexicon and the registry, run once per article.

No trained model is needed: tokenizer, rule-based sentence splitting and PhraseMatchers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import spacy
from spacy.matcher import PhraseMatcher

from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.tokens import Tok, Tokens
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

_REPLACEMENTS = tuple((chr(k), v) for k, v in _NORMALISE.items())
"""The same replacements as pairs: a few substring replacements beat ``str.translate`` on long
texts, and no replacement makes a character that another one replaces."""


def normalise(text: str) -> str:
    """Replace curly quotes, odd hyphens and spaces by ASCII ones, keeping every offset.

    >>> normalise("Pakistan\u2019s long\u2011term")
    "Pakistan's long-term"
    """
    if text.isascii():
        return text  # every character replaced is outside ASCII
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


@dataclass(frozen=True, slots=True)
class Match:
    label: str
    start: int
    end: int


class Annotator:
    """Holds the spaCy pipeline and matchers; ``annotate(text)`` returns a Doc and matches by label kind.

    Many labels share a phrase ("the government" describes the government of every country in
    the registry). The PhraseMatcher holds each distinct token sequence once, under a key of
    its own, and a match of that key stands for every label the sequence was added with: one
    match per occurrence instead of one per label.
    """

    def __init__(self, lexicon: Lexicon, registry: Registry) -> None:
        self.lexicon = lexicon
        self.registry = registry
        nlp = spacy.blank("en")  # tokenizer only: sentences are split by kg.nlp.tokens
        # The tokenizer's special cases for single whitespace characters ("\n", " ", "\t") give
        # the tokens it makes without them. But once a document uses a special case, spaCy
        # caches no further chunk of that document, and nearly every report has a line break
        # near its top: without these cases, chunk tokenizations are cached across reports.
        nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if not k.isspace()}
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._keys: dict[tuple[str, ...], int] = {}
        """Lowercase token sequence -> matcher key (the hash of its string id)."""
        self._labels: dict[int, list[str]] = {}
        """Matcher key -> the labels ("A|key", "V|civilians", ...) its sequence was added with."""
        self._rules: dict[tuple[str, str], str] = {}
        """(label, lowercase phrase) -> "exact" (match only as written) or "cap" (only capitalised)."""
        self._groups: dict[int, tuple[tuple[str, str, frozenset[str], tuple[str, ...]], ...]] = {}
        """Matcher key (with casing rules) -> per label kind: the names to take as matched, and the
        labels to check."""
        self._fixed: dict[int, tuple[tuple[str, str], ...]] = {}
        """Matcher key -> (kind, joined names) of its labels, for keys without casing rules."""
        self._checked: dict[tuple[int, str], tuple[tuple[str, str], ...]] = {}
        """(matcher key, matched text) -> (kind, joined names): the casing rules applied."""
        self._lexical: dict[int, Tok] = {}
        """The token attributes that depend on the text alone, shared by the documents (see Tokens)."""
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
        self._group_labels()

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
        for d in docs:
            seq = tuple(t.lower_ for t in d)
            key = self._keys.get(seq)
            if key is None:
                name = f"#{len(self._keys)}"
                self.matcher.add(name, [d])
                key = self._keys[seq] = self.nlp.vocab.strings[name]
                self._labels[key] = []
            if label not in self._labels[key]:
                self._labels[key].append(label)
        # short all-capital names (BLA, US, UN) only match as written; capitalised names
        # only match capitalised text
        if re.fullmatch(r"[A-Z][A-Z.\-&]{0,5}", phrase):
            self._rules[(label, phrase.lower())] = "exact"
        elif phrase[:1].isupper():
            self._rules.setdefault((label, phrase.lower()), "cap")

    def _group_labels(self) -> None:
        """Per matcher key and label kind: the names that need no check (already joined into a
        match label), and the labels that carry a casing rule for some phrase (checked against
        the matched text)."""
        ruled = {label for label, _ in self._rules}
        for key, labels in self._labels.items():
            by_kind: dict[str, tuple[list[str], list[str]]] = {}
            for label in labels:
                kind, _, name = label.partition("|")
                free, checked = by_kind.setdefault(kind, ([], []))
                if kind in "ADMP" and label in ruled:
                    checked.append(label)
                else:
                    free.append(name)
            if any(checked for _, checked in by_kind.values()):
                self._groups[key] = tuple((kind, ",".join(sorted(set(free))), frozenset(free), tuple(checked))
                                          for kind, (free, checked) in by_kind.items())
            else:
                self._fixed[key] = tuple((kind, ",".join(sorted(set(free))))
                                         for kind, (free, _) in by_kind.items())
        # what was needed to build the matcher only: fewer long-lived objects for the collector
        del self._keys, self._labels

    def annotate(self, text: str) -> tuple[Tokens, dict[str, list[Match]]]:
        norm = normalise(text)
        doc = self.nlp.make_doc(norm)
        toks = Tokens(doc, norm, self._lexical)
        # a span has one lowercase token sequence, so one matcher key: its labels by kind
        spans: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
        fixed, checked = self._fixed, self._checked
        for key, start, end in self.matcher(doc):
            labels = fixed.get(key)
            if labels is None:  # casing rules: the labels depend on the text as written
                span_text = norm[toks.offsets[start]:toks.end_of(end - 1)]
                labels = checked.get((key, span_text))
                if labels is None:
                    if len(checked) > 100_000:
                        checked.clear()
                    labels = checked[(key, span_text)] = self._labels_as_written(key, span_text)
            for kind, joined in labels:
                bucket = spans[kind]
                known = bucket.get((start, end))
                if known is not None:  # the same span again: the union of its labels
                    joined = ",".join(sorted(set(known.split(",")) | set(joined.split(","))))
                bucket[(start, end)] = joined
        found: dict[str, list[Match]] = defaultdict(list)
        for kind, labelled in spans.items():
            found[kind] = _longest(labelled)
        return toks, found

    def _labels_as_written(self, key: int, span_text: str) -> tuple[tuple[str, str], ...]:
        """(kind, joined names) of matcher key ``key`` for a match that reads ``span_text``."""
        out = []
        span_low = span_text.lower()
        for kind, joined, free, checked in self._groups[key]:
            if checked:
                names = set(free)
                for label in checked:
                    rule = self._rules.get((label, span_low))
                    if rule == "exact" and not any(span_text == n for n in self._names_of(label)):
                        continue
                    if rule == "cap" and not span_text[:1].isupper():
                        continue
                    names.add(label.partition("|")[2])
                if not names:
                    continue
                joined = ",".join(sorted(names))
            out.append((kind, joined))
        return tuple(out)

    @cache  # noqa: B019 - one Annotator per process, cached by build()
    def _names_of(self, label: str) -> tuple[str, ...]:
        kind, key = label.split("|", 1)
        if kind in ("A", "D", "M") and key in self.registry.actors:
            a = self.registry.actors[key]
            return (*a.names, *a.descriptive, *a.metonyms)
        if kind == "P" and key in self.registry.places:
            return self.registry.places[key].names
        return ()


def _longest(labelled: dict[tuple[int, int], str]) -> list[Match]:
    """Keep the longest of overlapping matches (earliest first on ties), in text order."""
    spans = sorted(labelled)
    if all(a[1] <= b[0] for a, b in pairwise(spans)):  # no overlap: every match stays
        return [Match(labelled[span], span[0], span[1]) for span in spans]
    items = sorted(labelled.items(), key=lambda m: (m[0][0] - m[0][1], m[0][0], m[1]))
    taken: list[tuple[int, int]] = []
    used: set[int] = set()
    for (start, end), _ in items:
        if end == start + 1:
            if start in used:
                continue
        elif any(i in used for i in range(start, end)):
            continue
        taken.append((start, end))
        used.update(range(start, end))
    taken.sort()
    return [Match(labelled[span], span[0], span[1]) for span in taken]


@cache
def build_annotator() -> Annotator:
    """The process-wide annotator over the default lexicon and registry."""
    return Annotator(load_lexicon(), load_registry())
