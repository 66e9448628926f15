"""Organisations named in a text: the known ones of the gazetteer and those built on a head word ("Ministry of
…", "… Agency", "Bộ …", "Tổ chức … (JICA)", "Full Name (ACRONYM)"), each classified as Vietnamese, foreign
(with its country), international, or a news source."""

import functools
import re

from . import lexicon
from .gazetteer import Gazetteer, is_vi_syllable
from .normalize import fold_chars, tokens
from .org_kinds import classify_org
from .types import Mention

EN_HEADS = frozenset(
    (
        "Ministry Department Agency Embassy Office Bureau Administration Authority Institute Council "
        "Commission Committee Organization Organisation Federation Association Corporation Fund Bank "
        "Programme Program Centre Center Foundation Union Service Secretariat Academy University Chamber "
        "Consulate Directorate Confederation Alliance Network Partnership Facility Mission Delegation "
        "Group Company Cooperative Prefecture Province Government"
    ).split()
)
# "EU Deforestation Regulation (EUDR)", "… Ministerial Meeting (FSMM7)": defined acronyms that are not bodies.
NOT_ORG_ENDINGS = frozenset(
    (
        "Regulation Directive Act Law Agreement Project Strategy Plan Framework Initiative Principles "
        "Declaration "
        "Convention Protocol Meeting Conference Summit Scheme Standard Standards System Mechanism Programme "
        "Program Partnership Dialogue Forum Week Expo Fair Index Report Survey Zone Area"
    ).split()
)
EN_CONNECT = {"of", "and", "for", "on", "the", "&", "de", "des", "du", "la", "für", "del", "to"}
EN_FUNCTION = frozenset(
    (
        "The A An At In On For Meanwhile During With By From As And Both This That These Under According "
        "Its Their His Her After"
    ).split()
)
VI_HEADS = tuple(
    (
        "Ủy ban nhân dân|Uỷ ban nhân dân|Tổng Lãnh sự quán|Lãnh sự quán|Đại sứ quán|Cơ quan đại diện|"
        "Trường Đại học|Tổng công ty|Tổng cục|Ủy ban|Uỷ ban|Ủy hội|Tổ chức|Cơ quan|Ngân hàng|Chương trình|"
        "Hiệp hội|Liên minh|Liên đoàn|Trung tâm|Văn phòng|Hội đồng|Tập đoàn|Công ty|Đại học|Học viện|"
        "Diễn đàn|Mạng lưới|Phái đoàn|Tiểu ban|UBND|Bộ|Cục|Vụ|Viện|Sở|Ban|Quỹ|Hội"
    ).split("|")
)
_VI_HEAD_RE = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(h) for h in VI_HEADS) + r")(?![\w])")
VI_STOP = frozenset(
    (
        "tại ở về với cho đã sẽ đang là có được trong khi để nhằm theo từ đến cùng do ngày sáng chiều tối "
        "ký tiếp gặp thăm trình nhân vừa mới cũng đều gồm như thuộc của này đó các những ông bà ngài dự "
        "cử trao"
    ).split()
)
VI_STOP_PAIRS = frozenset(
    (
        "triển khai|hỗ trợ|đánh giá|khẳng định|nhấn mạnh|tham dự|tham gia|chủ trì|đồng chủ|phối hợp|"
        "cho biết|tổ chức|làm việc|ký kết|trao đổi|thảo luận|tiếp đón|bày tỏ|đề nghị|phát biểu|chứng kiến|"
        "đón tiếp|thống nhất|nhất trí|cam kết|sẵn sàng"
    ).split("|")
)


@functools.cache
def domain_words() -> frozenset:
    return frozenset(fold_chars(w) for w in lexicon.words("domain_words.txt"))


@functools.cache
def vn_surnames() -> frozenset:
    return frozenset(fold_chars(w) for w in lexicon.words("vn_surnames.txt"))


