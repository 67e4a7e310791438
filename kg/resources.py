"""The only module that knows where ontology/, shapes/, queries/ and the lexicon live.

kg is installed in editable mode from its source tree (``make demo`` does this), so the
data folders sit beside the package. ``KG_HOME`` points elsewhere if needed.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def home() -> Path:
    """Root folder holding ontology/, shapes/ and queries/."""
    env = os.environ.get("KG_HOME")
    return Path(env).resolve() if env else PACKAGE_DIR.parent


def ontology_dir() -> Path:
    return home() / "ontology"


def shapes_dir() -> Path:
    return home() / "shapes"


def queries_dir() -> Path:
    return home() / "queries"


def lexicon_path() -> Path:
    return PACKAGE_DIR / "data" / "lexicon.toml"


def ontology_files() -> list[Path]:
    """The TBox and concept schemes (not the registries)."""
    return [ontology_dir() / "kg.ttl", ontology_dir() / "concepts.ttl"]


def registry_files() -> list[Path]:
    """Actor registry and gazetteer, plus any ``*.ttl`` a user adds under ontology/extra/."""
    extra = sorted((ontology_dir() / "extra").glob("*.ttl")) if (ontology_dir() / "extra").is_dir() else []
    return [ontology_dir() / "actors.ttl", ontology_dir() / "places.ttl", *extra]
