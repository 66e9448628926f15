"""Vietnamese administrative documents laid out per Decree 30/2020/NĐ-CP, Appendix I, written as .docx.

One writer serves the công văn (no type name, "V/v …" under the number) and named documents (BÁO CÁO,
KẾ HOẠCH …: the type name and summary centred under the header).
"""

import datetime
import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from coophub.core.dates import format_admin_date

from . import docx_parts as parts

# The wording fixed by the Decree is Vietnamese law, the same whatever the reader's interface language,
# so it is deliberately not passed through gettext.
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_LABEL = "Số:"
SUBJECT_PREFIX = "V/v"
TO_LABEL = "Kính gửi:"
CC_LABEL = "Nơi nhận:"
BLANK_NUMBER = " " * 7  # left for the records office (văn thư) to fill in by hand

PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_TOP_CM = MARGIN_BOTTOM_CM = 2.0
MARGIN_LEFT_CM, MARGIN_RIGHT_CM = 3.0, 1.5
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM
# Layout tables have no cell padding. At 12 pt "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" and the national name in bold
# need more than the 16.5 cm between the margins to stay on one line each (checked rendered in Times New Roman
# metrics), so the header, centred, reaches half a centimetre into each margin, as ministries' templates do.
HEADER_COLUMNS_CM = (7.9, 9.6)

SIZE_BODY = 14
SIZE_BODIES = 12
SIZE_NATIONAL = 12
SIZE_MOTTO = 13
SIZE_NUMBER = 13
SIZE_SUBJECT = 12
SIZE_DATELINE = 14
SIZE_TABLE = 12
SIZE_CC_LABEL = 12
SIZE_CC = 11
SIZE_PAGE_NUMBER = 13
FIRST_LINE_CM = 1.27
BODY_LINE_SPACING = 1.15
RECIPIENT_INDENT_CM, RECIPIENT_HANG_CM = 2.5, 2.3

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
_SUBJECT_PREFIX_RE = re.compile(r"^\s*v/v[\s:.]*", re.IGNORECASE)


@dataclass(kw_only=True)
class Table:
    """A bordered table: the header row is bold and repeats on every page."""

    header: list[str]
    rows: list[list[str]]
    caption: str = ""
    widths_cm: list[float] | None = None
    numeric_columns: tuple[int, ...] = ()  # right-aligned

    def __post_init__(self):
        if not self.header:
            raise ValueError("A table needs a header row.")
        columns = len(self.header)
        for index, row in enumerate(self.rows):
            if len(row) != columns:
                raise ValueError(f"Row {index} has {len(row)} cells; the header has {columns}.")
        if self.widths_cm is not None and len(self.widths_cm) != columns:
            raise ValueError(f"{len(self.widths_cm)} column widths given for {columns} columns.")

    @property
    def column_widths_cm(self) -> list[float]:
        return list(self.widths_cm or [TEXT_WIDTH_CM / len(self.header)] * len(self.header))


@dataclass(kw_only=True)
class Letter:
    parent_body: str
    issuing_body: str = ""
    number: str = ""
    symbol: str
    place: str = "Hà Nội"
    date: datetime.date
    subject: str
    recipients: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    closing_paragraphs: list[str] = field(default_factory=list)
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    cc: list[str] = field(default_factory=list)
    doc_type_name: str = ""

    @property
    def number_line(self) -> str:
        return format_number_line(self.number, self.symbol)

    @property
    def dateline(self) -> str:
        return format_admin_date(self.date, self.place)

    @property
    def subject_line(self) -> str:
        """ "V/v …" for a công văn; the plain summary under the type name of a named document."""
        subject = _SUBJECT_PREFIX_RE.sub("", self.subject).strip()
        return subject if self.doc_type_name else f"{SUBJECT_PREFIX} {subject}"


def format_number_line(number: str, symbol: str) -> str:
    """ "Số: 05/BNNMT-HTQT"; an empty number leaves blank space: "Số:       /BNNMT-HTQT"."""
    number = (number or "").strip()
    if number.isdigit() and int(number) < 10:
        number = number.zfill(2)
    slash_symbol = f"/{symbol}" if symbol else ""
    if not number:
        return f"{NUMBER_LABEL}{BLANK_NUMBER}{slash_symbol}"
    return f"{NUMBER_LABEL} {number}{slash_symbol}"


