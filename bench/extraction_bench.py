"""Benchmark of the text → engagement record extractor: field-level precision / recall / F1.

    .venv/bin/python bench/extraction_bench.py [--data DIR] [--heldout DIR] [--verbose]

Labelled set: seed 002 (expected record = 00_en_japan-nakayama.json) and every NN_*.txt/.json pair in
shared/data/engagements/; held-out set: the pairs in bench/extraction_heldout/ (written for this benchmark).
Micro-averaged over files. Targets: F1 ≥ 0.85 on date, countries and organisations, ≥ 0.7 on commitments and
agreements.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

SHARED = Path(__file__).parents[1].parent / "shared"
TARGETS = {"date": 0.85, "countries": 0.85, "organisations": 0.85, "commitments": 0.7, "agreements": 0.7}


def labelled_pairs(data_dir: Path, seeds_dir: Path | None) -> list[tuple[str, Path, Path]]:
    pairs = [
        (t.stem, t, t.with_suffix(".json"))
        for t in sorted(data_dir.glob("*.txt"))
        if t.with_suffix(".json").exists()
    ]
    if seeds_dir is not None:
        seed, expected = seeds_dir / "002_130dc5020deb3dfe.txt", data_dir / "00_en_japan-nakayama.json"
        if seed.exists() and expected.exists():
            pairs.insert(0, ("seed_002", seed, expected))
    return pairs


def run(pairs):
    from bench.extraction_score import FIELDS, Tally, score_record
    from coophub.engagements.extraction import extract

    totals = {name: Tally() for name in FIELDS}
    lines = []
    for name, text_path, json_path in pairs:
        predicted = extract(text_path.read_text(encoding="utf-8"))
        expected = json.loads(json_path.read_text(encoding="utf-8"))
        scores = score_record(predicted, expected)
        misses = []
        for field, tally in scores.items():
            totals[field].add(tally)
            misses += [f"{field} {kind}: {_short(item)}" for kind, item in tally.misses]
        lines.append(f"- {name}: " + ("; ".join(misses) if misses else "all fields match"))
    return totals, lines


def _short(item) -> str:
    if isinstance(item, dict):
        item = item.get("text") or item.get("title") or item
    text = str(item)
    return text if len(text) <= 90 else text[:87] + "…"


def table(title: str, totals) -> str:
    rows = [f"### {title}", "", "| field | P | R | F1 | TP/FP/FN | target |", "|---|---|---|---|---|---|"]
    for field, t in totals.items():
        target = TARGETS.get(field)
        mark = "" if target is None else (f"≥ {target} ✓" if t.f1 >= target else f"≥ {target} ✗")
        rows.append(
            f"| {field} | {t.precision:.2f} | {t.recall:.2f} | {t.f1:.2f} | {t.tp}/{t.fp}/{t.fn} | {mark} |"
        )
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "engagements")
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--heldout", type=Path, default=Path(__file__).parent / "extraction_heldout")
    parser.add_argument("--verbose", action="store_true", help="list each file's misses")
    args = parser.parse_args(argv)

    import django

    django.setup()
    sets = [
        ("Labelled set", labelled_pairs(args.data, args.seeds)),
        ("Held-out set", labelled_pairs(args.heldout, None)),
    ]
    for title, pairs in sets:
        if not pairs:
            print(f"### {title}\n\n(no pairs found)\n")
            continue
        totals, lines = run(pairs)
        print(table(f"{title} ({len(pairs)} files)", totals))
        print()
        if args.verbose:
            print("\n".join(lines))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
