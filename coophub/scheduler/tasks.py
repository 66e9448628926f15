"""Background work of the scheduler (django.tasks; the django-tasks-db worker runs it)."""

import dataclasses

from django.tasks import task


@task
def run_sweep() -> dict:
    """One sweep (coophub.scheduler.sweep.sweep); `manage.py sweep --enqueue` hands it to the worker."""
    from .sweep import sweep

    return dataclasses.asdict(sweep())
