"""Engagements as an RFC 5545 calendar. Unlike the deadline feed (coophub.core.ical, all-day or UTC), an
engagement with a time is written in Hà Nội local time with its TZID and a VTIMEZONE, so a client shows
"09:00" as it was announced; a date-only engagement is all-day with the exclusive end RFC 5545 asks for."""

import datetime
import zoneinfo
from collections.abc import Iterable

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from coophub.core.ical import CALENDAR_TIMEZONE, CONTENT_TYPE, PRODID, event_uid, text

from .choices import EngagementStatus
from .models import Engagement

LOCAL = zoneinfo.ZoneInfo(CALENDAR_TIMEZONE)
STATUS = {
    EngagementStatus.DRAFT: "TENTATIVE",
    EngagementStatus.REVIEWED: "CONFIRMED",
    EngagementStatus.APPROVED: "CONFIRMED",
}


def vtimezone() -> icalendar.Timezone:
    """Viet Nam has kept UTC+7 without daylight saving since 1975, so one STANDARD rule describes it."""
    zone = icalendar.Timezone()
    zone.add("tzid", CALENDAR_TIMEZONE)
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", datetime.datetime(1975, 6, 13))
    standard.add("tzoffsetfrom", datetime.timedelta(hours=7))
    standard.add("tzoffsetto", datetime.timedelta(hours=7))
    standard.add("tzname", "ICT")
    zone.add_component(standard)
    return zone


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=LOCAL)


def event_times(engagement: Engagement) -> tuple:
    """(DTSTART, DTEND): dates with the day after the last as the end, or local datetimes. Without an end
    time, a one-day meeting is a moment and a longer one runs to the end of its last day."""
    if not engagement.start_time:
        return engagement.starts_on, engagement.last_day + datetime.timedelta(days=1)
    start = _local(engagement.starts_on, engagement.start_time)
    if engagement.end_time:
        end = _local(engagement.last_day, engagement.end_time)
    elif engagement.last_day > engagement.starts_on:
        end = _local(engagement.last_day + datetime.timedelta(days=1), datetime.time())
    else:
        end = None
    return start, end


def description(engagement: Engagement) -> str:
    lines = [_("Type: %(kind)s") % {"kind": engagement.get_kind_display()}]
    if engagement.leader_id:
        leader = ", ".join(p for p in (engagement.leader.full_name, engagement.leader_title) if p)
        lines.append(_("Leader: %(leader)s") % {"leader": leader})
    partners = [str(p) for p in engagement.partners.all()]
    if partners:
        lines.append(_("Partners: %(partners)s") % {"partners": "; ".join(partners)})
    topics = engagement.topic_labels()
    if topics:
        lines.append(_("Topics: %(topics)s") % {"topics": "; ".join(topics)})
    return "\n".join(lines)


def vevent(engagement: Engagement, *, stamp: datetime.datetime, base_url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", event_uid("engagement", engagement.pk))
    event.add("dtstamp", stamp)
    start, end = event_times(engagement)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    event.add("summary", text(str(engagement)))
    place = getattr(engagement, "place", "")
    if place:
        event.add("location", text(place))
    event.add("description", text(description(engagement)))
    url = getattr(engagement, "url", "")
    if url:
        event.add("url", base_url.rstrip("/") + url)
    event.add("categories", [str(engagement.get_kind_display())])
    event.add("status", STATUS.get(engagement.status, "TENTATIVE"))
    event.add("last-modified", engagement.updated_at.astimezone(datetime.UTC).replace(microsecond=0))
    return event


def render_engagements(
    engagements: Iterable[Engagement], *, name: str, base_url: str, now: datetime.datetime | None = None
) -> bytes:
    """The calendar as UTF-8 bytes, CRLF line ends and lines folded at 75 octets (icalendar does both)."""
    stamp = (now or timezone.now()).astimezone(datetime.UTC).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", text(name))
    cal.add("x-wr-timezone", CALENDAR_TIMEZONE)
    cal.add_component(vtimezone())
    for engagement in engagements:
        cal.add_component(vevent(engagement, stamp=stamp, base_url=base_url))
    return cal.to_ical()


def feed_response(engagements, *, name: str, base_url: str, filename: str = "coophub-engagements.ics"):
    """The feed body; it holds what one person may see, so only their own client may cache it."""
    body = render_engagements(engagements, name=name, base_url=base_url)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    patch_cache_control(response, private=True, no_cache=True)
    return response
