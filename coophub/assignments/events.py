"""Typed timeline events of tasks; a task's events also appear on its commitment's and partner's timelines."""

from django.utils.translation import gettext as _

from coophub.timeline.services import add_event, renderer

from .choices import ExtensionStatus, TaskStatus

TASK_ASSIGNED = "task.assigned"
TASK_STATUS = "task.status_changed"
TASK_REPORTED = "task.progress_reported"
EXTENSION_REQUESTED = "task.extension_requested"
EXTENSION_DECIDED = "task.extension_decided"
REMINDER_SENT = "task.reminder_sent"
ESCALATED = "task.escalated"
TASK_URGED = "task.urged"


def _subjects(task):
    """The task itself, then the records whose timelines show what happens to it."""
    yield task
    if task.commitment_id:
        yield task.commitment
    if task.partner_id:
        yield task.partner


def task_assigned(task, *, actor):
    for subject in _subjects(task):
        add_event(
            subject,
            TASK_ASSIGNED,
            actor=actor,
            source=task,
            title=task.title,
            lead_unit=task.lead_unit.name_vi,
            lead_unit_en=task.lead_unit.name_en,
            focal_person=str(task.focal_person),
            due_on=task.due_on.isoformat() if task.due_on else None,
        )


def task_status_changed(task, *, actor, old: str, reason: str = ""):
    for subject in _subjects(task):
        add_event(
            subject,
            TASK_STATUS,
            actor=actor,
            source=task,
            title=task.title,
            old=old,
            new=task.status,
            reason=reason,
        )


def progress_reported(report, *, actor):
    add_event(
        report.task,
        TASK_REPORTED,
        actor=actor,
        source=report.task,
        percent=report.percent_done,
        text=report.text[:300],
    )


def extension_requested(extension, *, actor):
    add_event(
        extension.task,
        EXTENSION_REQUESTED,
        actor=actor,
        source=extension.task,
        proposed_due=extension.proposed_due.isoformat(),
        reason=extension.reason[:300],
    )


def extension_decided(extension, *, actor):
    add_event(
        extension.task,
        EXTENSION_DECIDED,
        actor=actor,
        source=extension.task,
        proposed_due=extension.proposed_due.isoformat(),
        status=extension.status,
        note=extension.decision_note[:300],
    )


def reminder_sent(task, *, rung: str, recipient, level: int):
    add_event(
        task,
        ESCALATED if level else REMINDER_SENT,
        source=task,
        rung=rung,
        recipient=str(recipient),
        level=level,
    )


def _date(iso):
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}" if iso else "—"


@renderer(TASK_ASSIGNED)
def _assigned(ev):
    return _("Task assigned: %(title)s — lead unit %(unit)s, focal person %(person)s, due %(due)s") % {
        "title": ev.data.get("title", ""),
        "unit": ev.data.get("lead_unit", ""),
        "person": ev.data.get("focal_person", ""),
        "due": _date(ev.data.get("due_on")),
    }


@renderer(TASK_STATUS)
def _status(ev):
    text = _("%(title)s: %(old)s → %(new)s") % {
        "title": ev.data.get("title", ""),
        "old": TaskStatus(ev.data["old"]).label,
        "new": TaskStatus(ev.data["new"]).label,
    }
    return f"{text} ({ev.data['reason']})" if ev.data.get("reason") else text


@renderer(TASK_REPORTED)
def _reported(ev):
    if ev.data.get("percent") is not None:
        return _("Progress reported (%(percent)s%%): %(text)s") % ev.data
    return _("Progress reported: %(text)s") % ev.data


@renderer(EXTENSION_REQUESTED)
def _ext_requested(ev):
    return _("Extension requested to %(due)s: %(reason)s") % {
        "due": _date(ev.data.get("proposed_due")),
        "reason": ev.data.get("reason", ""),
    }


@renderer(EXTENSION_DECIDED)
def _ext_decided(ev):
    return _("Extension to %(due)s %(decision)s") % {
        "due": _date(ev.data.get("proposed_due")),
        "decision": ExtensionStatus(ev.data["status"]).label.lower(),
    }


def _rung(ev) -> dict:
    from .ladder import rung_label

    return {**ev.data, "rung": rung_label(ev.data.get("rung", ""))}


@renderer(REMINDER_SENT)
def _reminder(ev):
    return _("Reminder (%(rung)s) sent to %(recipient)s") % _rung(ev)


@renderer(ESCALATED)
def _escalated(ev):
    return _("Escalated (%(rung)s) to %(recipient)s") % _rung(ev)


def task_urged(task, *, actor, on, days_overdue: int):
    """An urging letter (công văn đôn đốc) dated `on` named this task."""
    add_event(task, TASK_URGED, actor=actor, source=task, on=on.isoformat(), days_overdue=days_overdue)


@renderer(TASK_URGED)
def _urged(ev):
    return _("Urged by letter (công văn đôn đốc) of %(date)s, %(days)s day(s) overdue") % {
        "date": _date(ev.data.get("on")),
        "days": ev.data.get("days_overdue", ""),
    }
