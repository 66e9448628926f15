"""Matching a text's organisations, countries and people to the caller's partner registry."""

import re

from .normalize import fold_chars
from .types import KnownPartner, Mention


def match_partners(
    text: str, folded: str, partners, orgs: list[Mention], people=()
) -> tuple[list[dict], set]:
    """One match per registry partner named in the text (its longest name first), else named by a person's
    organisation ("Minister of Agriculture, Forestry and Fisheries of Japan" → the Ministry); the matched
    spans."""
    matches, matched_spans = [], set()
    for partner in partners:
        best = _best_mention(text, folded, partner) or _by_person(partner, people)
        if best:
            start, end, confidence = best
            matches.append(
                {
                    "partner_id": partner.id,
                    "code": partner.code,
                    "text": text[start:end],
                    "span": [start, end],
                    "confidence": confidence,
                }
            )
            matched_spans.add((start, end))
    for org in orgs:
        for m in matches:
            if org.start <= m["span"][0] < org.end or m["span"][0] <= org.start < m["span"][1]:
                matched_spans.add((org.start, org.end))
    return matches, matched_spans


def _by_person(partner: KnownPartner, people):
    names = {fold_chars(n) for n in partner.names if n and len(n) > 3}
    for person in people:
        org = fold_chars(person.organization or "")
        if org and person.title_span and any(org == n or (len(org) > 12 and org in n) for n in names):
            return person.title_span[0], person.title_span[1], 0.7
    return None


def _best_mention(text, folded, partner: KnownPartner):
    for name in sorted(filter(None, partner.names), key=len, reverse=True):
        name = name.strip()
        if len(name) < 2:
            continue
        if name.isupper() and len(name) <= 8:
            m = re.search(rf"(?<![\w&]){re.escape(name)}(?![\w&])", text)
            confidence = 0.8
        else:
            m = re.search(rf"(?<!\w){re.escape(fold_chars(name))}(?!\w)", folded)
            confidence = 0.95 if len(name.split()) > 1 else 0.85
        if m:
            return m.start(), m.end(), confidence
    return None


def suggestions(partner_orgs: list[Mention], matched_spans: set, partners) -> list[dict]:
    """Foreign or international organisations of the text that no registry partner names."""
    names = [fold_chars(n) for p in partners for n in p.names if n]
    out, by_key = [], {}
    for org in partner_orgs:
        key = _identity(org)
        if any(org.start <= s < org.end for s, _ in matched_spans):
            continue
        if any(n and (n in key or key in n) for n in names if len(n) > 3):
            continue
        item = {"text": org.text, "country": org.extra.get("country"), "span": [org.start, org.end]}
        if key in by_key:
            # "JICA" and "Tổ chức hợp tác quốc tế Nhật Bản (JICA)" are one body: keep the full name.
            kept = by_key[key]
            if ("(" in org.text, len(org.text)) > ("(" in kept["text"], len(kept["text"])):
                kept.update(item)
            continue
        by_key[key] = item
        out.append(item)
    return out


def _identity(org: Mention) -> str:
    """The acronym of a body (known, or in brackets after its name), else its folded name."""
    bracketed = re.search(r"\(([A-Z][A-Za-z0-9&+.-]{1,11})\)$", org.text)
    acronym = org.extra.get("acronym") or (bracketed.group(1) if bracketed else None)
    return fold_chars(acronym or org.text)
