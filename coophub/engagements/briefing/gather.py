"""What a briefing pack knows. Every query starts from `policy_for(Model).scope(user, VIEW)`, so the pack
holds only what its requester may see.

The partners of a pack are the engagement's partners (or the partner asked for) and the country partner of
their countries. History, agreements, commitments and tasks are matched on those partners, on every partner of
the same countries, and on the countries themselves: a meeting with Japan's MAFF is also about Japan.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from coophub.access.policies import VIEW, policy_for
from coophub.agreements import queries as agreement_queries
from coophub.agreements.choices import (
    LIVE_STATUSES,
    CommitmentKind,
    CommitmentStatus,
    Completion,
    Side,
)
from coophub.agreements.models import Agreement, AgreementParty, Commitment
from coophub.assignments.choices import DeadlineState
from coophub.assignments.deadlines import deadline_state_q
from coophub.assignments.models import Task
from coophub.partners.choices import PartnerKind
from coophub.partners.models import Contact, Country, Partner

from ..choices import OutcomeKind
from ..models import Engagement, Outcome
from .sections import BriefingContext, SectionContent, registered_sections

# An agreement whose validity ends within this many days of the meeting is flagged for renewal.
EXPIRY_WARNING_DAYS = 180
# Partner commitments completed within this many days before the meeting are thanked for.
DELIVERED_WITHIN_DAYS = 180
HISTORY_LIMIT = 10
SIDE_ORDER = {Side.VN: 0, Side.PARTNER: 1, Side.BOTH: 2}
MULTILATERAL_KINDS = (PartnerKind.INTERNATIONAL_ORG, PartnerKind.DEVELOPMENT_BANK)


@dataclass
class FollowUp:
    outcome: Outcome
    engagement: Engagement
    state: str  # "not_followed_up" or "open"


@dataclass
class Facts:
    user: object
    language: str
    for_date: datetime.date
    today: datetime.date
    engagement: Engagement | None
    partner: Partner | None
    partners: list[Partner]
    countries: list[Country]
    partner_ids: frozenset[int]
    contacts: dict[int, list[Contact]] = field(default_factory=dict)
    history: list[Engagement] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    delivered: list[Commitment] = field(default_factory=list)
    late_tasks: list[Task] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    extra: list[tuple[str, str, SectionContent]] = field(default_factory=list)  # (key, title, content)

    @property
    def main_partner(self) -> Partner | None:
        """The counterpart the talking points address: the first organisation, else the country."""
        for partner in self.partners:
            if partner.kind != PartnerKind.COUNTRY:
                return partner
        return self.partners[0] if self.partners else None

    def context(self) -> BriefingContext:
        return BriefingContext(
            user=self.user,
            language=self.language,
            for_date=self.for_date,
            today=self.today,
            engagement=self.engagement,
            partners=list(self.partners),
            partner_ids=self.partner_ids,
            countries=list(self.countries),
        )


def _scope(user, model):
    return policy_for(model).scope(user, VIEW)


def subject_partners(user, engagement, partner) -> tuple[list[Partner], list[Country]]:
    """The partners profiled (organisations first, then the country partners) and the countries involved."""
    partners = _scope(user, Partner).select_related("country", "parent", "focal_officer")
    if engagement is not None:
        chosen = list(partners.filter(engagements=engagement).order_by("name_vi", "id"))
        countries = {c.pk: c for c in engagement.countries.all()}
    else:
        chosen = [partner]
        countries = {}
    for item in chosen:
        # An international organisation's seat says nothing about the meeting: FAO is not Italy.
        if item.country_id and item.country_id != "VN" and item.kind not in MULTILATERAL_KINDS:
            countries.setdefault(item.country_id, item.country)
    if engagement is not None and not countries and engagement.is_abroad:
        countries[engagement.country_id] = engagement.country
    known = {p.pk for p in chosen}
    country_partners = partners.filter(kind=PartnerKind.COUNTRY, country_id__in=list(countries))
    chosen += [p for p in country_partners.order_by("name_vi", "id") if p.pk not in known]
    chosen.sort(key=lambda p: p.kind == PartnerKind.COUNTRY)
    return chosen, sorted(countries.values(), key=lambda c: c.iso2)


def _related_partner_ids(user, partners, countries) -> frozenset[int]:
    ids = {p.pk for p in partners}
    if countries:
        ids |= set(_scope(user, Partner).filter(country__in=countries).values_list("pk", flat=True))
    return frozenset(ids)


def _contacts(user, partners) -> dict[int, list[Contact]]:
    rows = (
        _scope(user, Contact)
        .filter(partner__in=[p.pk for p in partners])
        .prefetch_related("positions")
        .order_by("full_name", "id")
    )
    out: dict[int, list[Contact]] = {}
    for contact in rows:
        out.setdefault(contact.partner_id, []).append(contact)
    for contacts in out.values():
        contacts.sort(key=lambda c: not (c.current_position and c.current_position.is_current))
    return out


def _related_engagements(facts: Facts):
    q = Q(partners__in=facts.partner_ids)
    if facts.countries:
        q |= Q(countries__in=facts.countries)
    return _scope(facts.user, Engagement).filter(q)


def _history(facts: Facts) -> list[Engagement]:
    if facts.engagement is not None:
        qs = _related_engagements(facts).filter(starts_on__lte=facts.for_date).exclude(pk=facts.engagement.pk)
    else:  # an engagement on the day asked for is the meeting itself, not its history
        qs = _related_engagements(facts).filter(starts_on__lt=facts.for_date)
    ids = list(qs.values_list("pk", flat=True).distinct())
    visible_partners = _scope(facts.user, Partner)
    return list(
        _scope(facts.user, Engagement)
        .filter(pk__in=ids)
        .select_related("leader", "country")
        .prefetch_related(
            "outcomes__commitment",
            "outcomes__task",
            Prefetch("partners", queryset=visible_partners.order_by("name_vi")),
        )
        .order_by("-starts_on", "-start_time", "-id")[:HISTORY_LIMIT]
    )


def _agreements(facts: Facts):
    return _scope(facts.user, Agreement).filter(
        pk__in=AgreementParty.objects.filter(partner_id__in=facts.partner_ids).values("agreement_id")
    )


def _live_agreements(facts: Facts) -> list[Agreement]:
    visible_partners = _scope(facts.user, Partner)
    rows = list(
        _agreements(facts)
        .filter(status__in=list(LIVE_STATUSES))
        .select_related("lead_unit")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.filter(partner__in=visible_partners).select_related(
                    "partner"
                ),
            )
        )
    )
    warn_until = facts.for_date + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    for agreement in rows:
        agreement.days_left = (agreement.valid_to - facts.for_date).days if agreement.valid_to else None
        agreement.expiring = agreement.valid_to is not None and agreement.valid_to <= warn_until
    rows.sort(
        key=lambda a: (
            not a.expiring,
            a.valid_to or datetime.date.max,
            -(a.signed_on or datetime.date.min).toordinal(),
            a.title_vi,
        )
    )
    return rows


def _commitment_q(facts: Facts) -> Q:
    q = Q(partners__in=facts.partner_ids) | Q(agreement__in=_agreements(facts).values("pk"))
    if facts.countries:
        q |= Q(country__in=facts.countries)
    q |= Q(engagement_outcome__engagement__in=_related_engagements(facts).values("pk"))
    if facts.engagement is not None:
        q |= Q(engagement_outcome__engagement=facts.engagement)
    return q


def _commitments(facts: Facts):
    related = _scope(facts.user, Commitment).filter(_commitment_q(facts)).values("pk")
    return (
        _scope(facts.user, Commitment)
        .filter(pk__in=related, kind=CommitmentKind.COMMITMENT)
        .exclude(status=CommitmentStatus.CANCELLED)
        .select_related("agreement", "lead_unit", "focal_person")
        .prefetch_related(Prefetch("partners", queryset=_scope(facts.user, Partner)))
    )


def _open_commitments(facts: Facts) -> list[Commitment]:
    rows = agreement_queries.with_track(
        _commitments(facts).exclude(completion=Completion.COMPLETE), facts.today
    )
    rows.sort(key=lambda c: (SIDE_ORDER.get(c.side, 3), c.due_on or datetime.date.max, c.title_vi, c.pk))
    return rows


def _delivered(facts: Facts) -> list[Commitment]:
    since = facts.for_date - datetime.timedelta(days=DELIVERED_WITHIN_DAYS)
    rows = _commitments(facts).filter(
        completion=Completion.COMPLETE,
        side__in=[Side.PARTNER, Side.BOTH],
        completed_on__gte=since,
        completed_on__lte=max(facts.for_date, facts.today),
    )
    return list(rows.order_by("-completed_on", "id"))


def _late_tasks(facts: Facts) -> list[Task]:
    q = (
        Q(partner__in=facts.partner_ids)
        | Q(agreement__in=_agreements(facts).values("pk"))
        | Q(commitment__in=_scope(facts.user, Commitment).filter(_commitment_q(facts)).values("pk"))
        | Q(engagement_outcome__engagement__in=_related_engagements(facts).values("pk"))
    )
    if facts.countries:
        q |= Q(country__in=facts.countries)
    if facts.engagement is not None:
        q |= Q(engagement_outcome__engagement=facts.engagement)
    related = _scope(facts.user, Task).filter(q).values("pk")
    rows = list(
        _scope(facts.user, Task)
        .filter(pk__in=related)
        .filter(deadline_state_q(DeadlineState.OVERDUE, facts.today))
        .select_related("lead_unit", "focal_person")
    )
    for task in rows:
        task.days_overdue = (facts.today - task.due_on).days
    rows.sort(key=lambda t: (-t.days_overdue, t.lead_unit.code, t.pk))
    return rows


def _follow_ups(facts: Facts) -> list[FollowUp]:
    """What the last engagement with the partner left to do that is not done yet. An outcome whose commitment
    or task the requester cannot see is left out: its state would say what they may not know."""
    if not facts.history:
        return []
    last = facts.history[0]
    commitments = _scope(facts.user, Commitment)
    tasks = _scope(facts.user, Task)
    out = []
    for outcome in last.outcomes.all():
        if outcome.kind not in (OutcomeKind.COMMITMENT, OutcomeKind.FOLLOW_UP):
            continue
        if outcome.commitment_id is None and outcome.task_id is None:
            out.append(FollowUp(outcome, last, "not_followed_up"))
            continue
        linked = []
        if outcome.commitment_id:
            linked.append((commitments.filter(pk=outcome.commitment_id).exists(), outcome.commitment.is_open))
        if outcome.task_id:
            linked.append((tasks.filter(pk=outcome.task_id).exists(), outcome.task.is_open))
        if all(seen for seen, _open in linked) and any(is_open for _seen, is_open in linked):
            out.append(FollowUp(outcome, last, "open"))
    return out


def gather(
    user,
    *,
    engagement: Engagement | None = None,
    partner: Partner | None = None,
    for_date: datetime.date,
    language: str,
    today: datetime.date,
) -> Facts:
    """Everything the pack says, read as `user`. Call it with the pack's language active: names and labels
    are read in that language."""
    partners, countries = subject_partners(user, engagement, partner)
    facts = Facts(
        user=user,
        language=language,
        for_date=for_date,
        today=today,
        engagement=engagement,
        partner=partner,
        partners=partners,
        countries=countries,
        partner_ids=_related_partner_ids(user, partners, countries),
    )
    facts.contacts = _contacts(user, partners)
    facts.history = _history(facts)
    facts.agreements = _live_agreements(facts)
    facts.commitments = _open_commitments(facts)
    facts.delivered = _delivered(facts)
    facts.late_tasks = _late_tasks(facts)
    facts.follow_ups = _follow_ups(facts)
    return facts


def gather_registered(facts: Facts) -> None:
    """Ask each registered capability for its section of this pack."""
    context = facts.context()
    for section in registered_sections():
        content = section.provider(context)
        if content is not None:
            facts.extra.append((section.key, str(section.title), content))
