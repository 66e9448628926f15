"""Finding open records that read like a new one, and who may see them.

How a query stays fast at 200,000 open entries without pg_trgm (the same SQL on SQLite and PostgreSQL):

1. The text is folded (fold_vi, stop words dropped) into words; its posting tokens are the words, the pairs of
   neighbouring words and the keys ("p:12", "c:jp").
2. Document frequencies of those tokens are counted in the postings index, each count stopping at DF_CAP rows;
   frequencies of common tokens are cached per process for DF_TTL seconds (rare ones are cheap to count and
   must never be stale: a word first used a minute ago is exactly what finds a duplicate made a minute ago).
3. The rarest tokens are taken until their postings reach POSTINGS_BUDGET (never fewer than MIN_LOOKUP);
   each token contributes at most DF_CAP of its newest postings. One query groups those postings by entry and
   keeps the CANDIDATES entries sharing the most of them.
4. Those candidates are scored in Python: Dice coefficient of the character trigrams of the folded texts,
   plus a bonus for a shared partner or country (similarity.score). Only the best `limit` are read back from
   their models to render labels and links.

A near-duplicate shares most of its words, so it shares the rare ones the lookup uses; an unrelated record
that happens to share one is scored and dropped. Postings exist only for open records, so closed ones never
match.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils.translation import gettext as _

from coophub.access.policies import VIEW, policy_for

from . import similarity
from .models import OverlapEntry, OverlapToken
from .registry import spec_for

DF_CAP = 5_000
DF_TTL = 600.0
DF_CACHE_MIN = 200  # frequencies below this are always counted afresh
POSTINGS_BUDGET = 6_000
MIN_LOOKUP = 3
MAX_LOOKUP = 8
CANDIDATES = 500

_df_cache: dict[str, tuple[int, float]] = {}


@dataclass
class Match:
    model: type
    object_id: int
    score: float
    reasons: list[str]  # codes: "similar_text", "same_partner", "same_country"
    label: str = ""
    url: str = ""

    @property
    def type(self) -> str:
        return self.model._meta.label_lower

    def explanations(self) -> list[str]:
        """The reasons as sentences for the reader, in the active language."""
        texts = {
            "similar_text": _("similar wording"),
            "same_partner": _("same partner"),
            "same_country": _("same country"),
        }
        return [str(texts.get(code, code)) for code in self.reasons]


@dataclass
class Pair:
    first: Match
    second: Match
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """A query, folded, and the posting tokens its candidates are looked up by."""

    text_fold: str
    grams: frozenset
    keys: set[str]
    lookup: list[str]
    type_ids: list[int] | None


def clear_cache() -> None:
    _df_cache.clear()


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def document_frequencies(tokens) -> dict[str, int]:
    """How many open entries hold each token, counting at most DF_CAP (so DF_CAP means "at least")."""
    now = time.monotonic()
    out, missing = {}, []
    for token in tokens:
        cached = _df_cache.get(token)
        if cached and cached[1] > now:
            out[token] = cached[0]
        else:
            missing.append(token)
    if missing:
        table = _table(OverlapToken)
        parts, params = [], []
        for i, token in enumerate(missing):
            parts.append(
                f"SELECT {i} AS i, COUNT(*) AS n FROM (SELECT 1 FROM {table} WHERE token = %s LIMIT %s) s{i}"
            )
            params += [token, DF_CAP]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for i, n in cursor.fetchall():
                out[missing[i]] = n
                if n >= DF_CACHE_MIN:
                    _df_cache[missing[i]] = (n, now + DF_TTL)
        if len(_df_cache) > 100_000:
            _df_cache.clear()
    return out


def _type_ids(models) -> list[int] | None:
    if models is None:
        return None
    return [ContentType.objects.get_for_model(m).pk for m in models]


def plan(text: str, *, partner_ids=(), country_ids=(), models=None) -> Plan:
    text_fold = similarity.fold_text(text)
    keys = similarity.key_tokens({"partner_ids": list(partner_ids), "country_ids": list(country_ids)})
    tokens = similarity.text_tokens(text_fold) | keys if text_fold else set()
    dfs = document_frequencies(sorted(tokens))
    # Rarest first; among equally frequent tokens the longer (a word pair) is the more specific.
    ordered = sorted((t for t in tokens if dfs.get(t)), key=lambda t: (dfs[t], -len(t), t))
    lookup, total = [], 0
    for token in ordered[:MAX_LOOKUP]:
        if len(lookup) >= MIN_LOOKUP and total + dfs[token] > POSTINGS_BUDGET:
            break
        lookup.append(token)
        total += dfs[token]
    return Plan(text_fold, similarity.trigrams(text_fold), keys, lookup, _type_ids(models))


def candidate_rows(p: Plan) -> list[tuple]:
    """(entry id, object type id, object id, text_fold, keys, grams_count) of the open entries sharing the
    most lookup tokens; each token reads at most DF_CAP of its newest postings from the (token, entry)
    index."""
    if not p.lookup:
        return []
    tokens_table, entries_table = _table(OverlapToken), _table(OverlapEntry)
    type_filter = ""
    if p.type_ids:
        type_filter = f" AND object_type_id IN ({', '.join('%s' for _ in p.type_ids)})"
    parts, params = [], []
    for i, token in enumerate(p.lookup):
        parts.append(
            f"SELECT entry_id FROM (SELECT entry_id FROM {tokens_table} WHERE token = %s{type_filter} "
            f"ORDER BY entry_id DESC LIMIT %s) t{i}"
        )
        params += [token, *(p.type_ids or ()), DF_CAP]
    sql = (
        f"SELECT e.id, e.object_type_id, e.object_id, e.text_fold, e.keys, e.grams_count "
        f"FROM (SELECT entry_id, COUNT(*) AS n FROM ({' UNION ALL '.join(parts)}) u "
        f"GROUP BY entry_id ORDER BY n DESC, entry_id DESC LIMIT %s) c "
        f"JOIN {entries_table} e ON e.id = c.entry_id WHERE e.is_open"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, CANDIDATES])
        return cursor.fetchall()


def records(keys) -> dict[tuple[int, int], tuple[type, str, str]]:
    """{(type id, object id): (model, label, url)} for the records that still exist, rendered now (in the
    reader's language) through their model's spec."""
    ids: dict[int, list[int]] = defaultdict(list)
    for type_id, object_id in keys:
        ids[type_id].append(object_id)
    out = {}
    for type_id, object_ids in ids.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        spec = spec_for(model) if model else None
        if spec is None:
            continue
        for pk, obj in spec.queryset().in_bulk(object_ids).items():
            out[(type_id, pk)] = (model, str(spec.label(obj)), spec.url(obj))
    return out


def _materialise(scored: list[tuple[float, list[str], int, int]]) -> list[Match]:
    found = records((type_id, object_id) for _v, _r, type_id, object_id in scored)
    return [
        Match(found[(t, o)][0], o, round(value, 4), reasons, *found[(t, o)][1:])
        for value, reasons, t, o in scored
        if (t, o) in found
    ]


def find_similar(
    text: str,
    *,
    partner_ids=(),
    country_ids=(),
    exclude=None,
    models: list[type] | None = None,
    limit: int = 10,
    min_score: float = 0.35,
) -> list[Match]:
    """Open records reading like `text`, best first, NOT yet filtered by who may see them (visible_matches).

    `exclude` is the record being edited, so it does not find itself."""
    if models is not None and not models:
        return []
    p = plan(text, partner_ids=partner_ids, country_ids=country_ids, models=models)
    if not p.grams:
        return []
    skip = None
    if exclude is not None and exclude.pk is not None:
        skip = (ContentType.objects.get_for_model(exclude).pk, exclude.pk)
    q_count = len(p.grams)
    scored = []
    for _id, type_id, object_id, text_fold, keys, grams_count in candidate_rows(p):
        if (type_id, object_id) == skip:
            continue
        if similarity.dice_bound(q_count, grams_count) + similarity.MAX_BONUS < min_score:
            continue
        sim = similarity.dice(p.grams, similarity.trigrams(text_fold))
        value, reasons = similarity.score(sim, p.keys, set(keys.split()))
        if value >= min_score:
            scored.append((value, reasons, type_id, object_id, sim))
    # A bonus can lift several matches to 1.0; the wording alone then decides, and the newest goes first.
    scored.sort(key=lambda s: (-s[0], -s[4], -s[3]))
    return _materialise([s[:4] for s in scored[: max(1, limit)]])


def visible_matches(user, matches: list[Match]) -> list[Match]:
    """The matches the user may view (each model's policy scope), in the same order."""
    ids: dict[type, set[int]] = defaultdict(set)
    for m in matches:
        ids[m.model].add(m.object_id)
    allowed = set()
    for model, object_ids in ids.items():
        visible = policy_for(model).scope(user, VIEW).filter(pk__in=object_ids).values_list("pk", flat=True)
        allowed.update((model, pk) for pk in visible)
    return [m for m in matches if (m.model, m.object_id) in allowed]


def find_visible_similar(user, text: str, *, limit: int = 10, **kwargs) -> list[Match]:
    """find_similar, then visible_matches: what to show the officer before saving a new record."""
    return visible_matches(user, find_similar(text, limit=limit * 5, **kwargs))[:limit]


def visible_pairs(user, pairs: list[Pair]) -> list[Pair]:
    """The pairs of which the user may view both records."""
    shown = visible_matches(user, [m for pair in pairs for m in (pair.first, pair.second)])
    keys = {(m.model, m.object_id) for m in shown}
    return [
        pair
        for pair in pairs
        if (pair.first.model, pair.first.object_id) in keys
        and (pair.second.model, pair.second.object_id) in keys
    ]


def possible_overlaps(*, models=None, min_score: float = 0.6, limit: int = 500) -> list[Pair]:
    """The Ministry-wide report of likely duplicate pairs (coophub.overlaps.report)."""
    from .report import possible_overlaps as report

    return report(models=models, min_score=min_score, limit=limit)
