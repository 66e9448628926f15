"""Background work of briefing packs (django.tasks; the django-tasks-db worker runs it in production)."""

from django.tasks import task

from coophub.audit.context import request_context


@task
def build_briefing(pack_id: int) -> str:
    from .services import build_pack

    with request_context():
        pack = build_pack(pack_id)
    return pack.status if pack is not None else "missing"
