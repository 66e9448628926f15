"""Reads for the task screens, always starting from the policy scope (DESIGN rule 2)."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.choices import Role
from coophub.accounts.models import Unit

from .choices import OPEN_STATUSES, DeadlineState, TaskStatus
from .deadlines import deadline_state_q, task_deadline_state, with_deadline_state
from .models import Task, TaskCoordinator

# The colour of each deadline state, as the stylesheet's existing badge classes.
DEADLINE_CSS = {
    DeadlineState.NO_DEADLINE: "badge-muted",
    DeadlineState.ON_TIME: "badge-create",
    DeadlineState.DUE_SOON: "badge-priority-priority",
    DeadlineState.OVERDUE: "badge-delete",
    DeadlineState.COMPLETED_ON_TIME: "badge-create",
    DeadlineState.COMPLETED_LATE: "badge-delete",
    DeadlineState.CANCELLED: "badge-muted",
}
# How a person's work is grouped: what needs attention first.
WORK_ORDER = (
    DeadlineState.OVERDUE,
    DeadlineState.DUE_SOON,
    DeadlineState.ON_TIME,
    DeadlineState.NO_DEADLINE,
    DeadlineState.COMPLETED_LATE,
    DeadlineState.COMPLETED_ON_TIME,
)


def today() -> datetime.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Badge:
    state: str
    label: str
    css: str


def badge(state: str) -> Badge:
    state = DeadlineState(state)
    return Badge(state.value, str(state.label), DEADLINE_CSS[state])


def visible_tasks(user) -> QuerySet:
    return policy_for(Task).scope(user, VIEW)


def task_rows(user, on: datetime.date | None = None) -> QuerySet:
    """The visible tasks with what a list shows, each annotated with its `deadline` state."""
    qs = visible_tasks(user).select_related("lead_unit", "focal_person", "partner", "owner_unit")
    return with_deadline_state(qs, on or today())


def with_badges(tasks, on: datetime.date | None = None) -> list[Task]:
    """Tasks as a list, each with `deadline_badge` for the templates."""
    on = on or today()
    out = list(tasks)
    for task in out:
        task.deadline_badge = badge(getattr(task, "deadline", "") or task_deadline_state(task, on))
    return out


@dataclass
class Group:
    badge: Badge
    tasks: list = field(default_factory=list)


def _grouped(tasks, on) -> list[Group]:
    groups = {state: Group(badge(state)) for state in WORK_ORDER}
    for task in with_badges(tasks, on):
        group = groups.get(task.deadline_badge.state)
        if group is not None:
            group.tasks.append(task)
    return [g for g in groups.values() if g.tasks]


def _recent_or_open(qs, on):
    """Open work, and what was completed this year (so "completed late" shows on a person's page)."""
    return qs.filter(
        Q(status__in=list(OPEN_STATUSES))
        | Q(status=TaskStatus.COMPLETED, completed_on__gte=datetime.date(on.year, 1, 1))
    )


def my_work(user, on: datetime.date | None = None) -> dict[str, list[Group]]:
    """The tasks I am focal person of, those I assigned and those I watch, each grouped by deadline state."""
    on = on or today()
    base = _recent_or_open(task_rows(user, on), on)
    return {
        "focal": _grouped(base.filter(focal_person=user), on),
        "assigned": _grouped(base.filter(assigned_by=user).exclude(focal_person=user), on),
        "watched": _grouped(
            base.filter(watchers=user).exclude(focal_person=user).exclude(assigned_by=user).distinct(), on
        ),
    }


def work_units(user) -> QuerySet:
    return Unit.objects.filter(pk__in=user.unit_ids).order_by("code")


def unit_work(user, unit: Unit, on: datetime.date | None = None) -> dict:
    """The tasks `unit` leads or coordinates (open, or completed this year), grouped by deadline state, for a
    member of the unit; its head additionally gets the count per focal person."""
    on = on or today()
    coordinated = TaskCoordinator.objects.filter(unit=unit).values("task_id")
    base = _recent_or_open(task_rows(user, on), on)
    led = base.filter(lead_unit=unit)
    result = {
        "led": _grouped(led, on),
        "coordinated": _grouped(base.filter(pk__in=coordinated), on),
        "by_person": [],
    }
    if user.is_ministry_admin or Role.UNIT_HEAD in user.roles_by_unit.get(unit.pk, set()):
        result["by_person"] = list(
            led.filter(status__in=list(OPEN_STATUSES))
            .values("focal_person__username", "focal_person__first_name", "focal_person__last_name")
            .annotate(
                open=Count("id"),
                overdue=Count("id", filter=deadline_state_q(DeadlineState.OVERDUE, on)),
            )
            .order_by("-overdue", "-open", "focal_person__username")
        )
    return result


def _count(state, on):
    return Count("id", filter=deadline_state_q(state, on))


def overdue_by_unit(user, on: datetime.date | None = None, year: int | None = None) -> list[dict]:
    """Per lead unit: open overdue, due soon, open within deadline, no deadline, and completed on time /
    late in `year` (the Government Office's four buckets plus "no deadline")."""
    on = on or today()
    year = year or on.year
    in_year = Q(completed_on__year=year)
    rows = (
        visible_tasks(user)
        .values("lead_unit")
        .annotate(
            overdue=_count(DeadlineState.OVERDUE, on),
            due_soon=_count(DeadlineState.DUE_SOON, on),
            within=Count(
                "id",
                filter=deadline_state_q(DeadlineState.ON_TIME, on)
                | deadline_state_q(DeadlineState.DUE_SOON, on),
            ),
            no_deadline=_count(DeadlineState.NO_DEADLINE, on),
            completed_on_time=Count(
                "id", filter=deadline_state_q(DeadlineState.COMPLETED_ON_TIME, on) & in_year
            ),
            completed_late=Count("id", filter=deadline_state_q(DeadlineState.COMPLETED_LATE, on) & in_year),
        )
        .order_by()
    )
    units = Unit.objects.in_bulk({row["lead_unit"] for row in rows})
    out = []
    for row in rows:
        row["unit"] = units[row.pop("lead_unit")]
        if any(row[k] for k in ("overdue", "within", "no_deadline", "completed_on_time", "completed_late")):
            out.append(row)
    out.sort(key=lambda r: (-r["overdue"], -r["completed_late"], r["unit"].code))
    return out


def overdue_tasks(user, on: datetime.date | None = None, unit_id: int | None = None) -> list[Task]:
    on = on or today()
    qs = task_rows(user, on).filter(deadline_state_q(DeadlineState.OVERDUE, on))
    if unit_id:
        qs = qs.filter(lead_unit_id=unit_id)
    return with_badges(qs.order_by("lead_unit__code", "due_on", "id"), on)


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    tasks: list = field(default_factory=list)


def parse_month(value: str | None, on: datetime.date) -> datetime.date:
    """'2026-12' → 1 December 2026; anything else → the first of the current month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return on.replace(day=1)


def shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_tasks(user, first: datetime.date, last: datetime.date, on: datetime.date) -> list[Task]:
    qs = (
        task_rows(user, on)
        .filter(due_on__gte=first, due_on__lte=last)
        .exclude(status=TaskStatus.CANCELLED)
        .order_by("due_on", "id")
    )
    return with_badges(qs, on)


def calendar_weeks(user, first: datetime.date, on: datetime.date | None = None) -> list[list[Day]]:
    """The month of `first` as weeks Monday to Sunday, each day with the visible tasks due on it."""
    on = on or today()
    weeks_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks_dates[0][0], weeks_dates[-1][-1]
    by_day: dict[datetime.date, list] = {}
    for task in month_tasks(user, start, end, on):
        by_day.setdefault(task.due_on, []).append(task)
    return [
        [Day(d, d.month == first.month, d == on, by_day.get(d, [])) for d in week] for week in weeks_dates
    ]


def feed_tasks(user, on: datetime.date | None = None) -> list[Task]:
    """What a person's calendar feed holds: the dated tasks they see and are part of (focal person,
    assigner, watcher, member of the lead unit), not cancelled, from a year back."""
    on = on or today()
    mine = (
        Q(focal_person=user)
        | Q(assigned_by=user)
        | Q(pk__in=Task.watchers.through.objects.filter(user_id=user.pk).values("task_id"))
        | Q(lead_unit_id__in=user.unit_ids)
    )
    qs = (
        task_rows(user, on)
        .filter(mine, due_on__isnull=False, due_on__gte=on - datetime.timedelta(days=365))
        .exclude(status=TaskStatus.CANCELLED)
        .order_by("due_on", "id")
    )
    return with_badges(qs, on)


def similar_items(user, text: str, *, partner_ids=(), country_ids=(), exclude=None, skip=(), limit: int = 8):
    """Open tasks and commitments reading like `text` that the user may see, best first. `skip` holds
    (model, pk) pairs not to show (the commitment a task is being made from)."""
    from coophub.overlaps.queries import find_visible_similar

    if not (text or "").strip():
        return []
    matches = find_visible_similar(
        user,
        text,
        partner_ids=partner_ids,
        country_ids=country_ids,
        exclude=exclude,
        limit=limit + len(skip),
    )
    return [m for m in matches if (m.model, m.object_id) not in set(skip)][:limit]


def may_see_overlap_report(user) -> bool:
    from coophub.overlaps.services import may_use_report

    return may_use_report(user)
