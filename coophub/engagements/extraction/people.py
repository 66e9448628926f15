"""People named in a text, with their title as written, organisation, side (vn/partner) and country.

Four shapes are read: a title followed by a name ("Deputy Minister of Agriculture and Environment Tran Quy
Kien", "Thứ trưởng Bộ … Lê Văn Hưng"), an honorific and a name with an appositive title ("Mr. Yasuhide
Nakayama, former Minister of Defense of Japan", "ông Kitamura Shu - Phó Trưởng đại diện JICA"), a title before
the honorific ("Thủ tướng Rumani, bà Viorica Dancila"), and a bare name with an appositive title."""

import bisect
import functools
import re

from . import lexicon
from .names import HONORIFICS, MONTHS, NOT_NAME, PARTICLES, former_title
from .normalize import fold_chars, tokens
from .orgs import domain_words, vn_surnames
from .sides import person_side_and_country
from .types import Mention, Person

EN_TITLE_CONNECT = {"of", "the", "and", "for", "to", "in", "on", "at"}
VI_APPOSITIVE_STOP = re.compile(
    r"\s(?:đã|sẽ|đang|vừa|cho biết|khẳng định|nhấn mạnh|phát biểu|bày tỏ|ký|tiếp|cùng|và (?:ông|bà|ngài)|"
    r"(?:đồng )?chủ trì|thăm|tham dự|làm việc|trao đổi|chúc mừng|đề nghị|cảm ơn)\b"
)


# ", Forestry and Fisheries of Japan": a comma inside a list of fields, not the end of an appositive title.
_EN_FIELD_LIST = re.compile(r", (?:[A-Z][\w-]+ )*?(?:[A-Z][\w-]+)(?:, [A-Z][\w-]+)* and [A-Z]")


@functools.cache
def _title_re(lang: str, capital: bool) -> re.Pattern:
    forms = [t for t, _ in lexicon.titles(lang)]
    alternation = "|".join(re.escape(t) for t in forms)
    flags = 0 if capital else re.IGNORECASE
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", flags)


@functools.cache
def _title_kinds(lang: str) -> dict:
    return {fold_chars(t): k for t, k in lexicon.titles(lang)}


_HONORIFIC_TAIL = re.compile(
    r"(?:\s+(?:"
    + "|".join(re.escape(h) for h in sorted(set(HONORIFICS["en"] + HONORIFICS["vi"]), key=len, reverse=True))
    + r"))+\s*$"
)


@functools.cache
def _honorific_re(lang: str) -> re.Pattern:
    forms = sorted(HONORIFICS["vi" if lang == "vi" else "en"], key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(h) for h in forms) + r")(?= [A-ZÀ-Ỹ\u0110])")


