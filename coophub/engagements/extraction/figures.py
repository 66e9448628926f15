"""Figures (money, counts, ranges) and follow-up actions with their owner and due time."""

import functools
import re

from . import lexicon
from .types import Mention

_SCALE = {
    "thousand": 1e3,
    "nghìn": 1e3,
    "ngàn": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "triệu": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "tỷ": 1e9,
    "tỉ": 1e9,
    "trillion": 1e12,
    "nghìn tỷ": 1e12,
}
_CURRENCY = {
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "us dollars": "USD",
    "dollars": "USD",
    "đô la mỹ": "USD",
    "đô la": "USD",
    "eur": "EUR",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "vnd": "VND",
    "vnđ": "VND",
    "đồng": "VND",
    "dong": "VND",
    "yen": "JPY",
    "yên": "JPY",
    "jpy": "JPY",
    "won": "KRW",
    "krw": "KRW",
}
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}
_UNITS = (
    "delegates|participants|projects|hectares|ha|tonnes|tons|tonne|provinces|countries|members|trainees|interns|"
    "experts|documents|agreements|MoUs|households|enterprises|businesses|companies|people|farmers|officials|"
    "students|scholarships|programmes|programs|workers|species|products|cooperatives|villages|km|kilometres|"
    "đại biểu|dự án|héc-ta|hécta|tấn|tỉnh|nước|quốc gia|thành viên|thực tập sinh|chuyên gia|văn kiện|văn bản|"
    "cán bộ|doanh nghiệp|hộ|trạm|lao động|học viên|học bổng|sản phẩm|hợp tác xã|người|nông dân|chương trình|"
    "thỏa thuận|tỉnh thành|địa phương"
)
_PAIR_UNITS = {"countries", "nước", "sides", "bên", "parties", "quốc gia"}
_NUM = r"\d+(?:[.,]\d+)*"
_SCALE_ALT = r"nghìn tỷ|thousand|million|billion|trillion|nghìn|ngàn|triệu|tỷ|tỉ|bn|mn"
_CUR_ALT = r"US dollars|USD|US\$|EUR|VND|VNĐ|JPY|KRW|euros?|dollars|đô la Mỹ|đô la|đồng|yen|yên|won"
_MONEY = re.compile(
    rf"(?:(?:USD|US\$|\$|EUR|€)\s?(?P<a>{_NUM})(?:\s?(?P<as>{_SCALE_ALT})\b)?)"
    rf"|(?:(?P<b>{_NUM})(?:[\s-]?(?P<bs>{_SCALE_ALT}))?[\s-](?P<bc>{_CUR_ALT})\b)",
)
_COUNT = re.compile(
    rf"(?<![\w.,+])(?P<n>{_NUM}|(?:{'|'.join(_WORD_NUMBERS)}))(?:\s*[-–]\s*(?P<hi>{_NUM}))?"
    rf"(?P<mid>(?:\s+[^\W\d_]+){{0,2}}?)\s+(?P<unit>{_UNITS})(?!\w)",
    re.IGNORECASE,
)


def _number(raw: str, lang: str) -> float:
    """ "95,000" and "1.500" (Vietnamese) group thousands; "4,2" and "39.2" have decimals."""
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in raw:
        raw = raw.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw) else raw.replace(",", ".")
    elif "." in raw and lang == "vi" and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        raw = raw.replace(".", "")
    return float(raw)


def _clean(value: float):
    return int(value) if float(value).is_integer() else round(value, 4)


