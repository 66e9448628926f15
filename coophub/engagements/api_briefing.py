"""REST endpoints of briefing packs: ask for one (built in the background), follow its progress, download the
.docx and the PDF. A pack is its requester's alone (and the administrators'): anyone else gets 404."""

import datetime

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from coophub.access.policies import VIEW, policy_for
from coophub.api.helpers import Day, input_names, visible
from coophub.api.schemas import ERRORS, WRITE_ERRORS, ErrorOut, Id, InputSchema, ListParams, RecordId, page
from coophub.partners.models import Partner

from .briefing import services
from .choices import BriefingStatus, PackLanguage
from .models import BriefingPack, Engagement

router = Router(tags=["briefings"])


class BriefingIn(InputSchema):
    engagement_id: Id | None = Field(None, description="The engagement the pack is for (or give partner_id)")
    partner_id: Id | None = Field(None, description="The partner the pack is for, with for_date")
    for_date: Day | None = Field(None, description="The meeting date; defaults to the engagement's first day")
    language: PackLanguage = PackLanguage.VI


class BriefingOut(Schema):
    id: int
    status: str = Field(..., description="queued, running, done or failed")
    progress: int = Field(..., description="Percent built")
    step: str = Field(..., description="gathering, sections, talking_points, rendering_docx, rendering_pdf…")
    step_label: str
    engagement_id: int | None
    partner_id: int | None
    for_date: datetime.date
    language: str
    requested_at: datetime.datetime
    finished_at: datetime.datetime | None
    error: str
    url: str = Field(..., description="This pack in the API; poll it until status is done or failed")
    page_url: str
    docx_url: str | None = Field(..., description="The Word file, once done")
    pdf_url: str | None = Field(..., description="The PDF, once done")

    @staticmethod
    def resolve_step(obj):
        return obj.step or "queued"

    @staticmethod
    def resolve_step_label(obj):
        return services.step_label(obj)

    @staticmethod
    def resolve_url(obj):
        return reverse("api:briefings_get", args=[obj.pk])

    @staticmethod
    def resolve_page_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_docx_url(obj):
        return reverse("api:briefings_docx", args=[obj.pk]) if obj.status == BriefingStatus.DONE else None

    @staticmethod
    def resolve_pdf_url(obj):
        return reverse("api:briefings_pdf", args=[obj.pk]) if obj.status == BriefingStatus.DONE else None


class BriefingList(Schema):
    count: int
    items: list[BriefingOut]


def _pack(request, briefing_id) -> BriefingPack:
    return get_object_or_404(policy_for(BriefingPack).scope(request.user, VIEW), pk=briefing_id)


@router.post(
    "/briefings",
    response={202: BriefingOut, **WRITE_ERRORS},
    operation_id="briefings_create",
    url_name="briefings_create",
)
def create(request, payload: BriefingIn):
    """Ask for a briefing pack for an engagement, or for a partner and a meeting date. It holds only what the
    caller may see; the answer is 202 and the pack is built in the background (poll `url`)."""
    with input_names(BriefingIn):
        engagement = visible(
            request, Engagement, "engagement_id", payload.engagement_id, _("No such engagement.")
        )
        partner = visible(request, Partner, "partner_id", payload.partner_id, _("No such partner."))
        pack = services.request_briefing(
            actor=request.user,
            engagement=engagement,
            partner=partner,
            for_date=payload.for_date,
            language=payload.language,
        )
    return Status(202, pack)


@router.get("/briefings", response={200: BriefingList, **ERRORS}, operation_id="briefings_list")
def list_packs(request, params: Query[ListParams]):
    """The packs the caller asked for, newest first."""
    return page(services.visible_packs(request.user).order_by("-requested_at", "-id"), params)


@router.get(
    "/briefings/{briefing_id}",
    response={200: BriefingOut, **ERRORS},
    operation_id="briefings_get",
    url_name="briefings_get",
)
def get_pack(request, briefing_id: RecordId):
    """A pack's status and progress, and its file addresses once it is done."""
    return _pack(request, briefing_id)


def _file_doc(content_type: str, what: str) -> dict:
    return {
        "responses": {
            "200": {
                "description": what,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _download(request, briefing_id, kind: str):
    pack = _pack(request, briefing_id)
    field = pack.docx if kind == "docx" else pack.pdf
    if pack.status != BriefingStatus.DONE or not field:
        raise HttpError(
            409,
            _("The pack is not ready (its status is “%(status)s”).") % {"status": pack.get_status_display()},
        )
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{services.file_stem(pack)}.{kind}",
        content_type=services.DOCX if kind == "docx" else services.PDF,
    )


@router.get(
    "/briefings/{briefing_id}/docx",
    response={**ERRORS, 409: ErrorOut},
    operation_id="briefings_docx",
    url_name="briefings_docx",
    openapi_extra=_file_doc(services.DOCX, "The pack as a Word file"),
)
def docx(request, briefing_id: RecordId):
    """The pack as a .docx (409 until it is done)."""
    return _download(request, briefing_id, "docx")


@router.get(
    "/briefings/{briefing_id}/pdf",
    response={**ERRORS, 409: ErrorOut},
    operation_id="briefings_pdf",
    url_name="briefings_pdf",
    openapi_extra=_file_doc(services.PDF, "The pack as a PDF"),
)
def pdf(request, briefing_id: RecordId):
    """The pack as a PDF (409 until it is done)."""
    return _download(request, briefing_id, "pdf")
