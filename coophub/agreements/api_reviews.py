"""REST endpoints of the leaders' and the DIC's views: the review of signed programmes and overdue work by
unit. Both read from the same queries as the pages, so they show the same figures."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from coophub.agreements.queries import ReviewSort, review_rows
from coophub.api.helpers import today, unit, visible
from coophub.api.schemas import ERRORS, Id, InputSchema
from coophub.assignments import queries as task_queries
from coophub.partners.models import Partner

router = Router(tags=["reviews"])


class ReviewParams(InputSchema):
    lead_unit_id: Id | None = None
    partner_id: Id | None = None
    order: ReviewSort = ReviewSort.STUCK


class OverdueTaskOut(Schema):
    id: int
    code: str
    title: str
    due_on: datetime.date | None
    days_overdue: int
    lead_unit_id: int
    focal_person_id: int


class ReviewRowOut(Schema):
    agreement_id: int
    code: str
    title: str
    status: str
    partner_ids: list[int]
    commitments: int
    by_completion: dict[str, int] = Field(..., description="Commitments per completion level")
    progress: Decimal | None = Field(..., description="Weighted progress of its commitments, in percent")
    behind_ids: list[int]
    at_risk_ids: list[int]
    quiet_ids: list[int] = Field(..., description="Commitments with no news for 90 days")
    overdue_count: int
    worst_overdue: list[OverdueTaskOut]
    last_activity: datetime.date | None
    stuck_count: int


class ReviewOut(Schema):
    count: int
    items: list[ReviewRowOut]


class UnitOverdueOut(Schema):
    unit_id: int
    unit: str
    overdue: int
    due_soon: int
    within: int = Field(..., description="Open and within the deadline (due soon included)")
    no_deadline: int
    completed_on_time: int
    completed_late: int


class OverdueOut(Schema):
    year: int
    count: int
    items: list[UnitOverdueOut]


class OverdueParams(InputSchema):
    year: int | None = Field(None, ge=2000, le=2100, description="Completed work counted in this year")


@router.get(
    "/reviews/signed-programmes", response={200: ReviewOut, **ERRORS}, operation_id="reviews_programmes"
)
def signed_programmes(request, params: Query[ReviewParams]):
    """Per live agreement the caller may see: commitments by completion, overdue tasks and who is accountable,
    last activity and what is stuck — most stuck first by default."""
    filters = {
        "order": params.order,
        "lead_unit": unit("lead_unit_id", params.lead_unit_id),
        "partner": visible(request, Partner, "partner_id", params.partner_id, _("No such partner.")),
    }
    rows = review_rows(request.user, filters, today())
    items = [
        {
            "agreement_id": row.agreement.pk,
            "code": row.agreement.code,
            "title": str(row.agreement),
            "status": row.agreement.status,
            "partner_ids": [p.pk for p in row.partners],
            "commitments": row.commitments,
            "by_completion": row.by_completion,
            "progress": row.progress,
            "behind_ids": [c.pk for c in row.behind],
            "at_risk_ids": [c.pk for c in row.at_risk],
            "quiet_ids": [c.pk for c in row.quiet],
            "overdue_count": row.overdue_count,
            "worst_overdue": [
                {
                    "id": t.pk,
                    "code": t.code,
                    "title": t.title,
                    "due_on": t.due_on,
                    "days_overdue": t.days_overdue,
                    "lead_unit_id": t.lead_unit_id,
                    "focal_person_id": t.focal_person_id,
                }
                for t in row.worst_overdue
            ],
            "last_activity": row.last_activity,
            "stuck_count": row.stuck_count,
        }
        for row in rows
    ]
    return {"count": len(items), "items": items}


@router.get(
    "/reviews/overdue-by-unit", response={200: OverdueOut, **ERRORS}, operation_id="reviews_overdue_by_unit"
)
def overdue_by_unit(request, params: Query[OverdueParams]):
    """Per lead unit, among the tasks the caller may see: open overdue, due soon, within the deadline, without
    one, and completed on time or late in the year (the Government Office's buckets)."""
    on = today()
    year = params.year or on.year
    rows = task_queries.overdue_by_unit(request.user, on=on, year=year)
    counts = ("overdue", "due_soon", "within", "no_deadline", "completed_on_time", "completed_late")
    items = [{"unit_id": r["unit"].pk, "unit": str(r["unit"]), **{k: r[k] for k in counts}} for r in rows]
    return {"year": year, "count": len(items), "items": items}
