"""Agreements: each row checked (the dry run), then written through coophub.agreements.services.

A new agreement starts in the file's status; an existing one moves along its lifecycle when the file names the
next status (dated today, resting on the agreement's document number).
"""

import copy

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coophub.agreements import services
from coophub.agreements.choices import (
    AGREEMENT_TRANSITIONS,
    AgreementKind,
    AgreementLevel,
    AgreementStatus,
    PartyRole,
)
from coophub.agreements.models import Agreement
from coophub.agreements.services import AGREEMENT_FIELDS
from coophub.core.models import Visibility
from coophub.core.services import assign

from .base import _choices, _max
from .columns import VISIBILITY_COLUMN, Column
from .domain import DomainImporter, RecordPlan, column_values

# Vietnamese spellings accepted whatever the translation catalogue says (keys folded as header_key does).
KIND_ALIASES = {
    "ban ghi nho": AgreementKind.MOU,
    "thoa thuan hop tac": AgreementKind.AGREEMENT,
    "hiep dinh": AgreementKind.AGREEMENT,
    "chuong trinh hop tac": AgreementKind.PROGRAMME,
    "chuong trinh": AgreementKind.PROGRAMME,
    "du an": AgreementKind.PROJECT,
    "ke hoach": AgreementKind.PLAN,
    "ke hoach hanh dong": AgreementKind.ACTION_PLAN,
    "tuyen bo chung": AgreementKind.JOINT_STATEMENT,
    "bien ban": AgreementKind.MINUTES,
    "bien ban hop": AgreementKind.MINUTES,
    "khac": AgreementKind.OTHER,
}
LEVEL_ALIASES = {
    "nha nuoc": AgreementLevel.STATE,
    "chinh phu": AgreementLevel.GOVERNMENT,
    "bo": AgreementLevel.MINISTRY,
    "cap bo": AgreementLevel.MINISTRY,
    "co quan": AgreementLevel.AGENCY,
}
STATUS_ALIASES = {
    "du thao": AgreementStatus.DRAFT,
    "dang dam phan": AgreementStatus.NEGOTIATING,
    "da ky": AgreementStatus.SIGNED,
    "co hieu luc": AgreementStatus.IN_FORCE,
    "dang co hieu luc": AgreementStatus.IN_FORCE,
    "da sua doi": AgreementStatus.AMENDED,
    "sua doi": AgreementStatus.AMENDED,
    "da gia han": AgreementStatus.EXTENDED,
    "gia han": AgreementStatus.EXTENDED,
    "tam dung": AgreementStatus.SUSPENDED,
    "tam ngung": AgreementStatus.SUSPENDED,
    "cham dut": AgreementStatus.TERMINATED,
    "da cham dut": AgreementStatus.TERMINATED,
    "het hieu luc": AgreementStatus.EXPIRED,
    "het han": AgreementStatus.EXPIRED,
}

UNIT_HELP = gettext_lazy("Code or abbreviation of a Ministry unit, e.g. TTBVTV.")

