"""/api/v1/engagements: review and approval, what another unit cannot see, outcomes turned into commitments
and tasks, and the officials and topics an engagement refers to."""

import datetime

import pytest
import time_machine

from conftest import assert_field_error, bearer
from coophub.agreements.models import Commitment
from coophub.assignments.models import Task
from coophub.engagements import services
from coophub.engagements.models import Engagement, Official, Topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PROMISE = "Phía Nhật Bản cam kết hỗ trợ Việt Nam về công nghệ bảo quản và chế biến nông sản."


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 9, 20, 9, tzinfo=datetime.UTC), tick=False):
        yield


def post(client, url, payload, headers):
    return client.post(url, payload, content_type="application/json", **headers)


def patch(client, url, payload, headers):
    return client.patch(url, payload, content_type="application/json", **headers)


@pytest.fixture
def meeting(make_engagement, japan_partner, japan):
    return make_engagement(
        partners=[japan_partner],
        countries=[japan],
        outcomes=[{"kind": "commitment", "side": "partner", "text": PROMISE}],
    )


# ---------- transitions ----------


def test_the_officer_reviews_and_the_director_approves_through_the_api(
    client, dic_officer, dic_director, make_engagement
):
    engagement = make_engagement()
    url = f"/api/v1/engagements/{engagement.pk}/transitions"

    response = post(client, url, {"action": "review", "version": 1}, bearer(dic_officer))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "reviewed"
    assert response.json()["allowed_actions"] == []  # an officer neither approves nor returns
    assert response["ETag"] == '"2"'

    response = post(client, url, {"action": "approve"}, bearer(dic_director))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["approved_by_id"] == dic_director.pk
    assert response.json()["allowed_actions"] == ["return"]


def test_an_approval_the_role_may_not_give_answers_403_with_the_reason(client, dic_officer, make_engagement):
    engagement = make_engagement()
    services.transition_engagement(engagement, actor=dic_officer, action="review")
    response = post(
        client, f"/api/v1/engagements/{engagement.pk}/transitions", {"action": "approve"}, bearer(dic_officer)
    )
    assert response.status_code == 403
    assert "coordinators" in response.json()["detail"]
    engagement.refresh_from_db()
    assert engagement.status == "reviewed"


def test_a_viewer_may_not_mark_a_record_as_reviewed(client, counsellor, make_engagement):
    engagement = make_engagement()
    response = post(
        client, f"/api/v1/engagements/{engagement.pk}/transitions", {"action": "review"}, bearer(counsellor)
    )
    assert response.status_code == 403
    assert "editor" in response.json()["detail"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"action": "approve"}, "action"),
        ({"action": "bogus"}, "action"),
        ({"action": "review", "version": 0}, "version"),
    ],
)
def test_a_transition_the_status_does_not_allow_answers_422(
    client, dic_director, make_engagement, payload, field
):
    engagement = make_engagement()
    response = post(client, f"/api/v1/engagements/{engagement.pk}/transitions", payload, bearer(dic_director))
    assert_field_error(response, field)


