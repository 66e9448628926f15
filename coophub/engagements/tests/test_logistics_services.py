"""Delegation plans, gifts and conference requests through the services of logistics.py."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from coophub.audit.models import AuditEvent
from coophub.core.errors import Conflict
from coophub.engagements import logistics
from coophub.engagements.models import ConferenceRequest
from coophub.timeline.services import events_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date
TODAY = D(2026, 2, 20)
OPENS = D(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime.datetime(2026, 2, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        yield


@pytest.fixture
def visit(make_engagement, deputy_minister, japan, units):
    return make_engagement(
        kind="outgoing_visit",
        title_vi="Thứ trưởng thăm và làm việc tại Nhật Bản",
        starts_on=D(2026, 4, 6),
        ends_on=D(2026, 4, 10),
        city="Tokyo",
        country="JP",
        leader=deputy_minister,
        vn=[
            {"official": deputy_minister, "role": "head"},
            {"name": "Nguyễn Thị Lan", "title": "Chuyên viên", "unit": units["dic"], "role": "secretary"},
        ],
    )


def plan_data(**overrides):
    return {
        "purpose": "Làm việc với Bộ Nông Lâm Ngư nghiệp Nhật Bản về chuỗi giá trị nông sản",
        "budget_source": "state_budget",
        "budget_amount": 450_000_000,
        "departs_on": D(2026, 4, 5),
        "returns_on": D(2026, 4, 11),
        **overrides,
    }


@pytest.fixture
def submitted_plan(visit, dic_officer):
    plan = logistics.save_delegation_plan(visit, actor=dic_officer, data=plan_data())
    return logistics.submit_delegation_plan(plan, actor=dic_officer, version=plan.version)


@pytest.fixture
def conference(make_engagement):
    return make_engagement(
        kind="conference", title_vi="Hội thảo quốc tế về nông nghiệp xanh", starts_on=OPENS, country="VN"
    )


# ---------- the delegation plan ----------


def test_a_submitted_plan_is_approved_by_the_dic_director_with_its_decision_number(
    submitted_plan, dic_director
):
    with pytest.raises(ValidationError) as exc:
        logistics.decide_delegation_plan(submitted_plan, actor=dic_director, approve=True)
    assert "decision_number" in exc.value.message_dict

    plan = logistics.decide_delegation_plan(
        submitted_plan, actor=dic_director, approve=True, decision_number="215/QĐ-BNNMT", version=2
    )
    assert (plan.status, plan.decision_number) == ("approved", "215/QĐ-BNNMT")
    assert (plan.decided_by, plan.decided_on, plan.version) == (dic_director, TODAY, 3)
    assert AuditEvent.objects.filter(object_id=plan.pk, object_type__model="delegationplan").count() == 3
    texts = [ev.text for ev in events_for(dic_director, plan.engagement, kinds=[logistics.PLAN_DECIDED])]
    assert texts == ["Delegation plan approved (decision 215/QĐ-BNNMT)."]


def test_a_rejection_needs_a_reason_and_the_rejected_plan_can_be_resubmitted(
    submitted_plan, dic_director, dic_officer
):
    with pytest.raises(ValidationError) as exc:
        logistics.decide_delegation_plan(submitted_plan, actor=dic_director, approve=False, note="  ")
    assert "note" in exc.value.message_dict

    plan = logistics.decide_delegation_plan(
        submitted_plan, actor=dic_director, approve=False, note="Thu gọn đoàn xuống 4 người."
    )
    assert (plan.status, plan.decision_note) == ("rejected", "Thu gọn đoàn xuống 4 người.")
    plan = logistics.save_delegation_plan(
        plan.engagement, actor=dic_officer, data={"budget_amount": 300_000_000}
    )
    assert logistics.submit_delegation_plan(plan, actor=dic_officer).status == "submitted"


def test_the_dic_officer_cannot_approve_a_plan(submitted_plan, dic_officer):
    with pytest.raises(PermissionDenied) as exc:
        logistics.decide_delegation_plan(
            submitted_plan, actor=dic_officer, approve=True, decision_number="1/QĐ"
        )
    assert "coordinators" in str(exc.value)
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == "submitted"


def test_the_head_of_the_owning_unit_and_a_leader_may_decide(
    make_engagement, unit_head, leader, units, japan
):
    engagement = make_engagement(
        actor=unit_head,
        owner_unit=units["ppd"],
        kind="outgoing_visit",
        country="JP",
        vn=[{"name": "Lê Văn Bình"}],
    )
    plan = logistics.save_delegation_plan(engagement, actor=unit_head, data=plan_data())
    plan = logistics.submit_delegation_plan(plan, actor=unit_head)
    plan = logistics.decide_delegation_plan(plan, actor=unit_head, approve=False, note="Chưa đủ kinh phí.")
    plan = logistics.submit_delegation_plan(plan, actor=unit_head)
    assert logistics.decide_delegation_plan(
        plan, actor=leader, approve=True, decision_number="9/QĐ"
    ).status == ("approved")


def test_a_stale_plan_edit_is_refused(visit, dic_officer, dic_director):
    plan = logistics.save_delegation_plan(visit, actor=dic_officer, data=plan_data())
    logistics.save_delegation_plan(visit, actor=dic_director, data={"budget_amount": 500_000_000}, version=1)
    with pytest.raises(Conflict):
        logistics.save_delegation_plan(
            visit, actor=dic_officer, data={"purpose": "Khác"}, version=plan.version
        )
    plan.refresh_from_db()
    assert (plan.budget_amount, plan.version) == (500_000_000, 2)


def test_a_plan_needs_its_members_and_a_return_after_the_departure(make_engagement, dic_officer, japan):
    engagement = make_engagement(kind="outgoing_visit", country="JP")
    with pytest.raises(ValidationError) as exc:
        logistics.save_delegation_plan(
            engagement, actor=dic_officer, data=plan_data(returns_on=D(2026, 4, 1))
        )
    assert "returns_on" in exc.value.message_dict
    plan = logistics.save_delegation_plan(engagement, actor=dic_officer, data=plan_data())
    with pytest.raises(ValidationError) as exc:
        logistics.submit_delegation_plan(plan, actor=dic_officer)
    assert "members" in exc.value.message_dict


def test_an_approved_plan_is_reopened_with_a_reason_before_it_changes(
    submitted_plan, dic_director, dic_officer
):
    plan = logistics.decide_delegation_plan(
        submitted_plan, actor=dic_director, approve=True, decision_number="7/QĐ"
    )
    with pytest.raises(ValidationError):
        logistics.save_delegation_plan(plan.engagement, actor=dic_officer, data={"purpose": "Đổi lịch"})
    with pytest.raises(ValidationError) as exc:
        logistics.reopen_delegation_plan(plan, actor=dic_director, note="")
    assert "note" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        logistics.reopen_delegation_plan(plan, actor=dic_officer, note="Đổi lịch")
    plan = logistics.reopen_delegation_plan(plan, actor=dic_director, note="Phía bạn đổi lịch.")
    assert (plan.status, plan.decided_by) == ("draft", None)
    with pytest.raises(ValidationError):
        logistics.reopen_delegation_plan(plan, actor=dic_director, note="again")


def test_other_units_officer_cannot_draw_up_a_plan(visit, other_unit_officer):
    with pytest.raises(PermissionDenied):
        logistics.save_delegation_plan(visit, actor=other_unit_officer, data=plan_data())


# ---------- gifts ----------


def test_a_gift_received_must_say_its_handling(visit, dic_officer):
    received = {"direction": "received", "description": "Bình gốm Arita", "counterpart": "Bộ trưởng MAFF"}
    for handling in ("", "presented"):
        with pytest.raises(ValidationError) as exc:
            logistics.save_gift(visit, actor=dic_officer, data={**received, "handling": handling})
        assert "handling" in exc.value.message_dict
    gift = logistics.save_gift(visit, actor=dic_officer, data={**received, "handling": "agency_managed"})
    assert gift.handling == "agency_managed"


def test_a_gift_given_is_presented_and_can_be_changed_and_removed(visit, dic_officer):
    gift = logistics.save_gift(
        visit,
        actor=dic_officer,
        data={
            "direction": "given",
            "description": "Tranh sơn mài",
            "counterpart": "MAFF",
            "value": 3_000_000,
        },
    )
    assert gift.handling == "presented"
    with pytest.raises(ValidationError):
        logistics.save_gift(visit, actor=dic_officer, data={"handling": "returned"}, gift=gift)
    gift = logistics.save_gift(visit, actor=dic_officer, data={"value": 3_500_000}, gift=gift)
    assert gift.value == 3_500_000
    logistics.delete_gift(gift, actor=dic_officer)
    assert not visit.gifts.exists()
    assert AuditEvent.objects.filter(object_id=gift.pk, object_type__model="gift").count() == 3


# ---------- conference requests ----------


def request_for(conference, actor, approval="prime_minister", filed_on=None):
    request = logistics.save_conference_request(
        conference, actor=actor, data={"approval": approval, "expected_participants": 120}
    )
    if filed_on:
        request = logistics.file_conference_request(request, actor=actor, on=filed_on)
    return request


def test_a_request_filed_35_days_before_a_prime_minister_level_conference_is_5_days_late(
    conference, dic_officer
):
    request = request_for(conference, dic_officer, filed_on=OPENS - datetime.timedelta(days=35))
    assert logistics.request_due_on(request) == D(2026, 2, 8)
    warning = logistics.request_warning(request)
    assert "5 days late" in warning and "08/02/2026" in warning
    [event] = events_for(dic_officer, conference, kinds=[logistics.REQUEST_FILED])
    assert event.text == "Conference request filed on 13/02/2026, 5 days late (due by 08/02/2026)."


def test_a_request_filed_45_days_before_is_in_time(conference, dic_officer):
    request = request_for(conference, dic_officer, filed_on=OPENS - datetime.timedelta(days=45))
    assert logistics.request_warning(request) == ""


def test_a_minister_level_conference_has_thirty_days(conference, dic_officer):
    request = request_for(
        conference, dic_officer, approval="minister", filed_on=OPENS - datetime.timedelta(days=35)
    )
    assert logistics.request_due_on(request) == D(2026, 2, 18)
    assert logistics.request_warning(request) == ""


def test_the_lead_days_setting_changes_the_due_date(conference, dic_officer, settings):
    settings.COOPHUB_CONFERENCE_LEAD_DAYS = {"prime_minister": 30, "minister": 20}
    request = request_for(conference, dic_officer, filed_on=OPENS - datetime.timedelta(days=35))
    assert logistics.request_due_on(request) == D(2026, 2, 18)
    assert logistics.request_warning(request) == ""


def test_an_unfiled_request_warns_when_due_soon_and_when_late(make_engagement, dic_officer):
    soon = make_engagement(kind="conference", starts_on=D(2026, 3, 25), country="VN")
    request = request_for(soon, dic_officer, approval="minister")
    assert logistics.request_warning(request) == "Due by 23/02/2026, in 3 days."
    late = make_engagement(kind="multilateral_meeting", starts_on=D(2026, 3, 10), country=None)
    request = request_for(late, dic_officer)
    assert logistics.request_warning(request).startswith("Not filed and 22 days late")


def test_a_request_cannot_be_filed_in_the_future_nor_twice(conference, dic_officer):
    request = request_for(conference, dic_officer)
    with pytest.raises(ValidationError) as exc:
        logistics.file_conference_request(request, actor=dic_officer, on=TODAY + datetime.timedelta(days=1))
    assert "filed_on" in exc.value.message_dict
    request = logistics.file_conference_request(request, actor=dic_officer)
    assert request.filed_on == TODAY
    with pytest.raises(ValidationError):
        logistics.file_conference_request(request, actor=dic_officer)


def test_a_filed_request_is_decided_by_a_coordinator_with_a_decision_number(
    conference, dic_officer, dic_director
):
    request = request_for(conference, dic_officer, filed_on=D(2026, 2, 1))
    with pytest.raises(PermissionDenied):
        logistics.decide_conference_request(request, actor=dic_officer, approve=True, decision_number="1/QĐ")
    with pytest.raises(ValidationError):
        logistics.decide_conference_request(request, actor=dic_director, approve=True)
    request = logistics.decide_conference_request(
        request, actor=dic_director, approve=True, decision_number="88/QĐ-TTg"
    )
    assert (request.status, request.decision_number) == ("approved", "88/QĐ-TTg")
    with pytest.raises(ValidationError):
        logistics.save_conference_request(conference, actor=dic_officer, data={"funding": "FAO"})


def test_hosted_conferences_need_a_request_and_trips_abroad_a_plan(make_engagement, japan):
    assert logistics.needs_conference_request(make_engagement(kind="conference", country="VN"))
    assert logistics.needs_conference_request(make_engagement(kind="joint_committee", country=None))
    assert not logistics.needs_conference_request(make_engagement(kind="conference", country="JP"))
    assert not logistics.needs_conference_request(make_engagement(kind="courtesy_call"))
    assert logistics.needs_delegation_plan(make_engagement(kind="multilateral_meeting", country="JP"))
    assert not logistics.needs_delegation_plan(make_engagement(kind="courtesy_call"))
    assert ConferenceRequest.objects.count() == 0
