"""A seeded generator of synthetic conflict-news articles with their gold claims.

Each article is made up from sentence templates over a *theatre*: a country of the actor
registry (``ontology/actors.ttl``) with its armed forces, government, foreign ministry and
the armed groups the registry places there, and its cities and towns from the gazetteer
(``ontology/places.ttl``). Invented people with titles speak for those organisations, and
outlets of the registry publish the articles. The templates cover the attribution
constructions of news text ("X said", "..., X said", "according to X", "X told reporters",
quotes, a statement, state media relaying the armed forces, the reporter's own voice) and
the stance claims (responsibility, accusation, denial, condemnation), with qualified figures
of several categories and distractor numbers (dates, durations, ages, vehicle counts,
distances, years) that are listed in ``ignore_counts``.

Every article is written to ``DIR/docs/<id>.txt`` and its gold to ``DIR/gold/<id>.json`` in
the corpus gold format (see ``kg.evaluate``). The same ``--seed`` and ``-n`` give the same
bytes. The articles are invented: no incident, person, quote or figure in them is real.

    .venv/bin/python benchmarks/generate.py -n 1000 --out /tmp/kg-synthetic-1000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from templates import (
    DISTRACTORS,
    FIGURES,
    STANCES,
    Doc,
    Theatre,
    background,
    names,
    the,
)

from kg.nlp.registry import ActorEntry, Registry, load_registry

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WIRES = ("reuters", "associated-press", "afp", "anadolu", "xinhua", "al-jazeera", "bbc")
"""Outlets that publish about any theatre (the others publish about their own country)."""
HEADLINES = (
    "Attack near {place} leaves {group} and {country} trading blame",
    "Deadly violence in {place} as {group} steps up attacks",
    "{country}: conflicting tolls after fighting near {place}",
    "Fresh clashes reported near {place}",
)
LEADS = (
    "Fighting between {military} and {group} flared again in {place} on {day}, officials and "
    "residents said.",
    "Gunmen attacked security posts in and around {place} on {day}, setting off hours of clashes.",
    "Security forces launched an operation near {place} on {day} after a wave of attacks on police "
    "and army posts.",
)
_NUMBER = re.compile(r"\d[\d,]*")


def theatres(reg: Registry) -> list[Theatre]:
    """Every country of the registry with armed forces, an armed group and a few towns."""
    by_country: dict[str, list[ActorEntry]] = {}
    for a in reg.actors.values():
        if a.country:
            by_country.setdefault(a.country, []).append(a)
    out = []
    for key, actors in sorted(by_country.items()):
        country = reg.actors.get(key)
        mil = sorted(
            (a for a in actors if a.kind == "Military" and not a.parents), key=lambda a: a.key
        )
        groups = tuple(sorted((a for a in actors if a.kind == "ArmedGroup"), key=lambda a: a.key))
        places = tuple(
            sorted(
                p.label
                for p in reg.places.values()
                if p.place_type in ("city", "town", "district")
                and reg.country_of_place(p.key) == key
                and not re.search(r"\d", p.label)
            )
        )
        if country is None or country.kind != "Country" or not mil or not groups or len(places) < 2:
            continue
        gov = [a for a in actors if a.kind == "Government" and a.key == f"{key}-government"]
        fm = [
            a for a in actors if a.kind == "GovernmentBody" and a.key.endswith("-foreign-ministry")
        ]
        outlets = tuple(sorted((a for a in actors if a.kind == "MediaOutlet"), key=lambda a: a.key))
        out.append(
            Theatre(
                country,
                mil[0],
                gov[0] if gov else None,
                fm[0] if fm else None,
                groups,
                outlets,
                places,
            )
        )
    return out


def article(
    i: int,
    rng: random.Random,
    ths: list[Theatre],
    outlets: list[ActorEntry],
    orgs: list[ActorEntry],
) -> tuple[str, str, dict]:
    """The ``i``-th article: (doc id, text, gold)."""
    t = rng.choice(ths)
    pub = rng.choice([o for o in outlets if o.key in WIRES] + list(t.outlets))
    doc = Doc(rng, pub, t, rng.choice(t.groups), rng.choice(t.places), rng.choice(orgs))
    month = rng.randrange(12)
    day = doc.distractor(1, 28)
    year = 2026
    doc.ignore.add(year)
    steps = rng.sample(FIGURES, rng.randint(4, 7)) + [s for s in STANCES if rng.random() < 0.6]
    steps += rng.sample(DISTRACTORS, rng.randint(2, 4)) + [background] * rng.randint(2, 4)
    rng.shuffle(steps)
    for step in steps:
        step(doc)
    fill = {
        "place": doc.place,
        "group": the(names(doc.group)[0]),
        "country": t.country.label,
        "military": the(names(t.military)[0]),
        "day": rng.choice(DAYS),
    }
    headline = rng.choice(HEADLINES).format(**{**fill, "group": names(doc.group)[0]})
    dateline = f"{doc.place.upper()}, {t.country.label}, {MONTHS[month]} {day} ({names(pub)[0]}) - "
    # Web pages carry a publication date even where the wire dateline has no year; one
    # article in a hundred comes without one (kg then dates its events by the text alone).
    header = [headline]
    if i % 100:
        header.append(f"Published {day} {MONTHS[month]} {year}")
    text = "\n\n".join([*header, dateline + rng.choice(LEADS).format(**fill), *doc.paras]) + "\n"
    for m in _NUMBER.finditer(text):  # numbers inside names and the like are not claims
        n = int(m.group(0).replace(",", ""))
        if n not in doc.counts:
            doc.ignore.add(n)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{doc.place} {doc.group.key}".lower()).strip("-")
    doc_id = f"{i:05d}-{slug}"
    gold = {
        "doc": doc_id,
        "url": None,
        "publisher": pub.label,
        "published": f"{year}-{month + 1:02d}-{day:02d}",
        "claims": doc.claims,
        "ignore_counts": sorted(doc.ignore),
    }
    return doc_id, text, gold


def generate(
    n: int, out: Path | str, *, seed: int = 0, registry: Registry | None = None
) -> list[Path]:
    """Write ``n`` articles to ``out/docs`` and their gold to ``out/gold``; return the text files.

    The same ``n`` and ``seed`` give the same files, and the first ``k`` articles of a larger
    corpus are the corpus of size ``k``.
    """
    reg = registry or load_registry()
    ths = theatres(reg)
    outlets = sorted(
        (a for a in reg.actors.values() if a.kind == "MediaOutlet"), key=lambda a: a.key
    )
    orgs = sorted(
        (a for a in reg.actors.values() if a.kind == "InternationalOrganisation"),
        key=lambda a: a.key,
    )
    out = Path(out)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        doc_id, text, gold = article(i, random.Random(f"{seed}:{i}"), ths, outlets, orgs)
        p = out / "docs" / f"{doc_id}.txt"
        p.write_text(text, encoding="utf-8")
        (out / "gold" / f"{doc_id}.json").write_text(
            json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        written.append(p)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=100, help="number of articles")
    ap.add_argument(
        "--out", type=Path, default=None, help="target folder [default: a new temp dir]"
    )
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix=f"kg-synthetic-{args.n}-"))
    generate(args.n, out, seed=args.seed)
    print(out)


if __name__ == "__main__":
    main()