AGREEMENT_COLUMNS = (
    Column(
        "code",
        gettext_lazy("Stable code of the agreement, e.g. KH-59-153 (letters, digits, '-' and '_')."),
        True,
        ("mã", "mã văn kiện", "mã thỏa thuận"),
    ),
    Column("kind", gettext_lazy("Type of agreement."), True, ("type", "loại", "loại văn kiện", "hình thức")),
    Column(
        "title_vi",
        gettext_lazy("Title in Vietnamese."),
        True,
        ("title", "tên", "tên tiếng việt", "tên văn kiện", "title (vietnamese)"),
    ),
    Column("title_en", gettext_lazy("Title in English."), False, ("tên tiếng anh", "title (english)")),
    Column("level", gettext_lazy("Level: state, government, ministry or agency."), False, ("cấp", "cấp ký")),
    Column(
        "status",
        gettext_lazy(
            "Status. A new agreement starts in it; for an existing one it may name the next lifecycle step."
        ),
        False,
        ("trạng thái", "tình trạng"),
    ),
    Column(
        "document_number",
        gettext_lazy("Number of the document."),
        False,
        ("số văn bản", "số hiệu", "số hiệu văn bản"),
    ),
    Column("signed_on", gettext_lazy("Date of signing (dd/mm/yyyy)."), False, ("ngày ký", "signing date")),
    Column("signed_place", gettext_lazy("Place of signing."), False, ("nơi ký", "địa điểm ký", "signed at")),
    Column(
        "valid_from",
        gettext_lazy("Start of validity (dd/mm/yyyy)."),
        False,
        ("hiệu lực từ", "ngày hiệu lực", "có hiệu lực từ"),
    ),
    Column(
        "valid_to",
        gettext_lazy("End of validity (dd/mm/yyyy)."),
        False,
        ("hiệu lực đến", "ngày hết hiệu lực", "ngày hết hạn", "valid until"),
    ),
    Column(
        "auto_renew", gettext_lazy("Renews automatically: 1 or 0."), False, ("tự động gia hạn", "tự gia hạn")
    ),
    Column(
        "renewal_months",
        gettext_lazy("For how many months it renews (needed when it renews automatically)."),
        False,
        ("số tháng gia hạn", "thời hạn gia hạn", "renewal term"),
    ),
    Column(
        "partners",
        gettext_lazy("Codes of the partner parties, separated by ';'."),
        False,
        ("đối tác", "mã đối tác", "bên ký", "partner codes"),
    ),
    Column("lead_unit", UNIT_HELP, False, ("đơn vị chủ trì", "đơn vị đầu mối")),
    Column(
        "owner_unit",
        gettext_lazy("Code or abbreviation of the owning unit; defaults to your own unit."),
        False,
        ("đơn vị quản lý", "đơn vị sở hữu", "owning unit"),
    ),
    VISIBILITY_COLUMN,
)


