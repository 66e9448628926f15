"""What the extractor accepts and warns about: HTML, empty and huge texts, languages, the partner registry."""

import pytest
from django.utils import translation

from coophub.engagements.extraction import ExtractionInputError, KnownPartner, extract

ENGLISH = (
    "Vietnam, Japan discuss agricultural cooperation\n2025-11-12\nOn November 12 in Hanoi, Deputy Minister "
    "of Agriculture and Environment Hoang Trung received Mr. Nomura Tetsuro, Minister of Agriculture, "
    "Forestry and Fisheries of Japan. The two sides agreed to hold the next dialogue in Tokyo in 2026."
)
MAFF = KnownPartner(
    id=7,
    code="MAFF",
    names=(
        "Bộ Nông, Lâm, Ngư nghiệp Nhật Bản",
        "Ministry of Agriculture, Forestry and Fisheries of Japan",
        "MAFF",
    ),
    country="JP",
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def codes(result) -> list[str]:
    return [w["code"] for w in result["warnings"]]


def test_html_is_turned_into_text_without_scripts_or_styles():
    html = (
        "<html><head><style>p {color: red}</style><script>alert('x')</script></head><body><h1>Vietnam &amp; "
        "Japan talk farming</h1><p>On November 12, the two sides met&nbsp;in Hanoi.</p><p>Tom &xxe; Jerry "
        "&#39;quoted&#39;</p></body></html>"
    )
    result = extract(html)
    text = result["text"]
    assert "alert" not in text and "color: red" not in text
    assert text.startswith("Vietnam & Japan talk farming\n")
    assert "met in Hanoi." in text
    assert "Tom &xxe; Jerry 'quoted'" in text
    assert "html_stripped" in codes(result)


def test_plain_text_entities_are_left_alone():
    result = extract(
        "Hanoi &amp; Tokyo officials met on the farm programme and the trade of rice in the region."
    )
    assert "&amp;" in result["text"]
    assert "html_stripped" not in codes(result)


@pytest.mark.parametrize("text", ["", "   \n\t  ", "<p>  </p><script>var a = 1;</script>"])
def test_an_empty_text_is_refused_for_the_text_field(text):
    with pytest.raises(ExtractionInputError) as refused:
        extract(text)
    assert refused.value.field == "text"
    assert isinstance(refused.value, ValueError)
    assert "empty" in str(refused.value.message)


def test_a_text_over_the_limit_is_refused_naming_the_limit():
    with pytest.raises(ExtractionInputError) as refused:
        extract("a" * 5001, max_chars=5000)
    assert refused.value.field == "text"
    assert "5,000" in str(refused.value.message)


def test_the_default_limit_is_one_hundred_thousand_characters():
    with pytest.raises(ExtractionInputError, match="100,000"):
        extract("word " * 20001)


def test_a_french_text_comes_back_as_another_language_with_a_warning():
    result = extract(
        "Le ministre de l'Agriculture a reçu hier la délégation japonaise pour discuter de la coopération "
        "et des échanges dans le domaine de l'environnement."
    )
    assert result["language"] == "other"
    assert "language_other" in codes(result)


def test_saying_vietnamese_for_an_english_text_warns_of_the_mismatch():
    result = extract(ENGLISH, language="vi")
    assert result["language"] == "en"
    warning = next(w for w in result["warnings"] if w["code"] == "language_mismatch")
    assert "English" in warning["message"] and "Vietnamese" in warning["message"]
    assert result["meeting_date"] == "2025-11-12"


def test_an_unknown_language_choice_is_refused():
    with pytest.raises(ExtractionInputError) as refused:
        extract(ENGLISH, language="fr")
    assert refused.value.field == "language"


def test_a_text_without_a_knowable_year_has_no_date_and_says_so():
    result = extract(
        "Minister meets Lao counterpart\n\nOn Wednesday, the Minister received the Lao delegation."
    )
    assert result["meeting_date"] is None
    assert "no_date" in codes(result)


def test_a_registry_partner_named_in_the_text_is_matched_with_its_span():
    text = (
        ENGLISH
        + " The Ministry of Agriculture, Forestry and Fisheries of Japan will send experts to Vietnam."
    )
    result = extract(text, partners=[MAFF])
    [match] = result["partner_matches"]
    assert (match["partner_id"], match["code"]) == (7, "MAFF")
    assert match["text"] == "Ministry of Agriculture, Forestry and Fisheries of Japan"
    assert result["text"][slice(*match["span"])] == match["text"]
    assert result["new_partner_suggestions"] == []


def test_a_registry_partner_is_matched_through_the_title_of_its_minister():
    result = extract(ENGLISH, partners=[MAFF])
    [match] = result["partner_matches"]
    assert match["code"] == "MAFF"
    assert match["text"] == "Minister of Agriculture, Forestry and Fisheries of Japan"


def test_a_registry_partner_is_matched_in_a_vietnamese_text_by_its_vietnamese_name():
    text = (
        "Thứ trưởng Hoàng Trung tiếp Bộ trưởng Nhật Bản\n12/11/2025\nChiều ngày 12/11, tại Hà Nội, Thứ "
        "trưởng Hoàng Trung đã tiếp ông Nomura Tetsuro, Bộ trưởng Bộ Nông, Lâm, Ngư nghiệp Nhật Bản."
    )
    result = extract(text, partners=[MAFF])
    assert [m["code"] for m in result["partner_matches"]] == ["MAFF"]
    assert result["partner_side"][0]["name"] == "Nomura Tetsuro"


def test_an_unknown_foreign_ministry_is_suggested_as_a_new_partner():
    text = (
        "Vietnam, New Zealand talk farm trade\n2025-05-06\nOn May 5, Deputy Minister Phung Duc Tien held "
        "talks with Ms. Jo Lake, Deputy Director-General of New Zealand's Ministry for Primary Industries "
        "(MPI)."
    )
    result = extract(text, partners=[MAFF])
    assert result["partner_matches"] == []
    [suggestion] = result["new_partner_suggestions"]
    assert suggestion["country"] == "NZ"
    assert "Ministry for Primary Industries" in suggestion["text"]
    assert result["text"][slice(*suggestion["span"])] == suggestion["text"]
