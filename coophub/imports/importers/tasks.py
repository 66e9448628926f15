"""Tasks: each row checked (the dry run), then written through coophub.assignments.services.

Every task has exactly one lead unit and one focal person who belongs to it; a cell naming two lead units is
a row error, not a guess.
"""

import copy

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coophub.agreements.models import Commitment
from coophub.assignments import services
from coophub.assignments.choices import TaskPriority, TaskSource
from coophub.assignments.models import Task
from coophub.assignments.services import TASK_FIELDS
from coophub.core.models import Visibility
from coophub.core.services import assign

from .base import MAX_TEXT, _choices, _max
from .columns import VISIBILITY_COLUMN, Column
from .domain import DomainImporter, RecordPlan, column_values, split_list

PRIORITY_ALIASES = {
    "thap": TaskPriority.LOW,
    "binh thuong": TaskPriority.NORMAL,
    "cao": TaskPriority.HIGH,
    "khan": TaskPriority.URGENT,
    "khan cap": TaskPriority.URGENT,
}

TASK_COLUMNS = (
    Column(
        "code",
        gettext_lazy(
            "The task's number, e.g. from the directing document: NV-59-01 (letters, digits, '-', '_')."
        ),
        True,
        ("mã", "mã nhiệm vụ", "số hiệu nhiệm vụ", "task number"),
    ),
    Column(
        "title", gettext_lazy("The task."), True, ("tên", "nhiệm vụ", "tên nhiệm vụ", "nội dung nhiệm vụ")
    ),
    Column("description", gettext_lazy("Details."), False, ("mô tả", "nội dung", "yêu cầu")),
    Column(
        "source_document",
        gettext_lazy("Number of the directing document, e.g. 123/QĐ-BNNMT."),
        False,
        ("văn bản giao", "văn bản giao nhiệm vụ", "số văn bản", "source"),
    ),
    Column(
        "source_document_date",
        gettext_lazy("Date of the directing document (dd/mm/yyyy)."),
        False,
        ("ngày văn bản", "ngày văn bản giao", "ngày ban hành"),
    ),
    Column(
        "commitment",
        gettext_lazy("Code of the commitment the task carries out."),
        False,
        ("cam kết", "mã cam kết", "commitment code"),
    ),
    Column(
        "lead_unit",
        gettext_lazy("Code or abbreviation of the ONE lead unit."),
        True,
        ("đơn vị chủ trì", "chủ trì"),
    ),
    Column(
        "focal_person",
        gettext_lazy("User name of the focal person, a member of the lead unit."),
        True,
        ("cán bộ đầu mối", "đầu mối", "người đầu mối", "focal point"),
    ),
    Column(
        "coordinating_units",
        gettext_lazy("Codes or abbreviations of the coordinating units, separated by ';'."),
        False,
        ("đơn vị phối hợp", "phối hợp"),
    ),
    Column(
        "assigned_on", gettext_lazy("Date assigned (dd/mm/yyyy); defaults to today."), False, ("ngày giao",)
    ),
    Column(
        "due_on",
        gettext_lazy("Deadline (dd/mm/yyyy); blank for none."),
        False,
        ("hạn", "hạn xử lý", "thời hạn", "hạn hoàn thành", "due", "deadline"),
    ),
    Column("priority", gettext_lazy("Priority."), False, ("ưu tiên", "mức ưu tiên", "độ ưu tiên")),
    Column(
        "owner_unit",
        gettext_lazy("Code or abbreviation of the assigning unit; defaults to your own unit."),
        False,
        ("đơn vị giao", "đơn vị quản lý", "owning unit"),
    ),
    VISIBILITY_COLUMN,
)