def looks_vietnamese_name(words: list[str]) -> bool:
    """A run of 2-4 capitalised Vietnamese syllables starting with a family name, none a domain word."""
    if not 2 <= len(words) <= 4 or fold_chars(words[0]) not in vn_surnames():
        return False
    pairs = {fold_chars(f"{a} {b}") for a, b in zip(words, words[1:], strict=False)}
    return all(w[:1].isupper() and is_vi_syllable(w) for w in words) and not pairs & domain_words()


def find_organisations(text: str, lang: str, gazetteer: Gazetteer, countries: list[Mention]) -> list[Mention]:
    folded = fold_chars(text)
    known = gazetteer.organisations(text, folded)
    toks = tokens(text)
    built = _english(text, toks) if lang != "vi" else []
    built += _vietnamese(text, toks, countries) + _subnational(text, countries) if lang != "en" else []
    built += _acronym_defined(text, toks, lang, countries)
    found = [_with_country_note(text, o, countries) for o in _merge(known, built, text)]
    for org in found:
        classify_org(org, countries, text)
    return found


def _with_country_note(text, org: Mention, countries) -> Mention:
    """ "Vụ Kế hoạch và Hợp tác (Lào)": a country in brackets after a body says whose it is."""
    m = re.match(r" \(([^()]{2,40})\)", text[org.end :])
    if m and any(c.start == org.end + 2 and c.end == org.end + m.end() - 1 for c in countries):
        end = org.end + m.end()
        return Mention(org.start, end, text[org.start : end], "org")
    return org


def _sep(text, toks, i) -> str:
    return text[toks[i - 1][1] : toks[i][0]]


def _en_forward(text, toks, i) -> int:
    """Index after the last token of a capitalised name starting at token i (connectors and field lists
    allowed)."""
    j, last = i, i
    while j < len(toks):
        word, sep = toks[j][2], _sep(text, toks, j) if j > i else " "
        if j > i and sep not in (" ", ", ", " & "):
            break
        if sep == ", " and not _field_list_follows(text, toks, j):
            break
        if word[:1].isupper() or word[:1].isdigit() and j > i:
            last = j + 1
        elif word not in EN_CONNECT or (word == "the" and toks[j - 1][2] != "of"):
            break
        elif word == "and" and j + 1 < len(toks) and re.match(r"['’]s\b", text[toks[j + 1][1] :]):
            break
        elif j + 1 < len(toks) and not toks[j + 1][2][:1].isupper() and toks[j + 1][2] != "the":
            break
        j += 1
    return last


def _field_list_follows(text, toks, j) -> bool:
    """ ", Forestry and Fisheries": a comma inside a name is followed by capitalised words and then "and"."""
    k = j
    while k < len(toks) and toks[k][2][:1].isupper():
        k += 1
        if k < len(toks) and _sep(text, toks, k) == ", ":
            continue
        return k < len(toks) and toks[k][2] == "and" and k + 1 < len(toks) and toks[k + 1][2][:1].isupper()
    return False


def _en_backward(text, toks, k) -> int:
    """Index of the first token of the capitalised words (with "and"/"of") that end at token k."""
    first, j = k, k - 1
    while j >= 0:
        word, sep = toks[j][2], text[toks[j][1] : toks[j + 1][0]]
        if sep not in (" ", " & "):
            break
        if word[:1].isupper() and word not in EN_FUNCTION:
            first = j
        elif word not in ("and", "of", "&", "for", "on"):
            break
        j -= 1
    return first


def _with_acronym(text, end) -> int:
    m = re.match(r" \(([A-Z][A-Za-z0-9&+.-]{1,11})\)", text[end:])
    return end + m.end() if m else end


def _english(text, toks) -> list[Mention]:
    found = []
    for k, (_start, end, word) in enumerate(toks):
        if word not in EN_HEADS:
            continue
        first = _en_backward(text, toks, k)
        last_end = end
        if k + 1 < len(toks) and toks[k + 1][2] in ("of", "for") and _sep(text, toks, k + 1) == " ":
            j = k + 2
            if j < len(toks) and toks[j][2] == "the":
                j += 1
            stop = _en_forward(text, toks, j) if j < len(toks) else j
            if stop > j:
                last_end = toks[stop - 1][1]
        if first == k and last_end == end:
            continue
        last_end = _with_acronym(text, last_end)
        m = re.match(r" of (?:the )?(?:United Nations|UN)\b", text[last_end:])
        last_end += m.end() if m and text[last_end - 1] == ")" else 0
        found.append(Mention(toks[first][0], last_end, text[toks[first][0] : last_end], "org"))
    return found


