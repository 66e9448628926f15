"""Which models take part in overlap detection, and keeping their index entries current.

A model joins by declaring an OverlapSpec in its app (e.g. ``assignments/overlaps.py``) and decorating it with
``@register_overlap``; its services call ``reindex_overlap(obj)`` after every write that changes the text, the
keys or whether the record is open, and ``unindex_overlap(obj)`` before deleting it. There are no signals: the
service is the one write path (DESIGN rule 1), and a bulk import reindexes what it wrote.

The engine knows records only as (content type, object id); it reads them back through the spec to render
labels and links, and through the model's policy to decide who may see a match.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import similarity

_specs: dict[type[models.Model], "OverlapSpec"] = {}


class OverlapSpec:
    model: type[models.Model]

    def text(self, obj) -> str:
        """What is compared: title and description."""
        raise NotImplementedError

    def keys(self, obj) -> dict:
        """{"partner_ids": [...], "country_ids": [...]}, either or both may be missing or empty."""
        return {}

    def is_open(self, obj) -> bool:
        return True

    def label(self, obj) -> str:
        return str(obj)

    def url(self, obj) -> str:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""

    def queryset(self) -> models.QuerySet:
        """What indexing and showing a match read: everything text(), keys() and label() need."""
        return self.model._default_manager.all()


def register_overlap(spec_cls):
    spec = spec_cls()
    _specs[spec.model] = spec
    return spec_cls


def unregister_overlap(model: type[models.Model]) -> None:
    _specs.pop(model, None)


def specs() -> dict[type[models.Model], OverlapSpec]:
    return dict(_specs)


def spec_for(model) -> OverlapSpec | None:
    return _specs.get(model if isinstance(model, type) else type(model))


def entry_values(text: str, keys: dict | None, is_open: bool = True) -> tuple[dict, set[str]]:
    """(OverlapEntry field values, posting tokens) for a record's text and keys."""
    text_fold = similarity.fold_text(text)
    key_toks = similarity.key_tokens(keys)
    values = {
        "is_open": is_open,
        "text_fold": text_fold,
        "keys": " ".join(sorted(key_toks)),
        "grams_count": similarity.gram_count(text_fold),
    }
    tokens = (similarity.text_tokens(text_fold) | key_toks) if is_open else set()
    return values, tokens


def reindex_overlap(obj) -> None:
    """Write obj's entry and postings anew. A model without a spec is ignored: services may always call it."""
    from .models import OverlapEntry, OverlapToken

    spec = spec_for(obj)
    if spec is None:
        return
    values, tokens = entry_values(spec.text(obj), spec.keys(obj), bool(spec.is_open(obj)))
    object_type = ContentType.objects.get_for_model(obj)
    entry, _created = OverlapEntry.objects.update_or_create(
        object_type=object_type, object_id=obj.pk, defaults=values
    )
    # Only the difference is written: most edits leave most postings as they were.
    current = set(OverlapToken.objects.filter(entry=entry).values_list("token", flat=True))
    if current - tokens:
        OverlapToken.objects.filter(entry=entry, token__in=current - tokens).delete()
    OverlapToken.objects.bulk_create(
        OverlapToken(entry=entry, token=token, object_type=object_type) for token in sorted(tokens - current)
    )


def unindex_overlap(obj) -> None:
    from .models import OverlapEntry

    OverlapEntry.objects.filter(object_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).delete()


def rebuild_overlaps(models_: list[type[models.Model]] | None = None) -> int:
    """Reindex every record of the given (default: all registered) models and drop entries of records that
    no longer exist. Returns how many records were indexed."""
    from .models import OverlapEntry

    count = 0
    for model, spec in specs().items():
        if models_ is not None and model not in models_:
            continue
        seen = set()
        for obj in spec.queryset().iterator(chunk_size=1000):
            reindex_overlap(obj)
            seen.add(obj.pk)
            count += 1
        entries = OverlapEntry.objects.filter(object_type=ContentType.objects.get_for_model(model))
        stale = sorted(set(entries.values_list("object_id", flat=True)) - seen)
        for start in range(0, len(stale), 500):
            entries.filter(object_id__in=stale[start : start + 500]).delete()
    return count
