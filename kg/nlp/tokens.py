"""A plain-Python snapshot of a spaCy Doc: tokens, sentences and spans.

spaCy creates a new Token object on every ``doc[i]``; the extractor's rules look at
neighbouring tokens many times, so they read this snapshot instead, built once per
document. A token (:class:`Tok`) holds what its text alone decides, with spaCy's attribute
names (``text``, ``lower_``, ``is_punct`` ...), and is shared by every occurrence of that text;
where a token is (its index, character offset, following space, sentence start) is kept by
the document (:class:`Tokens`: ``offsets``, ``spaces``, ``sent_start``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence, Set as AbstractSet
from itertools import compress
from operator import attrgetter

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc

_ABBREVIATIONS = frozenset(
    "mr. mrs. ms. dr. gen. brig. col. lt. maj. capt. cpt. sgt. cpl. pvt. adm. cmdr. gov. sen. rep. rev. "
    "st. no. vs. jr. sr. prof. insp. supt. dist. dept. govt. u.s. u.k. u.n. a.m. p.m. jan. feb. mar. apr. "
    "aug. sep. sept. oct. nov. dec. retd. retd approx. est. inc. ltd. co. corp. gen brig col lt maj capt sgt "
    "dr mr mrs ms st no gov sen rep prof".split()
)
_ENDS = frozenset({".", "!", "?"})
_CLOSERS = frozenset({'"', "'", ")", "]"})
_MAY_END = ".!?\"')]"
"""Last characters of a token after which a sentence may end: a stop or a closer."""


def split_sentences(items: Sequence[Tok], spaces: Sequence[bool]) -> list[int]:
    """The indices of the tokens that start a sentence, by rule (``spaces[k]``: a space follows
    token ``k``).

    A sentence ends after ``.``, ``!`` or ``?`` (and any closing quotes or brackets) unless
    the stop belongs to a title or abbreviation ("Brig.", "Lt.", "U.S.", "Col. (Retd.)") or
    an initial ("J."), or the next word is lowercase; a line break always ends a sentence,
    so headlines, bylines and paragraphs stand alone.
    """
    if not items:
        return []
    starts = [0]
    n = len(items)
    # only after a stop, a closer or a line break may a sentence start
    for k in compress(range(1, n), map(attrgetter("may_end"), items)):
        prev = items[k - 1]
        pt = prev.text
        t = items[k]
        if t.is_space:
            continue
        if "\n" in pt:
            starts.append(k)
            continue
        j = k - 1
        # closing quotes and brackets cling to what they close: '... won." He'
        while j > 0 and items[j].text in _CLOSERS and not spaces[j - 1]:
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
        if t.text in _CLOSERS and not spaces[k - 1]:
            continue
        if t.text in {")", "]", ","}:
            continue
        starts.append(k)
    return starts


class Tok:
    """What a token's text decides: the same object for every occurrence of the text."""

    __slots__ = ("text", "lower_", "is_punct", "is_alpha", "like_num", "is_lower", "is_title", "is_space",
                 "is_capital", "may_end")

    def __init__(self, text: str, lower: str, is_punct: bool, is_alpha: bool, like_num: bool, is_lower: bool,
                 is_title: bool, is_space: bool) -> None:
        self.text, self.lower_, self.is_punct, self.is_alpha, self.like_num, self.is_lower, self.is_title, \
            self.is_space = text, lower, is_punct, is_alpha, like_num, is_lower, is_title, is_space
        self.is_capital = is_alpha and text[:1].isupper()
        """Alphabetic and starting with a capital letter ("Kabul", "UN")."""
        self.may_end = text[-1:] in _MAY_END or "\n" in text
        """Whether a sentence may end after it: it ends with a stop or a closer, or breaks the line."""

    def __repr__(self) -> str:
        return f"Tok({self.text!r})"


class TSpan:
    """Tokens ``start`` to ``end`` (exclusive) of a :class:`Tokens`."""

    __slots__ = ("toks", "start", "end")

    def __init__(self, toks: Tokens, start: int, end: int) -> None:
        self.toks, self.start, self.end = toks, max(0, start), min(len(toks), end)

    @property
    def start_char(self) -> int:
        return self.toks.offsets[self.start] if self.start < self.end else 0

    @property
    def end_char(self) -> int:
        if self.start >= self.end:
            return self.start_char
        return self.toks.end_of(self.end - 1)

    @property
    def text(self) -> str:
        if self.start >= self.end:
            return ""
        toks = self.toks
        return toks.text[toks.offsets[self.start]:toks.end_of(self.end - 1)]

    def __iter__(self) -> Iterator[Tok]:
        return iter(self.toks.items[self.start:self.end])

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, k):
        if isinstance(k, slice):
            return self.toks.items[self.start:self.end][k]
        n = self.end - self.start
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError("token index out of range")
        return self.toks[self.start + k]


