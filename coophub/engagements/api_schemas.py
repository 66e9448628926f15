"""Input and output schemas of the engagements API, shared by every engagements router (records, extraction,
calendar, briefings, logistics)."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import field_validator, model_validator

from coophub.agreements.choices import Side
from coophub.api.helpers import Day
from coophub.api.schemas import Id, InputSchema, ListParams
from coophub.core.models import Visibility

from .choices import (
    EngagementAction,
    EngagementKind,
    EngagementLevel,
    EngagementStatus,
    Mode,
    OutcomeKind,
    ParticipantRole,
)
from .services import allowed_actions

CountryCode = Field(None, min_length=2, max_length=3, description="ISO 3166-1 alpha-2 (or alpha-3) code")
SLUG = r"^[-a-zA-Z0-9_]+$"


def _local_time(value):
    if value is not None and value.tzinfo is not None:
        raise ValueError(_("Give the local time, without a time-zone offset."))
    return value


# People and outcomes ----------------------------------------------------------------------------------------


class VnParticipantIn(InputSchema):
    official_id: Id | None = Field(
        None, description="An official of /engagement-officials; fills the name and title"
    )
    name: str = Field("", max_length=255)
    title: str = Field("", max_length=255, description="Title at the time")
    unit_id: Id | None = None
    organisation: str = Field("", max_length=255)
    role: ParticipantRole = ParticipantRole.MEMBER

    @model_validator(mode="after")
    def _someone(self):
        if not (self.official_id or self.name.strip() or self.organisation.strip() or self.unit_id):
            raise ValueError(_("Give a name, an official, a unit or an organisation."))
        return self


class PartnerParticipantIn(InputSchema):
    contact_id: Id | None = Field(None, description="A contact of the partner registry; fills the name")
    partner_id: Id | None = None
    name: str = Field("", max_length=255)
    title: str = Field("", max_length=255, description="Title at the time")
    organisation: str = Field("", max_length=255)
    country: str | None = CountryCode
    is_former: bool = False
    is_acting: bool = False

    @model_validator(mode="after")
    def _someone(self):
        if not (self.contact_id or self.partner_id or self.name.strip() or self.organisation.strip()):
            raise ValueError(_("Give a name, a contact, a partner or an organisation."))
        return self


class OutcomeIn(InputSchema):
    id: Id | None = Field(
        None, description="Only in a PATCH: an outcome already followed up is kept as it is whatever is sent"
    )
    kind: OutcomeKind
    side: Side = Side.BOTH
    text: str = Field(..., min_length=1, max_length=20000, pattern=r"\S")
    due_on: Day | None = None


class OutcomePatch(InputSchema):
    kind: OutcomeKind | None = None
    side: Side | None = None
    text: str | None = Field(None, min_length=1, max_length=20000, pattern=r"\S")
    due_on: Day | None = None


class VnParticipantOut(Schema):
    id: int
    official_id: int | None
    name: str
    title: str
    unit_id: int | None
    organisation: str
    role: str


class PartnerParticipantOut(Schema):
    id: int
    contact_id: int | None
    partner_id: int | None
    name: str
    title: str
    organisation: str
    country: str | None = Field(None, alias="country_id")
    is_former: bool
    is_acting: bool


class OutcomeOut(Schema):
    id: int
    engagement_id: int
    kind: str
    side: str
    text: str
    due_on: datetime.date | None
    commitment_id: int | None = Field(None, description="The commitment it became, if any")
    task_id: int | None = Field(None, description="The follow-up task it became, if any")
    order: int


# Engagements ------------------------------------------------------------------------------------------------


class EngagementFields(InputSchema):
    title_en: str = Field("", max_length=500)
    level: EngagementLevel = EngagementLevel.MINISTERIAL
    mode: Mode = Mode.IN_PERSON
    ends_on: Day | None = Field(None, description="The last day, for an engagement of several days")
    start_time: datetime.time | None = Field(None, description="Local time, no offset")
    end_time: datetime.time | None = Field(None, description="Local time, no offset")
    city: str = Field("", max_length=128)
    country: str | None = Field(
        None, min_length=2, max_length=3, description="Where it took place: ISO 3166-1 alpha-2 (or alpha-3)"
    )
    venue: str = Field("", max_length=255)
    leader_id: Id | None = Field(None, description="The Vietnamese leader, an official")
    leader_title: str = Field("", max_length=255, description="Defaults to the leader's title today")
    lead_unit_id: Id | None = None
    mechanism_id: Id | None = None
    partner_ids: list[Id] = Field([], max_length=100)
    countries: list[str] = Field(
        [], max_length=100, description="Partner countries, ISO 3166-1 alpha-2 (or alpha-3) codes"
    )
    topics: list[str] = Field([], max_length=100, description="Codes of /engagement-topics")
    other_topics: str = Field("", max_length=1000, description="Free text, separated by semicolons")
    agreement_ids: list[Id] = Field([], max_length=100, description="Agreements signed or discussed")
    summary: str = Field("", max_length=20000)
    source_url: str = Field("", max_length=1000, description="Address of the press release")
    source_text: str = Field("", max_length=settings.COOPHUB_EXTRACTION_MAX_CHARS)
    source_language: str = Field("", max_length=8)
    owner_unit_id: Id | None = Field(None, description="Defaults to the caller's primary unit")
    visibility: Visibility = Visibility.MINISTRY
    allowed_unit_ids: list[Id] = Field([], max_length=100)
    allowed_user_ids: list[Id] = Field([], max_length=100)
    vn_participants: list[VnParticipantIn] = Field([], max_length=200)
    partner_participants: list[PartnerParticipantIn] = Field([], max_length=200)
    outcomes: list[OutcomeIn] = Field([], max_length=200)

    _times = field_validator("start_time", "end_time")(_local_time)


class EngagementIn(EngagementFields):
    code: str | None = Field(None, min_length=1, max_length=64, pattern=SLUG)
    kind: EngagementKind
    title_vi: str = Field("", max_length=500, description="A title in Vietnamese or English is required")
    starts_on: Day


class EngagementPatch(EngagementFields):
    """Every field optional: only those sent change; a list sent replaces the whole list (outcomes already
    followed up stay). The status changes through /transitions."""

    version: int | None = Field(None, ge=1, description="The version you read; a stale one answers 409")
    code: str | None = Field(None, min_length=1, max_length=64, pattern=SLUG)
    kind: EngagementKind | None = None
    title_vi: str | None = Field(None, max_length=500)
    starts_on: Day | None = None


class EngagementOut(Schema):
    id: int
    code: str | None
    kind: str
    level: str
    mode: str
    title_vi: str
    title_en: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    start_time: datetime.time | None
    end_time: datetime.time | None
    city: str
    country: str | None = Field(None, alias="country_id")
    venue: str
    leader_id: int | None
    leader_title: str
    lead_unit_id: int | None
    mechanism_id: int | None
    # Every linked record, visible or not to the caller: a PATCH of a list replaces the whole list.
    partner_ids: list[int]
    countries: list[str]
    topics: list[str]
    other_topics: str
    agreement_ids: list[int]
    summary: str
    source_url: str
    source_text: str
    source_language: str
    vn_participants: list[VnParticipantOut]
    partner_participants: list[PartnerParticipantOut]
    outcomes: list[OutcomeOut]
    status: EngagementStatus
    reviewed_by_id: int | None
    approved_by_id: int | None
    allowed_actions: list[EngagementAction] = Field(..., description="Transitions the caller may make now")
    owner_unit_id: int
    visibility: str
    version: int
    url: str = Field(..., description="The engagement's page")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_partner_ids(obj):
        return sorted(p.pk for p in obj.partners.all())

    @staticmethod
    def resolve_countries(obj):
        return sorted(c.pk for c in obj.countries.all())

    @staticmethod
    def resolve_topics(obj):
        return sorted(t.code for t in obj.topics.all())

    @staticmethod
    def resolve_agreement_ids(obj):
        return sorted(a.pk for a in obj.agreements.all())

    @staticmethod
    def resolve_vn_participants(obj):
        return list(obj.vn_participants.all())

    @staticmethod
    def resolve_partner_participants(obj):
        return list(obj.partner_participants.all())

    @staticmethod
    def resolve_outcomes(obj):
        return list(obj.outcomes.all())

    @staticmethod
    def resolve_allowed_actions(obj, context):
        return allowed_actions(context["request"].user, obj)


class EngagementList(Schema):
    count: int
    items: list[EngagementOut]


class EngagementFilters(ListParams):
    q: str | None = Field(None, max_length=200, description="Title, place, people, partners, any diacritics")
    kind: EngagementKind | None = None
    level: EngagementLevel | None = None
    status: EngagementStatus | None = None
    year: int | None = Field(None, ge=1900, le=2199, description="Engagements that start in this year")
    date_from: Day | None = Field(None, description="Engagements whose last day is on or after this day")
    date_to: Day | None = Field(None, description="Engagements whose first day is on or before this day")
    leader_id: Id | None = None
    lead_unit_id: Id | None = None
    partner_id: Id | None = None
    country: str | None = Field(
        None, min_length=2, max_length=3, description="Place or partner country, ISO 3166-1 code"
    )
    topic: str | None = Field(None, max_length=64, description="A topic code")


class TransitionIn(InputSchema):
    action: EngagementAction
    version: int | None = Field(None, ge=1, description="The version you read; a stale one answers 409")


# Follow-up --------------------------------------------------------------------------------------------------


class CommitmentFromOutcomeIn(InputSchema):
    lead_unit_id: Id | None = None
    focal_person_id: Id | None = Field(None, description="A member of the lead unit")
    due_on: Day | None = Field(None, description="Defaults to the outcome's due date")
    title_vi: str | None = Field(None, min_length=1, max_length=500, description="Defaults to the outcome")


class TaskFromOutcomeIn(InputSchema):
    lead_unit_id: Id = Field(..., description="Exactly one unit")
    focal_person_id: Id = Field(..., description="Exactly one person, a member of the lead unit")
    due_on: Day | None = Field(None, description="Defaults to the outcome's due date")
    title: str | None = Field(None, min_length=1, max_length=500, description="Defaults to the outcome")


class CommitmentLinkOut(Schema):
    outcome_id: int
    commitment_id: int
    url: str = Field(..., description="The commitment's page")
    api_url: str


class TaskLinkOut(Schema):
    outcome_id: int
    task_id: int
    url: str = Field(..., description="The task's page")
    api_url: str


# Officials and topics ---------------------------------------------------------------------------------------


class OfficialOut(Schema):
    id: int
    full_name: str
    name_ascii: str
    title_vi: str
    title_en: str
    unit_id: int | None
    user_id: int | None
    is_leader: bool
    rank: int
    is_active: bool
    version: int
    url: str = Field(..., description="The official's page, with the engagements they took part in")

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class OfficialList(Schema):
    count: int
    items: list[OfficialOut]


class OfficialIn(InputSchema):
    full_name: str = Field(..., min_length=1, max_length=255, pattern=r"\S")
    name_ascii: str = Field("", max_length=255, description="Defaults to the name without diacritics")
    title_vi: str = Field(..., min_length=1, max_length=255, pattern=r"\S", description="The title held now")
    title_en: str = Field("", max_length=255)
    unit_id: Id | None = None
    user_id: Id | None = Field(None, description="The official's own account, if any")
    is_leader: bool = Field(False, description="Minister or Deputy Minister")
    rank: int = Field(100, ge=0, le=32767, description="Order of precedence")
    is_active: bool = True


class OfficialFilters(ListParams):
    q: str | None = Field(None, max_length=200, description="Name or title, with or without diacritics")
    is_leader: bool | None = None
    is_active: bool | None = None
    unit_id: Id | None = None


class TopicOut(Schema):
    code: str
    name_vi: str
    name_en: str


class TopicList(Schema):
    count: int
    items: list[TopicOut]


class TopicFilters(ListParams):
    q: str | None = Field(None, max_length=200, description="Name in Vietnamese or English, or a keyword")
