"""Commitments and milestones: each row checked (the dry run), then written through the agreement services.

A row's parent may be an existing commitment or one on an earlier row of the same file.
"""

import copy

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coophub.agreements import services
from coophub.agreements.choices import CommitmentKind, Side
from coophub.agreements.models import Agreement, Commitment
from coophub.agreements.services import COMMITMENT_FIELDS
from coophub.core.models import Visibility
from coophub.core.services import assign

from .base import _choices, _max
from .columns import VISIBILITY_COLUMN, Column
from .domain import DomainImporter, RecordPlan, column_values

SIDE_ALIASES = {
    "vn": Side.VN,
    "viet nam": Side.VN,
    "phia viet nam": Side.VN,
    "doi tac": Side.PARTNER,
    "phia doi tac": Side.PARTNER,
    "hai ben": Side.BOTH,
    "ca hai ben": Side.BOTH,
    "both": Side.BOTH,
}
KIND_ALIASES = {"cam ket": CommitmentKind.COMMITMENT, "moc": CommitmentKind.MILESTONE}

COMMITMENT_COLUMNS = (
    Column(
        "code",
        gettext_lazy("Stable code of the commitment, e.g. KH-59-153-CK1 (letters, digits, '-' and '_')."),
        True,
        ("mã", "mã cam kết"),
    ),
    Column(
        "agreement",
        gettext_lazy("Code of the agreement it was made under."),
        False,
        ("mã văn kiện", "mã thỏa thuận", "văn kiện", "thỏa thuận", "agreement code"),
    ),
    Column(
        "parent",
        gettext_lazy("Code of the commitment it is part of: an existing one or one on an earlier row."),
        False,
        ("parent code", "thuộc", "mã cấp trên", "cam kết cấp trên", "part of"),
    ),
    Column("kind", gettext_lazy("commitment or milestone."), False, ("loại",)),
    Column(
        "title_vi",
        gettext_lazy("What was promised, in Vietnamese."),
        True,
        ("title", "tên", "nội dung", "nội dung cam kết", "tên tiếng việt"),
    ),
    Column("title_en", gettext_lazy("The same in English."), False, ("tên tiếng anh", "english title")),
    Column(
        "side",
        gettext_lazy("Who promised it: vn, partner or both (also VN, Đối tác, Hai bên)."),
        False,
        ("promised by", "bên", "bên cam kết", "bên thực hiện"),
    ),
    Column(
        "lead_unit",
        gettext_lazy("Code or abbreviation of the Ministry unit that leads it."),
        False,
        ("đơn vị chủ trì",),
    ),
    Column(
        "focal_person",
        gettext_lazy("User name of the focal person, a member of the lead unit."),
        False,
        ("đầu mối", "cán bộ đầu mối", "người đầu mối", "focal point"),
    ),
    Column("weight", gettext_lazy("Weight in its parent's progress (default 1)."), False, ("trọng số",)),
    Column("start_on", gettext_lazy("Start (dd/mm/yyyy)."), False, ("bắt đầu", "ngày bắt đầu", "start")),
    Column(
        "due_on",
        gettext_lazy("Due date (dd/mm/yyyy)."),
        False,
        ("hạn", "thời hạn", "hạn hoàn thành", "due", "due date"),
    ),
    Column(
        "partners",
        gettext_lazy("Codes of the partners concerned, separated by ';'."),
        False,
        ("đối tác", "mã đối tác", "partner codes"),
    ),
    Column(
        "owner_unit",
        gettext_lazy("Code or abbreviation of the owning unit; defaults to the agreement's."),
        False,
        ("đơn vị quản lý", "đơn vị sở hữu", "owning unit"),
    ),
    VISIBILITY_COLUMN,
)


