"""/api/v1/commitments: the tree, derived progress and track, the progress log, bad input, versions, scope."""

import datetime

import pytest
import time_machine

from conftest import assert_field_error, bearer
from coophub.agreements import services
from coophub.agreements.models import Commitment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def plan(make_agreement):
    return make_agreement(code="KH-59-153", kind="action_plan", status="in_force")


def post(client, url, payload, headers):
    return client.post(url, payload, content_type="application/json", **headers)


def test_a_commitment_with_weighted_milestones_rolls_their_progress_up(
    client, dic_officer, plan, units, unit_focal_point
):
    headers = bearer(dic_officer)
    response = post(
        client,
        "/api/v1/commitments",
        {
            "agreement_id": plan.pk,
            "title_vi": "Chuyển đổi số ngành nông nghiệp",
            "side": "vn",
            "lead_unit_id": units["ppd"].pk,
            "focal_person_id": unit_focal_point.pk,
            "start_on": "2026-01-01",
            "due_on": "2026-12-31",
        },
        headers,
    )
    assert response.status_code == 201, response.content
    parent = response.json()
    assert parent["source"] == "agreement"
    assert parent["owner_unit_id"] == plan.owner_unit_id  # the agreement's owner
    assert parent["progress"] == 0
    assert parent["completion"] == "not_started"
    assert parent["track"] == "behind"  # 11 months in, nothing done

    milestones = []
    for title, weight in (("Cơ sở dữ liệu", "3"), ("Đào tạo cán bộ", "1")):
        response = post(
            client,
            "/api/v1/commitments",
            {"parent_id": parent["id"], "kind": "milestone", "title_vi": title, "weight": weight},
            headers,
        )
        assert response.status_code == 201, response.content
        assert response.json()["agreement_id"] == plan.pk  # the parent's agreement
        milestones.append(response.json()["id"])

    response = post(
        client,
        f"/api/v1/commitments/{milestones[0]}/progress",
        {
            "value": 100,
            "comment": "Đã vận hành",
            "evidence_url": "https://mae.gov.vn/csdl",
            "on": "2026-11-20",
        },
        headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["value"] == 100
    response = post(
        client, f"/api/v1/commitments/{milestones[1]}/progress", {"completion": "limited"}, headers
    )
    assert response.status_code == 201, response.content

    body = client.get(f"/api/v1/commitments/{parent['id']}", **headers).json()
    assert body["children_ids"] == milestones
    assert body["progress"] == 81.25  # (3 × 100 + 1 × 25) / 4
    assert body["completion"] == "substantial"
    assert body["last_progress_on"] == "2026-12-01"
    assert body["track"] == "on_track"
    first = client.get(f"/api/v1/commitments/{milestones[0]}", **headers).json()
    assert first["completion"] == "complete" and first["completed_on"] == "2026-11-20"
    assert first["track"] == "complete"

    log = client.get(f"/api/v1/commitments/{milestones[0]}/progress", **headers).json()
    assert log["count"] == 1
    assert log["items"][0]["comment"] == "Đã vận hành"
    assert log["items"][0]["author_id"] == dic_officer.pk


def test_a_commitment_under_an_agreement_belongs_to_the_agreements_owner(
    client, make_agreement, unit_head, dic_director, units
):
    ppd_plan = make_agreement(actor=unit_head, owner_unit=units["ppd"])
    response = post(
        client,
        "/api/v1/commitments",
        {"agreement_id": ppd_plan.pk, "title_vi": "Kiểm dịch thực vật"},
        bearer(dic_director),
    )
    assert response.status_code == 201, response.content
    assert response.json()["owner_unit_id"] == units["ppd"].pk
    loose = post(client, "/api/v1/commitments", {"title_vi": "Cam kết riêng"}, bearer(dic_director))
    assert loose.json()["owner_unit_id"] == units["dic"].pk  # no agreement: the caller's unit
    assert loose.json()["source"] == "other"


def test_the_list_filters_by_agreement_parent_side_completion_track_unit_partner_and_due_date(
    client, dic_officer, plan, make_commitment, make_partner, units
):
    jica = make_partner(name_vi="JICA")
    mine = make_commitment(agreement=plan, side="vn", lead_unit=units["ppd"], due_on=D(2026, 6, 30))
    theirs = make_commitment(agreement=plan, side="partner", partners=[jica], code="C-JICA")
    loose = make_commitment(title_vi="Cam kết ngoài kế hoạch", due_on=D(2027, 6, 30))
    child = make_commitment(parent=mine, kind="milestone", title_vi="Mốc một", due_on=D(2026, 6, 30))
    services.log_progress(loose, actor=dic_officer, value=100)
    headers = bearer(dic_officer)

    def ids(**params):
        response = client.get("/api/v1/commitments", params, **headers)
        assert response.status_code == 200, response.content
        return sorted(c["id"] for c in response.json()["items"])

    assert ids(agreement_id=plan.pk) == sorted([mine.pk, theirs.pk, child.pk])
    assert ids(parent_id=mine.pk) == [child.pk]
    assert ids(side="vn") == [mine.pk]
    assert ids(completion="complete") == [loose.pk]
    assert ids(track="complete") == [loose.pk]
    assert ids(track="behind") == sorted([mine.pk, theirs.pk, child.pk])  # nothing logged, late or nearly
    assert ids(lead_unit_id=units["ppd"].pk) == [mine.pk]
    assert ids(partner_id=jica.pk) == [theirs.pk]
    assert ids(due_before="2026-07-01") == sorted([mine.pk, child.pk])
    assert ids(due_after="2027-01-01") == [loose.pk]
    assert ids(q="ngoai ke hoach") == [loose.pk]
    assert_field_error(client.get("/api/v1/commitments", {"track": "bogus"}, **headers), "track")


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"start_on": "2026-06-01", "due_on": "2026-01-01"}, "due_on"),
        ({"agreement_id": 999999}, "agreement_id"),
        ({"parent_id": 999999}, "parent_id"),
        ({"lead_unit_id": 999999}, "lead_unit_id"),
        ({"focal_person_id": 999999}, "focal_person_id"),
        ({"partner_ids": [999999]}, "partner_ids"),
        ({"country": "XX"}, "country"),
        ({"weight": 0}, "weight"),
        ({"weight": "1.234"}, "weight"),
        ({"side": "nobody"}, "side"),
        ({"title_vi": ""}, "title_vi"),
    ],
)
def test_bad_input_answers_422_naming_the_field(client, dic_officer, overrides, field):
    payload = {"title_vi": "Hỗ trợ kỹ thuật", **overrides}
    assert_field_error(post(client, "/api/v1/commitments", payload, bearer(dic_officer)), field)
    assert not Commitment.objects.exists()


