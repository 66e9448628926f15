"""The reminder and escalation ladder of a task: its rungs, which of them are due, when it next fires, and
sending them (the sweep, coophub/scheduler/sweep.py, calls send_due on each claimed task).

A task type's ladder (TaskType.ladder, else models.default_ladder(); a missing key takes the default, null
turns a step off):
  before           days before the due date on which the focal person is reminded ("before:7"; 0 is "due")
  overdue_every    every how many calendar days an overdue task is chased, to the focal person
                   ("overdue:N", N = days overdue, so each chase is a rung of its own)
  unit_head_after  on this working day after the due date the lead unit's head(s) are told ("unit_head")
  director_after   likewise the DIC director(s) ("director")

Decisions:
- Nobody is reminded on a day off. A "before" or "due" rung that falls on a weekend or holiday moves to the
  previous working day, so it still arrives before the deadline; an overdue chase moves to the next working
  day; escalations count working days (due on a Friday, unit_head_after 2: Tuesday).
- Every rung fires at 08:00 Viet Nam time of its day.
- Catch-up: the focal person's rungs are one sequence (before:7 … due, overdue:3, overdue:6 …). When several
  of them are past at once — a task created or extended close to its date, two rungs moved onto the same day,
  a sweep that did not run for days — only the latest fires and the earlier ones are skipped for good, so
  nobody gets three reminders at once. The escalations go to other people and are each sent once, however
  late.
- The ladder stops when the task is completed or cancelled or has no due date, and pauses while the task is
  submitted for approval (the next move is the assigner's) or on hold.
- What was sent is kept per due date (ReminderSent.for_due), so an extension starts a new ladder.
- A rung goes to the active people who can see the task, once each; a rung with nobody to tell counts as sent.
  A new focal person therefore gets the current rung too.
"""

import dataclasses
import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.choices import Role
from coophub.core.dates import format_dmy
from coophub.scheduler.workdays import add_working_days, is_working_day, next_working_day

from . import events
from .choices import OPEN_STATUSES, TaskStatus
from .models import ReminderSent, Task, default_ladder

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SEND_AT = datetime.time(8)  # reminders go out at 08:00 Viet Nam time
FOCAL, UNIT_HEAD, DIRECTOR = 0, 1, 2  # ReminderSent.level
PAUSED_STATUSES = frozenset({TaskStatus.SUBMITTED, TaskStatus.ON_HOLD})


@dataclasses.dataclass(frozen=True)
class Rung:
    key: str
    fire_on: datetime.date
    recipients: list
    level: int

    @property
    def fire_at(self) -> datetime.datetime:
        return fire_at(self.fire_on)


def fire_at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, SEND_AT, tzinfo=VN)


def local_day(now: datetime.datetime) -> datetime.date:
    return now.astimezone(VN).date()


def ladder_config(task: Task) -> dict:
    config = default_ladder()
    if task.task_type_id and isinstance(task.task_type.ladder, dict):
        config.update(task.task_type.ladder)
    return config


def _working_day_on_or_before(day: datetime.date) -> datetime.date:
    return day if is_working_day(day) else add_working_days(day, -1)


def schedule(
    due_on: datetime.date, config: dict, today: datetime.date
) -> list[tuple[str, datetime.date, int]]:
    """(key, day, level) of every rung for a due date, the focal person's in sequence order, then the
    escalations. The overdue chases are listed up to the first one after `today` (they go on for ever)."""
    steps = []
    for n in sorted({int(n) for n in config.get("before") or () if int(n) >= 0}, reverse=True):
        key = f"before:{n}" if n else "due"
        steps.append((key, _working_day_on_or_before(due_on - datetime.timedelta(days=n)), FOCAL))
    every = int(config.get("overdue_every") or 0)
    if every > 0:
        days = every
        while True:
            day = next_working_day(due_on + datetime.timedelta(days=days), inclusive=True)
            steps.append((f"overdue:{days}", day, FOCAL))
            if day > today:
                break
            days += every
    for key, level, name in (
        ("unit_head", UNIT_HEAD, "unit_head_after"),
        ("director", DIRECTOR, "director_after"),
    ):
        if config.get(name) is not None:
            steps.append((key, add_working_days(due_on, max(1, int(config[name]))), level))
    return steps


class People:
    """Who each level of the ladder goes to; one instance per sweep caches the unit heads and directors."""

    def __init__(self):
        self._heads: dict[int, list] = {}
        self._directors: list | None = None
        self._users: dict[int, object] = {}

    def unit_heads(self, unit_id: int) -> list:
        if unit_id not in self._heads:
            self._heads[unit_id] = list(
                get_user_model()
                .objects.filter(
                    memberships__unit_id=unit_id, memberships__role=Role.UNIT_HEAD, is_active=True
                )
                .distinct()
                .order_by("pk")
            )
        return self._heads[unit_id]

    def directors(self) -> list:
        if self._directors is None:
            self._directors = list(
                get_user_model()
                .objects.filter(
                    memberships__unit__is_dic=True, memberships__role=Role.DIC_COORDINATOR, is_active=True
                )
                .distinct()
                .order_by("pk")
            )
        return self._directors

    def user(self, pk: int):
        if pk not in self._users:
            self._users[pk] = get_user_model().objects.filter(pk=pk).first()
        return self._users[pk]

    def for_level(self, task: Task, level: int) -> list:
        # The task's policy always shows it to its focal person and its lead unit (TaskPolicy); the DIC
        # directors see it only as its visibility allows.
        if level == FOCAL:
            person = self.user(task.focal_person_id)
            return [person] if person is not None and person.is_active else []
        if level == UNIT_HEAD:
            return self.unit_heads(task.lead_unit_id)
        policy = policy_for(Task)
        return [person for person in self.directors() if policy.can(person, VIEW, task)]


