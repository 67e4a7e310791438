"""Sentence templates of the synthetic corpus (see ``generate.py``).

A template writes one paragraph into a :class:`Doc` and records the gold claims it carries,
with the exact quote. Figures come from :meth:`Doc.count` and other numbers from
:meth:`Doc.distractor`, so that a number is never both a claim figure and a distractor in
the same article.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.nlp.registry import ActorEntry

WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
FIRST = (
    "Amir",
    "Bilal",
    "Farida",
    "Nadia",
    "Omar",
    "Yusuf",
    "Leila",
    "Samir",
    "Rashid",
    "Hana",
    "Daniel",
    "Maria",
    "Ivan",
    "Olga",
    "Kofi",
    "Amina",
    "Ibrahim",
    "Fatima",
    "Tomas",
    "Elena",
    "Jamal",
    "Sara",
    "Karim",
    "Zainab",
    "Musa",
    "Aisha",
    "Pedro",
    "Lucia",
    "Dmitri",
    "Irina",
    "Hassan",
    "Mariam",
    "Tariq",
    "Noor",
    "Kwame",
    "Grace",
    "Ali",
    "Soraya",
    "Victor",
    "Anna",
)
LAST = (
    "Haddad",
    "Rahimi",
    "Okafor",
    "Mensah",
    "Petrenko",
    "Kovalenko",
    "Qureshi",
    "Baig",
    "Nasser",
    "Saleh",
    "Torres",
    "Moreno",
    "Abdi",
    "Warsame",
    "Diallo",
    "Traore",
    "Karimi",
    "Hosseini",
    "Mwangi",
    "Otieno",
    "Farouk",
    "Siddiqui",
    "Lindqvist",
    "Novak",
    "Yilmaz",
    "Aydin",
    "Bakr",
    "Hamdan",
    "Kyaw",
    "Thein",
    "Mendoza",
    "Castillo",
    "Osei",
    "Banda",
    "Marwat",
    "Durrani",
    "Kassim",
    "Barre",
    "Ortega",
    "Varga",
)
SPOKES = (
    "a spokesperson for {org}",
    "{org_poss} spokesperson",
    "a senior official of {org}",
    "{org} spokesperson",
)
_GENERIC = frozenset(
    (
        "Army",
        "Forces",
        "Force",
        "Front",
        "Council",
        "Ministry",
        "Government",
        "Party",
        "Alliance",
        "Union",
        "Movement",
        "Network",
        "Brigades",
        "Programme",
        "Nations",
        "Committee",
        "Court",
        "Organization",
        "Organisation",
        "Agency",
        "Province",
        "Units",
        "Office",
        "Mission",
        "Commission",
        "Community",
        "Assembly",
        "Service",
        "Cartel",
        "Services",
        "League",
        "military",
        "army",
        "forces",
        "troops",
        "Houthis",
        "group",
        "Affairs",
        "Federation",
        "Emirate",
        "Security",
    )
)


@dataclass(frozen=True)
class Theatre:
    """A country and the actors and places of the registry that belong to it."""

    country: ActorEntry
    military: ActorEntry
    government: ActorEntry | None
    foreign_ministry: ActorEntry | None
    groups: tuple[ActorEntry, ...]
    outlets: tuple[ActorEntry, ...]
    places: tuple[str, ...]
    """Labels of cities, towns and districts in the country."""


@dataclass
class Doc:
    """An article being written: its setting, paragraphs and gold claims."""

    rng: random.Random
    publisher: ActorEntry
    theatre: Theatre
    group: ActorEntry
    place: str
    org: ActorEntry
    """An international organisation that comments on the incident."""
    paras: list[str] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    counts: set[int] = field(default_factory=set)
    ignore: set[int] = field(default_factory=set)

    def count(self, lo: int, hi: int) -> int:
        """A claim figure not used before in this article."""
        while True:
            n = self.rng.randint(lo, hi)
            if n not in self.counts and n not in self.ignore:
                self.counts.add(n)
                return n

    def distractor(self, lo: int, hi: int) -> int:
        """A number that is not a claim (listed in ``ignore_counts``)."""
        while True:
            n = self.rng.randint(lo, hi)
            if n not in self.counts:
                self.ignore.add(n)
                return n

    def claim(
        self,
        who: dict,
        kind: str,
        about: str,
        quote: str,
        count: int | None = None,
        qualifier: str | None = None,
        category: str | None = None,
    ) -> None:
        self.claims.append(
            {
                "claimant": who["claimant"],
                "claimant_aliases": who["aliases"],
                "type": kind,
                "about": about,
                "count": count,
                "qualifier": qualifier,
                "category": category,
                "quote": quote,
            }
        )


def names(a: ActorEntry) -> list[str]:
    """Names of an actor fit to write in running text (no lowercase descriptions)."""
    return [n for n in a.names if not n.islower() and "(" not in n] or [a.label]


def the(name: str) -> str:
    """``name`` with the article it takes in running text.

    >>> the("Hezbollah"), the("Lebanese Armed Forces"), the("The Kyiv Independent")
    ('Hezbollah', 'the Lebanese Armed Forces', 'The Kyiv Independent')
    """
    if name.startswith(("The ", "the ")):
        return name
    if name.split()[-1] in _GENERIC or " of " in name:
        return f"the {name}"
    return name


def poss(name: str) -> str:
    """The possessive of a name with its article.

    >>> poss("Lebanese Armed Forces"), poss("Hamas")
    ("the Lebanese Armed Forces'", "Hamas's")
    """
    n = the(name)
    return n + ("'" if n.endswith("s") and " " in n else "'s")


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def who(a: ActorEntry) -> dict:
    """The gold claimant of a registry actor: its label, its other names as aliases."""
    return {"claimant": a.label, "aliases": [n for n in a.names if n != a.label]}


def military(doc: Doc) -> str:
    """A name of the theatre's armed forces as a reporter writes it."""
    ns = [
        n
        for n in names(doc.theatre.military)
        if re.search(r"(?i)military|army|armed forces|forces$", n)
        and "'" not in n
        and "Taliban" not in n
    ]
    return doc.rng.choice(ns or [doc.theatre.military.label])