def test_a_transition_on_a_stale_version_answers_409(client, dic_officer, make_engagement):
    engagement = make_engagement()
    services.update_engagement(engagement, actor=dic_officer, data={"venue": "Trụ sở Bộ"})
    response = post(
        client,
        f"/api/v1/engagements/{engagement.pk}/transitions",
        {"action": "review", "version": 1},
        bearer(dic_officer),
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2


# ---------- scope ----------


def test_another_units_officer_finds_no_trace_of_a_restricted_engagement(
    client, make_engagement, other_unit_officer, units
):
    public = make_engagement(title_vi="Làm việc với FAO")
    secret = make_engagement(
        title_vi="Hội đàm kín", visibility="restricted", outcomes=[{"kind": "commitment", "text": PROMISE}]
    )
    outcome = secret.outcomes.get()
    headers = bearer(other_unit_officer)
    base = f"/api/v1/engagements/{secret.pk}"

    assert [e["id"] for e in client.get("/api/v1/engagements", **headers).json()["items"]] == [public.pk]
    assert client.get(base, **headers).status_code == 404
    assert patch(client, base, {"venue": "x"}, headers).status_code == 404
    assert client.delete(base, **headers).status_code == 404
    assert post(client, f"{base}/transitions", {"action": "review"}, headers).status_code == 404
    assert post(client, f"{base}/outcomes", {"kind": "information", "text": "x"}, headers).status_code == 404
    assert patch(client, f"{base}/outcomes/{outcome.pk}", {"side": "vn"}, headers).status_code == 404
    assert client.delete(f"{base}/outcomes/{outcome.pk}", **headers).status_code == 404
    assert post(client, f"{base}/outcomes/{outcome.pk}/commitment", {}, headers).status_code == 404
    task = {"lead_unit_id": units["forestry"].pk, "focal_person_id": other_unit_officer.pk}
    assert post(client, f"{base}/outcomes/{outcome.pk}/task", task, headers).status_code == 404
    assert Engagement.objects.get(pk=secret.pk).outcomes.count() == 1
    assert not Commitment.objects.exists() and not Task.objects.exists()


def test_another_units_officer_reads_a_ministry_wide_engagement_but_may_not_change_it(
    client, meeting, other_unit_officer, units
):
    headers = bearer(other_unit_officer)
    base = f"/api/v1/engagements/{meeting.pk}"
    response = client.get(base, **headers)
    assert response.status_code == 200
    assert response.json()["allowed_actions"] == []
    for response in (
        patch(client, base, {"venue": "x"}, headers),
        client.delete(base, **headers),
        post(client, f"{base}/outcomes", {"kind": "information", "text": "x"}, headers),
        post(client, f"{base}/outcomes/{meeting.outcomes.get().pk}/commitment", {}, headers),
    ):
        assert response.status_code == 403
        assert response.json()["detail"]


def test_the_lead_unit_sees_an_engagement_it_leads_even_when_unit_only(
    client, make_engagement, unit_focal_point, units
):
    engagement = make_engagement(visibility="unit", lead_unit=units["ppd"])
    assert client.get(f"/api/v1/engagements/{engagement.pk}", **bearer(unit_focal_point)).status_code == 200


# ---------- follow-up ----------


def test_an_outcome_becomes_a_commitment_linked_both_ways(client, meeting, dic_officer, japan_partner):
    outcome = meeting.outcomes.get()
    url = f"/api/v1/engagements/{meeting.pk}/outcomes/{outcome.pk}/commitment"
    response = post(client, url, {"due_on": "2026-06-30"}, bearer(dic_officer))
    assert response.status_code == 201, response.content
    link = response.json()
    commitment = Commitment.objects.get(pk=link["commitment_id"])
    assert link["outcome_id"] == outcome.pk
    assert link["url"] == commitment.get_absolute_url()
    assert link["api_url"] == f"/api/v1/commitments/{commitment.pk}"
    assert (commitment.source, commitment.side, commitment.title_vi) == ("engagement", "partner", PROMISE)
    assert commitment.due_on == datetime.date(2026, 6, 30)
    assert list(commitment.partners.all()) == [japan_partner]
    assert commitment.engagement_outcome.engagement == meeting

    body = client.get(f"/api/v1/engagements/{meeting.pk}", **bearer(dic_officer)).json()
    assert body["outcomes"][0]["commitment_id"] == commitment.pk
    assert client.get(link["api_url"], **bearer(dic_officer)).status_code == 200
    again = post(client, url, {}, bearer(dic_officer))
    assert again.status_code == 422
    assert "already" in again.json()["detail"]


def test_the_director_assigns_an_outcome_to_the_ppds_focal_point_as_a_task(
    client, meeting, dic_director, unit_focal_point, units
):
    outcome = meeting.outcomes.get()
    response = post(
        client,
        f"/api/v1/engagements/{meeting.pk}/outcomes/{outcome.pk}/task",
        {
            "lead_unit_id": units["ppd"].pk,
            "focal_person_id": unit_focal_point.pk,
            "due_on": "2026-03-31",
            "title": "Đề xuất danh mục công nghệ bảo quản cần hỗ trợ",
        },
        bearer(dic_director),
    )
    assert response.status_code == 201, response.content
    task = Task.objects.get(pk=response.json()["task_id"])
    assert response.json()["api_url"] == f"/api/v1/tasks/{task.pk}"
    assert (task.lead_unit, task.focal_person, task.source) == (units["ppd"], unit_focal_point, "engagement")
    assert task.title == "Đề xuất danh mục công nghệ bảo quản cần hỗ trợ"
    assert task.due_on == datetime.date(2026, 3, 31)
    assert "16/09/2025" in task.source_meeting
    assert task.engagement_outcome == outcome
    body = client.get(f"/api/v1/engagements/{meeting.pk}", **bearer(dic_director)).json()
    assert body["outcomes"][0]["task_id"] == task.pk


def test_a_focal_person_outside_the_lead_unit_answers_422_naming_focal_person(
    client, meeting, dic_director, other_unit_officer, units
):
    outcome = meeting.outcomes.get()
    response = post(
        client,
        f"/api/v1/engagements/{meeting.pk}/outcomes/{outcome.pk}/task",
        {"lead_unit_id": units["ppd"].pk, "focal_person_id": other_unit_officer.pk, "due_on": "2026-03-31"},
        bearer(dic_director),
    )
    assert_field_error(response, "focal_person_id")
    assert not Task.objects.exists()
    outcome.refresh_from_db()
    assert outcome.task_id is None


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"focal_person_id": 1}, "lead_unit_id"),
        ({"lead_unit_id": 999999, "focal_person_id": 1}, "lead_unit_id"),
        ({"lead_unit_id": 1, "focal_person_id": 999999}, "focal_person_id"),
        ({"lead_unit_id": [1, 2], "focal_person_id": 1}, "lead_unit_id"),
    ],
)
def test_a_bad_task_request_answers_422_naming_the_field(client, meeting, dic_director, payload, field):
    outcome = meeting.outcomes.get()
    url = f"/api/v1/engagements/{meeting.pk}/outcomes/{outcome.pk}/task"
    assert_field_error(post(client, url, payload, bearer(dic_director)), field)


