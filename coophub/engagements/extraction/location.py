"""Where the engagement took place: a place after "in/at/tại/ở" near the date, else the dateline."""

import re

from .types import Mention

_ONLINE = re.compile(
    r"\b(?:online|virtual|videoconference|video conference|trực tuyến|điện đàm|phone call)\b", re.IGNORECASE
)
_LOCATIVE = re.compile(r"(?<!\w)(?:in|at|tại|ở|Tại|In|At)(?!\w)")
_BLOCKERS = {
    "with",
    "and",
    "to",
    "for",
    "by",
    "from",
    "who",
    "which",
    "that",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "đã",
    "có",
    "với",
    "và",
    "của",
    "cho",
    "về",
    "làm",
    "buổi",
    "đến",
    "để",
    "sẽ",
    "the meeting",
}
_HOST_TITLE = re.compile(
    r"(?:Ambassador|Đại sứ|Representative|đại diện|Director for|Embassy|Office|Văn phòng|Trưởng đại diện)"
    r"[^,.;]{0,40}$"
)
_DATELINE = re.compile(
    r"^([A-ZĐ][\w.'-]*(?: [A-ZĐ][\w.'-]*){0,3})(?:, [A-Z][\w ]+?)?(?:,[^()\n]{0,20})? \((?:[A-Z]{2,6})\)"
)


def _words_between(text, start, end) -> list[str]:
    return re.findall(r"[^\W\d_]+", text[start:end])


def _after_locative(text, place: Mention, clause_start, orgs) -> bool:
    before_start = max(clause_start, place.start - 90)
    preps = [m for m in _LOCATIVE.finditer(text, before_start, place.start)]
    if not preps:
        return False
    prep = preps[-1]
    span_text = text[prep.end() : place.start]
    if re.search(r"[,;.]", span_text.replace("(", "").strip()):
        return False
    pos, words = prep.end(), []
    for org in sorted(
        (o for o in orgs if prep.end() <= o.start and o.end <= place.start), key=lambda o: o.start
    ):
        words += _words_between(text, pos, org.start)
        pos = org.end
    words += _words_between(text, pos, place.start)
    return len(words) <= 5 and not any(w in _BLOCKERS for w in words)


_VISIT_TO = re.compile(r"\b(?:visit|trip|mission|tour)\s+to\s+(?:the\s+)?$|(?:thăm|công tác tại|sang)\s+$")
_VENUE = re.compile(
    r"(?:tại|ở|at|in)\s+(?:trụ sở|văn phòng|the headquarters of|the office of|the premises of)\s+$",
    re.IGNORECASE,
)


def find_location(text, body_start, sentence_spans, date_span, places, countries, orgs):
    """({"city", "country"} or None, evidence span or None, confidence): a place after a locative in the
    sentence of the meeting date, else the news dateline, else a country visited or a place in the lead."""
    body = [(s, e) for s, e in sentence_spans if s >= body_start]
    lead = body[:3]
    if any(_ONLINE.search(text, s, e) for s, e in lead[:2]):
        return None, None, 0.7
    date_sentences = [(s, e) for s, e in body if date_span and s <= date_span[0] < e]
    for s, e in date_sentences:
        found = _place_in(text, s, e, places, countries, orgs)
        if found:
            return found
    found = _dateline(text, body_start, places, countries)
    if found:
        return found
    for s, e in date_sentences + [span for span in lead if span not in date_sentences]:
        found = _place_in(text, s, e, places, countries, orgs) or _country_in(text, s, e, countries, orgs)
        if found:
            return found
    return None, None, 0.5


_CITY_COUNTRY = re.compile(
    r"(?<!\w)(?:in|at|tại|ở)\s+(?:the\s+)?"
    r"(?:(?:capital|city|town|province|thủ đô|thành phố|tỉnh)\s+(?:of\s+)?)?"
    r"((?:[A-ZĐ][\w'-]*)(?:\s[A-ZĐ][\w'-]*){0,2}),\s+"
)


def _place_in(text, s, e, places, countries, orgs):
    for place in places:
        if s <= place.start < e and _after_locative(text, place, s, orgs):
            return {"city": place.text, "country": place.value}, place.span, 0.85
    starts = {c.start: c for c in countries}
    for m in _CITY_COUNTRY.finditer(text, s, e):
        country = starts.get(m.end())
        if country is not None and not any(c.start <= m.start(1) < c.end for c in countries):
            return {"city": m.group(1), "country": country.value}, [m.start(1), m.end(1)], 0.7
    return None


def _country_in(text, s, e, countries, orgs):
    for country in countries:
        if not s <= country.start < e or country.value == "VN":
            continue
        before = text[max(s, country.start - 40) : country.start]
        if _VISIT_TO.search(before) or (
            _after_locative(text, country, s, orgs) and not _HOST_TITLE.search(text[s : country.start])
        ):
            return {"city": None, "country": country.value}, country.span, 0.7
    for org in orgs:
        if s <= org.start < e and _VENUE.search(text[max(s, org.start - 40) : org.start]):
            country = org.extra.get("country")
            if country:
                return {"city": None, "country": country}, org.span, 0.6
    return None


# "HÀ NỘI —", "KUALA LUMPUR –": a city in capitals and a dash open the body.
_CAPS_DATELINE = re.compile(
    r"^([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ.'-]*(?: [A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ.'-]*){0,3})(?:, [A-Z][\w ]+?)? [—–-] "
)


def _dateline(text, body_start, places, countries):
    """ "Hanoi (VNA) –", "HAVANA, Cuba, Apr 18 (ACN) –", "HÀ NỘI —": the city a news item was filed from."""
    head = text[body_start : body_start + 120]
    m = _DATELINE.match(head) or _CAPS_DATELINE.match(head)
    if not m:
        return None
    start = body_start + m.start(1)
    known = next((p for p in places if p.start == start), None)
    if known:
        return {"city": known.text, "country": known.value}, known.span, 0.8
    country = next((c.value for c in countries if start <= c.start < body_start + m.end()), None)
    return {"city": m.group(1), "country": country}, [start, start + len(m.group(1))], 0.5
