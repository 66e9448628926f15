"""Search is declared once per model with a SearchIndex subclass in the app's search.py."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.urls import reverse

from coophub.core.text import search_terms

_indexes: dict[type[models.Model], "SearchIndex"] = {}


class SearchIndex:
    model: type[models.Model]
    # Attribute names (or callables taking the object) whose text is searchable; title fields rank higher.
    title_fields: tuple = ()
    body_fields: tuple = ()
    url_name: str = ""
    label = None  # translatable plural name shown as the group heading

    def texts(self, obj, fields) -> list[str]:
        out = []
        for field in fields:
            value = field(obj) if callable(field) else getattr(obj, field, "")
            if isinstance(value, list | tuple):
                out.extend(str(v) for v in value if v)
            elif value:
                out.append(str(value))
        return out

    def title(self, obj) -> str:
        return str(obj)

    def subtitle(self, obj) -> str:
        return ""

    def url(self, obj_id) -> str:
        return reverse(self.url_name, args=[obj_id])

    def group_label(self):
        return self.label or self.model._meta.verbose_name_plural

    def queryset(self):
        """What indexing reads: everything the title and body fields need."""
        return self.model._default_manager.all()

    def display_queryset(self):
        """What showing a hit reads: what title() and subtitle() need."""
        return self.queryset()


def register_search(index_cls):
    index = index_cls()
    _indexes[index.model] = index
    post_save.connect(_on_save, sender=index.model, dispatch_uid=f"search-save-{index.model._meta.label}")
    post_delete.connect(_on_delete, sender=index.model, dispatch_uid=f"search-del-{index.model._meta.label}")
    return index_cls


def indexes() -> dict[type[models.Model], "SearchIndex"]:
    return dict(_indexes)


def index_for(model) -> "SearchIndex | None":
    return _indexes.get(model)


def _fold(texts: list[str]) -> str:
    return " ".join(tok for text in texts for tok in search_terms(text))


def entry_values(index: "SearchIndex", obj) -> dict:
    return {
        "title_fold": _fold(index.texts(obj, index.title_fields)),
        "body_fold": _fold(index.texts(obj, index.body_fields)),
    }


def reindex(obj) -> None:
    from .models import SearchEntry

    index = _indexes.get(type(obj))
    if index is None:
        return
    SearchEntry.objects.update_or_create(
        object_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults=entry_values(index, obj),
    )


def unindex(obj) -> None:
    from .models import SearchEntry

    SearchEntry.objects.filter(object_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).delete()


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex(instance)


def _on_delete(sender, instance, **kwargs):
    unindex(instance)