def find_figures(text: str, lang: str, start: int = 0) -> list[dict]:
    found: list[dict] = []
    for m in _MONEY.finditer(text, start):
        raw, scale, cur = (
            (m.group("a"), m.group("as"), "USD")
            if m.group("a")
            else (m.group("b"), m.group("bs"), m.group("bc"))
        )
        currency = _CURRENCY.get(cur.lower(), cur) if m.group("b") else _currency_prefix(m.group())
        try:
            value = _number(raw, lang) * _SCALE.get((scale or "").lower(), 1)
        except ValueError:
            continue
        found.append(_figure(text, m.start(), m.end(), _clean(value), currency, 0.85))
    for m in _COUNT.finditer(text, start):
        if any(f["span"][0] <= m.start() < f["span"][1] for f in found) or _is_year(m.group("n")):
            continue
        n = m.group("n").lower()
        try:
            low = _WORD_NUMBERS[n] if n in _WORD_NUMBERS else _number(n, lang)
            value = [_clean(low), _clean(_number(m.group("hi"), lang))] if m.group("hi") else _clean(low)
        except ValueError:
            continue
        unit = f"{m.group('mid').strip()} {m.group('unit')}".strip()
        if value == 2 and m.group("unit").lower() in _PAIR_UNITS:
            continue
        found.append(_figure(text, m.start(), m.end(), value, unit, 0.7))
    for m in _TIMES.finditer(text, start):
        low, high = _clean(_number(m.group(1), lang)), m.group(2)
        value = [low, _clean(_number(high, lang))] if high else low
        found.append(_figure(text, m.start(), m.end(), value, "times", 0.7))
    return sorted(found, key=lambda f: f["span"][0])


_TIMES = re.compile(rf"(?:gấp\s+)?({_NUM})(?:\s*[-–]\s*({_NUM}))?\s+(?:lần|times)(?!\w)")


def _currency_prefix(token: str) -> str:
    return "EUR" if token.startswith(("EUR", "€")) else "USD"


def _is_year(raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100


def _figure(text, start, end, value, unit, confidence) -> dict:
    return {
        "text": text[start:end],
        "value": value,
        "unit": unit,
        "span": [start, end],
        "confidence": confidence,
    }


_DUE = {
    "en": re.compile(
        r"\b(?:by|before|in|within|during|until|next)\s+(?:the\s+)?(?:end of\s+)?(?:(?:first|second|"
        r"third|fourth|"
        r"last)\s+quarter of\s+\d{4}|this year|next year|next month|week|month|year|(?:January|"
        r"February|March|April|"
        r"May|June|July|August|September|October|November|December)(?:\s+\d{4})?|\d{4})"
        r"|\blater (?:this|next) (?:year|month|week)\b"
    ),
    "vi": re.compile(
        r"(?:trước ngày \d{1,2}/\d{1,2}(?:/\d{4})?|quý\s+(?:IV|III|II|I|1|2|3|4)\b(?:/\d{4}| năm \d{4})?|"
        r"tháng\s+\d{1,2}(?:/\d{4})?|(?:vào |trong )?năm \d{4}|cuối năm(?: \d{4})?|trong năm nay|năm tới|"
        r"đầu năm(?: \d{4})?|tuần tới|tháng tới)",
        re.IGNORECASE,
    ),
}
_HORIZON = re.compile(r"(?:tầm nhìn đến|giai đoạn|period|for)\s+$", re.IGNORECASE)
_CONCRETE = re.compile(
    r"(?:jointly\s+)?(?:organi[sz]e|hold|set up|establish|finali[sz]e|complete|completing|send|"
    r"submit|sign|convene|"
    r"launch|conduct|prepare|report|review|draft|open|host)\b",
    re.IGNORECASE,
)
# "is expected to shape future trends" is a prediction; "is expected to be signed / to hold" is a plan.
_PREDICTION = re.compile(r"(?:is|are) expected to|plans? to|dự kiến", re.IGNORECASE)
_PLANNED = re.compile(
    r"(?:be\s+(?:signed|held|organi[sz]ed|completed|launched|approved|submitted|adopted|convened|finali[sz]ed)\b"
    r"|(?:jointly\s+)?(?:organi[sz]e|hold|set up|establish|finali[sz]e|complete|send|submit|sign|convene|"
    r"launch|conduct|prepare|visit|host)\b"
    r"|(?:được\s+)?(?:tổ chức|ký|khởi công|hoàn thành|trình|triển khai|thành lập|diễn ra|họp|sang|thăm)"
    r"(?!\w))",
    re.IGNORECASE,
)
_SPLIT = {"en": re.compile(r",? and to |; "), "vi": re.compile(r", đồng thời |; ")}


@functools.cache
def _follow_re(lang: str) -> re.Pattern:
    strong = "|".join(re.escape(p) for p in lexicon.cues(lang, "follow_up"))
    weak = "|".join(re.escape(p) for p in lexicon.cues(lang, "follow_up_weak"))
    return re.compile(rf"(?<!\w)(?:(?P<strong>{strong})|(?P<weak>{weak}))(?!\w)", re.IGNORECASE)


@functools.cache
def _hedge_re(lang: str) -> re.Pattern:
    words = lexicon.cues(lang, "hedge")
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def find_follow_ups(text: str, lang: str, clause_spans, parties: list[Mention], quotes) -> list[dict]:
    """Actions announced for later: next meetings, documents to be signed, agreed concrete steps."""
    lang = "vi" if lang == "vi" else "en"
    found = []
    for cs, ce in clause_spans:
        covered = cs
        for m in _follow_re(lang).finditer(text, cs, ce):
            if m.start() < covered or any(q0 < m.start() < q1 for q0, q1 in quotes):
                continue
            if _hedge_re(lang).search(text, cs, m.start()):
                continue
            subject = _adjacent_party(text, cs, m.start(), parties)
            agreed = bool(re.match(r"agreed to|committed to", m.group(), re.IGNORECASE))
            if _PREDICTION.match(m.group()) and not _PLANNED.match(text, m.end() + 1):
                continue
            start = m.end() + 1 if agreed else (subject.start if subject else _subject_start(text, cs, m))
            if _PASSIVE.match(text, m.start()):
                subject = None
            end = _action_end(text, start, ce, lang)
            covered = end
            for a_start, a_end in _actions(text, start, end, lang):
                action = text[a_start:a_end]
                due = _due(text, lang, cs, a_start, a_end)
                if agreed and not (_CONCRETE.match(action) or due):
                    continue
                if m.group("weak") and not (subject or due):
                    continue
                found.append(
                    {
                        "text": action,
                        "owner": _owner(subject),
                        "due": due,
                        "span": [a_start, a_end],
                        "confidence": 0.6 if m.group("strong") or agreed else 0.5,
                    }
                )
    return found


# "The 48th AMAF will be held …", "Kỳ họp lần thứ 9 dự kiến được tổ chức …": the event is the subject, not
# an owner.
_PASSIVE = re.compile(
    r"(?:will|would|could|is to|are to|to) be\b|(?:dự kiến|sẽ) được|is scheduled to be", re.IGNORECASE
)


def _subject_start(text, cs, m) -> int:
    """With no party as subject, the follow-up starts at the clause's own subject when it is short."""
    before = text[cs : m.start()]
    if before.strip() and len(before.split()) <= 8 and not re.search(r"[,;:]", before):
        return cs
    return m.start()


def _actions(text, start, end, lang):
    pos = start
    for m in _SPLIT[lang].finditer(text, start, end):
        yield from _trimmed(text, pos, m.start())
        pos = m.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text, start, end):
    while start < end and text[start] in " ,.":
        start += 1
    while end > start and text[end - 1] in " ,.":
        end -= 1
    if end - start >= 8:
        yield start, end


