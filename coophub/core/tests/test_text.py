"""fold_vi: what search and duplicate detection compare. Properties first, then the Ministry's own words."""

import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coophub.core.text import fold_vi, normalize_input, search_terms

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
vietnamese_text = st.text(
    alphabet=st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " \t\n-,.()0123456789"),
    max_size=60,
)
any_text = st.text(max_size=60)
some_text = st.one_of(vietnamese_text, any_text)


def _no_combining_marks(text):
    return all(unicodedata.category(ch) != "Mn" and not unicodedata.combining(ch) for ch in text)


@given(some_text)
def test_folding_twice_gives_the_same_as_folding_once(text):
    once = fold_vi(text)
    assert fold_vi(once) == once


@given(some_text)
def test_the_folded_text_has_no_combining_marks_and_no_d_with_stroke(text):
    folded = fold_vi(text)
    assert _no_combining_marks(folded)
    assert "đ" not in folded and "Đ" not in folded


@given(vietnamese_text)
def test_folded_vietnamese_is_lower_case_ascii(text):
    folded = fold_vi(text)
    assert folded == folded.lower()
    assert folded.isascii()


@given(any_text)
def test_folded_text_of_any_script_is_stable_under_case_folding(text):
    folded = fold_vi(text)
    assert folded.casefold() == folded


@given(some_text)
def test_the_composed_and_decomposed_forms_of_a_text_fold_alike(text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert fold_vi(nfc) == fold_vi(nfd)


@given(st.text(alphabet=string.ascii_lowercase + string.digits + string.punctuation + " \t\n", max_size=60))
def test_ascii_lower_case_text_is_unchanged_apart_from_whitespace(text):
    assert fold_vi(text) == " ".join(text.split())


@given(some_text)
def test_whitespace_is_collapsed_and_trimmed(text):
    folded = fold_vi(text)
    assert folded == folded.strip()
    assert "  " not in folded and "\t" not in folded and "\n" not in folded


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Đối tác", "doi tac"),
        ("Hợp tác Quốc tế", "hop tac quoc te"),
        ("Nông nghiệp", "nong nghiep"),
        ("  Bộ   Nông nghiệp\tvà Môi trường ", "bo nong nghiep va moi truong"),
        ("ĐẶNG ĐỨC ĐỊNH", "dang duc dinh"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_folds_the_ministrys_words(text, folded):
    assert fold_vi(text) == folded


def test_decomposed_input_as_typed_on_some_keyboards_folds_like_composed_input():
    decomposed = unicodedata.normalize("NFD", "Nông nghiệp")
    assert decomposed != "Nông nghiệp"
    assert fold_vi(decomposed) == "nong nghiep"


def test_search_terms_drop_punctuation_and_underscores():
    assert search_terms("Cơ quan Hợp tác (JICA) — Nhật_Bản, 2026!") == [
        "co",
        "quan",
        "hop",
        "tac",
        "jica",
        "nhat",
        "ban",
        "2026",
    ]


def test_normalize_input_stores_composed_single_spaced_text_with_its_diacritics():
    assert normalize_input(unicodedata.normalize("NFD", "  Đối   tác ")) == "Đối tác"
    assert normalize_input(None) == ""
