"""/api/v1/engagements/{id}/delegation-plan, /gifts and /conference-request: the plan's approval, gifts, the
conference request's due date and warning, bad input, versions and scope."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import assert_field_error, bearer
from coophub.engagements import logistics
from coophub.engagements.models import Gift

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date
OPENS = D(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime.datetime(2026, 2, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        yield


@pytest.fixture
def visit(make_engagement, deputy_minister, japan):
    return make_engagement(
        kind="outgoing_visit",
        title_vi="Thứ trưởng thăm và làm việc tại Nhật Bản",
        starts_on=D(2026, 4, 6),
        country="JP",
        vn=[{"official": deputy_minister, "role": "head"}],
    )


@pytest.fixture
def conference(make_engagement):
    return make_engagement(
        kind="conference", title_vi="Hội thảo quốc tế về nông nghiệp xanh", starts_on=OPENS
    )


PLAN = {
    "purpose": "Làm việc với Bộ Nông Lâm Ngư nghiệp Nhật Bản",
    "budget_source": "state_budget",
    "budget_amount": 450_000_000,
    "departs_on": "2026-04-05",
    "returns_on": "2026-04-11",
}


def send(client, method, url, payload, headers, **extra):
    return getattr(client, method)(url, payload, content_type="application/json", **headers, **extra)


def test_a_plan_is_put_submitted_and_approved_by_the_dic_director(
    client, visit, dic_officer, dic_director, deputy_minister
):
    officer, director = bearer(dic_officer), bearer(dic_director)
    url = f"/api/v1/engagements/{visit.pk}/delegation-plan"
    assert client.get(url, **officer).status_code == 404

    response = send(client, "put", url, PLAN, officer)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["version"], body["currency"], body["budget_amount"]) == (
        "draft",
        1,
        "VND",
        450_000_000,
    )
    assert body["members"] == [
        {
            "official_id": deputy_minister.pk,
            "name": "Trần Quý Kiên",
            "title": "Thứ trưởng Bộ Nông nghiệp và Môi trường",
            "unit_id": None,
            "organisation": "",
            "role": "head",
        }
    ]
    assert client.get(url, **officer)["ETag"] == '"1"'

    response = send(client, "put", url, {**PLAN, "budget_amount": 400_000_000, "version": 1}, officer)
    assert response.status_code == 200 and response.json()["version"] == 2

    response = send(client, "post", f"{url}/submit", {}, officer, HTTP_IF_MATCH='"2"')
    assert response.status_code == 200 and response.json()["status"] == "submitted"

    response = send(client, "post", f"{url}/decision", {"approve": True, "decision_number": "1/QĐ"}, officer)
    assert response.status_code == 403
    assert "coordinators" in response.json()["detail"]

    response = send(client, "post", f"{url}/decision", {"approve": True}, director)
    assert_field_error(response, "decision_number")
    response = send(
        client, "post", f"{url}/decision", {"approve": True, "decision_number": "215/QĐ"}, director
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["decision_number"], body["decided_by_id"], body["decided_on"]) == (
        "approved",
        "215/QĐ",
        dic_director.pk,
        "2026-02-20",
    )
    assert response["ETag"] == '"4"'

    response = send(client, "put", url, PLAN, officer)
    assert response.status_code == 422  # approved: reopen it first
    assert_field_error(send(client, "post", f"{url}/reopen", {"note": ""}, director), "note")
    response = send(client, "post", f"{url}/reopen", {"note": "Phía bạn đổi lịch."}, director)
    assert response.json()["status"] == "draft"


def test_a_rejection_needs_a_reason(client, visit, dic_officer, dic_director):
    plan = logistics.save_delegation_plan(
        visit, actor=dic_officer, data={**PLAN, "departs_on": D(2026, 4, 5), "returns_on": D(2026, 4, 11)}
    )
    logistics.submit_delegation_plan(plan, actor=dic_officer)
    url = f"/api/v1/engagements/{visit.pk}/delegation-plan/decision"
    assert_field_error(send(client, "post", url, {"approve": False}, bearer(dic_director)), "note")
    response = send(client, "post", url, {"approve": False, "note": "Thu gọn đoàn."}, bearer(dic_director))
    assert response.json()["status"] == "rejected" and response.json()["decision_note"] == "Thu gọn đoàn."


def test_a_stale_plan_edit_answers_409(client, visit, dic_officer, dic_director):
    url = f"/api/v1/engagements/{visit.pk}/delegation-plan"
    send(client, "put", url, PLAN, bearer(dic_officer))
    send(client, "put", url, {**PLAN, "purpose": "Đổi mục đích", "version": 1}, bearer(dic_director))
    response = send(client, "put", url, {**PLAN, "version": 1}, bearer(dic_officer))
    assert response.status_code == 409 and response.json()["current_version"] == 2
    response = send(client, "post", f"{url}/submit", {}, bearer(dic_officer), HTTP_IF_MATCH='"1"')
    assert response.status_code == 409


@pytest.mark.parametrize(
    "payload, field",
    [
        ({**PLAN, "returns_on": "2026-04-01"}, "returns_on"),
        ({**PLAN, "budget_source": "lottery"}, "budget_source"),
        ({**PLAN, "budget_amount": -1}, "budget_amount"),
        ({**PLAN, "currency": "dong"}, "currency"),
        ({k: v for k, v in PLAN.items() if k != "purpose"}, "purpose"),
    ],
)
def test_a_bad_plan_answers_422_naming_the_field(client, visit, dic_officer, payload, field):
    url = f"/api/v1/engagements/{visit.pk}/delegation-plan"
    assert_field_error(send(client, "put", url, payload, bearer(dic_officer)), field)


def test_a_plan_without_members_cannot_be_submitted(client, make_engagement, dic_officer, japan):
    engagement = make_engagement(kind="outgoing_visit", country="JP")
    url = f"/api/v1/engagements/{engagement.pk}/delegation-plan"
    send(client, "put", url, PLAN, bearer(dic_officer))
    assert_field_error(send(client, "post", f"{url}/submit", {}, bearer(dic_officer)), "members")


def test_gifts_are_listed_created_changed_and_deleted(client, visit, dic_officer):
    headers, url = bearer(dic_officer), f"/api/v1/engagements/{visit.pk}/gifts"
    received = {"direction": "received", "description": "Bình gốm Arita", "counterpart": "Bộ trưởng MAFF"}
    assert_field_error(send(client, "post", url, received, headers), "handling")
    assert_field_error(send(client, "post", url, {**received, "handling": "presented"}, headers), "handling")

    response = send(
        client, "post", url, {**received, "handling": "pending", "value": 50_000, "currency": "JPY"}, headers
    )
    assert response.status_code == 201, response.content
    gift = response.json()
    assert (gift["handling"], gift["value"], gift["currency"]) == ("pending", 50_000, "JPY")
    response = send(
        client, "post", url, {"direction": "given", "description": "Tranh", "counterpart": "MAFF"}, headers
    )
    assert response.json()["handling"] == "presented"

    listed = client.get(url, **headers).json()
    assert listed["count"] == 2 and [g["description"] for g in listed["items"]] == ["Bình gốm Arita", "Tranh"]

    response = send(client, "patch", f"{url}/{gift['id']}", {"handling": "displayed"}, headers)
    assert response.status_code == 200 and response.json()["handling"] == "displayed"
    assert response.json()["description"] == "Bình gốm Arita"
    assert_field_error(send(client, "patch", f"{url}/{gift['id']}", {"handling": None}, headers), "handling")

    assert client.delete(f"{url}/{gift['id']}", **headers).status_code == 204
    assert client.delete(f"{url}/{gift['id']}", **headers).status_code == 404
    assert Gift.objects.count() == 1


def test_a_gift_of_another_engagement_is_not_found_under_this_one(client, visit, conference, dic_officer):
    gift = logistics.save_gift(
        conference,
        actor=dic_officer,
        data={"direction": "given", "description": "Tranh", "counterpart": "FAO"},
    )
    response = send(
        client, "patch", f"/api/v1/engagements/{visit.pk}/gifts/{gift.pk}", {"note": "x"}, bearer(dic_officer)
    )
    assert response.status_code == 404


def test_the_conference_request_says_when_it_is_due_and_that_a_late_filing_is_late(
    client, conference, dic_officer, dic_director
):
    headers, url = bearer(dic_officer), f"/api/v1/engagements/{conference.pk}/conference-request"
    response = send(client, "put", url, {"approval": "prime_minister", "expected_participants": 150}, headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["due_on"], body["lead_days"], body["status"]) == ("2026-02-08", 40, "draft")
    assert body["warning"].startswith("Not filed and 12 days late")

    assert_field_error(send(client, "post", f"{url}/file", {"on": "2026-02-21"}, headers), "on")
    response = send(client, "post", f"{url}/file", {"on": "2026-02-13", "version": 1}, headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["filed_on"]) == ("filed", "2026-02-13")
    assert "5 days late" in body["warning"]

    assert send(client, "post", f"{url}/decision", {"approve": False}, headers).status_code == 403
    assert_field_error(
        send(client, "post", f"{url}/decision", {"approve": True}, bearer(dic_director)), "decision_number"
    )
    response = send(
        client,
        "post",
        f"{url}/decision",
        {"approve": True, "decision_number": "88/QĐ-TTg"},
        bearer(dic_director),
    )
    assert response.json()["status"] == "approved" and response.json()["decision_number"] == "88/QĐ-TTg"
    assert client.get(url, **headers)["ETag"] == '"3"'


def test_a_request_filed_45_days_before_has_no_warning(client, conference, dic_officer):
    headers, url = bearer(dic_officer), f"/api/v1/engagements/{conference.pk}/conference-request"
    send(client, "put", url, {"approval": "prime_minister"}, headers)
    response = send(client, "post", f"{url}/file", {"on": "2026-02-03"}, headers)
    assert response.json()["warning"] == ""


def test_the_lead_days_setting_changes_the_due_date(client, conference, dic_officer, settings):
    settings.COOPHUB_CONFERENCE_LEAD_DAYS = {"prime_minister": 60, "minister": 45}
    url = f"/api/v1/engagements/{conference.pk}/conference-request"
    body = send(client, "put", url, {"approval": "minister"}, bearer(dic_officer)).json()
    assert (body["due_on"], body["lead_days"]) == ("2026-02-03", 45)


def test_a_stale_request_edit_answers_409_and_too_many_foreigners_422(client, conference, dic_officer):
    headers, url = bearer(dic_officer), f"/api/v1/engagements/{conference.pk}/conference-request"
    send(client, "put", url, {"approval": "minister"}, headers)
    send(client, "put", url, {"approval": "prime_minister", "version": 1}, headers)
    assert send(client, "put", url, {"approval": "minister", "version": 1}, headers).status_code == 409
    payload = {"approval": "minister", "expected_participants": 10, "foreign_participants": 11}
    assert_field_error(send(client, "put", url, payload, headers), "foreign_participants")


def test_other_unit_officer_gets_404_for_a_restricted_engagements_logistics(
    client, make_engagement, dic_officer, other_unit_officer
):
    secret = make_engagement(kind="conference", starts_on=OPENS, visibility="restricted", vn=[{"name": "A"}])
    logistics.save_conference_request(secret, actor=dic_officer, data={"approval": "minister"})
    logistics.save_delegation_plan(
        secret,
        actor=dic_officer,
        data={"purpose": "x", "budget_source": "partner", "departs_on": OPENS, "returns_on": OPENS},
    )
    gift = logistics.save_gift(
        secret, actor=dic_officer, data={"direction": "given", "description": "Tranh", "counterpart": "FAO"}
    )
    headers, base = bearer(other_unit_officer), f"/api/v1/engagements/{secret.pk}"
    for path in ("delegation-plan", "gifts", "conference-request"):
        assert client.get(f"{base}/{path}", **headers).status_code == 404, path
    for method, path, payload in [
        ("put", "delegation-plan", PLAN),
        ("post", "delegation-plan/submit", {}),
        ("post", "delegation-plan/decision", {"approve": False, "note": "x"}),
        ("post", "gifts", {"direction": "given", "description": "x", "counterpart": "y"}),
        ("patch", f"gifts/{gift.pk}", {"note": "x"}),
        ("put", "conference-request", {"approval": "minister"}),
        ("post", "conference-request/file", {}),
        ("post", "conference-request/decision", {"approve": True, "decision_number": "1"}),
    ]:
        assert send(client, method, f"{base}/{path}", payload, headers).status_code == 404, path
    assert client.delete(f"{base}/gifts/{gift.pk}", **headers).status_code == 404
    assert client.get(f"{base}/conference-request", **bearer(dic_officer)).status_code == 200


def test_a_reader_may_look_but_not_change(client, conference, counsellor, dic_officer):
    logistics.save_conference_request(conference, actor=dic_officer, data={"approval": "minister"})
    url = f"/api/v1/engagements/{conference.pk}/conference-request"
    assert client.get(url, **bearer(counsellor)).status_code == 200
    response = send(client, "put", url, {"approval": "prime_minister"}, bearer(counsellor))
    assert response.status_code == 403 and response.json()["detail"]
