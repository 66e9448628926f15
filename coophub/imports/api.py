"""Bulk import over the API: upload a file for a dry run or to apply, then follow the job."""

import datetime
from enum import StrEnum

from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from coophub.api.schemas import ERRORS, WRITE_ERRORS, RecordId
from coophub.core.errors import NotFound

from . import services
from .models import ImportJob

router = Router(tags=["imports"])


class ImportKindIn(StrEnum):
    PARTNERS = "partners"
    CONTACTS = "contacts"
    AGREEMENTS = "agreements"
    COMMITMENTS = "commitments"
    TASKS = "tasks"


class RowError(Schema):
    row: int = Field(0, description="Spreadsheet row number; the header is row 1 (0: the file as a whole)")
    field: str = Field(..., description="Column name, empty when the error concerns the whole row")
    message: str


class Counts(Schema):
    create: int = 0
    update: int = 0
    unchanged: int = 0


class ImportJobOut(Schema):
    job_id: int
    kind: str
    status: str
    total_rows: int
    processed_rows: int
    counts: Counts
    errors: list[RowError]
    error_count: int = 0
    warnings: list[str] = []
    error: str = ""
    created_at: datetime.datetime
    finished_at: datetime.datetime | None = None


class ImportRejected(Schema):
    detail: str
    field: str | None = None
    total_rows: int = 0
    counts: Counts = Counts()
    errors: list[RowError] = []
    error_count: int = 0


class ImportParams(Schema):
    dry_run: bool = Field(True, description="Only validate (default); false validates and, if clean, applies")


def _out(job: ImportJob) -> dict:
    report = job.report or {}
    return {
        "job_id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "total_rows": job.total_rows,
        "processed_rows": job.processed_rows,
        "counts": job.counts,
        "errors": report.get("errors", []),
        "error_count": report.get("error_count", len(report.get("errors", []))),
        "warnings": report.get("warnings", []),
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


@router.get("/imports/jobs/{job_id}", response={200: ImportJobOut, **ERRORS}, operation_id="imports_get")
def get_import(request, job_id: RecordId):
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not services.can_see_job(request.user, job):
        raise NotFound()
    return _out(job)


@router.post(
    "/imports/{kind}",
    response={200: ImportJobOut, 202: ImportJobOut, **WRITE_ERRORS, 422: ImportRejected},
    operation_id="imports_create",
    summary="Upload partners, contacts, agreements, commitments or tasks (XLSX or CSV): dry run or apply",
)
def create_import(request, kind: ImportKindIn, params: Query[ImportParams], file: File[UploadedFile]):
    """With dry_run=true (default) every row is checked and classified create / update / unchanged; nothing is
    written. With dry_run=false a clean file is queued to be applied in one transaction (202); a file with row
    errors answers 422 with the errors and nothing is stored or written."""
    job, outcome = services.create_job(
        actor=request.user, kind=kind.value, upload=file, keep_invalid=params.dry_run
    )
    if params.dry_run:
        return Status(200, _out(job))
    if job is None:
        errors = outcome.errors
        first = errors[0]
        return Status(
            422,
            {
                "detail": _(
                    "The file has %(n)s error(s); nothing was written. First, row %(row)s: %(message)s"
                )
                % {"n": len(errors), "row": first["row"], "message": first["message"]},
                "field": "file",
                "total_rows": outcome.total_rows,
                "counts": outcome.counts,
                "errors": errors[:1000],
                "error_count": len(errors),
            },
        )
    job = services.queue_apply(job, actor=request.user)
    job.refresh_from_db()
    return Status(202, _out(job))
