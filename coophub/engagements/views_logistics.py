"""The logistics block of an engagement's page (delegation plan, gifts, conference request), what it posts,
and the list of upcoming conferences hosted in Viet Nam with the state of their requests.

Every post calls one service in logistics.py: a refusal comes back as a message naming the field, a stale
version as a message, a role that may not act as 403 with the reason; an engagement the user may not see
answers 404."""

import dataclasses
import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coophub.access.policies import CHANGE, VIEW, policy_for
from coophub.core.views import post_subform, scoped_or_404

from . import logistics
from .choices import ConferenceApproval, PlanStatus, RequestStatus
from .forms_logistics import (
    ConferenceRequestForm,
    DelegationPlanForm,
    GiftForm,
    PlanDecisionForm,
    ReopenForm,
    RequestDecisionForm,
    RequestFileForm,
    VersionForm,
    service_data,
)
from .models import ConferenceRequest, DelegationPlan, Engagement, Gift
from .services import can_decide

DUE_SOON_DAYS = 7


def _today() -> datetime.date:
    return timezone.localdate()


def _plan_context(user, engagement, plan, can_edit: bool, decides: bool) -> dict:
    status = plan.status if plan else None
    return {
        "show_plan": plan is not None or logistics.needs_delegation_plan(engagement),
        "plan": plan,
        "members": engagement.vn_participants.select_related("official", "unit"),
        "plan_form": (
            DelegationPlanForm(
                instance=plan or DelegationPlan(engagement=engagement), user=user, auto_id="plan-%s"
            )
            if can_edit and status != PlanStatus.APPROVED
            else None
        ),
        "plan_submit_form": (
            VersionForm(instance=plan, auto_id="plan-submit-%s")
            if can_edit and status in (PlanStatus.DRAFT, PlanStatus.REJECTED)
            else None
        ),
        "plan_decision_form": (
            PlanDecisionForm(instance=plan, auto_id="plan-decision-%s")
            if decides and status == PlanStatus.SUBMITTED
            else None
        ),
        "plan_reopen_form": (
            ReopenForm(instance=plan, auto_id="plan-reopen-%s")
            if decides and status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED)
            else None
        ),
    }


def _gift_context(engagement, can_edit: bool) -> dict:
    gifts = list(engagement.gifts.all())
    return {
        "gifts": [
            (gift, GiftForm(instance=gift, auto_id=f"gift-{gift.pk}-%s") if can_edit else None)
            for gift in gifts
        ],
        "gift_form": GiftForm(auto_id="gift-new-%s") if can_edit else None,
    }


def _lead_times(engagement) -> list[dict]:
    """Before any request exists: when it would be due at each approval level."""
    return [
        {
            "label": approval.label,
            "days": logistics.lead_days(approval),
            "due_on": logistics.request_due_on(ConferenceRequest(engagement=engagement, approval=approval)),
        }
        for approval in ConferenceApproval
    ]


def _request_context(user, engagement, request, can_edit: bool, decides: bool) -> dict:
    status = request.status if request else None
    return {
        "show_request": request is not None or logistics.needs_conference_request(engagement),
        "conference_request": request,
        "request_due_on": logistics.request_due_on(request) if request else None,
        "request_lead_days": logistics.lead_days(request.approval) if request else None,
        "request_warning": logistics.request_warning(request) if request else "",
        "lead_times": _lead_times(engagement) if request is None else [],
        "request_form": (
            ConferenceRequestForm(
                instance=request or ConferenceRequest(engagement=engagement), user=user, auto_id="request-%s"
            )
            if can_edit and status in (None, RequestStatus.DRAFT, RequestStatus.FILED)
            else None
        ),
        "request_file_form": (
            RequestFileForm(instance=request, auto_id="request-file-%s")
            if can_edit and status == RequestStatus.DRAFT
            else None
        ),
        "request_decision_form": (
            RequestDecisionForm(instance=request, auto_id="request-decision-%s")
            if decides and status == RequestStatus.FILED
            else None
        ),
    }


