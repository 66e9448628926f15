"""/api/v1/tasks: one lead unit and one focal person, the workflow by role, deadline state, bad input."""

import datetime

import pytest
import time_machine

from conftest import assert_field_error, bearer
from coophub.assignments import services
from coophub.assignments.models import Task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def payload(units, unit_focal_point):
    def make(**overrides):
        return {
            "title": "Báo cáo tình hình thực hiện Nghị quyết 59-NQ/TW",
            "lead_unit_id": units["ppd"].pk,
            "focal_person_id": unit_focal_point.pk,
            "due_on": "2026-12-20",
            **overrides,
        }

    return make


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


def patch(client, url, body, headers):
    return client.patch(url, body, content_type="application/json", **headers)


# ---------- CRUD ----------


def test_the_dic_assigns_a_task_to_one_lead_unit_and_one_focal_person(
    client, dic_director, payload, units, unit_focal_point, counsellor
):
    response = post(
        client,
        "/api/v1/tasks",
        payload(
            coordinators=[{"unit_id": units["forestry"].pk, "part": "Số liệu lâm nghiệp"}],
            watcher_ids=[counsellor.pk],
            source_document="123/BNNMT-HTQT",
        ),
        bearer(dic_director),
    )
    assert response.status_code == 201, response.content
    task = response.json()
    assert task["code"] == f"NV-2026-{task['id']:06d}"
    assert task["lead_unit_id"] == units["ppd"].pk
    assert task["focal_person_id"] == unit_focal_point.pk
    assert task["assigned_by_id"] == dic_director.pk
    assert task["assigned_on"] == "2026-12-01"
    assert task["owner_unit_id"] == units["dic"].pk
    assert task["coordinators"] == [
        {"unit_id": units["forestry"].pk, "part": "Số liệu lâm nghiệp", "status": "pending"}
    ]
    assert task["watcher_ids"] == [counsellor.pk]
    assert task["status"] == "new"
    assert task["deadline"] == "on_time"
    assert task["allowed_transitions"] == ["on_hold", "cancelled"]  # the assigner's steps from "new"

    focal = client.get(f"/api/v1/tasks/{task['id']}", **bearer(unit_focal_point))
    assert focal.status_code == 200
    assert focal["ETag"] == '"1"'
    assert focal.json()["allowed_transitions"] == ["accepted", "in_progress"]


def test_a_patch_changes_the_task_and_a_stale_one_answers_409(client, dic_director, make_task):
    task = make_task()
    headers = bearer(dic_director)
    url = f"/api/v1/tasks/{task.pk}"
    response = patch(client, url, {"title": "Tiêu đề mới", "priority": "high", "version": 1}, headers)
    assert response.status_code == 200, response.content
    assert response.json()["priority"] == "high"
    assert response["ETag"] == '"2"'
    response = patch(client, url, {"title": "Ghi đè", "version": 1}, headers)
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    task.refresh_from_db()
    assert task.title == "Tiêu đề mới"


def test_the_assigner_deletes_a_task_and_the_focal_person_may_not(
    client, dic_director, make_task, unit_focal_point
):
    task = make_task()
    assert client.delete(f"/api/v1/tasks/{task.pk}", **bearer(unit_focal_point)).status_code == 403
    assert client.delete(f"/api/v1/tasks/{task.pk}", **bearer(dic_director)).status_code == 204
    assert not Task.objects.exists()


# ---------- bad input ----------


def test_a_task_without_a_lead_unit_is_refused_naming_the_field(client, dic_director, payload):
    body = payload()
    del body["lead_unit_id"]
    assert_field_error(post(client, "/api/v1/tasks", body, bearer(dic_director)), "lead_unit_id")
    assert_field_error(
        post(client, "/api/v1/tasks", payload(lead_unit_id=None), bearer(dic_director)), "lead_unit_id"
    )
    assert not Task.objects.exists()


def test_two_lead_units_are_refused_with_the_reason(client, dic_director, payload, units):
    response = post(
        client,
        "/api/v1/tasks",
        payload(lead_unit_id=[units["ppd"].pk, units["forestry"].pk]),
        bearer(dic_director),
    )
    assert_field_error(response, "lead_unit_id")
    assert "exactly one lead unit" in response.json()["detail"]
    assert not Task.objects.exists()


