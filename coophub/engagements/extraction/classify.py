"""Event type (from cue words weighted by where they occur) and topics (from the topic lexicon)."""

import functools
import re

from . import lexicon
from .normalize import fold_chars

EVENT_TYPES = (
    "courtesy_call",
    "bilateral_talks",
    "signing",
    "multilateral_meeting",
    "joint_committee",
    "delegation_visit",
    "conference",
    "other",
)
# One-word Vietnamese cues with other senses ("tiếp tục", "gặp khó khăn", "ký hiệu") need what follows them.
_NARROW = {
    "tiếp": r"tiếp (?:xã giao|ông|bà|ngài|Đại sứ|đoàn|Đoàn|[A-ZĐ])",
    "đã tiếp": r"đã tiếp (?:xã giao|ông|bà|ngài|Đại sứ|đoàn|Đoàn|[A-ZĐ])",
    "gặp": r"gặp (?:gỡ|mặt|ông|bà|ngài|Đại sứ|đoàn|Đoàn|[A-ZĐ])",
    "ký": r"ký (?:kết|Bản|Biên|Hiệp|Thỏa|Thoả|Nghị định thư|Kế hoạch|Chương trình|Tuyên bố|Văn kiện|"
    r"hợp tác|MoU)",
    "met": r"\bmet (?:with|[A-Z])",
    "sign": r"\bsign (?:a|an|the|[A-Z])",
    "received": r"\breceived (?:and|[A-Z]|a |the )",
    "receives": r"\breceives (?:[A-Z]|a |the )",
}


@functools.cache
def _cue_patterns(lang: str) -> dict:
    lang = "vi" if lang == "vi" else "en"
    patterns = {}
    for event in (*EVENT_TYPES, "talks_weak"):
        alts = []
        for phrase in lexicon.cues(lang, f"event_{event}"):
            if phrase in _NARROW:
                alts.append(_NARROW[phrase])
            elif phrase.isupper():
                alts.append(rf"(?<!\w){re.escape(phrase)}(?!\w)")
            else:
                alts.append(rf"(?i:(?<!\w){re.escape(phrase)}(?!\w))")
        if alts:
            patterns[event] = re.compile("|".join(alts))
    return patterns


def _hits(pattern, text, zones) -> dict:
    return {name: bool(pattern.search(text, s, e)) for name, (s, e) in zones.items()}


def event_type(
    text, lang, zones, *, has_partner, agreements, partner_countries, location_foreign, lead_is_ambassador
) -> tuple[str, tuple[int, int] | None, float]:
    """zones: {"title": span, "lead": span, "body": span}. Returns (type, evidence span, confidence)."""
    patterns = _cue_patterns(lang)
    hits = {event: _hits(p, text, zones) for event, p in patterns.items()}

    def at(event, zone):
        return hits.get(event, {}).get(zone, False)

    def anywhere(event):
        return any(hits.get(event, {}).values())

    if not has_partner:
        return "other", _evidence(patterns.get("other"), text, zones), 0.6
    choice = None
    # The headline names the event ("… hội đàm với …", "… ký …"); the lead sentence may add its setting
    # ("Trong khuôn khổ chuyến công tác …"), so talks count in the headline and delegations only abroad.
    order = {
        "title": ("joint_committee", "signing", "multilateral_meeting", "conference", "courtesy_call",
                  "bilateral_talks", "delegation_visit"),
        "lead": ("joint_committee", "signing", "multilateral_meeting", "conference", "delegation_visit",
                 "courtesy_call"),
    }  # fmt: skip
    for zone, confidence in (("title", 0.85), ("lead", 0.75)):
        for event in order[zone]:
            if (event == "signing" and not agreements) or (
                event == "delegation_visit" and not location_foreign
            ):
                continue
            if at(event, zone):
                choice = (event, confidence)
                break
        if choice:
            break
    if choice is None:
        if len(partner_countries) >= 3:
            choice = ("multilateral_meeting", 0.6)
        elif location_foreign and anywhere("delegation_visit"):
            choice = ("delegation_visit", 0.6)
        elif lead_is_ambassador and not at("bilateral_talks", "title"):
            choice = ("courtesy_call", 0.65)
        elif anywhere("bilateral_talks") or anywhere("talks_weak"):
            choice = ("bilateral_talks", 0.7)
        elif agreements:
            choice = ("signing", 0.6)
        elif anywhere("other"):
            choice = ("other", 0.5)
        else:
            choice = ("bilateral_talks", 0.4)
    evidence = _evidence(patterns.get(choice[0]), text, zones)
    if evidence is None and choice[0] == "bilateral_talks":
        evidence = _evidence(patterns.get("talks_weak"), text, zones)
    return choice[0], evidence, choice[1]


def _evidence(pattern, text, zones):
    if pattern is None:
        return None
    for name in ("title", "lead", "body"):
        s, e = zones[name]
        m = pattern.search(text, s, e)
        if m:
            return (m.start(), m.end())
    return None


@functools.cache
def _topic_patterns() -> tuple:
    out = []
    for row in lexicon.rows("topics.csv"):
        words = [fold_chars(w) for w in row["keywords"].split("|") if w]
        alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        out.append((row["topic"], re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")))
    return tuple(out)


def topics(folded: str, start: int = 0, limit: int = 12, skip=()) -> list[tuple[str, int, int, float]]:
    """Topics by keyword, in order of first mention; mentions inside `skip` spans do not count."""
    found = []
    for topic, pattern in _topic_patterns():
        hits = [m for m in pattern.finditer(folded, start) if not any(s <= m.start() < e for s, e in skip)]
        if hits:
            confidence = min(0.9, 0.5 + 0.1 * len(hits))
            found.append((topic, hits[0].start(), hits[0].end(), round(confidence, 2)))
    found.sort(key=lambda t: t[1])
    return found[:limit]
