"""Assignments: one lead unit and one focal person per task, coordinating units, extensions, progress reports,
and the reminder ladder's due work."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coophub.core.models import OwnedRecord

from .choices import (
    OPEN_STATUSES,
    CoordinatorStatus,
    ExtensionStatus,
    Recurrence,
    TaskPriority,
    TaskSource,
    TaskStatus,
)


def default_ladder() -> dict:
    """Days before the due date to remind the focal person; every how many days an overdue task is chased;
    after how many working days overdue the lead unit's head, then the DIC director, are told."""
    return {"before": [7, 3, 1, 0], "overdue_every": 3, "unit_head_after": 2, "director_after": 7}


class TaskType(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    ladder = models.JSONField(_("reminder ladder"), default=default_ladder)

    class Meta:
        ordering = ["code"]
        verbose_name = _("task type")
        verbose_name_plural = _("task types")

    def __str__(self):
        from django.utils.translation import get_language

        return (self.name_en or self.name_vi) if (get_language() or "vi").startswith("en") else self.name_vi

    def clean(self):
        self.ladder = clean_ladder(self.ladder)


LADDER_KEYS = ("before", "overdue_every", "unit_head_after", "director_after")


def clean_ladder(ladder) -> dict:
    """A ladder as administrators type it, checked: only the known steps, whole days, null to turn one off."""
    from django.core.exceptions import ValidationError

    if not isinstance(ladder, dict):
        raise ValidationError(
            {"ladder": _("The ladder is an object such as %(example)s.") % {"example": default_ladder()}}
        )
    unknown = sorted(set(ladder) - set(LADDER_KEYS))
    if unknown:
        raise ValidationError({"ladder": _("Unknown steps: %(keys)s.") % {"keys": ", ".join(unknown)}})
    before = ladder.get("before")
    if before is not None and not (
        isinstance(before, list) and all(isinstance(d, int) and 0 <= d <= 365 for d in before)
    ):
        raise ValidationError({"ladder": _("“before” is a list of days from 0 to 365, e.g. [7, 3, 1, 0].")})
    for key in LADDER_KEYS[1:]:
        value = ladder.get(key)
        low = 1 if key == "overdue_every" else 0
        if value is not None and not (isinstance(value, int) and low <= value <= 365):
            raise ValidationError(
                {
                    "ladder": _("“%(key)s” is a number of days from %(low)s to 365, or null.")
                    % {"key": key, "low": low}
                }
            )
    return ladder


class Task(OwnedRecord):
    """A task. `lead_unit` and `focal_person` are single non-null columns, so the database holds exactly one
    of each; services check that the focal person belongs to the lead unit."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    task_type = models.ForeignKey(
        TaskType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("type"),
    )
    source = models.CharField(
        _("source"), max_length=16, choices=TaskSource.choices, default=TaskSource.DOCUMENT
    )
    source_document = models.CharField(
        _("source document"), max_length=255, blank=True, help_text=_("Number of the directing document.")
    )
    source_document_date = models.DateField(_("source document date"), null=True, blank=True)
    source_meeting = models.CharField(_("meeting"), max_length=500, blank=True)
    commitment = models.ForeignKey(
        "agreements.Commitment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("commitment"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("agreement"),
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    country = models.ForeignKey(
        "partners.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks_assigned",
        verbose_name=_("assigned by"),
    )
    assigned_on = models.DateField(_("assigned on"))
    lead_unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="led_tasks", verbose_name=_("lead unit")
    )
    focal_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="focal_tasks",
        verbose_name=_("focal person"),
    )
    coordinating_units = models.ManyToManyField(
        "accounts.Unit", through="TaskCoordinator", related_name="coordinated_tasks", blank=True
    )
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="watched_tasks", verbose_name=_("watchers")
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=TaskPriority.choices, default=TaskPriority.NORMAL
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    recurrence = models.CharField(
        _("repeats"), max_length=16, choices=Recurrence.choices, default=Recurrence.NONE, blank=True
    )
    recurrence_day = models.PositiveSmallIntegerField(
        _("due on day of month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_occurrence",
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NEW, editable=False
    )
    percent_done = models.PositiveSmallIntegerField(
        _("done (%)"), default=0, editable=False, validators=[MaxValueValidator(100)]
    )
    result = models.TextField(_("result"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    # Due work (DESIGN rule 4): when the ladder next has something to send; null when nothing is pending.
    next_reminder_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("assigned_on")),
                name="task_due_after_assigned",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status=TaskStatus.COMPLETED),
                name="task_completed_on_only_when_completed",
            ),
            models.CheckConstraint(
                condition=Q(recurrence="") | Q(due_on__isnull=False), name="task_recurring_has_due_date"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_reminder_at"],
                name="task_reminder_due",
                condition=Q(next_reminder_at__isnull=False),
            ),
            models.Index(
                fields=["lead_unit", "due_on"],
                name="task_open_by_unit",
                condition=Q(status__in=sorted(OPEN_STATUSES)),
            ),
            models.Index(fields=["focal_person", "status"], name="task_focal_status"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assignments:task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TaskCoordinator(models.Model):
    """A coordinating unit (đơn vị phối hợp) with its own part of the work and its own status."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordinators")
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    part = models.CharField(_("its part"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CoordinatorStatus.choices, default=CoordinatorStatus.PENDING
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("coordinating unit")
        verbose_name_plural = _("coordinating units")
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="task_coordinator_unique")]

    def __str__(self):
        return f"{self.unit} · {self.get_status_display()}"


class ExtensionRequest(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    current_due = models.DateField(_("current due date"), null=True, blank=True)
    proposed_due = models.DateField(_("proposed due date"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            # One pending request at a time per task.
            models.UniqueConstraint(
                fields=["task"], condition=Q(status=ExtensionStatus.PENDING), name="extension_one_pending"
            ),
        ]

    def __str__(self):
        return f"{self.task} → {self.proposed_due:%d/%m/%Y}"


class ProgressReport(models.Model):
    """A focal person's (or coordinator's) report on a task; attachments are documents on the report."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("date"))
    percent_done = models.PositiveSmallIntegerField(
        _("done (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    text = models.TextField(_("report"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.task} · {self.on:%d/%m/%Y}"


class ReminderSent(models.Model):
    """One rung of the ladder sent to one person. The unique key is what makes two workers unable to send the
    same reminder twice, whatever else races."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    rung = models.CharField(max_length=32)  # "before:7", "due", "overdue:3", "unit_head", "director"
    for_due = models.DateField()  # the due date the rung was computed for (an extension starts a new ladder)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(default=0)  # 0 reminder, 1 unit head, 2 DIC director
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "rung", "for_due", "recipient"], name="reminder_sent_once"
            ),
        ]

    def __str__(self):
        return f"{self.task_id} {self.rung} → {self.recipient_id}"
