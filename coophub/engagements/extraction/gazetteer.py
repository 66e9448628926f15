"""Gazetteer: countries (the shipped table plus demonyms), known organisations and places, found in a text.

Multi-word and English forms are matched on the folded text (case and diacritics ignored, a capital first
letter required); one-syllable Vietnamese forms ("Nhật", "Đức", "Anh") are matched exactly and only when no
capitalised word touches them, because they are also Vietnamese given names ("Đỗ Đức Duy") and parts of place
names."""

import functools
import re
from dataclasses import dataclass, field

from . import lexicon
from .normalize import fold_chars
from .types import Mention

_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:oai|oay|oeo|uay|uoi|uou|uya|uye|yeu|ieu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|"
    r"[aeiouy])(?:ch|ng|nh|[cmnpt])?$"
)


def is_vi_syllable(word: str) -> bool:
    return bool(_VI_SYLLABLE.match(fold_chars(word)))


@dataclass
class _Entry:
    value: str
    kind: str
    country: str | None = None
    extra: dict = field(default_factory=dict)


def _boundary_pattern(forms: list[str]) -> re.Pattern | None:
    if not forms:
        return None
    alternation = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{alternation})(?![\w&]|\+\d)")


class Gazetteer:
    """Countries, organisations and places known to the extractor; `default()` loads the shipped lexicons."""

    def __init__(self, countries, forms, organisations, places):
        self.country_names: dict[str, dict[str, str]] = {}
        self._exact: dict[str, _Entry] = {}
        self._folded: dict[str, _Entry] = {}
        self._vi_forms: dict[str, _Entry] = {}
        ignored = {(r["iso2"], r["form"]) for r in forms if r["kind"] == "ignore"}
        for row in countries:
            iso = row["iso2"]
            self.country_names[iso] = {"en": row["name_en"], "vi": row["name_vi"]}
            names = [row["name_en"], row["name_vi"], *filter(None, (row.get("variants") or "").split("|"))]
            for name in names:
                if (iso, name) not in ignored:
                    self._add_country(name, iso, "name")
        for row in forms:
            if row["kind"] != "ignore":
                self._add_country(row["form"], row["iso2"], row["kind"])
        self._orgs_exact: dict[str, _Entry] = {}
        self._orgs_folded: dict[str, _Entry] = {}
        self.org_names: dict[str, str] = {}
        for row in organisations:
            key = row["acronym"] or row["names"].split("|")[0]
            entry = _Entry(key, row["kind"], row["country"] or None, {"acronym": row["acronym"]})
            self.org_names[key] = row["names"].split("|")[0]
            if row["acronym"]:
                self._orgs_exact[row["acronym"]] = entry
            for name in row["names"].split("|"):
                if name.isupper() or "&" in name:
                    self._orgs_exact[name] = entry
                else:
                    self._orgs_folded[fold_chars(name)] = entry
        self._places: dict[str, _Entry] = {}
        self._vi_places: dict[str, _Entry] = {}
        for row in places:
            names = row["names"].split("|")
            for name in names:
                self._places[fold_chars(name)] = _Entry(names[0], "place", row["country"], {"vi": names[0]})
                self._vi_places[_lower_only(name)] = self._places[fold_chars(name)]
        self._compile()

    def _add_country(self, form: str, iso: str, kind: str):
        form = form.strip()
        if not form:
            return
        entry = _Entry(iso, kind)
        single_vi = " " not in form and not form.isascii()
        if single_vi or form.isupper() or (len(form) <= 4 and form[:1].isupper() and not form[1:].islower()):
            self._exact[form] = entry
        else:
            self._folded[fold_chars(form)] = entry
            self._vi_forms[_lower_only(form)] = entry

    def _compile(self):
        self._exact_re = _boundary_pattern(list(self._exact))
        self._folded_re = _boundary_pattern(list(self._folded))
        self._vi_re = _boundary_pattern(list(self._vi_forms))
        self._orgs_exact_re = _boundary_pattern(list(self._orgs_exact))
        self._orgs_folded_re = _boundary_pattern(list(self._orgs_folded))
        self._places_re = _boundary_pattern(list(self._places))
        self._vi_places_re = _boundary_pattern(list(self._vi_places))

    @classmethod
    @functools.cache
    def default(cls) -> "Gazetteer":
        return cls(
            lexicon.country_rows(),
            lexicon.rows("country_forms.csv"),
            lexicon.rows("organisations.csv"),
            lexicon.rows("places.csv"),
        )

    def country_name(self, iso: str, lang: str = "en") -> str:
        return self.country_names.get(iso, {}).get(lang, iso)

    def countries(self, text: str, folded: str | None = None, lang: str = "en") -> list[Mention]:
        """Vietnamese text keeps its diacritics, so there forms must match them ("Lao động" is not "Lào") and
        English demonyms are not looked for."""
        folded = fold_chars(text) if folded is None else folded
        if lang == "vi":
            folded = _lower_only(text)
        found = []
        for m in self._exact_re.finditer(text) if self._exact_re else ():
            entry = self._exact[m.group()]
            if _ambiguous_syllable(text, m, lang):
                continue
            found.append(Mention(m.start(), m.end(), m.group(), "country", entry.value, {"form": entry.kind}))
        pattern, table = (self._vi_re, self._vi_forms) if lang == "vi" else (self._folded_re, self._folded)
        for m in _capitalised_matches(pattern, folded, text):
            entry = table[m.group()]
            if (lang == "vi" and entry.kind == "demonym") or _ambiguous_syllable(text, m, lang):
                continue
            surface = text[m.start() : m.end()]
            found.append(Mention(m.start(), m.end(), surface, "country", entry.value, {"form": entry.kind}))
        return _longest(found)

    def organisations(self, text: str, folded: str | None = None) -> list[Mention]:
        folded = fold_chars(text) if folded is None else folded
        found = []
        for m in self._orgs_exact_re.finditer(text) if self._orgs_exact_re else ():
            found.append(self._org_mention(m, text, self._orgs_exact[m.group()]))
        for m in _capitalised_matches(self._orgs_folded_re, folded, text):
            found.append(self._org_mention(m, text, self._orgs_folded[m.group()]))
        return _longest(found)

    @staticmethod
    def _org_mention(m, text, entry):
        extra = {"org_kind": entry.kind, "country": entry.country, "acronym": entry.extra.get("acronym")}
        return Mention(m.start(), m.end(), text[m.start() : m.end()], "org", entry.value, extra)

    def places(self, text: str, folded: str | None = None, lang: str = "en") -> list[Mention]:
        folded = fold_chars(text) if folded is None else folded
        pattern, table = (
            (self._vi_places_re, self._vi_places) if lang == "vi" else (self._places_re, self._places)
        )
        found = []
        for m in _capitalised_matches(pattern, _lower_only(text) if lang == "vi" else folded, text):
            entry = table[m.group()]
            found.append(Mention(m.start(), m.end(), text[m.start() : m.end()], "place", entry.country))
        return _longest(found)


