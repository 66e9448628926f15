"""Typed timeline events of engagements. Each appears on the engagement, on every partner's timeline and on
the timeline of every Ministry official who took part."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coophub.core.dates import format_dmy
from coophub.timeline.models import TimelineEvent
from coophub.timeline.services import add_event, renderer

from .choices import EngagementKind, EngagementStatus

ENGAGEMENT_RECORDED = "engagement.recorded"
ENGAGEMENT_STATUS = "engagement.status_changed"
OUTCOME_FOLLOWED_UP = "engagement.outcome_followed_up"


def _data(engagement) -> dict:
    return {
        "title": engagement.title_vi or engagement.title_en,
        "title_en": engagement.title_en or engagement.title_vi,
        "type": engagement.kind,
        "on": engagement.starts_on.isoformat(),
    }


def _officials(engagement):
    seen = set()
    if engagement.leader_id:
        seen.add(engagement.leader_id)
        yield engagement.leader
    for participant in engagement.vn_participants.select_related("official"):
        if participant.official_id and participant.official_id not in seen:
            seen.add(participant.official_id)
            yield participant.official


def engagement_recorded(engagement, *, actor, only_partners=None):
    data = _data(engagement)
    if only_partners is None:
        add_event(engagement, ENGAGEMENT_RECORDED, actor=actor, **data)
        for official in _officials(engagement):
            add_event(official, ENGAGEMENT_RECORDED, actor=actor, source=engagement, **data)
    for partner in engagement.partners.all():
        if only_partners is None or partner.pk in only_partners:
            add_event(partner, ENGAGEMENT_RECORDED, actor=actor, source=engagement, **data)


def engagement_changed(engagement, *, actor, had_partners: set[int]):
    """A partner or official added by an edit gets the engagement on its timeline too."""
    added = set(engagement.partners.values_list("pk", flat=True)) - had_partners
    if added:
        engagement_recorded(engagement, actor=actor, only_partners=added)
    officials = {o.pk: o for o in _officials(engagement)}
    if not officials:
        return
    shown = TimelineEvent.objects.filter(
        kind=ENGAGEMENT_RECORDED,
        subject_type=ContentType.objects.get_for_model(next(iter(officials.values()))),
        subject_id__in=officials,
        source_type=ContentType.objects.get_for_model(engagement),
        source_id=engagement.pk,
    ).values_list("subject_id", flat=True)
    for pk in set(officials) - set(shown):
        add_event(officials[pk], ENGAGEMENT_RECORDED, actor=actor, source=engagement, **_data(engagement))


def engagement_status_changed(engagement, *, actor, old: str):
    add_event(engagement, ENGAGEMENT_STATUS, actor=actor, old=old, new=engagement.status, **_data(engagement))


def outcome_followed_up(outcome, *, actor, commitment=None, task=None):
    target = commitment or task
    add_event(
        outcome.engagement,
        OUTCOME_FOLLOWED_UP,
        actor=actor,
        source=target,
        what="commitment" if commitment else "task",
        text=outcome.text[:300],
    )
    add_event(
        target, OUTCOME_FOLLOWED_UP, actor=actor, source=outcome.engagement, **_data(outcome.engagement)
    )


def _title(ev) -> str:
    english = (get_language() or "vi").startswith("en")
    return ev.data.get("title_en") if english and ev.data.get("title_en") else ev.data.get("title", "")


def _day(ev) -> str:
    return format_dmy(datetime.date.fromisoformat(ev.data["on"]))


@renderer(ENGAGEMENT_RECORDED)
def _recorded(ev):
    kind = EngagementKind(ev.data["type"]).label if ev.data.get("type") in EngagementKind.values else ""
    return _("%(kind)s on %(on)s: %(title)s") % {"kind": kind, "on": _day(ev), "title": _title(ev)}


@renderer(ENGAGEMENT_STATUS)
def _status(ev):
    return _("%(title)s: %(old)s → %(new)s") % {
        "title": _title(ev),
        "old": EngagementStatus(ev.data["old"]).label,
        "new": EngagementStatus(ev.data["new"]).label,
    }


@renderer(OUTCOME_FOLLOWED_UP)
def _followed_up(ev):
    if "what" in ev.data:
        if ev.data["what"] == "commitment":
            return _("Outcome recorded as a commitment: %(text)s") % ev.data
        return _("Follow-up task assigned for: %(text)s") % ev.data
    return _("From the engagement %(title)s on %(on)s") % {"title": _title(ev), "on": _day(ev)}
