"""Background work of the overlaps app (django.tasks; the django-tasks-db worker runs it in production)."""

from django.tasks import task


@task
def build_overlap_report(report_id: int) -> str:
    from .services import build_report

    report = build_report(report_id)
    return report.status if report is not None else "missing"
