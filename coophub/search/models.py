from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One indexed record. `title_fold`/`body_fold` hold the folded words (search_terms), single-spaced; the
    backend's full-text index (FTS5 table on SQLite, generated tsvector + GIN on PostgreSQL) is built over
    them by migration 0002."""

    object_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    title_fold = models.TextField()
    body_fold = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="search_entry_unique_object"),
        ]

    def __str__(self):
        return f"{self.object_type_id}:{self.object_id}"
