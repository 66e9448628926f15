"""REST endpoints of the Ministry-wide possible-overlaps report: read the latest build, ask for a new one."""

import datetime

from ninja import Field, Router, Schema
from ninja.responses import Status

from coophub.api.schemas import ERRORS

from . import services

router = Router(tags=["overlaps"])


class RecordRef(Schema):
    type: str = Field(..., description="app_label.model, e.g. assignments.task")
    id: int
    label: str
    url: str


class PairOut(Schema):
    score: float
    reasons: list[str] = Field(..., description="Codes: similar_text, same_partner, same_country")
    explanations: list[str]
    first: RecordRef
    second: RecordRef


class BuildOut(Schema):
    id: int
    status: str
    requested_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    records_compared: int
    error: str


class ReportOut(Schema):
    report: BuildOut | None = Field(..., description="The latest finished build; null before the first one")
    building: BuildOut | None = Field(..., description="A build waiting for the worker or running, if any")
    count: int
    items: list[PairOut]


def _ref(match) -> dict:
    return {"type": match.type, "id": match.object_id, "label": match.label, "url": match.url}


@router.get("/overlaps/report", response={200: ReportOut, **ERRORS}, operation_id="overlaps_report")
def report(request):
    """Pairs of open tasks and commitments across all units that read alike, from the latest build; only the
    pairs whose both records the caller may see. For the DIC and administrators."""
    services.check_may_use_report(request.user)
    done, busy = services.latest_reports()
    pairs = services.report_pairs(request.user, done)
    items = [
        {
            "score": p.score,
            "reasons": p.reasons,
            "explanations": p.first.explanations(),
            "first": _ref(p.first),
            "second": _ref(p.second),
        }
        for p in pairs
    ]
    return {"report": done, "building": busy, "count": len(items), "items": items}


@router.post("/overlaps/report", response={202: BuildOut, **ERRORS}, operation_id="overlaps_report_build")
def build(request):
    """Ask the worker for a new build (or get the one already waiting or running)."""
    return Status(202, services.request_report(actor=request.user))
