"""The cover of a briefing pack and the formatting its sections share (dates dd/mm/yyyy, times, places, the
Vietnamese leader with their title in the pack's language)."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from coophub.accounts.models import Unit
from coophub.core.dates import format_admin_date, format_dmy

from .content import Cover
from .gather import Facts


def is_english(facts: Facts) -> bool:
    return facts.language.startswith("en")


def lines(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)


def dates(start: datetime.date, end: datetime.date | None) -> str:
    if end and end != start:
        return f"{format_dmy(start)} – {format_dmy(end)}"
    return format_dmy(start)


def times(engagement) -> str:
    if not engagement.start_time:
        return ""
    start = engagement.start_time.strftime("%H:%M")
    return f"{start}–{engagement.end_time:%H:%M}" if engagement.end_time else start


def place(engagement) -> str:
    return ", ".join(str(p) for p in (engagement.venue, engagement.city, engagement.country) if p)


def leader_line(engagement, english: bool) -> str:
    leader = engagement.leader
    if leader is None:
        return ""
    title = engagement.leader_title
    # The title at the time is stored as typed (Vietnamese); an English pack uses the official's English title
    # when the stored one is simply the current Vietnamese title.
    if english and leader.title_en and title in ("", leader.title_vi):
        title = leader.title_en
    return ", ".join(p for p in (leader.full_name, title) if p)


def truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _prepared_at(now: datetime.datetime) -> str:
    return f"{format_dmy(now.date())} {now:%H:%M}"


def cover(facts: Facts, now: datetime.datetime) -> Cover:
    dic = Unit.objects.filter(is_dic=True).order_by("id").first()
    english = is_english(facts)
    engagement = facts.engagement
    if engagement is not None:
        heading = _("Briefing for the %(event)s") % {"event": engagement.get_kind_display().lower()}
        subtitle = str(engagement)
        fields = [
            (_("Type"), engagement.get_kind_display()),
            (_("Date"), lines(dates(engagement.starts_on, engagement.ends_on), times(engagement))),
            (_("Place"), place(engagement)),
            (_("Led by"), leader_line(engagement, english)),
        ]
    else:
        heading = _("Briefing for the meeting of %(date)s") % {"date": format_dmy(facts.for_date)}
        subtitle = str(facts.partner)
        fields = [(_("Meeting date"), format_dmy(facts.for_date))]
    fields.append((_("Partner"), lines(*facts.partners)))
    if engagement is not None and engagement.starts_on != facts.for_date:
        fields.append((_("Meeting date"), format_dmy(facts.for_date)))
    requester = facts.user
    unit = requester.primary_unit
    prepared = _("Prepared by %(person)s, %(unit)s, on %(when)s.") % {
        "person": requester,
        "unit": unit or "—",
        "when": _prepared_at(now),
    }
    dateline = (
        format_admin_date(now.date())
        if not english
        else _("Hanoi, %(date)s") % {"date": format_dmy(now.date())}
    )
    return Cover(
        ministry=_("Ministry of Agriculture and Environment").upper(),
        unit=(str(dic) if dic else _("Department of International Cooperation")).upper(),
        marking=pgettext("briefing marking", "Internal").upper(),
        dateline=dateline,
        heading=heading.upper(),
        subtitle=subtitle,
        fields=[(label, value) for label, value in fields if value],
        prepared=prepared,
    )
