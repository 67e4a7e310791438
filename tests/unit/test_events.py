"""Events: kinds, places (gazetteer and discovered), times, participants, claim links."""

from __future__ import annotations

from kg.ingest import article_from_text
from kg.nlp.extract import extract

TEXT = (
    "CITYNAME, March 10 (Example Wire) - Officials said gunmen killed 12 people in coordinated attacks "
    "in Quetta and Gwadar on Saturday. In 2026 the violence grew.\n\n"
    "The army said it killed 20 militants in a 40-hour operation near the town of Zarkan.\n\n"
    "The Northern Front claimed responsibility for the attacks. Authorities imposed a curfew."
)


def test_events_kinds_places_times_and_links():
    x = extract(article_from_text(TEXT))
    by_kind = {e.kind: e for e in x.events}
    assert {"CoordinatedAttackWave", "MilitaryOperation", "PolicyMeasure"} <= set(by_kind)
    wave = by_kind["CoordinatedAttackWave"]
    assert {"quetta", "gwadar"} <= set(wave.places)
    assert wave.start_date == "2026-03-07" and wave.date_precision == "day"  # the Saturday before March 10
    assert [a.label for a in wave.perpetrators] == ["Northern Front"]
    op = by_kind["MilitaryOperation"]
    assert op.duration == "PT40H"
    assert ("discovered-zarkan", "Zarkan") in op.new_places
    events = list(x.events)
    twelve = next(c for c in x.claims if c.count == 12)
    twenty = next(c for c in x.claims if c.count == 20)
    assert events[twelve.event].kind == "CoordinatedAttackWave"
    assert events[twenty.event].kind == "MilitaryOperation"
    assert twenty.scope == "PT40H"


def test_events_counted_nouns_are_not_events():
    x = extract(article_from_text("Official data recorded 5,397 terrorist incidents and 310 operations in 2025."))
    assert x.events == ()


def test_events_no_date_stays_unresolved():
    x = extract(article_from_text("Police said gunmen attacked a checkpoint on Saturday, killing 3 soldiers."))
    attack = next(e for e in x.events if e.kind == "Attack")
    assert attack.start_date is None and x.reference_date is None


def test_events_targets_of_attacks():
    x = extract(article_from_text("Officials said militants carried out attacks on the Frontier Corps in Quetta, "
                                  "killing 4 soldiers."))
    attack = next(e for e in x.events if e.kind == "Attack")
    assert [a.label for a in attack.targets] == ["Frontier Corps"]
