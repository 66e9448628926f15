"""Expiry alerts 90, 30 and 7 days before an agreement's end, sent by the sweep on working days."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coophub.accounts.models import User
from coophub.agreements import alerts, services
from coophub.agreements.models import Agreement, ExpiryAlertSent
from coophub.notifications.models import Notification
from coophub.scheduler.sweep import SweepResult, sweep
from coophub.timeline.models import TimelineEvent

pytestmark = pytest.mark.django_db

D = datetime.date
VN = ZoneInfo("Asia/Ho_Chi_Minh")
END = D(2027, 7, 31)  # a Saturday


def at(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VN)


@pytest.fixture
def agreement_on(make_agreement, units):
    """agreement_on(day, valid_to=END, **fields): an MoU in force led by Plant Protection, recorded on day."""

    def make(day, valid_to=END, **fields):
        with time_machine.travel(at(day), tick=False):
            return make_agreement(
                status="in_force",
                signed_on=D(2024, 8, 1),
                valid_from=D(2024, 8, 1),
                valid_to=valid_to,
                lead_unit=units["ppd"],
                **fields,
            )

    return make


@pytest.fixture
def walk(django_capture_on_commit_callbacks):
    """walk(first, last): sweep daily at 09:00; {day: [days before, …]} of the alerts that went out."""

    def run(first, last):
        out = {}
        day = first
        while day <= last:
            seen = set(ExpiryAlertSent.objects.values_list("pk", flat=True))
            with time_machine.travel(at(day), tick=False):
                with django_capture_on_commit_callbacks(execute=True):
                    sweep()
            new = ExpiryAlertSent.objects.exclude(pk__in=seen)
            if new:
                out[day] = sorted(a.days_before for a in new)
            day += datetime.timedelta(days=1)
        return out

    return run


def test_it_alerts_ninety_thirty_and_seven_days_before_the_end_on_working_days(agreement_on, walk):
    agreement_on(D(2027, 4, 1))
    assert walk(D(2027, 4, 2), END) == {
        D(2027, 4, 29): [90],  # 02/05 is a Sunday, 01/05 and 30/04 are holidays: Thursday 29/04
        D(2027, 7, 1): [30],
        D(2027, 7, 23): [7],  # Saturday 24/07 → Friday
    }


def test_each_alert_reaches_the_owning_units_editors_and_the_lead_units_head(
    agreement_on,
    walk,
    mailoutbox,
    dic_officer,
    dic_director,
    unit_head,
    unit_focal_point,
    counsellor,
    other_unit_officer,
):
    for user in (dic_officer, dic_director, unit_head, unit_focal_point, counsellor, other_unit_officer):
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@mae.gov.vn")
    mou = agreement_on(D(2027, 4, 1))
    walk(D(2027, 7, 1), D(2027, 7, 1))
    told = ["dic_director", "dic_officer", "unit_head"]
    inbox = Notification.objects.filter(kind="agreement.expiring", subject_id=mou.pk)
    assert sorted(n.recipient.username for n in inbox) == told
    assert all(mou.title_vi in n.title and n.url == mou.get_absolute_url() for n in inbox)
    assert sorted(m.to[0] for m in mailoutbox) == [f"{name}@mae.gov.vn" for name in told]
    [event] = TimelineEvent.objects.filter(subject_id=mou.pk, kind="agreement.expiring")
    assert event.data["days"] == 30


def test_an_agreement_recorded_close_to_its_end_gets_only_the_latest_missed_alert(agreement_on, walk):
    mou = agreement_on(D(2027, 7, 10))
    assert mou.next_alert_at == at(D(2027, 7, 1), 8)  # the 30-day alert, at once; the 90-day one is skipped
    assert alerts.pending_alerts(mou, at(D(2027, 7, 10))) == [(30, D(2027, 7, 1)), (7, D(2027, 7, 23))]
    assert walk(D(2027, 7, 10), END) == {D(2027, 7, 10): [30], D(2027, 7, 23): [7]}


def test_an_extension_starts_the_alerts_again_for_the_new_end(agreement_on, walk, dic_officer):
    mou = agreement_on(D(2027, 4, 1))
    walk(D(2027, 7, 1), D(2027, 7, 1))
    with time_machine.travel(at(D(2027, 7, 5)), tick=False):
        services.transition_agreement(
            mou,
            actor=dic_officer,
            to="extended",
            on=D(2027, 7, 5),
            basis="Công hàm 45/2027",
            new_valid_to=D(2028, 7, 31),
        )
    assert Agreement.objects.get(pk=mou.pk).next_alert_at == at(D(2028, 5, 2), 8)
    assert walk(D(2027, 7, 5), D(2027, 8, 5)) == {}


def test_a_draft_or_terminated_agreement_gets_no_alert(agreement_on, make_agreement, dic_officer):
    assert make_agreement(valid_to=END).next_alert_at is None
    mou = agreement_on(D(2027, 4, 1))
    with time_machine.travel(at(D(2027, 5, 3)), tick=False):
        services.transition_agreement(
            mou, actor=dic_officer, to="terminated", on=D(2027, 5, 3), basis="Công hàm 9"
        )
    assert Agreement.objects.get(pk=mou.pk).next_alert_at is None


def test_a_second_sweep_sends_nothing_more(agreement_on):
    agreement_on(D(2027, 4, 1))
    with time_machine.travel(at(D(2027, 4, 29)), tick=False):
        assert sweep() == SweepResult(claimed=1, alerts=1)
        assert sweep() == SweepResult()
    assert ExpiryAlertSent.objects.count() == 1
