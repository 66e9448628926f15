"""Bulk import of tasks: one lead unit and one focal person of that unit per row, errors naming row and
column, all or nothing, and a second import of the same file changes nothing."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conftest import bearer
from coophub.agreements import services as agreement_services
from coophub.assignments import services as task_services
from coophub.assignments.models import Task
from coophub.audit.models import AuditAction, AuditEvent
from coophub.imports import services
from coophub.imports.models import ImportStatus
from coophub.timeline.models import TimelineEvent

from .helpers import xlsx_upload

pytestmark = pytest.mark.django_db

HEADER = [
    "code",
    "title",
    "description",
    "source_document",
    "source_document_date",
    "commitment",
    "lead_unit",
    "focal_person",
    "coordinating_units",
    "assigned_on",
    "due_on",
    "priority",
    "owner_unit",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def commitment(dic_officer, units):
    agreement = agreement_services.create_agreement(
        actor=dic_officer,
        data={
            "code": "KH-59-153",
            "kind": "action_plan",
            "title_vi": "Kế hoạch hành động",
            "owner_unit": units["dic"],
        },
    )
    return agreement_services.create_commitment(
        actor=dic_officer,
        data={
            "code": "KH-59-153-CK1",
            "agreement": agreement,
            "title_vi": "Đẩy mạnh hợp tác khoa học công nghệ",
            "owner_unit": units["dic"],
        },
    )


@pytest.fixture
def people(unit_focal_point, other_unit_officer, dic_director):
    return {"ppd": unit_focal_point, "forestry": other_unit_officer, "director": dic_director}


def task_rows():
    return [
        HEADER,
        [
            "NV-59-01",
            "Xây dựng đề án hợp tác nghiên cứu giống cây trồng chịu hạn",
            "Phối hợp với FAO",
            "1234/QĐ-BNNMT",
            "05/02/2026",
            "KH-59-153-CK1",
            "TTBVTV",
            "unit_focal_point",
            "LNKL; vp",
            "10/02/2026",
            "30/06/2026",
            "high",
            "HTQT",
        ],
        [
            "NV-59-02",
            "Báo cáo kết quả hợp tác lâm nghiệp năm 2025",
            "",
            "1234/QĐ-BNNMT",
            datetime.date(2026, 2, 5),
            "",
            "lnkl",
            "other_unit_officer",
            "",
            datetime.date(2026, 2, 10),
            "",
            "",
            "",
        ],
    ]


@pytest.fixture
def apply_now(django_capture_on_commit_callbacks):
    def run(user, rows):
        job, outcome = services.create_job(actor=user, kind="tasks", upload=xlsx_upload(rows, "tasks.xlsx"))
        assert outcome.ok, outcome.errors
        with django_capture_on_commit_callbacks(execute=True):
            services.queue_apply(job, actor=user)
        job.refresh_from_db()
        return job

    return run


def dry_run(user, rows):
    job, _outcome = services.create_job(actor=user, kind="tasks", upload=xlsx_upload(rows, "tasks.xlsx"))
    return job


def errors_of(job):
    return [(e["row"], e["field"]) for e in job.report["errors"]]


def message(job, row, field):
    return next(e["message"] for e in job.report["errors"] if (e["row"], e["field"]) == (row, field))


def test_a_cell_naming_two_lead_units_is_a_row_error(dic_officer, people, commitment):
    rows = task_rows()
    rows[1][6] = "TTBVTV; LNKL"
    job = dry_run(dic_officer, rows)
    assert errors_of(job) == [(2, "lead_unit")]
    assert "exactly one lead unit" in message(job, 2, "lead_unit")
    assert Task.objects.count() == 0


def test_a_focal_person_from_another_unit_is_a_row_error_naming_the_column(dic_officer, people, commitment):
    rows = task_rows()
    rows[1][7] = "other_unit_officer"
    job = dry_run(dic_officer, rows)
    assert errors_of(job) == [(2, "focal_person")]
    assert "not a member of the lead unit" in message(job, 2, "focal_person")


def test_a_row_without_lead_unit_or_focal_person_is_refused(dic_officer, people, commitment):
    rows = task_rows()
    rows[1][6] = ""
    rows[2][7] = ""
    job = dry_run(dic_officer, rows)
    assert errors_of(job) == [(2, "lead_unit"), (3, "focal_person")]


def test_a_due_date_before_the_assignment_is_a_row_error(dic_officer, people, commitment):
    rows = task_rows()
    rows[1][10] = "01/02/2026"
    job = dry_run(dic_officer, rows)
    assert errors_of(job) == [(2, "due_on")]


def test_unknown_codes_are_row_errors_naming_the_column_and_the_value(dic_officer, people, commitment):
    rows = task_rows()
    rows[1][5] = "CK-NOPE"
    rows[1][8] = "LNKL; ZZZ"
    rows[2][7] = "nobody"
    rows[2][11] = "whenever"
    job = dry_run(dic_officer, rows)
    assert errors_of(job) == [
        (2, "commitment"),
        (2, "coordinating_units"),
        (3, "focal_person"),
        (3, "priority"),
    ]
    assert "CK-NOPE" in message(job, 2, "commitment")
    assert "ZZZ" in message(job, 2, "coordinating_units")
    assert "nobody" in message(job, 3, "focal_person")


def test_the_lead_unit_cannot_also_coordinate(dic_officer, people, commitment):
    rows = task_rows()
    rows[1][8] = "TTBVTV"
    job = dry_run(dic_officer, rows)
    assert errors_of(job) == [(2, "coordinating_units")]


def test_applying_creates_tasks_through_the_services(dic_officer, people, commitment, units, apply_now):
    job = apply_now(dic_officer, task_rows())
    assert job.status == ImportStatus.APPLIED
    assert job.counts == {"create": 2, "update": 0, "unchanged": 0}
    task = Task.objects.get(code="NV-59-01")
    assert (task.lead_unit, task.focal_person, task.owner_unit) == (units["ppd"], people["ppd"], units["dic"])
    assert task.commitment == commitment and task.agreement == commitment.agreement
    assert (task.assigned_on, task.due_on) == (datetime.date(2026, 2, 10), datetime.date(2026, 6, 30))
    assert task.source_document_date == datetime.date(2026, 2, 5)
    assert task.priority == "high" and task.assigned_by == dic_officer
    assert {c.unit for c in task.coordinators.all()} == {units["forestry"], units["office"]}
    other = Task.objects.get(code="NV-59-02")
    assert other.due_on is None and other.lead_unit == units["forestry"]
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, object_type__model="task")
    assert sorted(created.values_list("object_repr", flat=True)) == sorted([task.title, other.title])
    assert TimelineEvent.objects.filter(kind="task.assigned", subject_id=task.pk).exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    dic_officer, people, commitment, apply_now
):
    apply_now(dic_officer, task_rows())
    audits = AuditEvent.objects.count()
    versions = dict(Task.objects.values_list("code", "version"))
    job = apply_now(dic_officer, task_rows())
    assert job.counts == {"create": 0, "update": 0, "unchanged": 2}
    assert AuditEvent.objects.count() == audits
    assert dict(Task.objects.values_list("code", "version")) == versions


def test_a_changed_row_updates_only_that_task_and_keeps_the_coordinators_parts(
    dic_officer, people, commitment, units, apply_now
):
    apply_now(dic_officer, task_rows())
    task = Task.objects.get(code="NV-59-01")
    task.coordinators.filter(unit=units["forestry"]).update(part="Cung cấp số liệu rừng")
    rows = task_rows()
    rows[1][10] = "31/07/2026"
    rows[1][8] = "LNKL"  # the Ministry Office no longer coordinates
    job = apply_now(dic_officer, rows)
    assert job.counts == {"create": 0, "update": 1, "unchanged": 1}
    assert job.report["actions"][0]["changes"] == ["coordinating_units", "due_on"]
    task.refresh_from_db()
    assert task.due_on == datetime.date(2026, 7, 31) and task.version == 2
    assert [(c.unit, c.part) for c in task.coordinators.all()] == [
        (units["forestry"], "Cung cấp số liệu rừng")
    ]


def test_a_file_with_one_bad_row_writes_nothing(dic_officer, people, commitment):
    rows = task_rows()
    rows[2][6] = "NOPE"
    job = dry_run(dic_officer, rows)
    assert job.status == ImportStatus.FAILED_VALIDATION
    assert job.report["counts"] == {"create": 1, "update": 0, "unchanged": 0}
    with pytest.raises(ValidationError):
        services.queue_apply(job, actor=dic_officer)
    assert Task.objects.count() == 0


def test_a_row_that_fails_while_applying_rolls_back_the_whole_import(
    dic_officer, people, commitment, monkeypatch, django_capture_on_commit_callbacks
):
    real = task_services.create_task

    def flaky(*, actor, data, **kwargs):
        if data["code"] == "NV-59-02":
            raise ValidationError({"title": "The database refused this one."})
        return real(actor=actor, data=data, **kwargs)

    monkeypatch.setattr(task_services, "create_task", flaky)
    job, outcome = services.create_job(
        actor=dic_officer, kind="tasks", upload=xlsx_upload(task_rows(), "t.xlsx")
    )
    assert outcome.ok
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_apply(job, actor=dic_officer)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert errors_of(job) == [(3, "title")]
    assert Task.objects.count() == 0


def test_an_officer_may_not_change_another_units_task_by_import(
    dic_officer, other_unit_officer, people, commitment, apply_now
):
    apply_now(dic_officer, task_rows())
    rows = task_rows()
    rows[1][1] = "Changed by another unit"
    rows[1][5] = ""
    job = dry_run(other_unit_officer, rows[:2])
    assert errors_of(job) == [(2, "code")]


def test_a_completed_task_is_left_alone_unless_the_file_changes_it(
    dic_officer, people, commitment, apply_now
):
    apply_now(dic_officer, task_rows())
    task = Task.objects.get(code="NV-59-02")
    Task.objects.filter(pk=task.pk).update(status="completed", completed_on=datetime.date(2026, 3, 1))
    job = apply_now(dic_officer, task_rows())
    assert job.counts["unchanged"] == 2
    rows = task_rows()
    rows[2][1] = "Renamed"
    job = dry_run(dic_officer, rows)
    assert errors_of(job) == [(3, "")]


@pytest.mark.parametrize("kind", ["agreements", "commitments", "tasks"])
def test_the_upload_page_and_template_list_the_columns_of_each_new_kind(client, dic_officer, kind):
    from coophub.imports.importers import IMPORTERS

    client.force_login(dic_officer)
    page = client.get(reverse("imports:upload", args=[kind]))
    assert page.status_code == 200 and "lead_unit" in page.content.decode()
    response = client.get(reverse("imports:template", args=[kind]))
    header = [c.value for c in next(load_workbook(io.BytesIO(response.content)).active.iter_rows())]
    assert header == [c.name for c in IMPORTERS[kind].columns]


def test_the_api_dry_run_of_a_task_file_names_row_and_column(client, dic_officer, people, commitment):
    rows = task_rows()
    rows[1][6] = "TTBVTV; LNKL"
    response = client.post(
        "/api/v1/imports/tasks?dry_run=true", {"file": xlsx_upload(rows, "tasks.xlsx")}, **bearer(dic_officer)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["counts"] == {"create": 1, "update": 0, "unchanged": 0}
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(2, "lead_unit")]
    assert not Task.objects.exists()
