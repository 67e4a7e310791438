"""Scoring of a claims table against gold claims, by the rules of the corpus README.

numeric recall: gold figures found with the right claimant (aliases accepted);
numeric precision: rows with a figure that match a gold figure and its claimant (a right
figure with the wrong claimant is misattributed; ``ignore_counts`` are neutral);
stance recall: responsibility, accusation, denial and condemnation claims found with the
right claimant.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from kg.errors import InputError

STANCE = {"responsibility", "accusation", "denial", "condemnation"}


def _norm(s: object) -> str:
    s = unicodedata.normalize("NFKC", str(s or "")).replace("\u2019", "'").lower()
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    s = re.sub(r"\b(the|of|s)\b", " ", s)
    return " ".join(s.split())


def claimant_ok(label: str | None, gold: dict) -> bool:
    names = [gold["claimant"], *gold.get("claimant_aliases", [])]
    if "*" in names:
        return True
    got = _norm(label)
    return bool(got) and any(got == n or (len(n) > 3 and (n in got or got in n)) for n in map(_norm, names))


def _int(v: object) -> int | None:
    try:
        return int(float(v)) if v not in (None, "") else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def score(rows: list[dict], gold_dir: Path | str) -> dict:
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise InputError(f"{gold_dir}: no gold files (*.json)")
    res: dict = {"num_gold": 0, "num_found": 0, "num_rows": 0, "num_tp_rows": 0, "num_fp_rows": 0,
                 "num_misattributed": 0, "stance_gold": 0, "stance_found": 0, "missed": [], "false_pos": []}
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(Path(str(r.get("doc", ""))).stem, []).append(r)
    for f in gold_files:
        g = json.loads(f.read_text(encoding="utf-8"))
        doc, drows = g["doc"], by_doc.get(g["doc"], [])
        numeric = [c for c in g["claims"] if c.get("count") is not None]
        seen = set()
        for c in numeric:
            if (c["count"], c["claimant"]) in seen:
                continue
            seen.add((c["count"], c["claimant"]))
            res["num_gold"] += 1
            if any(_int(r.get("count")) == c["count"] and claimant_ok(r.get("claimant"), c) for r in drows):
                res["num_found"] += 1
            else:
                res["missed"].append(f"{doc}: {c['claimant']} {c['count']} {c.get('category')}")
        ignore = set(g.get("ignore_counts", []))
        for r in drows:
            n = _int(r.get("count"))
            if n is None:
                continue
            match = [c for c in numeric if c["count"] == n]
            if any(claimant_ok(r.get("claimant"), c) for c in match):
                res["num_rows"] += 1
                res["num_tp_rows"] += 1
            elif match:
                res["num_rows"] += 1
                res["num_fp_rows"] += 1
                res["num_misattributed"] += 1
                res["false_pos"].append(f"{doc}: misattributed {n} to {r.get('claimant')!r}")
            elif n not in ignore:
                res["num_rows"] += 1
                res["num_fp_rows"] += 1
                res["false_pos"].append(f"{doc}: {r.get('claimant')!r} {n} {r.get('category')}")
        for c in g["claims"]:
            if c["type"] in STANCE:
                res["stance_gold"] += 1
                if any(str(r.get("type", "")).lower() == c["type"] and claimant_ok(r.get("claimant"), c)
                       for r in drows):
                    res["stance_found"] += 1
                else:
                    res["missed"].append(f"{doc}: {c['type']} by {c['claimant']}")
    res["numeric_recall"] = round(res["num_found"] / max(1, res["num_gold"]), 3)
    res["numeric_precision"] = round(res["num_tp_rows"] / max(1, res["num_rows"]), 3)
    res["stance_recall"] = round(res["stance_found"] / max(1, res["stance_gold"]), 3)
    return res
