"""From an extraction result (coophub.engagements.extraction, the README contract of
../shared/data/engagements/) to a proposed engagement record: the review form's initial data, its rows, the
confidence and source span of every proposed field, and the "new partner?" suggestions.

Nothing here writes: the proposal lives only in the review form until the officer confirms it.
"""

import datetime
import re
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from coophub.access.policies import VIEW, policy_for
from coophub.agreements.choices import Side
from coophub.core.text import fold_vi
from coophub.partners.choices import PartnerKind
from coophub.partners.models import Country, Partner

from . import services
from .choices import EngagementKind, EngagementLevel, Mode, OutcomeKind, ParticipantRole
from .extraction import KnownPartner, extract
from .models import Topic

KINDS = {
    "courtesy_call": EngagementKind.COURTESY_CALL,
    "bilateral_talks": EngagementKind.BILATERAL_TALKS,
    "signing": EngagementKind.SIGNING_CEREMONY,
    "multilateral_meeting": EngagementKind.MULTILATERAL_MEETING,
    "joint_committee": EngagementKind.JOINT_COMMITTEE,
    "delegation_visit": EngagementKind.OUTGOING_VISIT,
    "conference": EngagementKind.CONFERENCE,
    "other": EngagementKind.OTHER,
}

# Folded (lower case, no diacritics) so one pattern reads Vietnamese and English texts alike.
ONLINE = re.compile(
    r"\b(online|virtual(ly)?|video ?conferenc\w*|teleconferenc\w*|truc tuyen|hop truc tuyen|"
    r"cau truyen hinh|hinh thuc truc tuyen)\b"
)
MINISTERIAL = re.compile(r"\b(minister|bo truong|thu truong|thu tuong|president|chu tich nuoc)\b")
DEPARTMENT = re.compile(
    r"\b(director|head of|vu truong|pho vu truong|cuc truong|pho cuc truong|giam doc|vien truong|"
    r"chanh van phong|tong cuc truong)\b"
)
FORMER = re.compile(r"(?<!\w)(former|nguyên|cựu)(?!\w)", re.IGNORECASE)
ACTING = re.compile(r"(?<!\w)(acting|quyền)(?!\w)", re.IGNORECASE)

# The scalar fields of the review form that the text proposes (the others are the officer's own input).
PROPOSED_FIELDS = (
    "kind",
    "level",
    "mode",
    "title_vi",
    "title_en",
    "starts_on",
    "city",
    "country",
    "leader",
    "leader_title",
    "partners",
    "countries",
    "topics",
    "other_topics",
    "source_url",
)


def known_partners(user) -> list[KnownPartner]:
    """The partner registry the user may see, as the engine's KnownPartner list (every name it goes by)."""
    partners = policy_for(Partner).scope(user, VIEW).prefetch_related("aliases").order_by("pk")
    known = []
    for partner in partners:
        names = [partner.name_vi, partner.name_en, partner.name_native, partner.acronym]
        names += [alias.text for alias in partner.aliases.all()]
        unique = tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        known.append(KnownPartner(id=partner.pk, code=partner.code, names=unique, country=partner.country_id))
    return known


def _conf(value, default: float = 0.0) -> float:
    try:
        return round(max(0.0, min(1.0, float(value))), 2)
    except (TypeError, ValueError):
        return default


def _span(value):
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return [value[0], value[1]]
    return None


def _evidence(result, name) -> tuple[float, list | None]:
    item = (result.get("evidence") or {}).get(name) or {}
    if not isinstance(item, dict):
        return 0.0, None
    return _conf(item.get("confidence")), _span(item.get("span"))