class AgreementImporter(DomainImporter):
    kind = "agreements"
    columns = AGREEMENT_COLUMNS
    model = Agreement
    locked_message = gettext_lazy(
        "An agreement with code “%(code)s” already exists and you may not change it."
    )
    owner_message = gettext_lazy("You may not create or give agreements to the unit “%(unit)s”.")
    field_to_column = {
        "parties": "partners",
        "to": "status",
        "on": "status",
        "basis": "document_number",
        "new_valid_to": "valid_to",
    }
    TEXT = ("title_en", "document_number", "signed_place")
    DATES = ("signed_on", "valid_from", "valid_to")

    def prepare(self, table):
        self.load_existing(
            column_values(table, self.index, "code"), Agreement.objects.prefetch_related("parties")
        )
        self.load_units()
        self.load_partners(table)
        self.primary_unit = self.actor.primary_unit
        self.kinds = {**KIND_ALIASES, **_choices(AgreementKind)}
        self.levels = {**LEVEL_ALIASES, **_choices(AgreementLevel)}
        self.statuses = {**STATUS_ALIASES, **_choices(AgreementStatus)}
        self.visibilities = _choices(Visibility)
        self.file_rows: dict[str, int] = {}

    def check_row(self, cells):
        code = self.row_code(cells)
        if code is None:
            return None
        existing = self.existing.get(code)
        data: dict = {"code": code}
        kind = self.choice(cells, "kind", self.kinds, required=True)
        if kind:
            data["kind"] = kind
        data["title_vi"] = cells.text("title_vi", _max(Agreement, "title_vi"), required=True)
        for name in self.TEXT:
            if cells.has(name):
                data[name] = cells.text(name, _max(Agreement, name))
        for name in self.DATES:
            if cells.has(name):
                data[name] = self.date(cells, name)
        if cells.has("auto_renew"):
            data["auto_renew"] = bool(self.boolean(cells, "auto_renew"))
        if cells.has("renewal_months"):
            data["renewal_months"] = self.integer(cells, "renewal_months")
        for name, table in (("level", self.levels), ("visibility", self.visibilities)):
            value = self.choice(cells, name, table) if cells.has(name) else None
            if value:
                data[name] = value
        if cells.has("lead_unit"):
            value = cells.text("lead_unit")
            data["lead_unit"] = self.unit(cells, "lead_unit", value) if value else None
        self.owner_unit(cells, data, existing, lambda: self.primary_unit)
        partners = self.partners_of(cells) if cells.has("partners") else None
        status = self.choice(cells, "status", self.statuses) if cells.has("status") else None
        self.check_owner(cells, data, existing)
        if cells.errors:
            return None

        plan = RecordPlan(row=cells.number, key=code, obj=existing)
        candidate = copy.copy(existing) if existing is not None else Agreement()
        changed = assign(candidate, data, AGREEMENT_FIELDS)
        self.clean_candidate(cells, candidate)
        self._check_dates(cells, candidate)
        if existing is None:
            if status:
                data["status"] = status
            plan.extra["parties"] = [(p, PartyRole.SIGNATORY) for p in partners or []]
        else:
            self._plan_status(cells, plan, existing, status, data)
            roles = {p.partner_id: p.role for p in existing.parties.all()}
            if partners is not None and {p.pk for p in partners} != set(roles):
                plan.extra["parties"] = [(p, roles.get(p.pk, PartyRole.SIGNATORY)) for p in partners]
                changed.add("partners")
            plan.extra["edit"] = bool(changed)
            if "to" in plan.extra:
                changed.add("status")
        if cells.errors:
            return None
        return self.finish(plan, data, changed)

    @staticmethod
    def _check_dates(cells, agreement):
        if agreement.valid_from and agreement.valid_to and agreement.valid_to < agreement.valid_from:
            cells.error("valid_to", _("The end of validity cannot be before its start."))
        if agreement.auto_renew and not agreement.renewal_months:
            cells.error(
                "renewal_months" if cells.has("renewal_months") else "auto_renew",
                _("Say for how many months it renews (column renewal_months)."),
            )

    def _plan_status(self, cells, plan, existing, status, data):
        if not status or status == existing.status:
            return
        if status not in AGREEMENT_TRANSITIONS.get(existing.status, set()):
            allowed = ", ".join(sorted(AGREEMENT_TRANSITIONS.get(existing.status, set()))) or "—"
            cells.error(
                "status",
                _(
                    "The agreement is “%(current)s” and cannot go to “%(status)s”; "
                    "its next step can be: %(allowed)s."
                )
                % {
                    "current": AgreementStatus(existing.status).label,
                    "status": AgreementStatus(status).label,
                    "allowed": allowed,
                },
            )
            return
        plan.extra["to"] = status
        if status == AgreementStatus.EXTENDED:
            # The new end of validity comes with the extension step, not with the edit.
            new_end = data.pop("valid_to", None)
            if new_end is None or (existing.valid_to and new_end <= existing.valid_to):
                cells.error(
                    "valid_to",
                    _("An extension needs the new end of validity, later than the current one."),
                )
            plan.extra["new_valid_to"] = new_end

    def apply_row(self, plan):
        parties = plan.extra.get("parties")
        if plan.action == "create":
            services.create_agreement(actor=self.actor, data=plan.data, parties=parties)
            return
        agreement = plan.obj
        if plan.extra.get("edit") or parties is not None:
            agreement = services.update_agreement(
                agreement, actor=self.actor, data=plan.data, parties=parties
            )
        if "to" in plan.extra:
            services.transition_agreement(
                agreement,
                actor=self.actor,
                to=plan.extra["to"],
                on=timezone.localdate(),
                basis=agreement.document_number or _("Recorded by spreadsheet import"),
                new_valid_to=plan.extra.get("new_valid_to"),
            )
