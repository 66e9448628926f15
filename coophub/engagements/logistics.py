"""Planning and logistics the DIC does around an engagement: the delegation plan and its approval, the gifts
given and received, and the request to host a conference, due a set number of days ahead."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coophub.access.policies import CHANGE, policy_for
from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot
from coophub.core.dates import format_dmy
from coophub.core.services import assign, check_version, delete_audited, validated_save
from coophub.timeline.services import add_event, renderer

from .choices import (
    ConferenceApproval,
    EngagementKind,
    GiftDirection,
    GiftHandling,
    PlanStatus,
    RequestStatus,
)
from .models import ConferenceRequest, DelegationPlan, Engagement, Gift
from .services import can_decide

PLAN_FIELDS = (
    "purpose",
    "budget_source",
    "budget_amount",
    "currency",
    "departs_on",
    "returns_on",
    "decision_number",
)
GIFT_FIELDS = ("direction", "description", "counterpart", "value", "currency", "handling", "note")
REQUEST_FIELDS = ("approval", "expected_participants", "foreign_participants", "funding", "decision_number")

PLAN_SUBMITTED = "engagement.plan_submitted"
PLAN_DECIDED = "engagement.plan_decided"
REQUEST_FILED = "engagement.conference_request_filed"


HOSTED_KINDS = (
    EngagementKind.CONFERENCE,
    EngagementKind.MULTILATERAL_MEETING,
    EngagementKind.JOINT_COMMITTEE,
)


def hosted_in_viet_nam_q() -> Q:
    """Conferences and meetings held in Viet Nam (or not yet placed), which need a request to host them."""
    return Q(kind__in=HOSTED_KINDS) & (Q(country__isnull=True) | Q(country_id="VN"))


def needs_conference_request(engagement: Engagement) -> bool:
    return engagement.kind in HOSTED_KINDS and engagement.country_id in (None, "", "VN")


def needs_delegation_plan(engagement: Engagement) -> bool:
    return engagement.is_abroad or engagement.kind == EngagementKind.OUTGOING_VISIT


def _today() -> datetime.date:
    return timezone.localdate()


def _editable(engagement: Engagement, actor) -> None:
    policy_for(Engagement).check(actor, CHANGE, engagement)


def _check_decides(actor, engagement: Engagement) -> None:
    if not can_decide(actor, engagement):
        raise PermissionDenied(
            _(
                "Only the DIC's coordinators, the Ministry's leaders and the head of the owning unit approve "
                "or reject plans and requests."
            )
        )


def _save(obj, data, fields, *, actor, version=None):
    """Create or update a logistics record with audit; a stale version is refused."""
    creating = obj.pk is None
    if not creating and hasattr(obj, "version"):
        check_version(obj, version)
    before = None if creating else snapshot(obj)
    changed = assign(obj, data, fields)
    if not creating and not changed:
        return obj, False
    if not creating and hasattr(obj, "version"):
        obj.version += 1
    validated_save(obj)
    record(actor, AuditAction.CREATE if creating else AuditAction.UPDATE, obj, before=before)
    return obj, True


@transaction.atomic
def save_delegation_plan(engagement: Engagement, *, actor, data: dict, version=None) -> DelegationPlan:
    _editable(engagement, actor)
    plan = DelegationPlan.objects.select_for_update().filter(engagement=engagement).first()
    plan = plan or DelegationPlan(engagement=engagement)
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError(_("The plan is approved; return it to draft before changing it."))
    departs, returns = data.get("departs_on", plan.departs_on), data.get("returns_on", plan.returns_on)
    if departs and returns and returns < departs:
        raise ValidationError({"returns_on": _("The return cannot be before the departure.")})
    plan, _changed = _save(plan, data, PLAN_FIELDS, actor=actor, version=version)
    return plan


def _plan_step(plan: DelegationPlan, *, actor, to: str, note: str = "", decision_number: str = ""):
    before = snapshot(plan)
    plan.status = to
    plan.version += 1
    if to in (PlanStatus.APPROVED, PlanStatus.REJECTED):
        plan.decided_by, plan.decided_on = actor, _today()
        plan.decision_note = note
        if decision_number:
            plan.decision_number = decision_number
    elif to == PlanStatus.DRAFT:
        plan.decided_by, plan.decided_on = None, None
    plan.save()
    record(actor, AuditAction.UPDATE, plan, before=before, reason=note)
    kind = PLAN_SUBMITTED if to == PlanStatus.SUBMITTED else PLAN_DECIDED
    add_event(
        plan.engagement, kind, actor=actor, status=to, note=note[:300], decision_number=plan.decision_number
    )
    return plan


@transaction.atomic
def submit_delegation_plan(plan: DelegationPlan, *, actor, version=None) -> DelegationPlan:
    plan = DelegationPlan.objects.select_for_update().get(pk=plan.pk)
    _editable(plan.engagement, actor)
    check_version(plan, version)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.REJECTED):
        raise ValidationError(_("Only a draft or rejected plan can be submitted."))
    if not plan.engagement.vn_participants.exists():
        raise ValidationError(
            {"members": _("List the members of the delegation before submitting the plan.")}
        )
    return _plan_step(plan, actor=actor, to=PlanStatus.SUBMITTED)


@transaction.atomic
def decide_delegation_plan(
    plan: DelegationPlan, *, actor, approve: bool, decision_number: str = "", note: str = "", version=None
) -> DelegationPlan:
    plan = DelegationPlan.objects.select_for_update().get(pk=plan.pk)
    check_version(plan, version)
    _check_decides(actor, plan.engagement)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be approved or rejected."))
    if approve and not (decision_number or plan.decision_number).strip():
        raise ValidationError(
            {"decision_number": _("Give the number of the decision sending the delegation.")}
        )
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the plan is rejected.")})
    to = PlanStatus.APPROVED if approve else PlanStatus.REJECTED
    return _plan_step(plan, actor=actor, to=to, note=note, decision_number=decision_number)


@transaction.atomic
def reopen_delegation_plan(plan: DelegationPlan, *, actor, note: str, version=None) -> DelegationPlan:
    plan = DelegationPlan.objects.select_for_update().get(pk=plan.pk)
    check_version(plan, version)
    _check_decides(actor, plan.engagement)
    if plan.status == PlanStatus.DRAFT:
        raise ValidationError(_("The plan is already a draft."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the plan is reopened.")})
    return _plan_step(plan, actor=actor, to=PlanStatus.DRAFT, note=note)


def _check_gift(gift: Gift) -> None:
    if gift.direction == GiftDirection.GIVEN and gift.handling not in (GiftHandling.PRESENTED, ""):
        raise ValidationError({"handling": _("A gift given is recorded as presented.")})
    if gift.direction == GiftDirection.RECEIVED and gift.handling in (GiftHandling.PRESENTED, ""):
        raise ValidationError({"handling": _("Say how the gift received is handled (Decree 59/2019/NĐ-CP).")})


@transaction.atomic
def save_gift(engagement: Engagement, *, actor, data: dict, gift: Gift | None = None) -> Gift:
    _editable(engagement, actor)
    # A fresh copy: a refused change must not linger on the caller's instance.
    gift = Gift(engagement=engagement) if gift is None else Gift.objects.select_for_update().get(pk=gift.pk)
    if gift.engagement_id != engagement.pk:
        raise ValidationError(_("This gift belongs to another engagement."))
    creating = gift.pk is None
    before = None if creating else snapshot(gift)
    data = dict(data)
    if data.get("direction") == GiftDirection.GIVEN and not data.get("handling"):
        data["handling"] = GiftHandling.PRESENTED
    assign(gift, data, GIFT_FIELDS)
    _check_gift(gift)
    validated_save(gift)
    record(actor, AuditAction.CREATE if creating else AuditAction.UPDATE, gift, before=before)
    return gift


@transaction.atomic
def delete_gift(gift: Gift, *, actor) -> None:
    _editable(gift.engagement, actor)
    delete_audited(gift, actor=actor)


def lead_days(approval: str) -> int:
    return int(settings.COOPHUB_CONFERENCE_LEAD_DAYS[ConferenceApproval(approval).value])


def request_due_on(request: ConferenceRequest) -> datetime.date:
    """The last day the request may be filed: the lead time before the conference opens."""
    return request.engagement.starts_on - datetime.timedelta(days=lead_days(request.approval))


def request_warning(request: ConferenceRequest, today: datetime.date | None = None) -> str:
    """Why the request is late or about to be, or "" when it is in time."""
    today = today or _today()
    due = request_due_on(request)
    days = lead_days(request.approval)
    if request.filed_on:
        if request.filed_on > due:
            return _(
                "Filed on %(filed)s, %(late)s days late: the request was due %(days)s days before the "
                "conference, by %(due)s."
            ) % {
                "filed": f"{request.filed_on:%d/%m/%Y}",
                "late": (request.filed_on - due).days,
                "days": days,
                "due": f"{due:%d/%m/%Y}",
            }
        return ""
    if today > due:
        return _(
            "Not filed and %(late)s days late: it was due by %(due)s (%(days)s days before the conference)."
        ) % {"late": (today - due).days, "due": f"{due:%d/%m/%Y}", "days": days}
    if (due - today).days <= 7:
        return _("Due by %(due)s, in %(left)s days.") % {"due": f"{due:%d/%m/%Y}", "left": (due - today).days}
    return ""


@transaction.atomic
def save_conference_request(engagement: Engagement, *, actor, data: dict, version=None) -> ConferenceRequest:
    _editable(engagement, actor)
    request = ConferenceRequest.objects.select_for_update().filter(engagement=engagement).first()
    request = request or ConferenceRequest(engagement=engagement)
    if request.status in (RequestStatus.APPROVED, RequestStatus.REJECTED):
        raise ValidationError(_("The request has been decided; it can no longer be changed."))
    foreign = data.get("foreign_participants", request.foreign_participants)
    expected = data.get("expected_participants", request.expected_participants)
    if foreign is not None and expected is not None and foreign > expected:
        raise ValidationError({"foreign_participants": _("More foreign participants than participants.")})
    request, _changed = _save(request, data, REQUEST_FIELDS, actor=actor, version=version)
    return request


@transaction.atomic
def file_conference_request(
    request: ConferenceRequest, *, actor, on: datetime.date | None = None, version=None
) -> ConferenceRequest:
    request = ConferenceRequest.objects.select_for_update().get(pk=request.pk)
    _editable(request.engagement, actor)
    check_version(request, version)
    if request.status != RequestStatus.DRAFT:
        raise ValidationError(_("The request has already been filed."))
    on = on or _today()
    if on > _today():
        raise ValidationError({"filed_on": _("A request cannot be filed in the future.")})
    before = snapshot(request)
    request.status, request.filed_on = RequestStatus.FILED, on
    request.version += 1
    request.save()
    record(actor, AuditAction.UPDATE, request, before=before)
    add_event(
        request.engagement,
        REQUEST_FILED,
        actor=actor,
        on=on.isoformat(),
        due=request_due_on(request).isoformat(),
        warning=request_warning(request),
    )
    return request


@transaction.atomic
def decide_conference_request(
    request: ConferenceRequest, *, actor, approve: bool, decision_number: str = "", version=None
) -> ConferenceRequest:
    request = ConferenceRequest.objects.select_for_update().get(pk=request.pk)
    check_version(request, version)
    _check_decides(actor, request.engagement)
    if request.status != RequestStatus.FILED:
        raise ValidationError(_("Only a filed request can be decided."))
    if approve and not decision_number.strip():
        raise ValidationError({"decision_number": _("Give the number of the approving decision.")})
    before = snapshot(request)
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decision_number = decision_number.strip() or request.decision_number
    request.version += 1
    request.save()
    record(actor, AuditAction.UPDATE, request, before=before)
    return request


# Timeline --------------------------------------------------------------------------------------------------


@renderer(PLAN_SUBMITTED)
def _plan_submitted(ev):
    return _("Delegation plan submitted for approval.")


@renderer(PLAN_DECIDED)
def _plan_decided(ev):
    data = {"number": ev.data.get("decision_number") or "—", "note": ev.data.get("note", "")}
    if ev.data.get("status") == PlanStatus.APPROVED:
        return _("Delegation plan approved (decision %(number)s).") % data
    if ev.data.get("status") == PlanStatus.REJECTED:
        return _("Delegation plan rejected: %(note)s") % data
    return _("Delegation plan returned to draft: %(note)s") % data


@renderer(REQUEST_FILED)
def _request_filed(ev):
    on = datetime.date.fromisoformat(ev.data["on"])
    if ev.data.get("due"):
        due = datetime.date.fromisoformat(ev.data["due"])
        if on > due:
            return _("Conference request filed on %(on)s, %(late)s days late (due by %(due)s).") % {
                "on": format_dmy(on),
                "late": (on - due).days,
                "due": format_dmy(due),
            }
    return _("Conference request filed on %(on)s.") % {"on": format_dmy(on)}
