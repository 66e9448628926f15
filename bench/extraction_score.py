"""Field-level scoring of extracted engagement records against hand-labelled ones (see extraction_bench.py).

Each scorer returns (tp, fp, fn) for one file; the benchmark sums them over files (micro-average).
"""

from dataclasses import dataclass, field

from coophub.core.text import fold_vi
from coophub.engagements.extraction.normalize import normalize_text

FIELDS = (
    "people",
    "organisations",
    "countries",
    "date",
    "event_type",
    "commitments",
    "agreements",
    "location",
)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def contains(a: str | None, b: str | None) -> bool:
    """Containment either way after case and diacritic folding."""
    fa, fb = fold_vi(a), fold_vi(b)
    return bool(fa and fb) and (fa in fb or fb in fa)


def _match(predicted: list, expected: list, same) -> Tally:
    """Greedy one-to-one matching; unmatched predictions are false positives, unmatched labels false
    negatives."""
    tally, free = Tally(), list(expected)
    for item in predicted:
        hit = next((e for e in free if same(item, e)), None)
        if hit is None:
            tally.fp += 1
            tally.misses.append(("FP", item))
        else:
            free.remove(hit)
            tally.tp += 1
    tally.fn = len(free)
    tally.misses += [("FN", e) for e in free]
    return tally


def score_people(pred: dict, exp: dict) -> Tally:
    """Names per side (vn_side with vn_side, partner_side with partner_side), by containment; null names
    skipped."""
    tally = Tally()
    for side in ("vn_side", "partner_side"):
        p = [f"{side}:{x['name']}" for x in pred.get(side, []) if x.get("name")]
        e = [f"{side}:{x['name']}" for x in exp.get(side, []) if x.get("name")]
        tally_side = _match(
            p,
            e,
            lambda a, b: (
                a.split(":")[0] == b.split(":")[0] and contains(a.split(":", 1)[1], b.split(":", 1)[1])
            ),
        )
        tally.add(tally_side)
        tally.misses += tally_side.misses
    return tally


def score_organisations(pred: dict, exp: dict) -> Tally:
    return _match(pred.get("partner_organizations", []), exp.get("partner_organizations", []), contains)


def score_countries(pred: dict, exp: dict) -> Tally:
    return _match(
        sorted(set(pred.get("partner_countries", []))),
        sorted(set(exp.get("partner_countries", []))),
        lambda a, b: a == b,
    )


def _exact(value, expected) -> Tally:
    if value is None and expected is None:
        return Tally()
    if value == expected:
        return Tally(tp=1)
    tally = Tally(fp=int(value is not None), fn=int(expected is not None))
    tally.misses.append(("WRONG", f"{value!r} ≠ {expected!r}"))
    return tally


def score_date(pred: dict, exp: dict) -> Tally:
    return _exact(pred.get("meeting_date"), exp.get("meeting_date"))


def score_event_type(pred: dict, exp: dict) -> Tally:
    return _exact(pred.get("event_type"), exp.get("event_type"))


def score_location(pred: dict, exp: dict) -> Tally:
    def key(loc):
        return None if not loc else (fold_vi(loc.get("city")) or None, loc.get("country"))

    return _exact(key(pred.get("location")), key(exp.get("location")))


def find_span(text: str, needle: str) -> list[int] | None:
    """Where a labelled substring sits in the extractor's normalised text."""
    for candidate in (needle, normalize_text(needle)):
        pos = text.find(candidate)
        if pos >= 0:
            return [pos, pos + len(candidate)]
    return None


def overlaps(a: list[int] | None, b: list[int] | None, share: float = 0.5) -> bool:
    """Spans overlap by at least `share` of the shorter one."""
    if not a or not b:
        return False
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and inter >= share * shorter


def score_commitments(pred: dict, exp: dict) -> Tally:
    text = pred.get("text", "")
    expected = [dict(e, span=find_span(text, e["text"])) for e in exp.get("commitments", [])]
    return _match(pred.get("commitments", []), expected, lambda a, b: overlaps(a.get("span"), b["span"]))


def score_agreements(pred: dict, exp: dict) -> Tally:
    text = pred.get("text", "")
    expected = [dict(e, span=find_span(text, e["title"])) for e in exp.get("agreements_signed", [])]
    return _match(
        pred.get("agreements_signed", []),
        expected,
        lambda a, b: contains(a["title"], b["title"]) or overlaps(a.get("span"), b["span"]),
    )


SCORERS = {
    "people": score_people,
    "organisations": score_organisations,
    "countries": score_countries,
    "date": score_date,
    "event_type": score_event_type,
    "commitments": score_commitments,
    "agreements": score_agreements,
    "location": score_location,
}


def score_record(pred: dict, exp: dict) -> dict[str, Tally]:
    return {name: scorer(pred, exp) for name, scorer in SCORERS.items()}
