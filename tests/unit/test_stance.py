"""Stance claims: responsibility, accusation, denial, condemnation, support."""

from __future__ import annotations

import pytest


def kinds(claims):
    return sorted((c.kind, c.claimant.label) for c in claims if c.kind != "Statement")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Northern Front claimed responsibility for the bombing.", ("Responsibility", "Northern Front")),
        ("Commander Tarik Osei said it was behind the attack.", ("Responsibility", "Tarik Osei")),
        ("Minister Lena Park accused the rebels of attacking civilians.", ("Accusation", "Lena Park")),
        ("Minister Lena Park blamed the rebels for the attack.", ("Accusation", "Lena Park")),
        ("Minister Lena Park alleged that the attackers were foreign-backed.", ("Accusation", "Lena Park")),
        ("Minister Lena Park denied the report.", ("Denial", "Lena Park")),
        ("Minister Lena Park rejected the allegations.", ("Denial", "Lena Park")),
        ("Minister Lena Park called the allegations baseless.", ("Denial", "Lena Park")),
        ("Minister Lena Park condemned the attack.", ("Condemnation", "Lena Park")),
        ("Minister Lena Park strongly condemned the attack.", ("Condemnation", "Lena Park")),
    ],
)
def test_stance_kinds(claims_of, text, expected):
    assert expected in kinds(claims_of(text))


def test_stance_passive_agent(claims_of):
    cs = claims_of("The army alleged the attack was foreign-sponsored, a charge rejected by neighbouring countries.")
    assert ("Denial", "neighbouring countries") in kinds(cs)


def test_stance_denial_answers_accusation(claims_of):
    cs = claims_of("Minister Lena Park accused the rebels of the attack. Commander Tarik Osei denied the accusation.")
    denial = next(c for c in cs if c.kind == "Denial")
    assert denial.answers is not None and cs[denial.answers].kind == "Accusation"


def test_stance_coordinated_accusation_after_denial(claims_of):
    cs = claims_of("Spokesperson Ravi Menon called the allegations baseless and accused the army of lying.")
    assert ("Denial", "Ravi Menon") in kinds(cs) and ("Accusation", "Ravi Menon") in kinds(cs)


def test_stance_alleged_as_adjective_is_no_accusation(claims_of):
    assert kinds(claims_of("The alleged attacker was arrested on Monday.")) == []
