"""Requesting and building the Ministry-wide "possible overlaps" report."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coophub.accounts.models import Unit
from coophub.core.services import save_new

from .models import OverlapReport, ReportStatus
from .queries import visible_pairs
from .report import materialise, overlap_keys

# How many of the best pairs a build keeps.
REPORT_LIMIT = 500
MIN_SCORE = 0.6


def may_use_report(user) -> bool:
    """The report spans every unit: it is the DIC's coordination tool (and the administrators')."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_ministry_admin or Unit.objects.filter(pk__in=user.unit_ids, is_dic=True).exists()


def check_may_use_report(user) -> None:
    if not may_use_report(user):
        raise PermissionDenied(_("The possible-overlaps report is for the DIC and administrators."))


@transaction.atomic
def request_report(*, actor) -> OverlapReport:
    """Queue a new build, unless one is already waiting or running (then that one is returned)."""
    from .tasks import build_overlap_report

    check_may_use_report(actor)
    pending = OverlapReport.objects.filter(status__in=[ReportStatus.PENDING, ReportStatus.RUNNING]).first()
    if pending is not None:
        return pending
    report = save_new(OverlapReport(requested_by=actor), actor=actor)
    transaction.on_commit(partial(build_overlap_report.enqueue, report.pk))
    return report


def build_report(report_id: int) -> OverlapReport | None:
    """Run one build (in the worker). A failure is stored on the report, never half-written pairs."""
    claimed = OverlapReport.objects.filter(pk=report_id, status=ReportStatus.PENDING).update(
        status=ReportStatus.RUNNING, started_at=timezone.now()
    )
    report = OverlapReport.objects.filter(pk=report_id).first()
    if report is None or not claimed:
        return report
    try:
        compared, keyed = overlap_keys(min_score=MIN_SCORE, limit=REPORT_LIMIT)
    except Exception as exc:  # stored for the page to show; the worker logs the traceback
        report.status, report.error = ReportStatus.FAILED, f"{type(exc).__name__}: {exc}"[:2000]
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
        raise
    report.records_compared = compared
    report.pairs = [[v, reasons, list(ka), list(kb)] for v, reasons, ka, kb in keyed]
    report.status, report.finished_at = ReportStatus.DONE, timezone.now()
    report.save(update_fields=["records_compared", "pairs", "status", "finished_at"])
    return report


def latest_reports() -> tuple[OverlapReport | None, OverlapReport | None]:
    """(the newest finished build, a build waiting or running) — either may be None."""
    done = OverlapReport.objects.filter(status=ReportStatus.DONE).first()
    busy = OverlapReport.objects.filter(status__in=[ReportStatus.PENDING, ReportStatus.RUNNING]).first()
    return done, busy


def report_pairs(user, report: OverlapReport | None):
    """The stored pairs of which the user may view both records."""
    if report is None:
        return []
    check_may_use_report(user)
    return visible_pairs(user, materialise(report.pairs))
