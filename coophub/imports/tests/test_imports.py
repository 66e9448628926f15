"""Bulk import of partners and contacts: the dry run, the all-or-nothing apply, re-importing a file."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import translation

from coophub.audit.models import AuditEvent
from coophub.imports import services
from coophub.imports.models import ImportJob, ImportStatus
from coophub.partners.models import Contact, Country, Partner, Position

from .helpers import (
    CONTACT_HEADER,
    PARTNER_HEADER,
    csv_upload,
    good_contact_rows,
    good_partner_rows,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def countries(japan):
    us = Country.objects.get_or_create(
        iso2="US",
        defaults={
            "iso3": "USA",
            "m49": "840",
            "name_en": "United States",
            "name_vi": "Hoa Kỳ",
            "variants": "Mỹ|USA",
        },
    )[0]
    return {"JP": japan, "US": us}


@pytest.fixture
def apply_now(django_capture_on_commit_callbacks):
    """Dry run, then apply (the task runs at once in tests, after the commit)."""

    def run(user, kind, upload):
        job, outcome = services.create_job(actor=user, kind=kind, upload=upload)
        assert outcome.ok, outcome.errors
        with django_capture_on_commit_callbacks(execute=True):
            services.queue_apply(job, actor=user)
        job.refresh_from_db()
        return job

    return run


def errors_of(job):
    return [(e["row"], e["field"]) for e in job.report["errors"]]


def test_the_dry_run_reports_row_errors_with_row_numbers_and_fields_and_writes_nothing(dic_officer):
    rows = good_partner_rows() + [
        ["BAD ONE", "spaceship", "", "", "", "XX", "NOPE", "not-an-email", ""],
    ]
    partners, audits = Partner.objects.count(), AuditEvent.objects.count()
    job, outcome = services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(rows))
    assert job.status == ImportStatus.FAILED_VALIDATION
    assert errors_of(job) == [
        (5, "code"),
        (5, "kind"),
        (5, "name_vi"),
        (5, "country"),
        (5, "parent_code"),
        (5, "email"),
    ]
    messages = {e["field"]: e["message"] for e in job.report["errors"]}
    assert messages["country"] == "Unknown country code “XX”."
    assert job.counts == {"create": 3, "update": 0, "unchanged": 0}
    assert (Partner.objects.count(), AuditEvent.objects.count()) == (partners, audits)


def test_the_dry_run_classifies_rows_as_create_update_or_unchanged(dic_officer, make_partner, units):
    make_partner(
        code="FAO",
        kind="international_org",
        name_vi="Tổ chức Nông Lương Liên Hợp Quốc",
        name_en="Food and Agriculture Organization",
        acronym="FAO",
    )
    make_partner(code="JP-MAFF", kind="ministry", name_vi="Tên cũ")
    job, outcome = services.create_job(
        actor=dic_officer, kind="partners", upload=xlsx_upload(good_partner_rows())
    )
    assert job.status == ImportStatus.VALIDATED
    actions = {a["key"]: a for a in job.report["actions"]}
    assert actions["JP-MAFF-PPS"]["action"] == "create"
    assert actions["JP-MAFF"]["action"] == "update"
    assert "name_vi" in actions["JP-MAFF"]["changes"]
    assert actions["FAO"]["action"] == "unchanged"
    assert Partner.objects.get(code="JP-MAFF").name_vi == "Tên cũ"


def test_applying_a_valid_file_creates_partners_contacts_and_positions_audited_under_one_request_id(
    dic_officer, apply_now, countries, units
):
    before = AuditEvent.objects.count()
    job = apply_now(dic_officer, "partners", xlsx_upload(good_partner_rows()))
    assert job.status == ImportStatus.APPLIED, job.error
    assert job.processed_rows == job.total_rows == 3
    maff = Partner.objects.get(code="JP-MAFF")
    assert maff.country == countries["JP"]
    assert maff.owner_unit == units["dic"]
    assert sorted((a.text, a.language) for a in maff.aliases.all()) == [
        ("Bộ Nông nghiệp Nhật", "vi"),
        ("MAFF Japan", "en"),
    ]
    pps = Partner.objects.get(code="JP-MAFF-PPS")
    assert pps.parent == maff and pps.country == countries["JP"]
    events = AuditEvent.objects.order_by("id")[before:]
    assert len(events) == 3
    assert len({e.request_id for e in events}) == 1

    before = AuditEvent.objects.count()
    job = apply_now(dic_officer, "contacts", xlsx_upload(good_contact_rows(), name="contacts.xlsx"))
    assert job.status == ImportStatus.APPLIED, job.error
    tanaka = Contact.objects.get(partner=maff, full_name="Tanaka Hiroshi")
    position = tanaka.positions.get()
    assert (position.title, position.organisation, position.start_date, position.end_date) == (
        "Director-General",
        "International Affairs",
        datetime.date(2024, 4, 1),
        None,
    )
    suzuki = Position.objects.get(contact__full_name="Suzuki Aiko")
    assert (suzuki.start_date, suzuki.end_date) == (datetime.date(2023, 4, 1), datetime.date(2025, 3, 31))
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert len(events) == 4  # two contacts, two positions
    assert len({e.request_id for e in events}) == 1


def test_importing_the_same_file_twice_changes_nothing_the_second_time(dic_officer, apply_now):
    apply_now(dic_officer, "partners", xlsx_upload(good_partner_rows()))
    apply_now(dic_officer, "contacts", xlsx_upload(good_contact_rows(), name="contacts.xlsx"))
    audits = AuditEvent.objects.count()
    versions = dict(Partner.objects.values_list("code", "version"))
    job = apply_now(dic_officer, "partners", xlsx_upload(good_partner_rows()))
    assert job.counts == {"create": 0, "update": 0, "unchanged": 3}
    job = apply_now(dic_officer, "contacts", xlsx_upload(good_contact_rows(), name="contacts.xlsx"))
    assert job.counts == {"create": 0, "update": 0, "unchanged": 2}
    assert job.status == ImportStatus.APPLIED
    assert AuditEvent.objects.count() == audits
    assert dict(Partner.objects.values_list("code", "version")) == versions
    assert Position.objects.count() == 2


def test_a_changed_row_updates_only_that_record(dic_officer, apply_now):
    apply_now(dic_officer, "partners", xlsx_upload(good_partner_rows()))
    rows = good_partner_rows()
    rows[3][3] = "FAO of the United Nations"
    job = apply_now(dic_officer, "partners", xlsx_upload(rows))
    assert job.counts == {"create": 0, "update": 1, "unchanged": 2}
    fao = Partner.objects.get(code="FAO")
    assert fao.name_en == "FAO of the United Nations" and fao.version == 2


def test_a_file_with_one_bad_row_among_good_ones_writes_nothing(
    dic_officer, django_capture_on_commit_callbacks
):
    rows = good_partner_rows() + [
        ["KR-MAFRA", "ministry", "Bộ Nông nghiệp Hàn Quốc", "", "", "ZZ", "", "", ""]
    ]
    partners, audits = Partner.objects.count(), AuditEvent.objects.count()
    job, outcome = services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(rows))
    assert not outcome.ok and errors_of(job) == [(5, "country")]
    with pytest.raises(ValidationError):
        services.queue_apply(job, actor=dic_officer)
    assert (Partner.objects.count(), AuditEvent.objects.count()) == (partners, audits)


def test_a_row_that_fails_while_applying_rolls_back_the_whole_import(
    dic_officer, monkeypatch, django_capture_on_commit_callbacks
):
    from coophub.partners import services as partner_services

    real = partner_services.create_partner

    def failing(*, actor, data, aliases=None):
        if data["code"] == "FAO":
            raise ValidationError({"name_vi": "Simulated failure."})
        return real(actor=actor, data=data, aliases=aliases)

    job, outcome = services.create_job(
        actor=dic_officer, kind="partners", upload=xlsx_upload(good_partner_rows())
    )
    assert outcome.ok
    monkeypatch.setattr(partner_services, "create_partner", failing)
    partners, audits = Partner.objects.count(), AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_apply(job, actor=dic_officer)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.report["errors"] == [{"row": 4, "field": "name_vi", "message": "Simulated failure."}]
    assert "Row 4" in job.error and "nothing was written" in job.error
    assert (Partner.objects.count(), AuditEvent.objects.count()) == (partners, audits)


def test_an_apply_re_checks_the_file_against_todays_data(
    dic_officer, dic_director, make_partner, django_capture_on_commit_callbacks
):
    maff = make_partner(code="JP-MAFF")
    job, outcome = services.create_job(
        actor=dic_officer, kind="contacts", upload=xlsx_upload(good_contact_rows(), "c.xlsx")
    )
    assert outcome.ok
    from coophub.partners import services as partner_services

    partner_services.delete_partner(maff, actor=dic_director)
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_apply(job, actor=dic_officer)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert errors_of(job) == [(2, "partner_code"), (3, "partner_code")]
    assert not Contact.objects.exists()


def test_only_its_creator_may_apply_an_import(dic_officer, dic_director):
    job, _ = services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(good_partner_rows()))
    with pytest.raises(PermissionDenied):
        services.queue_apply(job, actor=dic_director)


def test_duplicate_codes_inside_one_file_are_reported_on_the_second_row(dic_officer):
    rows = good_partner_rows() + [["FAO", "international_org", "FAO lần nữa", "", "", "", "", "", ""]]
    job, _ = services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(rows))
    assert errors_of(job) == [(5, "code")]
    assert (
        job.report["errors"][0]["message"]
        == "Code “FAO” appears more than once in this file (first on row 4)."
    )


def test_duplicate_contacts_inside_one_file_are_reported_on_the_second_row(dic_officer, make_partner):
    make_partner(code="JP-MAFF")
    rows = good_contact_rows() + [["JP-MAFF", "Tanaka Hiroshi", "", "", "", "", "", ""]]
    job, _ = services.create_job(actor=dic_officer, kind="contacts", upload=xlsx_upload(rows, "c.xlsx"))
    assert errors_of(job) == [(4, "full_name")]


def test_an_unknown_country_code_is_reported(dic_officer):
    rows = [PARTNER_HEADER, ["X1", "ministry", "Bộ X", "", "", "XX", "", "", ""]]
    job, _ = services.create_job(actor=dic_officer, kind="partners", upload=csv_upload(rows))
    assert job.report["errors"] == [{"row": 2, "field": "country", "message": "Unknown country code “XX”."}]


@pytest.mark.parametrize(
    ("name", "iso2"),
    [
        ("Nhật Bản", "JP"),
        ("nhat ban", "JP"),
        ("Hoa Kỳ", "US"),
        ("Mỹ", "US"),
        ("JPN", "JP"),
        ("United States", "US"),
    ],
)
def test_a_country_may_be_given_by_its_vietnamese_or_english_name(dic_officer, apply_now, name, iso2):
    rows = [PARTNER_HEADER, ["X1", "ministry", "Bộ X", "", "", name, "", "", ""]]
    apply_now(dic_officer, "partners", csv_upload(rows))
    assert Partner.objects.get(code="X1").country_id == iso2


def test_vietnamese_headers_and_labels_are_accepted(dic_officer, units):
    rows = [
        ["Mã", "Loại", "Tên tiếng Việt", "Quốc gia", "Đơn vị phụ trách", "Ưu tiên"],
        ["JP-X", "Tổ chức quốc tế", "Tổ chức X", "Nhật Bản", "TTBVTV", "Strategic"],
    ]
    job, outcome = services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(rows))
    # dic_officer may not create records for another unit
    assert errors_of(job) == [(2, "owner_unit")]
    rows[1][4] = "htqt"
    job, outcome = services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(rows))
    assert outcome.ok, outcome.errors
    assert outcome.rows[0].data["kind"] == "international_org"
    assert outcome.rows[0].data["priority"] == "strategic"


def test_csv_files_in_utf8_with_or_without_bom_are_accepted_and_other_encodings_refused(dic_officer):
    rows = [PARTNER_HEADER, ["X1", "ministry", "Bộ Nông nghiệp", "", "", "", "", "", ""]]
    for bom in (False, True):
        job, outcome = services.create_job(
            actor=dic_officer, kind="partners", upload=csv_upload(rows, bom=bom)
        )
        assert outcome.ok and outcome.rows[0].data["name_vi"] == "Bộ Nông nghiệp"
    with pytest.raises(ValidationError) as info:
        services.create_job(actor=dic_officer, kind="partners", upload=csv_upload(rows, encoding="utf-16"))
    assert "UTF-8" in info.value.message_dict["file"][0]
    rows_ansi = [PARTNER_HEADER, ["X1", "ministry", "Nông Lâm", "", "", "", "", "", ""]]  # Excel's ANSI "CSV"
    with pytest.raises(ValidationError) as info:
        services.create_job(
            actor=dic_officer, kind="partners", upload=csv_upload(rows_ansi, encoding="cp1252")
        )
    assert "UTF-8" in info.value.message_dict["file"][0]


@pytest.mark.parametrize(
    ("rows", "phrase"),
    [
        ([], "empty"),
        ([["code", "name_vi"], ["X", "Y"]], "kind"),
        ([PARTNER_HEADER], "no data rows"),
    ],
)
def test_malformed_files_get_one_clear_file_level_error(dic_officer, rows, phrase):
    jobs = ImportJob.objects.count()
    with pytest.raises(ValidationError) as info:
        services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(rows))
    assert phrase in info.value.message_dict["file"][0]
    assert ImportJob.objects.count() == jobs


@override_settings(COOPHUB_IMPORT_MAX_ROWS=3)
def test_a_file_with_too_many_rows_is_refused(dic_officer):
    rows = good_partner_rows() + [["Z", "ministry", "Z", "", "", "", "", "", ""]]
    with pytest.raises(ValidationError) as info:
        services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(rows))
    assert "more than 3" in info.value.message_dict["file"][0]


@override_settings(COOPHUB_MAX_UPLOAD_BYTES=100)
def test_an_oversized_upload_is_refused(dic_officer):
    with pytest.raises(ValidationError) as info:
        services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(good_partner_rows()))
    assert "the limit is 100" in info.value.message_dict["file"][0]


def test_a_text_file_renamed_to_xlsx_is_refused_with_a_clear_message(dic_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "partners.xlsx", b"code,kind,name_vi\nX,ministry,Y\n", content_type="text/plain"
    )
    with pytest.raises(ValidationError) as info:
        services.create_job(actor=dic_officer, kind="partners", upload=upload)
    assert ".xlsx" in info.value.message_dict["file"][0]


def test_a_damaged_workbook_is_refused_with_a_clear_message(dic_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "partners.xlsx", b"PK\x03\x04 this is not really a zip", content_type="text/plain"
    )
    with pytest.raises(ValidationError) as info:
        services.create_job(actor=dic_officer, kind="partners", upload=upload)
    assert "not a valid Excel" in info.value.message_dict["file"][0]


def test_a_leader_may_not_import(leader):
    with pytest.raises(PermissionDenied):
        services.create_job(actor=leader, kind="partners", upload=xlsx_upload(good_partner_rows()))


def test_an_officer_may_not_update_another_units_partner_by_import(other_unit_officer, make_partner):
    make_partner(code="FAO", name_vi="FAO", visibility="ministry")
    job, _ = services.create_job(
        actor=other_unit_officer, kind="partners", upload=xlsx_upload(good_partner_rows())
    )
    assert errors_of(job) == [(4, "code")]
    assert "may not change" in job.report["errors"][0]["message"]


def test_an_officer_may_not_add_contacts_to_another_units_partner(other_unit_officer, make_partner):
    make_partner(code="JP-MAFF")
    job, _ = services.create_job(
        actor=other_unit_officer, kind="contacts", upload=xlsx_upload(good_contact_rows(), "c.xlsx")
    )
    assert errors_of(job) == [(2, "partner_code"), (3, "partner_code")]


def test_contact_rows_check_dates_partners_and_positions(dic_officer, make_partner):
    make_partner(code="JP-MAFF")
    rows = [
        CONTACT_HEADER,
        ["JP-MAFF", "A", "", "", "Director", "", "32/13/2024", ""],
        ["NOPE", "B", "", "", "", "", "", ""],
        ["JP-MAFF", "C", "", "", "Director", "", "01/05/2024", "01/04/2024"],
        ["JP-MAFF", "D", "", "", "", "MAFF", "", ""],
        ["JP-MAFF", "", "", "x@", "", "", "", ""],
    ]
    job, _ = services.create_job(actor=dic_officer, kind="contacts", upload=csv_upload(rows, "c.csv"))
    assert errors_of(job) == [
        (2, "position_start"),
        (3, "partner_code"),
        (4, "position_end"),
        (5, "position_title"),
        (6, "full_name"),
        (6, "email"),
    ]


def test_too_long_cell_text_is_reported(dic_officer):
    rows = [PARTNER_HEADER, ["X1", "ministry", "Bộ " + "x" * 300, "", "A" * 40, "", "", "", ""]]
    job, _ = services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(rows))
    assert errors_of(job) == [(2, "name_vi"), (2, "acronym")]


def test_a_parent_must_come_before_its_children_in_the_file(dic_officer):
    rows = [
        PARTNER_HEADER,
        ["CHILD", "ministry", "Con", "", "", "", "PARENT", "", ""],
        ["PARENT", "ministry", "Mẹ", "", "", "", "", "", ""],
    ]
    job, _ = services.create_job(actor=dic_officer, kind="partners", upload=xlsx_upload(rows))
    assert errors_of(job) == [(2, "parent_code")]


def test_a_new_position_on_a_known_contact_is_added_and_an_end_date_updates_the_position(
    dic_officer, apply_now
):
    apply_now(dic_officer, "partners", xlsx_upload(good_partner_rows()))
    apply_now(dic_officer, "contacts", xlsx_upload(good_contact_rows(), name="c.xlsx"))
    rows = good_contact_rows()
    rows[1][7] = "30/06/2026"  # Tanaka's position ends
    rows[2][4] = "Director"  # Suzuki has a new title
    rows[2][6], rows[2][7] = "01/04/2025", ""
    job = apply_now(dic_officer, "contacts", xlsx_upload(rows, name="c.xlsx"))
    assert job.counts == {"create": 0, "update": 2, "unchanged": 0}
    assert Position.objects.get(contact__full_name="Tanaka Hiroshi").end_date == datetime.date(2026, 6, 30)
    assert Position.objects.filter(contact__full_name="Suzuki Aiko").count() == 2
