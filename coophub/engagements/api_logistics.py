"""REST endpoints for an engagement's logistics — the delegation plan and its approval, the gifts given and
received, the request to host a conference — thin adapters over logistics.py.

An engagement the caller may not see answers 404; a step their role may not take, 403 with the reason; a stale
version (body `version` or If-Match), 409."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from coophub.access.policies import VIEW, policy_for
from coophub.api.helpers import Day, etag, if_match, input_names
from coophub.api.schemas import ERRORS, WRITE_ERRORS, InputSchema, ListParams, RecordId, page

from . import logistics
from .choices import BudgetSource, ConferenceApproval, GiftDirection, GiftHandling
from .models import ConferenceRequest, DelegationPlan, Engagement, Gift

router = Router(tags=["engagements"])

MAX_AMOUNT = 10**16 - 1  # the models' 16 digits
Currency = Field("VND", pattern=r"^[A-Z]{3}$", description="ISO 4217 code")
Version = Field(None, ge=1, description="The version you read; a stale one answers 409")


def _engagement(request, engagement_id) -> Engagement:
    return get_object_or_404(policy_for(Engagement).scope(request.user, VIEW), pk=engagement_id)


class VersionIn(InputSchema):
    version: int | None = Version


# Delegation plan --------------------------------------------------------------------------------------------


class MemberOut(Schema):
    official_id: int | None
    name: str
    title: str
    unit_id: int | None
    organisation: str
    role: str


class PlanIn(InputSchema):
    purpose: str = Field(..., min_length=1, max_length=20000)
    budget_source: BudgetSource
    budget_amount: int | None = Field(None, ge=0, le=MAX_AMOUNT)
    currency: str = Currency
    departs_on: Day
    returns_on: Day
    decision_number: str = Field("", max_length=100, description="The decision sending the delegation")
    version: int | None = Version


class PlanDecisionIn(InputSchema):
    approve: bool
    decision_number: str = Field("", max_length=100, description="Required to approve")
    note: str = Field("", max_length=20000, description="Required to reject")
    version: int | None = Version


class ReopenIn(InputSchema):
    note: str = Field(..., min_length=1, max_length=20000)
    version: int | None = Version


class PlanOut(Schema):
    id: int
    engagement_id: int
    purpose: str
    budget_source: str
    budget_amount: int | None
    currency: str
    departs_on: datetime.date
    returns_on: datetime.date
    members: list[MemberOut] = Field(..., description="The engagement's Vietnamese participants")
    status: str
    decision_number: str
    decided_by_id: int | None
    decided_on: datetime.date | None
    decision_note: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_members(obj):
        return list(obj.engagement.vn_participants.all())


def _plan(engagement) -> DelegationPlan:
    plan = DelegationPlan.objects.filter(engagement=engagement).first()
    if plan is None:
        raise Http404
    return plan


@router.get(
    "/engagements/{engagement_id}/delegation-plan",
    response={200: PlanOut, **ERRORS},
    operation_id="engagements_delegation_plan_get",
)
def get_plan(request, engagement_id: RecordId, response: HttpResponse):
    return etag(response, _plan(_engagement(request, engagement_id)))


@router.put(
    "/engagements/{engagement_id}/delegation-plan",
    response={200: PlanOut, 201: PlanOut, **WRITE_ERRORS},
    operation_id="engagements_delegation_plan_put",
)
def put_plan(request, engagement_id: RecordId, payload: PlanIn, response: HttpResponse):
    """Draw up the plan or change it (not once approved: reopen it first)."""
    engagement = _engagement(request, engagement_id)
    existed = DelegationPlan.objects.filter(engagement=engagement).exists()
    data = payload.dict()
    version = data.pop("version") or if_match(request)
    plan = logistics.save_delegation_plan(engagement, actor=request.user, data=data, version=version)
    plan.refresh_from_db()
    return Status(200 if existed else 201, etag(response, plan))


@router.post(
    "/engagements/{engagement_id}/delegation-plan/submit",
    response={200: PlanOut, **WRITE_ERRORS},
    operation_id="engagements_delegation_plan_submit",
)
def submit_plan(request, engagement_id: RecordId, payload: VersionIn, response: HttpResponse):
    plan = _plan(_engagement(request, engagement_id))
    plan = logistics.submit_delegation_plan(
        plan, actor=request.user, version=payload.version or if_match(request)
    )
    return etag(response, plan)


@router.post(
    "/engagements/{engagement_id}/delegation-plan/decision",
    response={200: PlanOut, **WRITE_ERRORS},
    operation_id="engagements_delegation_plan_decide",
)
def decide_plan(request, engagement_id: RecordId, payload: PlanDecisionIn, response: HttpResponse):
    """Approve (with the number of the decision sending the delegation) or reject (saying why)."""
    plan = _plan(_engagement(request, engagement_id))
    plan = logistics.decide_delegation_plan(
        plan,
        actor=request.user,
        approve=payload.approve,
        decision_number=payload.decision_number,
        note=payload.note,
        version=payload.version or if_match(request),
    )
    return etag(response, plan)


@router.post(
    "/engagements/{engagement_id}/delegation-plan/reopen",
    response={200: PlanOut, **WRITE_ERRORS},
    operation_id="engagements_delegation_plan_reopen",
)
def reopen_plan(request, engagement_id: RecordId, payload: ReopenIn, response: HttpResponse):
    """Return a submitted or decided plan to draft, saying why."""
    plan = _plan(_engagement(request, engagement_id))
    plan = logistics.reopen_delegation_plan(
        plan, actor=request.user, note=payload.note, version=payload.version or if_match(request)
    )
    return etag(response, plan)


# Gifts ------------------------------------------------------------------------------------------------------


class GiftFields(InputSchema):
    value: int | None = Field(None, ge=0, le=MAX_AMOUNT, description="Estimated value")
    currency: str = Currency
    handling: GiftHandling | None = Field(
        None, description="A gift given is presented; a gift received must say how it is handled"
    )
    note: str = Field("", max_length=20000)


class GiftIn(GiftFields):
    direction: GiftDirection
    description: str = Field(..., min_length=1, max_length=500)
    counterpart: str = Field(..., min_length=1, max_length=255, description="Name, title and organisation")


class GiftPatch(GiftFields):
    """Only the fields sent change."""

    direction: GiftDirection | None = None
    description: str | None = Field(None, min_length=1, max_length=500)
    counterpart: str | None = Field(None, min_length=1, max_length=255)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$")


class GiftOut(Schema):
    id: int
    engagement_id: int
    direction: str
    description: str
    counterpart: str
    value: int | None
    currency: str
    handling: str
    note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class GiftList(Schema):
    count: int
    items: list[GiftOut]


def _gift(engagement, gift_id) -> Gift:
    return get_object_or_404(Gift, engagement=engagement, pk=gift_id)


@router.get(
    "/engagements/{engagement_id}/gifts",
    response={200: GiftList, **ERRORS},
    operation_id="engagements_gifts_list",
)
def list_gifts(request, engagement_id: RecordId, params: Query[ListParams]):
    engagement = _engagement(request, engagement_id)
    return page(Gift.objects.filter(engagement=engagement).order_by("id"), params)


@router.post(
    "/engagements/{engagement_id}/gifts",
    response={201: GiftOut, **WRITE_ERRORS},
    operation_id="engagements_gifts_create",
)
def create_gift(request, engagement_id: RecordId, payload: GiftIn):
    engagement = _engagement(request, engagement_id)
    gift = logistics.save_gift(engagement, actor=request.user, data=payload.dict())
    gift.refresh_from_db()
    return Status(201, gift)


@router.patch(
    "/engagements/{engagement_id}/gifts/{gift_id}",
    response={200: GiftOut, **WRITE_ERRORS},
    operation_id="engagements_gifts_update",
)
def update_gift(request, engagement_id: RecordId, gift_id: RecordId, payload: GiftPatch):
    engagement = _engagement(request, engagement_id)
    gift = logistics.save_gift(
        engagement, actor=request.user, data=payload.dict(exclude_unset=True), gift=_gift(engagement, gift_id)
    )
    gift.refresh_from_db()
    return gift


@router.delete(
    "/engagements/{engagement_id}/gifts/{gift_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="engagements_gifts_delete",
)
def delete_gift(request, engagement_id: RecordId, gift_id: RecordId):
    engagement = _engagement(request, engagement_id)
    logistics.delete_gift(_gift(engagement, gift_id), actor=request.user)
    return Status(204, None)


# Conference request -----------------------------------------------------------------------------------------


class RequestIn(InputSchema):
    approval: ConferenceApproval = Field(
        ..., description="Who decides (Decision 06/2020/QĐ-TTg); sets how many days ahead it is due"
    )
    expected_participants: int | None = Field(None, ge=0, le=1_000_000)
    foreign_participants: int | None = Field(None, ge=0, le=1_000_000)
    funding: str = Field("", max_length=255)
    version: int | None = Version


class FileIn(InputSchema):
    on: Day | None = Field(None, description="The day it was filed; defaults to today")
    version: int | None = Version


class RequestDecisionIn(InputSchema):
    approve: bool
    decision_number: str = Field("", max_length=100, description="Required to approve")
    version: int | None = Version


class RequestOut(Schema):
    id: int
    engagement_id: int
    approval: str
    expected_participants: int | None
    foreign_participants: int | None
    funding: str
    status: str
    filed_on: datetime.date | None
    decision_number: str
    lead_days: int = Field(..., description="Days before the conference opens by which it is due")
    due_on: datetime.date = Field(..., description="The last day it may be filed")
    warning: str = Field(..., description="Why it is late or about to be; empty when in time")
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_lead_days(obj):
        return logistics.lead_days(obj.approval)

    @staticmethod
    def resolve_due_on(obj):
        return logistics.request_due_on(obj)

    @staticmethod
    def resolve_warning(obj):
        return logistics.request_warning(obj)


def _conference(engagement) -> ConferenceRequest:
    found = ConferenceRequest.objects.filter(engagement=engagement).select_related("engagement").first()
    if found is None:
        raise Http404
    return found


@router.get(
    "/engagements/{engagement_id}/conference-request",
    response={200: RequestOut, **ERRORS},
    operation_id="engagements_conference_request_get",
)
def get_conference_request(request, engagement_id: RecordId, response: HttpResponse):
    return etag(response, _conference(_engagement(request, engagement_id)))


@router.put(
    "/engagements/{engagement_id}/conference-request",
    response={200: RequestOut, 201: RequestOut, **WRITE_ERRORS},
    operation_id="engagements_conference_request_put",
)
def put_conference_request(request, engagement_id: RecordId, payload: RequestIn, response: HttpResponse):
    """Prepare the request or change it (not once decided)."""
    engagement = _engagement(request, engagement_id)
    existed = ConferenceRequest.objects.filter(engagement=engagement).exists()
    data = payload.dict()
    version = data.pop("version") or if_match(request)
    logistics.save_conference_request(engagement, actor=request.user, data=data, version=version)
    return Status(200 if existed else 201, etag(response, _conference(engagement)))


@router.post(
    "/engagements/{engagement_id}/conference-request/file",
    response={200: RequestOut, **WRITE_ERRORS},
    operation_id="engagements_conference_request_file",
)
def file_conference_request(request, engagement_id: RecordId, payload: FileIn, response: HttpResponse):
    """Record that the request was filed; the answer's warning says if it was late."""
    engagement = _engagement(request, engagement_id)
    with input_names(FileIn, filed_on="on"):
        logistics.file_conference_request(
            _conference(engagement),
            actor=request.user,
            on=payload.on,
            version=payload.version or if_match(request),
        )
    return etag(response, _conference(engagement))


@router.post(
    "/engagements/{engagement_id}/conference-request/decision",
    response={200: RequestOut, **WRITE_ERRORS},
    operation_id="engagements_conference_request_decide",
)
def decide_conference_request(
    request, engagement_id: RecordId, payload: RequestDecisionIn, response: HttpResponse
):
    engagement = _engagement(request, engagement_id)
    logistics.decide_conference_request(
        _conference(engagement),
        actor=request.user,
        approve=payload.approve,
        decision_number=payload.decision_number,
        version=payload.version or if_match(request),
    )
    return etag(response, _conference(engagement))