def render_letter(letter: Letter) -> bytes:
    """The .docx file for `letter`."""
    document = Document()
    parts.set_document_defaults(document, SIZE_BODY)
    _page_setup(document.sections[0])
    _properties(document, letter)
    _header_block(document, letter)
    if letter.doc_type_name:
        _title_block(document, letter)
    _recipients(document, letter.recipients)
    for text in letter.paragraphs:
        _body_paragraph(document, text)
    if letter.table is not None:
        _data_table(document, letter.table)
    for text in letter.closing_paragraphs:
        _body_paragraph(document, text)
    _signature_block(document, letter)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT_CM), Cm(MARGIN_RIGHT_CM)
    section.header_distance = section.footer_distance = Cm(1.0)
    # Page numbers centred in the top margin, none on the first page.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    number = parts.layout(section.header.paragraphs[0])
    parts.add_page_field(number, size=SIZE_PAGE_NUMBER)


def _properties(document, letter: Letter) -> None:
    props = document.core_properties
    props.title = parts.clean(letter.subject)
    props.subject = parts.clean(letter.doc_type_name)
    props.author = props.last_modified_by = parts.clean(letter.issuing_body or letter.parent_body)
    props.comments = props.keywords = ""
    props.language = parts.LANGUAGE
    props.created = props.modified = datetime.datetime.combine(letter.date, datetime.time())
    props.revision = 1
    parts.drop_template_thumbnail(document)


def _para(container, **fmt):
    """The next paragraph of a cell (reusing the empty one a new cell starts with) or of the document."""
    paragraphs = getattr(container, "paragraphs", [])
    fresh = getattr(container, "_tc", None) is not None and len(paragraphs) == 1
    if fresh and not paragraphs[0].runs and paragraphs[0]._p.pPr is None:
        return parts.layout(paragraphs[0], **fmt)
    return parts.layout(container.add_paragraph(), **fmt)


def _borderless(document, rows: int, widths: tuple[float, ...]):
    table = document.add_table(rows=rows, cols=len(widths))
    parts.set_table_borders(table, visible=False)
    parts.set_column_widths(table, list(widths))
    parts.remove_side_padding(table)
    return table


def _rule_under(container, text: str, size: float, box_cm: float, fraction: float = 1.0) -> None:
    width = min(parts.text_width_cm(text, size, bold=True), box_cm) * fraction
    parts.add_rule(container, width_cm=width, box_width_cm=box_cm)


def _header_block(document, letter: Letter) -> None:
    left_cm, right_cm = HEADER_COLUMNS_CM
    table = _borderless(document, 2, HEADER_COLUMNS_CM)
    bodies, national = table.rows[0].cells
    numbering, dateline = table.rows[1].cells

    parent, issuing = letter.parent_body.upper(), letter.issuing_body.upper()
    if issuing:
        parts.add_text(_para(bodies), parent, size=SIZE_BODIES)
    # The issuing body is bold with a short rule (1/3 to 1/2 of its length) beneath it.
    parts.add_text(_para(bodies), issuing or parent, size=SIZE_BODIES, bold=True)
    _rule_under(bodies, issuing or parent, SIZE_BODIES, left_cm, fraction=0.4)

    parts.add_text(_para(national), NATIONAL_NAME, size=SIZE_NATIONAL, bold=True)
    parts.add_text(_para(national), MOTTO, size=SIZE_MOTTO, bold=True)
    _rule_under(national, MOTTO, SIZE_MOTTO, right_cm)

    parts.add_text(_para(numbering, before=6), letter.number_line, size=SIZE_NUMBER)
    if not letter.doc_type_name:
        parts.add_text(_para(numbering), letter.subject_line, size=SIZE_SUBJECT)
    parts.add_text(_para(dateline, before=6), letter.dateline, size=SIZE_DATELINE, italic=True)
    for cell in (*table.rows[0].cells, *table.rows[1].cells):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _title_block(document, letter: Letter) -> None:
    title = _para(document, before=18, keep_with_next=True)
    parts.add_text(title, letter.doc_type_name.upper(), size=SIZE_BODY, bold=True)
    parts.add_text(_para(document, keep_with_next=True), letter.subject_line, size=SIZE_BODY, bold=True)
    _rule_under(document, letter.subject_line, SIZE_BODY, TEXT_WIDTH_CM, fraction=0.4)


