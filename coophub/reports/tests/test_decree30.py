import datetime
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from coophub.reports.decree30 import Letter, Table, format_number_line, render_letter

RECIPIENTS = ["Vụ Kế hoạch - Tài chính", "Cục Lâm nghiệp và Kiểm lâm", "Văn phòng Bộ"]
BODY = (
    "Thực hiện chỉ đạo của Lãnh đạo Bộ về việc đôn đốc các nhiệm vụ hợp tác quốc tế đã quá hạn, "
    "Vụ Hợp tác quốc tế đề nghị các đơn vị khẩn trương hoàn thành và báo cáo kết quả trước ngày 15/02/2026."
)


def make_letter(**overrides) -> Letter:
    values = dict(
        parent_body="Bộ Nông nghiệp và Môi trường",
        issuing_body="Vụ Hợp tác quốc tế",
        symbol="BNNMT-HTQT",
        place="Hà Nội",
        date=datetime.date(2026, 2, 5),
        subject="Đôn đốc thực hiện các nhiệm vụ hợp tác quốc tế quá hạn",
        recipients=RECIPIENTS,
        paragraphs=[BODY, "Danh sách các nhiệm vụ quá hạn như sau:"],
        table=Table(
            header=["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn hoàn thành"],
            rows=[
                ["1", "Xây dựng đề án hợp tác với FAO", "Cục Lâm nghiệp và Kiểm lâm", "31/12/2025"],
                ["2", "Báo cáo tình hình thực hiện cam kết", "Vụ Kế hoạch - Tài chính", "15/01/2026"],
            ],
            caption="Danh sách nhiệm vụ quá hạn",
            widths_cm=[1.2, 7.0, 5.0, 3.3],
        ),
        closing_paragraphs=["Đề nghị các đơn vị quan tâm, phối hợp thực hiện./."],
        signer_authority="TL. Bộ trưởng",
        signer_title="Vụ trưởng Vụ Hợp tác quốc tế",
        signer_name="Nguyễn Văn An",
        cc=["- Như trên;", "- Bộ trưởng (để b/c);", "- Lưu: VT, HTQT."],
    )
    values.update(overrides)
    return Letter(**values)


def open_docx(letter: Letter):
    return docx.Document(io.BytesIO(render_letter(letter)))


def cell_paragraphs(document):
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def all_paragraphs(document):
    yield from document.paragraphs
    yield from cell_paragraphs(document)
    section = document.sections[0]
    yield from section.header.paragraphs
    yield from section.first_page_header.paragraphs


def find(document, text: str):
    matches = [p for p in all_paragraphs(document) if p.text == text]
    assert matches, f"no paragraph reads {text!r}"
    return matches[0]


def test_the_page_is_a4_portrait_with_decree_30_margins():
    section = open_docx(make_letter()).sections[0]

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.page_width < section.page_height
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [20, 20, 30, 15]


