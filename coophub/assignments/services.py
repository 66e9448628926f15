"""Every write to tasks: views, the API, imports, the demo loader and the reminder sweep call these."""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coophub.access.policies import ADD, CHANGE, DELETE, VIEW, policy_for
from coophub.accounts.models import Membership, Unit
from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot
from coophub.core.services import (
    assign,
    check_new_owner,
    check_version,
    delete_audited,
    save_changes,
    validated_save,
)
from coophub.overlaps.registry import reindex_overlap, unindex_overlap
from coophub.search.registry import reindex

from . import events, ladder, workflow
from .choices import RECURRENCE_MONTHS, ExtensionStatus, TaskStatus
from .models import ExtensionRequest, ProgressReport, Task, TaskCoordinator

TASK_FIELDS = (
    "title",
    "description",
    "task_type",
    "source",
    "source_document",
    "source_document_date",
    "source_meeting",
    "commitment",
    "agreement",
    "partner",
    "country",
    "assigned_on",
    "lead_unit",
    "focal_person",
    "priority",
    "due_on",
    "recurrence",
    "recurrence_day",
    "owner_unit",
    "visibility",
)
ACCESS_M2M = ("allowed_units", "allowed_users")


def _today():
    return timezone.localdate()


def _validate(task: Task, actor, coordinators) -> None:
    errors = {}
    if task.lead_unit_id is None:
        errors["lead_unit"] = _("A task needs exactly one lead unit.")
    if task.focal_person_id is None:
        errors["focal_person"] = _("A task needs exactly one focal person.")
    elif (
        task.lead_unit_id
        and not Membership.objects.filter(user_id=task.focal_person_id, unit_id=task.lead_unit_id).exists()
    ):
        errors["focal_person"] = _("%(person)s is not a member of the lead unit %(unit)s.") % {
            "person": task.focal_person,
            "unit": task.lead_unit,
        }
    if task.due_on and task.assigned_on and task.due_on < task.assigned_on:
        errors["due_on"] = _("The due date cannot be before the date the task was assigned.")
    if task.recurrence and not task.due_on:
        errors["due_on"] = _("A repeating task needs a first due date.")
    if task.commitment_id and not policy_for(task.commitment).can(actor, VIEW, task.commitment):
        errors["commitment"] = _("No such commitment.")
    if coordinators and task.lead_unit_id in {c["unit"].pk for c in coordinators}:
        errors["coordinating_units"] = _("The lead unit cannot also be a coordinating unit.")
    if coordinators and len({c["unit"].pk for c in coordinators}) != len(coordinators):
        errors["coordinating_units"] = _("Each coordinating unit can be named only once.")
    if errors:
        raise ValidationError(errors)


def _fill_from_commitment(task: Task) -> None:
    """A task made from a commitment inherits its agreement, partner and country unless told otherwise."""
    commitment = task.commitment
    if commitment is None:
        return
    if task.agreement_id is None and commitment.agreement_id:
        task.agreement_id = commitment.agreement_id
    if task.partner_id is None:
        first = commitment.partners.order_by("id").first()
        task.partner = first
    if task.country_id is None and commitment.country_id:
        task.country_id = commitment.country_id


def _set_coordinators(task: Task, coordinators) -> bool:
    """coordinators: list of {"unit": Unit, "part": str}. Keeps each unit's status when it stays."""
    if coordinators is None:
        return False
    current = {c.unit_id: c for c in task.coordinators.all()}
    wanted = {c["unit"].pk: c for c in coordinators}
    changed = False
    for unit_id, row in current.items():
        if unit_id not in wanted:
            row.delete()
            changed = True
    for unit_id, spec in wanted.items():
        part = (spec.get("part") or "").strip()
        row = current.get(unit_id)
        if row is None:
            TaskCoordinator.objects.create(task=task, unit_id=unit_id, part=part)
            changed = True
        elif row.part != part:
            row.part = part
            row.save(update_fields=["part"])
            changed = True
    return changed