def logistics_context(request, engagement) -> dict:
    """What engagements/_logistics.html shows, under one key so it merges into any page's context."""
    user = request.user
    can_edit = policy_for(Engagement).can(user, CHANGE, engagement)
    decides = can_decide(user, engagement)
    plan = DelegationPlan.objects.filter(engagement=engagement).select_related("decided_by").first()
    conference = ConferenceRequest.objects.filter(engagement=engagement).first()
    return {
        "logistics": {
            "engagement": engagement,
            "can_edit": can_edit,
            "can_decide": decides,
            **_plan_context(user, engagement, plan, can_edit, decides),
            **_gift_context(engagement, can_edit),
            **_request_context(user, engagement, conference, can_edit, decides),
        }
    }


# ---------- posts ----------


def _back(engagement) -> str:
    return engagement.get_absolute_url() + "#logistics"


def _plan(engagement) -> DelegationPlan:
    return get_object_or_404(DelegationPlan, engagement=engagement)


def _conference(engagement) -> ConferenceRequest:
    return get_object_or_404(ConferenceRequest, engagement=engagement)


@login_required
@require_POST
def plan_save(request, pk):
    engagement = scoped_or_404(request.user, Engagement, pk)
    plan = DelegationPlan.objects.filter(engagement=engagement).first()
    form = DelegationPlanForm(
        request.POST, instance=plan or DelegationPlan(engagement=engagement), user=request.user
    )
    return post_subform(
        request,
        form,
        lambda data: logistics.save_delegation_plan(
            engagement, actor=request.user, data=service_data(form), version=data["version"]
        ),
        success=_("Delegation plan saved."),
        back=_back(engagement),
    )


@login_required
@require_POST
def plan_submit(request, pk):
    engagement = scoped_or_404(request.user, Engagement, pk)
    plan = _plan(engagement)
    return post_subform(
        request,
        VersionForm(request.POST),
        lambda data: logistics.submit_delegation_plan(plan, actor=request.user, version=data["version"]),
        success=_("Delegation plan submitted for approval."),
        back=_back(engagement),
    )


@login_required
@require_POST
def plan_decide(request, pk):
    engagement = scoped_or_404(request.user, Engagement, pk)
    plan = _plan(engagement)
    return post_subform(
        request,
        PlanDecisionForm(request.POST),
        lambda data: logistics.decide_delegation_plan(
            plan,
            actor=request.user,
            approve=data["decision"] == "approve",
            decision_number=data["decision_number"],
            note=data["note"],
            version=data["version"],
        ),
        success=lambda data: (
            _("Delegation plan approved.")
            if data["decision"] == "approve"
            else _("Delegation plan rejected.")
        ),
        back=_back(engagement),
    )


@login_required
@require_POST
def plan_reopen(request, pk):
    engagement = scoped_or_404(request.user, Engagement, pk)
    plan = _plan(engagement)
    return post_subform(
        request,
        ReopenForm(request.POST),
        lambda data: logistics.reopen_delegation_plan(
            plan, actor=request.user, note=data["note"], version=data["version"]
        ),
        success=_("Delegation plan returned to draft."),
        back=_back(engagement),
    )


@login_required
@require_POST
def gift_add(request, pk):
    engagement = scoped_or_404(request.user, Engagement, pk)
    form = GiftForm(request.POST)
    return post_subform(
        request,
        form,
        lambda data: logistics.save_gift(engagement, actor=request.user, data=data),
        success=_("Gift recorded."),
        back=_back(engagement),
    )


@login_required
@require_POST
def gift_edit(request, pk, gift_id):
    engagement = scoped_or_404(request.user, Engagement, pk)
    gift = get_object_or_404(Gift, engagement=engagement, pk=gift_id)
    return post_subform(
        request,
        GiftForm(request.POST, instance=gift),
        lambda data: logistics.save_gift(engagement, actor=request.user, data=data, gift=gift),
        success=_("Gift saved."),
        back=_back(engagement),
    )


@login_required
@require_POST
def gift_delete(request, pk, gift_id):
    engagement = scoped_or_404(request.user, Engagement, pk)
    gift = get_object_or_404(Gift, engagement=engagement, pk=gift_id)
    return post_subform(
        request,
        None,
        lambda data: logistics.delete_gift(gift, actor=request.user),
        success=_("Gift removed."),
        back=_back(engagement),
    )


