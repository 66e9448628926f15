"""The extractor's rules one at a time, on short Vietnamese and English press-release sentences."""

import pytest

from coophub.engagements.extraction import extract
from coophub.engagements.extraction.normalize import fold_chars, normalize_text


def people(result, side):
    return [(p["name"], p["title"]) for p in result[side]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Họp bàn\n20/11/2025\nNgày 12/11/2025, tại Hà Nội, Thứ trưởng Hoàng Trung tiếp ông Ito Naoki.",
            "2025-11-12",
        ),
        (
            "Họp bàn\n20/11/2025\nSáng 20/11, tại Hà Nội, Thứ trưởng Hoàng Trung tiếp ông Ito Naoki.",
            "2025-11-20",
        ),
        ("Họp bàn\nTừ ngày 26 đến 29/11/2025, tại Phnôm Pênh đã diễn ra Kỳ họp thứ 12.", "2025-11-26"),
        ("Họp bàn\nNgày 20-21/11/2025, hai bên đã họp tại Viêng Chăn.", "2025-11-20"),
        ("Họp bàn\nNgày 5 tháng 3 năm 2026, Thứ trưởng Hoàng Trung tiếp ông Ito Naoki.", "2026-03-05"),
        ("Talks\n2024-04-19\nHAVANA, Cuba, Apr 18 (ACN) – The ministers met.", "2024-04-18"),
        (
            "Talks\n16/09/2025TN&MTOn September 16 in Hanoi, the Minister received Mr. Ito Naoki.",
            "2025-09-16",
        ),
        ("Talks\n2025-01-06\nOn December 29, the Minister received Mr. Ito Naoki in Hanoi.", "2024-12-29"),
    ],
)
def test_it_reads_the_meeting_date_with_the_year_from_the_text_or_its_date_line(text, expected):
    assert extract(text)["meeting_date"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Talks\n\nOn May 9, the Minister received Mr. Ito Naoki in Hanoi. FAO came to Vietnam in 1978.",
        "Talks\n2025-03-02\nRecently, the Minister received Mr. Ito Naoki in Hanoi.",
        "Họp bàn\n\nNgày 15/10, tại Hà Nội, Bộ trưởng Lê Minh Hoan gặp mặt các Đại sứ.",
    ],
)
def test_a_day_and_month_without_a_knowable_year_gives_no_date(text):
    assert extract(text)["meeting_date"] is None


def test_a_deadline_is_not_the_meeting_date():
    text = (
        "Talks\n2025-07-03\nThe two sides agreed to finish the report by December 15 at the meeting on July "
        "2."
    )
    assert extract(text)["meeting_date"] == "2025-07-02"


def test_a_former_minister_in_an_appositive_keeps_the_word_former_and_his_country():
    result = extract(
        "Tiếp nguyên Bộ trưởng Nhật Bản\n12/11/2025\nChiều ngày 12/11, tại Hà Nội, Thứ trưởng Hoàng Trung "
        "đã tiếp ông Nomura Tetsuro, nguyên Bộ trưởng Bộ Nông, Lâm, Ngư nghiệp Nhật Bản."
    )
    assert people(result, "vn_side") == [("Hoàng Trung", "Thứ trưởng")]
    assert people(result, "partner_side") == [
        ("Nomura Tetsuro", "nguyên Bộ trưởng Bộ Nông, Lâm, Ngư nghiệp Nhật Bản")
    ]
    assert result["partner_side"][0]["country"] == "JP"
    assert result["partner_organizations"] == []


def test_an_acting_head_keeps_the_word_acting_in_the_title():
    result = extract(
        "Làm việc với FAO\n\nNgày 3/3/2025, Quyền Cục trưởng Cục Chăn nuôi Nguyễn Văn Long làm việc với ông "
        "Rémi Nono Womdim, Trưởng đại diện FAO tại Việt Nam."
    )
    assert people(result, "vn_side") == [("Nguyễn Văn Long", "Quyền Cục trưởng Cục Chăn nuôi")]
    assert result["partner_side"][0]["country"] is None
    assert result["partner_organizations"] == ["FAO"]


def test_vietnamese_names_in_english_text_are_on_our_side_and_foreign_names_on_the_partner_side():
    result = extract(
        "Talks\n2025-05-06\nOn May 5, Deputy Minister Phung Duc Tien held talks with Ms. Jo Lake, Deputy "
        "Director-General of New Zealand's Ministry for Primary Industries (MPI)."
    )
    assert [p["name"] for p in result["vn_side"]] == ["Phung Duc Tien"]
    assert [(p["name"], p["country"]) for p in result["partner_side"]] == [("Jo Lake", "NZ")]


def test_given_names_that_are_also_country_names_are_not_countries():
    result = extract(
        "Làm việc với Đức\n\nNgày 3/3/2025, Thứ trưởng Đỗ Đức Duy và bà Nguyễn Thị Nga làm việc với ông "
        "Hans Weber, Đại sứ Đức tại Việt Nam. Huân chương Lao động được trao cho ông Weber."
    )
    assert result["partner_countries"] == ["DE"]
    assert result["partner_side"][0]["country"] == "DE"


