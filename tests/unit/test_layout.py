"""Page furniture: mastheads with a section, and newsroom lines that are not publishers."""

from __future__ import annotations

from kg.ingest import article_from_text

BODY = ("KABUL - Gunmen killed four guards at a checkpoint on Monday, the interior ministry said "
        "in a statement.")


def test_masthead_with_a_section_gives_the_publisher():
    art = article_from_text(f"Kandahar Courier | Security\n\nGunmen kill four guards at checkpoint\n\n{BODY}\n")
    assert art.publisher == "Kandahar Courier"


def test_newsroom_lines_are_not_publishers():
    for header in ("EXPLAINER", "Staff Writer", "Live updates"):
        text = f"{header}\n\nGunmen kill four guards at checkpoint\n\nStaff Writer\n\n{BODY}\n"
        assert article_from_text(text).publisher is None, header
