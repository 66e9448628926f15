"""RFC 5545 calendars for "add to my calendar" links and subscribed feeds.

icalendar builds the text (escaping, 75-octet folding, CRLF); this module fixes what every coophub calendar
carries and keeps callers to one small dataclass.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

PRODID = "-//MAE//coophub//VI"
CALENDAR_TIMEZONE = "Asia/Ho_Chi_Minh"
UID_DOMAIN = "coophub.mae.gov.vn"
CONTENT_TYPE = "text/calendar; charset=utf-8"
STATUSES = frozenset({"", "CONFIRMED", "TENTATIVE", "CANCELLED"})
# RFC 5545 TEXT allows no control characters but tab; line breaks become "\n" escapes.
_CONTROL = dict.fromkeys(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)) | {0x7F: None}


class _Text(icalendar.vText):
    r"""TEXT escaped strictly by RFC 5545: icalendar's own vText reads a literal backslash-N as a line break,
    which would mangle what users type, such as the share path \\mae-fs\NQ59."""

    __slots__ = ()

    def to_ical(self) -> bytes:
        escaped = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        return escaped.encode("utf-8")


def text(value: str) -> _Text:
    return _Text(str(value).replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL))


def event_uid(kind: str, pk) -> str:
    """A UID that stays the same however often the record is exported: ``task-42@coophub.mae.gov.vn``."""
    return f"{kind}-{pk}@{UID_DOMAIN}"


@dataclass
class CalendarEvent:
    """One VEVENT. A date ``start`` is an all-day event; a date ``end`` is its last day (inclusive)."""

    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None = None
    description: str = ""
    url: str = ""
    location: str = ""
    categories: Sequence[str] = ()
    last_modified: datetime.datetime | None = None
    status: str = ""

    def __post_init__(self):
        if not self.uid:
            raise ValueError("A calendar event needs a UID.")
        self.status = (self.status or "").upper()
        if self.status not in STATUSES:
            raise ValueError(f"Unknown event status {self.status!r}.")
        if self.end is not None:
            if _is_all_day(self.start) != _is_all_day(self.end):
                raise ValueError("An event's start and end must both be dates or both be datetimes.")
            start, end = self.start, self.end
            if not _is_all_day(start):
                start, end = _utc(start), _utc(end)
            if end < start:
                raise ValueError("An event cannot end before it starts.")


def _is_all_day(value) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _utc(value: datetime.datetime) -> datetime.datetime:
    """Naive datetimes are read in the project's time zone (Asia/Ho_Chi_Minh); all are written as UTC."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(datetime.UTC)


def _vevent(event: CalendarEvent, stamp: datetime.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("summary", text(event.summary))
    if _is_all_day(event.start):
        last_day = event.end or event.start
        vevent.add("dtstart", event.start)
        vevent.add("dtend", last_day + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", _utc(event.start))
        if event.end is not None:
            vevent.add("dtend", _utc(event.end))
    if event.description:
        vevent.add("description", text(event.description))
    if event.location:
        vevent.add("location", text(event.location))
    if event.url:
        vevent.add("url", event.url)
    categories = [text(c) for c in event.categories if c]
    if categories:
        value = icalendar.vCategory(categories)
        value.cats = categories  # vCategory re-wraps items in vText; keep the strict escaping
        vevent.add("categories", value)
    if event.last_modified is not None:
        vevent.add("last-modified", _utc(event.last_modified))
    if event.status:
        vevent.add("status", event.status)
    return vevent


def render_calendar(
    events: Iterable[CalendarEvent], *, name: str, now: datetime.datetime | None = None
) -> bytes:
    """The calendar as UTF-8 bytes with CRLF line ends; ``now`` is the DTSTAMP of every event."""
    stamp = _utc(now or timezone.now()).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", text(name))
    calendar.add("x-wr-timezone", CALENDAR_TIMEZONE)
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    return calendar.to_ical()


def ical_response(
    events: Iterable[CalendarEvent], *, name: str, filename: str, now: datetime.datetime | None = None
) -> HttpResponse:
    """An .ics download or feed body. Feeds hold personal work, so only the user's own client may cache it."""
    if not filename.lower().endswith(".ics"):
        filename += ".ics"
    response = HttpResponse(render_calendar(events, name=name, now=now), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    patch_cache_control(response, private=True, no_cache=True)
    return response
