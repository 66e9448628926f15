"""REST endpoints for tasks and their workflow: thin adapters over services.py.

A task has exactly one lead unit and one focal person: both are single integers here, and a list is refused
with that reason. Reports, extensions, the overlap check and the urging letter are in api_work.py."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import field_validator

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.agreements.models import Agreement, Commitment
from coophub.api.helpers import (
    Day,
    country,
    etag,
    if_match,
    input_names,
    many,
    owned_data,
    today,
    unit,
    user,
    visible,
)
from coophub.api.schemas import ERRORS, WRITE_ERRORS, Id, InputSchema, ListParams, RecordId, page
from coophub.core.models import Visibility
from coophub.partners.models import Partner
from coophub.search.queries import matching_object_ids

from . import deadlines, services, workflow
from .choices import DeadlineState, Recurrence, TaskPriority, TaskSource, TaskStatus
from .models import Task, TaskType

router = Router(tags=["tasks"])


class CoordinatorIn(Schema):
    unit_id: Id
    part: str = Field("", max_length=500, description="What this unit contributes")


class CoordinatorOut(Schema):
    unit_id: int
    part: str
    status: str


class TaskFields(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=500)
    description: str = Field("", max_length=20000)
    task_type_id: Id | None = None
    source: TaskSource = TaskSource.DOCUMENT
    source_document: str = Field("", max_length=255, description="Number of the directing document")
    source_document_date: Day | None = None
    source_meeting: str = Field("", max_length=500)
    commitment_id: Id | None = None
    agreement_id: Id | None = None
    partner_id: Id | None = None
    country: str | None = Field(None, max_length=3, description="ISO 3166-1 alpha-2 or alpha-3 code")
    assigned_on: Day | None = Field(None, description="Defaults to today")
    lead_unit_id: Id | None = Field(None, description="Exactly one unit: an integer, never a list")
    focal_person_id: Id | None = Field(None, description="Exactly one person, a member of the lead unit")
    coordinators: list[CoordinatorIn] = Field([], max_length=50, description="Coordinating units")
    watcher_ids: list[Id] = Field([], max_length=100)
    priority: TaskPriority = TaskPriority.NORMAL
    due_on: Day | None = None
    recurrence: Recurrence = Recurrence.NONE
    recurrence_day: int | None = Field(None, ge=1, le=31)
    owner_unit_id: Id | None = Field(None, description="The assigning unit; defaults to the caller's")
    visibility: Visibility = Visibility.MINISTRY
    allowed_unit_ids: list[Id] = Field([], max_length=100)
    allowed_user_ids: list[Id] = Field([], max_length=100)

    @field_validator("lead_unit_id", "focal_person_id", mode="before")
    @classmethod
    def _exactly_one(cls, value, info):
        if isinstance(value, list | tuple | set | dict):
            if info.field_name == "lead_unit_id":
                raise ValueError(_("A task has exactly one lead unit: send one unit id, not a list."))
            raise ValueError(_("A task has exactly one focal person: send one user id, not a list."))
        return value


class TaskIn(TaskFields):
    code: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    title: str = Field(..., min_length=1, max_length=500)
    lead_unit_id: Id = Field(..., description="Exactly one unit: an integer, never a list")
    focal_person_id: Id = Field(..., description="Exactly one person, a member of the lead unit")


class TaskPatch(TaskFields):
    """Every field optional: only those sent change. The status changes through /transitions."""

    version: int | None = Field(None, ge=1, description="The version you read; a stale one answers 409")


class TaskOut(Schema):
    id: int
    code: str
    title: str
    description: str
    task_type_id: int | None
    source: str
    source_document: str
    source_document_date: datetime.date | None
    source_meeting: str
    commitment_id: int | None
    agreement_id: int | None
    partner_id: int | None
    country: str | None = Field(None, alias="country_id")
    assigned_by_id: int
    assigned_on: datetime.date
    lead_unit_id: int
    focal_person_id: int
    coordinators: list[CoordinatorOut]
    watcher_ids: list[int]
    priority: str
    due_on: datetime.date | None
    recurrence: str
    recurrence_day: int | None
    previous_id: int | None
    status: TaskStatus
    percent_done: int
    result: str
    completed_on: datetime.date | None
    deadline: DeadlineState = Field(..., description="Computed today from the due and completion dates")
    allowed_transitions: list[TaskStatus] = Field(..., description="Statuses the caller may move it to")
    owner_unit_id: int
    visibility: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_coordinators(obj):
        return [{"unit_id": c.unit_id, "part": c.part, "status": c.status} for c in obj.coordinators.all()]

    @staticmethod
    def resolve_watcher_ids(obj):
        return sorted(w.pk for w in obj.watchers.all())

    @staticmethod
    def resolve_deadline(obj):
        return deadlines.task_deadline_state(obj, today())

    @staticmethod
    def resolve_allowed_transitions(obj, context):
        return workflow.allowed_targets(context["request"].user, obj)


class TaskList(Schema):
    count: int
    items: list[TaskOut]


class TaskFilters(ListParams):
    q: str | None = Field(None, max_length=200, description="Title, code, document or unit, any diacritics")
    status: TaskStatus | None = None
    deadline: DeadlineState | None = None
    lead_unit_id: Id | None = None
    focal_person_id: Id | None = None
    partner_id: Id | None = None
    agreement_id: Id | None = None
    commitment_id: Id | None = None
    due_before: datetime.date | None = Field(None, description="Due on or before this day")
    due_after: datetime.date | None = Field(None, description="Due on or after this day")
    mine: bool | None = Field(None, description="true: tasks I am the focal person of, assigned, or watch")


class TransitionIn(InputSchema):
    to: TaskStatus
    reason: str = Field("", max_length=20000, description="Required to return, hold or cancel")
    on: Day | None = Field(None, description="The completion date, when completing; defaults to today")
    version: int | None = Field(None, ge=1)


def tasks(user):
    return (
        policy_for(Task)
        .scope(user, VIEW)
        .prefetch_related("coordinators", "watchers")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def visible_task(request, task_id) -> Task:
    return get_object_or_404(tasks(request.user), pk=task_id)


def _task_data(request, payload: dict):
    data = owned_data(request, {k: v for k, v in payload.items() if k not in ("coordinators", "watcher_ids")})
    if data.get("code") is None:
        data.pop("code", None)
    if data.get("assigned_on") is None:
        data.pop("assigned_on", None)
    for key, model, message in (
        ("commitment_id", Commitment, _("No such commitment.")),
        ("agreement_id", Agreement, _("No such agreement.")),
        ("partner_id", Partner, _("No such partner.")),
    ):
        if key in data:
            data[key.removesuffix("_id")] = visible(request, model, key, data.pop(key), message)
    if "task_type_id" in data:
        type_id = data.pop("task_type_id")
        data["task_type"] = TaskType.objects.filter(pk=type_id).first() if type_id else None
        if type_id and data["task_type"] is None:
            raise ValidationError({"task_type_id": _("No such task type.")})
    if "lead_unit_id" in data:
        data["lead_unit"] = unit("lead_unit_id", data.pop("lead_unit_id"))
    if "focal_person_id" in data:
        data["focal_person"] = user("focal_person_id", data.pop("focal_person_id"))
    if "country" in data:
        data["country"] = country(data["country"])
    coordinators = payload.get("coordinators")
    if coordinators is not None:
        found = {u.pk: u for u in many("coordinators", Unit, [c["unit_id"] for c in coordinators])}
        coordinators = [{"unit": found[c["unit_id"]], "part": c["part"]} for c in coordinators]
    watchers = payload.get("watcher_ids")
    if watchers is not None:
        watchers = many("watcher_ids", get_user_model(), watchers)
    return data, coordinators, watchers


@router.get("/tasks", response={200: TaskList, **ERRORS}, operation_id="tasks_list")
def list_tasks(request, filters: Query[TaskFilters]):
    qs = tasks(request.user)
    for name in ("status", "lead_unit_id", "focal_person_id", "partner_id", "agreement_id", "commitment_id"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.deadline:
        qs = qs.filter(deadlines.deadline_state_q(filters.deadline, today()))
    if filters.due_before:
        qs = qs.filter(due_on__lte=filters.due_before)
    if filters.due_after:
        qs = qs.filter(due_on__gte=filters.due_after)
    if filters.mine is not None:
        me = request.user.pk
        mine = (
            Q(focal_person_id=me)
            | Q(assigned_by_id=me)
            | Q(pk__in=Task.watchers.through.objects.filter(user_id=me).values("task_id"))
        )
        qs = qs.filter(mine if filters.mine else ~mine)
    if filters.q:
        qs = qs.filter(pk__in=matching_object_ids(Task, filters.q))
    return page(qs, filters)


# Service errors name coordinating_units; the request calls them coordinators.
RENAMED = {"coordinating_units": "coordinators", "watchers": "watcher_ids"}


@router.post("/tasks", response={201: TaskOut, **WRITE_ERRORS}, operation_id="tasks_create")
def create_task(request, payload: TaskIn):
    """Assign a task: one lead unit, one focal person of that unit, any coordinating units with their part."""
    with input_names(TaskIn, **RENAMED):
        data, coordinators, watchers = _task_data(request, payload.dict())
        task = services.create_task(
            actor=request.user, data=data, coordinators=coordinators, watchers=watchers
        )
    return Status(201, visible_task(request, task.pk))


@router.get("/tasks/{task_id}", response={200: TaskOut, **ERRORS}, operation_id="tasks_get")
def get_task(request, task_id: RecordId, response: HttpResponse):
    task = visible_task(request, task_id)
    return etag(response, task)


@router.patch("/tasks/{task_id}", response={200: TaskOut, **WRITE_ERRORS}, operation_id="tasks_update")
def update_task(request, task_id: RecordId, payload: TaskPatch, response: HttpResponse):
    task = visible_task(request, task_id)
    data = payload.dict(exclude_unset=True)
    if data.get("coordinators") is not None:  # each row whole, with its defaults
        data["coordinators"] = [c.dict() for c in payload.coordinators]
    version = data.get("version") or if_match(request)
    with input_names(TaskPatch, **RENAMED):
        data, coordinators, watchers = _task_data(request, data)
        services.update_task(
            task, actor=request.user, data=data, coordinators=coordinators, watchers=watchers, version=version
        )
    task = visible_task(request, task_id)
    return etag(response, task)


@router.delete("/tasks/{task_id}", response={204: None, **WRITE_ERRORS}, operation_id="tasks_delete")
def delete_task(request, task_id: RecordId):
    services.delete_task(visible_task(request, task_id), actor=request.user)
    return Status(204, None)


@router.post(
    "/tasks/{task_id}/transitions", response={200: TaskOut, **WRITE_ERRORS}, operation_id="tasks_transition"
)
def transition_task(request, task_id: RecordId, payload: TransitionIn, response: HttpResponse):
    """Move the task to another status; a step the caller's role may not take answers 403 with the reason."""
    task = visible_task(request, task_id)
    services.transition_task(
        task,
        actor=request.user,
        to=payload.to,
        reason=payload.reason,
        on=payload.on,
        version=payload.version or if_match(request),
    )
    task = visible_task(request, task_id)
    return etag(response, task)
