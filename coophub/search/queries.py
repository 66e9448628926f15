"""The global search: folded full-text match, then every hit confirmed against its model's policy scope."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from coophub.access.policies import VIEW, policy_for
from coophub.core.text import search_terms

from . import backends
from .registry import indexes

MAX_LIMIT = 100
# A list filtered by text takes at most this many matching records.
MAX_SCAN = 10_000


@dataclass(frozen=True)
class Hit:
    type: str
    id: int
    title: str
    subtitle: str
    url: str
    group: str


def search(user, query: str, *, limit: int = 20, types: list[str] | None = None) -> list[Hit]:
    tokens = search_terms(query)[:12]
    if not tokens or not user.is_authenticated:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    by_ct = {ContentType.objects.get_for_model(m).pk: (m, index) for m, index in indexes().items()}
    if types:
        by_ct = {ct: mi for ct, mi in by_ct.items() if mi[0]._meta.label_lower in types}
        if not by_ct:
            return []
    # One ranked query gives every candidate the backend will rank; they are confirmed against the policy
    # scopes in batches, so records the user may not see never show and never crowd visible ones off the page.
    type_ids = list(by_ct) if types else None
    candidates = backends.match_ids(tokens, limit=backends.common.RANK_WINDOW, type_ids=type_ids)
    batch = max(limit * 5, 100)
    found: list[tuple[int, int]] = []
    for start in range(0, len(candidates), batch):
        chunk = candidates[start : start + batch]
        allowed = _visible(user, by_ct, chunk)
        found.extend((ct_id, obj_id) for _eid, ct_id, obj_id in chunk if (ct_id, obj_id) in allowed)
        if len(found) >= limit:
            break
    found = found[:limit]
    # Titles and subtitles are rendered now, in the reader's language, from the records themselves.
    objects: dict[int, dict[int, object]] = {}
    for ct_id in {ct_id for ct_id, _obj_id in found}:
        _model, index = by_ct[ct_id]
        objects[ct_id] = index.display_queryset().in_bulk([obj_id for ct, obj_id in found if ct == ct_id])
    hits = []
    for ct_id, obj_id in found:
        model, index = by_ct[ct_id]
        obj = objects[ct_id].get(obj_id)
        if obj is None:  # deleted since its visibility was confirmed
            continue
        hits.append(
            Hit(
                type=model._meta.label_lower,
                id=obj_id,
                title=index.title(obj)[:500],
                subtitle=index.subtitle(obj)[:500],
                url=index.url(obj_id),
                group=str(index.group_label()),
            )
        )
    return hits


def matching_object_ids(model, query: str, *, limit: int = MAX_SCAN) -> list[int]:
    """Ids of the records of one model whose entry matches the query, best first, not yet scope-checked.

    For filtering a list that already starts from the policy scope (it may hold more than MAX_LIMIT rows)."""
    tokens = search_terms(query)[:12]
    if not tokens:
        return []
    ct_id = ContentType.objects.get_for_model(model).pk
    return [obj_id for _eid, _ct, obj_id in backends.match_ids(tokens, limit=limit, type_ids=[ct_id])]


def _visible(user, by_ct, candidates) -> set[tuple[int, int]]:
    wanted: dict[int, set[int]] = {}
    for _entry_id, ct_id, obj_id in candidates:
        if ct_id in by_ct:
            wanted.setdefault(ct_id, set()).add(obj_id)
    allowed: set[tuple[int, int]] = set()
    for ct_id, ids in wanted.items():
        model, _index = by_ct[ct_id]
        visible = policy_for(model).scope(user, VIEW).filter(pk__in=ids).values_list("pk", flat=True)
        allowed.update((ct_id, pk) for pk in visible)
    return allowed


def grouped(hits: list[Hit]) -> dict[str, list[Hit]]:
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.group, []).append(hit)
    return groups
