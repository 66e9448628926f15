"""Vietnamese-aware text folding for search and duplicate detection."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")


def strip_diacritics(text: str | None) -> str:
    """Diacritics removed and đ→d, case kept: "Trần Quý Kiên" → "Tran Quy Kien".

    Unicode does not treat đ/Đ as a letter with a diacritic, so NFD alone leaves it; it is mapped first.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


def fold_vi(text: str | None) -> str:
    """Lower-case, strip diacritics and map đ→d, so "Đối tác" and "doi tac" compare equal."""
    return _SPACES.sub(" ", strip_diacritics(text).casefold()).strip()


def search_terms(text: str | None) -> list[str]:
    """The folded word tokens of a query or document, punctuation removed."""
    return [tok for tok in _NON_WORD.sub(" ", fold_vi(text)).split() if tok]


def normalize_input(text: str | None) -> str:
    """What we store for typed text: NFC, trimmed, single-spaced."""
    if text is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()
