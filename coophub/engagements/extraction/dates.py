"""Dates: the headline and date line of a pasted article, date mentions in Vietnamese and English, the meeting
date.

The year of a day-and-month mention comes from the mention itself, else from the date line (a publication
date), else from another full date in the text; with none of these the meeting date stays unknown."""

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_ALT = "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_RANGE_TAIL = rf"(?:\s*(?:[-–]|to|and)\s*\d{{1,2}}{_ORD})?"

PATTERNS = [
    ("iso", re.compile(r"(?<![\d/])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")),
    (
        "vi_range",
        re.compile(
            r"[Tt]ừ\s+(?:ngày\s+)?(\d{1,2})\s+(?:đến|tới)\s+(?:ngày\s+)?\d{1,2}\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?"
        ),
    ),
    ("vi_long", re.compile(r"[Nn]gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*(?:năm|,)\s*(\d{4}))?")),
    ("dmy_dot", re.compile(r"(?<![\d/.,])(\d{1,2})[.-](\d{1,2})[.-](\d{4})(?!\d)")),
    (
        "dm",
        re.compile(
            r"(?<![\d/.,])(\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4})(?!\d)|(?![\d/]))"
        ),
    ),
    (
        "en_md",
        re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}}){_ORD}{_RANGE_TAIL}(?:,?\s+(\d{{4}}))?(?![\d])"),
    ),
    (
        "en_dm",
        re.compile(
            rf"(?<![\d/])(\d{{1,2}}){_ORD}{_RANGE_TAIL}\s+(?:of\s+)?({_MONTH_ALT})\b\.?(?:,?\s+(\d{{4}}))?"
        ),
    ),
    ("my", re.compile(r"(?<![\d/.])(\d{1,2})/(\d{4})(?!\d)")),
]
_VI_CUE_BEFORE = re.compile(
    r"(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|từ|đến|tới|vào|thứ\s+\w+|chủ\s+nhật)\s*,?\s*$", re.IGNORECASE
)
_DEADLINE_BEFORE = re.compile(
    r"(?:\bby|\bbefore|\buntil|\btill|no later than|\bdeadline|trước|hạn|đến hết|cuối|"
    r"chậm nhất)\s+(?:ngày\s+)?"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass
class DateMention:
    start: int
    end: int
    day: int | None
    month: int
    year: int | None
    in_parens: bool = False
    deadline: bool = False


def _valid(year, month, day) -> bool:
    try:
        dt.date(year or 2000, month, day or 1)
    except ValueError:
        return False
    return year is None or 1900 <= year <= 2100


def _mention(kind, m) -> DateMention | None:
    g = m.groups()
    if kind == "iso":
        year, month, day = int(g[0]), int(g[1]), int(g[2])
    elif kind in ("en_md",):
        month, day, year = _MONTHS[g[0].lower()], int(g[1]), int(g[2]) if g[2] else None
    elif kind == "en_dm":
        day, month, year = int(g[0]), _MONTHS[g[1].lower()], int(g[2]) if g[2] else None
    elif kind == "my":
        day, month, year = None, int(g[0]), int(g[1])
    else:
        day, month, year = int(g[0]), int(g[1]), int(g[2]) if g[2] else None
    if not _valid(year, month, day):
        return None
    return DateMention(m.start(), m.end(), day, month, year)


def _in_parens(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return text.rfind("(", line_start, pos) > text.rfind(")", line_start, pos)


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    end = len(text) if end is None else end
    found: list[DateMention] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text, start, end):
            mention = _mention(kind, m)
            if mention is None:
                continue
            before = text[max(0, m.start() - 24) : m.start()]
            if kind == "dm" and mention.year is None:
                line_start = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start()) + 1)
                at_start = not text[line_start + 1 : m.start()].strip(" ,")
                if not (_VI_CUE_BEFORE.search(before) or at_start):
                    continue
            if any(not (mention.end <= f.start or mention.start >= f.end) for f in found):
                continue
            mention.in_parens = _in_parens(text, m.start())
            mention.deadline = bool(_DEADLINE_BEFORE.search(before))
            found.append(mention)
    found.sort(key=lambda d: d.start)
    _inherit_range_years(text, found)
    return found


