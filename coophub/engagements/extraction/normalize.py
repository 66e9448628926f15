"""Text preparation: HTML to text, Unicode and punctuation normalisation, folding, language, sentences,
tokens."""

import functools
import re
import unicodedata
from html.entities import name2codepoint
from html.parser import HTMLParser

from coophub.core.text import fold_vi

_HTML_HINT = re.compile(
    r"<(?:!doctype|!--|html|head|body|p|div|br|span|a|b|i|em|strong|h[1-6]|ul|ol|li|table|tr|td|th|"
    r"script|style|article|section|header|footer|main|nav|figure|figcaption|blockquote|img|meta|link)\b",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    (
        "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer main nav aside "
        "blockquote pre hr title dd dt dl figure figcaption address form fieldset tbody thead"
    ).split()
)
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object"}
_CELL_TAGS = {"td", "th"}

_CHAR_MAP = {
    **dict.fromkeys(
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v",
        " ",
    ),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2212", "-"),
    **dict.fromkeys("\u2013\u2014\u2015", "\u2013"),
}
_TRANSLATE = str.maketrans(_CHAR_MAP)
_SPACES = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_EDGES = re.compile(r" *\n *")

TOKEN_RE = re.compile(r"[^\W\d_](?:[\w]|[&+](?=\w)|['-](?!s\b)(?=\w))*|\d+(?:[.,]\d+)*(?:[+]\d+)?")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in _CELL_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def _emit(self, text):
        if not self.skip:
            self.parts.append(text)

    def handle_data(self, data):
        self._emit(data)

    def handle_entityref(self, name):
        # Only the standard HTML entities are decoded; anything else stays as the literal text it was.
        if name in name2codepoint:
            self._emit(chr(name2codepoint[name]))
        elif name == "apos":
            self._emit("'")
        else:
            self._emit(f"&{name};")

    def handle_charref(self, name):
        try:
            code = int(name[1:], 16) if name[:1] in ("x", "X") else int(name)
        except ValueError:
            code = -1
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            self._emit(chr(code))
        else:
            self._emit(f"&#{name};")


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text))


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def normalize_text(text: str) -> str:
    """NFC, one kind of quote and dash, single spaces, no spaces at line ends, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    text = _SPACES.sub(" ", text)
    text = _LINE_EDGES.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


@functools.cache
def _fold_char(ch: str) -> str:
    folded = fold_vi(ch)
    return folded if len(folded) == 1 else (ch.lower() if len(ch.lower()) == 1 else ch)


@functools.lru_cache(maxsize=4096)
def fold_chars(text: str) -> str:
    """fold_vi character by character, so that offsets into the result are offsets into `text`."""
    return "".join(_fold_char(ch) if not ch.isascii() or ch.isupper() else ch for ch in text)


_VI_ONLY = set("ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ")
_VI_STOP = frozenset(
    (
        "và của các những được với trong là cho tại đã này có về hai bên một không để theo cũng sẽ người "
        "nước từ năm ngày đó khi nhằm giữa như sự việc đến vào đang rất hơn nhất"
    ).split()
)
_EN_STOP = frozenset(
    (
        "the and of to in with on for is was that as by at a an from has have its their this are be will "
        "said which also"
    ).split()
)


def detect_language(text: str) -> str:
    """vi, en or other, from the share of Vietnamese-only letters and of each language's stop words."""
    sample = text[:20000].lower()
    letters = [ch for ch in sample if ch.isalpha()]
    words = re.findall(r"[^\W\d_]+", sample)
    if not letters or not words:
        return "other"
    vi_letters = sum(ch in _VI_ONLY for ch in letters) / len(letters)
    vi_words = sum(w in _VI_STOP for w in words) / len(words)
    en_words = sum(w in _EN_STOP for w in words) / len(words)
    if vi_words >= en_words and (vi_letters >= 0.08 or (vi_letters >= 0.03 and vi_words >= 0.04)):
        return "vi"
    if en_words >= 0.12:
        return "en"
    return "other"


ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr prof st no jr sr gen col lt h.e tp ts pgs gs ths u.s e.g i.e etc vs inc co ltd corp "
        "dept univ approx sept jan feb mar apr jun jul aug sep oct nov dec mme fig vol p pp q"
    ).split()
)
_BOUNDARY = re.compile(r"[.!?]+['\")\]]*(?=\s+|[A-ZÀ-Ỹ\"'])|/\.|\n")


def _is_abbreviation(text: str, dot: int) -> bool:
    m = re.search(r"([\w.]+)$", text[max(0, dot - 12) : dot])
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    # An initial ("J. Smith") is a plain letter; "châu Á. Bà …" ends a sentence.
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word.isascii())


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a full stop glued to the next capital ("said.The") ends a sentence too."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group() != "\n" and not m.group().startswith("/"):
            nxt = text[end : end + 1]
            if not nxt.isspace() and nxt:
                if not (
                    text[m.start() - 2 : m.start()].isalpha() and text[m.start() - 2 : m.start()].islower()
                ):
                    continue
            if m.group()[0] == "." and _is_abbreviation(text, m.start()):
                continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text, start, end, spans):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    end = len(text) if end is None else end
    found = []
    for m in TOKEN_RE.finditer(text, start, end):
        if m.group() == "s" and text[m.start() - 1 : m.start()] == "'":
            continue
        found.append((m.start(), m.end(), m.group()))
    return found


def is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()
