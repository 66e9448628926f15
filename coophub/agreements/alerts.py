"""Renewal and expiry alerts of agreements (90/30/7 days before the end of validity) as due work.

The same decisions as the task ladder (coophub/assignments/ladder.py): an alert falling on a day off moves to
the previous working day and goes out at 08:00 Viet Nam time; when several are past at once (an agreement
recorded or extended close to its end, a sweep that did not run) only the latest goes out and the earlier
ones are skipped; what was sent is kept per end date (ExpiryAlertSent.for_valid_to), so an extension starts
the alerts again. An alert goes to the editors of the owning unit and the heads of the lead unit who can see
the agreement.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.choices import Role
from coophub.core.dates import format_dmy
from coophub.scheduler.workdays import add_working_days, is_working_day

from . import events
from .choices import EXPIRY_ALERT_DAYS, LIVE_STATUSES
from .models import Agreement, ExpiryAlertSent

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SEND_AT = datetime.time(8)
OWNER_ROLES = (Role.OFFICER, Role.UNIT_HEAD, Role.DIC_COORDINATOR)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, SEND_AT, tzinfo=VN)


def alert_day(valid_to: datetime.date, days_before: int) -> datetime.date:
    day = valid_to - datetime.timedelta(days=days_before)
    return day if is_working_day(day) else add_working_days(day, -1)


def pending_alerts(
    agreement: Agreement, now: datetime.datetime | None = None
) -> list[tuple[int, datetime.date]]:
    """(days before, day it goes out) of the alerts still to send for the current end date, earliest first:
    the latest of those already past (the earlier past ones are skipped) and the future ones."""
    if agreement.status not in LIVE_STATUSES or agreement.valid_to is None:
        return []
    now = now or timezone.now()
    schedule = sorted(
        ((days, alert_day(agreement.valid_to, days)) for days in EXPIRY_ALERT_DAYS),
        key=lambda a: (a[1], -a[0]),
    )
    past = [i for i, (_days, day) in enumerate(schedule) if _at(day) <= now]
    if past:
        schedule = schedule[past[-1] :]
    sent = set(
        agreement.alerts_sent.filter(for_valid_to=agreement.valid_to).values_list("days_before", flat=True)
    )
    return [(days, day) for days, day in schedule if days not in sent]


def refresh_schedule(agreement: Agreement, *, now: datetime.datetime | None = None) -> None:
    pending = pending_alerts(agreement, now)
    nxt = _at(min(day for _days, day in pending)) if pending else None
    if nxt != agreement.next_alert_at:
        Agreement.objects.filter(pk=agreement.pk).update(next_alert_at=nxt)
        agreement.next_alert_at = nxt


def recipients(agreement: Agreement) -> list:
    """The owning unit's editors and the lead unit's heads, active and able to see the agreement."""
    users = get_user_model().objects.filter(is_active=True)
    people = set(
        users.filter(memberships__unit_id=agreement.owner_unit_id, memberships__role__in=OWNER_ROLES)
    )
    if agreement.lead_unit_id:
        people |= set(
            users.filter(memberships__unit_id=agreement.lead_unit_id, memberships__role=Role.UNIT_HEAD)
        )
    policy = policy_for(Agreement)
    return sorted((p for p in people if policy.can(p, VIEW, agreement)), key=lambda p: p.pk)


def send_due(agreement: Agreement, *, now: datetime.datetime) -> int:
    """Send the alerts due now and reschedule; returns how many alerts went out. Call inside a transaction
    holding the agreement's row. ExpiryAlertSent's unique key makes a second sender skip the alert; it is the
    log of what went out, so no audit event is written."""
    from coophub.notifications.services import notify

    sent = 0
    today = now.astimezone(VN).date()
    with translation.override(settings.LANGUAGE_CODE):
        for days, day in pending_alerts(agreement, now):
            if _at(day) > now:
                continue
            _row, created = ExpiryAlertSent.objects.get_or_create(
                agreement=agreement, days_before=days, for_valid_to=agreement.valid_to
            )
            if not created:
                continue
            values = {
                "title": agreement.title_vi,
                "date": format_dmy(agreement.valid_to),
                "days": (agreement.valid_to - today).days,
            }
            title = _("“%(title)s” expires on %(date)s, in %(days)s days") % values
            body = (
                _("It renews automatically.")
                if agreement.auto_renew
                else _("Decide whether to extend or renew it.")
            )
            for person in recipients(agreement):
                notify(
                    person,
                    kind="agreement.expiring",
                    title=title,
                    body=body,
                    url=agreement.get_absolute_url(),
                    subject=agreement,
                )
            events.agreement_expiring(agreement, days_before=days, days_left=values["days"])
            sent += 1
    refresh_schedule(agreement, now=now)
    return sent
