"""Turning an outcome into a commitment or a follow-up task in one step, linked both ways."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coophub.access.policies import CHANGE, policy_for
from coophub.agreements import services as agreement_services
from coophub.agreements.choices import CommitmentSource
from coophub.assignments import services as task_services
from coophub.assignments.choices import TaskSource
from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot

from . import events
from .choices import OutcomeKind
from .models import Engagement, Outcome


def _reference(engagement: Engagement) -> str:
    return f"{engagement.title_vi or engagement.title_en} ({engagement.starts_on:%d/%m/%Y})"[:255]


def _first_partner(engagement: Engagement):
    return engagement.partners.order_by("kind", "pk").first()


@transaction.atomic
def outcome_to_commitment(outcome: Outcome, *, actor, data: dict | None = None):
    """A Commitment from an outcome: its text, side, partners and country come from the engagement unless
    `data` says otherwise (lead unit, focal person, due date)."""
    outcome = Outcome.objects.select_for_update().select_related("engagement").get(pk=outcome.pk)
    engagement = outcome.engagement
    policy_for(Engagement).check(actor, CHANGE, engagement)
    if outcome.commitment_id:
        raise ValidationError(_("This outcome is already a commitment."))
    if outcome.kind == OutcomeKind.INFORMATION:
        raise ValidationError({"kind": _("Information is recorded, not followed up; change its kind first.")})
    data = dict(data or {})
    text = outcome.text.strip()
    fields = {
        "source": CommitmentSource.ENGAGEMENT,
        "source_reference": _reference(engagement),
        "title_vi": text[:500] if engagement.source_language != "en" else data.get("title_vi", text[:500]),
        "title_en": text[:500] if engagement.source_language == "en" else "",
        "description": text if len(text) > 500 else "",
        "side": outcome.side,
        "country": next(iter(engagement.countries.all()), None),
        "due_on": outcome.due_on,
        "partners": list(engagement.partners.all()),
        "owner_unit": engagement.owner_unit,
        "visibility": engagement.visibility,
        "allowed_units": list(engagement.allowed_units.all()),
        "allowed_users": list(engagement.allowed_users.all()),
    }
    fields.update({k: v for k, v in data.items() if v not in (None, "")})
    commitment = agreement_services.create_commitment(actor=actor, data=fields)
    _link(outcome, actor, commitment=commitment)
    return commitment


@transaction.atomic
def outcome_to_task(outcome: Outcome, *, actor, data: dict):
    """A follow-up Task (lead unit, focal person, due date from `data`) from an outcome."""
    outcome = Outcome.objects.select_for_update().select_related("engagement").get(pk=outcome.pk)
    engagement = outcome.engagement
    policy_for(Engagement).check(actor, CHANGE, engagement)
    if outcome.task_id:
        raise ValidationError(_("This outcome already has a follow-up task."))
    fields = {
        "title": outcome.text.strip()[:500],
        "source": TaskSource.ENGAGEMENT,
        "source_meeting": _reference(engagement),
        "partner": _first_partner(engagement),
        "country": next(iter(engagement.countries.all()), None),
        "commitment": outcome.commitment,
        "due_on": outcome.due_on,
        "visibility": engagement.visibility,
        "owner_unit": engagement.owner_unit,
    }
    fields.update({k: v for k, v in data.items() if v not in (None, "")})
    task = task_services.create_task(actor=actor, data=fields)
    _link(outcome, actor, task=task)
    return task


def _link(outcome: Outcome, actor, **link) -> None:
    before = snapshot(outcome)
    for name, obj in link.items():
        setattr(outcome, name, obj)
    outcome.save(update_fields=list(link))
    record(actor, AuditAction.UPDATE, outcome, before=before)
    events.outcome_followed_up(outcome, actor=actor, **link)