def test_a_commitment_with_a_focal_person_outside_its_lead_unit_is_refused(
    client, meeting, dic_director, other_unit_officer, units
):
    outcome = meeting.outcomes.get()
    response = post(
        client,
        f"/api/v1/engagements/{meeting.pk}/outcomes/{outcome.pk}/commitment",
        {"lead_unit_id": units["ppd"].pk, "focal_person_id": other_unit_officer.pk},
        bearer(dic_director),
    )
    assert_field_error(response, "focal_person_id")
    assert not Commitment.objects.exists()


def test_information_is_not_followed_up_as_a_commitment(client, make_engagement, dic_officer):
    engagement = make_engagement(outcomes=[{"kind": "information", "text": "Giới thiệu tình hình"}])
    outcome = engagement.outcomes.get()
    response = post(
        client,
        f"/api/v1/engagements/{engagement.pk}/outcomes/{outcome.pk}/commitment",
        {},
        bearer(dic_officer),
    )
    assert_field_error(response, "kind")


def test_a_followed_up_outcome_and_its_engagement_stay(client, meeting, dic_director):
    outcome = meeting.outcomes.get()
    headers = bearer(dic_director)
    base = f"/api/v1/engagements/{meeting.pk}"
    assert post(client, f"{base}/outcomes/{outcome.pk}/commitment", {}, headers).status_code == 201
    assert client.delete(f"{base}/outcomes/{outcome.pk}", **headers).status_code == 422
    assert client.delete(base, **headers).status_code == 422
    assert Engagement.objects.filter(pk=meeting.pk).exists()


# ---------- officials and topics ----------


def test_the_officials_directory_lists_filters_and_finds_a_name_without_diacritics(
    client, deputy_minister, counsellor, units
):
    Official.objects.create(full_name="Nguyễn Văn An", title_vi="Vụ trưởng", unit=units["dic"], rank=20)
    headers = bearer(counsellor)

    def names(**params):
        response = client.get("/api/v1/engagement-officials", params, **headers)
        assert response.status_code == 200, response.content
        return [o["full_name"] for o in response.json()["items"]]

    assert names() == ["Trần Quý Kiên", "Nguyễn Văn An"]  # by precedence
    assert names(is_leader=True) == ["Trần Quý Kiên"]
    assert names(unit_id=units["dic"].pk) == ["Nguyễn Văn An"]
    assert names(q="tran quy") == ["Trần Quý Kiên"]
    response = client.get(f"/api/v1/engagement-officials/{deputy_minister.pk}", **headers)
    assert response.status_code == 200
    assert response.json()["title_en"] == "Deputy Minister of Agriculture and Environment"
    assert response.json()["url"] == f"/engagements/officials/{deputy_minister.pk}/"
    assert response["ETag"] == '"1"'
    assert client.get("/api/v1/engagement-officials/999999", **headers).status_code == 404


def test_an_editor_adds_an_official_and_a_viewer_may_not(client, dic_officer, counsellor, units, leader):
    payload = {"full_name": "Lê Minh Hoan", "title_vi": "Bộ trưởng", "is_leader": True, "rank": 1}
    response = post(client, "/api/v1/engagement-officials", payload, bearer(dic_officer))
    assert response.status_code == 201, response.content
    assert response.json()["name_ascii"] == "Le Minh Hoan"
    assert_field_error(
        post(client, "/api/v1/engagement-officials", payload, bearer(dic_officer)), "full_name"
    )
    assert_field_error(
        post(client, "/api/v1/engagement-officials", {**payload, "unit_id": 999999}, bearer(dic_officer)),
        "unit_id",
    )
    response = post(
        client, "/api/v1/engagement-officials", {**payload, "title_vi": "Thứ trưởng"}, bearer(counsellor)
    )
    assert response.status_code == 403
    assert response.json()["detail"]


def test_the_topic_vocabulary_has_vietnamese_and_english_names(client, counsellor):
    Topic.objects.get_or_create(
        code="food-security",
        defaults={"name_vi": "An ninh lương thực", "name_en": "Food security", "keywords": "food storage"},
    )
    headers = bearer(counsellor)
    response = client.get("/api/v1/engagement-topics", {"limit": 200}, **headers)
    assert response.status_code == 200
    topics = {t["code"]: t for t in response.json()["items"]}
    assert topics["food-security"] == {
        "code": "food-security",
        "name_vi": "An ninh lương thực",
        "name_en": "Food security",
    }
    found = client.get("/api/v1/engagement-topics", {"q": "an ninh luong thuc"}, **headers).json()
    assert [t["code"] for t in found["items"]] == ["food-security"]
