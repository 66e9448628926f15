"""The import pages: upload, dry-run report, Apply, progress polling and the template download."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coophub.audit.models import AuditEvent
from coophub.imports.models import ImportJob, ImportStatus
from coophub.partners.models import Partner

from .helpers import good_partner_rows, xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, dic_officer, japan):
    client.force_login(dic_officer)
    return client


def upload(client, rows, kind="partners"):
    return client.post(reverse("imports:upload", args=[kind]), {"kind": kind, "file": xlsx_upload(rows)})


def test_uploading_shows_the_dry_run_with_row_errors_and_no_apply_button(officer_client):
    rows = good_partner_rows() + [["X", "ministry", "Bộ X", "", "", "XX", "", "", ""]]
    response = upload(officer_client, rows)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:job_detail", args=[job.pk])
    page = officer_client.get(response.url)
    html = page.content.decode()
    assert "import-errors" in html and "XX" in html
    assert "apply-import" not in html
    assert not Partner.objects.exists()


def test_a_clean_file_can_be_applied_from_the_report_page(officer_client, django_capture_on_commit_callbacks):
    response = upload(officer_client, good_partner_rows())
    job = ImportJob.objects.get()
    page = officer_client.get(response.url).content.decode()
    assert "apply-import" in page and 'id="count-create">3<' in page
    audits = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("imports:apply", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED
    assert Partner.objects.count() == 3 and AuditEvent.objects.count() == audits + 3


def test_the_status_page_polls_while_the_import_runs_and_reloads_when_it_is_done(officer_client):
    upload(officer_client, good_partner_rows())
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, processed_rows=1)
    html = officer_client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in html and "Đã xử lý 1 / 3 dòng" in html
    fragment = officer_client.get(job.get_absolute_url() + "?fragment=progress", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLIED, processed_rows=3)
    fragment = officer_client.get(job.get_absolute_url() + "?fragment=progress", HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"
    assert 'hx-trigger="every 2s"' not in officer_client.get(job.get_absolute_url()).content.decode()


def test_a_malformed_file_is_reported_on_the_upload_form(officer_client):
    response = upload(officer_client, [])
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_the_template_download_is_an_xlsx_with_the_header_row(officer_client):
    for kind, first in (("partners", "code"), ("contacts", "partner_code")):
        response = officer_client.get(reverse("imports:template", args=[kind]))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert next(sheet.iter_rows(values_only=True))[0] == first


def test_a_leader_gets_403_on_the_import_pages(client, leader):
    client.force_login(leader)
    assert client.get(reverse("imports:upload", args=["partners"])).status_code == 403
    assert (
        client.post(
            reverse("imports:upload", args=["partners"]),
            {"kind": "partners", "file": xlsx_upload(good_partner_rows())},
        ).status_code
        == 403
    )
    assert client.get(reverse("imports:job_list")).status_code == 403


def test_someone_elses_import_is_not_found(officer_client, client, other_unit_officer):
    upload(officer_client, good_partner_rows())
    job = ImportJob.objects.get()
    client.force_login(other_unit_officer)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:apply", args=[job.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("imports:upload", args=["partners"]))
    assert response.status_code == 302 and "login" in response.url
