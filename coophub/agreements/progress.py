"""Derived state of commitments: progress rolled up the tree by weight, the completion scale, and the
"on track / at risk / behind" judgement. Computed from the log and the dates; never typed."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from .choices import COMPLETION_PERCENT, CommitmentStatus, Completion, Track

# Gaps between expected and actual progress (percentage points) that mark a commitment at risk or behind.
AT_RISK_GAP = 15
BEHIND_GAP = 35
# Without any progress entry for this long, an active commitment is at risk at best.
STALE_DAYS = 90


def completion_for(percent: Decimal) -> Completion:
    if percent <= 0:
        return Completion.NOT_STARTED
    if percent < 50:
        return Completion.LIMITED
    if percent < 100:
        return Completion.SUBSTANTIAL
    return Completion.COMPLETE


def entry_percent(entry) -> Decimal:
    if entry.value is not None:
        return Decimal(entry.value)
    return Decimal(COMPLETION_PERCENT[Completion(entry.completion)])


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rolled_up(commitment) -> tuple[Decimal, Completion, datetime.date | None]:
    """(progress, completion, completed_on) of one commitment from its children (weighted) or, for a leaf, its
    latest progress entry."""
    children = [c for c in commitment.children.all() if c.status != CommitmentStatus.CANCELLED]
    if children:
        total = sum((c.weight for c in children), Decimal("0"))
        percent = (
            sum((c.weight * c.progress for c in children), Decimal("0")) / total if total else Decimal(0)
        )
        percent = _q(percent)
        done = [c.completed_on for c in children]
        completed_on = max(done) if percent >= 100 and all(done) else None
        return percent, completion_for(percent), completed_on
    latest = commitment.progress_log.order_by("-on", "-id").first()
    if latest is None:
        return Decimal("0.00"), Completion.NOT_STARTED, None
    percent = _q(entry_percent(latest))
    completion = Completion(latest.completion) if latest.completion else completion_for(percent)
    if completion == Completion.COMPLETE:
        percent = Decimal("100.00")
    return percent, completion, latest.on if completion == Completion.COMPLETE else None


def expected_percent(start: datetime.date | None, due: datetime.date | None, today: datetime.date) -> Decimal:
    if due is None:
        return Decimal(0)
    start = start or due
    if today >= due:
        return Decimal(100)
    if today <= start:
        return Decimal(0)
    return Decimal((today - start).days * 100) / Decimal((due - start).days)


def track(commitment, today: datetime.date | None = None) -> Track:
    today = today or datetime.date.today()
    if commitment.status == CommitmentStatus.CANCELLED:
        return Track.CANCELLED
    if commitment.completion == Completion.COMPLETE:
        return Track.COMPLETE
    if commitment.due_on is None:
        return Track.NOT_DUE
    if today > commitment.due_on:
        return Track.BEHIND
    start = commitment.start_on or (commitment.created_at.date() if commitment.created_at else None)
    gap = expected_percent(start, commitment.due_on, today) - commitment.progress
    if gap > BEHIND_GAP:
        return Track.BEHIND
    last_heard = commitment.last_progress_on or start
    stale = last_heard is not None and (today - last_heard).days > STALE_DAYS
    if gap > AT_RISK_GAP or stale:
        return Track.AT_RISK
    return Track.ON_TRACK
