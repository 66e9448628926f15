"""The urging letter (công văn đôn đốc): a Decree 30/2020 .docx addressed to the lead units of the selected
overdue tasks the reader may see, recorded on each task's audit trail and timeline."""

import datetime
import io

import docx
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from coophub.assignments import urging
from coophub.audit.models import AuditAction, AuditEvent
from coophub.timeline.services import events_for

pytestmark = pytest.mark.django_db
# Thursday 23 April 2026, 09:00 in Hà Nội. The report is due 5 working days later: 24, 28, 29 April and
# 4, 5 May (27 April is the day off in lieu for the Hùng Kings, 30 April and 1 May are public holidays).
NOW = datetime.datetime(2026, 4, 23, 2, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 4, 23)
HEADER = [
    "STT",
    "Nhiệm vụ",
    "Văn bản giao",
    "Đơn vị chủ trì",
    "Cán bộ đầu mối",
    "Hạn xử lý",
    "Số ngày quá hạn",
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tasks(make_task, units, other_unit_officer):
    start = datetime.date(2026, 4, 1)
    return {
        "ppd": make_task(
            title="Xây dựng đề án hợp tác nghiên cứu giống lúa chịu mặn",
            assigned_on=start,
            due_on=datetime.date(2026, 4, 13),
            source_document="1234/QĐ-BNNMT",
            source_document_date=datetime.date(2026, 3, 30),
        ),
        "forestry": make_task(
            title="Báo cáo kết quả hợp tác lâm nghiệp quý I",
            lead_unit=units["forestry"],
            focal_person=other_unit_officer,
            assigned_on=start,
            due_on=datetime.date(2026, 4, 20),
            source_document="56/TB-BNNMT",
        ),
        "not_due": make_task(title="Chuẩn bị hội nghị", assigned_on=start, due_on=datetime.date(2026, 4, 30)),
        "hidden": make_task(
            actor=other_unit_officer,
            title="Đàm phán mật về hạn ngạch",
            owner_unit=units["forestry"],
            lead_unit=units["forestry"],
            focal_person=other_unit_officer,
            visibility="restricted",
            assigned_on=start,
            due_on=datetime.date(2026, 4, 10),
        ),
    }


def all_ids(tasks):
    return [t.pk for t in tasks.values()]


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def texts(document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    return out


def data_rows(document) -> list[list[str]]:
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == HEADER)
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def letter(actor, tasks):
    selected = urging.urging_tasks(actor, all_ids(tasks))
    return open_docx(urging.build_urging_letter(actor=actor, tasks=selected))


def test_only_visible_open_overdue_tasks_are_urged(dic_officer, other_unit_officer, tasks):
    selected = urging.urging_tasks(dic_officer, all_ids(tasks) + ["junk"])

    assert selected == [tasks["forestry"], tasks["ppd"]]  # grouped by lead unit, Lâm nghiệp before Trồng trọt
    assert urging.urging_tasks(other_unit_officer, [tasks["hidden"].pk]) == [tasks["hidden"]]


def test_nothing_overdue_to_urge_is_a_validation_error_naming_the_task_field(dic_officer, tasks):
    with pytest.raises(ValidationError) as caught:
        urging.urging_tasks(dic_officer, [tasks["not_due"].pk, tasks["hidden"].pk])

    assert "task" in caught.value.message_dict


def test_the_letter_is_addressed_to_the_lead_units_of_the_overdue_tasks(dic_officer, tasks):
    lines = texts(letter(dic_officer, tasks))

    assert "Kính gửi:\t- Cục Lâm nghiệp và Kiểm lâm;" in lines
    assert "- Cục Trồng trọt và Bảo vệ thực vật." in lines


def test_the_table_lists_the_overdue_tasks_with_their_days_overdue(dic_officer, other_unit_officer, tasks):
    rows = data_rows(letter(dic_officer, tasks))

    assert rows == [
        [
            "1",
            "Báo cáo kết quả hợp tác lâm nghiệp quý I",
            "56/TB-BNNMT",
            "Cục Lâm nghiệp và Kiểm lâm",
            str(other_unit_officer),
            "20/04/2026",
            "3",
        ],
        [
            "2",
            "Xây dựng đề án hợp tác nghiên cứu giống lúa chịu mặn",
            "1234/QĐ-BNNMT ngày 30/03/2026",
            "Cục Trồng trọt và Bảo vệ thực vật",
            "unit_focal_point",
            "13/04/2026",
            "10",
        ],
    ]


def test_a_task_the_reader_cannot_see_is_not_in_the_letter(dic_officer, tasks):
    content = "\n".join(texts(letter(dic_officer, tasks)))

    assert "Đàm phán mật" not in content
    assert "Chuẩn bị hội nghị" not in content


def test_the_letter_has_the_decree_30_header_dateline_signature_and_recipients_list(dic_officer, tasks):
    with translation.override("en"):  # an official document: Vietnamese whatever the interface language
        lines = texts(letter(dic_officer, tasks))

    for expected in (
        "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        "VỤ HỢP TÁC QUỐC TẾ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số:       /BNNMT-HTQT",
        "V/v đôn đốc thực hiện nhiệm vụ quá hạn",
        "Hà Nội, ngày 23 tháng 4 năm 2026",
        "TL. BỘ TRƯỞNG",
        "VỤ TRƯỞNG VỤ HỢP TÁC QUỐC TẾ",
        "Nơi nhận:",
        "- Như trên;",
        "- Thứ trưởng (để b/c);",
        "- Lưu: VT, HTQT.",
    ):
        assert expected in lines, expected
    body = "\n".join(lines)
    assert "văn bản số 56/TB-BNNMT và văn bản số 1234/QĐ-BNNMT ngày 30/03/2026" in body
    assert "trước ngày 05/05/2026" in body


def test_an_early_month_date_takes_a_leading_zero_in_the_dateline(dic_officer, tasks):
    selected = urging.urging_tasks(dic_officer, all_ids(tasks))
    document = open_docx(
        urging.build_urging_letter(actor=dic_officer, tasks=selected, date=datetime.date(2026, 5, 4))
    )

    assert "Hà Nội, ngày 04 tháng 5 năm 2026" in texts(document)
    assert [row[-1] for row in data_rows(document)] == ["14", "21"]


def test_each_urged_task_records_the_letter_on_its_audit_trail_and_timeline(dic_officer, tasks):
    letter(dic_officer, tasks)

    exported = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert sorted(exported.values_list("object_id", flat=True)) == sorted(
        [str(tasks["ppd"].pk), str(tasks["forestry"].pk)]
    )
    assert all(event.changes == {} for event in exported)
    with translation.override("en"):
        timeline = [event.text for event in events_for(dic_officer, tasks["ppd"])]
    assert "Urged by letter (công văn đôn đốc) of 23/04/2026, 10 day(s) overdue" in timeline
    assert not AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=str(tasks["hidden"].pk)
    ).exists()


def post(client, user, ids):
    client.force_login(user)
    return client.post(reverse("assignments:urging_letter"), {"task": ids})


def test_the_view_downloads_the_letter_as_docx(client, dic_officer, tasks):
    response = post(client, dic_officer, all_ids(tasks))

    assert response.status_code == 200
    assert response["Content-Type"] == urging.DOCX
    assert response["Content-Disposition"] == 'attachment; filename="cong-van-don-doc-2026-04-23.docx"'
    assert len(data_rows(open_docx(response.content))) == 2


def test_the_view_sends_the_reader_back_to_the_overdue_list_when_nothing_can_be_urged(
    client, dic_officer, tasks
):
    response = post(client, dic_officer, [tasks["not_due"].pk])

    assert response.status_code == 302
    assert response["Location"] == reverse("assignments:overdue_by_unit")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_view_wants_a_signed_in_post(client, dic_officer, tasks):
    url = reverse("assignments:urging_letter")
    assert client.post(url, {"task": all_ids(tasks)}).status_code == 302  # to the login page
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    client.force_login(dic_officer)
    assert client.get(url).status_code == 405
