import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from coophub.core.models import TimeStampedModel


def _upload_to(instance, filename):
    return (
        f"documents/{instance.created_at:%Y/%m}/{uuid.uuid4().hex}/{filename}"
        if instance.created_at
        else (f"documents/{uuid.uuid4().hex}/{filename}")
    )


class Document(TimeStampedModel):
    """A file attached to a record. It is visible exactly when the record it is attached to is visible."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.BigIntegerField()
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=500)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="document_subject")]

    def __str__(self):
        return self.title
