"""REST endpoints for partners, contacts and mechanisms: thin adapters over services.py."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from coophub.access.policies import VIEW, policy_for
from coophub.api.helpers import country, etag, if_match, owned_data, unit, user, visible
from coophub.api.schemas import ERRORS, WRITE_ERRORS, Id, InputSchema, ListParams, RecordId, page
from coophub.core.models import Visibility
from coophub.core.text import search_terms

from . import queries, services
from .choices import AliasLanguage, MechanismKind, MemberRole, PartnerKind, Priority
from .models import Contact, Country, Mechanism, Partner

router = Router(tags=["partners"])

Text = Field(max_length=255)


class AliasIO(Schema):
    text: str = Field(..., min_length=1, max_length=255)
    language: AliasLanguage = AliasLanguage.VI


class PartnerIn(InputSchema):
    code: str = Field(..., min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    kind: PartnerKind
    name_vi: str = Field(..., min_length=1, max_length=255)
    name_en: str = Field("", max_length=255)
    name_native: str = Field("", max_length=255)
    acronym: str = Field("", max_length=32)
    country: str | None = Field(None, max_length=3, description="ISO 3166-1 alpha-2 or alpha-3 code")
    parent_id: Id | None = None
    priority: Priority = Priority.NORMAL
    focal_officer_id: Id | None = None
    website: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=64)
    address: str = Field("", max_length=500)
    description: str = Field("", max_length=20000)
    owner_unit_id: Id | None = Field(None, description="Defaults to the caller's primary unit")
    visibility: Visibility = Visibility.MINISTRY
    allowed_unit_ids: list[Id] = Field([], max_length=100)
    allowed_user_ids: list[Id] = Field([], max_length=100)
    aliases: list[AliasIO] = Field([], max_length=100)


class PartnerPatch(InputSchema):
    version: int | None = Field(None, ge=1, description="The version you read; a stale one answers 409")
    code: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    kind: PartnerKind | None = None
    name_vi: str | None = Field(None, min_length=1, max_length=255)
    name_en: str | None = Field(None, max_length=255)
    name_native: str | None = Field(None, max_length=255)
    acronym: str | None = Field(None, max_length=32)
    country: str | None = Field(None, max_length=3)
    parent_id: Id | None = None
    priority: Priority | None = None
    focal_officer_id: Id | None = None
    website: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=64)
    address: str | None = Field(None, max_length=500)
    description: str | None = Field(None, max_length=20000)
    owner_unit_id: Id | None = None
    visibility: Visibility | None = None
    allowed_unit_ids: list[Id] | None = Field(None, max_length=100)
    allowed_user_ids: list[Id] | None = Field(None, max_length=100)
    aliases: list[AliasIO] | None = Field(None, max_length=100)


class PartnerOut(Schema):
    id: int
    code: str
    kind: str
    name_vi: str
    name_en: str
    name_native: str
    acronym: str
    country: str | None = Field(None, alias="country_id")
    parent_id: Id | None
    priority: str
    focal_officer_id: Id | None
    website: str
    email: str
    phone: str
    address: str
    description: str
    owner_unit_id: Id
    visibility: str
    aliases: list[AliasIO]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_aliases(obj):
        return [{"text": a.text, "language": a.language} for a in obj.aliases.all()]


class PartnerList(Schema):
    count: int
    items: list[PartnerOut]


class PartnerFilters(ListParams):
    q: str | None = Field(
        None, max_length=200, description="Name, acronym or alias, with or without diacritics"
    )
    kind: PartnerKind | None = None
    country: str | None = Field(None, max_length=3)
    priority: Priority | None = None
    owner_unit_id: Id | None = None
    ordering: queries.PartnerOrdering = queries.PartnerOrdering.NAME


def _partner_data(request, payload: dict) -> dict:
    """Turn ids and codes into objects the caller may reference; unknown ones name their field."""
    data = {k: v for k, v in payload.items() if k != "aliases"}
    if "country" in data:
        data["country"] = country(data["country"])
    if "parent_id" in data:
        data["parent"] = visible(request, Partner, "parent_id", data["parent_id"], _("No such partner."))
    if "focal_officer_id" in data:
        data["focal_officer"] = user("focal_officer_id", data["focal_officer_id"])
    return owned_data(request, data)


def _aliases(payload):
    aliases = payload.get("aliases")
    return None if aliases is None else [(a["text"], a["language"]) for a in aliases]


def _visible_partner(request, partner_id) -> Partner:
    return get_object_or_404(policy_for(Partner).scope(request.user, VIEW), pk=partner_id)


@router.get("/partners", response={200: PartnerList, **ERRORS}, operation_id="partners_list")
def list_partners(request, filters: Query[PartnerFilters]):
    qs = queries.partner_list(request.user, filters.dict(exclude={"limit", "offset"}))
    return page(qs.prefetch_related("aliases"), filters)


@router.post("/partners", response={201: PartnerOut, **WRITE_ERRORS}, operation_id="partners_create")
def create_partner(request, payload: PartnerIn):
    data = payload.dict()
    partner = services.create_partner(
        actor=request.user, data=_partner_data(request, data), aliases=_aliases(data)
    )
    return Status(201, partner)


@router.get("/partners/{partner_id}", response={200: PartnerOut, **ERRORS}, operation_id="partners_get")
def get_partner(request, partner_id: RecordId, response: HttpResponse):
    partner = _visible_partner(request, partner_id)
    return etag(response, partner)


@router.patch(
    "/partners/{partner_id}", response={200: PartnerOut, **WRITE_ERRORS}, operation_id="partners_update"
)
def update_partner(request, partner_id: RecordId, payload: PartnerPatch, response: HttpResponse):
    partner = _visible_partner(request, partner_id)
    data = payload.dict(exclude_unset=True)
    if data.get("aliases") is not None:  # each row whole, with its defaults
        data["aliases"] = [a.dict() for a in payload.aliases]
    version = data.get("version") or if_match(request)
    partner = services.update_partner(
        partner,
        actor=request.user,
        data=_partner_data(request, data),
        aliases=_aliases(data),
        version=version,
    )
    partner.refresh_from_db()
    return etag(response, partner)


@router.delete("/partners/{partner_id}", response={204: None, **WRITE_ERRORS}, operation_id="partners_delete")
def delete_partner(request, partner_id: RecordId):
    services.delete_partner(_visible_partner(request, partner_id), actor=request.user)
    return Status(204, None)


# Contacts ---------------------------------------------------------------------------------------------------


class PositionIO(Schema):
    id: int | None = None
    title: str = Field(..., min_length=1, max_length=255)
    organisation: str = Field("", max_length=255)
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    is_acting: bool = False


class PositionIn(PositionIO, InputSchema):
    pass


class ContactIn(InputSchema):
    partner_id: Id
    full_name: str = Field(..., min_length=1, max_length=255)
    native_name: str = Field("", max_length=255)
    honorific: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=64)
    notes: str = Field("", max_length=20000)
    positions: list[PositionIn] = Field([], max_length=50)


class ContactPatch(InputSchema):
    version: int | None = Field(None, ge=1)
    full_name: str | None = Field(None, min_length=1, max_length=255)
    native_name: str | None = Field(None, max_length=255)
    honorific: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=64)
    notes: str | None = Field(None, max_length=20000)


class ContactOut(Schema):
    id: int
    partner_id: Id
    full_name: str
    native_name: str
    honorific: str
    email: str
    phone: str
    notes: str
    current_title: str | None
    positions: list[PositionIO]
    version: int

    @staticmethod
    def resolve_current_title(obj):
        position = obj.current_position
        return position.label() if position else None

    @staticmethod
    def resolve_positions(obj):
        return list(obj.positions.all())


class ContactList(Schema):
    count: int
    items: list[ContactOut]


class ContactFilters(ListParams):
    q: str | None = Field(None, max_length=200)
    partner_id: Id | None = None


@router.get("/contacts", response={200: ContactList, **ERRORS}, operation_id="contacts_list")
def list_contacts(request, filters: Query[ContactFilters]):
    qs = policy_for(Contact).scope(request.user, VIEW).order_by("full_name", "id")
    if filters.partner_id:
        qs = qs.filter(partner_id=filters.partner_id)
    if filters.q:
        qs = qs.filter(pk__in=queries.matching_ids(request.user, Contact, filters.q))
    return page(qs.prefetch_related("positions"), filters)


@router.post("/contacts", response={201: ContactOut, **WRITE_ERRORS}, operation_id="contacts_create")
def create_contact(request, payload: ContactIn):
    data = payload.dict()
    partner = policy_for(Partner).scope(request.user, VIEW).filter(pk=data.pop("partner_id")).first()
    if partner is None:
        raise ValidationError({"partner_id": _("No such partner.")})
    positions = [{k: v for k, v in p.items() if k != "id"} for p in data.pop("positions")]
    contact = services.create_contact(actor=request.user, partner=partner, data=data, positions=positions)
    return Status(201, contact)


@router.get("/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, operation_id="contacts_get")
def get_contact(request, contact_id: RecordId, response: HttpResponse):
    contact = get_object_or_404(policy_for(Contact).scope(request.user, VIEW), pk=contact_id)
    return etag(response, contact)


@router.patch(
    "/contacts/{contact_id}", response={200: ContactOut, **WRITE_ERRORS}, operation_id="contacts_update"
)
def update_contact(request, contact_id: RecordId, payload: ContactPatch, response: HttpResponse):
    contact = get_object_or_404(policy_for(Contact).scope(request.user, VIEW), pk=contact_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None) or if_match(request)
    contact = services.update_contact(contact, actor=request.user, data=data, version=version)
    return etag(response, contact)


@router.delete("/contacts/{contact_id}", response={204: None, **WRITE_ERRORS}, operation_id="contacts_delete")
def delete_contact(request, contact_id: RecordId):
    contact = get_object_or_404(policy_for(Contact).scope(request.user, VIEW), pk=contact_id)
    services.delete_contact(contact, actor=request.user)
    return Status(204, None)


@router.post(
    "/contacts/{contact_id}/positions",
    response={201: PositionIO, **WRITE_ERRORS},
    operation_id="contacts_add_position",
)
def add_position(request, contact_id: RecordId, payload: PositionIn):
    contact = get_object_or_404(policy_for(Contact).scope(request.user, VIEW), pk=contact_id)
    data = payload.dict(exclude={"id"})
    return Status(201, services.add_position(contact, actor=request.user, data=data))


# Mechanisms -------------------------------------------------------------------------------------------------


class MemberIO(Schema):
    partner_id: Id
    role: MemberRole = MemberRole.MEMBER


class SessionIO(Schema):
    number: int | None = Field(None, ge=1, le=1000)
    date: datetime.date
    place: str = Field("", max_length=255)
    summary: str = Field("", max_length=20000)


class SessionIn(SessionIO, InputSchema):
    pass


class MechanismIn(InputSchema):
    code: str = Field(..., min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    kind: MechanismKind
    name_vi: str = Field(..., min_length=1, max_length=255)
    name_en: str = Field("", max_length=255)
    acronym: str = Field("", max_length=32)
    vn_chair: str = Field("", max_length=255)
    partner_chair: str = Field("", max_length=255)
    lead_unit_id: Id | None = None
    frequency: str = Field("", max_length=100)
    description: str = Field("", max_length=20000)
    owner_unit_id: Id | None = None
    visibility: Visibility = Visibility.MINISTRY


class MechanismPatch(InputSchema):
    version: int | None = Field(None, ge=1)
    code: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    kind: MechanismKind | None = None
    name_vi: str | None = Field(None, min_length=1, max_length=255)
    name_en: str | None = Field(None, max_length=255)
    acronym: str | None = Field(None, max_length=32)
    vn_chair: str | None = Field(None, max_length=255)
    partner_chair: str | None = Field(None, max_length=255)
    lead_unit_id: Id | None = None
    frequency: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=20000)
    owner_unit_id: Id | None = None
    visibility: Visibility | None = None


class MechanismOut(Schema):
    id: int
    code: str
    kind: str
    name_vi: str
    name_en: str
    acronym: str
    vn_chair: str
    partner_chair: str
    lead_unit_id: Id | None
    frequency: str
    description: str
    owner_unit_id: Id
    visibility: str
    members: list[MemberIO]
    sessions: list[SessionIO]
    version: int

    @staticmethod
    def resolve_members(obj):
        return [{"partner_id": m.partner_id, "role": m.role} for m in obj.memberships.all()]

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())


class MechanismList(Schema):
    count: int
    items: list[MechanismOut]


class MechanismFilters(ListParams):
    q: str | None = Field(None, max_length=200)
    kind: MechanismKind | None = None
    partner_id: Id | None = None


def _mechanism_data(request, payload: dict) -> dict:
    data = dict(payload)
    if "lead_unit_id" in data:
        data["lead_unit"] = unit("lead_unit_id", data["lead_unit_id"])
    return owned_data(request, data)


def _visible_mechanism(request, mechanism_id) -> Mechanism:
    return get_object_or_404(policy_for(Mechanism).scope(request.user, VIEW), pk=mechanism_id)


@router.get("/mechanisms", response={200: MechanismList, **ERRORS}, operation_id="mechanisms_list")
def list_mechanisms(request, filters: Query[MechanismFilters]):
    qs = policy_for(Mechanism).scope(request.user, VIEW).order_by("name_vi", "id")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.partner_id:
        qs = qs.filter(memberships__partner_id=filters.partner_id)
    if filters.q:
        qs = qs.filter(pk__in=queries.matching_ids(request.user, Mechanism, filters.q))
    return page(qs.prefetch_related("memberships", "sessions"), filters)


@router.post("/mechanisms", response={201: MechanismOut, **WRITE_ERRORS}, operation_id="mechanisms_create")
def create_mechanism(request, payload: MechanismIn):
    return Status(
        201, services.create_mechanism(actor=request.user, data=_mechanism_data(request, payload.dict()))
    )


@router.get(
    "/mechanisms/{mechanism_id}", response={200: MechanismOut, **ERRORS}, operation_id="mechanisms_get"
)
def get_mechanism(request, mechanism_id: RecordId, response: HttpResponse):
    mechanism = _visible_mechanism(request, mechanism_id)
    return etag(response, mechanism)


@router.patch(
    "/mechanisms/{mechanism_id}",
    response={200: MechanismOut, **WRITE_ERRORS},
    operation_id="mechanisms_update",
)
def update_mechanism(request, mechanism_id: RecordId, payload: MechanismPatch, response: HttpResponse):
    mechanism = _visible_mechanism(request, mechanism_id)
    data = payload.dict(exclude_unset=True)
    version = data.get("version") or if_match(request)
    mechanism = services.update_mechanism(
        mechanism, actor=request.user, data=_mechanism_data(request, data), version=version
    )
    mechanism.refresh_from_db()
    return etag(response, mechanism)


@router.delete(
    "/mechanisms/{mechanism_id}", response={204: None, **WRITE_ERRORS}, operation_id="mechanisms_delete"
)
def delete_mechanism(request, mechanism_id: RecordId):
    services.delete_mechanism(_visible_mechanism(request, mechanism_id), actor=request.user)
    return Status(204, None)


@router.put(
    "/mechanisms/{mechanism_id}/members",
    response={200: MemberIO, **WRITE_ERRORS},
    operation_id="mechanisms_set_member",
)
def set_member(request, mechanism_id: RecordId, payload: MemberIO):
    mechanism = _visible_mechanism(request, mechanism_id)
    partner = policy_for(Partner).scope(request.user, VIEW).filter(pk=payload.partner_id).first()
    if partner is None:
        raise ValidationError({"partner_id": _("No such partner.")})
    member = services.set_member(mechanism, partner, actor=request.user, role=payload.role)
    return {"partner_id": member.partner_id, "role": member.role}


@router.post(
    "/mechanisms/{mechanism_id}/sessions",
    response={201: SessionIO, **WRITE_ERRORS},
    operation_id="mechanisms_add_session",
)
def add_session(request, mechanism_id: RecordId, payload: SessionIn):
    mechanism = _visible_mechanism(request, mechanism_id)
    return Status(201, services.add_session(mechanism, actor=request.user, data=payload.dict()))


# Countries (read only) --------------------------------------------------------------------------------------


class CountryOut(Schema):
    iso2: str
    iso3: str
    m49: str
    name_en: str
    name_vi: str
    variants: list[str]
    region: str

    @staticmethod
    def resolve_variants(obj):
        return obj.variant_list


class CountryList(Schema):
    count: int
    items: list[CountryOut]


class CountryFilters(ListParams):
    q: str | None = Field(None, max_length=100, description="Name or variant, with or without diacritics")


@router.get("/countries", response={200: CountryList, **ERRORS}, operation_id="countries_list")
def list_countries(request, filters: Query[CountryFilters]):
    qs = policy_for(Country).scope(request.user, VIEW).order_by("iso2")
    if filters.q:
        needle = " ".join(search_terms(filters.q))
        codes = [
            c.iso2
            for c in qs
            if needle in " ".join(search_terms(" ".join([c.name_vi, c.name_en, c.variants, c.iso3])))
        ]
        qs = qs.filter(iso2__in=codes)
    return page(qs, filters)


@router.get("/countries/{code}", response={200: CountryOut, **ERRORS}, operation_id="countries_get")
def get_country(request, code: str = Path(..., pattern=r"^[A-Za-z]{2,3}$")):
    qs = policy_for(Country).scope(request.user, VIEW)
    return get_object_or_404(qs, Q(iso2__iexact=code) | Q(iso3__iexact=code))
