"""Commitments (a party's undertaking, by cue and subject) and agreements signed at the event."""

import functools
import re

from . import lexicon
from .types import Mention

_CONFIDENCE = {"commit": 0.85, "agree": 0.85, "ready": 0.75, "desire": 0.65, "will": 0.7, "adopt": 0.7}
_EN_WILL_VERBS = (
    "support|provide|help|assist|continue|cooperate|collaborate|work|coordinate|facilitate|share|fund|finance|sign|"
    "send|organise|organize|host|implement|promote|strengthen|expand|create|consider|invest|contribute|transfer|"
    "train|establish|set|open|accelerate|boost|deepen|enhance|step|give|offer|allocate|mobilise|mobilize|deploy|"
    "dispatch|extend|maintain|accompany|encourage|build|develop|grant|donate|introduce|connect|study|jointly|"
    "actively|also|further|closely|always|soon|review|complete|conduct|launch|hold|increase|ensure|join"
)
_VI_WILL_EXCLUDE = {"là", "trở", "có", "được", "gặp", "đạt", "mang", "góp", "đóng", "diễn", "bị"}
_CONJUNCTION = re.compile(r"(?:,|\band|\bvà|đồng thời|as well as)\s*$")
_COMPLEMENT = re.compile(r"(?:\bthat|\bsaid|\brằng|cho biết|khẳng định|nhấn mạnh|:)\s+", re.IGNORECASE)
_INTRO = re.compile(r"^[^,;]{1,60}?,\s+")


@functools.cache
def _cue_re(lang: str) -> re.Pattern:
    parts = []
    for kind in ("commit", "agree", "desire", "ready", "adopt"):
        for phrase in lexicon.cues(lang, kind):
            parts.append((phrase, kind))
    parts.sort(key=lambda p: -len(p[0]))
    groups = "|".join(f"(?P<{kind}_{n}>{re.escape(phrase)})" for n, (phrase, kind) in enumerate(parts))
    if lang == "vi":
        will = r"(?P<will_x>sẽ)(?= (?!" + "|".join(_VI_WILL_EXCLUDE) + r")\w)"
    else:
        will = rf"(?P<will_x>\b(?:will|would|shall))(?= (?:{_EN_WILL_VERBS})\b)"
    return re.compile(rf"(?<!\w)(?:{groups}|{will})(?!\w)", re.IGNORECASE)


@functools.cache
def _word_list_re(lang: str, kind: str, suffix: str = r"\s*$") -> re.Pattern:
    words = lexicon.cues(lang, kind)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")" + suffix, re.IGNORECASE)


def _aux_strip(segment: str, lang: str) -> str:
    aux = _word_list_re(lang, "aux")
    while True:
        trimmed = aux.sub("", segment).rstrip()
        if trimmed == segment.rstrip():
            return trimmed
        segment = trimmed


def clauses(text: str, sentence_spans) -> list[tuple[int, int]]:
    out = []
    for start, end in sentence_spans:
        pos = start
        for m in re.finditer(r"; ", text[start:end]):
            out.append((pos, start + m.start() + 1))
            pos = start + m.end()
        out.append((pos, end))
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    marks = [m.start() for m in re.finditer(r'"', text)]
    return list(zip(marks[::2], marks[1::2], strict=False))


def find_commitments(text, lang, clause_spans, parties: list[Mention], entities: list[Mention]) -> list[dict]:
    lang = "vi" if lang == "vi" else "en"
    quotes = quote_spans(text)
    found = []
    for cs, ce in clause_spans:
        for m in _cue_re(lang).finditer(text, cs, ce):
            if any(q0 < m.start() < q1 for q0, q1 in quotes):
                continue
            if any(e.start <= m.start() < e.end for e in entities):
                continue
            kind = m.lastgroup.split("_")[0]
            subject, coordinated = _subject(text, lang, cs, m.start(), parties, kind)
            if subject is None or _hedged(text, lang, cs, subject.start, m.start()):
                continue
            start = _clause_start(text, cs, subject.start)
            confidence = _CONFIDENCE[kind] - (0.1 if coordinated else 0)
            found.append(
                {
                    "by": subject.value,
                    "text": text[start:ce],
                    "span": [start, ce],
                    "confidence": round(confidence, 2),
                    "cue": m.group(),
                }
            )
            break
    return found


def _subject(text, lang, cs, pos, parties, kind):
    segment = _aux_strip(text[cs:pos], lang)
    left_end = cs + len(segment)
    adjacent = [p for p in parties if p.end == left_end and p.start >= cs]
    if kind == "adopt":
        return next((p for p in adjacent if p.value == "both"), None), False
    if adjacent:
        return max(adjacent, key=lambda p: p.end - p.start), False
    if lang == "vi":
        reported = _reported_subject(text, cs, pos, parties)
        if reported is not None:
            return reported, True
    if _CONJUNCTION.search(segment):
        heads = [cs] + [cs + c.end() for c in _COMPLEMENT.finditer(text[cs:pos])]
        intro = _INTRO.match(text[cs:pos])
        if intro:
            heads.append(cs + intro.end())
        for head in sorted(heads, reverse=True):
            first = next((p for p in parties if p.start in (head, head + 4) and p.end <= pos), None)
            if first and (p_ok := first):
                return p_ok, True
    return None, False


