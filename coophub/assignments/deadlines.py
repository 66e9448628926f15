"""The deadline state of a task, derived from (due date, completion date, today) — never typed.

The same rules exist twice: `deadline_state` for one task in Python, `with_deadline_state` as a SQL annotation
for filtering and counting lists; tests hold them to the same answers.
"""

import datetime

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from .choices import DeadlineState, TaskStatus

# A task is "due soon" from this many days before its due date.
DUE_SOON_DAYS = 3


def deadline_state(
    status: str,
    due_on: datetime.date | None,
    completed_on: datetime.date | None,
    today: datetime.date | None = None,
) -> DeadlineState:
    today = today or datetime.date.today()
    if status == TaskStatus.CANCELLED:
        return DeadlineState.CANCELLED
    if status == TaskStatus.COMPLETED:
        if due_on is None or (completed_on and completed_on <= due_on):
            return DeadlineState.COMPLETED_ON_TIME
        return DeadlineState.COMPLETED_LATE
    if due_on is None:
        return DeadlineState.NO_DEADLINE
    if today > due_on:
        return DeadlineState.OVERDUE
    if (due_on - today).days <= DUE_SOON_DAYS:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME


def task_deadline_state(task, today=None) -> DeadlineState:
    return deadline_state(task.status, task.due_on, task.completed_on, today)


def deadline_state_q(state: str, today: datetime.date | None = None) -> Q:
    """The filter that selects tasks in `state` on `today`."""
    today = today or datetime.date.today()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    open_ = ~Q(status__in=[TaskStatus.COMPLETED, TaskStatus.CANCELLED])
    return {
        DeadlineState.CANCELLED: Q(status=TaskStatus.CANCELLED),
        DeadlineState.COMPLETED_ON_TIME: Q(status=TaskStatus.COMPLETED)
        & (Q(due_on__isnull=True) | Q(completed_on__lte=F("due_on"))),
        DeadlineState.COMPLETED_LATE: Q(status=TaskStatus.COMPLETED, completed_on__gt=F("due_on")),
        DeadlineState.NO_DEADLINE: open_ & Q(due_on__isnull=True),
        DeadlineState.OVERDUE: open_ & Q(due_on__lt=today),
        DeadlineState.DUE_SOON: open_ & Q(due_on__gte=today, due_on__lte=soon),
        DeadlineState.ON_TIME: open_ & Q(due_on__gt=soon),
    }[DeadlineState(state)]


def with_deadline_state(qs: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Annotate `deadline` on each task of qs."""
    whens = [When(deadline_state_q(state, today), then=Value(state.value)) for state in DeadlineState]
    return qs.annotate(deadline=Case(*whens, default=Value(""), output_field=CharField()))
