"""The briefing pack as a PDF (fpdf2), with the same content as the .docx: A4, the same margins, DejaVu Serif
shipped in coophub/reports/fonts (it has every Vietnamese letter; nothing is looked up on the machine), tables
whose header repeats, page numbers from the second page."""

import datetime
import functools
import re
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF, FontFace
from fpdf.enums import Align, TableCellFillMode, XPos, YPos

from .content import TEXT_WIDTH_CM, Bullets, Document, Fields, Paragraph, Subheading, Table, heading_text

FONTS = Path(__file__).resolve().parents[2] / "reports" / "fonts"
FAMILY = "DejaVuSerif"
FONT_FILES = {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf", "I": "DejaVuSerif-Italic.ttf"}
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15  # mm
TEXT_WIDTH = TEXT_WIDTH_CM * 10
SIZE_BODY = 10.5
SIZE_HEADER = 9.5
SIZE_TITLE = 13
SIZE_SUBTITLE = 11.5
SIZE_TABLE = 8.5
SIZE_FOOTER = 8
LINE = 5.2  # mm per body line
HEADER_FILL = (235, 235, 235)
# What the font lacks, written as Vietnamese texts write it without the sign.
SUBSTITUTES = {"₫": "đ"}
_EMPTY_BRACKETS = re.compile(r"\s*\(\s*\)")


@functools.cache
def _glyphs() -> frozenset[int]:
    codes = set()
    for name in FONT_FILES.values():
        codes |= set(TTFont(FONTS / name).getBestCmap())
    return frozenset(codes)


def printable(text) -> str:
    """NFC text the embedded font can draw: Vietnamese letters precomposed (fpdf2 does not shape combining
    marks); characters without a glyph (a Japanese contact's native name) left out, not drawn as boxes."""
    glyphs = _glyphs()
    out = []
    for ch in unicodedata.normalize("NFC", str(text or "")):
        ch = SUBSTITUTES.get(ch, ch)
        if ch == "\n" or (len(ch) == 1 and ord(ch) in glyphs):
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
    return _EMPTY_BRACKETS.sub("", "".join(out)).strip()


class BriefingPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = printable(footer_text)
        for style, name in FONT_FILES.items():
            self.add_font(FAMILY, style, str(FONTS / name))
        self.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.set_auto_page_break(auto=True, margin=MARGIN_BOTTOM)
        self.alias_nb_pages()

    def header(self):
        if self.page_no() > 1:
            self.set_y(10)
            self.set_font(FAMILY, size=SIZE_BODY)
            self.cell(0, 5, str(self.page_no()), align=Align.C)
            self.set_y(MARGIN_TOP)

    def footer(self):
        self.set_y(-14)
        self.set_font(FAMILY, "I", SIZE_FOOTER)
        self.cell(0, 4, self.footer_text, align=Align.C)


def _text(pdf, text, *, size=SIZE_BODY, style="", align=Align.J, height=LINE, width=0, indent=0.0):
    pdf.set_font(FAMILY, style, size)
    if indent:
        pdf.set_x(MARGIN_LEFT + indent)
    pdf.multi_cell(width, height, printable(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _rule(pdf, width: float, *, left: float | None = None, after: float = 0) -> None:
    y = pdf.get_y() + 1
    x = left if left is not None else MARGIN_LEFT + (TEXT_WIDTH - width) / 2
    pdf.set_line_width(0.3)
    pdf.line(x, y, x + width, y)
    pdf.set_y(y + 1 + after)


def _fitted(pdf, text: str, style: str, width: float) -> None:
    """The header font, a little smaller when a long name would otherwise wrap."""
    size = SIZE_HEADER
    pdf.set_font(FAMILY, style, size)
    while size > 7 and pdf.get_string_width(text) > width - 2:
        size -= 0.5
        pdf.set_font(FAMILY, style, size)


def _cover(pdf, doc: Document) -> None:
    cover = doc.cover
    pdf.add_page()
    left, right = 79, TEXT_WIDTH - 79
    top = pdf.get_y()
    for text, style in ((cover.ministry, ""), (cover.unit, "B")):
        _fitted(pdf, printable(text), style, left)
        pdf.multi_cell(left, 4.6, printable(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _rule(pdf, left * 0.3, left=MARGIN_LEFT + left * 0.35)
    bottom = pdf.get_y()
    pdf.set_xy(MARGIN_LEFT + left, top)
    pdf.set_font(FAMILY, "B", SIZE_HEADER)
    pdf.multi_cell(right, 4.6, printable(cover.marking), align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "I", SIZE_BODY)
    pdf.multi_cell(right, 6, printable(cover.dateline), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(bottom, pdf.get_y()) + 35)
    _text(pdf, cover.heading, size=SIZE_TITLE, style="B", align=Align.C, height=7)
    _text(pdf, cover.subtitle, size=SIZE_SUBTITLE, style="B", align=Align.C, height=6)
    _rule(pdf, 50, after=12)
    _fields(pdf, Fields(cover.fields, label_cm=4.0), size=SIZE_BODY)
    pdf.ln(25)
    _text(pdf, cover.prepared, size=SIZE_TABLE + 0.5, style="I", align=Align.L)


def _fields(pdf, block: Fields, size=SIZE_BODY) -> None:
    label = block.label_cm * 10
    with pdf.table(
        col_widths=(label, TEXT_WIDTH - label),
        width=TEXT_WIDTH,
        align=Align.L,
        first_row_as_headings=False,
        borders_layout="NONE",
        text_align=(Align.L, Align.L),
        line_height=LINE,
        padding=(0.6, 1, 0.6, 0),
    ) as table:
        for key, value in block.rows:
            row = table.row()
            row.cell(printable(f"{key}:"), style=FontFace(family=FAMILY, emphasis="B", size_pt=size))
            row.cell(printable(value), style=FontFace(family=FAMILY, emphasis="", size_pt=size))
    pdf.ln(2)


def _table(pdf, block: Table) -> None:
    widths = [w * 10 for w in block.widths_cm]
    aligns = tuple(Align.R if i in block.numeric else Align.L for i in range(len(widths)))
    pdf.set_font(FAMILY, "", SIZE_TABLE)
    with pdf.table(
        col_widths=widths,
        width=TEXT_WIDTH,
        align=Align.L,
        text_align=aligns,
        line_height=4.2,
        headings_style=FontFace(family=FAMILY, emphasis="B", size_pt=SIZE_TABLE, fill_color=HEADER_FILL),
        cell_fill_mode=TableCellFillMode.NONE,
        padding=1,
        repeat_headings=1,
    ) as table:
        header = table.row()
        for text in block.header:
            header.cell(printable(text), align=Align.C)
        for index, values in enumerate(block.rows):
            row = table.row()
            style = FontFace(
                family=FAMILY, emphasis="B" if index in block.bold_rows else "", size_pt=SIZE_TABLE
            )
            for text in values:
                row.cell(printable(text) or "—", style=style)
    pdf.ln(3)


def _bullets(pdf, block: Bullets) -> None:
    pdf.set_font(FAMILY, "", SIZE_BODY)
    for item in block.items:
        text = printable(item)
        lines = pdf.multi_cell(TEXT_WIDTH - 5, LINE, text, dry_run=True, output="LINES")
        if pdf.will_page_break(min(len(lines), 2) * LINE):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(MARGIN_LEFT, y)
        pdf.cell(5, LINE, "–")
        pdf.set_xy(MARGIN_LEFT + 5, y)
        pdf.multi_cell(TEXT_WIDTH - 5, LINE, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)


def build(doc: Document, now: datetime.datetime) -> BriefingPDF:
    """The laid-out PDF (its page count is `pages_count`); render() gives its bytes."""
    pdf = BriefingPDF(doc.footer)
    pdf.set_title(printable(doc.title))
    pdf.set_subject(printable(doc.cover.subtitle))
    pdf.set_author(printable(doc.cover.unit.title()))
    pdf.set_lang("en" if doc.language.startswith("en") else "vi")
    pdf.set_creation_date(now)
    _cover(pdf, doc)
    pdf.add_page()
    for numeral, section in doc.numbered():
        if pdf.get_y() > pdf.h - MARGIN_BOTTOM - 30:
            pdf.add_page()
        pdf.ln(2)
        _text(pdf, heading_text(numeral, section), size=SIZE_BODY + 0.5, style="B", align=Align.L, height=6)
        pdf.ln(1)
        for block in section.blocks:
            if isinstance(block, Subheading):
                if pdf.will_page_break(25):  # a subheading stays with what follows it
                    pdf.add_page()
                pdf.ln(1)
                _text(pdf, block.text, style="B", align=Align.L, height=5.5)
            elif isinstance(block, Paragraph):
                style = "B" if block.bold else ("I" if block.italic else "")
                _text(pdf, block.text, style=style)
                pdf.ln(1.5)
            elif isinstance(block, Bullets):
                _bullets(pdf, block)
            elif isinstance(block, Fields):
                _fields(pdf, block)
            elif isinstance(block, Table):
                _table(pdf, block)
    return pdf


def render(doc: Document, now: datetime.datetime) -> bytes:
    return bytes(build(doc, now).output())