def _terminated(text: str, *, last: bool) -> str:
    return text.strip().rstrip(";.,").rstrip() + ("." if last else ";")


def _recipients(document, recipients: list[str]) -> None:
    recipients = [r for r in (text.strip() for text in recipients) if r]
    if not recipients:
        return
    if len(recipients) == 1:
        line = f"{TO_LABEL} {_terminated(recipients[0], last=True)}"
        parts.add_text(_para(document, before=12, after=6), line, size=SIZE_BODY)
        return
    # "Kính gửi:" hangs to the left; the first bullet follows it on the same line, the others align below.
    left = RECIPIENT_INDENT_CM + RECIPIENT_HANG_CM
    for index, recipient in enumerate(recipients):
        last = index == len(recipients) - 1
        bullet = "- " + _terminated(recipient.removeprefix("-").strip(), last=last)
        paragraph = _para(document, align=LEFT, before=12 if index == 0 else 0, after=6 if last else 0)
        paragraph.paragraph_format.left_indent = Cm(left)
        if index == 0:
            paragraph.paragraph_format.first_line_indent = Cm(-RECIPIENT_HANG_CM)
            parts.add_tab_stop(paragraph, left)
            parts.add_text(paragraph, TO_LABEL, size=SIZE_BODY)
            parts.add_text(paragraph, "\t", size=SIZE_BODY)
        parts.add_text(paragraph, bullet, size=SIZE_BODY)


def _body_paragraph(document, text: str) -> None:
    paragraph = _para(
        document, align=JUSTIFY, after=6, first_line_cm=FIRST_LINE_CM, line_spacing=BODY_LINE_SPACING
    )
    parts.add_text(paragraph, text, size=SIZE_BODY)


def _data_table(document, spec: Table) -> None:
    if spec.caption:
        parts.add_text(
            _para(document, before=6, after=6, keep_with_next=True), spec.caption, size=SIZE_BODY, bold=True
        )
    table = document.add_table(rows=1 + len(spec.rows), cols=len(spec.header))
    parts.set_table_borders(table, visible=True)
    parts.set_column_widths(table, spec.column_widths_cm)
    header, *body = table.rows
    parts.repeat_as_header(header)
    for cell, text in zip(header.cells, spec.header, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        parts.add_text(_para(cell, before=2, after=2), text, size=SIZE_TABLE, bold=True)
    for row, values in zip(body, spec.rows, strict=True):
        parts.keep_row_together(row)
        for column, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            align = RIGHT if column in spec.numeric_columns else LEFT
            parts.add_text(_para(cell, align=align, before=2, after=2), str(text), size=SIZE_TABLE)
    _para(document, after=6)


def _signature_block(document, letter: Letter) -> None:
    table = _borderless(document, 1, HEADER_COLUMNS_CM)
    row = table.rows[0]
    parts.keep_row_together(row)
    cc_cell, signer = row.cells
    if letter.cc:
        heading = _para(cc_cell, align=LEFT, before=12)
        parts.add_text(heading, CC_LABEL, size=SIZE_CC_LABEL, bold=True, italic=True)
        for line in letter.cc:
            parts.add_text(_para(cc_cell, align=LEFT), line, size=SIZE_CC)
    lines = [text.upper() for text in (letter.signer_authority, letter.signer_title) if text.strip()]
    for index, text in enumerate(lines):
        parts.add_text(_para(signer, before=12 if index == 0 else 0), text, size=SIZE_BODY, bold=True)
    # Room for the signature and seal between the title and the name, even while the name is still blank.
    parts.add_text(_para(signer, before=72), letter.signer_name, size=SIZE_BODY, bold=True)
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    parts.paragraph_mark_size(_para(document), 1)
