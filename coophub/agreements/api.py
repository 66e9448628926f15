"""REST endpoints for agreements and their lifecycle: thin adapters over services.py."""

import datetime

from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.api.helpers import Day, etag, if_match, input_names, many, owned_data, today, unit, visible
from coophub.api.schemas import ERRORS, WRITE_ERRORS, Id, InputSchema, ListParams, RecordId, page
from coophub.core.models import Visibility
from coophub.partners.models import Mechanism, Partner
from coophub.search.queries import matching_object_ids

from . import services
from .choices import (
    LIVE_STATUSES,
    AgreementKind,
    AgreementLevel,
    AgreementStatus,
    PartyRole,
)
from .models import Agreement, AgreementTransition

router = Router(tags=["agreements"])

Code = Field(..., min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")


# Agreements -------------------------------------------------------------------------------------------------


class PartyIO(Schema):
    partner_id: Id
    role: PartyRole = PartyRole.SIGNATORY


class AgreementFields(InputSchema):
    title_en: str = Field("", max_length=500)
    level: AgreementLevel = AgreementLevel.MINISTRY
    document_number: str = Field("", max_length=100)
    signed_on: Day | None = None
    signed_place: str = Field("", max_length=255)
    vn_signatory: str = Field("", max_length=255)
    partner_signatory: str = Field("", max_length=255)
    valid_from: Day | None = None
    valid_to: Day | None = None
    auto_renew: bool = False
    renewal_months: int | None = Field(None, ge=1, le=600)
    lead_unit_id: Id | None = None
    mechanism_id: Id | None = None
    summary: str = Field("", max_length=20000)
    owner_unit_id: Id | None = Field(None, description="Defaults to the caller's primary unit")
    visibility: Visibility = Visibility.MINISTRY
    allowed_unit_ids: list[Id] = Field([], max_length=100)
    allowed_user_ids: list[Id] = Field([], max_length=100)
    unit_ids: list[Id] = Field([], max_length=100, description="Ministry units party to it")
    parties: list[PartyIO] = Field([], max_length=100)


class AgreementIn(AgreementFields):
    code: str = Code
    kind: AgreementKind
    title_vi: str = Field(..., min_length=1, max_length=500)
    status: AgreementStatus = Field(
        AgreementStatus.DRAFT, description="For an agreement recorded after the fact: its status today"
    )


class AgreementPatch(AgreementFields):
    """Every field optional: only those sent change. The status changes through /transitions."""

    version: int | None = Field(None, ge=1, description="The version you read; a stale one answers 409")
    code: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    kind: AgreementKind | None = None
    title_vi: str | None = Field(None, min_length=1, max_length=500)


class TransitionOut(Schema):
    id: int
    from_status: str
    to_status: str
    on: datetime.date
    basis: str
    note: str
    new_valid_to: datetime.date | None
    actor_id: int | None
    created_at: datetime.datetime


class AgreementOut(Schema):
    id: int
    code: str
    kind: str
    title_vi: str
    title_en: str
    level: str
    status: str
    document_number: str
    signed_on: datetime.date | None
    signed_place: str
    vn_signatory: str
    partner_signatory: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    days_to_expiry: int | None
    auto_renew: bool
    renewal_months: int | None
    lead_unit_id: int | None
    mechanism_id: int | None
    summary: str
    owner_unit_id: int
    visibility: str
    unit_ids: list[int]
    # Every party, visible or not to the caller: a PATCH of `parties` replaces the whole list.
    parties: list[PartyIO]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_days_to_expiry(obj):
        return obj.days_to_expiry(today())

    @staticmethod
    def resolve_unit_ids(obj):
        return sorted(u.pk for u in obj.units.all())

    @staticmethod
    def resolve_parties(obj):
        return [{"partner_id": p.partner_id, "role": p.role} for p in obj.parties.all()]


class AgreementDetail(AgreementOut):
    transitions: list[TransitionOut]

    @staticmethod
    def resolve_transitions(obj):
        return list(obj.transitions.all())


class AgreementList(Schema):
    count: int
    items: list[AgreementOut]


class AgreementFilters(ListParams):
    q: str | None = Field(None, max_length=200, description="Title, code, number or party, any diacritics")
    kind: AgreementKind | None = None
    status: AgreementStatus | None = None
    level: AgreementLevel | None = None
    partner_id: Id | None = None
    lead_unit_id: Id | None = None
    expiring_within_days: int | None = Field(
        None, ge=0, le=3650, description="Binding agreements whose validity ends within this many days"
    )


class TransitionIn(InputSchema):
    to: AgreementStatus
    on: Day | None = Field(None, description="Defaults to today")
    basis: str = Field("", max_length=255, description="Number and date of the document it rests on")
    note: str = Field("", max_length=20000)
    new_valid_to: Day | None = Field(None, description="Required when the agreement is extended")
    version: int | None = Field(None, ge=1)


class TransitionList(Schema):
    count: int
    items: list[TransitionOut]


def _agreements(user):
    return (
        policy_for(Agreement)
        .scope(user, VIEW)
        .prefetch_related("units", "parties", "transitions")
        .order_by(F("signed_on").desc(nulls_last=True), "title_vi", "id")
    )


def _visible_agreement(request, agreement_id) -> Agreement:
    return get_object_or_404(_agreements(request.user), pk=agreement_id)


def _agreement_data(request, payload: dict):
    data = owned_data(request, {k: v for k, v in payload.items() if k != "parties"})
    if "lead_unit_id" in data:
        data["lead_unit"] = unit("lead_unit_id", data.pop("lead_unit_id"))
    if "mechanism_id" in data:
        data["mechanism"] = visible(
            request, Mechanism, "mechanism_id", data.pop("mechanism_id"), _("No such mechanism.")
        )
    if data.get("unit_ids") is not None:
        data["units"] = many("unit_ids", Unit, data.pop("unit_ids"))
    data.pop("unit_ids", None)
    parties = payload.get("parties")
    if parties is not None:
        partners = {
            p.pk: p
            for p in many(
                "parties",
                Partner,
                [p["partner_id"] for p in parties],
                policy_for(Partner).scope(request.user, VIEW),
            )
        }
        parties = [(partners[p["partner_id"]], p["role"]) for p in parties]
    return data, parties


@router.get("/agreements", response={200: AgreementList, **ERRORS}, operation_id="agreements_list")
def list_agreements(request, filters: Query[AgreementFilters]):
    qs = _agreements(request.user)
    for name in ("kind", "status", "level", "lead_unit_id"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.partner_id:
        qs = qs.filter(parties__partner_id=filters.partner_id)
    if filters.expiring_within_days is not None:
        end = today() + datetime.timedelta(days=filters.expiring_within_days)
        qs = qs.filter(status__in=LIVE_STATUSES, valid_to__gte=today(), valid_to__lte=end)
    if filters.q:
        qs = qs.filter(pk__in=matching_object_ids(Agreement, filters.q))
    return page(qs, filters)


@router.post("/agreements", response={201: AgreementDetail, **WRITE_ERRORS}, operation_id="agreements_create")
def create_agreement(request, payload: AgreementIn):
    with input_names(AgreementIn):
        data, parties = _agreement_data(request, payload.dict())
        agreement = services.create_agreement(actor=request.user, data=data, parties=parties)
    return Status(201, _visible_agreement(request, agreement.pk))


@router.get(
    "/agreements/{agreement_id}", response={200: AgreementDetail, **ERRORS}, operation_id="agreements_get"
)
def get_agreement(request, agreement_id: RecordId, response: HttpResponse):
    agreement = _visible_agreement(request, agreement_id)
    return etag(response, agreement)


@router.patch(
    "/agreements/{agreement_id}",
    response={200: AgreementDetail, **WRITE_ERRORS},
    operation_id="agreements_update",
)
def update_agreement(request, agreement_id: RecordId, payload: AgreementPatch, response: HttpResponse):
    agreement = _visible_agreement(request, agreement_id)
    data = payload.dict(exclude_unset=True)
    if data.get("parties") is not None:  # each row whole, with its defaults
        data["parties"] = [p.dict() for p in payload.parties]
    version = data.get("version") or if_match(request)
    with input_names(AgreementPatch):
        data, parties = _agreement_data(request, data)
        services.update_agreement(agreement, actor=request.user, data=data, parties=parties, version=version)
    agreement = _visible_agreement(request, agreement_id)
    return etag(response, agreement)


@router.delete(
    "/agreements/{agreement_id}", response={204: None, **WRITE_ERRORS}, operation_id="agreements_delete"
)
def delete_agreement(request, agreement_id: RecordId):
    services.delete_agreement(_visible_agreement(request, agreement_id), actor=request.user)
    return Status(204, None)


@router.get(
    "/agreements/{agreement_id}/transitions",
    response={200: TransitionList, **ERRORS},
    operation_id="agreements_transitions",
)
def list_transitions(request, agreement_id: RecordId, params: Query[ListParams]):
    agreement = _visible_agreement(request, agreement_id)
    qs = policy_for(AgreementTransition).scope(request.user, VIEW).filter(agreement=agreement)
    return page(qs.order_by("-on", "-id"), params)


@router.post(
    "/agreements/{agreement_id}/transitions",
    response={201: TransitionOut, **WRITE_ERRORS},
    operation_id="agreements_transition",
)
def transition_agreement(request, agreement_id: RecordId, payload: TransitionIn, response: HttpResponse):
    """Move the agreement along its lifecycle, dated and with its basis document."""
    agreement = _visible_agreement(request, agreement_id)
    step = services.transition_agreement(
        agreement,
        actor=request.user,
        to=payload.to,
        on=payload.on or today(),
        basis=payload.basis,
        note=payload.note,
        new_valid_to=payload.new_valid_to,
        version=payload.version or if_match(request),
    )
    etag(response, step.agreement)
    return Status(201, step)
