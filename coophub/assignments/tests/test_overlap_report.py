"""The possible-overlaps report is built by the worker and stored; readers see only pairs they may view."""

import pytest
from django.core.exceptions import PermissionDenied

from coophub.assignments.models import Task
from coophub.audit.models import AuditEvent
from coophub.overlaps import services
from coophub.overlaps.models import OverlapReport, ReportStatus

pytestmark = pytest.mark.django_db


def test_a_requested_build_runs_in_the_worker_and_stores_the_pairs(
    make_task, dic_director, django_capture_on_commit_callbacks
):
    a = make_task(title="Tổ chức hội thảo quốc tế về nông nghiệp tuần hoàn tại Hà Nội")
    b = make_task(title="Tổ chức hội thảo quốc tế về nông nghiệp tuần hoàn ở Hà Nội")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(actor=dic_director)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.records_compared == 2 and report.finished_at
    (pair,) = services.report_pairs(dic_director, report)
    assert {pair.first.object_id, pair.second.object_id} == {a.pk, b.pk}
    assert pair.first.model is Task
    assert AuditEvent.objects.filter(object_id=str(report.pk), action="create").exists()


def test_a_second_request_while_one_waits_returns_the_waiting_build(dic_director):
    first = services.request_report(actor=dic_director)  # the worker has not taken it (no commit here)
    assert services.request_report(actor=dic_director) == first
    assert OverlapReport.objects.count() == 1
    assert services.latest_reports() == (None, first)


def test_a_failed_build_says_why_and_stores_no_pairs(dic_director, monkeypatch):
    report = OverlapReport.objects.create(requested_by=dic_director)

    def broken(**kwargs):
        raise RuntimeError("index unreadable")

    monkeypatch.setattr(services, "overlap_keys", broken)
    with pytest.raises(RuntimeError):
        services.build_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "index unreadable" in report.error and report.pairs == []


def test_a_build_is_taken_by_one_worker_only(dic_director):
    report = OverlapReport.objects.create(requested_by=dic_director)
    OverlapReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    assert services.build_report(report.pk).status == ReportStatus.RUNNING  # left to the worker that has it


def test_only_the_dic_and_administrators_may_build_it(unit_focal_point, other_unit_officer):
    for user in (unit_focal_point, other_unit_officer):
        with pytest.raises(PermissionDenied):
            services.request_report(actor=user)


def test_the_api_builds_the_report_and_shows_only_visible_pairs(
    client, overlapping_tasks, dic_officer, other_unit_officer, django_capture_on_commit_callbacks
):
    from conftest import bearer

    headers = bearer(dic_officer)
    assert client.get("/api/v1/overlaps/report", **headers).json() == {
        "report": None,
        "building": None,
        "count": 0,
        "items": [],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/overlaps/report", **headers)
    assert response.status_code == 202 and response.json()["status"] == "pending"
    body = client.get("/api/v1/overlaps/report", **headers).json()
    assert body["report"]["status"] == "done" and body["report"]["records_compared"] == 4
    assert body["count"] == 1
    assert "buôn lậu" not in str(body)
    assert client.post("/api/v1/overlaps/report", **bearer(other_unit_officer)).status_code == 403
    assert client.get("/api/v1/overlaps/report", **bearer(other_unit_officer)).status_code == 403


def test_a_deleted_task_or_commitment_leaves_the_overlap_index(make_task, dic_director, dic_officer, units):
    from coophub.agreements import services as agreement_services
    from coophub.assignments import services as task_services
    from coophub.overlaps.models import OverlapEntry

    task = make_task(title="Tổ chức hội thảo quốc tế về nông nghiệp tuần hoàn tại Hà Nội")
    commitment = agreement_services.create_commitment(
        actor=dic_officer, data={"title_vi": "Hỗ trợ nông nghiệp tuần hoàn", "owner_unit": units["dic"]}
    )
    assert OverlapEntry.objects.filter(object_id__in=[task.pk, commitment.pk]).count() == 2
    task_services.delete_task(task, actor=dic_director)
    agreement_services.delete_commitment(commitment, actor=dic_director)
    assert not OverlapEntry.objects.exists()
