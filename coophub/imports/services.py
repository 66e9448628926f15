"""Every write of the imports app: upload and dry run, queue an apply, run it (from the background task).

Domain records are only written by run_import(), through the partner services, inside one transaction.
"""

import logging
import os
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coophub.access.policies import ADD, policy_for
from coophub.documents.services import check_upload
from coophub.partners.models import Partner

from .importers import Outcome, RowFailed, error_list, importer_for
from .models import ImportJob, ImportKind, ImportStatus
from .parsing import FileError, read_table

logger = logging.getLogger(__name__)

ALLOWED_TYPES = {
    "text/csv": (".csv",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}


def can_import(user) -> bool:
    return policy_for(Partner).can(user, ADD)


def check_can_import(user) -> None:
    if not can_import(user):
        raise PermissionDenied(_("You do not have permission to import records."))


def can_see_job(user, job: ImportJob) -> bool:
    return bool(user and user.is_authenticated) and (job.created_by_id == user.pk or user.is_ministry_admin)


def jobs_for(user):
    qs = ImportJob.objects.select_related("created_by")
    return qs if user.is_ministry_admin else qs.filter(created_by=user)


def _read_upload(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def validate_file(kind: str, data: bytes, filename: str, *, actor) -> Outcome:
    """The dry run: parse and check every row against the database as it is now. Writes nothing."""
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Unknown import kind “%(kind)s”.") % {"kind": kind}})
    try:
        table = read_table(data, filename)
        importer = importer_for(kind, actor)
        outcome = importer.validate(table)
    except FileError as exc:
        raise ValidationError({"file": exc.message}) from exc
    outcome.importer = importer
    return outcome


def _safe_name(name: str) -> str:
    base = os.path.basename(name or "import")
    return base[-200:] or "import"


@transaction.atomic
def create_job(*, actor, kind: str, upload, keep_invalid: bool = True) -> tuple[ImportJob | None, Outcome]:
    """Check the upload, run the dry run and store the file with its report as an ImportJob.

    A file that cannot be read at all raises ValidationError naming "file" and stores nothing. A file with
    row errors is stored with status failed_validation (unless keep_invalid is False) so the user can see
    the report.
    """
    check_can_import(actor)
    check_upload(upload, field="file", allowed=ALLOWED_TYPES)
    data = _read_upload(upload)
    outcome = validate_file(kind, data, upload.name, actor=actor)
    if not outcome.ok and not keep_invalid:
        return None, outcome
    job = ImportJob(
        kind=kind,
        status=ImportStatus.VALIDATED if outcome.ok else ImportStatus.FAILED_VALIDATION,
        original_name=_safe_name(upload.name)[:255],
        created_by=actor,
        total_rows=outcome.total_rows,
        report=outcome.report(),
    )
    job.file.save(_safe_name(upload.name), ContentFile(data), save=False)
    job.full_clean(exclude=["file"])
    job.save()
    return job, outcome


@transaction.atomic
def queue_apply(job: ImportJob, *, actor) -> ImportJob:
    """Mark a validated job queued and start the background task once this transaction commits."""
    from .tasks import apply_import

    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not can_see_job(actor, job):
        raise PermissionDenied(_("This import is not yours."))
    check_can_import(actor)
    if job.status != ImportStatus.VALIDATED:
        raise ValidationError(
            {
                "status": _("This import cannot be applied (its status is “%(status)s”).")
                % {"status": job.get_status_display()}
            }
        )
    job.status = ImportStatus.QUEUED
    job.save(update_fields=["status"])
    transaction.on_commit(partial(apply_import.enqueue, job.pk))
    return job


def _finish(job: ImportJob, *, status: str, error: str = "", report: dict | None = None) -> None:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    if report is not None:
        job.report = report
    job.save(update_fields=["status", "error", "finished_at", "report", "processed_rows"])


def run_import(job_id: int) -> ImportJob | None:
    """Re-validate the stored file against today's data, then apply every row in one transaction or none."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status not in (ImportStatus.QUEUED, ImportStatus.VALIDATED):
        return job
    job.status = ImportStatus.RUNNING
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows"])
    actor = job.created_by
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        check_can_import(actor)
        outcome = validate_file(job.kind, data, job.file.name, actor=actor)
    except (ValidationError, PermissionDenied) as exc:
        errors = error_list(0, exc)
        message = "; ".join(e["message"] for e in errors)
        _finish(job, status=ImportStatus.FAILED, error=message, report={**job.report, "errors": errors})
        return job
    except Exception as exc:  # a missing file, a storage error: the job says so instead of staying "running"
        logger.exception("import %s could not be read", job_id)
        _finish(job, status=ImportStatus.FAILED, error=str(exc) or exc.__class__.__name__)
        return job
    if not outcome.ok:
        _finish(
            job,
            status=ImportStatus.FAILED,
            report=outcome.report(),
            error=_(
                "The data changed since the dry run and the file now has %(n)s error(s); nothing was written."
            )
            % {"n": len(outcome.errors)},
        )
        return job

    def progress(done: int) -> None:
        if done % 50 == 0 or done == outcome.total_rows:
            job.processed_rows = done
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    try:
        with transaction.atomic():
            outcome.importer.apply(outcome, progress)
    except RowFailed as exc:
        job.processed_rows = 0
        report = {**outcome.report(), "errors": exc.errors, "error_count": len(exc.errors)}
        _finish(
            job,
            status=ImportStatus.FAILED,
            report=report,
            error=_("Row %(row)s could not be saved, so nothing was written: %(message)s")
            % {"row": exc.row, "message": exc.errors[0]["message"] if exc.errors else ""},
        )
        return job
    except Exception as exc:
        logger.exception("import %s failed", job_id)
        job.processed_rows = 0
        _finish(
            job,
            status=ImportStatus.FAILED,
            error=_("The import failed and nothing was written: %(error)s")
            % {"error": str(exc) or exc.__class__.__name__},
        )
        return job
    job.processed_rows = outcome.total_rows
    _finish(job, status=ImportStatus.APPLIED, report=outcome.report())
    return job