def test_a_focal_person_from_another_unit_is_refused_naming_the_field(
    client, dic_director, payload, other_unit_officer
):
    response = post(
        client, "/api/v1/tasks", payload(focal_person_id=other_unit_officer.pk), bearer(dic_director)
    )
    assert_field_error(response, "focal_person_id")
    assert "is not a member of the lead unit" in response.json()["detail"]


def test_a_due_date_before_the_assignment_is_refused_naming_due_on(client, dic_director, payload):
    response = post(
        client,
        "/api/v1/tasks",
        payload(assigned_on="2026-11-10", due_on="2026-11-01"),
        bearer(dic_director),
    )
    assert_field_error(response, "due_on")


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"focal_person_id": [1, 2]}, "focal_person_id"),
        ({"focal_person_id": 999999}, "focal_person_id"),
        ({"lead_unit_id": 999999}, "lead_unit_id"),
        ({"lead_unit_id": "PPD"}, "lead_unit_id"),
        ({"commitment_id": 999999}, "commitment_id"),
        ({"agreement_id": 999999}, "agreement_id"),
        ({"partner_id": 999999}, "partner_id"),
        ({"task_type_id": 999999}, "task_type_id"),
        ({"country": "XX"}, "country"),
        ({"watcher_ids": [999999]}, "watcher_ids"),
        ({"coordinators": [{"unit_id": 999999}]}, "coordinators"),
        ({"owner_unit_id": 999999}, "owner_unit_id"),
        ({"recurrence": "monthly", "due_on": None}, "due_on"),
        ({"recurrence_day": 32}, "recurrence_day"),
        ({"due_on": "0001-01-01"}, "due_on"),
        ({"title": ""}, "title"),
        ({"priority": "whenever"}, "priority"),
    ],
)
def test_bad_input_answers_422_naming_the_field(client, dic_director, payload, overrides, field):
    assert_field_error(post(client, "/api/v1/tasks", payload(**overrides), bearer(dic_director)), field)
    assert not Task.objects.exists()


def test_the_lead_unit_cannot_also_coordinate(client, dic_director, payload, units):
    response = post(
        client, "/api/v1/tasks", payload(coordinators=[{"unit_id": units["ppd"].pk}]), bearer(dic_director)
    )
    assert_field_error(response, "coordinators")


def test_another_units_officer_cannot_assign_on_behalf_of_dic(client, other_unit_officer, payload, units):
    response = post(
        client, "/api/v1/tasks", payload(owner_unit_id=units["dic"].pk), bearer(other_unit_officer)
    )
    assert response.status_code == 403
    assert response.json()["detail"]


# ---------- workflow ----------


def test_the_focal_person_submits_and_the_director_completes_late(
    client, dic_director, make_task, unit_focal_point
):
    task = make_task()  # due 30/11, today is 01/12
    url = f"/api/v1/tasks/{task.pk}/transitions"
    focal, director = bearer(unit_focal_point), bearer(dic_director)

    assert client.get(f"/api/v1/tasks/{task.pk}", **focal).json()["deadline"] == "overdue"
    response = post(client, url, {"to": "in_progress", "version": 1}, focal)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress"
    assert response["ETag"] == '"2"'
    assert post(client, url, {"to": "submitted"}, focal).status_code == 200

    response = post(client, url, {"to": "completed"}, focal)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Only whoever assigned the task may")

    response = post(client, url, {"to": "completed"}, director)
    assert response.status_code == 200, response.content
    done = response.json()
    assert done["status"] == "completed"
    assert done["completed_on"] == "2026-12-01"
    assert done["deadline"] == "completed_late"
    assert done["allowed_transitions"] == []


@pytest.mark.parametrize(
    "body, field",
    [({"to": "returned", "reason": ""}, "reason"), ({"to": "completed", "on": "2027-01-01"}, "on")],
)
def test_a_bad_transition_answers_422_naming_the_field(client, dic_director, make_task, body, field):
    task = make_task()
    Task.objects.filter(pk=task.pk).update(status="submitted")
    response = post(client, f"/api/v1/tasks/{task.pk}/transitions", body, bearer(dic_director))
    assert_field_error(response, field)


