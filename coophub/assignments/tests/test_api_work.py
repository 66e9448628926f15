"""/api/v1/ around a task's work: reports, extensions and decisions, the overlap check, the urging letter."""

import datetime
import io

import pytest
import time_machine

from conftest import assert_field_error, bearer
from coophub.assignments.urging import DOCX

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


# ---------- progress reports ----------


def test_the_focal_person_reports_progress_and_the_task_shows_it(client, make_task, unit_focal_point):
    task = make_task()
    headers = bearer(unit_focal_point)
    url = f"/api/v1/tasks/{task.pk}/reports"

    response = post(client, url, {"text": "Đã tổng hợp số liệu 6 tỉnh", "percent_done": 40}, headers)
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["author_id"] == unit_focal_point.pk
    assert report["unit_id"] == task.lead_unit_id
    assert report["on"] == "2026-12-01"

    listed = client.get(url, **headers).json()
    assert listed["count"] == 1 and listed["items"][0]["text"] == "Đã tổng hợp số liệu 6 tỉnh"
    assert client.get(f"/api/v1/tasks/{task.pk}", **headers).json()["percent_done"] == 40


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": ""}, "text"),
        ({"text": "x", "percent_done": 101}, "percent_done"),
        ({"text": "x", "on": "2027-01-01"}, "on"),  # in the future
        ({"text": "x", "on": "2026-10-01"}, "on"),  # before the task was assigned
    ],
)
def test_a_bad_report_answers_422_naming_the_field(client, make_task, unit_focal_point, body, field):
    task = make_task()
    response = post(client, f"/api/v1/tasks/{task.pk}/reports", body, bearer(unit_focal_point))
    assert_field_error(response, field)
    assert not task.reports.exists()


def test_only_the_people_doing_the_task_report_on_it(client, make_task, counsellor, other_unit_officer):
    task = make_task(visibility="restricted")
    url = f"/api/v1/tasks/{task.pk}/reports"
    response = post(client, url, {"text": "Tôi cũng báo cáo"}, bearer(counsellor))  # sees it, does not do it
    assert response.status_code == 403
    assert response.json()["detail"]
    assert post(client, url, {"text": "x"}, bearer(other_unit_officer)).status_code == 404
    assert client.get(url, **bearer(other_unit_officer)).status_code == 404


# ---------- extensions ----------


def test_the_focal_person_asks_for_more_time_and_the_assigner_approves(
    client, make_task, unit_focal_point, dic_director
):
    task = make_task()
    response = post(
        client,
        f"/api/v1/tasks/{task.pk}/extensions",
        {"proposed_due": "2026-12-15", "reason": "Chờ số liệu từ các tỉnh"},
        bearer(unit_focal_point),
    )
    assert response.status_code == 201, response.content
    extension = response.json()
    assert extension["status"] == "pending"
    assert extension["current_due"] == "2026-11-30"

    url = f"/api/v1/extensions/{extension['id']}/decision"
    response = post(client, url, {"approve": True}, bearer(unit_focal_point))
    assert response.status_code == 403
    assert "assigned the task" in response.json()["detail"]

    response = post(client, url, {"approve": True, "note": "Đồng ý"}, bearer(dic_director))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["decided_by_id"] == dic_director.pk
    body = client.get(f"/api/v1/tasks/{task.pk}", **bearer(dic_director)).json()
    assert body["due_on"] == "2026-12-15"
    assert body["deadline"] == "on_time"

    history = client.get(f"/api/v1/tasks/{task.pk}/extensions", **bearer(dic_director)).json()
    assert [e["status"] for e in history["items"]] == ["approved"]
    response = post(client, url, {"approve": False}, bearer(dic_director))
    assert response.status_code == 422
    assert "already been decided" in response.json()["detail"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"proposed_due": "2026-11-20", "reason": "x"}, "proposed_due"),  # not later than the due date
        ({"proposed_due": "2026-12-20", "reason": ""}, "reason"),
        ({"reason": "x"}, "proposed_due"),
    ],
)
def test_a_bad_extension_request_answers_422_naming_the_field(
    client, make_task, unit_focal_point, body, field
):
    task = make_task()
    response = post(client, f"/api/v1/tasks/{task.pk}/extensions", body, bearer(unit_focal_point))
    assert_field_error(response, field)