_REPORTING = re.compile(r"(?<!\w)(?:khẳng định|cho biết|nhấn mạnh|tuyên bố|thông báo|bày tỏ|nói)(?!\w)")


def _reported_subject(text, cs, pos, parties):
    """Vietnamese drops a repeated subject: "Đại sứ X khẳng định dù ở cương vị nào cũng sẽ …", "Thống đốc X
    cho biết tỉnh sẵn sàng …": the party before the reporting verb, when no other party comes between."""
    verbs = list(_REPORTING.finditer(text, cs, pos))
    if not verbs:
        return None
    verb = verbs[-1]
    if len(text[verb.end() : pos].split()) > 8:
        return None
    inner = [p for p in parties if verb.end() <= p.start < pos]
    if inner:
        # "X cho biết Ban Quản lý … sẽ hoàn thành …": the party opening the reported clause is its subject.
        first = min(inner, key=lambda p: p.start)
        opens = not text[verb.end() : first.start].strip() and first.value in ("vn", "partner", "both")
        return first if opens and len(inner) == 1 else None
    left_end = cs + len(text[cs : verb.start()].rstrip())
    before = [p for p in parties if p.end == left_end and p.start >= cs]
    return max(before, key=lambda p: p.end - p.start) if before else None


def _hedged(text, lang, cs, subject_start, cue_start) -> bool:
    """A proposal, request or hope governs the subject ("proposed that both sides…", "đề nghị hai bên…")."""
    before = text[max(cs, subject_start - 40) : subject_start]
    between = text[subject_start:cue_start]
    hedge = _word_list_re(lang, "hedge", r"(?:\s+that)?\s*(?:\S+\s+){0,2}$")
    return bool(hedge.search(before) and "," not in before[-12:]) or bool(
        _word_list_re(lang, "hedge", r"\s").search(between)
    )


def _clause_start(text, cs, subject_start) -> int:
    """Start at the subject when only an introductory phrase ("Theo đó, ", "At the conclusion of …, ")
    precedes."""
    intro = _INTRO.match(text[cs : subject_start + 1])
    if intro and cs + intro.end() == subject_start:
        return subject_start
    return cs


@functools.cache
def _document_re(lang: str) -> re.Pattern:
    docs = lexicon.cues(lang, "document")
    return re.compile(r"(?:" + "|".join(re.escape(d) for d in docs) + r")(?!\w)")


_EN_TITLE_STOP = re.compile(
    r"\s(?:between|by|at|during|with|in the presence|witnessed|on behalf|in (?=[A-Z])|"
    r"on (?=(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|\d))|[,;.](?:\s|$)|$"
)
_VI_TITLE_STOP = re.compile(
    r"\s(?:giữa|tại|trước sự chứng kiến|dưới sự chứng kiến|với sự chứng kiến|nhân dịp|vào|ngày|nhằm)\s|"
    r"[;.](?:\s|$)|,\s(?:đồng thời|theo đó|góp phần|nhằm|mở ra|đánh dấu|tạo)|$"
)


_ARTICLE = re.compile(r"(?:a|an|the|new|two|một|hai|các|bản|văn bản)\s+$", re.IGNORECASE)


def _document_after(text, lang, pos, end):
    """The document named a few words after a signing verb ("signed here on Thursday a Memorandum…")."""
    window = text[pos : min(end, pos + 80)]
    for m in _document_re(lang).finditer(window):
        gap = window[: m.start()]
        if re.search(r"[,;.:]", gap) or len(gap.split()) > 6:
            return None
        start = pos + m.start()
        if _ARTICLE.search(gap) or len(gap.split()) <= 1 or m.group()[0].isupper():
            name = re.search(r"(?:[A-Z][\w'-]+ )+$", gap) if lang == "en" else None
            title_start = pos + name.start() if name and not _ARTICLE.fullmatch(name.group()) else start
            return title_start, start + len(m.group())
    return None


def find_agreements(text, lang, sentence_spans, body_start, people) -> list[dict]:
    lang = "vi" if lang == "vi" else "en"
    sign = _word_list_re(lang, "sign", "")
    not_signed = _word_list_re(lang, "not_signed", r"\s+(?:\S+\s+){0,2}$")
    found, seen = [], set()
    for ss, se in sentence_spans:
        for m in sign.finditer(text, ss, se):
            doc = _document_after(text, lang, m.end(), se)
            if not doc or not_signed.search(text[max(ss, m.start() - 30) : m.start()]):
                continue
            doc_start, noun_end = doc
            stop = (_VI_TITLE_STOP if lang == "vi" else _EN_TITLE_STOP).search(text, noun_end, se)
            end = stop.start() if stop else se
            title = text[doc_start:end].strip()
            key = title.lower()
            if key in seen:
                continue
            seen.add(key)
            parties = [p.organization or p.name for p in people if ss <= p.start < m.start()]
            found.append(
                {
                    "title": title,
                    "parties": parties,
                    "span": [doc_start, doc_start + len(title)],
                    "confidence": 0.8 if ss >= body_start else 0.6,
                }
            )
    body = [a for a in found if a["span"][0] >= body_start]
    return body or found