@functools.lru_cache(maxsize=64)
def _lower_only(text: str) -> str:
    """Lower case without folding diacritics, offsets kept."""
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _capitalised_matches(pattern, folded: str, text: str):
    """Matches of `pattern` in the folded text whose first letter is a capital in the original text."""
    if pattern is None:
        return
    pos = 0
    while True:
        m = pattern.search(folded, pos)
        if m is None:
            return
        if text[m.start()].isupper() or not text[m.start()].isalpha():
            yield m
            pos = m.end()
        else:
            pos = m.start() + 1


def _ambiguous_syllable(text: str, m, lang: str = "vi") -> bool:
    """A one-syllable form ("Nga", "Đức", "Anh") next to another capitalised word is part of a name; in
    English text only next to another Vietnamese syllable ("Nguyen Thi Lan Anh", "Thai Nguyen"), not in
    "Thai Deputy Minister"."""
    return " " not in m.group() and is_vi_syllable(m.group()) and _touches_capital(text, m, lang != "vi")


def _touches_capital(text: str, m, syllable_only: bool = False) -> bool:
    before = re.search(r"([^\W\d_]+)[ ]$", text[max(0, m.start() - 30) : m.start()])
    after = re.match(r"[ ]([^\W\d_]+)", text[m.end() : m.end() + 30])
    return any(
        w
        and w.group(1)[0].isupper()
        and not w.group(1).isupper()
        and (not syllable_only or is_vi_syllable(w.group(1)))
        for w in (before, after)
    )


def _longest(found: list[Mention]) -> list[Mention]:
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