def _vietnamese(text, toks, countries) -> list[Mention]:
    found = []
    starts = {t[0]: i for i, t in enumerate(toks)}
    country_ends = {c.end: c for c in countries if c.value != "VN"}
    ends = {t[1]: i for i, t in enumerate(toks)}
    country_starts = {c.start: ends[c.end] for c in country_ends.values() if c.end in ends}
    for m in _VI_HEAD_RE.finditer(text):
        i = starts.get(m.start())
        if i is None:
            continue
        j = i + len(m.group().split())
        if j >= len(toks) or _sep(text, toks, j) != " ":
            continue
        nxt = toks[j][2]
        single = " " not in m.group()
        local = m.group() in ("UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân") and nxt in (
            "tỉnh",
            "thành",
            "huyện",
            "xã",
        )
        if single and not (nxt[:1].isupper() or nxt.isupper() or local) or nxt in ("trưởng", "Trưởng"):
            continue
        last = _vi_forward(text, toks, j, country_ends, country_starts)
        if last <= j:
            continue
        end = _with_acronym(text, toks[last - 1][1])
        found.append(Mention(m.start(), end, text[m.start() : end], "org"))
    return found


_SUBNATIONAL = re.compile(
    r"(?<![\w])(?<!tại )(?<!ở )(?<![Ll]iên )(?:tỉnh|thành phố|bang|vùng|quận) "
    r"((?:[A-Z][\w'-]+)(?: [A-Z][\w'-]+){0,2})"
    r"(?: \((?P<country>[^()]{2,40})\))?"
)


def _subnational(text, countries) -> list[Mention]:
    """ "tỉnh Kagoshima (Nhật Bản)", "bang Victoria": a foreign province or city as a party; a name made of
    Vietnamese syllables ("tỉnh Nghệ An") is ours and left to the other rules."""
    found = []
    for m in _SUBNATIONAL.finditer(text):
        if all(is_vi_syllable(w) for w in m.group(1).split()):
            continue
        country = None
        if m.group("country"):
            country = next(
                (c.value for c in countries if m.start("country") <= c.start < m.end("country")), None
            )
        org = Mention(m.start(), m.end(1), text[m.start() : m.end(1)], "org")
        if country and country != "VN":
            org.extra.update(org_kind="foreign", country=country)
            org.value = fold_chars(org.text)
        found.append(org)
    return found


def _vi_forward(text, toks, j, country_ends, country_starts) -> int:
    last, k = j, j
    while k < len(toks) and k - j < 14:
        word, sep = toks[k][2], _sep(text, toks, k)
        if k > j and sep not in (" ", ", "):
            break
        if sep == ", " and not _vi_field_list_follows(text, toks, k, country_starts):
            break
        pair = f"{word} {toks[k + 1][2]}" if k + 1 < len(toks) else ""
        if word in VI_STOP or pair in VI_STOP_PAIRS:
            break
        if word == "và" and k + 1 < len(toks) and _VI_HEAD_RE.match(text, toks[k + 1][0]):
            break
        if toks[k][0] in country_starts:
            last = country_starts[toks[k][0]] + 1
            break
        if word[:1].isupper() and k > j:
            run = [toks[x][2] for x in range(k, min(k + 4, len(toks)))]
            if any(looks_vietnamese_name(run[:n]) for n in (2, 3, 4)) and k not in _domain_positions(
                text, toks, k
            ):
                break
        last = k + 1
        if toks[k][1] in country_ends:
            break
        k += 1
    while last > j and toks[last - 1][2] == "và":
        last -= 1
    return last


def _domain_positions(text, toks, k) -> set:
    pair = fold_chars(f"{toks[k][2]} {toks[k + 1][2]}") if k + 1 < len(toks) else ""
    before = fold_chars(f"{toks[k - 1][2]} {toks[k][2]}") if k else ""
    return {k} if pair in domain_words() or before in domain_words() else set()


