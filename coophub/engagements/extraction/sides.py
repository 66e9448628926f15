"""Which side a person is on (vn / partner), their country and organisation, from their title and name."""

import re

from .names import current_part, former_title
from .normalize import fold_chars
from .orgs import looks_vietnamese_name

HOST = re.compile(r"(?:\b(?:to|in|at|for)|tại|ở)\s+(?:the\s+)?$", re.IGNORECASE)
VN_MARKERS = re.compile(
    r"\b(?:Vietnamese|Viet ?Nam|Việt Nam|UBND|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Đảng bộ|Sở|"
    r"People's Committee|Chính phủ|"
    r"Party Central Committee|Quốc hội)\b"
)
_EN_MINISTER = re.compile(
    r"\b(?:(?:Deputy|Vice|Vice-|State|Senior|Assistant|Permanent) )*Minister (of|for) (.+)$"
)
_VI_MINISTER = re.compile(r"(?:Thứ trưởng|Bộ trưởng)(?: Thường trực)? (?!Bộ\b)(.+)$")
_GOVERNMENT = re.compile(r"\b(Chính phủ|Government)\b")
_PHIA = re.compile(r"(?:phía|Phía|the|The)\s+$")


def _inside(mentions, span):
    return [m for m in mentions if span and span[0] <= m.start and m.end <= span[1]]


def person_side_and_country(finder, name: str, title: str | None, tspan) -> tuple:
    text = finder.text
    org_mentions = [e for e in finder.entities if e.kind == "org" and e.extra.get("org_kind") != "news"]
    countries = _home_countries(text, _inside(finder.countries, tspan), tspan)
    orgs = [o for o in _inside(org_mentions, tspan) if not HOST.search(text[tspan[0] : o.start])]
    foreign = [c for c in countries if c.value != "VN"]
    party_orgs = [o for o in orgs if o.extra.get("org_kind") in ("foreign", "agency", "io")]
    former = former_title(title)
    if tspan and title and not former:
        now = current_part(title, tspan[0])
        orgs = [o for o in orgs if o.start >= now] or orgs
    organisation = _named_ministry(finder, _organisation(title, orgs, former))
    if foreign:
        return "partner", foreign[0].value, organisation
    if party_orgs:
        return "partner", party_orgs[0].extra.get("country"), organisation
    vn = any(c.value == "VN" for c in countries) or any(o.extra.get("org_kind") == "vn" for o in orgs)
    if vn or (title and VN_MARKERS.search(title)) or looks_vietnamese_name(name.split()):
        if (
            organisation is None
            and title
            and not former
            and re.search(r"Minister|Bộ trưởng|Thứ trưởng", title)
        ):
            organisation = _first_vn_ministry(org_mentions)
        return "vn", None, organisation
    return "partner", _context_country(finder, tspan) or finder.host_country, organisation


def _home_countries(text, countries, tspan) -> list:
    """Countries of a title that say whose the person is: not the ones after "to/in/for" ("Ambassador to Viet
    Nam", "Country Director for Viet Nam, Cambodia and Laos": a list after "for" is all scope)."""
    home, scoped_end = [], None
    for c in sorted(countries, key=lambda c: c.start):
        before = text[tspan[0] : c.start]
        listed = scoped_end is not None and re.fullmatch(
            r"(?:,\s*|\s+and\s+|\s+và\s+)", text[scoped_end : c.start]
        )
        if HOST.search(before) or listed:
            scoped_end = c.end
            continue
        home.append(c)
    return home


def _named_ministry(finder, organisation):
    """ "Minister for Agriculture, Fisheries and Forestry" and a "Department of Agriculture, Fisheries and
    Forestry" named in the text: the body the text names, not the one made up from the title."""
    m = re.match(r"Ministry (?:of|for) (.+)$", organisation or "")
    if not m:
        return organisation
    field = fold_chars(m.group(1))
    for org in finder.orgs:
        folded = fold_chars(org.text)
        if folded == fold_chars(organisation):
            return organisation
    for org in finder.orgs:
        if re.fullmatch(r"[\w ]+ (?:of|for) (?:the )?" + re.escape(field), fold_chars(org.text)):
            return org.text
    return organisation


def _organisation(title, orgs, former) -> str | None:
    if not title or former:
        return None
    if orgs:
        return max(orgs, key=lambda o: o.end - o.start).text
    m = _EN_MINISTER.search(title)
    if m:
        return f"Ministry {m.group(1)} {m.group(2)}"
    m = _VI_MINISTER.search(title)
    if m:
        return f"Bộ {m.group(1)}"
    m = _GOVERNMENT.search(title)
    if m and not re.search(r"Ambassador|Đại sứ", title):
        return m.group(1)
    return None


def _first_vn_ministry(orgs) -> str | None:
    for org in orgs:
        if org.extra.get("org_kind") == "vn" and re.match(r"(?:Ministry|Bộ)\b", org.text):
            return org.text
    return None


def _context_country(finder, tspan) -> str | None:
    """A foreign country named as "phía X" / "the X side" before the person in the same sentence."""
    if not tspan:
        return None
    sentence_start = max(finder.text.rfind(". ", 0, tspan[0]), finder.text.rfind("\n", 0, tspan[0]), 0)
    for country in finder.countries:
        if sentence_start <= country.start < tspan[0] and country.value != "VN":
            if _PHIA.search(finder.text[max(0, country.start - 8) : country.start]):
                return country.value
    return None