def test_it_prints_the_national_name_and_motto_in_bold_with_a_rule_under_the_motto():
    document = open_docx(make_letter())

    national = find(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find(document, "Độc lập - Tự do - Hạnh phúc")

    assert all(run.bold for run in national.runs + motto.runs)
    assert motto.runs[0].font.size == Pt(13)
    rule = motto._p.getnext()
    assert rule.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:bottom")) is not None


def test_it_puts_the_parent_body_upright_over_the_issuing_body_in_bold():
    document = open_docx(make_letter())

    assert not find(document, "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG").runs[0].bold
    assert find(document, "VỤ HỢP TÁC QUỐC TẾ").runs[0].bold


def test_the_ministry_itself_issuing_puts_its_name_in_bold():
    document = open_docx(make_letter(issuing_body="", symbol="BNNMT-HTQT"))

    assert find(document, "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG").runs[0].bold


def test_the_dateline_reads_as_decree_30_writes_it_and_is_italic():
    dateline = find(open_docx(make_letter()), "Hà Nội, ngày 05 tháng 02 năm 2026")

    assert all(run.italic for run in dateline.runs)
    assert dateline.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_a_blank_number_leaves_room_for_the_records_office():
    document = open_docx(make_letter(number=""))

    assert find(document, "Số:       /BNNMT-HTQT")


def test_numbers_below_ten_take_a_leading_zero():
    assert format_number_line("5", "BNNMT-HTQT") == "Số: 05/BNNMT-HTQT"
    assert format_number_line("1270", "BC-TCTTTg") == "Số: 1270/BC-TCTTTg"


def test_a_cong_van_shows_its_subject_as_vv_under_the_number():
    document = open_docx(make_letter(number="123", subject="V/v Đôn đốc nhiệm vụ quá hạn"))
    header = document.tables[0]

    number, subject = header.cell(1, 0).paragraphs
    assert (number.text, subject.text) == ("Số: 123/BNNMT-HTQT", "V/v Đôn đốc nhiệm vụ quá hạn")
    assert subject.runs[0].font.size == Pt(12)


def test_a_named_document_shows_its_type_name_centred_in_bold_instead_of_vv():
    letter = make_letter(doc_type_name="Báo cáo", symbol="BC-BNNMT", subject="Tổng kết công tác năm 2025")
    letter.recipients = []
    document = open_docx(letter)

    title = find(document, "BÁO CÁO")
    summary = find(document, "Tổng kết công tác năm 2025")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    assert summary.runs[0].bold
    assert not any(p.text.startswith("V/v") for p in all_paragraphs(document))
    assert not any(p.text.startswith("Kính gửi") for p in document.paragraphs)


def test_several_recipients_follow_kinh_gui_as_bulleted_lines():
    texts = [p.text for p in open_docx(make_letter()).paragraphs]

    start = texts.index("Kính gửi:\t- Vụ Kế hoạch - Tài chính;")
    assert texts[start + 1 : start + 3] == ["- Cục Lâm nghiệp và Kiểm lâm;", "- Văn phòng Bộ."]


def test_a_single_recipient_stays_on_the_kinh_gui_line():
    document = open_docx(make_letter(recipients=["Các đơn vị thuộc Bộ"]))

    assert find(document, "Kính gửi: Các đơn vị thuộc Bộ.").alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_paragraphs_are_justified_with_a_first_line_indent():
    body = find(open_docx(make_letter()), BODY)

    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert body.runs[0].font.size == Pt(14)


def test_the_table_has_its_caption_header_and_rows_with_a_bold_header_repeated_on_each_page():
    document = open_docx(make_letter())
    table = document.tables[1]

    assert find(document, "Danh sách nhiệm vụ quá hạn").runs[0].bold
    assert [c.text for c in table.rows[0].cells] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn hoàn thành"]
    assert [c.text for c in table.rows[2].cells] == [
        "2",
        "Báo cáo tình hình thực hiện cam kết",
        "Vụ Kế hoạch - Tài chính",
        "15/01/2026",
    ]
    assert all(p.runs[0].bold for c in table.rows[0].cells for p in c.paragraphs)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert round(table.columns[1].width.cm, 1) == 7.0
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"single"}


def test_the_header_table_has_no_borders():
    borders = open_docx(make_letter()).tables[0]._tbl.tblPr.find(qn("w:tblBorders"))

    assert {el.get(qn("w:val")) for el in borders} == {"nil"}


def test_a_table_row_of_the_wrong_width_is_refused():
    with pytest.raises(ValueError):
        Table(header=["TT", "Nhiệm vụ"], rows=[["1"]])


def test_noi_nhan_sits_bottom_left_under_a_bold_italic_heading():
    signature = open_docx(make_letter()).tables[-1]
    left, right = signature.rows[0].cells
    heading, *lines = left.paragraphs

    assert heading.text == "Nơi nhận:"
    assert heading.runs[0].bold and heading.runs[0].italic and heading.runs[0].font.size == Pt(12)
    assert [p.text for p in lines] == ["- Như trên;", "- Bộ trưởng (để b/c);", "- Lưu: VT, HTQT."]
    assert all(p.runs[0].font.size == Pt(11) for p in lines)
    signer = ["TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ HỢP TÁC QUỐC TẾ", "Nguyễn Văn An"]
    assert [p.text for p in right.paragraphs] == signer
    assert all(p.runs[0].bold for p in right.paragraphs)


def test_the_first_page_has_no_page_number_and_later_pages_do():
    section = open_docx(make_letter()).sections[0]

    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    assert "".join(p.text for p in section.first_page_header.paragraphs) == ""
    assert not section.first_page_header._element.findall(".//" + qn("w:instrText"))
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [el.text.strip() for el in number._p.iter(qn("w:instrText"))] == ["PAGE"]


def test_vietnamese_text_round_trips_exactly():
    text = "Đề nghị Cục Chăn nuôi và Thú y, Cục Trồng trọt và Bảo vệ thực vật phối hợp; ỹ ự ẵ ộ ờ ữ Ỷ Ự."
    document = open_docx(make_letter(paragraphs=[text], signer_name="Phạm Thị Hương Giang"))

    assert find(document, text)
    assert find(document, "Phạm Thị Hương Giang")


def test_every_run_is_times_new_roman_for_every_script():
    document = open_docx(make_letter())
    runs = [run for paragraph in all_paragraphs(document) for run in paragraph.runs]

    assert len(runs) > 30
    for run in runs:
        fonts = run._r.rPr.rFonts
        assert run.font.name == "Times New Roman"
        assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.rFonts.get(qn("w:asciiTheme")) is None
    assert defaults.rFonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_control_characters_in_user_text_do_not_break_the_file():
    document = open_docx(make_letter(paragraphs=["Nội dung\x0b có ký tự lạ\x00"]))

    assert find(document, "Nội dung có ký tự lạ")
