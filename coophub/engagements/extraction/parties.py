"""Every stretch of text that names a party of the engagement, with its side: people (and their surnames, bare
titles and pronouns), organisations, countries, "both sides"/"hai bên", "the ministry"."""

import re

from . import lexicon
from .normalize import fold_chars
from .types import Mention, Person

_PRONOUNS = {
    "en": r"\b(?:He|he|She|she|His|his|Her|her)\b",
    "vi": r"\b(?:Ông|ông|Bà|bà|Ngài|ngài)\b(?! [A-ZĐ])",
}
_MINISTRY = re.compile(r"\b(?:[Tt]he (?:MAE|MARD)|Bộ(?= (?:cũng|đã|sẽ|cam kết|nhất trí|thống nhất)))\b")
_BARE_TITLES = {
    "en": r"\b(?:[Tt]he )?(?:Deputy Minister|Minister|Ambassador|ambassador|[Dd]iplomat|[Oo]fficial|"
    r"Director-General|"
    r"President|Representative|Prime Minister)\b",
    "vi": r"(?:Phó Thủ tướng|Thủ tướng|Bộ trưởng|Thứ trưởng|Đại sứ|Chủ tịch|Tổng Giám đốc|"
    r"Giám đốc)(?! [A-ZĐ])",
}


def _side_of_org(org: Mention) -> str | None:
    kind = org.extra.get("org_kind")
    return {"news": None, "vn": "vn", "joint": "both", "unknown": None}.get(kind, "partner")


_GENERIC = re.compile(
    r"\b[Tt]he (?P<head>centre|center|bank|agency|organisation|organization|fund|institute|"
    r"embassy|department|"
    r"programme|program|commission|committee|corporation|company|office|ministry)\b"
    r"|(?P<vihead>[Tt]ổ chức|[Cc]ơ quan|[Nn]gân hàng|[Qq]uỹ|[Bb]ộ|[Đđ]ại sứ quán|[Vv]iện) (?:này|bạn)\b"
)


def _generic_references(text, orgs) -> list[Mention]:
    """ "the centre", "the bank", "cơ quan này": the latest organisation before it with that head word."""
    found = []
    for m in _GENERIC.finditer(text):
        head = fold_chars(m.group("head") or m.group("vihead"))
        earlier = [o for o in orgs if o.end <= m.start() and head in fold_chars(o.text) and _side_of_org(o)]
        if earlier:
            org = max(earlier, key=lambda o: o.end)
            found.append(Mention(m.start(), m.end(), m.group(), "party", _side_of_org(org), {"org": org}))
        elif head == "ministry":
            found.append(Mention(m.start(), m.end(), m.group(), "party", "vn"))
    return found


def party_mentions(text, lang, people: list[Person], orgs, countries) -> list[Mention]:
    """All party mentions, sorted by position; overlapping ones keep the longest."""
    found: list[Mention] = []
    joint = lexicon.cues(lang if lang == "vi" else "en", "joint")
    joint_re = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(j) for j in joint) + r")(?!\w)", re.IGNORECASE)
    for m in joint_re.finditer(text):
        found.append(Mention(m.start(), m.end(), m.group(), "party", "both"))
    for org in orgs:
        side = _side_of_org(org)
        if side:
            found.append(Mention(org.start, org.end, org.text, "party", side, {"org": org}))
    for country in countries:
        side = "vn" if country.value == "VN" else "partner"
        start, end = _side_phrase(text, country)
        found.append(Mention(start, end, text[start:end], "party", side, {"country": country.value}))
    for m in _MINISTRY.finditer(text):
        found.append(Mention(m.start(), m.end(), m.group(), "party", "vn"))
    found += _generic_references(text, orgs)
    folded = fold_chars(text)
    for person in people:
        for alias in sorted(person.aliases):
            for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", folded):
                if text[m.start()].isupper():
                    found.append(
                        Mention(
                            m.start(),
                            m.end(),
                            text[m.start() : m.end()],
                            "party",
                            person.side,
                            {"person": person},
                        )
                    )
    for m in re.finditer(_BARE_TITLES["vi" if lang == "vi" else "en"], text):
        person = _person_with_title(people, m.group())
        if person:
            found.append(Mention(m.start(), m.end(), m.group(), "party", person.side, {"person": person}))
    found = _longest(found)
    for m in re.finditer(_PRONOUNS["vi" if lang == "vi" else "en"], text):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        person = _last_person_before(found, m.start())
        if person:
            found.append(Mention(m.start(), m.end(), m.group(), "party", person.side, {"person": person}))
    return sorted(found, key=lambda f: f.start)


def _side_phrase(text, country) -> tuple[int, int]:
    """ "the Chinese side", "the Japanese delegation", "phía Nhật Bản": the country's side as a subject."""
    start, end = country.start, country.end
    before = re.search(r"(?:\b[Tt]he |[Pp]hía )$", text[max(0, start - 6) : start])
    after = re.match(r" (?:side|delegation|government|Government)\b", text[end : end + 12])
    if before and (after or before.group().lower().startswith("phía")):
        return start - len(before.group()), end + (len(after.group()) if after else 0)
    return start, end


def _person_with_title(people, title: str) -> Person | None:
    title = fold_chars(re.sub(r"^[Tt]he ", "", title))
    if title in ("diplomat", "ambassador"):
        title = "ambassador" if any("ambassador" in fold_chars(p.title or "") for p in people) else title
    matches = [p for p in people if p.title and title in fold_chars(p.title)]
    if title in ("official", "diplomat"):
        matches = [p for p in people if p.side == ("vn" if title == "official" else "partner")]
    if not matches:
        return None
    return next((p for p in matches if p.side == "vn"), matches[0])


def _last_person_before(found, pos) -> Person | None:
    before = [f for f in found if f.end <= pos and "person" in f.extra]
    return max(before, key=lambda f: f.end).extra["person"] if before else None


def _longest(found: list[Mention]) -> list[Mention]:
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