def _adjacent_party(text, cs, pos, parties):
    segment = re.sub(r"(?:\s+(?:also|will|would|cũng|sẽ|đã|đều))+\s*$", "", text[cs:pos].rstrip())
    left_end = cs + len(segment)
    adjacent = [p for p in parties if p.end == left_end and p.start >= cs]
    return max(adjacent, key=lambda p: p.end - p.start) if adjacent else None


def _owner(subject) -> str | None:
    if subject is None or subject.value == "both" or "country" in subject.extra:
        return None
    if "person" in subject.extra:
        return subject.extra["person"].name
    return subject.extra["org"].text if "org" in subject.extra else subject.text


def _due(text, lang, cs, start, end) -> str | None:
    """A time limit in the action, else the last one before it ("Trong quý IV, Bộ … trình …")."""
    inside = [m for m in _DUE[lang].finditer(text, start, end) if not _HORIZON.search(text[cs : m.start()])]
    before = [m for m in _DUE[lang].finditer(text, cs, start) if not _HORIZON.search(text[cs : m.start()])]
    chosen = inside[0] if inside else (before[-1] if before else None)
    return chosen.group() if chosen else None


def _action_end(text, start, ce, lang) -> int:
    m = re.compile(r"\.$|\. ").search(text, start, ce)
    return m.start() if m else ce
