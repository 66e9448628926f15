"""Bulk import of agreements and commitments: dry-run errors naming row and column, all-or-nothing apply,
re-importing a file changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from coophub.agreements import services as agreement_services
from coophub.agreements.models import Agreement, AgreementTransition, Commitment
from coophub.audit.models import AuditEvent
from coophub.imports import services
from coophub.imports.models import ImportStatus

from .helpers import xlsx_upload

pytestmark = pytest.mark.django_db

AGREEMENT_HEADER = [
    "code",
    "kind",
    "title_vi",
    "title_en",
    "level",
    "status",
    "document_number",
    "signed_on",
    "signed_place",
    "valid_from",
    "valid_to",
    "auto_renew",
    "partners",
    "lead_unit",
    "owner_unit",
    "visibility",
]
COMMITMENT_HEADER = [
    "code",
    "agreement",
    "parent",
    "kind",
    "title_vi",
    "title_en",
    "side",
    "lead_unit",
    "focal_person",
    "weight",
    "start_on",
    "due_on",
    "partners",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def partners(make_partner):
    return {
        "JP-MAFF": make_partner(code="JP-MAFF", name_vi="Bộ Nông Lâm Ngư nghiệp Nhật Bản"),
        "FAO": make_partner(code="FAO", kind="international_org", name_vi="Tổ chức Nông Lương"),
    }


@pytest.fixture
def apply_now(django_capture_on_commit_callbacks):
    def run(user, kind, rows):
        job, outcome = services.create_job(actor=user, kind=kind, upload=xlsx_upload(rows, f"{kind}.xlsx"))
        assert outcome.ok, outcome.errors
        with django_capture_on_commit_callbacks(execute=True):
            services.queue_apply(job, actor=user)
        job.refresh_from_db()
        return job

    return run


def dry_run(user, kind, rows):
    job, outcome = services.create_job(actor=user, kind=kind, upload=xlsx_upload(rows, f"{kind}.xlsx"))
    return job, outcome


def errors_of(job):
    return [(e["row"], e["field"]) for e in job.report["errors"]]


def agreement_rows():
    return [
        AGREEMENT_HEADER,
        [
            "KH-59-153",
            "action_plan",
            "Kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW và Nghị quyết 153/NQ-CP",
            "Action Plan implementing Resolution 59-NQ/TW and Resolution 153/NQ-CP",
            "ministry",
            "in_force",
            "1234/QĐ-BNNMT",
            "05/02/2025",
            "Hà Nội",
            "2025-02-05",
            datetime.datetime(2030, 12, 31),
            "0",
            "",
            "HTQT",
            "htqt",
            "ministry",
        ],
        [
            "MOU-JP-2024",
            "Bản ghi nhớ",  # the Vietnamese label of the kind is accepted too
            "Bản ghi nhớ hợp tác nông nghiệp Việt Nam - Nhật Bản",
            "",
            "",
            "signed",
            "",
            45500,  # an Excel serial date: 27/07/2024
            "Tokyo",
            "",
            "",
            "",
            "JP-MAFF; FAO",
            "TTBVTV",
            "",
            "",
        ],
    ]


def commitment_rows():
    return [
        COMMITMENT_HEADER,
        [
            "KH-59-153-CK1",
            "KH-59-153",
            "",
            "commitment",
            "Đẩy mạnh hợp tác quốc tế về khoa học công nghệ nông nghiệp",
            "",
            "VN",
            "TTBVTV",
            "unit_focal_point",
            "2",
            "01/03/2025",
            "31/12/2026",
            "FAO",
        ],
        [
            "KH-59-153-CK1-M1",
            "",  # a milestone takes its parent's agreement
            "KH-59-153-CK1",  # the parent is on an earlier row of this file
            "milestone",
            "Ký kết 3 chương trình hợp tác nghiên cứu",
            "Three research cooperation programmes signed",
            "Hai bên",
            "TTBVTV",
            "",
            "1",
            "",
            "30/06/2026",
            "",
        ],
        [
            "KH-59-153-CK2",
            "KH-59-153",
            "",
            "",
            "Hỗ trợ kỹ thuật về kiểm dịch thực vật",
            "",
            "Đối tác",
            "",
            "",
            "",
            "",
            "",
            "JP-MAFF",
        ],
    ]


class TestAgreements:
    def test_the_dry_run_names_the_row_and_column_of_every_error_and_writes_nothing(
        self, dic_officer, partners
    ):
        rows = agreement_rows()
        rows[1][4] = "galactic"  # level
        rows[2][7] = "32/13/2024"  # signed_on
        rows[2][12] = "JP-MAFF; NOPE"  # partners
        rows[2][13] = "XYZ"  # lead_unit
        job, outcome = dry_run(dic_officer, "agreements", rows)
        assert job.status == ImportStatus.FAILED_VALIDATION
        assert errors_of(job) == [(2, "level"), (3, "signed_on"), (3, "partners"), (3, "lead_unit")]
        messages = {e["field"]: e["message"] for e in job.report["errors"]}
        assert "NOPE" in messages["partners"] and "XYZ" in messages["lead_unit"]
        assert Agreement.objects.count() == 0

    def test_an_end_of_validity_before_its_start_is_a_row_error(self, dic_officer, partners):
        rows = agreement_rows()
        rows[1][10] = "01/01/2020"
        job, _outcome = dry_run(dic_officer, "agreements", rows)
        assert errors_of(job) == [(2, "valid_to")]

    def test_applying_creates_agreements_in_their_starting_status_with_their_parties(
        self, dic_officer, partners, units, apply_now
    ):
        job = apply_now(dic_officer, "agreements", agreement_rows())
        assert job.status == ImportStatus.APPLIED
        assert job.counts == {"create": 2, "update": 0, "unchanged": 0}
        plan = Agreement.objects.get(code="KH-59-153")
        assert plan.status == "in_force" and plan.kind == "action_plan"
        assert (plan.signed_on, plan.valid_from, plan.valid_to) == (
            datetime.date(2025, 2, 5),
            datetime.date(2025, 2, 5),
            datetime.date(2030, 12, 31),
        )
        assert plan.lead_unit == units["dic"] and plan.owner_unit == units["dic"]
        assert AgreementTransition.objects.get(agreement=plan).to_status == "in_force"
        mou = Agreement.objects.get(code="MOU-JP-2024")
        assert mou.kind == "mou" and mou.status == "signed" and mou.signed_on == datetime.date(2024, 7, 27)
        assert mou.owner_unit == units["dic"]  # the importer's own unit by default
        assert set(mou.partners.values_list("code", flat=True)) == {"JP-MAFF", "FAO"}

    def test_importing_the_same_file_twice_changes_nothing_the_second_time(
        self, dic_officer, partners, apply_now
    ):
        apply_now(dic_officer, "agreements", agreement_rows())
        audits = AuditEvent.objects.count()
        versions = dict(Agreement.objects.values_list("code", "version"))
        job = apply_now(dic_officer, "agreements", agreement_rows())
        assert job.counts == {"create": 0, "update": 0, "unchanged": 2}
        assert AuditEvent.objects.count() == audits
        assert dict(Agreement.objects.values_list("code", "version")) == versions

    def test_a_changed_row_updates_only_the_changed_fields_and_may_take_the_next_lifecycle_step(
        self, dic_officer, partners, apply_now
    ):
        apply_now(dic_officer, "agreements", agreement_rows())
        rows = agreement_rows()
        rows[2][5] = "in_force"  # signed -> in force
        rows[2][12] = "JP-MAFF"
        job = apply_now(dic_officer, "agreements", rows)
        assert job.counts == {"create": 0, "update": 1, "unchanged": 1}
        assert job.report["actions"][1]["changes"] == ["partners", "status"]
        mou = Agreement.objects.get(code="MOU-JP-2024")
        assert mou.status == "in_force"
        assert list(mou.partners.values_list("code", flat=True)) == ["JP-MAFF"]
        assert mou.transitions.first().to_status == "in_force"

    def test_a_status_the_lifecycle_does_not_allow_is_a_row_error(self, dic_officer, partners, apply_now):
        apply_now(dic_officer, "agreements", agreement_rows())
        rows = agreement_rows()
        rows[1][5] = "draft"
        job, _outcome = dry_run(dic_officer, "agreements", rows)
        assert errors_of(job) == [(2, "status")]
        assert "cannot go to" in job.report["errors"][0]["message"]

    def test_an_officer_may_not_change_another_units_agreement_by_import(
        self, dic_officer, other_unit_officer, partners, apply_now
    ):
        apply_now(dic_officer, "agreements", agreement_rows())
        rows = agreement_rows()
        rows[1][3] = "Changed"
        rows[1][14] = ""
        rows[2][14] = "lnkl"
        rows[2][12] = ""
        job, _outcome = dry_run(other_unit_officer, "agreements", rows)
        assert errors_of(job) == [(2, "code"), (3, "code")]


@pytest.fixture
def plan_agreement(dic_officer, units):
    return agreement_services.create_agreement(
        actor=dic_officer,
        data={
            "code": "KH-59-153",
            "kind": "action_plan",
            "title_vi": "Kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW",
            "owner_unit": units["dic"],
        },
    )


class TestCommitments:
    def test_a_file_builds_the_commitment_tree_with_parents_from_earlier_rows(
        self, dic_officer, unit_focal_point, partners, plan_agreement, units, apply_now
    ):
        job = apply_now(dic_officer, "commitments", commitment_rows())
        assert job.counts == {"create": 3, "update": 0, "unchanged": 0}
        parent = Commitment.objects.get(code="KH-59-153-CK1")
        milestone = Commitment.objects.get(code="KH-59-153-CK1-M1")
        other = Commitment.objects.get(code="KH-59-153-CK2")
        assert milestone.parent == parent and milestone.agreement == plan_agreement
        assert (parent.side, milestone.side, other.side) == ("vn", "both", "partner")
        assert parent.focal_person == unit_focal_point and parent.lead_unit == units["ppd"]
        assert parent.weight == Decimal("2") and milestone.kind == "milestone"
        assert parent.owner_unit == units["dic"]  # the agreement's owner
        assert list(other.partners.values_list("code", flat=True)) == ["JP-MAFF"]

    def test_the_dry_run_reports_unknown_codes_people_and_dates_by_row_and_column(
        self, dic_officer, other_unit_officer, partners, plan_agreement
    ):
        rows = commitment_rows()
        rows[1][1] = "NO-SUCH-PLAN"  # agreement
        rows[1][8] = "other_unit_officer"  # focal person outside the lead unit
        rows[2][2] = "KH-59-153-CK2"  # parent on a later row
        rows[3][10], rows[3][11] = "01/06/2026", "01/01/2026"  # due before start
        rows[3][6] = "sideways"
        job, _outcome = dry_run(dic_officer, "commitments", rows)
        assert errors_of(job) == [
            (2, "agreement"),
            (3, "parent"),
            (4, "side"),
        ]
        rows[1][1] = "KH-59-153"
        rows[2][2] = "KH-59-153-CK1"
        rows[3][6] = "both"
        job, _outcome = dry_run(dic_officer, "commitments", rows)
        assert errors_of(job) == [(2, "focal_person"), (3, "parent"), (4, "due_on")]
        messages = [e["message"] for e in job.report["errors"]]
        assert "not a member of the lead unit" in messages[0]
        assert "row 2" in messages[1]
        assert Commitment.objects.count() == 0

    def test_importing_the_same_commitments_twice_changes_nothing(
        self, dic_officer, unit_focal_point, partners, plan_agreement, apply_now
    ):
        apply_now(dic_officer, "commitments", commitment_rows())
        audits = AuditEvent.objects.count()
        job = apply_now(dic_officer, "commitments", commitment_rows())
        assert job.counts == {"create": 0, "update": 0, "unchanged": 3}
        assert AuditEvent.objects.count() == audits

        rows = commitment_rows()
        rows[3][11] = "31/12/2027"
        job = apply_now(dic_officer, "commitments", rows)
        assert job.counts == {"create": 0, "update": 1, "unchanged": 2}
        assert job.report["actions"][2]["changes"] == ["due_on"]
        assert Commitment.objects.get(code="KH-59-153-CK2").due_on == datetime.date(2027, 12, 31)

    def test_a_commitment_cannot_become_part_of_its_own_part(
        self, dic_officer, unit_focal_point, partners, plan_agreement, apply_now
    ):
        apply_now(dic_officer, "commitments", commitment_rows())
        rows = [COMMITMENT_HEADER, commitment_rows()[1]]
        rows[1][2] = "KH-59-153-CK1-M1"
        job, _outcome = dry_run(dic_officer, "commitments", rows)
        assert errors_of(job) == [(2, "parent")]
