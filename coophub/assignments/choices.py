from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TaskStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("task status", "New")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted for approval")
    RETURNED = "returned", _("Returned")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATUSES = frozenset({TaskStatus.COMPLETED, TaskStatus.CANCELLED})
OPEN_STATUSES = frozenset(set(TaskStatus) - CLOSED_STATUSES)


class DeadlineState(models.TextChoices):
    """Computed from (due date, completion date, today), never typed (the Government Office's buckets)."""

    NO_DEADLINE = "no_deadline", _("No deadline")
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    COMPLETED_ON_TIME = "completed_on_time", _("Completed on time")
    COMPLETED_LATE = "completed_late", _("Completed late")
    CANCELLED = "cancelled", _("Cancelled")


class TaskPriority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class TaskSource(models.TextChoices):
    DOCUMENT = "document", _("Directing document")
    MEETING = "meeting", _("Meeting")
    COMMITMENT = "commitment", _("Commitment")
    ENGAGEMENT = "engagement", _("Engagement")
    OTHER = "other", _("Other")


class Recurrence(models.TextChoices):
    NONE = "", _("Does not repeat")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


RECURRENCE_MONTHS = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.HALF_YEARLY: 6,
    Recurrence.YEARLY: 12,
}


class CoordinatorStatus(models.TextChoices):
    PENDING = "pending", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
