"""Loads the extractor's lexicons from ``kg/data/lexicon.toml`` into a frozen record."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from kg.resources import lexicon_path


@dataclass(frozen=True)
class Lexicon:
    reporting_verbs: frozenset[str]
    reporting_phrases: tuple[str, ...]
    anaphoric_subjects: frozenset[str]
    audiences: tuple[str, ...]
    stance: dict[str, tuple[str, ...]]
    accusation_content: tuple[str, ...]
    responsibility_acts: frozenset[str]
    denial_content: frozenset[str]
    qualifiers: dict[str, str]
    vague: dict[str, str]
    non_claim_units: frozenset[str]
    months: frozenset[str]
    non_claim_before: frozenset[str]
    victims: dict[str, tuple[str, ...]]
    outcomes: dict[str, tuple[str, ...]]
    event_counts: dict[str, str]
    source_heads: frozenset[str]
    state_channels: tuple[str, ...]
    role_heads: frozenset[str]
    org_tails: frozenset[str]
    anaphora: dict[str, str]
    generic_classes: dict[str, str]
    titles: tuple[str, ...]
    apposition_heads: frozenset[str]
    org_words: frozenset[str]
    events: dict[str, tuple[str, ...]]
    boilerplate_prefixes: tuple[str, ...]
    newsroom_words: frozenset[str] = frozenset()


    @cached_property
    def audience_words(self) -> frozenset[str]:
        """Words of the audiences ("reporters", "a news conference") without articles."""
        return frozenset(w for a in self.audiences for w in a.split()) - {"the", "a", "an"}

    @cached_property
    def source_words(self) -> frozenset[str]:
        """Heads of unnamed sources and roles, and anaphors ("officials", "governor", "ministry")."""
        return self.source_heads | self.role_heads | frozenset(self.anaphora)

    @cached_property
    def name_cues(self) -> frozenset[str]:
        """Reporting verbs and the stance words next to which a capitalised word is a name."""
        return self.reporting_verbs | {w for k in ("condemnation", "denial", "accusation") for w in self.stance[k]}

    @cached_property
    def frame_cues(self) -> frozenset[str]:
        """Single words that may start an attribution frame: reporting verbs and "according"."""
        return self.reporting_verbs | {"according"}

    @cached_property
    def audience_or_article(self) -> frozenset[str]:
        """Audience words and articles ("told the reporters")."""
        return self.audience_words | {"the", "a", "an"}

    @cached_property
    def victim_words(self) -> frozenset[str]:
        """Every victim word or phrase, of any kind."""
        return frozenset(w for items in self.victims.values() for w in items)

    @cached_property
    def victim_stems(self) -> dict[str, frozenset[str]]:
        """Per victim kind, its one-word entries without a final "s" ("militant", "civilian")."""
        return {kind: frozenset(x.rstrip("s") for x in items if " " not in x)
                for kind, items in self.victims.items()}

    @cached_property
    def stance_words(self) -> frozenset[str]:
        """Single words that may start a stance cue (the extractor looks no further at others)."""
        st = self.stance
        return frozenset(set(st["condemnation"]) | set(st["denial"]) | set(st["accusation"])
                         | set(st["characterisation"]) | set(st["support"])
                         | {"said", "says", "claimed", "claims", "announced", "stated", "held", "holds", "hold",
                            "holding"})


def _low(items: list[str]) -> tuple[str, ...]:
    return tuple(i.lower() for i in items)


@cache
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read the lexicon file (cached)."""
    data = tomllib.loads((path or lexicon_path()).read_text(encoding="utf-8"))
    st = data["stance"]
    return Lexicon(
        reporting_verbs=frozenset(_low(data["reporting"]["verbs"])),
        reporting_phrases=_low(data["reporting"]["phrases"]),
        anaphoric_subjects=frozenset(_low(data["reporting"]["anaphoric_subjects"])),
        audiences=_low(data["reporting"]["audiences"]),
        stance={k: _low(st[k]) for k in ("responsibility", "accusation", "denial", "condemnation",
                                          "support", "characterisation")},
        accusation_content=_low(st["accusation_content"]),
        responsibility_acts=frozenset(_low(st["responsibility_acts"])),
        denial_content=frozenset(_low(st["denial_content"])),
        qualifiers={k.lower(): v for k, v in data["figures"]["qualifiers"].items()},
        vague={k.lower(): v for k, v in data["figures"]["vague"].items()},
        non_claim_units=frozenset(_low(data["figures"]["non_claim_units"])),
        months=frozenset(_low(data["figures"]["months"])),
        non_claim_before=frozenset(_low(data["figures"]["non_claim_before"])),
        victims={k: _low(v) for k, v in data["victims"].items()},
        outcomes={k: _low(v) for k, v in data["outcomes"].items() if isinstance(v, list)},
        event_counts={k.lower(): v for k, v in data["outcomes"]["event_counts"].items()},
        source_heads=frozenset(_low(data["sources"]["heads"])),
        state_channels=_low(data["sources"]["channels"]["state_channels"]),
        role_heads=frozenset(_low(data["sources"]["role_heads"])),
        org_tails=frozenset(_low(data["sources"]["org_tails"])),
        anaphora={k.lower(): v for k, v in data["sources"]["anaphora"].items()},
        generic_classes={k.lower(): v for k, v in data["sources"]["generic_classes"].items()},
        titles=_low(data["roles"]["titles"]),
        apposition_heads=frozenset(_low(data["roles"]["apposition_heads"])),
        org_words=frozenset(_low(data["roles"]["org_words"])),
        events={k: _low(v) for k, v in data["events"].items()},
        boilerplate_prefixes=_low(data["boilerplate"]["line_prefixes"]),
        newsroom_words=frozenset(_low(data["boilerplate"].get("newsroom_words", []))),
    )
