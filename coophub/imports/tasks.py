"""Background work of the imports app (django.tasks; the django-tasks-db worker runs it in production)."""

from django.tasks import task

from coophub.audit.context import request_context


@task
def apply_import(job_id: int) -> str:
    """Apply a validated import. All audit events of one import share one request id."""
    from .services import run_import

    with request_context():
        job = run_import(job_id)
    return job.status if job is not None else "missing"