class CommitmentImporter(DomainImporter):
    kind = "commitments"
    columns = COMMITMENT_COLUMNS
    model = Commitment
    locked_message = gettext_lazy(
        "A commitment with code “%(code)s” already exists and you may not change it."
    )
    owner_message = gettext_lazy("You may not create or give commitments to the unit “%(unit)s”.")

    def prepare(self, table):
        codes = column_values(table, self.index, "code")
        parent_codes = column_values(table, self.index, "parent")
        self.load_existing(
            codes,
            Commitment.objects.select_related("parent", "lead_unit", "focal_person").prefetch_related(
                "partners"
            ),
        )
        self.visible: dict[str, Commitment] = self.visible_by_code(Commitment, codes | parent_codes)
        self.agreements: dict[str, Agreement] = self.visible_by_code(
            Agreement, column_values(table, self.index, "agreement")
        )
        self.load_units()
        self.load_partners(table)
        self.load_users(table, "focal_person")
        self.load_members()
        self.kinds = {**KIND_ALIASES, **_choices(CommitmentKind)}
        self.sides = {**SIDE_ALIASES, **_choices(Side)}
        self.visibilities = _choices(Visibility)
        self.primary_unit = self.actor.primary_unit
        self.file_rows: dict[str, int] = {}
        self.all_codes = codes
        self.created_codes: set[str] = set()
        # parent code and agreement id of each code, as they will be once the rows before are applied
        self.planned_parent: dict[str, str | None] = {}
        self.planned_agreement: dict[str, int | None] = {}

    def _parent(self, cells, code, plan, data):
        """Resolve the parent column; returns (parent code, its agreement id) or None."""
        parent_code = cells.text("parent")
        if not parent_code:
            data["parent"] = None
            return None
        if parent_code == code or (code and self.creates_cycle(code, parent_code, self.planned_parent)):
            cells.error("parent", _("A commitment cannot be part of itself."))
            return None
        if parent_code in self.created_codes:
            plan.extra["parent_code"] = parent_code
            return parent_code, self.planned_agreement[parent_code]
        if parent_code in self.visible:
            parent = self.visible[parent_code]
            data["parent"] = parent
            agreement_id = self.planned_agreement.get(parent_code, parent.agreement_id)
            return parent_code, agreement_id
        if parent_code in self.file_rows:
            message = _("The parent “%(code)s” (row %(row)s) has errors; fix that row first.") % {
                "code": parent_code,
                "row": self.file_rows[parent_code],
            }
        elif parent_code in self.all_codes:
            message = _("The parent “%(code)s” must be on an earlier row than its parts.") % {
                "code": parent_code
            }
        else:
            message = _("Unknown commitment code “%(code)s”.") % {"code": parent_code}
        cells.error("parent", message)
        return None

    def check_row(self, cells):
        code = self.row_code(cells)
        if code is None:
            return None
        existing = self.existing.get(code)
        plan = RecordPlan(row=cells.number, key=code, obj=existing)
        data: dict = {"code": code}
        if cells.has("agreement"):
            data["agreement"] = self.reference(
                cells, "agreement", self.agreements, _("Unknown agreement code “%(code)s”.")
            )
        parent = self._parent(cells, code, plan, data) if cells.has("parent") else None
        if parent is None and existing is not None and not cells.has("parent") and existing.parent_id:
            parent = (existing.parent.code, existing.parent.agreement_id)
        for name, table in (("kind", self.kinds), ("side", self.sides), ("visibility", self.visibilities)):
            value = self.choice(cells, name, table) if cells.has(name) else None
            if value:
                data[name] = value
        data["title_vi"] = cells.text("title_vi", _max(Commitment, "title_vi"), required=True)
        if cells.has("title_en"):
            data["title_en"] = cells.text("title_en", _max(Commitment, "title_en"))
        if cells.has("lead_unit"):
            value = cells.text("lead_unit")
            data["lead_unit"] = self.unit(cells, "lead_unit", value) if value else None
        if cells.has("focal_person"):
            data["focal_person"] = self.user(cells, "focal_person")
        if cells.has("weight") and cells.raw("weight") is not None:
            data["weight"] = self.decimal(cells, "weight")
        for name in ("start_on", "due_on"):
            if cells.has(name):
                data[name] = self.date(cells, name)
        partners = self.partners_of(cells) if cells.has("partners") else None
        if cells.errors:
            return None

        agreement_id = self._agreement_id(data, existing, parent)
        if "agreement" in data and data["agreement"] is None and agreement_id is not None:
            data["agreement"] = self._agreement_by_id(agreement_id)
        if parent is not None and parent[1] != agreement_id:
            cells.error(
                "parent",
                _("A milestone belongs to the same agreement as the commitment it is part of."),
            )
        self.owner_unit(cells, data, existing, lambda: self._default_owner(agreement_id))
        self._check_people_and_rights(cells, data, existing)
        if cells.errors:
            return None

        candidate = copy.copy(existing) if existing is not None else Commitment()
        changed = assign(candidate, data, COMMITMENT_FIELDS)
        self.clean_candidate(cells, candidate, exclude=["parent"] if "parent_code" in plan.extra else ())
        if candidate.start_on and candidate.due_on and candidate.due_on < candidate.start_on:
            cells.error("due_on", _("The due date cannot be before the start."))
        if cells.errors:
            return None
        if "parent_code" in plan.extra:
            changed.add("parent")
        if partners is not None:
            current = {p.pk for p in existing.partners.all()} if existing is not None else set()
            if {p.pk for p in partners} != current:
                data["partners"] = partners
                changed.add("partners")
        self.planned_parent[code] = parent[0] if parent else None
        self.planned_agreement[code] = agreement_id
        if existing is None:
            self.created_codes.add(code)
        return self.finish(plan, data, changed)

    @staticmethod
    def _agreement_id(data, existing, parent):
        """The agreement the row's commitment will belong to, as the services decide it."""
        if "agreement" in data and data["agreement"] is not None:
            return data["agreement"].pk
        if "agreement" in data or existing is None:
            return parent[1] if parent is not None else None  # a blank agreement: the parent's
        return existing.agreement_id

    def _default_owner(self, agreement_id):
        agreement = self._agreement_by_id(agreement_id) if agreement_id else None
        return agreement.owner_unit if agreement else self.primary_unit

    def _agreement_by_id(self, pk):
        for agreement in self.agreements.values():
            if agreement.pk == pk:
                return agreement
        agreement = Agreement.objects.select_related("owner_unit").get(pk=pk)
        self.agreements[agreement.code] = agreement
        return agreement

    def _check_people_and_rights(self, cells, data, existing):
        lead = data["lead_unit"] if "lead_unit" in data else (existing.lead_unit if existing else None)
        person = (
            data["focal_person"] if "focal_person" in data else (existing.focal_person if existing else None)
        )
        self.check_member(cells, "focal_person" if cells.has("focal_person") else "lead_unit", person, lead)
        self.check_owner(cells, data, existing)

    def apply_row(self, plan):
        data = dict(plan.data)
        if "parent_code" in plan.extra:
            code = plan.extra["parent_code"]
            data["parent"] = self.created.get(code) or Commitment.objects.get(code=code)
        elif data.get("parent") is not None:  # re-read: an earlier row may have moved it
            data["parent"] = Commitment.objects.get(pk=data["parent"].pk)
        if plan.action == "create":
            self.created[plan.key] = services.create_commitment(actor=self.actor, data=data)
        else:
            services.update_commitment(plan.obj, actor=self.actor, data=data)
