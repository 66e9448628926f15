"""Shared checks of the agreement, commitment and task importers: codes, units, people, choices, dates.

Errors name the file's column, so each importer maps the model fields its services complain about to its
own columns (FIELD_TO_COLUMN in columns.py is the partners' mapping).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.core.text import fold_vi
from coophub.partners.models import Partner

from ..parsing import cell_text
from .base import CODE_RE, Importer, RowFailed, RowPlan, _chunks, header_key, parse_date

LIST_SPLIT = re.compile(r"[;,\n]+")
TRUE = {"1", "x", "true", "yes", "y", "co", "dung", "tu dong"}
FALSE = {"0", "false", "no", "n", "khong", "sai"}


@dataclass
class RecordPlan(RowPlan):
    extra: dict = field(default_factory=dict)  # what the importer needs at apply time besides `data`


def split_list(text: str) -> list[str]:
    """ "TTBVTV; LNKL" -> ["TTBVTV", "LNKL"], without blanks or repeats."""
    out = []
    for part in LIST_SPLIT.split(text or ""):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


def column_values(table, index, name) -> set[str]:
    """Every distinct non-blank text of one column (for loading what the rows refer to in one query)."""
    position = index.get(name)
    if position is None:
        return set()
    values = set()
    for _number, row in table.rows:
        if position < len(row):
            values.update(split_list(cell_text(row[position])))
    return values


class DomainImporter(Importer):
    """An importer whose rows are keyed by `code` and written through a domain app's services."""

    field_to_column: dict[str, str] = {}  # a service's field name -> this file's column

    def column_for(self, name: str) -> str:
        if name == "__all__":
            return ""
        return self.field_to_column.get(name, name)

    def errors_of(self, row: int, exc: Exception) -> list[dict]:
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            return [
                {"row": row, "field": self.column_for(name), "message": str(message)}
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        if isinstance(exc, ValidationError):
            return [{"row": row, "field": "", "message": str(m)} for m in exc.messages]
        return [{"row": row, "field": "", "message": str(exc) or _("Permission denied.")}]

    def report_errors(self, cells, exc: Exception) -> None:
        for error in self.errors_of(cells.number, exc):
            name = error["field"]
            if name in self.index or name == "":
                cells.error(name, error["message"])
            else:  # a field the file does not carry
                cells.error("", f"{name}: {error['message']}")

    def clean_candidate(self, cells, obj, exclude=()):
        try:
            obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            self.report_errors(cells, exc)

    def apply(self, outcome, progress=None):
        self.created: dict[str, object] = {}
        for done, plan in enumerate(outcome.rows, start=1):
            if plan.action != "unchanged":
                try:
                    self.apply_row(plan)
                except (ValidationError, PermissionDenied) as exc:
                    raise RowFailed(plan.row, self.errors_of(plan.row, exc)) from exc
            if progress:
                progress(done)

    # Reference data ------------------------------------------------------------------------------------

    def load_units(self) -> None:
        self.units_by_key: dict[str, Unit] = {}
        units = list(Unit.objects.all())
        for unit in units:
            if unit.abbreviation:
                self.units_by_key.setdefault(fold_vi(unit.abbreviation), unit)
        for unit in units:  # a unit's code wins over another unit's abbreviation
            self.units_by_key[fold_vi(unit.code)] = unit

    def unit(self, cells, name, value) -> Unit | None:
        unit = self.units_by_key.get(fold_vi(value))
        if unit is None:
            cells.error(
                name, _("Unknown unit “%(unit)s” (use the unit's code or abbreviation).") % {"unit": value}
            )
        return unit

    def units_of(self, cells, name) -> list[Unit]:
        units = []
        for value in split_list(cells.text(name)):
            unit = self.unit(cells, name, value)
            if unit is not None and unit not in units:
                units.append(unit)
        return units

    def load_partners(self, table, name="partners") -> None:
        codes = column_values(table, self.index, name)
        self.partners_by_code: dict[str, Partner] = {}
        for chunk in _chunks(codes):
            for partner in policy_for(Partner).scope(self.actor, VIEW).filter(code__in=chunk):
                self.partners_by_code[partner.code] = partner

    def partners_of(self, cells, name="partners") -> list[Partner]:
        partners = []
        for code in split_list(cells.text(name)):
            partner = self.partners_by_code.get(code)
            if partner is None:
                cells.error(name, _("Unknown partner code “%(code)s”.") % {"code": code})
            elif partner not in partners:
                partners.append(partner)
        return partners

    def load_users(self, table, name) -> None:
        names = column_values(table, self.index, name)
        self.users_by_name: dict[str, object] = {}
        model = get_user_model()
        for chunk in _chunks({n.lower() for n in names}):
            for user in model.objects.filter(username__in=chunk, is_active=True):
                self.users_by_name[user.username.lower()] = user
        missing = {n.lower() for n in names} - set(self.users_by_name)
        for username in missing:  # usernames are case-sensitive in Django; accept any case if unambiguous
            matches = list(model.objects.filter(username__iexact=username, is_active=True)[:2])
            if len(matches) == 1:
                self.users_by_name[username] = matches[0]

    def user(self, cells, name):
        value = cells.text(name)
        if not value:
            return None
        user = self.users_by_name.get(value.lower())
        if user is None:
            cells.error(name, _("Unknown user name “%(user)s”.") % {"user": value})
        return user

    # Cells ---------------------------------------------------------------------------------------------

    def code(self, cells, seen: dict[str, int]) -> str | None:
        """The row's key; None when it repeats an earlier row (that row already stands for it)."""
        code = cells.text("code", 64, required=True)
        if code and not CODE_RE.match(code):
            cells.error(
                "code",
                _("A code may contain only letters, digits, '-' and '_' (got “%(code)s”).") % {"code": code},
            )
        if code in seen:
            cells.error(
                "code",
                _("Code “%(code)s” appears more than once in this file (first on row %(row)s).")
                % {"code": code, "row": seen[code]},
            )
            return None
        if code:
            seen[code] = cells.number
        return code

    def choice(self, cells, name, table, required=False):
        value = cells.text(name, required=required)
        if not value:
            return None
        choice = table.get(header_key(value))
        if choice is None:
            allowed = ", ".join(sorted(set(table.values())))
            cells.error(
                name,
                _("“%(value)s” is not one of the allowed values: %(allowed)s.")
                % {"value": value, "allowed": allowed},
            )
        return choice

    def date(self, cells, name) -> datetime.date | None:
        value = cells.raw(name)
        if value is None:
            return None
        try:
            return parse_date(value)
        except (ValueError, TypeError, OverflowError):
            cells.error(
                name, _("“%(value)s” is not a date; write it as dd/mm/yyyy.") % {"value": cell_text(value)}
            )
            return None

    def boolean(self, cells, name) -> bool | None:
        value = cells.raw(name)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        key = header_key(cell_text(value))
        if key in TRUE:
            return True
        if key in FALSE:
            return False
        cells.error(name, _("“%(value)s” is not yes or no (write 1 or 0).") % {"value": cell_text(value)})
        return None

    def decimal(self, cells, name) -> Decimal | None:
        value = cells.raw(name)
        if value is None:
            return None
        text = cell_text(value).replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            cells.error(name, _("“%(value)s” is not a number.") % {"value": cell_text(value)})
            return None
        return number

    def integer(self, cells, name) -> int | None:
        number = self.decimal(cells, name)
        if number is None:
            return None
        if number != number.to_integral_value() or number < 0:
            cells.error(name, _("“%(value)s” is not a whole number.") % {"value": cell_text(cells.raw(name))})
            return None
        return int(number)
