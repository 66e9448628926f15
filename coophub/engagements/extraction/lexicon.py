"""Loading of the lexicon files in `data/` (and of the shipped country table), cached for the process."""

import csv
import functools
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
COUNTRIES_CSV = Path(__file__).resolve().parents[2] / "partners" / "data" / "countries.csv"


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


@functools.cache
def rows(name: str) -> tuple[dict, ...]:
    return tuple(_rows(DATA / name))


@functools.cache
def words(name: str) -> tuple[str, ...]:
    text = (DATA / name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@functools.cache
def country_rows() -> tuple[dict, ...]:
    return tuple(_rows(COUNTRIES_CSV))


@functools.cache
def cues(lang: str, kind: str) -> tuple[str, ...]:
    """Cue phrases of one kind, longest first so that alternations prefer the longer phrase."""
    found = {row["phrase"] for row in rows("cues.csv") if row["lang"] == lang and row["kind"] == kind}
    return tuple(sorted(found, key=lambda p: (-len(p), p)))


@functools.cache
def titles(lang: str) -> tuple[tuple[str, str], ...]:
    found = [(row["title"], row["kind"]) for row in rows("titles.csv") if row["lang"] == lang]
    return tuple(sorted(found, key=lambda t: (-len(t[0]), t[0])))
