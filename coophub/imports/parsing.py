"""Read an uploaded XLSX or CSV into a header and numbered rows; anything unreadable is one clear file error.

Row numbers are the ones the user sees in the spreadsheet: the header is row 1, the first data row is row 2.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


class FileError(Exception):
    """The file as a whole cannot be read; the message says why, in words the uploader understands."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list]]  # (row number, cell values), blank rows left out


def max_rows() -> int:
    return settings.COOPHUB_IMPORT_MAX_ROWS


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _collect(numbered_rows) -> Table:
    header = None
    rows: list[tuple[int, list]] = []
    limit = max_rows()
    for number, values in numbered_rows:
        values = list(values)
        if header is None:
            if all(_blank(v) for v in values):
                continue  # leading blank rows are tolerated, but the header must come before any data
            if number != 1:
                raise FileError(_("The header row must be the first row of the sheet; row 1 is empty."))
            header = ["" if v is None else str(v).strip() for v in values]
            while header and not header[-1]:
                header.pop()
            continue
        if all(_blank(v) for v in values):
            continue
        rows.append((number, values))
        if len(rows) > limit:
            raise FileError(
                _("The file has more than %(limit)s data rows; split it into smaller files.")
                % {"limit": limit}
            )
    if header is None:
        raise FileError(_("The file is empty."))
    if not rows:
        raise FileError(_("The file has a header row but no data rows."))
    return Table(header=header, rows=rows)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileError(
            _("This is not a valid Excel workbook (.xlsx). Open it in Excel and save it again.")
        ) from exc
    except Exception as exc:  # openpyxl raises a zoo of errors for damaged files
        raise FileError(
            _("This is not a valid Excel workbook (.xlsx). Open it in Excel and save it again.")
        ) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileError(_("The workbook has no sheets."))
        sheet.reset_dimensions()  # some writers record wrong dimensions; read what is really there
        try:
            return _collect(enumerate(sheet.iter_rows(values_only=True), start=1))
        except FileError:
            raise
        except Exception as exc:
            raise FileError(_("The workbook could not be read: %(error)s") % {"error": exc}) from exc
    finally:
        workbook.close()


def read_csv(data: bytes) -> Table:
    if b"\x00" in data[:4096]:
        raise FileError(
            _("This does not look like a CSV text file. Save the sheet as “CSV UTF-8” and try again.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(
            _(
                "The CSV file is not encoded as UTF-8 (problem at byte %(pos)s). In Excel choose "
                "“Save as → CSV UTF-8 (comma delimited)” and upload it again."
            )
            % {"pos": exc.start}
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line else ","
    if first_line.count(delimiter) == 0:
        delimiter = ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return _collect(enumerate(reader, start=1))
    except csv.Error as exc:
        raise FileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc


def read_table(data: bytes, filename: str) -> Table:
    if not data:
        raise FileError(_("The file is empty."))
    if filename.lower().endswith(".xlsx"):
        return read_xlsx(data)
    return read_csv(data)


def cell_text(value) -> str:
    """A cell as text: whole numbers without '.0', dates as dd/mm/yyyy, booleans as 1/0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date() if not (value.hour or value.minute or value.second) else value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