def group(doc: Doc) -> str:
    return doc.rng.choice(names(doc.group))


def num(doc: Doc, n: int) -> str:
    """A figure as written: a word up to ten (sometimes), else digits with thousands commas."""
    if n <= 10 and doc.rng.random() < 0.6:
        return WORDS[n]
    return f"{n:,}"


def fig(doc: Doc, lo: int, hi: int) -> tuple[int, str | None, str]:
    """A qualified figure: (count, qualifier, as written)."""
    n = doc.count(lo, hi)
    q = doc.rng.choice(
        (None, None, None, "at least", "at least", "more than", "nearly", "around", "up to")
    )
    return n, q, (f"{q} " if q else "") + num(doc, n)


def person(doc: Doc, org: ActorEntry) -> tuple[str, str, dict]:
    """An invented spokesperson of ``org``: (full name, description, gold claimant)."""
    name = f"{doc.rng.choice(FIRST)} {doc.rng.choice(LAST)}"
    org_name = names(org)[0]
    desc = doc.rng.choice(SPOKES).format(org=the(org_name), org_poss=poss(org_name))
    return name, desc, {"claimant": name, "aliases": [name.split()[-1], *names(org)]}


# ---------------------------------------------------------------------------------------
# figure claims
# ---------------------------------------------------------------------------------------


def toll_said(doc: Doc) -> None:
    n, q, s = fig(doc, 3, 60)
    w = doc.count(5, 120)
    quote = f"{cap(the(military(doc)))} said {s} soldiers were killed and {num(doc, w)} wounded"
    doc.paras.append(
        f"{quote} when fighters of {the(group(doc))} stormed a checkpoint outside {doc.place}."
    )
    doc.claim(
        who(doc.theatre.military), "casualty", "soldiers", quote, n, q, "security personnel killed"
    )
    doc.claim(who(doc.theatre.military), "casualty", "soldiers", quote, w, None, "wounded")


def trailing_said(doc: Doc) -> None:
    n, q, s = fig(doc, 5, 200)
    quote = f"{cap(s)} militants were killed in the operation, {the(military(doc))} said"
    doc.paras.append(
        f"{quote} in a statement, adding that weapons and explosives were recovered "
        f"from hideouts near {doc.place}."
    )
    doc.claim(
        who(doc.theatre.military), "casualty", doc.group.label, quote, n, q, "militants killed"
    )


def according_to(doc: Doc) -> None:
    n, q, s = fig(doc, 2, 80)
    name, desc, w = person(doc, doc.theatre.military)
    quote = f"According to {name}, {desc}, {s} civilians died"
    doc.paras.append(f"{quote} when a mortar round hit a market in {doc.place}.")
    doc.claim(w, "casualty", "civilians", quote, n, q, "civilians killed")