class TaskImporter(DomainImporter):
    kind = "tasks"
    columns = TASK_COLUMNS
    model = Task
    locked_message = gettext_lazy("A task with code “%(code)s” already exists and you may not change it.")
    owner_message = gettext_lazy("You may not create or give tasks to the unit “%(unit)s”.")
    TEXT = ("source_document",)

    def prepare(self, table):
        self.load_existing(
            column_values(table, self.index, "code"),
            Task.objects.select_related("lead_unit", "focal_person").prefetch_related("coordinators"),
        )
        self.commitments: dict[str, Commitment] = self.visible_by_code(
            Commitment, column_values(table, self.index, "commitment")
        )
        self.load_units()
        self.load_users(table, "focal_person")
        self.load_members()
        self.priorities = {**PRIORITY_ALIASES, **_choices(TaskPriority)}
        self.visibilities = _choices(Visibility)
        self.primary_unit = self.actor.primary_unit
        self.today = timezone.localdate()
        self.file_rows: dict[str, int] = {}

    def _lead_unit(self, cells):
        text = cells.text("lead_unit", required=True)
        values = split_list(text)
        if len(values) > 1:
            cells.error(
                "lead_unit",
                _(
                    "A task has exactly one lead unit (got “%(value)s”); name the others under "
                    "coordinating_units."
                )
                % {"value": text},
            )
            return None
        return self.unit(cells, "lead_unit", values[0]) if values else None

    def _focal_person(self, cells, lead):
        person = self.user(cells, "focal_person")
        if not cells.text("focal_person"):
            cells.error("focal_person", _("A task needs exactly one focal person."))
        else:
            self.check_member(cells, "focal_person", person, lead)
        return person

    def check_row(self, cells):
        code = self.row_code(cells)
        if code is None:
            return None
        existing = self.existing.get(code)
        data: dict = {"code": code, "title": cells.text("title", _max(Task, "title"), required=True)}
        if cells.has("description"):
            data["description"] = cells.text("description", MAX_TEXT)
        for name in self.TEXT:
            if cells.has(name):
                data[name] = cells.text(name, _max(Task, name))
        for name in ("source_document_date", "due_on"):
            if cells.has(name):
                data[name] = self.date(cells, name)
        if cells.has("assigned_on") and cells.raw("assigned_on") is not None:
            data["assigned_on"] = self.date(cells, "assigned_on")
        elif existing is None:
            data["assigned_on"] = self.today
        if cells.has("commitment"):
            data["commitment"] = self.reference(
                cells, "commitment", self.commitments, _("Unknown commitment code “%(code)s”.")
            )
        lead = self._lead_unit(cells)
        data["lead_unit"] = lead
        data["focal_person"] = self._focal_person(cells, lead)
        coordinators = self.units_of(cells, "coordinating_units") if cells.has("coordinating_units") else None
        for name, table in (("priority", self.priorities), ("visibility", self.visibilities)):
            value = self.choice(cells, name, table) if cells.has(name) else None
            if value:
                data[name] = value
        self.owner_unit(cells, data, existing, lambda: self.primary_unit)
        if existing is None:
            has_document = bool(data.get("source_document"))
            data["source"] = (
                TaskSource.COMMITMENT if data.get("commitment") and not has_document else TaskSource.DOCUMENT
            )
        if cells.errors:
            return None

        plan = RecordPlan(row=cells.number, key=code, obj=existing)
        candidate = copy.copy(existing) if existing is not None else Task(code=code, assigned_by=self.actor)
        changed = assign(candidate, data, TASK_FIELDS)
        self.clean_candidate(cells, candidate)
        if candidate.due_on and candidate.assigned_on and candidate.due_on < candidate.assigned_on:
            cells.error("due_on", _("The due date cannot be before the date the task was assigned."))
        self._plan_coordinators(cells, plan, existing, lead, coordinators, changed)
        self._check_rights(cells, data, existing, changed)
        if cells.errors:
            return None
        return self.finish(plan, data, changed)

    @staticmethod
    def _plan_coordinators(cells, plan, existing, lead, coordinators, changed):
        current = {c.unit_id: c.part for c in existing.coordinators.all()} if existing is not None else {}
        wanted = {u.pk for u in coordinators} if coordinators is not None else set(current)
        if lead is not None and lead.pk in wanted:
            cells.error(
                "coordinating_units" if coordinators is not None else "lead_unit",
                _("The lead unit cannot also be a coordinating unit."),
            )
        if coordinators is not None and (existing is None or wanted != set(current)):
            # A unit that stays keeps its part of the work; the file does not carry the parts.
            plan.extra["coordinators"] = [{"unit": u, "part": current.get(u.pk, "")} for u in coordinators]
            if existing is not None:
                changed.add("coordinating_units")

    def _check_rights(self, cells, data, existing, changed):
        if existing is not None and changed and not existing.is_open:
            cells.error("", _("A completed or cancelled task cannot be edited."))
        self.check_owner(cells, data, existing)

    def apply_row(self, plan):
        coordinators = plan.extra.get("coordinators")
        if plan.action == "create":
            services.create_task(actor=self.actor, data=plan.data, coordinators=coordinators or [])
        else:
            services.update_task(plan.obj, actor=self.actor, data=plan.data, coordinators=coordinators)
