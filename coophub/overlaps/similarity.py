"""The text side of overlap detection: folding, stop words, index tokens, trigram similarity, key bonuses.

Pure functions, no database: the index, the queries and the benchmark's data generator share them, so what is
stored and what is asked are folded the same way.
"""

from coophub.core.text import search_terms

# Only words that carry no meaning *after folding*. Folding merges words: "tài" (resources), "trồng" (to
# grow), "vệ", "đề"/"đê", "cơ", "tư", "an" (safe) fold onto common function words, so those are kept.
STOP_WORDS = frozenset(
    """
    va cua cac nhung mot voi hoac nay se
    the and of to in on for with by at from or is are be as into its
    """.split()
)
MAX_WORDS = 48  # a long description adds little beyond its opening; it would only bloat the postings
MAX_WORD_LEN = 40

# Keys an OverlapSpec may return, the token prefix each is indexed under, and the score bonus when shared.
KEY_KINDS = {
    "partner_ids": ("p", "same_partner", 0.15),
    "country_ids": ("c", "same_country", 0.10),
}
# A shared key raises a match that already reads alike; it never makes one out of unrelated wording.
KEY_FLOOR = 0.25
MAX_BONUS = sum(bonus for _prefix, _reason, bonus in KEY_KINDS.values())


def words(text: str | None) -> list[str]:
    """The folded content words of a text: diacritics stripped, đ→d, punctuation and stop words dropped."""
    out = [w for w in search_terms(text) if w not in STOP_WORDS and len(w) <= MAX_WORD_LEN]
    return out[:MAX_WORDS]


def fold_text(text: str | None) -> str:
    return " ".join(words(text))


def text_tokens(text_fold: str) -> set[str]:
    """Posting tokens of a folded text: each word and each pair of neighbouring words.

    Vietnamese words are syllables ("ke", "hoach", "hanh", "dong") and most are common; the pairs
    ("ke hoach", "hoach hanh") are far rarer, so a query retrieves its candidates from a few short postings.
    """
    ws = text_fold.split()
    return set(ws) | {f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)}


def key_tokens(keys: dict | None) -> set[str]:
    """{"partner_ids": [3], "country_ids": ["JP"]} -> {"p:3", "c:jp"}. An unknown key name is a bug."""
    out = set()
    for name, values in (keys or {}).items():
        if name not in KEY_KINDS:
            raise ValueError(f"unknown overlap key {name!r}; expected one of {sorted(KEY_KINDS)}")
        prefix = KEY_KINDS[name][0]
        out.update(f"{prefix}:{str(v).strip().casefold()}" for v in values or () if v is not None and v != "")
    return out


def trigrams(text_fold: str) -> frozenset[str]:
    padded = f" {text_fold} "
    return frozenset(map("".join, zip(padded, padded[1:], padded[2:], strict=False)))


def gram_count(text_fold: str) -> int:
    return len(trigrams(text_fold)) if text_fold else 0


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def dice_bound(count_a: int, count_b: int) -> float:
    """The highest Dice two trigram sets of these sizes can reach (the smaller lying inside the larger)."""
    if not count_a or not count_b:
        return 0.0
    return 2 * min(count_a, count_b) / (count_a + count_b)


def score(similarity: float, keys_a: set[str], keys_b: set[str]) -> tuple[float, list[str]]:
    """(score 0..1, reason codes): the wording's similarity plus a bonus per shared kind of key."""
    reasons = ["similar_text"]
    shared = keys_a & keys_b if similarity >= KEY_FLOOR else ()
    if not shared:
        return similarity, reasons
    kinds = {tok.partition(":")[0] for tok in shared}
    bonus = 0.0
    for prefix, reason, weight in KEY_KINDS.values():
        if prefix in kinds:
            bonus += weight
            reasons.append(reason)
    return min(1.0, similarity + bonus), reasons
