"""REST endpoints around a task's work: progress reports, extension requests and their decisions, the overlap
check before a new task is saved, and the urging letter (công văn đôn đốc) for overdue tasks."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from coophub.access.policies import VIEW, policy_for
from coophub.api.helpers import Day, country, input_names, today, visible
from coophub.api.schemas import ERRORS, WRITE_ERRORS, Id, InputSchema, ListParams, RecordId, page
from coophub.overlaps.queries import find_visible_similar
from coophub.partners.models import Partner

from . import services, urging
from .api import visible_task
from .models import ExtensionRequest, ProgressReport, Task

router = Router(tags=["tasks"])

DOCX = urging.DOCX


class ReportIn(InputSchema):
    text: str = Field(..., min_length=1, max_length=20000, description="What was done")
    percent_done: int | None = Field(None, ge=0, le=100)
    on: Day | None = Field(None, description="Defaults to today")


class ReportOut(Schema):
    id: int
    task_id: int
    author_id: int
    unit_id: int | None
    on: datetime.date
    percent_done: int | None
    text: str
    created_at: datetime.datetime


class ReportList(Schema):
    count: int
    items: list[ReportOut]


class ExtensionIn(InputSchema):
    proposed_due: Day
    reason: str = Field(..., min_length=1, max_length=20000)


class ExtensionOut(Schema):
    id: int
    task_id: int
    requested_by_id: int
    requested_at: datetime.datetime
    current_due: datetime.date | None
    proposed_due: datetime.date
    reason: str
    status: str
    decided_by_id: int | None
    decided_at: datetime.datetime | None
    decision_note: str


class ExtensionList(Schema):
    count: int
    items: list[ExtensionOut]


class DecisionIn(InputSchema):
    approve: bool
    note: str = Field("", max_length=20000)


class OverlapQuery(InputSchema):
    title: str = Field(..., min_length=1, max_length=500)
    description: str = Field("", max_length=20000)
    partner_id: Id | None = None
    country_id: str | None = Field(None, max_length=3, description="ISO 3166-1 alpha-2 or alpha-3 code")
    exclude_task_id: Id | None = Field(None, description="The task being edited, so it does not find itself")
    limit: int = Field(10, ge=1, le=50)


class OverlapOut(Schema):
    type: str = Field(..., description="app_label.model, e.g. assignments.task")
    id: int
    score: float
    reasons: list[str] = Field(..., description="Codes: similar_text, same_partner, same_country")
    explanations: list[str]
    label: str
    url: str


class OverlapList(Schema):
    count: int
    items: list[OverlapOut]


class UrgingIn(InputSchema):
    task_ids: list[Id] = Field(..., min_length=1, max_length=200, description="The overdue tasks to urge")


@router.get(
    "/tasks/{task_id}/reports", response={200: ReportList, **ERRORS}, operation_id="tasks_reports_list"
)
def list_reports(request, task_id: RecordId, params: Query[ListParams]):
    task = visible_task(request, task_id)
    qs = policy_for(ProgressReport).scope(request.user, VIEW).filter(task=task)
    return page(qs.order_by("-on", "-id"), params)


@router.post(
    "/tasks/{task_id}/reports", response={201: ReportOut, **WRITE_ERRORS}, operation_id="tasks_report"
)
def add_report(request, task_id: RecordId, payload: ReportIn):
    """A progress report from the people doing the task (attachments are added on the web page)."""
    report = services.add_progress_report(
        visible_task(request, task_id),
        actor=request.user,
        text=payload.text,
        percent_done=payload.percent_done,
        on=payload.on,
    )
    return Status(201, report)


@router.get(
    "/tasks/{task_id}/extensions",
    response={200: ExtensionList, **ERRORS},
    operation_id="tasks_extensions_list",
)
def list_extensions(request, task_id: RecordId, params: Query[ListParams]):
    task = visible_task(request, task_id)
    qs = policy_for(ExtensionRequest).scope(request.user, VIEW).filter(task=task)
    return page(qs.order_by("-requested_at", "-id"), params)


@router.post(
    "/tasks/{task_id}/extensions",
    response={201: ExtensionOut, **WRITE_ERRORS},
    operation_id="tasks_request_extension",
)
def request_extension(request, task_id: RecordId, payload: ExtensionIn):
    """Ask whoever assigned the task for a later due date."""
    extension = services.request_extension(
        visible_task(request, task_id),
        actor=request.user,
        proposed_due=payload.proposed_due,
        reason=payload.reason,
    )
    return Status(201, extension)


@router.post(
    "/extensions/{extension_id}/decision",
    response={200: ExtensionOut, **WRITE_ERRORS},
    operation_id="extensions_decide",
)
def decide_extension(request, extension_id: RecordId, payload: DecisionIn):
    """Approve (the due date moves) or reject a pending extension request."""
    extension = get_object_or_404(policy_for(ExtensionRequest).scope(request.user, VIEW), pk=extension_id)
    return services.decide_extension(
        extension, actor=request.user, approve=payload.approve, note=payload.note
    )


@router.post("/tasks/overlaps", response={200: OverlapList, **ERRORS}, operation_id="tasks_overlaps")
def find_overlaps(request, payload: OverlapQuery):
    """Open tasks and commitments, across all units, that read like this one or share its partner or country;
    only those the caller may see."""
    partner = visible(request, Partner, "partner_id", payload.partner_id, _("No such partner."))
    try:
        found = country(payload.country_id)
    except ValidationError as exc:
        raise ValidationError({"country_id": exc.message_dict["country"]}) from exc
    exclude = None
    if payload.exclude_task_id is not None:
        exclude = visible(request, Task, "exclude_task_id", payload.exclude_task_id, _("No such task."))
    matches = find_visible_similar(
        request.user,
        f"{payload.title} {payload.description}",
        partner_ids=[partner.pk] if partner else [],
        country_ids=[found.pk] if found else [],
        exclude=exclude,
        limit=payload.limit,
    )
    items = [
        {
            "type": m.type,
            "id": m.object_id,
            "score": m.score,
            "reasons": m.reasons,
            "explanations": m.explanations(),
            "label": m.label,
            "url": m.url,
        }
        for m in matches
    ]
    return {"count": len(items), "items": items}


@router.post(
    "/tasks/urging-letter",
    response=WRITE_ERRORS,
    operation_id="tasks_urging_letter",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The urging letter, a Decree 30/2020 .docx addressed to the lead units",
                "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def urging_letter(request, payload: UrgingIn):
    """Draft the urging letter (công văn đôn đốc) for those of the selected tasks that the caller may see and
    that are overdue today; each one's timeline records that it was urged."""
    day = today()
    with input_names(UrgingIn):
        selected = urging.urging_tasks(request.user, payload.task_ids)
        body = urging.build_urging_letter(actor=request.user, tasks=selected, date=day)
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="cong-van-don-doc-{day:%Y-%m-%d}.docx"'
    return response
