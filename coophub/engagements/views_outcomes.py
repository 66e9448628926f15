"""The outcomes panel of the engagement page: add, edit and delete outcomes, and turn one into a commitment
or a follow-up task in one step. Every POST goes back to the page with a message (core.views.post_subform)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coophub.access.policies import VIEW, policy_for
from coophub.agreements.models import Commitment
from coophub.assignments.models import Task
from coophub.core.views import post_subform, scoped_or_404

from . import followup, services
from .choices import OutcomeKind
from .forms import CommitmentFollowupForm, OutcomeForm, TaskFollowupForm
from .models import Engagement, Outcome

# Information is recorded, not followed up.
FOLLOWED_KINDS = (OutcomeKind.COMMITMENT, OutcomeKind.DECISION, OutcomeKind.FOLLOW_UP)


def _visible(user, model, ids) -> dict:
    return {obj.pk: obj for obj in policy_for(model).scope(user, VIEW).filter(pk__in=ids)}


def outcome_panel(user, engagement, *, can_change: bool) -> dict:
    """What engagements/_outcomes.html needs: the outcomes grouped by kind, each with its follow-up (the
    commitment or task, if the user may see it) and the forms the user may use."""
    outcomes = list(engagement.outcomes.all())
    commitments = _visible(user, Commitment, [o.commitment_id for o in outcomes if o.commitment_id])
    tasks = _visible(user, Task, [o.task_id for o in outcomes if o.task_id])
    groups = []
    for kind in OutcomeKind:
        rows = []
        for outcome in (o for o in outcomes if o.kind == kind):
            followed = kind in FOLLOWED_KINDS
            pk = outcome.pk
            rows.append(
                {
                    "outcome": outcome,
                    "followed": followed,
                    "commitment": commitments.get(outcome.commitment_id),
                    "task": tasks.get(outcome.task_id),
                    "edit_form": _edit_form(outcome) if can_change else None,
                    "commitment_form": (
                        CommitmentFollowupForm(prefix=f"c{pk}", initial={"due_on": outcome.due_on})
                        if can_change and followed and not outcome.commitment_id
                        else None
                    ),
                    "task_form": (
                        TaskFollowupForm(
                            prefix=f"t{pk}",
                            initial={"due_on": outcome.due_on, "lead_unit": engagement.lead_unit_id},
                        )
                        if can_change and followed and not outcome.task_id
                        else None
                    ),
                    "can_delete": can_change and not (outcome.commitment_id or outcome.task_id),
                }
            )
        if rows:
            groups.append({"kind": kind.value, "label": kind.label, "rows": rows})
    return {
        "outcome_groups": groups,
        "outcome_count": len(outcomes),
        "outcome_form": OutcomeForm(prefix="new") if can_change else None,
    }


def _edit_form(outcome):
    initial = {"kind": outcome.kind, "side": outcome.side, "text": outcome.text, "due_on": outcome.due_on}
    return OutcomeForm(prefix=f"e{outcome.pk}", initial=initial)


def _back(engagement) -> str:
    return engagement.get_absolute_url() + "#outcomes"


def _outcome(request, pk, outcome_id):
    engagement = scoped_or_404(request.user, Engagement, pk)
    return engagement, get_object_or_404(Outcome, pk=outcome_id, engagement=engagement)


@login_required
@require_POST
def outcome_add(request, pk):
    engagement = scoped_or_404(request.user, Engagement, pk)
    return post_subform(
        request,
        OutcomeForm(request.POST, prefix="new"),
        lambda data: services.add_outcome(engagement, actor=request.user, data=data),
        success=_("Outcome added."),
        back=_back(engagement),
    )


@login_required
@require_POST
def outcome_edit(request, pk, outcome_id):
    engagement, outcome = _outcome(request, pk, outcome_id)
    return post_subform(
        request,
        OutcomeForm(request.POST, prefix=f"e{outcome.pk}"),
        lambda data: services.update_outcome(outcome, actor=request.user, data=data),
        success=_("Outcome saved."),
        back=_back(engagement),
    )


@login_required
@require_POST
def outcome_delete(request, pk, outcome_id):
    engagement, outcome = _outcome(request, pk, outcome_id)
    return post_subform(
        request,
        None,
        lambda data: services.delete_outcome(outcome, actor=request.user),
        success=_("Outcome deleted."),
        back=_back(engagement),
    )


@login_required
@require_POST
def outcome_commitment(request, pk, outcome_id):
    """One click: the outcome becomes a commitment, linked both ways."""
    engagement, outcome = _outcome(request, pk, outcome_id)
    return post_subform(
        request,
        CommitmentFollowupForm(request.POST, prefix=f"c{outcome.pk}"),
        lambda data: followup.outcome_to_commitment(outcome, actor=request.user, data=data),
        success=_("Recorded as a commitment."),
        back=_back(engagement),
    )


@login_required
@require_POST
def outcome_task(request, pk, outcome_id):
    """A follow-up task with its lead unit, focal person (a member of that unit) and due date."""
    engagement, outcome = _outcome(request, pk, outcome_id)
    return post_subform(
        request,
        TaskFollowupForm(request.POST, prefix=f"t{outcome.pk}"),
        lambda data: followup.outcome_to_task(outcome, actor=request.user, data=data),
        success=_("Follow-up task assigned."),
        back=_back(engagement),
    )
