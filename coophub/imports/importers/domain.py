"""Shared checks of the importers whose rows are keyed by code (partners, agreements, commitments, tasks):
codes, the records they name, owning units, units, people, choices.

Errors name the file's column, so each importer maps the model fields its services complain about to its
own columns (`field_to_column`; FIELD_TO_COLUMN in columns.py is the partners' mapping).
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from coophub.access.policies import ADD, CHANGE, VIEW, policy_for
from coophub.accounts.models import Membership, Unit
from coophub.core.text import fold_vi
from coophub.partners.models import Partner

from ..parsing import cell_text
from .base import CODE_RE, Importer, RowPlan, _chunks, header_key

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
    """An importer whose rows are keyed by `code` and written through a domain app's services.

    A subclass names its `model` and the messages for a code it may not change (`locked_message`, with
    %(code)s) and for an owning unit it may not give records to (`owner_message`, with %(unit)s)."""

    field_to_column: dict[str, str] = {}
    model = None
    locked_message = ""
    owner_message = ""

    # Records the file names ----------------------------------------------------------------------------

    def load_existing(self, codes, queryset) -> None:
        """The records the file's codes name (`existing`) and the codes of those the actor may change."""
        self.existing: dict[str, object] = {}
        self.changeable: set[str] = set()
        self._stored_parents: dict[str, str | None] = {}
        scope = policy_for(self.model).scope(self.actor, CHANGE)
        for chunk in _chunks(codes):
            for obj in queryset.filter(code__in=chunk):
                self.existing[obj.code] = obj
            self.changeable.update(scope.filter(code__in=chunk).values_list("code", flat=True))

    def visible_by_code(self, model, codes) -> dict:
        """code -> record, for those of `codes` whose record the actor may see."""
        scope = policy_for(model).scope(self.actor, VIEW)
        found = {}
        for chunk in _chunks(codes):
            for obj in scope.filter(code__in=chunk):
                found[obj.code] = obj
        return found

    def row_code(self, cells) -> str | None:
        """The row's code (see code()); naming a record the actor may not change is an error."""
        code = self.code(cells, self.file_rows)
        if code is not None and code in self.existing and code not in self.changeable:
            cells.error("code", self.locked_message % {"code": code})
        return code

    def creates_cycle(self, code, parent_code, planned_parent: dict) -> bool:
        """Whether `parent_code` is `code` or below it, following the parents planned by the rows before
        (code -> parent code) and, beyond them, the stored ones."""
        seen, current = set(), parent_code
        while current and current not in seen:
            if current == code:
                return True
            seen.add(current)
            current = planned_parent[current] if current in planned_parent else self._stored_parent(current)
        return False

    def _stored_parent(self, code):
        if code not in self._stored_parents:
            self._stored_parents[code] = (
                self.model.objects.filter(code=code).values_list("parent__code", flat=True).first()
            )
        return self._stored_parents[code]

    def owner_unit(self, cells, data, existing, default) -> None:
        """The owning unit the row names; a new record without one goes to the unit `default()` gives."""
        text = cells.text("owner_unit") if cells.has("owner_unit") else ""
        if text:
            data["owner_unit"] = self.unit(cells, "owner_unit", text)
        elif existing is None:
            data["owner_unit"] = default()
            if data["owner_unit"] is None:
                cells.error("owner_unit", _("You belong to no unit; name the owning unit."))

    def check_owner(self, cells, data, existing) -> None:
        """A record may go only to a unit the actor may create such records for."""
        owner = data.get("owner_unit")
        if owner is not None and (existing is None or owner.pk != existing.owner_unit_id):
            if not policy_for(self.model).can(self.actor, ADD, self.model(owner_unit=owner)):
                cells.error("owner_unit", self.owner_message % {"unit": owner.abbreviation or owner.code})

    def finish(self, plan, data, changed):
        """A row that passed its checks: to create, to update (naming the changed columns) or unchanged."""
        plan.data = data
        if plan.obj is None:
            plan.action = "create"
        else:
            plan.action = "update" if changed else "unchanged"
            plan.changes = sorted(self.field_to_column.get(name, name) for name in changed)
        return plan

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
        self.partners_by_code: dict[str, Partner] = self.visible_by_code(
            Partner, column_values(table, self.index, name)
        )

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

    def load_members(self) -> None:
        """(user id, unit id) of the memberships of the people the file names."""
        self.members = set(
            Membership.objects.filter(user__in=list(self.users_by_name.values())).values_list(
                "user_id", "unit_id"
            )
        )

    def check_member(self, cells, name, person, unit) -> None:
        """The focal person must belong to the lead unit."""
        if person is None or unit is None:
            return
        if person.pk not in {user_id for user_id, _unit in self.members}:  # someone the file does not name
            self.members.update(Membership.objects.filter(user=person).values_list("user_id", "unit_id"))
        if (person.pk, unit.pk) not in self.members:
            cells.error(
                name,
                _("%(person)s is not a member of the lead unit %(unit)s.")
                % {"person": person.username, "unit": unit.abbreviation or unit.code},
            )

    @staticmethod
    def reference(cells, name, found: dict, message: str):
        """The record a cell names by its code among `found`, None for a blank cell; an unknown code is an
        error (`message`, with %(code)s)."""
        value = cells.text(name)
        if value and value not in found:
            cells.error(name, message % {"code": value})
        return found.get(value) if value else None

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