def rungs(task: Task, *, today: datetime.date | None = None, people: People | None = None) -> list[Rung]:
    """Every rung of the task's ladder for its current due date (see schedule), with its recipients."""
    if task.due_on is None:
        return []
    today = today or local_day(timezone.now())
    people = people or People()
    recipients: dict[int, list] = {}
    out = []
    for key, day, level in schedule(task.due_on, ladder_config(task), today):
        if level not in recipients:
            recipients[level] = people.for_level(task, level)
        out.append(Rung(key, day, recipients[level], level))
    return out


def plan(task: Task, *, now: datetime.datetime, people: People | None = None):
    """(rungs due now, each holding only its recipients not yet sent to; when the ladder fires after them).

    Recipients are looked up for the rungs due now only: a later rung counts as pending until it has gone to
    someone, so at worst the sweep wakes for a rung with nobody left to tell and moves on.
    """
    if task.status not in OPEN_STATUSES or task.status in PAUSED_STATUSES or task.due_on is None:
        return [], None
    people = people or People()
    sent = set(
        ReminderSent.objects.filter(task=task, for_due=task.due_on).values_list("rung", "recipient_id")
    )
    sent_keys = {key for key, _person in sent}
    steps = schedule(task.due_on, ladder_config(task), local_day(now))
    focal = [step for step in steps if step[2] == FOCAL]
    past = [i for i, (_key, day, _level) in enumerate(focal) if fire_at(day) <= now]
    candidates = focal[past[-1] :] if past else focal  # the latest past rung supersedes the earlier ones
    candidates += [step for step in steps if step[2] != FOCAL]
    due, later = [], []
    for key, day, level in candidates:
        if fire_at(day) > now:
            if key not in sent_keys:
                later.append(fire_at(day))
            continue
        recipients = [p for p in people.for_level(task, level) if (key, p.pk) not in sent]
        if recipients:
            due.append(Rung(key, day, recipients, level))
    return due, min(later, default=None)


def _store(task: Task, nxt: datetime.datetime | None) -> None:
    if nxt != task.next_reminder_at:
        Task.objects.filter(pk=task.pk).update(next_reminder_at=nxt)
        task.next_reminder_at = nxt


def refresh_schedule(
    task: Task, *, now: datetime.datetime | None = None, people: People | None = None
) -> None:
    """Store when the ladder next fires for this task (null when nothing is pending)."""
    due, later = plan(task, now=now or timezone.now(), people=people)
    _store(task, min([r.fire_at for r in due] + ([later] if later else []), default=None))


# --- sending --------------------------------------------------------------------------------------


def rung_label(key: str) -> str:
    """How a rung reads on screen: "7 days before the due date", "on the due date", "3 days overdue"."""
    kind, _sep, days = key.partition(":")
    if kind == "before":
        return _("%(days)s days before the due date") % {"days": days}
    if kind == "overdue":
        return _("%(days)s days overdue") % {"days": days}
    return {
        "due": _("on the due date"),
        "unit_head": _("escalation to the lead unit's head"),
        "director": _("escalation to the DIC director"),
    }.get(key, key)


def _message(task: Task, rung: Rung, today: datetime.date) -> tuple[str, str, str]:
    """(kind, title, body) of the notification for one rung, in the Ministry's language."""
    left = (task.due_on - today).days
    values = {
        "title": task.title,
        "due": format_dmy(task.due_on),
        "days": abs(left),
        "unit": task.lead_unit.name_vi,
        "person": task.focal_person.get_full_name() or task.focal_person.username,
    }
    if rung.level == FOCAL:
        kind = "task.reminder"
        if left > 0:
            title = _("Reminder: “%(title)s” is due on %(due)s, in %(days)s days") % values
        elif left == 0:
            title = _("Due today: “%(title)s”") % values
        else:
            title = _("Overdue by %(days)s days: “%(title)s” (due %(due)s)") % values
    else:
        kind = "task.escalated"
        title = _("Escalation: “%(title)s” is %(days)s days overdue") % values
    body = _("Lead unit: %(unit)s. Focal person: %(person)s. Due date: %(due)s.") % values
    return kind, title, body


def send_due(task: Task, *, now: datetime.datetime, people: People | None = None) -> tuple[int, int]:
    """Send the rungs due now, once each per recipient, and reschedule. Call inside a transaction holding the
    task's row. Returns (reminders sent, escalations sent).

    The unique ReminderSent key (task, rung, for_due, recipient) is the second line of defence after the
    claim: a row another worker already wrote is not sent again. ReminderSent is itself the log of what went
    out, so no audit event is written; the timeline and the inbox carry the rest.
    """
    from coophub.notifications.services import notify

    people = people or People()
    due, later = plan(task, now=now, people=people)
    reminders = escalations = 0
    today = local_day(now)
    with translation.override(settings.LANGUAGE_CODE):
        for rung in due:
            kind, title, body = _message(task, rung, today)
            for person in rung.recipients:
                _row, created = ReminderSent.objects.get_or_create(
                    task=task,
                    rung=rung.key,
                    for_due=task.due_on,
                    recipient=person,
                    defaults={"level": rung.level},
                )
                if not created:
                    continue
                notify(person, kind=kind, title=title, body=body, url=task.get_absolute_url(), subject=task)
                events.reminder_sent(task, rung=rung.key, recipient=person, level=rung.level)
                if rung.level == FOCAL:
                    reminders += 1
                else:
                    escalations += 1
    _store(task, later)  # everything due is sent now
    return reminders, escalations