def _related(task: Task) -> dict:
    return {
        "coordinators": [
            {"unit": c.unit_id, "part": c.part, "status": c.status}
            for c in task.coordinators.order_by("unit_id")
        ],
        "watchers": sorted(task.watchers.values_list("pk", flat=True)),
    }


def _after_write(task: Task) -> None:
    reindex(task)
    ladder.refresh_schedule(task)
    reindex_overlap(task)


def _notify(recipient, *, kind, title, task, body=""):
    if recipient is None or not recipient.is_active:
        return
    from coophub.notifications.services import notify

    notify(recipient, kind=kind, title=title, body=body, url=task.get_absolute_url(), subject=task)


def _notify_assigned(task: Task) -> None:
    _notify(
        task.focal_person,
        kind="task.assigned",
        title=_("New task for you: %(title)s") % {"title": task.title},
        task=task,
    )


@transaction.atomic
def create_task(*, actor, data: dict, coordinators=None, watchers=None) -> Task:
    task = Task(code=data.get("code") or f"tmp-{uuid.uuid4().hex}")
    assign(task, data, TASK_FIELDS)
    if task.assigned_by_id is None:
        task.assigned_by = data.get("assigned_by") or actor
    if task.assigned_on is None:
        task.assigned_on = _today()
    if task.owner_unit_id is None:
        task.owner_unit = actor.primary_unit
    policy_for(Task).check(actor, ADD, task)
    if task.commitment_id:
        _fill_from_commitment(task)
    _validate(task, actor, coordinators)
    validated_save(task)
    if not data.get("code"):
        task.code = f"NV-{task.assigned_on.year}-{task.pk:06d}"
        Task.objects.filter(pk=task.pk).update(code=task.code)
    for name in ACCESS_M2M:
        if data.get(name) is not None:
            getattr(task, name).set(data[name])
    _set_coordinators(task, coordinators or [])
    if watchers:
        task.watchers.set(watchers)
    after = snapshot(task)
    after.update(_related(task))
    record(actor, AuditAction.CREATE, task, after=after)
    events.task_assigned(task, actor=actor)
    _after_write(task)
    _notify_assigned(task)
    return task


@transaction.atomic
def update_task(
    task: Task, *, actor, data: dict, coordinators=None, watchers=None, version: int | None = None
) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    policy_for(Task).check(actor, CHANGE, task)
    check_version(task, version)
    if not task.is_open:
        raise ValidationError(_("A completed or cancelled task cannot be edited."))
    before = snapshot(task)
    before.update(_related(task))
    changed = assign(task, {k: v for k, v in data.items() if k != "code"}, TASK_FIELDS)
    check_new_owner(task, changed, actor=actor)
    _validate(task, actor, coordinators)
    coordinators_changed = _set_coordinators(task, coordinators)
    watchers_changed = watchers is not None and set(watchers) != set(task.watchers.all())
    m2m = {name: data.get(name) for name in ACCESS_M2M}
    if changed or coordinators_changed or watchers_changed or any(v is not None for v in m2m.values()):
        if watchers_changed:
            task.watchers.set(watchers)
        save_changes(task, before, actor=actor, m2m=m2m, related=_related)
        _after_write(task)
        if "focal_person" in changed:
            _notify_assigned(task)
    return task


