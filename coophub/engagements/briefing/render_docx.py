"""The briefing pack as a .docx, with the Ministry's document conventions (coophub/reports/decree30.py): A4,
margins 2/2/3/1.5 cm, Times New Roman 13 pt, the issuing body's header with its rule, page numbers centred at
the top from the second page, bordered tables whose header row repeats."""

import datetime
import io

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from coophub.reports import docx_parts as parts

from .content import TEXT_WIDTH_CM, Bullets, Document, Fields, Paragraph, Subheading, Table, heading_text

PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGIN_TOP_CM = MARGIN_BOTTOM_CM = 2.0
MARGIN_LEFT_CM, MARGIN_RIGHT_CM = 3.0, 1.5
HEADER_COLUMNS_CM = (7.9, 8.6)
SIZE_BODY = 13
SIZE_HEADER = 12
SIZE_TITLE = 15
SIZE_SUBTITLE = 14
SIZE_TABLE = 11.5
SIZE_FOOTER = 10
BLACK = RGBColor(0, 0, 0)
CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
BULLET_INDENT_CM = 0.6


def _para(container, **fmt):
    """The next paragraph of a cell (reusing the empty one a new cell starts with) or of the document."""
    paragraphs = getattr(container, "paragraphs", [])
    fresh = getattr(container, "_tc", None) is not None and len(paragraphs) == 1
    if fresh and not paragraphs[0].runs and paragraphs[0]._p.pPr is None:
        return parts.layout(paragraphs[0], **fmt)
    return parts.layout(container.add_paragraph(), **fmt)


def _styles(document) -> None:
    parts.set_document_defaults(document, SIZE_BODY)
    for name, size in (("Heading 1", SIZE_BODY), ("Heading 2", SIZE_BODY)):
        style = document.styles[name]
        style.font.name = parts.FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = name == "Heading 2"
        style.font.color.rgb = BLACK
        style.paragraph_format.keep_with_next = True


def _page_setup(section, footer: str) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_CM), Cm(MARGIN_BOTTOM_CM)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT_CM), Cm(MARGIN_RIGHT_CM)
    section.header_distance = section.footer_distance = Cm(1.0)
    # The cover has no page number; the following pages are numbered at the top, centred.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    parts.add_page_field(parts.layout(section.header.paragraphs[0]), size=SIZE_BODY)
    for container in (section.footer, section.first_page_footer):
        parts.add_text(parts.layout(container.paragraphs[0]), footer, size=SIZE_FOOTER, italic=True)


def _properties(document, doc: Document, now: datetime.datetime) -> None:
    props = document.core_properties
    props.title = parts.clean(doc.title)[:255]
    props.subject = parts.clean(doc.cover.subtitle)[:255]
    props.author = props.last_modified_by = parts.clean(doc.cover.unit.title())[:255]
    props.comments = props.keywords = ""
    props.language = "en-GB" if doc.language.startswith("en") else parts.LANGUAGE
    props.created = props.modified = now.astimezone(datetime.UTC).replace(tzinfo=None)  # stored as UTC
    props.revision = 1
    parts.drop_template_thumbnail(document)


def _borderless(document, widths):
    table = document.add_table(rows=1, cols=len(widths))
    parts.set_table_borders(table, visible=False)
    parts.set_column_widths(table, list(widths))
    parts.remove_side_padding(table)
    return table


def _cover(document, doc: Document) -> None:
    cover = doc.cover
    left_cm, right_cm = HEADER_COLUMNS_CM
    bodies, marking = _borderless(document, HEADER_COLUMNS_CM).rows[0].cells
    parts.add_text(_para(bodies), cover.ministry, size=SIZE_HEADER)
    parts.add_text(_para(bodies), cover.unit, size=SIZE_HEADER, bold=True)
    width = min(parts.text_width_cm(cover.unit, SIZE_HEADER, bold=True), left_cm) * 0.4
    parts.add_rule(bodies, width_cm=width, box_width_cm=left_cm)
    parts.add_text(_para(marking), cover.marking, size=SIZE_HEADER, bold=True)
    parts.add_text(_para(marking, before=6), cover.dateline, size=SIZE_BODY, italic=True)
    for cell in (bodies, marking):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    parts.add_text(_para(document, before=96, after=6), cover.heading, size=SIZE_TITLE, bold=True)
    parts.add_text(_para(document, after=6), cover.subtitle, size=SIZE_SUBTITLE, bold=True)
    rule = min(parts.text_width_cm(cover.subtitle, SIZE_SUBTITLE, bold=True), TEXT_WIDTH_CM) * 0.4
    parts.add_rule(document, width_cm=rule, box_width_cm=TEXT_WIDTH_CM, after=36)
    _fields(document, Fields(cover.fields, label_cm=4.0), indent=True)
    parts.add_text(_para(document, before=72, align=LEFT), cover.prepared, size=SIZE_TABLE, italic=True)
    _para(document).add_run().add_break(WD_BREAK.PAGE)


