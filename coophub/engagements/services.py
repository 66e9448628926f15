"""Every write to engagements, their people and outcomes; views, the API and the demo loader call these.

Planning and logistics (delegation plans, gifts, conference requests) live in logistics.py.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coophub.access.policies import ADD, CHANGE, DELETE, VIEW, policy_for
from coophub.accounts.choices import Role
from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot
from coophub.core.services import (
    assign,
    check_new_owner,
    check_version,
    delete_audited,
    save_changes,
    save_new,
)
from coophub.search.registry import reindex

from . import events
from .choices import ENGAGEMENT_ACTIONS, EngagementAction, EngagementStatus
from .models import Engagement, Official, Outcome, PartnerParticipant, VnParticipant

ENGAGEMENT_FIELDS = (
    "code",
    "kind",
    "level",
    "mode",
    "title_vi",
    "title_en",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "city",
    "country",
    "venue",
    "leader",
    "leader_title",
    "lead_unit",
    "mechanism",
    "other_topics",
    "summary",
    "source_url",
    "source_text",
    "source_language",
    "owner_unit",
    "visibility",
)
ENGAGEMENT_M2M = ("partners", "countries", "topics", "agreements", "allowed_units", "allowed_users")
VN_FIELDS = ("official", "name", "title", "unit", "organisation", "role")
PARTNER_FIELDS = ("contact", "partner", "name", "title", "organisation", "country", "is_former", "is_acting")
OUTCOME_FIELDS = ("kind", "side", "text", "due_on")


def _m2m(data):
    return {name: data.get(name) for name in ENGAGEMENT_M2M}


def _validate(engagement: Engagement) -> None:
    errors = {}
    if not (engagement.title_vi or engagement.title_en):
        errors["title_vi"] = _("Give the engagement a title in Vietnamese or English.")
    if engagement.ends_on and engagement.starts_on and engagement.ends_on < engagement.starts_on:
        errors["ends_on"] = _("The last day cannot be before the first.")
    if (
        engagement.start_time
        and engagement.end_time
        and (engagement.ends_on in (None, engagement.starts_on))
        and engagement.end_time <= engagement.start_time
    ):
        errors["end_time"] = _("The end time must be after the start time.")
    if errors:
        raise ValidationError(errors)


def _rows(model, fields, rows, engagement) -> list:
    """Build participant or outcome rows from dicts, naming the row of a bad one."""
    built = []
    for index, row in enumerate(rows, start=1):
        obj = model(engagement=engagement, order=index)
        assign(obj, row, fields)
        if model is not Outcome and not (obj.name or getattr(obj, "official_id", None)):
            if not (obj.organisation or getattr(obj, "partner_id", None) or getattr(obj, "unit_id", None)):
                raise ValidationError(
                    {"participants": _("Row %(row)s: give a name or an organisation.") % {"row": index}}
                )
        if model is Outcome and not obj.text.strip():
            raise ValidationError({"outcomes": _("Row %(row)s: the outcome has no text.") % {"row": index}})
        if model is VnParticipant and obj.official_id and not obj.name:
            obj.name = obj.official.full_name
            obj.title = obj.title or obj.official.title_vi
        try:
            obj.full_clean(exclude=["engagement"])
        except ValidationError as exc:
            raise ValidationError(
                {
                    "participants" if model is not Outcome else "outcomes": _("Row %(row)s: %(errors)s")
                    % {"row": index, "errors": "; ".join(m for ms in exc.message_dict.values() for m in ms)}
                }
            ) from exc
        built.append(obj)
    return built


def _replace(engagement, vn=None, partner=None, outcomes=None) -> bool:
    changed = False
    for model, fields, rows, related in (
        (VnParticipant, VN_FIELDS, vn, engagement.vn_participants),
        (PartnerParticipant, PARTNER_FIELDS, partner, engagement.partner_participants),
    ):
        if rows is None:
            continue
        built = _rows(model, fields, rows, engagement)
        related.all().delete()
        model.objects.bulk_create(built)
        changed = True
    if outcomes is not None:
        # Outcomes already turned into a commitment or a task are kept: the link is the record of follow-up.
        built = _rows(Outcome, OUTCOME_FIELDS, outcomes, engagement)
        engagement.outcomes.filter(commitment__isnull=True, task__isnull=True).delete()
        start = engagement.outcomes.count()
        for offset, obj in enumerate(built, start=start + 1):
            obj.order = offset
        Outcome.objects.bulk_create(built)
        changed = True
    return changed


def _people(engagement) -> dict:
    return {
        "vn_participants": [
            [p.official_id, p.name, p.title, p.role] for p in engagement.vn_participants.all()
        ],
        "partner_participants": [
            [p.partner_id, p.name, p.title, p.organisation, p.country_id, p.is_former]
            for p in engagement.partner_participants.all()
        ],
        "outcomes": [[o.kind, o.side, o.text] for o in engagement.outcomes.all()],
    }


def _fill_leader(engagement: Engagement) -> None:
    if engagement.leader_id and not engagement.leader_title:
        engagement.leader_title = engagement.leader.title_vi


@transaction.atomic
def create_engagement(
    *, actor, data: dict, vn_participants=None, partner_participants=None, outcomes=None, reason: str = ""
) -> Engagement:
    engagement = Engagement()
    assign(engagement, data, ENGAGEMENT_FIELDS)
    if engagement.owner_unit_id is None:
        engagement.owner_unit = actor.primary_unit
    policy_for(Engagement).check(actor, ADD, engagement)
    _fill_leader(engagement)
    _validate(engagement)

    def write_people(saved):
        _replace(saved, vn_participants, partner_participants, outcomes)
        return _people(saved)

    save_new(engagement, actor=actor, m2m=_m2m(data), related=write_people, reason=reason)
    reindex(engagement)
    events.engagement_recorded(engagement, actor=actor)
    return engagement


@transaction.atomic
def update_engagement(
    engagement: Engagement,
    *,
    actor,
    data: dict,
    vn_participants=None,
    partner_participants=None,
    outcomes=None,
    version=None,
) -> Engagement:
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    policy_for(Engagement).check(actor, CHANGE, engagement)
    check_version(engagement, version)
    before = snapshot(engagement)
    before.update(_people(engagement))
    had_partners = set(engagement.partners.values_list("pk", flat=True))
    changed = assign(engagement, data, ENGAGEMENT_FIELDS)
    check_new_owner(engagement, changed, actor=actor)
    _fill_leader(engagement)
    _validate(engagement)
    people_changed = _replace(engagement, vn_participants, partner_participants, outcomes)
    m2m = _m2m(data)
    if changed or people_changed or any(v is not None for v in m2m.values()):
        save_changes(engagement, before, actor=actor, m2m=m2m, related=_people)
        reindex(engagement)
        events.engagement_changed(engagement, actor=actor, had_partners=had_partners)
    return engagement


@transaction.atomic
def delete_engagement(engagement: Engagement, *, actor) -> None:
    policy_for(Engagement).check(actor, DELETE, engagement)
    linked = engagement.outcomes.filter(commitment__isnull=False) | engagement.outcomes.filter(
        task__isnull=False
    )
    if linked.exists():
        raise ValidationError(
            _("This engagement has outcomes that became commitments or tasks; it cannot be deleted.")
        )
    delete_audited(engagement, actor=actor)


def can_decide(user, engagement: Engagement) -> bool:
    """Approving a reviewed record is for the DIC's coordinators, the owning unit's head and the leaders."""
    if not policy_for(Engagement).can(user, VIEW, engagement):
        return False
    if user.is_ministry_admin or user.has_role(Role.DIC_COORDINATOR, Role.LEADER):
        return True
    return Role.UNIT_HEAD in user.roles_by_unit.get(engagement.owner_unit_id, set())


def allowed_actions(user, engagement: Engagement) -> list[str]:
    actions = []
    for action, (sources, _target) in ENGAGEMENT_ACTIONS.items():
        if engagement.status not in sources:
            continue
        if action == EngagementAction.REVIEW:
            if policy_for(Engagement).can(user, CHANGE, engagement):
                actions.append(action)
        elif can_decide(user, engagement):
            actions.append(action)
    return actions


@transaction.atomic
def transition_engagement(engagement: Engagement, *, actor, action: str, version=None) -> Engagement:
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    policy_for(Engagement).check(actor, VIEW, engagement)
    check_version(engagement, version)
    if action not in ENGAGEMENT_ACTIONS:
        raise ValidationError({"action": _("Unknown action %(action)s.") % {"action": action}})
    sources, target = ENGAGEMENT_ACTIONS[action]
    if engagement.status not in sources:
        raise ValidationError(
            {
                "action": _("A record that is “%(status)s” cannot be given “%(action)s”.")
                % {
                    "status": EngagementStatus(engagement.status).label,
                    "action": EngagementAction(action).label,
                }
            }
        )
    if action not in allowed_actions(actor, engagement):
        policy_for(Engagement).check(actor, "decide", engagement)
    before = snapshot(engagement)
    old = engagement.status
    engagement.status = target
    if action == EngagementAction.REVIEW:
        engagement.reviewed_by = actor
    elif action == EngagementAction.APPROVE:
        engagement.approved_by = actor
    else:
        engagement.approved_by = None
    save_changes(engagement, before, actor=actor)
    events.engagement_status_changed(engagement, actor=actor, old=old)
    return engagement


def _check_editable(engagement, actor):
    policy_for(Engagement).check(actor, CHANGE, engagement)


@transaction.atomic
def add_outcome(engagement: Engagement, *, actor, data: dict) -> Outcome:
    _check_editable(engagement, actor)
    [outcome] = _rows(Outcome, OUTCOME_FIELDS, [data], engagement)
    outcome.order = engagement.outcomes.count() + 1
    outcome.save()
    record(actor, AuditAction.CREATE, outcome)
    reindex(engagement)
    return outcome


@transaction.atomic
def update_outcome(outcome: Outcome, *, actor, data: dict) -> Outcome:
    _check_editable(outcome.engagement, actor)
    before = snapshot(outcome)
    if assign(outcome, data, OUTCOME_FIELDS):
        if not outcome.text.strip():
            raise ValidationError({"text": _("The outcome has no text.")})
        outcome.full_clean()
        outcome.save()
        record(actor, AuditAction.UPDATE, outcome, before=before)
        reindex(outcome.engagement)
    return outcome


@transaction.atomic
def delete_outcome(outcome: Outcome, *, actor) -> None:
    _check_editable(outcome.engagement, actor)
    if outcome.commitment_id or outcome.task_id:
        raise ValidationError(_("This outcome became a commitment or a task; it stays as their source."))
    delete_audited(outcome, actor=actor)
    reindex(outcome.engagement)


def match_official(name: str) -> Official | None:
    """The official a printed name refers to, with or without diacritics ("Tran Quy Kien")."""
    from coophub.core.text import fold_vi

    folded = fold_vi(name or "").strip()
    if not folded:
        return None
    for official in Official.objects.filter(is_active=True):
        if folded in (fold_vi(official.full_name), fold_vi(official.name_ascii)):
            return official
    return None
