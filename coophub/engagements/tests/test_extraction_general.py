"""General phenomena of engagement news the extractor must read in any article (invented texts)."""

from coophub.engagements.extraction import extract


def _names(result, side):
    return {p["name"]: p for p in result[side]}


def test_a_title_then_honorific_then_name_gives_the_whole_name_and_a_title_without_the_honorific():
    text = (
        "Ministry meets the Asian Development Bank\n2025-05-06\n"
        "On May 6, Director-General of the International Cooperation Department Ms Tran Thi Mai Anh met "
        "Kenyan Deputy Minister of Agriculture and Livestock Mr. John Mwangi in Hanoi."
    )
    result = extract(text)
    vn = _names(result, "vn_side")
    assert "Tran Thi Mai Anh" in vn
    assert vn["Tran Thi Mai Anh"]["title"] == "Director-General of the International Cooperation Department"
    partner = _names(result, "partner_side")
    assert partner["John Mwangi"]["country"] == "KE"
    assert "GB" not in result["partner_countries"]


def test_a_long_name_with_a_particle_and_a_malay_honorific_is_kept_whole():
    text = (
        "Ministers meet\n2025-03-02\n"
        "On March 2, the meeting was chaired by H.E. Mr. Tan Sri Ahmad Zaki bin Hassan, Malaysia's Minister "
        "of Plantation and Commodities."
    )
    partner = _names(extract(text), "partner_side")
    assert "Tan Sri Ahmad Zaki bin Hassan" in partner


def test_a_one_word_place_inside_a_foreign_name_does_not_cut_the_name():
    text = (
        "Thứ trưởng tiếp Đại sứ Peru\n\nNgày 3/3/2025, tại Hà Nội, Thứ trưởng Nguyễn Văn Nam đã tiếp ông "
        "Jorge "
        "Luis Santos Lima, Đại sứ Peru tại Việt Nam."
    )
    partner = _names(extract(text), "partner_side")
    assert partner["Jorge Luis Santos Lima"]["country"] == "PE"


def test_an_international_cooperation_department_is_a_ministry_department_not_an_international_body():
    text = (
        "Talks with Norway\n2025-04-01\n"
        "On April 1, Norwegian State Secretary Ola Berg met Deputy Minister Le Van Hung. Acting "
        "Director-General "
        "of the International Cooperation Department Pham Thi Thu attended."
    )
    result = extract(text)
    assert "Pham Thi Thu" in _names(result, "vn_side")
    assert not any("International Cooperation" in o for o in result["partner_organizations"])


def test_countries_after_for_in_an_international_staff_title_are_its_scope_not_the_persons_country():
    text = (
        "Viet Nam, ADB discuss loans\n2025-06-02\n"
        "On June 2, Deputy Minister Nguyen Van Binh met Mr. Paul Smith, the ADB's Country Director for Viet "
        "Nam, "
        "Cambodia and Laos."
    )
    result = extract(text)
    assert _names(result, "partner_side")["Paul Smith"]["country"] is None
    assert "KH" not in result["partner_countries"] and "LA" not in result["partner_countries"]


def test_a_former_office_and_now_a_present_one_keeps_the_present_organisation():
    text = (
        "Working session with Peru\n2025-02-10\n"
        "On February 10, Deputy Minister Tran Van Long received Ms. Ana Flores, former Minister of "
        "Agriculture "
        "of Peru and now President of the Peruvian Coffee Growers Association (PCGA)."
    )
    result = extract(text)
    assert _names(result, "partner_side")["Ana Flores"]["organization"] == (
        "Peruvian Coffee Growers Association (PCGA)"
    )


def test_the_body_a_text_names_replaces_a_ministry_made_up_from_a_ministers_title():
    text = (
        "Viet Nam, Canada talks\n2025-07-07\n"
        "On July 7, Minister Do Duc Duy met Canada's Minister for Agriculture and Agri-Food John Miller. "
        "Miller "
        "pledged that the Department of Agriculture and Agri-Food would open the market for Vietnamese mango."
    )
    result = extract(text)
    assert _names(result, "partner_side")["John Miller"]["organization"] == (
        "Department of Agriculture and Agri-Food"
    )


