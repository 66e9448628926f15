"""One upload of partners or contacts: the stored file, its dry-run report and, once applied, its outcome."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PARTNERS = "partners", _("Partners")
    CONTACTS = "contacts", _("Contacts")
    AGREEMENTS = "agreements", _("Agreements")
    COMMITMENTS = "commitments", _("Commitments")
    TASKS = "tasks", _("Tasks")


class ImportStatus(models.TextChoices):
    VALIDATED = "validated", _("Validated, ready to apply")
    FAILED_VALIDATION = "failed_validation", _("Has errors")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    status = models.CharField(_("status"), max_length=24, choices=ImportStatus.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed rows"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    ACTIVE = (ImportStatus.QUEUED, ImportStatus.RUNNING)
    FINISHED = (ImportStatus.APPLIED, ImportStatus.FAILED, ImportStatus.FAILED_VALIDATION)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"

    def get_absolute_url(self):
        return reverse("imports:job_detail", args=[self.pk])

    @property
    def errors(self) -> list[dict]:
        return self.report.get("errors", [])

    @property
    def counts(self) -> dict:
        return self.report.get("counts", {"create": 0, "update": 0, "unchanged": 0})

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def can_apply(self) -> bool:
        return self.status == ImportStatus.VALIDATED

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
