"""Reads for agreements and commitments, always from the policy scope: the commitment tree with its track
judgements, the tasks under a record, and the "review of signed programmes"."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Count, F, Max, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from coophub.access.policies import VIEW, policy_for

from . import progress
from .choices import LIVE_STATUSES, CommitmentKind, CommitmentStatus, Completion, Track
from .models import Agreement, AgreementParty, AgreementTransition, Commitment

# How many of an agreement's overdue tasks the review names, worst (longest overdue) first.
WORST_OVERDUE = 3
TRACK_FIELDS = (
    "id",
    "status",
    "completion",
    "due_on",
    "start_on",
    "created_at",
    "progress",
    "last_progress_on",
)


def _task_model():
    from coophub.assignments.models import Task

    return Task


def last_heard(commitment) -> datetime.date | None:
    """The last day there was news of a commitment: its latest progress, else its start, else its creation."""
    if commitment.last_progress_on:
        return commitment.last_progress_on
    if commitment.start_on:
        return commitment.start_on
    return commitment.created_at.date() if commitment.created_at else None


def is_quiet(commitment, today: datetime.date) -> bool:
    """An open commitment with no news for progress.STALE_DAYS days."""
    if not commitment.is_open:
        return False
    heard = last_heard(commitment)
    return heard is not None and (today - heard).days > progress.STALE_DAYS


def with_track(commitments, today: datetime.date) -> list[Commitment]:
    """The commitments, each with `.track` (progress.track) and `.quiet` set."""
    out = list(commitments)
    for c in out:
        c.track = progress.track(c, today)
        c.quiet = is_quiet(c, today)
    return out


def track_ids(qs, track: str, today: datetime.date) -> list[int]:
    """Ids of the commitments of qs whose computed track is `track` (the judgement has no SQL form)."""
    rows = qs.select_related(None).prefetch_related(None).only(*TRACK_FIELDS)
    return [c.pk for c in rows if progress.track(c, today) == track]


def as_tree(commitments) -> list[Commitment]:
    """The commitments in tree order (each parent before its children), each with `.depth`. A commitment whose
    parent is not in the list is a root, so a reader who cannot see a parent still sees its milestones."""
    items = list(commitments)
    present = {c.pk for c in items}
    children = defaultdict(list)
    for c in items:
        children[c.parent_id if c.parent_id in present else None].append(c)
    out = []
    stack = [(c, 0) for c in reversed(children[None])]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        out.append(node)
        stack.extend((c, depth + 1) for c in reversed(children[node.pk]))
    return out


def weighted_progress(commitments) -> Decimal | None:
    """The weighted progress of the roots of a set of commitments (children already roll up to parents)."""
    items = [c for c in commitments if c.status != CommitmentStatus.CANCELLED]
    present = {c.pk for c in items}
    roots = [c for c in items if c.parent_id not in present]
    total = sum((c.weight for c in roots), Decimal(0))
    if not total:
        return None
    value = sum((c.weight * c.progress for c in roots), Decimal(0)) / total
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def agreement_commitments(user, agreement, today: datetime.date) -> list[Commitment]:
    qs = (
        policy_for(Commitment)
        .scope(user, VIEW)
        .filter(agreement=agreement)
        .select_related("lead_unit", "focal_person")
        .order_by("id")
    )
    return as_tree(with_track(qs, today))


def descendants(user, commitment, today: datetime.date) -> list[Commitment]:
    """The visible milestones and sub-commitments below a commitment, in tree order; one query per level."""
    scope = policy_for(Commitment).scope(user, VIEW).select_related("lead_unit", "focal_person")
    found, frontier = [], [commitment.pk]
    while frontier:
        level = list(scope.filter(parent_id__in=frontier).order_by("id"))
        found += level
        frontier = [c.pk for c in level]
    return as_tree(with_track(found, today))


def tasks_under(user, today: datetime.date, **lookup) -> list:
    """Visible tasks matching `lookup` (agreement=…, commitment=…), each with `.deadline` and its label."""
    from coophub.assignments.choices import DeadlineState
    from coophub.assignments.deadlines import with_deadline_state

    qs = policy_for(_task_model()).scope(user, VIEW).filter(**lookup)
    qs = with_deadline_state(qs.select_related("lead_unit", "focal_person"), today).order_by("due_on", "id")
    tasks = list(qs)
    for task in tasks:
        task.deadline_label = DeadlineState(task.deadline).label if task.deadline else ""
    return tasks


# ---------- the review of signed programmes ----------


class ReviewSort(models.TextChoices):
    STUCK = "stuck", _("Most stuck first")
    OVERDUE = "overdue", _("Most overdue tasks first")
    PROGRESS = "progress", _("Least progress first")
    QUIET = "quiet", _("Longest without news first")
    TITLE = "title", _("Title")


@dataclass
class ReviewRow:
    agreement: Agreement
    partners: list = field(default_factory=list)
    commitments: int = 0
    by_completion: dict = field(default_factory=lambda: {c.value: 0 for c in Completion})
    progress: Decimal | None = None
    behind: list = field(default_factory=list)
    at_risk: list = field(default_factory=list)
    quiet: list = field(default_factory=list)  # no news for 90 days, neither behind nor at risk
    overdue_count: int = 0
    worst_overdue: list = field(default_factory=list)  # tasks, with .days_overdue
    last_activity: datetime.date | None = None

    @property
    def stuck_commitments(self) -> list:
        return [*self.behind, *self.at_risk, *self.quiet]

    @property
    def stuck_count(self) -> int:
        return len(self.behind) + len(self.at_risk) + len(self.quiet) + self.overdue_count

    @property
    def completion_counts(self) -> list[tuple[Completion, int]]:
        return [(level, self.by_completion[level.value]) for level in Completion]

    def _stuck_key(self):
        return (
            -self.stuck_count,
            -len(self.behind),
            -self.overdue_count,
            self.last_activity or datetime.date.min,
        )


_SORTS = {
    ReviewSort.STUCK: lambda r: (*r._stuck_key(), r.agreement.title_vi),
    ReviewSort.OVERDUE: lambda r: (-r.overdue_count, *r._stuck_key(), r.agreement.title_vi),
    ReviewSort.PROGRESS: lambda r: (
        r.progress if r.progress is not None else Decimal(101),
        *r._stuck_key(),
        r.agreement.title_vi,
    ),
    ReviewSort.QUIET: lambda r: (r.last_activity or datetime.date.min, *r._stuck_key(), r.agreement.title_vi),
    ReviewSort.TITLE: lambda r: (r.agreement.title_vi.casefold(), r.agreement.pk),
}


def live_agreements(user, filters: dict) -> models.QuerySet:
    """The live agreements (signed, in force, amended, extended) the user may see, filtered by lead unit (of
    the agreement, or of a visible commitment or task under it) and by partner."""
    qs = policy_for(Agreement).scope(user, VIEW).filter(status__in=list(LIVE_STATUSES))
    unit = filters.get("lead_unit")
    if unit:
        commitments = policy_for(Commitment).scope(user, VIEW).filter(lead_unit=unit)
        tasks = policy_for(_task_model()).scope(user, VIEW).filter(lead_unit=unit)
        qs = qs.filter(
            models.Q(lead_unit=unit)
            | models.Q(pk__in=commitments.values("agreement_id"))
            | models.Q(pk__in=tasks.values("agreement_id"))
        )
    partner = filters.get("partner")
    if partner:
        qs = qs.filter(pk__in=AgreementParty.objects.filter(partner=partner).values("agreement_id"))
    return qs


def review_rows(user, filters: dict, today: datetime.date) -> list[ReviewRow]:
    """One row per live agreement the user may see: commitments by completion and weighted progress, overdue
    tasks with the worst named (lead unit and focal person), the last activity, and what is stuck. A fixed
    number of queries, whatever the number of agreements."""
    from coophub.assignments.deadlines import deadline_state_q
    from coophub.assignments.models import ProgressReport
    from coophub.partners.models import Partner

    Task = _task_model()
    visible_partners = policy_for(Partner).scope(user, VIEW)
    agreements = list(
        live_agreements(user, filters)
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
    rows = {a.pk: ReviewRow(agreement=a, partners=[p.partner for p in a.parties.all()]) for a in agreements}
    if not rows:
        return []
    ids = list(rows)

    commitments = (
        policy_for(Commitment)
        .scope(user, VIEW)
        .filter(agreement_id__in=ids)
        .select_related("lead_unit", "focal_person")
        .order_by("due_on", "id")
    )
    by_agreement = defaultdict(list)
    for c in with_track(commitments, today):
        by_agreement[c.agreement_id].append(c)
    for agreement_id, items in by_agreement.items():
        row = rows[agreement_id]
        row.progress = weighted_progress(items)
        for c in items:
            if c.status == CommitmentStatus.CANCELLED:
                continue
            if c.kind == CommitmentKind.COMMITMENT:
                row.commitments += 1
                row.by_completion[c.completion] += 1
            if c.track == Track.BEHIND:
                row.behind.append(c)
            elif c.track == Track.AT_RISK:
                row.at_risk.append(c)
            elif c.quiet:
                row.quiet.append(c)
        heard = [c.last_progress_on for c in items if c.last_progress_on]
        row.last_activity = max(heard, default=None)

    tasks = policy_for(Task).scope(user, VIEW).filter(agreement_id__in=ids)
    overdue = tasks.filter(deadline_state_q("overdue", today))
    for agreement_id, n in overdue.order_by().values_list("agreement_id").annotate(n=Count("pk")):
        rows[agreement_id].overdue_count = n
    worst = (
        overdue.select_related("lead_unit", "focal_person")
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("agreement_id"), order_by=[F("due_on").asc(), F("id").asc()]
            )
        )
        .filter(rank__lte=WORST_OVERDUE)
        .order_by("agreement_id", "rank")
    )
    for task in worst:
        task.days_overdue = (today - task.due_on).days
        rows[task.agreement_id].worst_overdue.append(task)

    latest = [
        ProgressReport.objects.filter(task__in=tasks.values("pk"))
        .order_by()
        .values_list("task__agreement_id")
        .annotate(last=Max("on")),
        AgreementTransition.objects.filter(agreement_id__in=ids)
        .order_by()
        .values_list("agreement_id")
        .annotate(last=Max("on")),
    ]
    for qs in latest:
        for agreement_id, last in qs:
            row = rows[agreement_id]
            row.last_activity = max(d for d in (row.last_activity, last) if d)

    order = filters.get("order") or ReviewSort.STUCK
    return sorted(rows.values(), key=_SORTS.get(order, _SORTS[ReviewSort.STUCK]))