def test_a_step_outside_the_workflow_and_a_stale_version_are_refused(client, make_task, unit_focal_point):
    task = make_task()
    headers = bearer(unit_focal_point)
    url = f"/api/v1/tasks/{task.pk}/transitions"
    response = post(client, url, {"to": "completed"}, headers)
    assert response.status_code == 403
    assert "cannot go from" in response.json()["detail"]
    assert post(client, url, {"to": "accepted", "version": 7}, headers).status_code == 409
    task.refresh_from_db()
    assert task.status == "new"


# ---------- lists and scope ----------


def test_the_list_filters_by_status_deadline_people_units_dates_and_mine(
    client, make_task, dic_director, units, unit_focal_point, unit_head, counsellor
):
    overdue = make_task(title="Rà soát cam kết quá hạn")
    later = make_task(title="Chuẩn bị họp", due_on=D(2026, 12, 31), watchers=[counsellor])
    open_ended = make_task(
        title="Theo dõi chung", due_on=None, lead_unit=units["ppd"], focal_person=unit_head
    )
    services.transition_task(later, actor=unit_focal_point, to="accepted")
    headers = bearer(dic_director)

    def ids(who=headers, **params):
        response = client.get("/api/v1/tasks", params, **who)
        assert response.status_code == 200, response.content
        return sorted(t["id"] for t in response.json()["items"])

    assert ids() == sorted([overdue.pk, later.pk, open_ended.pk])
    assert ids(status="accepted") == [later.pk]
    assert ids(deadline="overdue") == [overdue.pk]
    assert ids(deadline="no_deadline") == [open_ended.pk]
    assert ids(focal_person_id=unit_head.pk) == [open_ended.pk]
    assert ids(lead_unit_id=units["forestry"].pk) == []
    assert ids(due_before="2026-12-01") == [overdue.pk]
    assert ids(due_after="2026-12-01") == [later.pk]
    assert ids(q="hop") == [later.pk]
    assert ids(who=bearer(unit_focal_point), mine=True) == sorted([overdue.pk, later.pk])
    assert ids(who=bearer(counsellor), mine=True) == [later.pk]
    assert ids(who=bearer(counsellor), mine=False) == sorted([overdue.pk, open_ended.pk])
    assert_field_error(client.get("/api/v1/tasks", {"deadline": "soonish"}, **headers), "deadline")


def test_the_people_doing_a_unit_only_task_see_it_and_others_do_not(
    client, make_task, units, unit_focal_point, other_unit_officer, dic_officer
):
    task = make_task(visibility="unit", coordinators=[{"unit": units["forestry"], "part": "Số liệu"}])
    secret = make_task(visibility="restricted", title="Việc mật")
    assert client.get(f"/api/v1/tasks/{task.pk}", **bearer(unit_focal_point)).status_code == 200
    assert (
        client.get(f"/api/v1/tasks/{task.pk}", **bearer(other_unit_officer)).status_code == 200
    )  # coordinates
    assert client.get(f"/api/v1/tasks/{secret.pk}", **bearer(other_unit_officer)).status_code == 404
    response = patch(client, f"/api/v1/tasks/{task.pk}", {"title": "x"}, bearer(other_unit_officer))
    assert response.status_code == 403
    assert [t["id"] for t in client.get("/api/v1/tasks", **bearer(other_unit_officer)).json()["items"]] == [
        task.pk
    ]


def test_no_credentials_answer_401(client, make_task):
    task = make_task()
    assert client.get("/api/v1/tasks").status_code == 401
    assert client.get(f"/api/v1/tasks/{task.pk}").status_code == 401
    assert (
        client.post(f"/api/v1/tasks/{task.pk}/transitions", {}, content_type="application/json").status_code
        == 401
    )


def test_a_patch_of_coordinating_units_without_their_part_takes_the_default(
    client, dic_director, make_task, units
):
    task = make_task()
    url = f"/api/v1/tasks/{task.pk}"
    response = patch(client, url, {"coordinators": [{"unit_id": units["forestry"].pk}]}, bearer(dic_director))
    assert response.status_code == 200, response.content
    assert [(c.unit_id, c.part) for c in task.coordinators.all()] == [(units["forestry"].pk, "")]