@login_required
@require_POST
def request_save(request, pk):
    engagement = scoped_or_404(request.user, Engagement, pk)
    conference = ConferenceRequest.objects.filter(engagement=engagement).first()
    form = ConferenceRequestForm(
        request.POST, instance=conference or ConferenceRequest(engagement=engagement), user=request.user
    )
    return post_subform(
        request,
        form,
        lambda data: logistics.save_conference_request(
            engagement, actor=request.user, data=service_data(form), version=data["version"]
        ),
        success=_("Conference request saved."),
        back=_back(engagement),
    )


@login_required
@require_POST
def request_file(request, pk):
    engagement = scoped_or_404(request.user, Engagement, pk)
    conference = _conference(engagement)

    def save(data):
        logistics.file_conference_request(
            conference, actor=request.user, on=data["on"], version=data["version"]
        )

    def success(data):
        warning = logistics.request_warning(ConferenceRequest.objects.get(pk=conference.pk))
        return " ".join(filter(None, [_("Conference request filed."), warning]))

    return post_subform(request, RequestFileForm(request.POST), save, success=success, back=_back(engagement))


@login_required
@require_POST
def request_decide(request, pk):
    engagement = scoped_or_404(request.user, Engagement, pk)
    conference = _conference(engagement)
    return post_subform(
        request,
        RequestDecisionForm(request.POST),
        lambda data: logistics.decide_conference_request(
            conference,
            actor=request.user,
            approve=data["decision"] == "approve",
            decision_number=data["decision_number"],
            version=data["version"],
        ),
        success=lambda data: (
            _("Conference request approved.")
            if data["decision"] == "approve"
            else _("Conference request rejected.")
        ),
        back=_back(engagement),
    )


# ---------- the list of upcoming hosted conferences ----------


@dataclasses.dataclass
class RequestRow:
    engagement: Engagement
    request: ConferenceRequest | None
    due_on: datetime.date
    days_late: int
    due_soon: bool
    warning: str

    @property
    def late(self) -> bool:
        return self.days_late > 0


def request_row(engagement, today: datetime.date) -> RequestRow:
    """A hosted conference and its request; without one, the longest lead time counts (the Prime Minister may
    be the one to decide)."""
    request = getattr(engagement, "conference_request", None)
    counted = request or ConferenceRequest(
        engagement=engagement,
        approval=max(ConferenceApproval, key=logistics.lead_days),
    )
    due = logistics.request_due_on(counted)
    filed = counted.filed_on
    days_late = ((filed or today) - due).days
    warning = logistics.request_warning(counted, today)
    if request is None:
        warning = " ".join(filter(None, [_("No request recorded."), warning]))
    return RequestRow(
        engagement=engagement,
        request=request,
        due_on=due,
        days_late=days_late,
        due_soon=filed is None and 0 <= (due - today).days <= DUE_SOON_DAYS,
        warning=warning,
    )


def conference_rows(user, today: datetime.date) -> list[RequestRow]:
    """Upcoming (or running) conferences hosted in Viet Nam that the user sees: late requests first, the
    latest first, then those due soon, then by due date."""
    engagements = (
        policy_for(Engagement)
        .scope(user, VIEW)
        .filter(logistics.hosted_in_viet_nam_q() | Q(conference_request__isnull=False))
        .filter(Q(starts_on__gte=today) | Q(ends_on__gte=today))
        .select_related("conference_request", "lead_unit", "leader", "country")
        .distinct()
    )
    rows = [request_row(e, today) for e in engagements]
    rows.sort(
        key=lambda r: (not r.late, -r.days_late if r.late else 0, not r.due_soon, r.due_on, r.engagement.pk)
    )
    return rows


@login_required
def conference_requests(request):
    today = _today()
    rows = conference_rows(request.user, today)
    return render(
        request,
        "engagements/logistics_conference_requests.html",
        {
            "rows": rows,
            "today": today,
            "late_count": sum(1 for r in rows if r.late),
            "due_soon_count": sum(1 for r in rows if r.due_soon),
            "lead_times": [(a.label, logistics.lead_days(a)) for a in ConferenceApproval],
        },
    )