def test_an_extension_the_caller_cannot_see_is_404(client, make_task, unit_focal_point, other_unit_officer):
    task = make_task(visibility="restricted")
    response = post(
        client,
        f"/api/v1/tasks/{task.pk}/extensions",
        {"proposed_due": "2026-12-20", "reason": "Chờ"},
        bearer(unit_focal_point),
    )
    url = f"/api/v1/extensions/{response.json()['id']}/decision"
    assert post(client, url, {"approve": True}, bearer(other_unit_officer)).status_code == 404


# ---------- overlap check ----------


def test_the_overlap_check_finds_similar_open_work_the_caller_may_see(
    client, make_task, dic_officer, other_unit_officer, make_partner
):
    jica = make_partner(name_vi="JICA")
    public = make_task(title="Báo cáo tiến độ thực hiện Kế hoạch hành động Nghị quyết 59", partner=jica)
    secret = make_task(
        title="Báo cáo tiến độ thực hiện Kế hoạch hành động Nghị quyết 59 (mật)", visibility="restricted"
    )
    unrelated = make_task(title="Tổ chức hội thảo về lâm nghiệp bền vững")
    query = {"title": "Bao cao tien do thuc hien ke hoach hanh dong nghi quyet 59", "partner_id": jica.pk}

    response = post(client, "/api/v1/tasks/overlaps", query, bearer(dic_officer))
    assert response.status_code == 200, response.content
    found = response.json()["items"]
    assert {m["id"] for m in found} == {public.pk, secret.pk}
    assert unrelated.pk not in {m["id"] for m in found}
    first = next(m for m in found if m["id"] == public.pk)
    assert first["type"] == "assignments.task"
    assert "same_partner" in first["reasons"]
    assert first["url"] == f"/tasks/{public.pk}/"

    hidden = post(client, "/api/v1/tasks/overlaps", query, bearer(other_unit_officer)).json()["items"]
    assert secret.pk not in {m["id"] for m in hidden}
    assert public.pk in {m["id"] for m in hidden}

    mine = post(
        client, "/api/v1/tasks/overlaps", {**query, "exclude_task_id": public.pk}, bearer(dic_officer)
    )
    assert public.pk not in {m["id"] for m in mine.json()["items"]}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x", "partner_id": 999999}, "partner_id"),
        ({"title": "x", "country_id": "XX"}, "country_id"),
        ({"title": "x", "exclude_task_id": 999999}, "exclude_task_id"),
    ],
)
def test_a_bad_overlap_query_answers_422_naming_the_field(client, dic_officer, body, field):
    assert_field_error(post(client, "/api/v1/tasks/overlaps", body, bearer(dic_officer)), field)


# ---------- urging letter ----------


def test_the_urging_letter_is_a_docx_for_the_overdue_tasks_selected(client, make_task, dic_director):
    from docx import Document

    from coophub.timeline.models import TimelineEvent

    overdue = make_task(title="Nộp báo cáo tổng kết hợp tác với JICA")
    on_time = make_task(title="Chuẩn bị họp", due_on=datetime.date(2026, 12, 31))
    response = post(
        client, "/api/v1/tasks/urging-letter", {"task_ids": [overdue.pk, on_time.pk]}, bearer(dic_director)
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == 'attachment; filename="cong-van-don-doc-2026-12-01.docx"'
    document = Document(io.BytesIO(response.content))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert overdue.title in text
    assert on_time.title not in text  # not overdue
    assert TimelineEvent.objects.filter(kind="task.urged", subject_id=overdue.pk).exists()
    assert not TimelineEvent.objects.filter(kind="task.urged", subject_id=on_time.pk).exists()


def test_an_urging_letter_with_nothing_the_caller_may_urge_answers_422(
    client, make_task, other_unit_officer, dic_director
):
    secret = make_task(visibility="restricted")
    url = "/api/v1/tasks/urging-letter"
    assert_field_error(post(client, url, {"task_ids": [secret.pk]}, bearer(other_unit_officer)), "task_ids")
    assert_field_error(post(client, url, {"task_ids": []}, bearer(dic_director)), "task_ids")
    assert_field_error(post(client, url, {"task_ids": [0]}, bearer(dic_director)), "task_ids.0")