def _heading(document, text: str, level: int) -> None:
    paragraph = document.add_paragraph(style=f"Heading {level}")
    parts.layout(paragraph, align=LEFT, before=12 if level == 1 else 8, after=6, keep_with_next=True)
    run = parts.add_text(paragraph, text, size=SIZE_BODY, bold=True, italic=level == 2)
    run.font.color.rgb = BLACK


def _paragraph(document, block: Paragraph) -> None:
    paragraph = _para(document, align=JUSTIFY, after=6, line_spacing=1.1)
    for index, line in enumerate(block.text.split("\n")):
        if index:
            paragraph.add_run().add_break()
        parts.add_text(paragraph, line, size=SIZE_BODY, bold=block.bold, italic=block.italic)


def _bullets(document, block: Bullets) -> None:
    for item in block.items:
        paragraph = _para(document, align=JUSTIFY, after=4, line_spacing=1.1)
        fmt = paragraph.paragraph_format
        fmt.left_indent = Cm(BULLET_INDENT_CM)
        fmt.first_line_indent = Cm(-BULLET_INDENT_CM)
        parts.add_tab_stop(paragraph, BULLET_INDENT_CM)
        parts.add_text(paragraph, f"–\t{item}", size=SIZE_BODY)


def _cell_text(cell, text: str, *, bold=False, align=LEFT, size=SIZE_TABLE) -> None:
    for line in str(text).split("\n") or [""]:
        parts.add_text(_para(cell, align=align, before=1, after=1), line, size=size, bold=bold)


def _fields(document, block: Fields, indent: bool = False) -> None:
    label_cm = block.label_cm
    value_cm = TEXT_WIDTH_CM - label_cm - (1.0 if indent else 0)
    table = document.add_table(rows=len(block.rows), cols=2)
    parts.set_table_borders(table, visible=False)
    parts.set_column_widths(table, [label_cm, value_cm])
    for row, (label, value) in zip(table.rows, block.rows, strict=True):
        parts.keep_row_together(row)
        label_cell, value_cell = row.cells
        _cell_text(label_cell, f"{label}:", bold=True, size=SIZE_BODY)
        _cell_text(value_cell, value, size=SIZE_BODY)
    _para(document, after=4)


def _table(document, block: Table) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    parts.set_table_borders(table, visible=True)
    parts.set_column_widths(table, block.widths_cm)
    header, *body = table.rows
    parts.repeat_as_header(header)
    for cell, text in zip(header.cells, block.header, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_text(cell, text, bold=True, align=CENTER)
    for index, (row, values) in enumerate(zip(body, block.rows, strict=True)):
        parts.keep_row_together(row)
        for column, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            align = RIGHT if column in block.numeric else LEFT
            _cell_text(cell, text, bold=index in block.bold_rows, align=align)
    _para(document, after=6)


def render(doc: Document, now: datetime.datetime) -> bytes:
    """The .docx file of the pack."""
    document = WordDocument()
    _styles(document)
    _page_setup(document.sections[0], doc.footer)
    _properties(document, doc, now)
    _cover(document, doc)
    for numeral, section in doc.numbered():
        _heading(document, heading_text(numeral, section), 1)
        for block in section.blocks:
            if isinstance(block, Subheading):
                _heading(document, block.text, 2)
            elif isinstance(block, Paragraph):
                _paragraph(document, block)
            elif isinstance(block, Bullets):
                _bullets(document, block)
            elif isinstance(block, Fields):
                _fields(document, block)
            elif isinstance(block, Table):
                _table(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