def test_a_focal_person_from_another_unit_is_refused_naming_the_field(
    client, dic_officer, units, other_unit_officer
):
    response = post(
        client,
        "/api/v1/commitments",
        {"title_vi": "Hỗ trợ", "lead_unit_id": units["ppd"].pk, "focal_person_id": other_unit_officer.pk},
        bearer(dic_officer),
    )
    assert_field_error(response, "focal_person_id")
    assert "not a member of the lead unit" in response.json()["detail"]


def test_a_milestone_under_another_agreement_is_refused(
    client, dic_officer, plan, make_agreement, make_commitment
):
    parent = make_commitment(agreement=plan)
    other = make_agreement(code="OTHER")
    response = post(
        client,
        "/api/v1/commitments",
        {"title_vi": "Mốc", "parent_id": parent.pk, "agreement_id": other.pk},
        bearer(dic_officer),
    )
    assert_field_error(response, "parent_id")


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "value"),  # neither a value nor a level
        ({"value": 101}, "value"),
        ({"value": 50, "on": "2027-01-01"}, "on"),
        ({"completion": "half"}, "completion"),
        ({"value": 10, "evidence_url": "not a url"}, "evidence_url"),
    ],
)
def test_bad_progress_answers_422_naming_the_field(client, dic_officer, make_commitment, payload, field):
    commitment = make_commitment()
    response = post(client, f"/api/v1/commitments/{commitment.pk}/progress", payload, bearer(dic_officer))
    assert_field_error(response, field)
    assert not commitment.progress_log.exists()


def test_a_parents_progress_comes_only_from_its_milestones(client, dic_officer, make_commitment):
    parent = make_commitment()
    make_commitment(parent=parent, kind="milestone", title_vi="Mốc")
    response = post(client, f"/api/v1/commitments/{parent.pk}/progress", {"value": 40}, bearer(dic_officer))
    assert_field_error(response, "value")


def test_the_focal_person_logs_progress_and_an_outsider_may_not(
    client, make_commitment, units, unit_focal_point, other_unit_officer
):
    commitment = make_commitment(lead_unit=units["ppd"], focal_person=unit_focal_point)
    url = f"/api/v1/commitments/{commitment.pk}/progress"
    assert post(client, url, {"value": 30}, bearer(unit_focal_point)).status_code == 201
    response = post(client, url, {"value": 90}, bearer(other_unit_officer))
    assert response.status_code == 403
    assert "focal person" in response.json()["detail"]


def test_a_stale_patch_answers_409_and_a_fresh_one_changes_the_commitment(
    client, dic_officer, make_commitment
):
    commitment = make_commitment()
    headers = bearer(dic_officer)
    url = f"/api/v1/commitments/{commitment.pk}"
    response = client.patch(
        url, {"title_en": "Support", "version": 1}, content_type="application/json", **headers
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    response = client.patch(
        url, {"title_en": "Again", "version": 1}, content_type="application/json", **headers
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2


def test_children_the_caller_cannot_see_are_not_listed_and_hidden_ones_are_404(
    client, make_commitment, other_unit_officer, dic_director
):
    parent = make_commitment()
    shown = make_commitment(parent=parent, kind="milestone", title_vi="Công khai")
    hidden = make_commitment(parent=parent, kind="milestone", title_vi="Mật", visibility="restricted")
    headers = bearer(other_unit_officer)
    assert client.get(f"/api/v1/commitments/{parent.pk}", **headers).json()["children_ids"] == [shown.pk]
    assert client.get(f"/api/v1/commitments/{hidden.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/commitments/{hidden.pk}/progress", **headers).status_code == 404
    assert client.delete(f"/api/v1/commitments/{shown.pk}", **headers).status_code == 403
    assert client.delete(f"/api/v1/commitments/{shown.pk}", **bearer(dic_director)).status_code == 204
    # A parent with milestones cannot be deleted from under them.
    response = client.delete(f"/api/v1/commitments/{parent.pk}", **bearer(dic_director))
    assert response.status_code == 422
    assert "cannot be deleted" in response.json()["detail"]
