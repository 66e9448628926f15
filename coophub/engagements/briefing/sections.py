"""Sections that later capabilities add to every briefing pack (market access, trade barriers, trade remedies,
ODA in the pipeline), without touching the pack's own sections or each other.

A capability registers once, at import time (its AppConfig.ready()):

    register_section("market_access", _("Market-access dossiers"), dossiers_for_briefing, order=10)

The provider gets a BriefingContext and returns a SectionContent (blocks and talking points, built only from
`policy_for(Model).scope(context.user, VIEW)`), or None to leave its section out of this pack. It is called
with the pack's language active. Registered sections come after the late tasks, by `order`, and before the
suggested talking points, to which their talking points are added.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from .content import Block


@dataclass(frozen=True)
class TalkingPoint:
    text: str
    kind: str = ""
    internal: bool = False  # for the Ministry's side only, never to be said to the partner


@dataclass(frozen=True)
class BriefingContext:
    """What a provider may rely on. Partners and countries are those the requester may see."""

    user: object
    language: str
    for_date: datetime.date
    today: datetime.date
    engagement: object | None
    partners: list  # the partners the pack profiles (the engagement's, or the one asked for, and the country)
    partner_ids: frozenset[int]  # those and every visible partner of the same countries
    countries: list  # partners.Country


@dataclass
class SectionContent:
    blocks: list[Block] = field(default_factory=list)
    talking_points: list[TalkingPoint] = field(default_factory=list)


Provider = Callable[[BriefingContext], SectionContent | None]


@dataclass(frozen=True)
class RegisteredSection:
    key: str
    title: object  # a lazy translatable string, evaluated in the pack's language
    provider: Provider
    order: int


_registry: dict[str, RegisteredSection] = {}


def register_section(key: str, title, provider: Provider, order: int = 100) -> RegisteredSection:
    """Add (or replace, when the same key registers again) a section of every pack."""
    if not key:
        raise ValueError("A briefing section needs a key.")
    section = RegisteredSection(key=key, title=title, provider=provider, order=order)
    _registry[key] = section
    return section


def unregister_section(key: str) -> None:
    _registry.pop(key, None)


def registered_sections() -> list[RegisteredSection]:
    return sorted(_registry.values(), key=lambda s: (s.order, s.key))
