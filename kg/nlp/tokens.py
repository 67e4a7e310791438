"""A plain-Python snapshot of a spaCy Doc: tokens, sentences and spans.

spaCy creates a new Token object on every ``doc[i]``; the extractor's rules look at
neighbouring tokens many times, so they read this snapshot instead, built once per
document. Attribute names follow spaCy's (``text``, ``lower_``, ``idx``, ``is_punct`` ...).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, LIKE_NUM, LOWER, ORTH, SPACY
from spacy.tokens import Doc

_ABBREVIATIONS = frozenset(
    "mr. mrs. ms. dr. gen. brig. col. lt. maj. capt. cpt. sgt. cpl. pvt. adm. cmdr. gov. sen. rep. rev. "
    "st. no. vs. jr. sr. prof. insp. supt. dist. dept. govt. u.s. u.k. u.n. a.m. p.m. jan. feb. mar. apr. "
    "aug. sep. sept. oct. nov. dec. retd. retd approx. est. inc. ltd. co. corp. gen brig col lt maj capt sgt "
    "dr mr mrs ms st no gov sen rep prof".split()
)
_ENDS = frozenset({".", "!", "?"})
_CLOSERS = frozenset({'"', "'", ")", "]"})


def split_sentences(items: list[Tok]) -> None:
    """Mark sentence starts by rule.

    A sentence ends after ``.``, ``!`` or ``?`` (and any closing quotes or brackets) unless
    the stop belongs to a title or abbreviation ("Brig.", "Lt.", "U.S.", "Col. (Retd.)") or
    an initial ("J."), or the next word is lowercase; a line break always ends a sentence,
    so headlines, bylines and paragraphs stand alone.
    """
    if not items:
        return
    items[0].is_sent_start = True
    n = len(items)
    for k in range(1, n):
        t, prev = items[k], items[k - 1]
        if t.is_space:
            continue
        if "\n" in prev.text:
            t.is_sent_start = True
            continue
        j = k - 1
        # closing quotes and brackets cling to what they close: '... won." He'
        while j > 0 and items[j].text in _CLOSERS and not items[j - 1].ws:
            j -= 1
        stop = items[j]
        end = stop.text in _ENDS or (stop.text.endswith(".") and stop.lower_ not in _ABBREVIATIONS and
                                      len(stop.text) > 3 and stop.is_alpha is False and stop.text[-2:-1].isalpha())
        if not end:
            continue
        if stop.text == "." and j > 0:
            word = items[j - 1].lower_
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        if stop.lower_ in _ABBREVIATIONS:
            continue
        if items[j - 1].text == "(" if j > 0 else False:
            continue
        if prev.text == ")" and k >= 3 and (items[k - 2].lower_ in _ABBREVIATIONS or (
                items[k - 2].text == "." and (items[k - 3].lower_ + ".") in _ABBREVIATIONS)):
            continue  # "Col. (Retd.) Hassan"
        if t.is_lower and t.is_alpha:
            continue
        if t.text in _CLOSERS and not prev.ws:
            continue
        if t.text in {")", "]", ","}:
            continue
        t.is_sent_start = True


class Tok:
    __slots__ = ("i", "text", "lower_", "idx", "is_punct", "is_alpha", "like_num", "is_lower", "is_title",
                 "is_space", "is_sent_start", "sent", "ws")

    def __init__(self, i: int, text: str, lower: str, idx: int, flags) -> None:
        self.i = i
        self.text = text
        self.lower_ = lower
        self.idx = idx
        self.is_punct, self.is_alpha, self.like_num, self.is_lower, self.is_title, self.is_space, self.ws = \
            map(bool, flags)
        self.is_sent_start = False
        self.sent: TSpan | None = None

    def __repr__(self) -> str:
        return f"Tok({self.i}, {self.text!r})"


class TSpan:
    """Tokens ``start`` to ``end`` (exclusive) of a :class:`Tokens`."""

    __slots__ = ("toks", "start", "end")

    def __init__(self, toks: Tokens, start: int, end: int) -> None:
        self.toks, self.start, self.end = toks, max(0, start), min(len(toks), end)

    @property
    def start_char(self) -> int:
        return self.toks[self.start].idx if self.start < self.end else 0

    @property
    def end_char(self) -> int:
        if self.start >= self.end:
            return self.start_char
        last = self.toks[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        return self.toks.text[self.start_char:self.end_char] if self.start < self.end else ""

    def __iter__(self) -> Iterator[Tok]:
        return iter(self.toks.items[self.start:self.end])

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, k):
        if isinstance(k, slice):
            return self.toks.items[self.start:self.end][k]
        return self.toks.items[self.start:self.end][k]


class Tokens(list):
    """The tokens of one document (a list, indexed at C speed) with its text and sentences.

    Slicing gives a plain list of tokens; ``span(start, end)`` gives a :class:`TSpan` with
    character offsets and text.
    """

    def __init__(self, doc: Doc, text: str) -> None:
        arr = doc.to_array([ORTH, LOWER, IDX, IS_PUNCT, IS_ALPHA, LIKE_NUM, IS_LOWER, IS_TITLE, IS_SPACE,
                            SPACY]).tolist()
        strings = doc.vocab.strings
        super().__init__(Tok(i, strings[r[0]], strings[r[1]], r[2], r[3:]) for i, r in enumerate(arr))
        self.text = text
        split_sentences(self)
        self.sents: list[TSpan] = []
        start = 0
        n = len(self)
        for k in range(1, n + 1):
            if k == n or self[k].is_sent_start:
                if k > start:
                    sp = TSpan(self, start, k)
                    self.sents.append(sp)
                    for t in list.__getitem__(self, slice(start, k)):
                        t.sent = sp
                start = k

    @property
    def items(self) -> list[Tok]:
        return self

    def span(self, start: int, end: int) -> TSpan:
        return TSpan(self, start, end)