def _date(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text(value) -> str:
    return str(value).strip() if value else ""


class _Proposal:
    """Collects field values with their confidence and span while the result is mapped."""

    def __init__(self):
        self.initial: dict = {}
        self.confidence: dict[str, float] = {}
        self.spans: dict[str, list] = {}

    def propose(self, name, value, confidence, span=None):
        if value in (None, "", []):
            return
        self.initial[name] = value
        self.confidence[name] = _conf(confidence)
        if span:
            self.spans[name] = span


def _level(title: str) -> str | None:
    folded = fold_vi(title)
    if MINISTERIAL.search(folded):
        return EngagementLevel.MINISTERIAL
    if DEPARTMENT.search(folded):
        return EngagementLevel.DEPARTMENT
    return None


def _vn_rows(result, proposal: _Proposal) -> list[dict]:
    rows, leader = [], None
    for item in result.get("vn_side") or []:
        name, title = _text(item.get("name")), _text(item.get("title"))
        official = services.match_official(name) if name else None
        row = {
            "official": official.pk if official else None,
            "name": name,
            "title": title,
            "organisation": _text(item.get("organization")),
            "role": ParticipantRole.MEMBER,
            "confidence": _conf(item.get("confidence")),
            "span": _span(item.get("span")),
        }
        if official is not None and leader is None:
            leader = row
            row["role"] = ParticipantRole.HEAD
        rows.append(row)
    if leader is not None:
        proposal.propose("leader", leader["official"], leader["confidence"], leader["span"])
        proposal.propose("leader_title", leader["title"], leader["confidence"], leader["span"])
    titled = leader or next((r for r in rows if r["title"]), None)
    level = _level(titled["title"]) if titled else None
    if level:
        proposal.propose("level", level, titled["confidence"], titled["span"])
    return rows


def _partner_rows(result, countries: set[str], by_name: dict[str, int]) -> list[dict]:
    rows = []
    for item in result.get("partner_side") or []:
        title, organisation = _text(item.get("title")), _text(item.get("organization"))
        country = _text(item.get("country")).upper()
        rows.append(
            {
                "partner": by_name.get(fold_vi(organisation)) if organisation else None,
                "name": _text(item.get("name")),
                "title": title,
                "organisation": organisation,
                "country": country if country in countries else None,
                "is_former": bool(FORMER.search(title)),
                "is_acting": bool(ACTING.search(title)),
                "confidence": _conf(item.get("confidence")),
                "span": _span(item.get("span")),
            }
        )
    return rows


def _outcome_rows(result) -> list[dict]:
    rows = []
    sides = set(Side.values)
    for item in result.get("commitments") or []:
        side = item.get("by") if item.get("by") in sides else Side.BOTH
        rows.append({"kind": OutcomeKind.COMMITMENT, "side": side, "text": _text(item.get("text"))})
        rows[-1].update(due_on=None, confidence=_conf(item.get("confidence")), span=_span(item.get("span")))
    for item in result.get("agreements_signed") or []:
        text = _("Signed: %(title)s") % {"title": _text(item.get("title"))}
        rows.append({"kind": OutcomeKind.DECISION, "side": Side.BOTH, "text": text, "due_on": None})
        rows[-1].update(confidence=_conf(item.get("confidence")), span=_span(item.get("span")))
    taken = [row["span"] for row in rows if row["span"]]
    for item in result.get("follow_ups") or []:
        span = _span(item.get("span"))
        if span and any(span[0] < end and start < span[1] for start, end in taken):
            continue  # the same clause is already proposed as a commitment or an agreement
        due = _date(item.get("due"))
        rows.append({"kind": OutcomeKind.FOLLOW_UP, "side": Side.BOTH, "text": _text(item.get("text"))})
        rows[-1].update(
            due_on=due.isoformat() if due else None,
            confidence=_conf(item.get("confidence")),
            span=span,
        )
    return [row for row in rows if row["text"]]


def _starts_word(keyword: str, phrase: str) -> bool:
    return bool(keyword) and re.search(rf"(?<!\w){re.escape(keyword)}", phrase) is not None


def _topics(result, proposal: _Proposal) -> None:
    vocabulary = [
        (topic, [fold_vi(k) for k in topic.keywords.split("|") if k.strip()] + [fold_vi(topic.name_en)])
        for topic in Topic.objects.all()
    ]
    evidence = (result.get("evidence") or {}).get("topics") or []
    matched, other, confidences = [], [], []
    for index, phrase in enumerate(result.get("topics") or []):
        folded = fold_vi(phrase)
        if not folded:
            continue
        item = evidence[index] if index < len(evidence) and isinstance(evidence[index], dict) else {}
        confidences.append(_conf(item.get("confidence"), 0.5))
        hit = next((t for t, words in vocabulary if any(_starts_word(w, folded) for w in words)), None)
        if hit is None:
            other.append(str(phrase).strip())
        elif hit.code not in matched:
            matched.append(hit.code)
    confidence = max(confidences, default=0.0)
    proposal.propose("topics", matched, confidence)
    proposal.propose("other_topics", "; ".join(other)[:1000], confidence)


def _partners(result, user, proposal: _Proposal, countries: list[str]) -> dict[str, int]:
    """Registry partners the text names (engine matches) and the country partner of each partner country;
    returns folded name → partner id for matching people's organisations."""
    scope = policy_for(Partner).scope(user, VIEW)
    chosen: dict[int, float] = {}
    by_name: dict[str, int] = {}
    matches = [m for m in result.get("partner_matches") or [] if isinstance(m, dict)]
    visible = set(scope.filter(pk__in=[m.get("partner_id") for m in matches]).values_list("pk", flat=True))
    for match in matches:
        pk = match.get("partner_id")
        if pk in visible:
            chosen[pk] = max(chosen.get(pk, 0.0), _conf(match.get("confidence")))
            by_name[fold_vi(match.get("text"))] = pk
    country_evidence = {
        e.get("value"): _conf(e.get("confidence"))
        for e in (result.get("evidence") or {}).get("partner_countries") or []
        if isinstance(e, dict)
    }
    covered: set[str] = set()
    for partner in scope.filter(kind=PartnerKind.COUNTRY, country_id__in=countries).order_by("pk"):
        if partner.country_id not in covered:
            covered.add(partner.country_id)
            chosen.setdefault(partner.pk, country_evidence.get(partner.country_id, 0.5))
    proposal.propose("partners", list(chosen), max(chosen.values(), default=0.0))
    return by_name


def _suggestions(result) -> list[dict]:
    out, seen = [], set()
    base = reverse("partners:partner_create")
    items = [
        i for i in result.get("new_partner_suggestions") or [] if isinstance(i, dict) and _text(i.get("text"))
    ]
    folded = [fold_vi(i["text"]) for i in items]
    for item in items:
        text = _text(item.get("text"))
        name = fold_vi(text)
        # "JICA" beside "Japan International Cooperation Agency (JICA)" is the same organisation.
        if name in seen or any(name != other and _starts_word(name, other) for other in folded):
            continue
        seen.add(fold_vi(text))
        country = _text(item.get("country")).upper() or None
        name_field = "name_en" if result.get("language") == "en" else "name_vi"
        query = {"name_vi": text, name_field: text, **({"country": country} if country else {})}
        out.append(
            {
                "text": text,
                "country": country,
                "span": _span(item.get("span")),
                "url": f"{base}?{urlencode(query)}",
            }
        )
    return out


def to_record(result: dict, user) -> dict:
    """The proposed record: `initial` (the review form's data, ids and codes only), `confidence` and `spans`
    per proposed field, the rows `vn_participants`, `partner_participants`, `outcomes` (each with its own
    confidence and span), `suggestions` (new partners) and the source."""
    proposal = _Proposal()
    language = result.get("language") or ""
    kind = KINDS.get(result.get("event_type"))
    proposal.propose("kind", kind, *_evidence(result, "event_type"))
    text = result.get("text") or ""
    online = ONLINE.search(fold_vi(text))
    proposal.propose("mode", Mode.ONLINE if online else Mode.IN_PERSON, 0.8 if online else 0.6)
    title = _text(result.get("title"))[:500]
    proposal.propose("title_en" if language == "en" else "title_vi", title, *_evidence(result, "title"))
    day = _date(result.get("meeting_date"))
    proposal.propose("starts_on", day.isoformat() if day else None, *_evidence(result, "meeting_date"))
    known_countries = set(Country.objects.values_list("iso2", flat=True))
    location = result.get("location") if isinstance(result.get("location"), dict) else {}
    place_conf, place_span = _evidence(result, "location")
    proposal.propose("city", _text(location.get("city"))[:128], place_conf, place_span)
    country = _text(location.get("country")).upper()
    proposal.propose("country", country if country in known_countries else None, place_conf, place_span)
    countries = [
        code
        for code in dict.fromkeys(_text(c).upper() for c in result.get("partner_countries") or [])
        if code in known_countries
    ]
    country_conf = [
        _conf(e.get("confidence"))
        for e in (result.get("evidence") or {}).get("partner_countries") or []
        if isinstance(e, dict)
    ]
    proposal.propose("countries", countries, max(country_conf, default=0.5))
    by_name = _partners(result, user, proposal, countries)
    _topics(result, proposal)
    proposal.propose("source_url", _text(result.get("source_url"))[:1000], *_evidence(result, "source_url"))
    vn_rows = _vn_rows(result, proposal)
    return {
        "initial": proposal.initial,
        "confidence": proposal.confidence,
        "spans": proposal.spans,
        "vn_participants": vn_rows,
        "partner_participants": _partner_rows(result, known_countries, by_name),
        "outcomes": _outcome_rows(result),
        "suggestions": _suggestions(result),
        "source_text": text,
        "source_language": language[:8],
    }


def read(text: str, language: str, user) -> dict:
    """The engine's result for `text`, read against the registry the user sees; raises
    ExtractionInputError for empty or too long text."""
    return extract(
        text,
        language=language,
        partners=known_partners(user),
        max_chars=settings.COOPHUB_EXTRACTION_MAX_CHARS,
    )
