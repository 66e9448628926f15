"""Low-level python-docx helpers for Decree 30/2020 documents: fonts, rules, borders, fields.

python-docx covers runs and paragraphs but not East Asian / complex-script font names, paragraph borders,
table borders, repeated header rows or fields; those are written as raw OOXML here.
"""

import re
import unicodedata

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Characters XML 1.0 cannot carry; lxml refuses them, so user text is cleaned before it reaches a run.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TBL_PR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
_P_PR_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:spacing",
    "w:ind",
    "w:jc",
    "w:rPr",
    "w:sectPr",
)


def clean(text: str | None) -> str:
    return _XML_INVALID.sub("", text or "")


def _set_fonts(r_fonts) -> None:
    for attr in _THEME_ATTRS:
        r_fonts.attrib.pop(qn(attr), None)
    for attr in _FONT_ATTRS:
        r_fonts.set(qn(attr), FONT)


def _set_size(r_pr, size: float) -> None:
    half_points = str(round(size * 2))
    sz = r_pr.get_or_add_sz()
    sz.set(qn("w:val"), half_points)
    sz_cs = r_pr.find(qn("w:szCs"))
    if sz_cs is None:
        sz_cs = OxmlElement("w:szCs")
        sz.addnext(sz_cs)
    sz_cs.set(qn("w:val"), half_points)


def set_document_defaults(document, size: float) -> None:
    """Times New Roman for every script, Vietnamese language and single spacing as the document default."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(r_pr.get_or_add_rFonts())
    _set_size(r_pr, size)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
    for name in ("Normal", "Header", "Footer", "Table Grid"):
        if name in [s.name for s in document.styles]:
            style = document.styles[name]
            style.font.name = FONT
            _set_fonts(style.element.get_or_add_rPr().get_or_add_rFonts())


def drop_template_thumbnail(document) -> None:
    """python-docx's template carries a preview image of itself; file browsers would show it."""
    rels = document.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        del rels[r_id]


def style_run(run, *, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    r_pr = run._r.get_or_add_rPr()
    _set_fonts(r_pr.get_or_add_rFonts())
    run.font.bold = bold or None
    run.font.italic = italic or None
    _set_size(r_pr, size)


def add_text(paragraph, text: str, *, size: float, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(clean(text))
    style_run(run, size=size, bold=bold, italic=italic)
    return run


def layout(
    paragraph,
    *,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    first_line_cm: float | None = None,
    left_cm: float | None = None,
    line_spacing: float | None = None,
    keep_with_next: bool = False,
):
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if first_line_cm is not None:
        fmt.first_line_indent = Cm(first_line_cm)
    if left_cm is not None:
        fmt.left_indent = Cm(left_cm)
    if line_spacing is not None:
        fmt.line_spacing = line_spacing
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def paragraph_mark_size(paragraph, size: float) -> None:
    """The size of the pilcrow, which sets the height of a paragraph with no runs."""
    p_pr = paragraph._p.get_or_add_pPr()
    old = p_pr.find(qn("w:rPr"))
    if old is not None:
        p_pr.remove(old)
    r_pr = OxmlElement("w:rPr")
    p_pr.insert_element_before(r_pr, "w:sectPr", "w:pPrChange")
    fonts = OxmlElement("w:rFonts")
    _set_fonts(fonts)
    sz = OxmlElement("w:sz")
    sz_cs = OxmlElement("w:szCs")
    for el in (sz, sz_cs):
        el.set(qn("w:val"), str(round(size * 2)))
    r_pr.extend([fonts, sz, sz_cs])


def text_width_cm(text: str, size: float, *, bold: bool = False) -> float:
    """A rough Times New Roman advance width, enough to size the rules drawn under header lines."""
    em = 0.0
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            continue
        if ch.isspace():
            em += 0.25
        elif ch.isupper():
            em += 0.71
        elif ch.isalnum():
            em += 0.48
        else:
            em += 0.33
    return em * size * (1.04 if bold else 1.0) / 72 * 2.54


def add_rule(container, *, width_cm: float, box_width_cm: float, after: float = 0):
    """A centred horizontal line `width_cm` long: the bottom border of an empty, 1 pt paragraph."""
    paragraph = container.add_paragraph()
    inset = max((box_width_cm - width_cm) / 2, 0)
    layout(paragraph, after=after, line_spacing=1.0)
    paragraph.paragraph_format.left_indent = Cm(inset)
    paragraph.paragraph_format.right_indent = Cm(inset)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_P_PR_AFTER_BORDER)
    paragraph_mark_size(paragraph, 1)
    return paragraph


def add_tab_stop(paragraph, position_cm: float) -> None:
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(position_cm))


def set_table_borders(table, *, visible: bool) -> None:
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        if visible:
            for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
                el.set(qn(f"w:{key}"), value)
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.insert_element_before(borders, *_TBL_PR_AFTER_BORDERS)


def remove_side_padding(table) -> None:
    """No left/right cell margins, so a borderless layout table uses its full column widths for text."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def set_column_widths(table, widths_cm: list[float]) -> None:
    """Fixed layout with the grid and every cell sized: Word reads tcW, LibreOffice reads the grid."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        grid_col.set(qn("w:w"), str(Cm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def repeat_as_header(row) -> None:
    """Repeat the row at the top of each page, and never split a row across pages."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


def keep_row_together(row) -> None:
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def add_page_field(paragraph, *, size: float) -> None:
    """A PAGE field (begin, instruction, separator, cached result, end), each run in the document font."""

    def field_char(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    for part in (field_char("begin"), instruction, field_char("separate"), None, field_char("end")):
        run = paragraph.add_run("2" if part is None else "")
        style_run(run, size=size)
        if part is not None:
            run._r.append(part)
