"""What kind of body an organisation is: Vietnamese, foreign (with its country), international, joint, a news
source, or unknown until the people and the place of the meeting settle it."""

import re

from .normalize import fold_chars
from .types import Mention

_INTERNATIONAL = re.compile(
    r"\b(?:International|Global|World|Asian|Asia|Regional|United Nations|European|Pacific|Mekong|ASEAN|"
    r"Southeast Asian|Quốc tế|quốc tế|Liên Hợp Quốc|Liên hợp quốc|Thế giới|châu Á|Châu Á|châu Âu)\b"
)
# "International Cooperation Department", "Vụ Hợp tác quốc tế": a ministry's department, not an international
# body.
_FIELD_INTERNATIONAL = re.compile(
    r"\b(?:International Cooperation|International Relations|[Hh]ợp tác [Qq]uốc tế)\b"
)
# Standing bodies of both sides: "Tiểu ban hợp tác …", "Joint Committee", "Ủy ban liên Chính phủ Việt Nam –
# Lào".
_JOINT_BODY = re.compile(
    r"^(?:Tiểu ban|Ủy ban liên [Cc]hính phủ|Uỷ ban liên [Cc]hính phủ|Ủy ban hỗn hợp|Uỷ ban hỗn hợp|"
    r"Nhóm công tác chung|Joint (?:Committee|Commission|Working Group)|"
    r"Intergovernmental (?:Committee|Commission)|"
    r"Sub-?[Cc]ommittee)\b"
)
_VN_MARKERS = re.compile(
    r"\b(?:Viet ?Nam|Vietnam|Vietnamese|Việt Nam|UBND|Tỉnh ủy|Tỉnh uỷ|Thành ủy|tỉnh|Tỉnh|thành phố|Sở|"
    r"People's Committee|Provincial)\b"
)


def settle_unknown(orgs: list[Mention], people, host_country: str | None) -> None:
    """An organisation with no marker takes the side of the person whose title names it, else the host country
    of a meeting abroad, else Viet Nam."""
    for org in orgs:
        if org.extra.get("org_kind") != "unknown":
            continue
        owner = next(
            (p for p in people if p.title_span and p.title_span[0] <= org.start < p.title_span[1]), None
        )
        if owner is not None:
            country = owner.country if owner.side == "partner" else "VN"
        else:
            country = host_country or "VN"
        if country == "VN" and (owner is None or owner.side == "vn"):
            org.extra.update(org_kind="vn", country="VN")
        else:
            org.extra.update(org_kind="foreign", country=country)


def classify_org(org: Mention, countries: list[Mention], text: str) -> None:
    """vn, foreign (with its country), io, joint (a body of both sides: "Vietnam - Australia … Working
    Group"), or unknown (no marker at all: settled later from the people and the place of the meeting)."""
    if org.extra.get("org_kind"):
        return
    inside = [c for c in countries if org.start <= c.start and c.end <= org.end]
    prefix = next(
        (
            c
            for c in countries
            if 0 < org.start - c.end <= 3 and re.fullmatch(r"\s*[-–]\s*", text[c.end : org.start])
        ),
        None,
    )
    owner = next((c for c in countries if re.fullmatch(r"['’]s ", text[c.end : org.start])), None)
    if owner is not None and not inside:
        inside = [owner]
    host = re.compile(r"(?:\b(?:to|in|at|for)|tại|ở)\s+$")
    foreign = [
        c for c in inside if c.value != "VN" and not host.search(org.text[: max(0, c.start - org.start)])
    ]
    home = [c for c in inside if not host.search(org.text[: max(0, c.start - org.start)])]
    has_vn = any(c.value == "VN" for c in home) or (prefix is not None and prefix.value == "VN")
    if foreign and (has_vn or prefix is not None):
        org.extra.update(org_kind="joint", country=None)
    elif foreign:
        org.extra.update(org_kind="foreign", country=foreign[0].value)
    elif has_vn or _VN_MARKERS.search(org.text):
        org.extra.update(org_kind="vn", country="VN")
    elif _JOINT_BODY.match(org.text):
        org.extra.update(org_kind="joint", country=None)
    elif _INTERNATIONAL.search(_FIELD_INTERNATIONAL.sub("", org.text)):
        org.extra.update(org_kind="io", country=None)
    else:
        org.extra.update(org_kind="unknown", country=None)
    org.value = org.value or fold_chars(org.text)
