"""The Ministry-wide "possible overlaps" report: pairs of open records that read alike.

Comparing every pair of 200,000 open records is out of the question, so pairs are proposed by their rarest
shared word pairs (prefix filtering): every entry is filed under its PREFIX rarest word pairs held by
2..MAX_BUCKET open entries, and two entries sharing at least two of those (or their only one) are scored like
find_similar does. Near-duplicates share most of their words, hence their rarest pairs. A word pair held by
more than MAX_BUCKET open records pairs nothing: 300 units' "Báo cáo tổng kết năm 2026" are alike by design,
not overlaps to resolve.

The work grows with the records and with how alike they are: 200,000 synthetic records with 360,000 pairs
scoring 0.6 take tens of seconds (bench/RESULTS.md), so the report is a background job, not a page request.
"""

from collections import Counter, defaultdict
from itertools import combinations

from . import similarity
from .models import OverlapEntry
from .queries import Match, Pair, _type_ids, records

PREFIX = 5
MAX_BUCKET = 200


def possible_overlaps(*, models=None, min_score: float = 0.6, limit: int = 500) -> list[Pair]:
    """Likely duplicate pairs among open records, each pair once, best first; not filtered for a reader
    (visible_pairs does that)."""
    return materialise(overlap_keys(models=models, min_score=min_score, limit=limit)[1])


def overlap_keys(*, models=None, min_score: float = 0.6, limit: int = 500) -> tuple[int, list[tuple]]:
    """(records compared, [(score, reasons, (type id, object id), (type id, object id)), …] best first): the
    report's content in a form that can be stored and shown later."""
    rows = open_rows(models)
    scored = scored_pairs(rows, min_score)[: max(1, limit)]
    return len(rows), [(round(v, 4), reasons, rows[a][:2], rows[b][:2]) for v, reasons, a, b in scored]


def materialise(keyed: list[tuple]) -> list[Pair]:
    """Pairs of the records that still exist, labelled now in the reader's language."""
    keyed = [(v, reasons, tuple(ka), tuple(kb)) for v, reasons, ka, kb in keyed]
    found = records(key for _v, _r, ka, kb in keyed for key in (ka, kb))
    pairs = []
    for value, reasons, ka, kb in keyed:
        if ka in found and kb in found:
            first = Match(found[ka][0], ka[1], value, reasons, *found[ka][1:])
            second = Match(found[kb][0], kb[1], value, reasons, *found[kb][1:])
            pairs.append(Pair(first, second, value, reasons))
    return pairs


def open_rows(models=None) -> list[tuple]:
    """(object type id, object id, text_fold, keys, grams_count) of every open entry, oldest first."""
    entries = OverlapEntry.objects.filter(is_open=True)
    type_ids = _type_ids(models)
    if type_ids is not None:
        entries = entries.filter(object_type_id__in=type_ids)
    return list(
        entries.order_by("id").values_list("object_type_id", "object_id", "text_fold", "keys", "grams_count")
    )


def _pairing_tokens(text_fold: str) -> tuple[str, ...]:
    """Word pairs (a text of one word: that word). A pair is rarer than either of its words, and a rare word
    is held by the pairs it stands in, so pairs alone give the prefixes at half the tokens."""
    ws = text_fold.split()
    if len(ws) < 2:
        return tuple(ws)
    return tuple({f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False)})


def scored_pairs(rows: list[tuple], min_score: float) -> list[tuple[float, list[str], int, int]]:
    """(score, reasons, i, j) for the pairs of rows (i < j, indexes into rows) scoring at least min_score,
    best first."""
    tokens = [_pairing_tokens(row[2]) for row in rows]
    df: Counter = Counter()
    for toks in tokens:
        df.update(toks)
    buckets: dict[str, list[int]] = defaultdict(list)
    prefix_len = []
    for i, toks in enumerate(tokens):
        prefix = sorted((df[t], t) for t in toks if 2 <= df[t] <= MAX_BUCKET)[:PREFIX]
        prefix_len.append(len(prefix))
        for _n, token in prefix:
            buckets[token].append(i)
    del tokens, df
    shared: Counter = Counter()
    for members in buckets.values():
        shared.update(combinations(members, 2))
    del buckets
    grams: dict[int, frozenset] = {}
    keys: dict[int, set[str]] = {}
    scored = []
    floor = min_score - similarity.MAX_BONUS
    for (a, b), count in shared.items():
        if count < min(2, prefix_len[a], prefix_len[b]):
            continue
        if similarity.dice_bound(rows[a][4], rows[b][4]) < floor:
            continue
        for i in (a, b):
            if i not in grams:
                grams[i] = similarity.trigrams(rows[i][2])
                keys[i] = set(rows[i][3].split())
        sim = similarity.dice(grams[a], grams[b])
        value, reasons = similarity.score(sim, keys[a], keys[b])
        if value >= min_score:
            scored.append((value, reasons, a, b, sim))
    scored.sort(key=lambda s: (-s[0], -s[4], s[2], s[3]))
    return [s[:4] for s in scored]
