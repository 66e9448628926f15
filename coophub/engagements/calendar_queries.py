"""What the engagement calendar, its iCal feed and its API read: the engagements a person may see that fall
in a span of days, narrowed by leader, unit, partner, country and type."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from coophub.access.policies import VIEW, policy_for
from coophub.partners.models import Partner

from .choices import Mode
from .models import Engagement, VnParticipant

FEED_DAYS_BACK = 90
FEED_DAYS_AHEAD = 365
LIST_MONTHS = 3


@dataclass(frozen=True)
class CalendarFilters:
    """Ids as the page form, the feed's query string and the API give them; None or "" means any."""

    leader_id: int | None = None
    unit_id: int | None = None
    partner_id: int | None = None
    country_id: str | None = None
    kind: str = ""


@dataclass
class Entry:
    """An engagement as shown on one day: a three-day visit is an entry on each of its days."""

    engagement: Engagement
    day: int = 1
    days: int = 1

    @property
    def is_first_day(self) -> bool:
        return self.day == 1


@dataclass
class Day:
    date: datetime.date
    in_range: bool
    is_today: bool
    entries: list[Entry] = field(default_factory=list)


def today() -> datetime.date:
    return timezone.localdate()


def parse_date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return default


def shift_month(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), on the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def filtered(qs: QuerySet, filters: CalendarFilters | None) -> QuerySet:
    """A leader's engagements are those they led or took part in; a unit's, those it leads or owns; a
    country's, those held there or with it as a partner country."""
    if filters is None:
        return qs
    if filters.leader_id:
        joined = VnParticipant.objects.filter(official_id=filters.leader_id).values("engagement_id")
        qs = qs.filter(Q(leader_id=filters.leader_id) | Q(pk__in=joined))
    if filters.unit_id:
        qs = qs.filter(Q(lead_unit_id=filters.unit_id) | Q(owner_unit_id=filters.unit_id))
    if filters.partner_id:
        with_partner = Engagement.partners.through.objects.filter(partner_id=filters.partner_id)
        qs = qs.filter(pk__in=with_partner.values("engagement_id"))
    if filters.country_id:
        with_country = Engagement.countries.through.objects.filter(country_id=filters.country_id)
        qs = qs.filter(Q(country_id=filters.country_id) | Q(pk__in=with_country.values("engagement_id")))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs


def engagements_between(
    user, first: datetime.date, last: datetime.date, filters: CalendarFilters | None = None
) -> list[Engagement]:
    """The visible engagements with at least one day from `first` to `last`, earliest first, each with
    `url`, `place` and `time_label` for the pages and the feed."""
    visible_partners = policy_for(Partner).scope(user, VIEW).order_by("name_vi")
    ends_in_span = Q(ends_on__gte=first) | Q(ends_on__isnull=True, starts_on__gte=first)
    overlaps = Q(starts_on__lte=last) & ends_in_span
    qs = (
        filtered(policy_for(Engagement).scope(user, VIEW).filter(overlaps), filters)
        .select_related("leader", "country", "lead_unit")
        .prefetch_related(Prefetch("partners", queryset=visible_partners), "topics")
        .order_by("starts_on", F("start_time").asc(nulls_first=True), "id")
    )
    engagements = list(qs)
    for engagement in engagements:
        decorate(engagement)
    return engagements


def place_label(engagement: Engagement) -> str:
    abroad = engagement.country if engagement.is_abroad else None  # at home the city says enough
    parts = [engagement.venue, engagement.city, str(abroad) if abroad else ""]
    place = ", ".join(p for p in parts if p)
    if engagement.mode != Mode.IN_PERSON:
        place = f"{place} ({engagement.get_mode_display()})" if place else str(engagement.get_mode_display())
    return place


def time_label(engagement: Engagement) -> str:
    if not engagement.start_time:
        return ""
    start = f"{engagement.start_time:%H:%M}"
    return f"{start}–{engagement.end_time:%H:%M}" if engagement.end_time else start


def decorate(engagement: Engagement) -> Engagement:
    engagement.url = engagement.get_absolute_url()
    engagement.place = place_label(engagement)
    engagement.time_label = time_label(engagement)
    return engagement


def _spread(engagements, first: datetime.date, last: datetime.date) -> dict[datetime.date, list[Entry]]:
    by_day: dict[datetime.date, list[Entry]] = {}
    for engagement in engagements:
        days = (engagement.last_day - engagement.starts_on).days + 1
        day = max(engagement.starts_on, first)
        while day <= min(engagement.last_day, last):
            entry = Entry(engagement, (day - engagement.starts_on).days + 1, days)
            by_day.setdefault(day, []).append(entry)
            day += datetime.timedelta(days=1)
    return by_day


def _days(user, dates, filters, on, in_range) -> list[Day]:
    by_day = _spread(engagements_between(user, dates[0], dates[-1], filters), dates[0], dates[-1])
    return [Day(d, in_range(d), d == on, by_day.get(d, [])) for d in dates]


def month_weeks(user, anchor: datetime.date, filters=None, on=None) -> list[list[Day]]:
    """The month of `anchor` as weeks Monday to Sunday; days of the months around it are out of range."""
    on = on or today()
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(anchor.year, anchor.month)
    days = _days(user, [d for week in weeks for d in week], filters, on, lambda d: d.month == anchor.month)
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def week_start(anchor: datetime.date) -> datetime.date:
    return anchor - datetime.timedelta(days=anchor.weekday())


def week_days(user, anchor: datetime.date, filters=None, on=None) -> list[Day]:
    monday = week_start(anchor)
    dates = [monday + datetime.timedelta(days=n) for n in range(7)]
    return _days(user, dates, filters, on or today(), lambda d: True)


def list_span(anchor: datetime.date) -> tuple[datetime.date, datetime.date]:
    return anchor, shift_month(anchor, LIST_MONTHS) - datetime.timedelta(days=1)


def list_months(user, anchor: datetime.date, filters=None) -> list[tuple[datetime.date, list[Engagement]]]:
    """From `anchor` (today by default: what is coming first) for three months, grouped by month; one that
    began before `anchor` and goes on is listed under the first month."""
    first, last = list_span(anchor)
    months: dict[datetime.date, list[Engagement]] = {}
    for engagement in engagements_between(user, first, last, filters):
        month = max(engagement.starts_on, first).replace(day=1)
        months.setdefault(month, []).append(engagement)
    return list(months.items())


def feed_engagements(user, filters=None, on=None) -> list[Engagement]:
    on = on or today()
    first = on - datetime.timedelta(days=FEED_DAYS_BACK)
    return engagements_between(user, first, on + datetime.timedelta(days=FEED_DAYS_AHEAD), filters)