@pytest.mark.parametrize(
    "sentence",
    [
        "Bộ trưởng đề nghị phía Nhật Bản hỗ trợ chuyển giao công nghệ.",
        "Thủ tướng hy vọng việc này sẽ đóng góp vào hòa bình.",
        "He asked the Japanese side to continue its support.",
        "Japan hopes the two sides will continue to cooperate.",
        "The minister proposed that both sides agree to a new plan.",
        "Nam expressed his belief in the nations achieving the goal.",
    ],
)
def test_proposals_requests_and_hopes_are_not_commitments(sentence):
    assert extract(f"Meeting\n\n{sentence}")["commitments"] == []


@pytest.mark.parametrize(
    ("sentence", "by"),
    [
        ("Hai bên thống nhất tăng cường hợp tác trong lĩnh vực thủy sản.", "both"),
        ("Phía Nhật Bản cam kết hỗ trợ đào tạo nguồn nhân lực cho Việt Nam.", "partner"),
        ("Bộ Nông nghiệp và Môi trường sẽ cử chuyên gia sang Lào.", "vn"),
        ("The two sides agreed to set up a joint working group.", "both"),
        ("The World Bank pledged 100 million USD for the project.", "partner"),
        ("The ministry committed to completing the assessment by January.", "vn"),
    ],
)
def test_undertakings_are_commitments_of_the_side_that_makes_them(sentence, by):
    [commitment] = extract(f"Meeting\n\n{sentence}")["commitments"]
    assert commitment["by"] == by
    assert commitment["text"] == sentence


def test_united_arab_emirates_is_not_an_agreement_of_the_two_sides():
    text = "Tiếp Đại sứ\n\nThủ tướng chúc mừng Israel ký thỏa thuận với Các Tiểu vương quốc Arab thống nhất."
    result = extract(text)
    assert result["commitments"] == []
    assert result["agreements_signed"] == []


def test_a_document_to_be_signed_later_is_a_follow_up_not_an_agreement_signed():
    result = extract("Tiếp Đại sứ\n\nThủ tướng nhất trí việc hai nước sớm ký Nghị định thư về hàng không.")
    assert result["agreements_signed"] == []
    assert [f["text"] for f in result["follow_ups"]] == ["hai nước sớm ký Nghị định thư về hàng không"]


def test_figures_read_vietnamese_number_formats():
    result = extract(
        "Hợp tác\n\nNăm 2024, kim ngạch giữa hai nước đạt 4,2 tỷ USD và dự án có diện tích 1.500 ha."
    )
    assert [(f["text"], f["value"], f["unit"]) for f in result["figures"]] == [
        ("4,2 tỷ USD", 4_200_000_000, "USD"),
        ("1.500 ha", 1500, "ha"),
    ]


def test_figures_read_english_number_formats_and_ranges():
    result = extract("Loan\n\nThe loan of USD 39.2 million covers 95,000 hectares and 2-3 times more farms.")
    assert [(f["text"], f["value"]) for f in result["figures"]] == [
        ("USD 39.2 million", 39_200_000),
        ("95,000 hectares", 95000),
        ("2-3 times", [2, 3]),
    ]


def test_an_online_meeting_has_no_place():
    result = extract(
        "Online talks\n2025-11-14\nOn November 13, the Deputy Minister held an online meeting with the "
        "World Bank. The bank will send a mission to Can Tho in December."
    )
    assert result["location"] is None


def test_a_visit_abroad_by_a_vietnamese_delegation_is_a_delegation_visit():
    result = extract(
        "Delegation visits Australia\n2025-03-10\nA delegation of the Ministry of Agriculture and "
        "Environment led by Deputy Minister Hoang Trung paid a working visit to Australia from March 3 to "
        "7, 2025."
    )
    assert result["event_type"] == "delegation_visit"
    assert result["location"] == {"city": None, "country": "AU"}
    assert result["partner_countries"] == ["AU"]


def test_a_meeting_with_our_own_ambassadors_has_no_partner():
    result = extract(
        "Bộ trưởng gặp mặt các Đại sứ Việt Nam\n\nNgày 15/10, tại Hà Nội, Bộ trưởng Bộ NN&PTNT Lê Minh Hoan "
        "gặp mặt các Đại sứ, Trưởng Cơ quan đại diện Việt Nam ở nước ngoài."
    )
    assert result["partner_side"] == [] and result["partner_countries"] == []
    assert result["event_type"] == "other"


def test_quotes_and_dashes_are_unified_and_folding_keeps_offsets():
    text = normalize_text("\u201cHợp tác\u201d \u2014 Việt Nam\u2013Nhật Bản\u00a0\u00a0là\r\nđối tác")
    assert text == '"Hợp tác" – Việt Nam–Nhật Bản là\nđối tác'
    assert len(fold_chars(text)) == len(text)
    assert fold_chars("Đỗ Đức Duy") == "do duc duy"
