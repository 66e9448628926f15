"""extract(): text → proposed engagement record, every field tied to the span of text it came from."""

import re
from collections import defaultdict
from collections.abc import Sequence

from . import classify, dates, figures, outcomes
from .gazetteer import Gazetteer
from .location import find_location
from .normalize import detect_language, fold_chars, html_to_text, looks_like_html, normalize_text, sentences
from .org_kinds import settle_unknown
from .orgs import find_organisations
from .parties import party_mentions
from .people import find_people
from .registry import match_partners, suggestions
from .types import LANGUAGE_NAMES, MESSAGES, ExtractionInputError, KnownPartner

# "thống nhất giao Vụ … và Vụ … (Lào) làm đầu mối", "agreed to assign … Chile's … Service (SAG) to …"
_TASKED = re.compile(
    r"(?<!\w)(?:giao(?: cho)?|assign(?:ed)?|task(?:ed)?|entrust(?:ed)?|designate[ds]?)\s[^.;]{0,120}$"
)
# "The meeting, hosted by Malaysia's Ministry of …": the host of a meeting is a party.
_HOSTED = re.compile(
    r"(?:\b(?:hosted|co-hosted|organi[sz]ed|convened) by|đăng cai bởi|do)\s+(?:\w+['’]s\s+)?$"
)
_SIGNED = re.compile(r"(?<!\w)(?:ký|ký kết|signed|inked|sign)(?!\w)")
_URL = re.compile(r"https?://[^\s<>\"')]+")


def _warning(code: str, **params) -> dict:
    message = str(MESSAGES[code])
    return {"code": code, "message": message % params if params else message}


def extract(
    text: str,
    language: str = "auto",
    partners: Sequence[KnownPartner] = (),
    max_chars: int = 100_000,
    *,
    gazetteer: Gazetteer | None = None,
) -> dict:
    """A proposed engagement record for `text` (the fields of shared/data/engagements/README.md), with spans
    into result["text"], confidences, evidence, warnings, partner_matches and new_partner_suggestions.

    `language` is what the caller believes ("auto", "vi", "en"); the text's own language wins and a mismatch
    is warned about. Raises ExtractionInputError for empty text and for text longer than `max_chars`."""
    if language not in ("auto", "vi", "en"):
        raise ExtractionInputError(MESSAGES["bad_language"], field="language")
    if not isinstance(text, str):
        raise ExtractionInputError(MESSAGES["empty"])
    if len(text) > max_chars:
        raise ExtractionInputError(str(MESSAGES["too_long"]) % {"limit": f"{max_chars:,}"})
    warnings = []
    if looks_like_html(text):
        text = html_to_text(text)
        warnings.append(_warning("html_stripped"))
    text = normalize_text(text)
    if not text:
        raise ExtractionInputError(MESSAGES["empty"])
    detected = detect_language(text)
    if detected == "other":
        warnings.append(_warning("language_other"))
    elif language != "auto" and language != detected:
        warnings.append(
            _warning(
                "language_mismatch",
                detected=str(LANGUAGE_NAMES[detected]),
                given=str(LANGUAGE_NAMES[language]),
            )
        )
    rules_lang = detected if detected != "other" else (language if language != "auto" else "en")
    record = _Extraction(text, rules_lang, gazetteer or Gazetteer.default(), partners).run()
    record["language"] = detected
    record["warnings"] = warnings + record.pop("_warnings")
    return record


