"""POST /api/v1/imports/{kind} (dry run or apply) and GET /api/v1/imports/jobs/{job_id}, by token or
session."""

import pytest
from django.test import override_settings

from conftest import bearer
from coophub.audit.models import AuditEvent
from coophub.imports.models import ImportJob
from coophub.partners.models import Partner

from .helpers import PARTNER_HEADER, XLSX, csv_upload, good_partner_rows, xlsx_upload

# Every test imports rows naming Japan.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "japan")]


def test_an_api_dry_run_lists_row_errors_and_writes_nothing(client, dic_officer):
    rows = good_partner_rows() + [["X", "ministry", "Bộ X", "", "", "XX", "", "", ""]]
    headers = bearer(dic_officer)
    audits = AuditEvent.objects.count()
    response = client.post("/api/v1/imports/partners?dry_run=true", {"file": xlsx_upload(rows)}, **headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "failed_validation"
    assert body["total_rows"] == 4
    assert body["counts"] == {"create": 3, "update": 0, "unchanged": 0}
    assert body["errors"] == [{"row": 5, "field": "country", "message": "Unknown country code “XX”."}]
    assert not Partner.objects.exists() and AuditEvent.objects.count() == audits


def test_an_api_apply_with_a_token_queues_the_job_and_the_job_reports_progress(
    client, dic_officer, django_capture_on_commit_callbacks
):
    headers = bearer(dic_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/imports/partners?dry_run=false", {"file": xlsx_upload(good_partner_rows())}, **headers
        )
    assert response.status_code == 202, response.content
    job_id = response.json()["job_id"]
    assert response.json()["status"] == "queued"
    response = client.get(f"/api/v1/imports/jobs/{job_id}", **headers)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["processed_rows"], body["total_rows"]) == ("applied", 3, 3)
    assert Partner.objects.count() == 3


def test_an_api_apply_of_a_file_with_errors_answers_422_and_writes_nothing(client, dic_officer):
    rows = [PARTNER_HEADER, ["X", "ministry", "", "", "", "", "", "", ""]]
    jobs = ImportJob.objects.count()
    response = client.post(
        "/api/v1/imports/partners?dry_run=false", {"file": csv_upload(rows)}, **bearer(dic_officer)
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"row": 2, "field": "name_vi", "message": "This column is required."}
    ]
    assert ImportJob.objects.count() == jobs and not Partner.objects.exists()


def test_the_api_works_with_a_browser_session(client, dic_officer, django_capture_on_commit_callbacks):
    client.force_login(dic_officer)
    response = client.post("/api/v1/imports/partners", {"file": xlsx_upload(good_partner_rows())})
    assert response.status_code == 200 and response.json()["status"] == "validated"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/imports/partners?dry_run=false", {"file": xlsx_upload(good_partner_rows())}
        )
    assert response.status_code == 202
    assert Partner.objects.count() == 3


@override_settings(COOPHUB_MAX_UPLOAD_BYTES=100)
def test_an_oversized_upload_answers_422_naming_the_file_field(client, dic_officer):
    response = client.post(
        "/api/v1/imports/partners", {"file": xlsx_upload(good_partner_rows())}, **bearer(dic_officer)
    )
    assert response.status_code == 422
    assert response.json()["field"] == "file"
    assert "the limit is 100" in response.json()["detail"]


def test_a_wrong_file_type_answers_422_naming_the_file_field(client, dic_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for upload in (
        SimpleUploadedFile("p.txt", b"hello", content_type="text/plain"),
        SimpleUploadedFile("p.xlsx", b"hello, this is text", content_type=XLSX),
    ):
        response = client.post("/api/v1/imports/partners", {"file": upload}, **bearer(dic_officer))
        assert response.status_code == 422
        assert response.json()["field"] == "file"


def test_a_leader_gets_403_from_the_api(client, leader):
    response = client.post(
        "/api/v1/imports/partners", {"file": xlsx_upload(good_partner_rows())}, **bearer(leader)
    )
    assert response.status_code == 403


def test_an_unknown_kind_answers_422(client, dic_officer):
    response = client.post(
        "/api/v1/imports/mechanisms", {"file": xlsx_upload(good_partner_rows())}, **bearer(dic_officer)
    )
    assert response.status_code == 422


def test_only_the_creator_or_an_admin_sees_an_import_job(client, dic_officer, other_unit_officer, admin_user):
    response = client.post(
        "/api/v1/imports/partners", {"file": xlsx_upload(good_partner_rows())}, **bearer(dic_officer)
    )
    job_id = response.json()["job_id"]
    assert client.get(f"/api/v1/imports/jobs/{job_id}", **bearer(other_unit_officer)).status_code == 404
    assert client.get(f"/api/v1/imports/jobs/{job_id}", **bearer(admin_user)).status_code == 200
    assert client.get(f"/api/v1/imports/jobs/{job_id}").status_code == 401
    assert client.get("/api/v1/imports/jobs/999999", **bearer(dic_officer)).status_code == 404


def test_the_import_operations_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"imports_create", "imports_get"} <= operations