def told_reporters(doc: Doc) -> None:
    n, q, s = fig(doc, 4, 150)
    name = f"{doc.rng.choice(FIRST)} {doc.rng.choice(LAST)}"
    quote = f"{name}, the police chief of {doc.place}, told reporters that {s} suspects had been arrested"
    doc.paras.append(f"{quote} in raids overnight.")
    doc.claim(
        {"claimant": name, "aliases": [name.split()[-1], f"police chief of {doc.place}"]},
        "casualty",
        "suspects",
        quote,
        n,
        q,
        "arrested",
    )


def quoted(doc: Doc) -> None:
    n = doc.count(6, 90)
    name, desc, w = person(doc, doc.group)
    quote = f'"Our fighters killed {num(doc, n)} soldiers and seized their weapons," {name}, {desc}, said'
    doc.paras.append(f"{quote} in an audio message.")
    doc.claim(w, "casualty", "soldiers", quote, n, None, "security personnel killed")


def reporter(doc: Doc) -> None:
    n, q, s = fig(doc, 2, 40)
    w = doc.count(3, 90)
    quote = f"The blast killed {s} people and wounded {num(doc, w)} others"
    doc.paras.append(f"{quote} near a bus station in {doc.place}.")
    doc.claim(who(doc.publisher), "casualty", "people", quote, n, q, "people killed")
    doc.claim(who(doc.publisher), "casualty", "people", quote, w, None, "wounded")


def state_media(doc: Doc) -> None:
    outlets = [o for o in doc.theatre.outlets if o.key != doc.publisher.key]
    if not outlets:
        return
    o = doc.rng.choice(outlets)
    n, q, s = fig(doc, 10, 300)
    quote = f"{cap(the(names(o)[0]))} reported that security forces had killed {s} insurgents"
    doc.paras.append(f"{quote} in {doc.place} over the past week.")
    doc.claim(who(o), "casualty", doc.group.label, quote, n, q, "militants killed")


def hostages(doc: Doc) -> None:
    n, q, s = fig(doc, 8, 400)
    name, desc, w = person(doc, doc.theatre.government or doc.theatre.military)
    quote = f"{cap(s)} passengers were taken hostage, {name}, {desc}, said"
    doc.paras.append(f"Gunmen stopped a passenger train near {doc.place}. {quote}.")
    doc.claim(w, "casualty", "passengers", quote, n, q, "hostages taken")


def statement(doc: Doc) -> None:
    if doc.theatre.government is None:
        return
    n, q, s = fig(doc, 3, 70)
    a = doc.count(2, 60)
    gov = names(doc.theatre.government)[0]
    quote = (
        f"In a statement, {the(gov)} said {s} attackers had been killed and {num(doc, a)} arrested"
    )
    doc.paras.append(f"{quote} after a security operation that began at dawn.")
    doc.claim(
        who(doc.theatre.government), "casualty", doc.group.label, quote, n, q, "militants killed"
    )
    doc.claim(who(doc.theatre.government), "casualty", doc.group.label, quote, a, None, "arrested")


def hospital(doc: Doc) -> None:
    n, q, s = fig(doc, 5, 120)
    name = f"{doc.rng.choice(FIRST)} {doc.rng.choice(LAST)}"
    quote = f"{name}, a doctor at the main hospital in {doc.place}, said {s} wounded people had been brought in"
    doc.paras.append(f"{quote}, many of them with shrapnel injuries.")
    doc.claim(
        {"claimant": name, "aliases": [name.split()[-1]]},
        "casualty",
        "people",
        quote,
        n,
        q,
        "wounded",
    )


def group_toll(doc: Doc) -> None:
    n, q, s = fig(doc, 10, 150)
    quote = (
        f"{cap(the(group(doc)))} said in a statement posted on Telegram that it had killed {s} "
        "government soldiers"
    )
    doc.paras.append(f"{quote}, a figure that could not be independently verified.")
    doc.claim(who(doc.group), "casualty", "soldiers", quote, n, q, "security personnel killed")


def displaced(doc: Doc) -> None:
    n = doc.count(500, 40_000)
    quote = f"{cap(the(names(doc.org)[0]))} said more than {n:,} people had fled their homes"
    doc.paras.append(f"{quote} around {doc.place} since the fighting began.")
    doc.claim(who(doc.org), "casualty", "people", quote, n, "more than", "displaced")


# ---------------------------------------------------------------------------------------
# stance claims
# ---------------------------------------------------------------------------------------


