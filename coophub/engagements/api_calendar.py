"""The engagement calendar and the year's figures over the API (mounted before /engagements/{id})."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from coophub.api.helpers import Day, country, today, unit, visible
from coophub.api.schemas import ERRORS, Id, InputSchema
from coophub.partners.models import Partner

from . import calendar_queries as cq
from .choices import EngagementKind
from .models import Official
from .stats import year_counts

router = Router(tags=["engagements"])

MAX_SPAN_DAYS = 400
DEFAULT_SPAN_DAYS = 31


class CalendarParams(InputSchema):
    date_from: Day | None = Field(None, description="First day; defaults to today")
    date_to: Day | None = Field(
        None, description="Last day; defaults to a month after date_from (400 at most)"
    )
    leader: Id | None = Field(None, description="An official who led or took part")
    unit: Id | None = Field(None, description="The lead or owning unit")
    partner: Id | None = None
    country: str | None = Field(
        None,
        min_length=2,
        max_length=3,
        description="ISO 3166-1 code: where it was held or a partner country",
    )
    kind: EngagementKind | None = None


class CalendarLeader(Schema):
    id: int
    full_name: str
    title: str


class CalendarPartner(Schema):
    id: int
    name: str


class CalendarItem(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    start_time: datetime.time | None
    end_time: datetime.time | None
    city: str
    country: str | None
    venue: str
    leader: CalendarLeader | None
    partners: list[CalendarPartner]
    url: str


class CalendarOut(Schema):
    date_from: datetime.date
    date_to: datetime.date
    count: int
    items: list[CalendarItem]


class StatsParams(InputSchema):
    year: int | None = Field(None, ge=1900, le=2199, description="Defaults to the current year")


class KindCount(Schema):
    kind: str
    label: str
    count: int


class LeaderCount(Schema):
    leader_id: int
    leader: str
    count: int
    visits: int


class StatsOut(Schema):
    year: int
    total: int
    ministerial_visits: int = Field(description="Outgoing and incoming visits at ministerial level")
    multilateral_delegations: int = Field(
        description="Multilateral meetings and conferences abroad, at ministerial level"
    )
    working_sessions: int = Field(description="Courtesy calls, bilateral talks and working sessions")
    by_kind: list[KindCount]
    by_leader: list[LeaderCount]


def _span(params: CalendarParams) -> tuple[datetime.date, datetime.date]:
    first = params.date_from or today()
    last = params.date_to or first + datetime.timedelta(days=DEFAULT_SPAN_DAYS - 1)
    if last < first:
        raise ValidationError({"date_to": _("The last day cannot be before the first.")})
    if (last - first).days + 1 > MAX_SPAN_DAYS:
        raise ValidationError({"date_to": _("Ask for %(days)s days at most.") % {"days": MAX_SPAN_DAYS}})
    return first, last


def _filters(request, params: CalendarParams) -> cq.CalendarFilters:
    leader = visible(request, Official, "leader", params.leader, _("No such official."))
    found_unit = unit("unit", params.unit)
    partner = visible(request, Partner, "partner", params.partner, _("No such partner."))
    place = country(params.country)
    return cq.CalendarFilters(
        leader_id=leader.pk if leader else None,
        unit_id=found_unit.pk if found_unit else None,
        partner_id=partner.pk if partner else None,
        country_id=place.pk if place else None,
        kind=params.kind or "",
    )


def _item(request, engagement) -> dict:
    leader = engagement.leader
    return {
        "id": engagement.pk,
        "title": str(engagement),
        "kind": engagement.kind,
        "kind_label": str(engagement.get_kind_display()),
        "status": engagement.status,
        "starts_on": engagement.starts_on,
        "ends_on": engagement.ends_on,
        "start_time": engagement.start_time,
        "end_time": engagement.end_time,
        "city": engagement.city,
        "country": engagement.country_id,
        "venue": engagement.venue,
        "leader": (
            {"id": leader.pk, "full_name": leader.full_name, "title": engagement.leader_title or leader.title}
            if leader
            else None
        ),
        "partners": [{"id": p.pk, "name": str(p)} for p in engagement.partners.all()],
        "url": request.build_absolute_uri(engagement.url) if engagement.url else "",
    }


@router.get(
    "/engagements/calendar", response={200: CalendarOut, **ERRORS}, operation_id="engagements_calendar"
)
def engagement_calendar(request, params: Query[CalendarParams]):
    """The visible engagements with a day in the span, earliest first; a multi-day one is listed once."""
    first, last = _span(params)
    engagements = cq.engagements_between(request.user, first, last, _filters(request, params))
    items = [_item(request, e) for e in engagements]
    return {"date_from": first, "date_to": last, "count": len(items), "items": items}


@router.get("/engagements/stats", response={200: StatsOut, **ERRORS}, operation_id="engagements_stats")
def engagement_stats(request, params: Query[StatsParams]):
    """The year-end figures, counted over the engagements the caller may see."""
    return year_counts(request.user, params.year or today().year)
