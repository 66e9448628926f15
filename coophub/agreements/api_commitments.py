"""REST endpoints for commitments and their progress log: thin adapters over services.py.

Progress, completion and the on-track judgement are derived (DESIGN rule 3): the first two are written by the
services from the log, the track is computed at read time."""

import datetime
from decimal import Decimal

from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from coophub.access.policies import VIEW, policy_for
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

from . import progress, services
from .choices import CommitmentKind, CommitmentSource, CommitmentStatus, Completion, Side, Track
from .models import Agreement, Commitment, ProgressEntry

router = Router(tags=["commitments"])


class CommitmentFields(InputSchema):
    code: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    kind: CommitmentKind = CommitmentKind.COMMITMENT
    agreement_id: Id | None = None
    parent_id: Id | None = Field(None, description="The commitment this milestone is part of")
    source: CommitmentSource | None = Field(
        None, description="Defaults to agreement when there is one, otherwise other"
    )
    source_reference: str = Field("", max_length=255)
    title_en: str = Field("", max_length=500)
    description: str = Field("", max_length=20000)
    side: Side = Side.VN
    partner_ids: list[Id] = Field([], max_length=100)
    country: str | None = Field(None, max_length=3, description="ISO 3166-1 alpha-2 or alpha-3 code")
    lead_unit_id: Id | None = None
    focal_person_id: Id | None = Field(None, description="A member of the lead unit")
    weight: Decimal = Field(Decimal("1"), ge=Decimal("0.01"), le=Decimal("1000"), decimal_places=2)
    start_on: Day | None = None
    due_on: Day | None = None
    status: CommitmentStatus = CommitmentStatus.ACTIVE
    owner_unit_id: Id | None = Field(
        None, description="Defaults to the agreement's owner, or the caller's unit"
    )
    visibility: Visibility = Visibility.MINISTRY
    allowed_unit_ids: list[Id] = Field([], max_length=100)
    allowed_user_ids: list[Id] = Field([], max_length=100)


class CommitmentIn(CommitmentFields):
    title_vi: str = Field(..., min_length=1, max_length=500)


class CommitmentPatch(CommitmentFields):
    """Every field optional: only those sent change. Progress changes through /progress."""

    version: int | None = Field(None, ge=1, description="The version you read; a stale one answers 409")
    title_vi: str | None = Field(None, min_length=1, max_length=500)


class CommitmentOut(Schema):
    id: int
    code: str | None
    kind: str
    agreement_id: int | None
    parent_id: int | None
    children_ids: list[int] = Field(..., description="Its milestones the caller may see")
    source: str
    source_reference: str
    title_vi: str
    title_en: str
    description: str
    side: str
    partner_ids: list[int]
    country: str | None = Field(None, alias="country_id")
    lead_unit_id: int | None
    focal_person_id: int | None
    weight: float
    start_on: datetime.date | None
    due_on: datetime.date | None
    status: str
    progress: float = Field(..., description="Percent, rolled up from milestones by weight")
    completion: Completion
    completed_on: datetime.date | None
    last_progress_on: datetime.date | None
    track: Track = Field(..., description="Computed today from the dates and the progress")
    owner_unit_id: int
    visibility: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_children_ids(obj):
        return [c.pk for c in obj.children.all()]

    @staticmethod
    def resolve_partner_ids(obj):
        return sorted(p.pk for p in obj.partners.all())

    @staticmethod
    def resolve_track(obj):
        return progress.track(obj, today())


class CommitmentList(Schema):
    count: int
    items: list[CommitmentOut]


class CommitmentFilters(ListParams):
    q: str | None = Field(None, max_length=200, description="Title, code or description, any diacritics")
    agreement_id: Id | None = None
    parent_id: Id | None = None
    kind: CommitmentKind | None = None
    status: CommitmentStatus | None = None
    side: Side | None = None
    completion: Completion | None = None
    track: Track | None = None
    lead_unit_id: Id | None = None
    partner_id: Id | None = None
    due_before: datetime.date | None = Field(None, description="Due on or before this day")
    due_after: datetime.date | None = Field(None, description="Due on or after this day")


class ProgressIn(InputSchema):
    on: Day | None = Field(None, description="Defaults to today")
    value: Decimal | None = Field(None, ge=0, le=100, decimal_places=2, description="Percent done")
    completion: Completion | None = Field(None, description="Instead of (or with) a percentage")
    comment: str = Field("", max_length=20000)
    evidence_url: str = Field("", max_length=500)


class ProgressOut(Schema):
    id: int
    commitment_id: int
    on: datetime.date
    value: float | None
    completion: str
    comment: str
    evidence_url: str
    author_id: int | None
    created_at: datetime.datetime


class ProgressList(Schema):
    count: int
    items: list[ProgressOut]


def _commitments(user):
    scope = policy_for(Commitment).scope(user, VIEW)
    return scope.prefetch_related(
        "partners", Prefetch("children", queryset=scope.order_by("id").only("id", "parent_id"))
    ).order_by(F("agreement_id").asc(nulls_last=True), "id")


def _visible_commitment(request, commitment_id) -> Commitment:
    return get_object_or_404(_commitments(request.user), pk=commitment_id)


