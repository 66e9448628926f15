from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class OverlapEntry(models.Model):
    """One indexed record (any registered model), kept while the record exists; closed ones stay with
    is_open=False and without postings, so they are never matched."""

    # Indexed by the unique (object_type, object_id) constraint.
    object_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)
    object_id = models.BigIntegerField()
    is_open = models.BooleanField(default=True)
    # Folded content words (coophub.overlaps.similarity.fold_text), single-spaced: what trigrams are taken of.
    text_fold = models.TextField()
    # Key tokens ("p:12 c:jp"), for the "same partner / same country" bonus without another query.
    keys = models.TextField(blank=True)
    grams_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("overlap index entry")
        verbose_name_plural = _("overlap index entries")
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="overlap_entry_unique_object"),
        ]

    def __str__(self):
        return f"{self.object_type_id}:{self.object_id}"


class OverlapToken(models.Model):
    """A posting: an open entry holds this token (a folded word, a pair of neighbouring words, or a key
    such as "p:12"). object_type is copied from the entry so a lookup limited to some models is answered from
    the (token, entry, object_type) index alone."""

    pk = models.CompositePrimaryKey("entry", "token")
    # No separate index on entry: the primary key (entry, token) serves "this entry's postings".
    entry = models.ForeignKey(OverlapEntry, on_delete=models.CASCADE, related_name="tokens", db_index=False)
    token = models.CharField(max_length=96)
    object_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("overlap index token")
        verbose_name_plural = _("overlap index tokens")
        indexes = [
            models.Index(fields=["token", "entry", "object_type"], name="overlap_token_lookup"),
        ]

    def __str__(self):
        return self.token