def responsibility(doc: Doc) -> None:
    n, q, s = fig(doc, 5, 120)
    quote = f"{cap(the(group(doc)))} claimed responsibility for the attack"
    doc.paras.append(f"{quote}, saying its fighters had killed {s} members of the security forces.")
    doc.claim(who(doc.group), "responsibility", "the attack", quote)
    doc.claim(
        who(doc.group),
        "casualty",
        "security forces",
        f"{quote}, saying its fighters had killed {s} members of the security forces",
        n,
        q,
        "security personnel killed",
    )


def accuse_deny(doc: Doc) -> None:
    if doc.theatre.government is None:
        return
    gov = names(doc.theatre.government)[0]
    acc = f"{cap(the(gov))} accused {the(names(doc.group)[0])} of using civilians in {doc.place} as human shields"
    den = f"{cap(the(names(doc.group)[0]))} denied the accusation"
    doc.paras.append(f"{acc}. {den} and said the government was trying to hide its own losses.")
    doc.claim(who(doc.theatre.government), "accusation", doc.group.label, acc)
    doc.claim(who(doc.group), "denial", doc.theatre.government.label, den)


def condemn_org(doc: Doc) -> None:
    quote = f"{cap(the(names(doc.org)[0]))} condemned the attack"
    doc.paras.append(f"{quote} and called for those responsible to be brought to justice.")
    doc.claim(who(doc.org), "condemnation", doc.group.label, quote)


def condemn_ministry(doc: Doc) -> None:
    fm = doc.theatre.foreign_ministry
    if fm is None:
        return
    quote = f"{cap(the(doc.rng.choice(names(fm))))} condemned what it called a cowardly act of terrorism"
    doc.paras.append(f"{quote}.")
    doc.claim(who(fm), "condemnation", doc.group.label, quote)


# ---------------------------------------------------------------------------------------
# distractors (numbers that are not claims) and background (no numbers)
# ---------------------------------------------------------------------------------------


def duration(doc: Doc) -> None:
    h = doc.distractor(2, 72)
    doc.paras.append(
        doc.rng.choice(
            (
                f"Officials imposed a {h}-hour curfew in {doc.place}.",
                f"The gunfight lasted {h} hours, residents said.",
                f"Mobile phone services were suspended for {h} hours.",
            )
        )
    )


def age(doc: Doc) -> None:
    a = doc.distractor(18, 85)
    doc.paras.append(
        f"Among the dead was a {a}-year-old shopkeeper who had run a tea stall in "
        f"{doc.place} for decades, relatives said."
    )


def vehicles(doc: Doc) -> None:
    v = doc.distractor(2, 40)
    doc.paras.append(
        f"Video shared online showed {v} vehicles burning on the main road into {doc.place}."
    )


def distance(doc: Doc) -> None:
    k = doc.distractor(10, 400)
    doc.paras.append(
        f"{doc.place} lies about {k} km from the border and has seen repeated attacks."
    )


def year(doc: Doc) -> None:
    y = doc.distractor(1990, 2024)
    doc.paras.append(f"The region has been troubled by an insurgency since {y}.")


BACKGROUND = (
    "Residents said shops and schools stayed closed as security forces sealed off the area.",
    "Access to the area is restricted, and journalists are rarely allowed to report from there.",
    "The government has promised development funds for the region, but locals say little has arrived.",
    "Rights groups have long accused all sides of abuses against civilians.",
    "Analysts say the violence has intensified since peace talks collapsed last year.",
    "Funerals were held on the same day, and hundreds of mourners attended.",
    "The road linking the town to the provincial capital remained closed.",
    "Traders said fuel and flour prices had risen sharply because of the fighting.",
    "Officials said an investigation had been opened and promised a full account.",
    "Aid agencies warned that hospitals in the area were running short of blood and medicines.",
    "Local elders called for calm and urged both sides to spare civilians.",
    "Witnesses described hearing heavy gunfire and explosions for much of the night.",
)


def background(doc: Doc) -> None:
    doc.paras.append(" ".join(doc.rng.sample(BACKGROUND, doc.rng.randint(2, 3))))


Template = Callable[[Doc], None]
FIGURES: tuple[Template, ...] = (
    toll_said,
    trailing_said,
    according_to,
    told_reporters,
    quoted,
    reporter,
    state_media,
    hostages,
    statement,
    hospital,
    group_toll,
    displaced,
)
STANCES: tuple[Template, ...] = (responsibility, accuse_deny, condemn_org, condemn_ministry)
DISTRACTORS: tuple[Template, ...] = (duration, age, vehicles, distance, year)