def _commitment_data(request, payload: dict) -> dict:
    if request.method == "POST" and payload.get("owner_unit_id") is None:
        if payload.get("agreement_id") or payload.get("parent_id"):
            payload = {k: v for k, v in payload.items() if k != "owner_unit_id"}  # the agreement's owner
    data = owned_data(request, payload)
    if data.get("code") is None:
        data.pop("code", None)  # no code: a null, not an empty string (codes are unique)
    if data.get("source") is None:
        data.pop("source", None)
    if "agreement_id" in data:
        data["agreement"] = visible(
            request, Agreement, "agreement_id", data.pop("agreement_id"), _("No such agreement.")
        )
    if "parent_id" in data:
        data["parent"] = visible(
            request, Commitment, "parent_id", data.pop("parent_id"), _("No such commitment.")
        )
    if "lead_unit_id" in data:
        data["lead_unit"] = unit("lead_unit_id", data.pop("lead_unit_id"))
    if "focal_person_id" in data:
        data["focal_person"] = user("focal_person_id", data.pop("focal_person_id"))
    if "country" in data:
        data["country"] = country(data["country"])
    if data.get("partner_ids") is not None:
        data["partners"] = many(
            "partner_ids", Partner, data["partner_ids"], policy_for(Partner).scope(request.user, VIEW)
        )
    data.pop("partner_ids", None)
    return data


@router.get("/commitments", response={200: CommitmentList, **ERRORS}, operation_id="commitments_list")
def list_commitments(request, filters: Query[CommitmentFilters]):
    qs = _commitments(request.user)
    for name in ("agreement_id", "parent_id", "kind", "status", "side", "completion", "lead_unit_id"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.partner_id:
        qs = qs.filter(partners__id=filters.partner_id)
    if filters.due_before:
        qs = qs.filter(due_on__lte=filters.due_before)
    if filters.due_after:
        qs = qs.filter(due_on__gte=filters.due_after)
    if filters.q:
        qs = qs.filter(pk__in=matching_object_ids(Commitment, filters.q))
    if filters.track:
        # The track is computed, not stored: judge each remaining commitment today.
        day = today()
        fields = ("id", "status", "completion", "due_on", "start_on", "created_at", "progress")
        ids = [c.pk for c in qs.only(*fields, "last_progress_on") if progress.track(c, day) == filters.track]
        qs = qs.filter(pk__in=ids)
    return page(qs, filters)


@router.post("/commitments", response={201: CommitmentOut, **WRITE_ERRORS}, operation_id="commitments_create")
def create_commitment(request, payload: CommitmentIn):
    with input_names(CommitmentIn):
        data = _commitment_data(request, payload.dict())
        commitment = services.create_commitment(actor=request.user, data=data)
    return Status(201, _visible_commitment(request, commitment.pk))


@router.get(
    "/commitments/{commitment_id}", response={200: CommitmentOut, **ERRORS}, operation_id="commitments_get"
)
def get_commitment(request, commitment_id: RecordId, response: HttpResponse):
    commitment = _visible_commitment(request, commitment_id)
    return etag(response, commitment)


@router.patch(
    "/commitments/{commitment_id}",
    response={200: CommitmentOut, **WRITE_ERRORS},
    operation_id="commitments_update",
)
def update_commitment(request, commitment_id: RecordId, payload: CommitmentPatch, response: HttpResponse):
    commitment = _visible_commitment(request, commitment_id)
    data = payload.dict(exclude_unset=True)
    version = data.get("version") or if_match(request)
    with input_names(CommitmentPatch):
        data = _commitment_data(request, data)
        services.update_commitment(commitment, actor=request.user, data=data, version=version)
    commitment = _visible_commitment(request, commitment_id)
    return etag(response, commitment)


@router.delete(
    "/commitments/{commitment_id}", response={204: None, **WRITE_ERRORS}, operation_id="commitments_delete"
)
def delete_commitment(request, commitment_id: RecordId):
    services.delete_commitment(_visible_commitment(request, commitment_id), actor=request.user)
    return Status(204, None)


@router.get(
    "/commitments/{commitment_id}/progress",
    response={200: ProgressList, **ERRORS},
    operation_id="commitments_progress_list",
)
def list_progress(request, commitment_id: RecordId, params: Query[ListParams]):
    commitment = _visible_commitment(request, commitment_id)
    qs = policy_for(ProgressEntry).scope(request.user, VIEW).filter(commitment=commitment)
    return page(qs.order_by("-on", "-id"), params)


@router.post(
    "/commitments/{commitment_id}/progress",
    response={201: ProgressOut, **WRITE_ERRORS},
    operation_id="commitments_progress_log",
)
def log_progress(request, commitment_id: RecordId, payload: ProgressIn):
    """Log a dated percentage or completion level, with a comment and evidence; it rolls up to the parents."""
    commitment = _visible_commitment(request, commitment_id)
    entry = services.log_progress(
        commitment,
        actor=request.user,
        on=payload.on,
        value=payload.value,
        completion=payload.completion or "",
        comment=payload.comment,
        evidence_url=payload.evidence_url,
    )
    return Status(201, entry)
