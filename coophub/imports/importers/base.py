"""Shared machinery of the importers: row plans, outcomes, errors naming row and field, cell parsing."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from coophub.core.text import normalize_input

from ..parsing import FileError, Table, cell_text
from .columns import FIELD_TO_COLUMN, Column, header_key  # noqa: F401

MAX_STORED_ERRORS = 1000
MAX_TEXT = 20_000
CODE_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
CHUNK = 900


@dataclass
class RowPlan:
    row: int
    key: str
    action: str = "create"  # create | update | unchanged
    changes: list[str] = field(default_factory=list)
    obj: object = None
    data: dict = field(default_factory=dict)
    aliases: list | None = None
    parent_code: str | None = None  # parent created earlier in the same file, resolved at apply time
    partner: object = None
    position: tuple | None = None  # ("add", data) or ("update", position, data)


@dataclass
class Outcome:
    kind: str
    total_rows: int = 0
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    importer: object = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict:
        counts = {"create": 0, "update": 0, "unchanged": 0}
        for plan in self.rows:
            counts[plan.action] += 1
        return counts

    def report(self) -> dict:
        return {
            "counts": self.counts,
            "errors": self.errors[:MAX_STORED_ERRORS],
            "error_count": len(self.errors),
            "warnings": self.warnings,
            "columns": self.columns,
            "actions": [
                {"row": p.row, "key": p.key, "action": p.action, "changes": p.changes} for p in self.rows
            ],
        }


class RowFailed(Exception):
    """A row could not be applied; the whole import is rolled back."""

    def __init__(self, row: int, errors: list[dict]):
        super().__init__(errors[0]["message"] if errors else "")
        self.row = row
        self.errors = errors


def error_list(row: int, exc: Exception, field_to_column: dict[str, str] = FIELD_TO_COLUMN) -> list[dict]:
    """A service's or a model's error as row errors naming the file's columns (field_to_column: a field's
    name -> its column; "" for the row as a whole)."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        return [
            {
                "row": row,
                "field": "" if name == "__all__" else field_to_column.get(name, name),
                "message": str(m),
            }
            for name, messages in exc.message_dict.items()
            for m in messages
        ]
    if isinstance(exc, ValidationError):
        return [{"row": row, "field": "", "message": str(m)} for m in exc.messages]
    if isinstance(exc, PermissionDenied):
        return [{"row": row, "field": "", "message": str(exc) or _("Permission denied.")}]
    return [{"row": row, "field": "", "message": str(exc) or exc.__class__.__name__}]


def _choices(choices_cls) -> dict[str, str]:
    """Accept a choice's value, its English label and its Vietnamese label, folded."""
    out = {}
    for language in ("en", "vi"):
        with translation.override(language):
            for value, label in choices_cls.choices:
                out[header_key(label)] = value
    for value in choices_cls.values:
        out[header_key(value)] = value
    return out


def parse_date(value) -> datetime.date:
    """A real date cell, dd/mm/yyyy (also with '-' or '.'), ISO yyyy-mm-dd, or an Excel serial number."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise ValueError(value)
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return datetime.datetime.fromisoformat(text).date()


def _chunks(items):
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class Importer:
    kind = ""
    columns: tuple[Column, ...] = ()
    field_to_column: dict[str, str] = FIELD_TO_COLUMN  # a service's field name -> this file's column

    def __init__(self, actor):
        self.actor = actor

    # Header -------------------------------------------------------------------------------------------

    def map_header(self, header: list[str]) -> tuple[dict[str, int], list[str]]:
        lookup = {}
        for column in self.columns:
            for spelling in (column.name, *column.headers):
                lookup[header_key(spelling)] = column.name
        index: dict[str, int] = {}
        warnings = []
        for position, title in enumerate(header):
            if not title:
                continue
            name = lookup.get(header_key(title))
            if name is None:
                warnings.append(_("Column “%(title)s” is not recognised and was ignored.") % {"title": title})
                continue
            if name in index:
                raise FileError(
                    _("Columns “%(first)s” and “%(second)s” both mean “%(name)s”; keep only one.")
                    % {"first": header[index[name]], "second": title, "name": name}
                )
            index[name] = position
        missing = [c.name for c in self.columns if c.required and c.name not in index]
        if missing:
            raise FileError(
                _(
                    "The header row is missing the required column(s): %(names)s. "
                    "Download the template to see the expected columns."
                )
                % {"names": ", ".join(missing)}
            )
        return index, warnings

    # Driver -------------------------------------------------------------------------------------------

    def validate(self, table: Table) -> Outcome:
        index, warnings = self.map_header(table.header)
        outcome = Outcome(
            kind=self.kind,
            total_rows=len(table.rows),
            warnings=warnings,
            columns=[c.name for c in self.columns if c.name in index],
        )
        self.index = index
        self.prepare(table)
        order = {c.name: n for n, c in enumerate(self.columns)}
        for number, values in table.rows:
            errors: list[dict] = []
            cells = Cells(number, values, index, errors)
            plan = self.check_row(cells)
            errors.sort(key=lambda e: order.get(e["field"], -1))
            if errors:
                outcome.errors.extend(errors)
            elif plan is not None:
                outcome.rows.append(plan)
        return outcome

    def prepare(self, table: Table) -> None:
        raise NotImplementedError

    def check_row(self, cells: "Cells") -> RowPlan | None:
        raise NotImplementedError

    def apply(self, outcome: Outcome, progress=None) -> None:
        self.created: dict[str, object] = {}  # code -> record created by an earlier row
        for done, plan in enumerate(outcome.rows, start=1):
            if plan.action != "unchanged":
                try:
                    self.apply_row(plan)
                except (ValidationError, PermissionDenied) as exc:
                    raise RowFailed(plan.row, error_list(plan.row, exc, self.field_to_column)) from exc
            if progress:
                progress(done)

    def apply_row(self, plan: RowPlan) -> None:
        raise NotImplementedError

    # Shared checks ------------------------------------------------------------------------------------

    def clean_candidate(self, cells, obj, exclude=()):
        try:
            obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for error in error_list(cells.number, exc, self.field_to_column):
                if error["field"] in self.index or error["field"] == "":
                    cells.error(error["field"], error["message"])
                else:  # a field the file does not carry, e.g. a default that cannot be saved
                    cells.error("", f"{error['field']}: {error['message']}")

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


class Cells:
    """One row's cells by column name, collecting that row's errors."""

    def __init__(self, number, values, index, errors):
        self.number, self.values, self.index, self.errors = number, values, index, errors

    def has(self, name) -> bool:
        return name in self.index

    def raw(self, name):
        position = self.index.get(name)
        if position is None or position >= len(self.values):
            return None
        value = self.values[position]
        return None if isinstance(value, str) and not value.strip() else value

    def text(self, name, max_length: int | None = None, required=False) -> str:
        value = normalize_input(cell_text(self.raw(name)))
        if required and not value:
            self.error(name, _("This column is required."))
        if max_length and len(value) > max_length:
            self.error(
                name,
                _("The text is too long (%(length)s characters; at most %(max)s).")
                % {"length": len(value), "max": max_length},
            )
        return value

    def error(self, name, message):
        self.errors.append({"row": self.number, "field": name, "message": str(message)})


def _max(model, name) -> int:
    return model._meta.get_field(name).max_length or MAX_TEXT


# Partners -----------------------------------------------------------------------------------------