class PeopleFinder:
    def __init__(
        self,
        text: str,
        lang: str,
        entities: list[Mention],
        orgs: list[Mention],
        countries,
        gazetteer,
        host_country: str | None = None,
    ):
        self.text, self.lang, self.host_country = text, lang, host_country
        self.toks = tokens(text)
        self.by_start = {t[0]: i for i, t in enumerate(self.toks)}
        self.entities, self.orgs, self.countries, self.gazetteer = entities, orgs, countries, gazetteer
        self.starts = [t[0] for t in self.toks]
        self.ends = [t[1] for t in self.toks]
        self.covered, self.entity_of = set(), {}
        for n, e in enumerate(entities):
            inside = self._inside(e.start, e.end)
            self.covered.update(inside)
            self.entity_of.update(dict.fromkeys(inside, n))
        self.title_words = {w for t, _ in lexicon.titles("en") for w in t.split()}
        for m in _title_re("vi", capital=False).finditer(text) if lang == "vi" else ():
            self.covered.update(self._inside(m.start(), m.end()))
        self.people: list[Person] = []
        self.references: list[Mention] = []
        self.honorific_at = {m.start(): m.end() for m in _honorific_re(lang).finditer(text)}

    def find(self) -> list[Person]:
        self._title_then_name()
        self._honorific_then_name()
        self._name_then_appositive()
        return self._merged()

    def _name_end(self, i: int) -> int:
        """Index after the last token of the personal name starting at token i (i itself when none)."""
        j, last, particles = i, i, 0
        limit = 4 if self.lang == "vi" else 5
        while j < len(self.toks) and j - i < limit + 3:
            start, end, word = self.toks[j]
            if j > i and self.text[self.toks[j - 1][1] : start] != " ":
                break
            if word in PARTICLES and j > i:
                particles += 1
                j += 1
                continue
            if not (self._name_word(j) or j > i and self._place_in_name(j)):
                break
            last = j + 1
            j += 1
        if last - i - particles > limit:
            return i
        return last

    def _place_in_name(self, j: int) -> bool:
        """ "Carlos Eduardo Moreira Lima": a one-word place name inside a run of capitalised name words (a
        place of the meeting would follow a preposition)."""
        entity = self.entities[self.entity_of[j]] if j in self.entity_of else None
        return bool(
            entity is not None
            and entity.kind == "place"
            and len(self._inside(entity.start, entity.end)) == 1
            and self._name_word(j - 1)
            and self.toks[j][2][:1].isupper()
        )

    def _name_word(self, j: int) -> bool:
        word = self.toks[j][2]
        if not word[:1].isupper() or word.isupper() and len(word) > 1 or j in self.covered:
            return False
        if (
            word in NOT_NAME
            or word in MONTHS
            or word in self.title_words
            or fold_chars(word) in domain_words()
        ):
            return False
        nxt = self.toks[j + 1][2] if j + 1 < len(self.toks) else ""
        prev = self.toks[j - 1][2] if j else ""
        return (
            fold_chars(f"{word} {nxt}") not in domain_words()
            and fold_chars(f"{prev} {word}") not in domain_words()
        )

    def _in_domain_pair(self, j: int) -> bool:
        word = self.toks[j][2]
        nxt = self.toks[j + 1][2] if j + 1 < len(self.toks) else ""
        prev = self.toks[j - 1][2] if j else ""
        return fold_chars(f"{word} {nxt}") in domain_words() or fold_chars(f"{prev} {word}") in domain_words()

    def _inside(self, start: int, end: int) -> range:
        """Indices of the tokens lying within [start, end)."""
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_right(self.ends, end))

    def _tok_at_or_after(self, pos: int) -> int:
        return bisect.bisect_left(self.starts, pos)

    def _left_modifiers(self, start: int) -> int:
        """Extend a title leftwards over "former", a country or demonym, or an organisation ("KOICA
        President")."""
        while True:
            before = self.text[max(0, start - 60) : start]
            m = re.search(r"(?:\b(?:former|Former|acting|Acting|then|nguyên|Nguyên|cựu|Cựu|Quyền)) $", before)
            if m:
                start -= len(before) - m.start()
                continue
            ent = next((e for e in self.entities if e.end == start - 1 and self.text[e.end] == " "), None)
            if ent and ent.extra.get("org_kind") != "news":
                start = ent.start
                continue
            poss = re.search(r"\b[A-Z][\w]+'s $", before)
            if poss and any(c.start == start - len(poss.group()) for c in self.countries):
                start -= len(poss.group())
            return start

    def _title_then_name(self):
        for m in _title_re(self.lang, capital=True).finditer(self.text):
            k = self._tok_at_or_after(m.end())
            name_start = self._name_after_qualifier(k)
            if name_start is None:
                continue
            end = self._name_end(name_start)
            title_start = self._left_modifiers(m.start())
            title = _HONORIFIC_TAIL.sub("", self.text[title_start : self.toks[name_start][0]]).strip(" ,")
            if end - name_start >= 2:
                self._add(name_start, end, title, (title_start, title_start + len(title)), 0.85)
            elif end - name_start == 1:
                self._reference(name_start, title)

    def _name_after_qualifier(self, k: int) -> int | None:
        """Skip the qualifier of a title (organisation, country, field words) up to where a name begins; in
        English the name is the last capitalised run ("Minister of Agrarian Development and Irrigation Angel
        Manero"), so a run followed by "and"/"of" and more capitals is part of the qualifier."""
        skip_to, resume = k, None
        for j in range(k, min(k + 14, len(self.toks))):
            start, _, word = self.toks[j]
            if j < skip_to:
                continue
            if start in self.honorific_at and j > k:
                resume = self.honorific_at[start]
                skip_to = self._tok_at_or_after(resume)
                continue
            sep = self.text[self.toks[j - 1][1] : start]
            same_entity = j in self.entity_of and self.entity_of.get(j) == self.entity_of.get(j - 1)
            after_honorific = resume is not None and not self.text[resume:start].strip()
            if j > k and sep not in (" ", " - ") and not same_entity and not after_honorific:
                if not (j - 1 in self.entity_of and sep == ") "):
                    return None
            if j == k and self.text[self.toks[j - 1][1] : start] != " ":
                return None
            if self._name_word(j):
                end = self._name_end(j)
                if self.lang != "vi" and self._qualifier_goes_on(end):
                    skip_to = end
                    continue
                return j
            if self.lang == "vi":
                lower_ok = word == "và" or self._in_domain_pair(j)
            else:
                lower_ok = word in EN_TITLE_CONNECT
            if not (j in self.covered or word.isupper() or word[:1].isupper() or lower_ok):
                return None
            if word == "và" and j + 1 < len(self.toks) and not self._in_domain_pair(j + 1):
                if j + 1 not in self.covered and not self.toks[j + 1][2].isupper():
                    return None
        return None

    def _qualifier_goes_on(self, end: int) -> bool:
        if end < len(self.toks) and self.toks[end][0] in self.honorific_at:
            return True
        if end + 1 >= len(self.toks) or self.text[self.toks[end - 1][1] : self.toks[end][0]] != " ":
            return False
        connector, nxt = self.toks[end][2], self.toks[end + 1][2]
        if connector in ("of", "for"):
            return nxt[:1].isupper()
        return connector in ("and", "&") and fold_chars(nxt) in domain_words()

    def _honorific_then_name(self):
        for m in _honorific_re(self.lang).finditer(self.text):
            i = self._tok_at_or_after(m.end())
            end = self._name_end(i)
            if end <= i:
                continue
            if end - i == 1 and not (self.lang == "vi" and m.group()[0].islower()):
                self._reference(i, None)
                continue
            title, tspan = self._appositive(self.toks[end - 1][1])
            if title is None:
                title, tspan = self._title_before(m.start())
            self._add(i, end, title, tspan, 0.9 if title else 0.7)

    def _name_then_appositive(self):
        for m in re.finditer(r"(?:, | - | – )", self.text):
            k = self._tok_at_or_after(m.start()) - 1
            if k < 1:
                continue
            first = k
            while first > 0 and self._name_word(first - 1) and self.text[self.toks[first - 1][1]] == " ":
                first -= 1
            if not self._name_word(k) or self._name_end(first) != k + 1 or k + 1 - first < 2:
                continue
            title, tspan = self._appositive(self.toks[k][1])
            if title:
                self._add(first, k + 1, title, tspan, 0.8)

    def _appositive(self, pos: int) -> tuple:
        m = re.match(r"(, | - | – )", self.text[pos:])
        if not m:
            return None, None
        start = pos + m.end()
        dash = m.group() != ", "
        end = self._appositive_end(start, dash)
        phrase = self.text[start:end].strip(" ,")
        head = " ".join(phrase.split()[:7])
        if not phrase or not _title_re(self.lang, capital=False).search(head):
            return None, None
        return phrase, (start, start + len(phrase))

    def _appositive_end(self, start: int, dash: bool) -> int:
        text = self.text
        stop = re.compile(r"[.;:!?\n]" if dash else r"[,.;:!?\n]")
        pos = start
        while True:
            m = stop.search(text, pos)
            end = m.start() if m else len(text)
            if m and m.group() in ",." and any(o.start < m.start() < o.end for o in self.entities):
                pos = m.start() + 1
                continue
            if m and m.group() == "," and _EN_FIELD_LIST.match(text, m.start()):
                pos = m.start() + 1
                continue
            if m and m.group() == "." and text[m.start() - 3 : m.start()].endswith(("Mr", "Dr", "Ms")):
                pos = m.start() + 1
                continue
            break
        segment = text[start:end]
        if self.lang == "vi":
            cut = VI_APPOSITIVE_STOP.search(" " + segment)
            return start + (cut.start() if cut else len(segment))
        words = re.finditer(r"\S+", segment)
        for w in words:
            token = w.group().strip("()")
            if (
                token[:1].islower()
                and token not in EN_TITLE_CONNECT
                and token not in ("former", "acting", "then", "now", "currently")
            ):
                return start + w.start()
        return end

    def _title_before(self, pos: int) -> tuple:
        m = re.search(r", $", self.text[max(0, pos - 2) : pos])
        if not m:
            return None, None
        line_start = max(self.text.rfind(". ", 0, pos) + 2, self.text.rfind("\n", 0, pos) + 1, 0)
        window = self.text[line_start : pos - 2]
        found = list(_title_re(self.lang, capital=False).finditer(window))
        if not found or re.search(r"[,;:()]", window[found[-1].start() :]):
            return None, None
        start = line_start + found[-1].start()
        return self.text[start : pos - 2], (start, pos - 2)

    def _reference(self, i: int, title: str | None):
        start, end, word = self.toks[i]
        self.references.append(Mention(start, end, word, "person_ref", word, {"title": title}))

    def _add(self, i: int, end: int, title, tspan, confidence):
        start, stop = self.toks[i][0], self.toks[end - 1][1]
        name = self.text[start:stop]
        side, country, org = person_side_and_country(self, name, title, tspan)
        former = former_title(title)
        person = Person(name, title, org, side, country, start, stop, confidence, former, tspan)
        person.aliases = self._aliases(name)
        self.people.append(person)

    def _aliases(self, name: str) -> set:
        words = [w for w in name.split() if w.lower() not in PARTICLES] or name.split()
        aliases = {fold_chars(name), fold_chars(words[-1])}
        if fold_chars(words[0]) not in vn_surnames():
            aliases.add(fold_chars(words[0]))
        if len(words) >= 3:
            aliases.add(fold_chars(" ".join(words[-2:])))
        return aliases

    def _merged(self) -> list[Person]:
        merged: list[Person] = []
        for person in sorted(self.people, key=lambda p: p.start):
            same = next((p for p in merged if _same_person(p.name, person.name)), None)
            if same is None:
                person.mentions = [(person.start, person.end)]
                merged.append(person)
                continue
            same.mentions.append((person.start, person.end))
            same.aliases |= person.aliases
            if person.title and (not same.title or len(person.title) > len(same.title)):
                same.title, same.title_span = person.title, person.title_span
                same.side, same.country, same.organization = person.side, person.country, person.organization
                same.former = person.former
            if len(person.name) > len(same.name):
                same.name, same.start, same.end = person.name, person.start, person.end
            same.confidence = max(same.confidence, person.confidence)
        return merged


def _same_person(a: str, b: str) -> bool:
    wa, wb = fold_chars(a).split(), fold_chars(b).split()
    if wa == wb:
        return True
    short, long_ = sorted((wa, wb), key=len)
    return short[0] == long_[0] and short[-1] == long_[-1] or " ".join(short) in " ".join(long_)


def find_people(text, lang, entities, orgs, countries, gazetteer, host_country=None):
    """(people, one-word references such as "Minister Duy"); host_country: where a meeting abroad was."""
    finder = PeopleFinder(text, lang, entities, orgs, countries, gazetteer, host_country)
    return finder.find(), finder.references
