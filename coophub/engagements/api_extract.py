"""POST /engagements/extract: the extraction engine's result for a text, as is (the fields and shapes of
../shared/data/engagements/README.md, with spans and confidence), plus the proposed record an API client can
correct and POST to /engagements. Nothing is written."""

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from coophub.access.policies import ADD, policy_for
from coophub.api.schemas import ERRORS, InputSchema

from .choices import EngagementLevel
from .extraction import ExtractionInputError
from .models import Engagement
from .proposal import read, to_record

router = Router(tags=["engagements"])


class ExtractIn(InputSchema):
    text: str = Field(
        ..., description="The text of a press release, news article or minutes (HTML is stripped)"
    )
    language: Literal["auto", "vi", "en"] = Field("auto", description="The language of the text, or auto")


class WarningOut(Schema):
    code: str
    message: str


class VnParticipantProposal(Schema):
    official_id: int | None = None
    name: str = ""
    title: str = ""
    organisation: str = ""
    role: str
    confidence: float
    span: list[int] | None = None


class PartnerParticipantProposal(Schema):
    partner_id: int | None = None
    name: str = ""
    title: str = ""
    organisation: str = ""
    country: str | None = Field(None, description="ISO 3166-1 alpha-2")
    is_former: bool = False
    is_acting: bool = False
    confidence: float
    span: list[int] | None = None


class OutcomeProposal(Schema):
    kind: str
    side: str
    text: str
    due_on: datetime.date | None = None
    confidence: float
    span: list[int] | None = None


class SuggestionOut(Schema):
    text: str
    country: str | None = None
    span: list[int] | None = None
    url: str = Field(..., description="The partner form, prefilled with the name")


class ProposalOut(Schema):
    """The record the text proposes, in the engagement API's terms (ids of partners and officials, ISO2
    country codes, topic codes). `confidence` and `spans` give each proposed field's; a field absent from
    `confidence` was not proposed."""

    kind: str | None = Field(None, description="Null when the text gave no clue: choose one before saving")
    level: str
    mode: str
    title_vi: str = ""
    title_en: str = ""
    starts_on: datetime.date | None = None
    city: str = ""
    country: str | None = None
    leader_id: int | None = None
    leader_title: str = ""
    partner_ids: list[int] = []
    countries: list[str] = []
    topics: list[str] = []
    other_topics: str = ""
    source_url: str = ""
    source_text: str = ""
    source_language: str = ""
    vn_participants: list[VnParticipantProposal] = []
    partner_participants: list[PartnerParticipantProposal] = []
    outcomes: list[OutcomeProposal] = []
    new_partner_suggestions: list[SuggestionOut] = []
    confidence: dict[str, float] = {}
    spans: dict[str, list[int]] = {}


class ExtractOut(Schema):
    """The engine's result as it returns it; nested items are described in the README (each list item also
    carries `span` [start, end] into `text` and `confidence`)."""

    model_config = ConfigDict(extra="allow")

    language: str
    source_url: str | None = None
    title: str | None = None
    meeting_date: str | None = Field(None, description="ISO date")
    location: dict[str, Any] | None = None
    event_type: str | None = None
    vn_side: list[dict[str, Any]] = []
    partner_side: list[dict[str, Any]] = []
    partner_countries: list[str] = []
    partner_organizations: list[str] = []
    topics: list[str] = []
    commitments: list[dict[str, Any]] = []
    agreements_signed: list[dict[str, Any]] = []
    follow_ups: list[dict[str, Any]] = []
    figures: list[dict[str, Any]] = []
    evidence: dict[str, Any] = {}
    text: str
    warnings: list[WarningOut] = []
    partner_matches: list[dict[str, Any]] = []
    new_partner_suggestions: list[dict[str, Any]] = []
    proposal: ProposalOut


def _api_proposal(record: dict) -> dict:
    initial = record["initial"]
    proposal = {
        **{k: v for k, v in initial.items() if k not in ("leader", "partners")},
        "level": initial.get("level") or EngagementLevel.MINISTERIAL,
        "leader_id": initial.get("leader"),
        "partner_ids": initial.get("partners", []),
        "source_text": record["source_text"],
        "source_language": record["source_language"],
        "confidence": record["confidence"],
        "spans": record["spans"],
        "new_partner_suggestions": record["suggestions"],
    }
    proposal["vn_participants"] = [
        {**{k: v for k, v in row.items() if k != "official"}, "official_id": row["official"]}
        for row in record["vn_participants"]
    ]
    proposal["partner_participants"] = [
        {**{k: v for k, v in row.items() if k != "partner"}, "partner_id": row["partner"]}
        for row in record["partner_participants"]
    ]
    proposal["outcomes"] = record["outcomes"]
    return proposal


@router.post(
    "/engagements/extract",
    response={200: ExtractOut, **ERRORS},
    operation_id="engagements_extract",
)
def extract_engagement(request, payload: ExtractIn):
    """Read a text in Vietnamese or English and propose an engagement record; nothing is saved."""
    policy = policy_for(Engagement)
    policy.check(request.user, ADD)
    try:
        result = read(payload.text, payload.language, request.user)
    except ExtractionInputError as exc:
        raise ValidationError({exc.field or "text": str(exc.message)}) from exc
    return {**result, "proposal": _api_proposal(to_record(result, request.user))}
