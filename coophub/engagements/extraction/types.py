"""Public value types of the extraction engine and the internal mention record."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class KnownPartner:
    """A partner of the registry the text may name: Vietnamese, English and native names, acronym, aliases."""

    id: int
    code: str
    names: tuple[str, ...]
    country: str | None = None


class ExtractionInputError(ValueError):
    """The text cannot be extracted from (empty, too long); `field` names the input, `message` says why."""

    def __init__(self, message, field: str = "text"):
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


MESSAGES = {
    "empty": _("The text is empty: paste the article or the minutes of the meeting."),
    "too_long": _("The text is longer than %(limit)s characters; paste only the article."),
    "bad_language": _("The language must be “auto”, “vi” or “en”."),
    "language_other": _("The text is neither Vietnamese nor English; little could be extracted from it."),
    "language_mismatch": _("The text looks %(detected)s, not %(given)s; it was read as %(detected)s."),
    "html_stripped": _("HTML markup was removed from the text."),
    "no_date": _("No meeting date with a known year was found."),
}
LANGUAGE_NAMES = {"vi": _("Vietnamese"), "en": _("English")}


@dataclass
class Mention:
    """A stretch of the normalised text recognised as something (a country, an organisation, a place...)."""

    start: int
    end: int
    text: str
    kind: str
    value: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def span(self) -> list[int]:
        return [self.start, self.end]


@dataclass
class Person:
    name: str
    title: str | None
    organization: str | None
    side: str
    country: str | None
    start: int
    end: int
    confidence: float
    former: bool = False
    title_span: tuple[int, int] | None = None
    aliases: set = field(default_factory=set)
    mentions: list = field(default_factory=list)
