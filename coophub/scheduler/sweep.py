"""The sweep: send every reminder, escalation and expiry alert that is due.

It finds due rows through the partial indexes on Task.next_reminder_at and Agreement.next_alert_at, claims
them in batches (claims.claim_due), then gives each claimed row its own transaction: lock the row, check it
still carries this sweep's lease (an edit in between rescheduled it; the next sweep looks again), send what is
due and store the next time. A row that fails keeps its lease and comes back when the lease has passed.

Nothing here writes a domain record, so there is no audit event: ReminderSent and ExpiryAlertSent are the log
of what went out, and the notifications and timeline events are written by their own services.
"""

import dataclasses
import datetime
import logging

from django.db import transaction
from django.utils import timezone

from . import claims

log = logging.getLogger(__name__)


@dataclasses.dataclass
class SweepResult:
    claimed: int = 0  # tasks and agreements taken
    sent: int = 0  # reminders to focal persons
    escalated: int = 0  # messages to unit heads and DIC directors
    alerts: int = 0  # agreement expiry alerts
    failed: int = 0  # rows left to their lease after an error


def _process(queryset, field, pk, lease, handle, result: SweepResult) -> None:
    try:
        with transaction.atomic():
            row = next(iter(queryset.select_for_update(of=("self",)).filter(pk=pk).order_by()), None)
            if row is None or getattr(row, field) != lease:
                return
            handle(row)
    except Exception:
        result.failed += 1
        log.exception("sweep: %s %s failed; retried when its lease passes", queryset.model.__name__, pk)


def _drain(queryset, field, now, batch, handle, result: SweepResult) -> None:
    lease = claims.lease_from(now)
    while True:
        ids = claims.claim_due(queryset.model, field, now=now, batch=batch, lease=lease)
        result.claimed += len(ids)
        for pk in ids:
            _process(queryset, field, pk, lease, handle, result)
        if len(ids) < batch:
            return


def sweep(now: datetime.datetime | None = None, batch: int = 1000) -> SweepResult:
    """Send what is due at `now` (default: the current time). Safe to run in several workers at once."""
    from coophub.agreements import alerts
    from coophub.agreements.models import Agreement
    from coophub.assignments import ladder
    from coophub.assignments.models import Task

    now = now or timezone.now()
    result = SweepResult()
    people = ladder.People()

    def remind(task):
        sent, escalated = ladder.send_due(task, now=now, people=people)
        result.sent += sent
        result.escalated += escalated

    def alert(agreement):
        result.alerts += alerts.send_due(agreement, now=now)

    tasks = Task._base_manager.select_related("task_type", "lead_unit", "focal_person")
    _drain(tasks, "next_reminder_at", now, batch, remind, result)
    _drain(Agreement._base_manager.all(), "next_alert_at", now, batch, alert, result)
    return result
