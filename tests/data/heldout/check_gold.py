#!/usr/bin/env python3
"""Consistency checks for the held-out gold files (run: python3 check_gold.py).

For each gold/<doc>.json: the JSON parses and has the corpus fields; `doc` equals the file stem and
docs/<doc>.txt exists; every quote occurs verbatim in the text; every gold count occurs in its quote
(as digits, with or without thousands separators, or as an English number word); every number that
occurs in the text (digits or number words) is either a gold count or listed in ignore_counts;
ignore_counts and gold counts do not overlap, and every ignore_count occurs in the text.
"""
import datetime, json, pathlib, re, sys

HERE = pathlib.Path(__file__).resolve().parent
TYPES = {"casualty", "responsibility", "accusation", "denial", "condemnation", "other"}
STANCE = {"responsibility", "accusation", "denial", "condemnation"}
UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
         "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}

def numbers(text):
    """All numbers written in the text: digit groups (1,900 -> 1900; 1:30 -> 1, 30) and number words."""
    found = set()
    for m in re.finditer(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+", text):
        found.add(int(m.group().replace(",", "")))
    for m in re.finditer(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(one|two|three|four|five|six|seven|eight|nine))?\b"
                         r"|\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b",
                         text, re.I):
        if m.group(1):
            found.add(TENS[m.group(1).lower()] + (UNITS[m.group(2).lower()] if m.group(2) else 0))
        else:
            found.add(UNITS[m.group(3).lower()])
    return found

def main():
    errors, n_num, n_stance, n_claims = [], 0, 0, 0
    golds = sorted((HERE / "gold").glob("*.json"))
    for f in golds:
        try:
            g = json.loads(f.read_text(encoding="utf-8"))
        except ValueError as e:
            errors.append(f"{f.name}: invalid JSON: {e}"); continue
        err = lambda m: errors.append(f"{f.stem}: {m}")
        for k in ("doc", "url", "publisher", "published", "claims", "ignore_counts"):
            if k not in g:
                err(f"missing field {k}")
        if g.get("doc") != f.stem:
            err("doc field != file stem")
        if g.get("published"):
            datetime.date.fromisoformat(g["published"])
        txt_path = HERE / "docs" / f"{f.stem}.txt"
        if not txt_path.exists():
            err("no text file"); continue
        text = txt_path.read_text(encoding="utf-8")
        counts = set()
        for c in g["claims"]:
            n_claims += 1
            for k in ("claimant", "claimant_aliases", "type", "about", "count", "qualifier", "category", "quote"):
                if k not in c:
                    err(f"claim missing {k}: {c}")
            if c["type"] not in TYPES:
                err(f"bad type {c['type']}")
            if c["quote"] not in text:
                err(f"quote not in text: {c['quote'][:80]!r}")
            if c["count"] is not None:
                if not isinstance(c["count"], int):
                    err(f"count not int: {c['count']}")
                counts.add(c["count"])
                if c["count"] not in numbers(c["quote"]):
                    err(f"count {c['count']} not written in its quote")
            if c["type"] in STANCE:
                n_stance += 1
                if c["count"] is not None:
                    err("stance claim with a count")
        n_num += len({(c["count"], c["claimant"]) for c in g["claims"] if c["count"] is not None})
        ignore = set(g["ignore_counts"])
        in_text = numbers(text)
        if ignore & counts:
            err(f"ignore_counts overlap gold counts: {sorted(ignore & counts)}")
        if ignore - in_text:
            err(f"ignore_counts not in text: {sorted(ignore - in_text)}")
        if in_text - ignore - counts:
            err(f"numbers in text neither claimed nor ignored: {sorted(in_text - ignore - counts)}")
    for e in errors:
        print("ERROR", e)
    print(f"{len(golds)} gold files, {n_claims} claims, {n_num} numeric gold claims (unique count+claimant, "
          f"as scored), {n_stance} stance claims, {len(errors)} errors")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main())
