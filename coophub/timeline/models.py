from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineEvent(models.Model):
    """Something that happened to a record (its subject), possibly caused by another record (its source).

    Rows are created only by the typed constructors in each app's events.py. A later capability adds its own
    kinds (an engagement with the partner, a commitment due) without touching this model.
    """

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.BigIntegerField()
    kind = models.CharField(_("kind"), max_length=64)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "occurred_at"], name="timeline_subject_time")
        ]

    def __str__(self):
        return f"{self.kind} {self.occurred_at:%d/%m/%Y}"