class _Extraction:
    def __init__(self, text, lang, gazetteer, partners):
        self.text, self.lang, self.gaz, self.partners = text, lang, gazetteer, tuple(partners)
        self.folded = fold_chars(text)

    def run(self) -> dict:
        text, lang = self.text, self.lang
        header = dates.read_header(text)
        spans = [
            (max(s, header.body_start) if s < header.body_start < e else s, e) for s, e in sentences(text)
        ]
        body = [s for s in spans if s[0] >= header.body_start] or spans
        title_span = header.title or (0, 0)
        zones = {
            "title": title_span,
            "lead": (body[0][0], body[min(1, len(body) - 1)][1]),
            "body": (header.body_start, len(text)),
        }
        self.first_sentence = body[0]
        countries = self.gaz.countries(text, self.folded, lang)
        orgs = find_organisations(text, lang, self.gaz, countries)
        places = self.gaz.places(text, self.folded, lang)
        meeting, date_mention, date_conf = dates.meeting_date(text, header)
        location, loc_span, loc_conf = find_location(
            text,
            header.body_start,
            spans,
            date_mention and (date_mention.start, date_mention.end),
            places,
            countries,
            orgs,
        )
        host = location["country"] if location and location.get("country") not in (None, "VN") else None
        people, _refs = find_people(text, lang, countries + orgs + places, orgs, countries, self.gaz, host)
        settle_unknown(orgs, people, host)
        parties = party_mentions(text, lang, people, orgs, countries)
        clause_spans = outcomes.clauses(text, body)
        commitments = outcomes.find_commitments(text, lang, clause_spans, parties, countries + orgs)
        agreements = outcomes.find_agreements(text, lang, spans, header.body_start, people)
        follow_ups = figures.find_follow_ups(text, lang, clause_spans, parties, outcomes.quote_spans(text))
        follow_ups = [f for f in follow_ups if not _repeats(f["span"], commitments)]
        figs = figures.find_figures(text, lang, header.body_start)
        partner_people = [p for p in people if p.side == "partner"]
        country_list = self._partner_countries(countries, partner_people, orgs, location, zones)
        org_list = self._partner_orgs(orgs, partner_people, commitments, zones, agreements)
        lead_person = partner_people[0] if partner_people else None
        event, event_span, event_conf = classify.event_type(
            text,
            lang,
            zones,
            has_partner=bool(partner_people or country_list or org_list),
            agreements=agreements,
            partner_countries=country_list,
            location_foreign=bool(location and location.get("country") not in (None, "VN")),
            lead_is_ambassador=bool(
                lead_person
                and lead_person.title
                and re.search(r"Ambassador|Đại sứ|Chargé|Đại biện", lead_person.title)
            ),
        )
        if event != "multilateral_meeting":
            org_list = self._partner_orgs(orgs, partner_people, commitments, zones, agreements, titled=True)
        skip = [(o.start, o.end) for o in orgs] + [p.title_span for p in people if p.title_span]
        topic_hits = classify.topics(
            self.folded, header.body_start if header.body_start < len(text) else 0, skip=skip
        )
        matches, matched_spans = match_partners(text, self.folded, self.partners, orgs, people)
        url = _URL.search(text)
        record = {
            "language": lang,
            "source_url": url.group().rstrip(".,;") if url else None,
            "title": text[title_span[0] : title_span[1]] or None,
            "meeting_date": meeting,
            "location": location,
            "event_type": event,
            "vn_side": [_person(p, with_country=False) for p in people if p.side == "vn"],
            "partner_side": [_person(p, with_country=True) for p in partner_people],
            "partner_countries": [c for c, _, _ in country_list],
            "partner_organizations": [o["text"] for o in org_list],
            "topics": [t for t, _, _, _ in topic_hits],
            "commitments": [{k: c[k] for k in ("by", "text", "span", "confidence")} for c in commitments],
            "agreements_signed": agreements,
            "follow_ups": follow_ups,
            "figures": figs,
        }
        record["evidence"] = {
            "title": {
                "span": list(title_span) if header.title else None,
                "confidence": 0.9 if header.title else 0,
            },
            "meeting_date": {
                "span": [date_mention.start, date_mention.end] if date_mention else None,
                "confidence": round(date_conf, 2),
            },
            "location": {"span": list(loc_span) if loc_span else None, "confidence": round(loc_conf, 2)},
            "event_type": {"span": list(event_span) if event_span else None, "confidence": event_conf},
            "source_url": {
                "span": [url.start(), url.start() + len(record["source_url"])] if url else None,
                "confidence": 0.95 if url else 0,
            },
            "partner_countries": [
                {"value": c, "span": span, "confidence": conf} for c, span, conf in country_list
            ],
            "partner_organizations": [
                {"value": o["text"], "span": o["span"], "confidence": o["confidence"]} for o in org_list
            ],
            "topics": [{"value": t, "span": [s, e], "confidence": c} for t, s, e, c in topic_hits],
        }
        record["text"] = text
        record["_warnings"] = [] if meeting else [_warning("no_date")]
        foreign_orgs = [o["mention"] for o in org_list if o["mention"] is not None]
        foreign_orgs += [
            o
            for o in orgs
            if o.extra.get("org_kind") in ("foreign", "agency", "io") and o not in foreign_orgs
        ]
        record["partner_matches"] = matches
        record["new_partner_suggestions"] = suggestions(foreign_orgs, matched_spans, self.partners)
        return record

    def _weight(self, pos, zones) -> float:
        """3 in the headline or the first sentence (they name the parties), 2 in the second, 1 elsewhere."""
        if (
            zones["title"][0] <= pos < zones["title"][1]
            or self.first_sentence[0] <= pos < self.first_sentence[1]
        ):
            return 3
        if zones["lead"][0] <= pos < zones["lead"][1]:
            return 2
        return 1

    def _partner_countries(self, countries, partner_people, orgs, location, zones):
        """Foreign countries salient enough to be parties: in the headline or lead, or a partner's own."""
        score, first = defaultdict(float), {}
        titles = [(p.title_span, p.country) for p in partner_people if p.title_span]
        for c in countries:
            if c.value == "VN":
                continue
            owner = next((country for span, country in titles if span[0] <= c.start < span[1]), "none")
            if owner != "none" and owner != c.value:
                continue
            score[c.value] += self._weight(c.start, zones)
            first.setdefault(c.value, c.span)
        for p in partner_people:
            if p.country and p.country != "VN":
                score[p.country] += 3
                first.setdefault(p.country, [p.start, p.end])
        for o in orgs:
            country = o.extra.get("country")
            if o.extra.get("org_kind") in ("agency", "foreign") and country and country != "VN":
                score[country] += 1
                first.setdefault(country, o.span)
        if location and location.get("country") not in (None, "VN"):
            score[location["country"]] += 3
        kept = [(c, first.get(c), round(min(0.95, 0.5 + 0.1 * s), 2)) for c, s in score.items() if s >= 2]
        return sorted(kept, key=lambda k: k[1][0] if k[1] else 0)

    def _signatory(self, mention, agreements) -> bool:
        """ "Cục … và Đại sứ quán Hà Lan tại Việt Nam đã ký Thư ý định …": a body named just before the
        signing."""
        for a in agreements:
            between = self.text[mention.end : a["span"][0]]
            if 0 <= len(between) <= 90 and not re.search(r"[.;]", between) and _SIGNED.search(between):
                return True
        return False

    def _partner_orgs(self, orgs, partner_people, commitments, zones, agreements, titled=False):
        """Foreign and international organisations that are parties, once each, in the longest form: named in
        the lead, in a partner's title, as a signatory or as a body tasked in an agreed outcome; with
        `titled`, also the ministry of a foreign minister (not at a multilateral meeting, where ministers
        attend but the parties are the bodies named)."""
        groups = defaultdict(list)
        former = [p.title_span for p in partner_people if p.former and p.title_span]
        for o in orgs:
            if o.extra.get("org_kind") in ("foreign", "agency", "io"):
                if not any(s <= o.start < e for s, e in former):
                    groups[o.value].append(o)
        out = []
        for mentions in groups.values():
            score = sum(self._weight(m.start, zones) for m in mentions)
            for p in partner_people:
                if p.title_span and any(p.title_span[0] <= m.start < p.title_span[1] for m in mentions):
                    score += 3
            for c in commitments:
                if any(c["span"][0] <= m.start < c["span"][1] for m in mentions):
                    score += 1
                    if any(_TASKED.search(self.text, c["span"][0], m.start) for m in mentions):
                        score += 2
            if any(self._signatory(m, agreements) for m in mentions):
                score += 2
            if any(_HOSTED.search(self.text, max(0, m.start - 40), m.start) for m in mentions):
                score += 2
            if score >= 3:
                best = max(mentions, key=lambda m: (("(" in m.text), len(m.text)))
                out.append(
                    {
                        "text": best.text,
                        "span": best.span,
                        "mention": best,
                        "confidence": round(min(0.95, 0.5 + 0.08 * score), 2),
                    }
                )
        for p in partner_people:
            if (
                p.organization
                and not p.former
                and not any(
                    fold_chars(p.organization) in fold_chars(o["text"])
                    or fold_chars(o["text"]) in fold_chars(p.organization)
                    for o in out
                )
            ):
                if titled and p.title and re.search(r"Minister|Bộ trưởng|Thứ trưởng", p.title) and p.country:
                    out.append(
                        {
                            "text": p.organization,
                            "span": list(p.title_span),
                            "mention": None,
                            "confidence": 0.6,
                        }
                    )
        return sorted(out, key=lambda o: o["span"][0])


def _repeats(span, commitments) -> bool:
    """A follow-up that is a commitment's whole clause again (not the dated action inside it)."""
    for c in commitments:
        s, e = c["span"]
        if min(e, span[1]) - max(s, span[0]) >= 0.9 * (e - s):
            return True
    return False


def _person(p, with_country: bool) -> dict:
    item = {"name": p.name, "title": p.title, "organization": p.organization}
    if with_country:
        item["country"] = p.country
    item["span"] = [p.start, p.end]
    item["confidence"] = round(p.confidence, 2)
    return item
