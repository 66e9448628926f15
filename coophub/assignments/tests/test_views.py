"""The task screens end to end: list, export, form, page with its workflow, reports, extensions, and who may
see what."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coophub.assignments import services
from coophub.assignments.choices import TaskStatus
from coophub.assignments.models import Task
from coophub.documents.models import Document

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)  # 16:00 on 1 December in Hà Nội


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def restricted(make_task):
    return make_task(title="Đàm phán mật về hạn ngạch thuế quan", visibility="restricted")


@pytest.fixture
def in_progress(make_task, unit_focal_point):
    task = make_task()
    return services.transition_task(task, actor=unit_focal_point, to=TaskStatus.IN_PROGRESS)


def form_data(units, person, **overrides):
    data = {
        "title": "Xây dựng kế hoạch hợp tác với FAO năm 2027",
        "description": "",
        "task_type": "",
        "priority": "normal",
        "source": "document",
        "source_document": "59-NQ/TW",
        "source_document_date": "2026-10-01",
        "source_meeting": "",
        "commitment": "",
        "agreement": "",
        "partner": "",
        "country": "",
        "assigned_on": "2026-11-20",
        "lead_unit": units["ppd"].pk,
        "focal_person": person.pk,
        "due_on": "2026-12-20",
        "recurrence": "",
        "recurrence_day": "",
        "owner_unit": units["dic"].pk,
        "visibility": "ministry",
        "version": "",
        "coord-TOTAL_FORMS": "3",
        "coord-INITIAL_FORMS": "0",
        "coord-0-unit": units["forestry"].pk,
        "coord-0-part": "Cung cấp số liệu rừng",
        "coord-1-unit": "",
        "coord-1-part": "",
        "coord-2-unit": "",
        "coord-2-part": "",
        "create_anyway": "1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# ---------- list and export ----------


def test_the_list_filters_by_deadline_state_and_shows_it_as_a_badge(client, dic_director, make_task):
    make_task(title="Quá hạn", due_on=datetime.date(2026, 11, 30))
    make_task(title="Sắp đến hạn", due_on=datetime.date(2026, 12, 3))
    make_task(title="Còn hạn", due_on=datetime.date(2027, 1, 15))
    client.force_login(dic_director)

    response = client.get(reverse("assignments:task_list"), {"deadline": "overdue"})
    assert [row.record.title for row in response.context["table"].rows] == ["Quá hạn"]
    assert 'class="badge badge-deadline-overdue badge-delete"' in response.content.decode()

    response = client.get(
        reverse("assignments:task_list"), {"due_after": "2026-12-01", "due_before": "2026-12-31"}
    )
    assert [row.record.title for row in response.context["table"].rows] == ["Sắp đến hạn"]


def test_the_list_filters_by_lead_unit_focal_person_and_source_document(
    client, dic_director, make_task, units, other_unit_officer
):
    make_task(title="Của Cục Trồng trọt", source_document="15/CT-TTg")
    make_task(title="Của Cục Lâm nghiệp", lead_unit=units["forestry"], focal_person=other_unit_officer)
    client.force_login(dic_director)
    url = reverse("assignments:task_list")

    rows = client.get(url, {"lead_unit": units["forestry"].pk}).context["table"].rows
    assert [r.record.title for r in rows] == ["Của Cục Lâm nghiệp"]
    rows = client.get(url, {"focal_person": other_unit_officer.pk}).context["table"].rows
    assert [r.record.title for r in rows] == ["Của Cục Lâm nghiệp"]
    rows = client.get(url, {"source_document": "15/ct"}).context["table"].rows
    assert [r.record.title for r in rows] == ["Của Cục Trồng trọt"]


def test_the_csv_export_holds_exactly_the_filtered_rows_with_their_deadline_state(
    client, dic_director, make_task
):
    make_task(title="Quá hạn", due_on=datetime.date(2026, 11, 30))
    make_task(title="Còn hạn", due_on=datetime.date(2027, 1, 15))
    client.force_login(dic_director)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("assignments:task_list"), {"deadline": "overdue", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Code", "Title", "Lead unit", "Focal person", "Due", "Deadline", "Status"]
    assert [r[1] for r in rows[1:]] == ["Quá hạn"]
    assert rows[1][2:] == ["TTBVTV", "unit_focal_point", "30/11/2026", "Overdue", "New"]


# ---------- the task page and its workflow ----------


def test_the_task_page_shows_source_units_coordinators_watchers_and_deadline(
    client, dic_director, make_task, units, counsellor
):
    task = make_task(
        source_document="59-NQ/TW",
        source_document_date=datetime.date(2026, 10, 1),
        coordinators=[{"unit": units["forestry"], "part": "Cung cấp số liệu rừng"}],
        watchers=[counsellor],
    )
    client.force_login(dic_director)
    client.cookies["django_language"] = "en"
    html = client.get(task.get_absolute_url()).content.decode()
    assert "59-NQ/TW" in html and "01/10/2026" in html
    assert "Department of Crop Production and Plant Protection" in html
    assert "Cung cấp số liệu rừng" in html and "Department of Forestry" in html
    assert "counsellor" in html
    assert "badge-deadline-overdue" in html


def test_the_focal_person_sees_submit_but_not_complete(client, unit_focal_point, in_progress):
    client.force_login(unit_focal_point)
    html = client.get(in_progress.get_absolute_url()).content.decode()
    assert 'name="to" value="submitted"' in html
    assert 'name="to" value="completed"' not in html
    assert 'name="to" value="cancelled"' not in html


def test_the_director_completes_a_submitted_task_and_it_shows_completed_late(
    client, dic_director, unit_focal_point, in_progress
):
    services.transition_task(in_progress, actor=unit_focal_point, to=TaskStatus.SUBMITTED)
    client.force_login(dic_director)
    client.cookies["django_language"] = "en"
    html = client.get(in_progress.get_absolute_url()).content.decode()
    assert 'name="to" value="completed"' in html and 'name="to" value="returned"' in html

    task = Task.objects.get(pk=in_progress.pk)
    response = client.post(
        reverse("assignments:task_transition", args=[task.pk]),
        {"to": "completed", "on": "2026-12-01", "version": task.version},
        follow=True,
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED and task.completed_on == datetime.date(2026, 12, 1)
    assert "badge-deadline-completed_late" in response.content.decode()
    assert "Completed late" in response.content.decode()


def test_a_step_the_role_may_not_take_is_refused_with_403_and_the_reason(
    client, unit_focal_point, in_progress
):
    services.transition_task(in_progress, actor=unit_focal_point, to=TaskStatus.SUBMITTED)
    client.force_login(unit_focal_point)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("assignments:task_transition", args=[in_progress.pk]), {"to": "completed"})
    assert response.status_code == 403
    assert "Only whoever assigned the task may move a task" in response.content.decode()
    assert Task.objects.get(pk=in_progress.pk).status == TaskStatus.SUBMITTED


def test_returning_a_task_needs_a_reason(client, dic_director, unit_focal_point, in_progress):
    services.transition_task(in_progress, actor=unit_focal_point, to=TaskStatus.SUBMITTED)
    client.force_login(dic_director)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("assignments:task_transition", args=[in_progress.pk]), {"to": "returned"}, follow=True
    )
    assert "Reason: Say why" in response.content.decode()
    assert Task.objects.get(pk=in_progress.pk).status == TaskStatus.SUBMITTED


def test_a_stale_step_is_refused_with_a_message(client, unit_focal_point, in_progress):
    client.force_login(unit_focal_point)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("assignments:task_transition", args=[in_progress.pk]),
        {"to": "submitted", "version": in_progress.version - 1},
        follow=True,
    )
    assert "changed by someone else" in response.content.decode()
    assert Task.objects.get(pk=in_progress.pk).status == TaskStatus.IN_PROGRESS


def test_the_focal_person_reports_progress_with_an_attachment(client, unit_focal_point, in_progress):
    client.force_login(unit_focal_point)
    upload = SimpleUploadedFile("bao-cao.txt", "Đã họp với FAO".encode(), content_type="text/plain")
    response = client.post(
        reverse("assignments:task_report", args=[in_progress.pk]),
        {"text": "Đã họp với FAO ngày 28/11", "percent_done": "40", "on": "2026-11-28", "files": [upload]},
        follow=True,
    )
    report = in_progress.reports.get()
    assert report.percent_done == 40 and report.on == datetime.date(2026, 11, 28)
    assert Document.objects.filter(subject_id=report.pk, title="bao-cao.txt").exists()
    html = response.content.decode()
    assert "Đã họp với FAO ngày 28/11" in html and "bao-cao.txt" in html


def test_someone_outside_the_task_gets_no_report_form_and_is_refused(client, counsellor, in_progress):
    client.force_login(counsellor)
    assert client.get(in_progress.get_absolute_url()).context["report_form"] is None
    response = client.post(reverse("assignments:task_report", args=[in_progress.pk]), {"text": "x"})
    assert response.status_code == 403


def test_an_extension_is_requested_by_the_focal_person_and_approved_by_the_assigner(
    client, unit_focal_point, dic_director, in_progress
):
    client.force_login(unit_focal_point)
    client.post(
        reverse("assignments:task_extension", args=[in_progress.pk]),
        {"proposed_due": "2026-12-31", "reason": "Chờ số liệu của đối tác"},
    )
    extension = in_progress.extensions.get()
    assert client.get(in_progress.get_absolute_url()).context["can_decide"] is False

    client.force_login(dic_director)
    html = client.get(in_progress.get_absolute_url()).content.decode()
    assert reverse("assignments:extension_decide", args=[extension.pk]) in html
    client.post(reverse("assignments:extension_decide", args=[extension.pk]), {"decision": "approve"})
    extension.refresh_from_db()
    assert extension.status == "approved"
    assert Task.objects.get(pk=in_progress.pk).due_on == datetime.date(2026, 12, 31)


def test_a_coordinating_unit_updates_its_own_status(
    client, make_task, units, other_unit_officer, unit_focal_point
):
    task = make_task(coordinators=[{"unit": units["forestry"], "part": "Số liệu"}])
    coordinator = task.coordinators.get()
    client.force_login(other_unit_officer)
    html = client.get(task.get_absolute_url()).content.decode()
    assert reverse("assignments:coordinator_status", args=[coordinator.pk]) in html
    client.post(reverse("assignments:coordinator_status", args=[coordinator.pk]), {"status": "done"})
    coordinator.refresh_from_db()
    assert coordinator.status == "done"

    client.force_login(unit_focal_point)
    response = client.post(
        reverse("assignments:coordinator_status", args=[coordinator.pk]), {"status": "pending"}
    )
    assert response.status_code == 403


# ---------- the form ----------


def test_the_director_creates_a_task_with_coordinators_and_watchers(
    client, dic_director, units, unit_focal_point, counsellor
):
    client.force_login(dic_director)
    response = client.post(
        reverse("assignments:task_create"), form_data(units, unit_focal_point, watchers=[counsellor.pk])
    )
    task = Task.objects.get()
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    assert task.lead_unit == units["ppd"] and task.focal_person == unit_focal_point
    assert task.assigned_by == dic_director and task.assigned_on == datetime.date(2026, 11, 20)
    assert [(c.unit, c.part) for c in task.coordinators.all()] == [
        (units["forestry"], "Cung cấp số liệu rừng")
    ]
    assert list(task.watchers.all()) == [counsellor]


def test_a_focal_person_from_another_unit_is_refused_with_the_message_on_the_field(
    client, dic_director, units, other_unit_officer
):
    client.force_login(dic_director)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("assignments:task_create"), form_data(units, other_unit_officer))
    assert response.status_code == 200
    errors = response.context["form"].errors["focal_person"]
    assert errors == [
        "other_unit_officer is not a member of the lead unit "
        "Department of Crop Production and Plant Protection."
    ]
    assert "is not a member of the lead unit" in response.content.decode()
    assert not Task.objects.exists()


def test_the_focal_person_select_offers_the_lead_units_members(
    client, dic_director, units, unit_focal_point, unit_head, other_unit_officer
):
    client.force_login(dic_director)
    response = client.get(reverse("assignments:focal_options"), {"lead_unit": units["ppd"].pk})
    html = response.content.decode()
    assert f'value="{unit_focal_point.pk}"' in html and f'value="{unit_head.pk}"' in html
    assert f'value="{other_unit_officer.pk}"' not in html

    html = client.get(reverse("assignments:task_create")).content.decode()
    assert 'hx-get="/tasks/focal-options/"' in html and 'hx-target="#id_focal_person"' in html


def test_a_task_is_assigned_from_a_commitment_with_its_fields_prefilled(
    client, dic_director, dic_officer, units, unit_focal_point
):
    from coophub.agreements.services import create_commitment

    commitment = create_commitment(
        actor=dic_officer,
        data={
            "title_vi": "Chuyển giao công nghệ canh tác lúa giảm phát thải",
            "owner_unit": units["dic"],
            "lead_unit": units["ppd"],
            "focal_person": unit_focal_point,
            "due_on": datetime.date(2026, 12, 31),
        },
    )
    client.force_login(dic_director)
    form = client.get(reverse("assignments:task_create"), {"commitment": commitment.pk}).context["form"]
    assert form.initial["title"] == "Chuyển giao công nghệ canh tác lúa giảm phát thải"
    assert form.initial["lead_unit"] == units["ppd"].pk
    assert form.initial["focal_person"] == unit_focal_point.pk
    assert form.initial["commitment"] == commitment.pk

    response = client.post(
        reverse("assignments:task_create"),
        form_data(
            units,
            unit_focal_point,
            title=commitment.title_vi,
            commitment=commitment.pk,
            source="commitment",
            create_anyway=None,
        ),
    )
    assert response.status_code == 302  # the commitment itself is not taken for a duplicate
    assert Task.objects.get().commitment == commitment


def test_a_stale_edit_shows_a_form_error_and_does_not_overwrite(client, dic_director, make_task, units):
    task = make_task()
    services.update_task(task, actor=dic_director, data={"title": "Đổi tên"}, version=task.version)
    client.force_login(dic_director)
    client.cookies["django_language"] = "en"
    data = form_data(
        units, task.focal_person, title="Ghi đè", version=task.version, owner_unit=units["dic"].pk
    )
    response = client.post(reverse("assignments:task_edit", args=[task.pk]), data)
    assert "changed by someone else" in response.content.decode()
    assert Task.objects.get(pk=task.pk).title == "Đổi tên"


def test_the_assigner_deletes_a_task_after_confirming(client, dic_director, make_task):
    task = make_task()
    client.force_login(dic_director)
    assert client.get(reverse("assignments:task_delete", args=[task.pk])).status_code == 200
    response = client.post(reverse("assignments:task_delete", args=[task.pk]))
    assert response.status_code == 302 and not Task.objects.filter(pk=task.pk).exists()


# ---------- who sees what ----------


def test_another_units_officer_gets_404_on_a_restricted_task(client, other_unit_officer, restricted):
    client.force_login(other_unit_officer)
    for name in ("task_detail", "task_edit", "task_history", "task_delete"):
        assert client.get(reverse(f"assignments:{name}", args=[restricted.pk])).status_code == 404, name
    for name in ("task_transition", "task_report", "task_extension", "task_watch"):
        assert client.post(reverse(f"assignments:{name}", args=[restricted.pk])).status_code == 404, name


def test_another_units_officer_does_not_see_a_restricted_task_in_the_list_or_export(
    client, other_unit_officer, restricted, make_task
):
    make_task(title="Báo cáo chung toàn Bộ")
    client.force_login(other_unit_officer)
    response = client.get(reverse("assignments:task_list"))
    assert [row.record.title for row in response.context["table"].rows] == ["Báo cáo chung toàn Bộ"]
    export = client.get(reverse("assignments:task_list"), {"_export": "csv"}).content.decode("utf-8-sig")
    assert "Báo cáo chung toàn Bộ" in export and restricted.title not in export
    assert (
        restricted.title
        not in client.get(reverse("assignments:task_list"), {"q": "han ngach"}).content.decode()
    )


def test_a_leader_reads_a_task_but_gets_403_on_edit(client, leader, make_task):
    task = make_task()
    client.force_login(leader)
    assert client.get(task.get_absolute_url()).status_code == 200
    assert client.get(reverse("assignments:task_edit", args=[task.pk])).status_code == 403


def test_the_assigner_edits_a_task_and_its_coordinating_units(
    client, dic_director, make_task, units, unit_head
):
    task = make_task(coordinators=[{"unit": units["forestry"], "part": "Số liệu"}])
    client.force_login(dic_director)
    form = client.get(reverse("assignments:task_edit", args=[task.pk])).context["formset"]
    assert form.forms[0].initial == {"unit": units["forestry"].pk, "part": "Số liệu"}

    data = form_data(
        units,
        unit_head,
        title="Đã sửa",
        version=task.version,
        **{"coord-0-unit": units["office"].pk, "coord-0-part": ""},
    )
    response = client.post(reverse("assignments:task_edit", args=[task.pk]), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Đã sửa" and task.focal_person == unit_head
    assert [c.unit for c in task.coordinators.all()] == [units["office"]]