def _next_due(task: Task) -> datetime.date:
    months = RECURRENCE_MONTHS[task.recurrence]
    month_index = task.due_on.month - 1 + months
    year, month = task.due_on.year + month_index // 12, month_index % 12 + 1
    day = task.recurrence_day or task.due_on.day
    for candidate in (day, 30, 29, 28):  # the 31st of a short month becomes its last day
        try:
            return datetime.date(year, month, min(day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _spawn_next_occurrence(task: Task, *, actor) -> Task:
    """A repeating task (a monthly report due on the 15th) gets its next occurrence when one is completed."""
    data = {name: getattr(task, name) for name in TASK_FIELDS}
    data.update(assigned_on=min(_today(), task.due_on), due_on=_next_due(task))
    coordinators = [{"unit": c.unit, "part": c.part} for c in task.coordinators.select_related("unit")]
    nxt = create_task(actor=actor, data=data, coordinators=coordinators, watchers=list(task.watchers.all()))
    Task.objects.filter(pk=nxt.pk).update(previous=task)
    return nxt


@transaction.atomic
def transition_task(
    task: Task,
    *,
    actor,
    to: str,
    reason: str = "",
    on: datetime.date | None = None,
    version: int | None = None,
) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not policy_for(Task).can(actor, VIEW, task):
        raise PermissionDenied(_("You cannot see this task."))
    check_version(task, version)
    workflow.check_transition(actor, task, to)
    reason = (reason or "").strip()
    if to in workflow.NEEDS_REASON and not reason:
        raise ValidationError({"reason": _("Say why: a reason is required for this step.")})
    before = snapshot(task)
    old = task.status
    task.status = to
    if to == TaskStatus.COMPLETED:
        task.completed_on = on or _today()
        if task.completed_on < task.assigned_on:
            raise ValidationError({"on": _("A task cannot be completed before it was assigned.")})
        if task.completed_on > _today():
            raise ValidationError({"on": _("The completion date cannot be in the future.")})
        task.percent_done = 100
    else:
        task.completed_on = None
    save_changes(task, before, actor=actor, reason=reason)
    events.task_status_changed(task, actor=actor, old=old, reason=reason)
    _after_write(task)
    if to in (TaskStatus.SUBMITTED,):
        _notify(
            task.assigned_by,
            kind="task.submitted",
            title=_("Result submitted for approval: %(title)s") % {"title": task.title},
            task=task,
        )
    elif to in (TaskStatus.RETURNED, TaskStatus.COMPLETED, TaskStatus.CANCELLED, TaskStatus.ON_HOLD):
        _notify(
            task.focal_person,
            kind=f"task.{to}",
            title=_("%(title)s: %(status)s") % {"title": task.title, "status": TaskStatus(to).label},
            body=reason,
            task=task,
        )
    if to == TaskStatus.COMPLETED and task.recurrence and not hasattr(task, "next_occurrence"):
        _spawn_next_occurrence(task, actor=actor)
    return task


@transaction.atomic
def add_progress_report(
    task: Task,
    *,
    actor,
    text: str,
    percent_done: int | None = None,
    on: datetime.date | None = None,
    files=(),
) -> ProgressReport:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not policy_for(Task).can(actor, VIEW, task) or not workflow.may_report(actor, task):
        raise PermissionDenied(_("Only the people doing this task can report on it."))
    if not task.is_open:
        raise ValidationError(_("A completed or cancelled task takes no more progress reports."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what was done.")})
    on = on or _today()
    if on > _today():
        raise ValidationError({"on": _("A progress report cannot be dated in the future.")})
    if on < task.assigned_on:
        raise ValidationError({"on": _("A progress report cannot be dated before the task was assigned.")})
    memberships = actor.roles_by_unit
    unit_id = task.lead_unit_id if task.lead_unit_id in memberships else next(iter(memberships), None)
    report = ProgressReport(
        task=task, author=actor, unit_id=unit_id, on=on, percent_done=percent_done, text=text
    )
    validated_save(report)
    record(actor, AuditAction.CREATE, report)
    if percent_done is not None and percent_done != task.percent_done:
        Task.objects.filter(pk=task.pk).update(percent_done=percent_done)
        task.percent_done = percent_done
    from coophub.documents.services import attach_document

    for upload in files or ():
        attach_document(report, actor=actor, title=upload.name, upload=upload)
    events.progress_reported(report, actor=actor)
    return report


@transaction.atomic
def set_coordinator_status(coordinator: TaskCoordinator, *, actor, status: str, part: str | None = None):
    coordinator = TaskCoordinator.objects.select_for_update().select_related("task").get(pk=coordinator.pk)
    task = coordinator.task
    if not (coordinator.unit_id in actor.editor_unit_ids() or policy_for(Task).can(actor, CHANGE, task)):
        raise PermissionDenied(_("Only the coordinating unit or the assigner can update this part."))
    before = snapshot(coordinator)
    coordinator.status = status
    if part is not None:
        coordinator.part = part.strip()
    save_changes(coordinator, before, actor=actor)
    return coordinator


@transaction.atomic
def request_extension(task: Task, *, actor, proposed_due: datetime.date, reason: str) -> ExtensionRequest:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not policy_for(Task).can(actor, VIEW, task) or not workflow.may_request_extension(actor, task):
        raise PermissionDenied(_("Only the focal person or the lead unit's head can ask for more time."))
    if not task.is_open:
        raise ValidationError(_("A completed or cancelled task cannot be extended."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why more time is needed.")})
    if task.due_on and proposed_due <= task.due_on:
        raise ValidationError({"proposed_due": _("The new due date must be later than the current one.")})
    if proposed_due < task.assigned_on:
        raise ValidationError({"proposed_due": _("The new due date cannot be before the task was assigned.")})
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension request for this task is already waiting for a decision."))
    extension = ExtensionRequest(
        task=task,
        requested_by=actor,
        current_due=task.due_on,
        proposed_due=proposed_due,
        reason=reason.strip(),
    )
    validated_save(extension)
    record(actor, AuditAction.CREATE, extension)
    events.extension_requested(extension, actor=actor)
    _notify(
        task.assigned_by,
        kind="task.extension_requested",
        title=_("Extension requested: %(title)s") % {"title": task.title},
        body=extension.reason,
        task=task,
    )
    return extension


@transaction.atomic
def decide_extension(
    extension: ExtensionRequest, *, actor, approve: bool, note: str = ""
) -> ExtensionRequest:
    extension = ExtensionRequest.objects.select_for_update().select_related("task").get(pk=extension.pk)
    task = Task.objects.select_for_update().get(pk=extension.task_id)
    if not policy_for(Task).can(actor, VIEW, task) or not workflow.may_decide_extension(actor, task):
        raise PermissionDenied(_("Only whoever assigned the task can decide on an extension."))
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    before = snapshot(extension)
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_note = (note or "").strip()
    save_changes(extension, before, actor=actor)
    if approve:
        task_before = snapshot(task)
        task.due_on = extension.proposed_due
        save_changes(task, task_before, actor=actor, reason=_("Extension approved"))
        _after_write(task)
    events.extension_decided(extension, actor=actor)
    _notify(
        extension.requested_by,
        kind="task.extension_decided",
        title=_("Extension %(decision)s: %(title)s")
        % {"decision": extension.get_status_display().lower(), "title": task.title},
        body=extension.decision_note,
        task=task,
    )
    return extension


@transaction.atomic
def watch_task(task: Task, *, actor, watch: bool = True) -> Task:
    """Anyone who sees a task may follow it (instead of creating a duplicate) or stop following it."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not policy_for(Task).can(actor, VIEW, task):
        raise PermissionDenied(_("You cannot see this task."))
    watching = task.watchers.filter(pk=actor.pk).exists()
    if watching != watch:
        before = snapshot(task)
        before.update(_related(task))
        (task.watchers.add if watch else task.watchers.remove)(actor)
        after = snapshot(task)
        after.update(_related(task))
        record(actor, AuditAction.UPDATE, task, before=before, after=after, reason=_("Watchers"))
    return task


@transaction.atomic
def delete_task(task: Task, *, actor, reason: str = "") -> None:
    policy_for(Task).check(actor, DELETE, task)
    delete_audited(task, actor=actor, reason=reason)
    unindex_overlap(task)


def focal_candidates(unit: Unit):
    """The people who may be a task's focal person in `unit`: its members."""
    return (
        get_user_model()
        .objects.filter(memberships__unit=unit, is_active=True)
        .distinct()
        .order_by("username")
    )