def _inherit_range_years(text: str, found: list[DateMention]) -> None:
    """'từ ngày 26/11 đến 29/11/2025', 'from 18 to 19 November 2025': the first date takes the year."""
    for first, second in zip(found, found[1:], strict=False):
        if first.year is None and second.year is not None:
            between = text[first.end : second.start]
            if re.fullmatch(r"\s*(?:[-–]|đến|tới|to|until|and)\s*(?:ngày\s+)?", between, re.IGNORECASE):
                first.year = second.year


@dataclass
class Header:
    title: tuple[int, int] | None
    dateline: tuple[int, int] | None
    published: DateMention | None
    body_start: int


def read_header(text: str) -> Header:
    """Line 1 is the headline when short; line 2 is a date line when it is a short byline around a full date
    ("Văn Khương 16/04/2019 08:57 GMT+7", "Cập nhật: 09/10/2025") or a date glued to the text
    ("16/09/2025TN&MT")."""
    first_end = text.find("\n")
    first_end = len(text) if first_end < 0 else first_end
    title = (0, first_end) if 0 < first_end <= 300 and len(text[:first_end].split()) <= 40 else None
    if title is None:
        return Header(None, None, _first_full_date(text, 0, min(len(text), 120)), 0)
    second_start = first_end + 1
    second_end = text.find("\n", second_start)
    second_end = len(text) if second_end < 0 else second_end
    line = text[second_start:second_end]
    published = _first_full_date(text, second_start, min(second_end, second_start + 60))
    if published:
        rest = line[: published.start - second_start] + " " + line[published.end - second_start :]
        after = text[published.end : published.end + 1]
        glued = published.start == second_start and text[published.start].isdigit() and after.isalpha()
        words = re.findall(r"[^\W\d_]+", rest)
        byline = len(line) <= 80 and len(words) <= 6 and not line.rstrip().endswith(".")
        if byline or glued:
            body_start = second_end + 1 if byline else published.end
            return Header(title, (published.start, published.end), published, min(body_start, len(text)))
    return Header(title, None, None, min(second_start, len(text)))


def _first_full_date(text, start, end) -> DateMention | None:
    for mention in find_dates(text, start, end):
        if mention.year is not None:
            return mention
    return None


def resolve_year(mention: DateMention, published: DateMention | None, others: list[DateMention]) -> tuple:
    """(year, confidence) for a mention, or (None, 0) when no year is knowable."""
    if mention.year is not None:
        return mention.year, 0.95
    if published is not None and published.year is not None:
        year = published.year
        if published.day is not None:
            pub = dt.date(published.year, published.month, published.day)
            if _valid(year, mention.month, mention.day) and dt.date(year, mention.month, mention.day) > (
                pub + dt.timedelta(days=60)
            ):
                year -= 1
        elif mention.month > published.month + 1:
            year -= 1
        return year, 0.85
    with_year = [o for o in others if o.year is not None and o is not mention]
    if with_year:
        nearest = min(with_year, key=lambda o: abs(o.start - mention.start))
        return nearest.year, 0.6
    return None, 0.0


_NEWS_DATELINE = re.compile(r"[^\n]{0,80}?\((?:[A-Z]{2,6}|TTXVN|[A-Z][\w.]+\.vn)\)\s*[-–—]")


def meeting_date(text: str, header: Header) -> tuple[str | None, DateMention | None, float]:
    """The first day and month of the body that is not a deadline, preferring ones outside brackets."""
    mentions = find_dates(text, header.body_start)
    candidates = [m for m in mentions if m.day is not None and not m.deadline]
    dateline = _NEWS_DATELINE.match(text, header.body_start)
    filed = dateline.end() if dateline else header.body_start
    # The date of a news dateline ("CANBERRA, Aug 22 (VNA) –") is when the item was filed: a day the body
    # gives ("from August 18 to 22") is the meeting's; the dateline's counts when the body has none.
    candidates.sort(key=lambda m: (m.in_parens or m.start < filed, m.start < filed, m.start))
    for mention in candidates:
        year, confidence = resolve_year(mention, header.published, mentions)
        if year is None:
            return None, mention, 0.0
        if _valid(year, mention.month, mention.day):
            return dt.date(year, mention.month, mention.day).isoformat(), mention, confidence
    return None, None, 0.0