def _vi_field_list_follows(text, toks, k, country_starts=()) -> bool:
    """ "Bộ Nông nghiệp, Thiên nhiên và Chất lượng thực phẩm Hà Lan", "Bộ Nông, Lâm, Ngư nghiệp Nhật Bản": a
    comma inside a name is followed by capitalised fields and then "và" or the country, before any verb."""
    for x in range(k, min(k + 10, len(toks))):
        if x > k and _sep(text, toks, x) not in (" ", ", "):
            return False
        word = toks[x][2]
        pair = f"{word} {toks[x + 1][2]}" if x + 1 < len(toks) else ""
        if word in VI_STOP or pair in VI_STOP_PAIRS:
            return False
        if toks[x][0] in country_starts:
            return True
        if word == "và":
            return x + 1 < len(toks) and toks[x + 1][2][:1].isupper()
    return False


def _acronym_defined(text, toks, lang, countries) -> list[Mention]:
    """ "ASEAN Ministers on Agriculture and Forestry Plus Three (AMAF+3)": words whose initials fit the
    acronym."""
    found, ends = [], {t[1]: i for i, t in enumerate(toks)}
    for m in re.finditer(r" \(([A-Z][A-Za-z0-9&+.-]{1,11})\)", text):
        k = ends.get(m.start())
        if k is None or not toks[k][2][:1].isupper():
            continue
        first = _en_backward(text, toks, k)
        letters = [c for c in m.group(1) if c.isupper()]
        while first < k and toks[first][2][0] != letters[0]:
            first += 1
        words = [t[2] for t in toks[first : k + 1] if t[2][:1].isupper()]
        if len(words) < 2 or toks[first][2][0] != letters[0] or words[-1] in NOT_ORG_ENDINGS:
            continue
        if any(c.start <= toks[first][0] and toks[k][1] <= c.end for c in countries):
            continue
        found.append(Mention(toks[first][0], m.end(), text[toks[first][0] : m.end()], "org"))
    return found


def _merge(known: list[Mention], built: list[Mention], text: str) -> list[Mention]:
    """Built names absorb the known mentions they contain; overlapping built names keep the longest."""
    built.sort(key=lambda m: (m.start, -(m.end - m.start)))
    merged: list[Mention] = []
    for mention in built:
        if merged and mention.start < merged[-1].end:
            if mention.end - mention.start > merged[-1].end - merged[-1].start:
                merged[-1] = mention
            continue
        merged.append(mention)
    for n, org in enumerate(merged):
        longer = [k for k in known if k.start == org.start and k.end > org.end]
        if longer:
            best = max(longer, key=lambda k: k.end)
            end = _with_acronym(text, best.end)
            merged[n] = org = Mention(
                best.start, end, text[best.start : end], "org", best.value, dict(best.extra)
            )
        inside = [k for k in known if org.start <= k.start and k.end <= org.end]
        # A bare "(MPI)" is not enough: the same acronym names different bodies in different countries.
        named = [k for k in inside if not _is_parenthesised(org.text, k.start - org.start)]
        if named:
            best = max(named, key=lambda k: k.end - k.start)
            sub = _sub_body(text, org, best)
            # A sub-body ("FAO Secretariat") is of its parent's kind, but a party of its own.
            org.value = fold_chars(org.text) if sub else best.value
            org.extra = {k: v for k, v in best.extra.items() if k != "acronym"} if sub else dict(best.extra)
    rest = [k for k in known if not any(o.start <= k.start < o.end for o in merged)]
    return sorted(merged + rest, key=lambda m: m.start)


def _sub_body(text, org, known) -> bool:
    """ "ASEAN Secretariat", "FAO Office": a known body named first and a head word after it is a body of its
    own."""
    rest = re.match(r"\s+([A-Z][\w-]+)", text[known.end : org.end])
    return known.start == org.start and rest is not None and rest.group(1) in EN_HEADS


def _is_parenthesised(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1] == "("
