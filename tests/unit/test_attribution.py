"""Attribution: who is the claimant of a figure or a stance."""

from __future__ import annotations

import pytest


def who(claims, count=None, kind=None):
    return [c.claimant.label for c in claims
            if (count is None or c.count == count) and (kind is None or c.kind == kind)]


@pytest.mark.parametrize(
    "text",
    [
        "Governor Amina Farouk said that 14 soldiers were killed.",
        "Governor Amina Farouk said 14 soldiers were killed.",
        "Fourteen soldiers were killed, Governor Amina Farouk said.",
        '"We lost 14 soldiers in the attack," Governor Amina Farouk said.',
        '"We lost 14 soldiers in the attack," said Governor Amina Farouk.',
        "According to Governor Amina Farouk, 14 soldiers were killed.",
        "14 soldiers were killed, according to Governor Amina Farouk.",
        "Governor Amina Farouk told reporters that 14 soldiers were killed.",
        "Governor Amina Farouk said in a statement that 14 soldiers were killed.",
        "Governor Amina Farouk confirmed that 14 soldiers were killed.",
        "Governor Amina Farouk put the toll at 14 soldiers killed.",
        "Governor Amina Farouk insisted 14 soldiers had been killed.",
        "Governor Amina Farouk announced on Monday that 14 soldiers were killed.",
    ],
)
def test_attribution_constructions(claims_of, text):
    assert who(claims_of(text), count=14) == ["Amina Farouk"]


def test_attribution_pronoun_takes_last_person(claims_of):
    cs = claims_of("Governor Amina Farouk visited the site. She confirmed that 9 civilians were killed.")
    assert who(cs, count=9) == ["Amina Farouk"]


def test_attribution_participle_keeps_main_subject(claims_of):
    cs = claims_of("Commander Tarik Osei praised his troops, saying they had killed 30 fighters.")
    assert who(cs, count=30) == ["Tarik Osei"]


def test_attribution_coordinated_verb_keeps_subject(claims_of):
    cs = claims_of("Commander Tarik Osei denied the report and claimed to have killed 30 fighters.")
    assert who(cs, count=30) == ["Tarik Osei"]


def test_attribution_unnamed_sources_become_actors(claims_of):
    cs = claims_of("A senior police official said 7 people were killed.")
    assert who(cs, count=7) == ["senior police official"]
    assert cs[0].claimant.kind == "AnonymousSource" and cs[0].claimant.discovered


def test_attribution_reporter_voice_is_publisher(claims_of):
    cs = claims_of("Gunmen killed 12 passengers on a bus on Friday.")
    assert who(cs, count=12) == ["the publisher"]


def test_attribution_state_media_chain(claims_of):
    cs = claims_of("State media reported that security forces killed 40 insurgents.")
    c = next(c for c in cs if c.count == 40)
    assert c.claimant.label == "security forces" and c.channel is not None and c.channel.label == "state media"


def test_attribution_verification_remark_kept(claims_of):
    cs = claims_of("The rebels said they killed 84 soldiers, a claim that could not be independently verified.")
    c = next(c for c in cs if c.count == 84)
    assert "could not be independently verified" in c.verification_note


def test_attribution_evidence_offsets_point_into_original_text(claims_of):
    from kg.ingest import article_from_text
    from kg.nlp.extract import extract

    text = "Intro line.\n\n\u201cWe lost 14 soldiers,\u201d Governor Amina Farouk said \u2011 officials\u00a0agreed."
    x = extract(article_from_text(text))
    assert x.claims
    for c in x.claims:
        assert text[c.evidence.start:c.evidence.end] == c.evidence.text


def test_attribution_postposed_statement_is_its_issuer(claims_of):
    cs = claims_of("Governor Amina Farouk said in a statement that the attack began at dawn. "
                   "Eleven soldiers were killed and 6 were wounded, the statement said.")
    assert who(cs, count=11) == ["Amina Farouk"]
    assert who(cs, count=6) == ["Amina Farouk"]
