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


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class OverlapReport(models.Model):
    """One build of the Ministry-wide "possible overlaps" report. It compares every open record, which takes
    a while at scale, so the worker builds it and the page shows the latest finished build. The pairs are
    stored unfiltered, as (type id, object id) keys; each reader sees only the pairs of records they may
    view."""

    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    records_compared = models.PositiveIntegerField(_("records compared"), default=0)
    # [[score, [reasons], [type id, object id], [type id, object id]], …], best first
    pairs = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("possible-overlaps report")
        verbose_name_plural = _("possible-overlaps reports")

    def __str__(self):
        return f"{self.requested_at:%d/%m/%Y %H:%M} · {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
