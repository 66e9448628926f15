"""Word lists of personal names in engagement news: honorifics, name particles, capitalised words that are not
names, month names; and the reading of "former … and now …" titles."""

import re

HONORIFICS = {
    "en": (
        "His Excellency",
        "Her Excellency",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Prof.",
        "H.E.",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Madam",
        "Mme",
        "Sir",
        "Professor",
    ),
    "vi": (
        "Đồng chí",
        "đồng chí",
        "Tiến sĩ",
        "GS.TS.",
        "PGS.TS.",
        "TS.",
        "GS.",
        "PGS.",
        "ThS.",
        "Ông",
        "ông",
        "Bà",
        "bà",
        "Ngài",
        "ngài",
    ),
}
PARTICLES = frozenset(("van der de von da di bin binti al la le du dos del ter den el").split())
NOT_NAME = frozenset(
    (
        "The In On At For During With Meanwhile According This That He She They It We Both His Her Their "
        "Its Vietnam Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday Theo Tại Về "
        "Sáng Chiều Ngày Nhân Hai Phía Đoàn Đại Thứ Chủ Phó Bộ Southeast Asia Asian Deputy Vice Former "
        "Acting Quyền Nguyên Cựu"
    ).split()
)
MONTHS = frozenset(
    (
        "January February March April May June July August September October November December Jan Feb "
        "Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
    ).split()
)

_FORMER = re.compile(r"\b(?:former|nguyên|cựu)\b", re.IGNORECASE)
_NOW = re.compile(r"\b(?:and )?(?:now|currently|hiện là|hiện nay là)\b", re.IGNORECASE)


def former_title(title: str | None) -> bool:
    """ "former Minister of Defense of Japan" is a former office; "former Minister …, now President of …"
    names a present office after the "now"."""
    if not title or not _FORMER.search(title):
        return False
    now = _NOW.search(title)
    return not (now and now.start() > _FORMER.search(title).start())


def current_part(title: str, start: int) -> int:
    """Offset in the text where the present office of a "former … and now …" title begins (`start` if
    none)."""
    now = _NOW.search(title)
    return start + now.end() if now and _FORMER.search(title) else start