_LEXICAL_LIMIT = 500_000
"""Entries of a lexical cache before it is emptied (a vocabulary of that size is rare)."""


def _lexical(strings, orth: int, doc: Doc, i: int) -> Tok:
    """The token of ``doc`` at ``i`` (whose text has hash ``orth``), as text alone decides it."""
    t = doc[i]
    return Tok(strings[orth], t.lower_, bool(t.is_punct), bool(t.is_alpha), bool(t.like_num), bool(t.is_lower),
               bool(t.is_title), bool(t.is_space))


class Tokens(list):
    """The tokens of one document (a list, indexed at C speed) with its text and sentences.

    Slicing gives a plain list of tokens; ``span(start, end)`` gives a :class:`TSpan` with
    character offsets and text.
    """

    def __init__(self, doc: Doc, text: str, lexical: dict[int, Tok] | None = None) -> None:
        """Snapshot ``doc`` (tokenised from ``text``) and split it into sentences.

        ``lexical`` is a cache shared between documents of one vocabulary: the token of each
        text, by the hash of the text.
        """
        cache: dict[int, Tok] = {} if lexical is None else lexical
        if len(cache) > _LEXICAL_LIMIT:
            cache.clear()
        orths, offsets, spaces = doc.to_array([ORTH, IDX, SPACY]).T.tolist() if len(doc) else ([], [], [])
        items = list(map(cache.get, orths))
        if None in items:
            strings = doc.vocab.strings
            for i, orth in enumerate(orths):
                if items[i] is None:
                    items[i] = cache[orth] = _lexical(strings, orth, doc, i)
        super().__init__(items)
        self.text = text
        self.offsets: list[int] = offsets
        """Character offset of every token in ``text`` (spaCy's ``idx``)."""
        self.spaces: list[bool] = list(map(bool, spaces))
        """Whether a space follows each token."""
        self.lowers: list[str] = list(map(attrgetter("lower_"), items))
        """The lowercase form of every token."""
        self._sent_starts = split_sentences(self, self.spaces)
        self._sent_ends = [*self._sent_starts[1:], len(items)]
        self.sent_start = [False] * len(items)
        """Whether each token starts a sentence."""
        for k in self._sent_starts:
            self.sent_start[k] = True
        self._first: dict[str, int] | None = None
        self._after: list[int] = []
        """Occurrences of each lowercase form, chained (made on the first call of positions())."""

    def end_of(self, i: int) -> int:
        """Character offset just after token ``i``."""
        return self.offsets[i] + len(self[i].text)

    @property
    def sents(self) -> list[TSpan]:
        """The sentences, in order. (Spans are made on request: the tokens hold no reference back
        to them, so a document is freed as soon as it is no longer used.)"""
        return [TSpan(self, s, e) for s, e in zip(self._sent_starts, self._sent_ends, strict=True)]

    def positions(self, words: AbstractSet[str]) -> list[int]:
        """Indices of the tokens whose lowercase form is one of ``words``, ascending."""
        if self._first is None:
            self._index()
        first, after = self._first, self._after
        out = []
        for w in first.keys() & words:
            i = first[w]
            while i >= 0:
                out.append(i)
                i = after[i]
        out.sort()
        return out

    def _index(self) -> None:
        """Chain the occurrences of each lowercase form: ``_first[form]`` is its first token,
        ``_after[i]`` the next token with the form of token ``i`` (-1 after the last). Plain
        integers: no list per word for the garbage collector to follow."""
        first: dict[str, int] = {}
        last: dict[str, int] = {}
        after = [-1] * len(self.lowers)
        for i, w in enumerate(self.lowers):
            j = last.get(w)
            if j is None:
                first[w] = i
            else:
                after[j] = i
            last[w] = i
        self._first, self._after = first, after

    def sent_of(self, i: int) -> TSpan:
        """The sentence of token ``i``."""
        k = bisect_right(self._sent_starts, i) - 1
        return TSpan(self, self._sent_starts[k], self._sent_ends[k])

    @property
    def items(self) -> list[Tok]:
        return self

    def span(self, start: int, end: int) -> TSpan:
        return TSpan(self, start, end)
