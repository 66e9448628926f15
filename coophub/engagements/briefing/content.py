"""The briefing pack as a document: a cover and numbered sections of blocks, all plain text already in the
pack's language. Both renderers (Word and PDF) draw exactly this, so the two files say the same thing."""

from dataclasses import dataclass, field

# Width of the text between the margins (A4, left 3 cm, right 1.5 cm, as Decree 30/2020 lays out pages).
TEXT_WIDTH_CM = 16.5


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, laid out as a two-column table without borders."""

    rows: list[tuple[str, str]]
    label_cm: float = 4.5


@dataclass(frozen=True)
class Table:
    """A bordered table whose header repeats on each page; widths in cm add up to TEXT_WIDTH_CM."""

    header: list[str]
    rows: list[list[str]]
    widths_cm: list[float]
    numeric: tuple[int, ...] = ()  # right-aligned columns
    bold_rows: frozenset[int] = frozenset()  # rows that need the reader's attention

    def __post_init__(self):
        if len(self.widths_cm) != len(self.header):
            raise ValueError(f"{len(self.widths_cm)} widths for {len(self.header)} columns.")
        for index, row in enumerate(self.rows):
            if len(row) != len(self.header):
                raise ValueError(f"Row {index} has {len(row)} cells; the header has {len(self.header)}.")


Block = Paragraph | Subheading | Bullets | Fields | Table


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    key: str = ""


@dataclass
class Cover:
    ministry: str
    unit: str
    marking: str
    dateline: str
    heading: str
    subtitle: str
    fields: list[tuple[str, str]]
    prepared: str


@dataclass
class Document:
    language: str
    title: str
    cover: Cover
    sections: list[Section]
    footer: str = ""

    def numbered(self) -> list[tuple[str, Section]]:
        """Each section with its Roman numeral, as Vietnamese reports number their parts."""
        return [(roman(index), section) for index, section in enumerate(self.sections, start=1)]


_NUMERALS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    out = ""
    for value, letters in _NUMERALS:
        while number >= value:
            out += letters
            number -= value
    return out


def heading_text(numeral: str, section: Section) -> str:
    return f"{numeral}. {section.title.upper()}"