def test_a_country_in_brackets_after_a_body_and_a_body_tasked_in_an_agreement_make_it_a_party():
    text = (
        "Việt Nam – Campuchia họp Tiểu ban\n12/05/2025\n"
        "Ngày 12/5/2025, tại Phnôm Pênh, Thứ trưởng Lê Văn An và ông Sok Chea, Thứ trưởng Bộ Nông nghiệp "
        "Campuchia đồng chủ trì Kỳ họp Tiểu ban hợp tác nông nghiệp. Hai bên thống nhất giao Vụ Hợp tác "
        "quốc tế "
        "(Việt Nam) và Vụ Kế hoạch (Campuchia) làm đầu mối xây dựng kế hoạch hành động."
    )
    orgs = extract(text)["partner_organizations"]
    assert "Vụ Kế hoạch (Campuchia)" in orgs
    assert not any(o.startswith("Tiểu ban") for o in orgs)


def test_a_body_named_just_before_a_signing_is_a_party():
    text = (
        "Ký thư ý định với Đan Mạch\n10/04/2025\n"
        "Ngày 10/4, Cục Thủy lợi và Đại sứ quán Đan Mạch tại Việt Nam đã ký Thư ý định về quản lý nước."
    )
    assert any(o.startswith("Đại sứ quán Đan Mạch") for o in extract(text)["partner_organizations"])


def test_the_host_named_at_a_multilateral_meeting_is_a_party_but_a_ministers_own_ministry_is_not():
    text = (
        "ASEAN ministers meet\n2025-10-02\n"
        "On October 2, Deputy Minister Vo Van Tam attended the ASEAN ministers meeting in Jakarta, "
        "Indonesia. "
        "The meeting, hosted by Indonesia's Ministry of Agriculture, brought together delegates of member "
        "states. Tam met Thai Deputy Minister of Agriculture and Cooperatives Somchai Dee."
    )
    orgs = extract(text)["partner_organizations"]
    assert "Ministry of Agriculture" in orgs
    assert "Ministry of Agriculture and Cooperatives" not in orgs


def test_a_known_body_and_a_body_named_after_it_are_two_parties():
    text = (
        "FAO support\n2025-01-09\n"
        "On January 9, Deputy Minister Tran Van Tu met the FAO Secretariat and FAO Representative Ms Rie "
        "Sato. "
        "The FAO Secretariat will provide experts; FAO will also fund a study."
    )
    orgs = extract(text)["partner_organizations"]
    assert "FAO Secretariat" in orgs and "FAO" in orgs


def test_a_longer_known_name_wins_over_a_name_cut_at_a_function_word():
    text = (
        "Hội thảo với IFAD\n05/03/2025\n"
        "Sáng 5/3, Bộ Nông nghiệp và Môi trường phối hợp với Quỹ Quốc tế về Phát triển nông nghiệp (IFAD) tổ "
        "chức hội thảo. Bà Mai Lin, Giám đốc quốc gia IFAD, khẳng định IFAD sẽ tiếp tục hỗ trợ Việt Nam."
    )
    result = extract(text)
    assert result["partner_organizations"] == ["Quỹ Quốc tế về Phát triển nông nghiệp (IFAD)"]
    assert [s["text"] for s in result["new_partner_suggestions"]] == [
        "Quỹ Quốc tế về Phát triển nông nghiệp (IFAD)"
    ]


def test_an_acronym_in_brackets_belongs_to_the_organisation_it_follows_in_the_suggestions():
    text = (
        "JICA làm việc với tỉnh\n01/02/2025\n"
        "Ngày 1/2, JICA làm việc với UBND tỉnh Hà Tĩnh. Ông Sato Ken, Trưởng đại diện Tổ chức Hợp tác Quốc "
        "tế "
        "Nhật Bản (JICA), cho biết JICA sẽ hỗ trợ tỉnh."
    )
    texts = [s["text"] for s in extract(text)["new_partner_suggestions"]]
    assert texts == ["Tổ chức Hợp tác Quốc tế Nhật Bản (JICA)"]


def test_the_date_of_a_news_dateline_yields_to_the_day_the_body_gives():
    text = (
        "Delegation visits New Zealand\n2025-03-14\n"
        "WELLINGTON, March 14 (VNA) – A delegation of the ministry paid a working visit to New Zealand from "
        "March 10 to 14."
    )
    assert extract(text)["meeting_date"] == "2025-03-10"


def test_the_dateline_date_counts_when_the_body_gives_no_day():
    text = (
        "Talks in Lima\n2025-05-20\n"
        "LIMA, May 19 (VNA) – Deputy Minister Tran Van Tu met Peru's Minister on Monday."
    )
    assert extract(text)["meeting_date"] == "2025-05-19"


