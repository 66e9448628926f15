"""The urging letter (công văn đôn đốc): a Decree 30/2020 letter asking the lead units of overdue tasks to
finish them and report back.

The letter is an official document, so its wording is Vietnamese whatever the reader's interface language and
is deliberately not passed through gettext (like the fixed wording in coophub/reports/decree30.py).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coophub.access.policies import VIEW, policy_for
from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot
from coophub.core.dates import format_dmy
from coophub.core.text import fold_vi
from coophub.reports.decree30 import Letter, Table, render_letter

from . import events
from .choices import DeadlineState
from .deadlines import deadline_state_q
from .models import Task

PARENT_BODY = "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
ISSUING_BODY = "VỤ HỢP TÁC QUỐC TẾ"
SYMBOL = "BNNMT-HTQT"
SUBJECT = "đôn đốc thực hiện nhiệm vụ quá hạn"
SIGNER_AUTHORITY = "TL. BỘ TRƯỞNG"
SIGNER_TITLE = "VỤ TRƯỞNG VỤ HỢP TÁC QUỐC TẾ"
CC = ["- Như trên;", "- Thứ trưởng (để b/c);", "- Lưu: VT, HTQT."]
TABLE_HEADER = [
    "STT",
    "Nhiệm vụ",
    "Văn bản giao",
    "Đơn vị chủ trì",
    "Cán bộ đầu mối",
    "Hạn xử lý",
    "Số ngày quá hạn",
]
TABLE_WIDTHS_CM = [1.2, 3.9, 2.6, 2.6, 2.2, 2.5, 1.5]  # 16.5 cm between the margins
REPORT_WITHIN_WORKING_DAYS = 5
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _ids(ids) -> list[int]:
    out = []
    for value in ids or ():
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


def urging_tasks(actor, ids) -> list[Task]:
    """The selected tasks that `actor` may see and that are open and overdue today, grouped by lead unit."""
    today = timezone.localdate()
    tasks = list(
        policy_for(Task)
        .scope(actor, VIEW)
        .filter(pk__in=_ids(ids))
        .filter(deadline_state_q(DeadlineState.OVERDUE, today))
        .select_related("lead_unit", "focal_person", "commitment")
    )
    if not tasks:
        raise ValidationError({"task": _("Select at least one overdue task to urge.")})
    # Sorted in Python so SQLite and PostgreSQL (different collations) give the same letter.
    tasks.sort(key=lambda t: (fold_vi(t.lead_unit.name_vi), t.due_on, t.pk))
    return tasks


def _source(task: Task) -> str:
    """How the letter cites the document (or meeting, or commitment) that assigned the task."""
    if task.source_document:
        if task.source_document_date:
            return f"{task.source_document} ngày {format_dmy(task.source_document_date)}"
        return task.source_document
    if task.source_meeting:
        return task.source_meeting
    if task.commitment_id:
        return task.commitment.title_vi
    return "—"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


def _recipients(tasks) -> list[str]:
    names = []
    for task in tasks:
        if task.lead_unit.name_vi not in names:
            names.append(task.lead_unit.name_vi)
    return names


def _report_by(date: datetime.date) -> datetime.date:
    try:
        from coophub.scheduler.workdays import add_working_days
    except ImportError:  # the holiday calendar is optional; a week of calendar days is the fallback
        return date + datetime.timedelta(days=7)
    return add_working_days(date, REPORT_WITHIN_WORKING_DAYS)


def days_overdue(task: Task, date: datetime.date) -> int:
    return max((date - task.due_on).days, 0) if task.due_on else 0


def letter_for(tasks, date: datetime.date) -> Letter:
    documents = []
    for task in tasks:
        if task.source_document and _source(task) not in documents:
            documents.append(_source(task))
    if documents:
        cited = "Thực hiện " + _join(["văn bản số " + d for d in documents])
        basis = f"{cited} về việc giao nhiệm vụ"
    else:
        basis = "Thực hiện chỉ đạo của Lãnh đạo Bộ về việc theo dõi, đôn đốc thực hiện nhiệm vụ"
    opening = (
        f"{basis}, Vụ Hợp tác quốc tế đã theo dõi tình hình thực hiện các nhiệm vụ được giao cho các đơn vị. "
        f"Đến ngày {format_dmy(date)}, {len(tasks)} nhiệm vụ dưới đây đã quá hạn xử lý nhưng chưa hoàn thành:"
    )
    rows = [
        [
            str(number),
            task.title,
            _source(task),
            task.lead_unit.name_vi,
            str(task.focal_person),
            format_dmy(task.due_on),
            str(days_overdue(task, date)),
        ]
        for number, task in enumerate(tasks, start=1)
    ]
    closing = [
        "Để bảo đảm tiến độ và hiệu quả công tác hợp tác quốc tế, Vụ Hợp tác quốc tế đề nghị các đơn vị "
        "khẩn trương chỉ đạo hoàn thành các nhiệm vụ nêu trên và báo cáo kết quả thực hiện (qua Vụ Hợp tác "
        f"quốc tế) trước ngày {format_dmy(_report_by(date))} để tổng hợp, báo cáo Lãnh đạo Bộ.",
        "Vụ Hợp tác quốc tế trân trọng đề nghị các đơn vị quan tâm, phối hợp thực hiện./.",
    ]
    return Letter(
        parent_body=PARENT_BODY,
        issuing_body=ISSUING_BODY,
        number="",
        symbol=SYMBOL,
        date=date,
        subject=SUBJECT,
        recipients=_recipients(tasks),
        paragraphs=[opening],
        table=Table(header=TABLE_HEADER, rows=rows, widths_cm=TABLE_WIDTHS_CM, numeric_columns=(0, 6)),
        closing_paragraphs=closing,
        signer_authority=SIGNER_AUTHORITY,
        signer_title=SIGNER_TITLE,
        cc=CC,
    )


@transaction.atomic
def build_urging_letter(*, actor, tasks, date: datetime.date | None = None) -> bytes:
    """The .docx of the urging letter for `tasks` (from urging_tasks). Each task's audit trail and timeline
    record that it was urged."""
    tasks = list(tasks)
    if not tasks:
        raise ValidationError({"task": _("Select at least one overdue task to urge.")})
    date = date or timezone.localdate()
    content = render_letter(letter_for(tasks, date))
    reason = _("Urging letter of %(date)s") % {"date": format_dmy(date)}
    for task in tasks:
        state = snapshot(task)
        record(actor, AuditAction.EXPORT, task, before=state, after=state, reason=reason)
        events.task_urged(task, actor=actor, on=date, days_overdue=days_overdue(task, date))
    return content