def test_a_capitalised_city_and_a_dash_open_the_body_as_a_dateline():
    text = (
        "Ký kết với Hà Lan\nThu Hà - 15/07/2025 21:05\n"
        "ĐÀ NẴNG — Chiều 15/7, tại trụ sở UBND, Bộ trưởng Đỗ Đức Duy và Đại sứ Hà Lan ký Bản ghi nhớ. Cùng "
        "dịp, "
        "hai bên thăm dự án tại tỉnh Quảng Nam."
    )
    assert extract(text)["location"]["country"] == "VN"
    assert extract(text)["location"]["city"] == "ĐÀ NẴNG"


def test_a_federation_in_a_countrys_name_is_not_a_foreign_province():
    text = (
        "Thứ trưởng tiếp Đại sứ Đức\n\nNgày 3/3/2025, Thứ trưởng Phùng Đức Tiến tiếp ông Hans Weber, Đại sứ "
        "nước Cộng hòa Liên bang Đức tại Việt Nam."
    )
    result = extract(text)
    assert not any(o.startswith("bang") for o in result["partner_organizations"])
    assert _names(result, "partner_side")["Hans Weber"]["country"] == "DE"


def test_a_party_opening_a_reported_clause_is_the_subject_of_its_commitment():
    text = (
        "Tổng kết dự án\n10/10/2025\n"
        "Sáng 10/10, ông Trần Văn Minh, Giám đốc Ban Quản lý các dự án lâm nghiệp, chủ trì hội thảo với "
        "IFAD. "
        "Ông Trần Văn Minh cho biết Ban Quản lý các dự án lâm nghiệp sẽ hoàn thành báo cáo trước ngày "
        "31/12/2025."
    )
    commitments = extract(text)["commitments"]
    assert [c["by"] for c in commitments] == ["vn"]
    assert commitments[0]["text"].startswith("Ông Trần Văn Minh cho biết")


def test_a_sentence_ends_after_a_vietnamese_one_letter_word():
    text = (
        "IFAD tại châu Á\n10/10/2025\n"
        "Sáng 10/10, bà Mai Lin, Giám đốc quốc gia IFAD, đánh giá cao dự án tại châu Á. Bà khẳng định IFAD "
        "sẽ "
        "tiếp tục hỗ trợ Việt Nam."
    )
    assert [c["text"] for c in extract(text)["commitments"]] == [
        "Bà khẳng định IFAD sẽ tiếp tục hỗ trợ Việt Nam."
    ]


def test_documents_endorsed_at_a_meeting_are_agreements():
    text = (
        "ASEAN meeting\n2025-10-02\n"
        "On October 2, the ministers adopted the ASEAN Food Security Framework, and endorsed the ASEAN "
        "Guidelines on Organic Rice."
    )
    titles = [a["title"] for a in extract(text)["agreements_signed"]]
    assert "ASEAN Guidelines on Organic Rice" in titles


def test_a_prediction_is_not_a_follow_up_but_a_planned_signing_is():
    text = (
        "Talks with Japan\n2025-09-16\n"
        "On September 16, Deputy Minister Tran Quy Kien received Mr. Ken Sato, Japan's Ambassador. According "
        "to Sato, the technology is expected to shape future trends. The protocol is expected to be signed "
        "later this year."
    )
    follow_ups = [f["text"] for f in extract(text)["follow_ups"]]
    assert not any("shape future trends" in f for f in follow_ups)
    assert any("expected to be signed" in f for f in follow_ups)


def test_a_follow_up_never_repeats_a_whole_commitment():
    text = (
        "Talks with Korea\n2025-09-16\n"
        "On September 16, Deputy Minister Tran Quy Kien received Mr. Kim Min, Korea's Ambassador. Both sides "
        "agreed to hold the next meeting in Seoul in 2026."
    )
    result = extract(text)
    commitment_spans = {tuple(c["span"]) for c in result["commitments"]}
    assert all(tuple(f["span"]) not in commitment_spans for f in result["follow_ups"])


def test_a_meeting_to_be_held_is_a_follow_up_with_no_owner():
    text = (
        "ASEAN meeting\n2025-10-24\n"
        "On October 23, Deputy Minister Vo Van Tam attended the 47th AMAF in Kuala Lumpur, Malaysia. The "
        "48th "
        "AMAF will be held in the Philippines in 2026."
    )
    follow_ups = extract(text)["follow_ups"]
    assert [(f["owner"], f["due"]) for f in follow_ups if "will be held" in f["text"]] == [(None, "in 2026")]
