from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from coophub.access.policies import ADD, CHANGE, VIEW, policy_for
from coophub.core.views import (
    EXPORT_FORMATS,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
    post_subform,
    scoped_or_404,
)
from coophub.documents.services import documents_panel
from coophub.partners.models import Partner
from coophub.timeline.services import events_for

from . import progress, queries, services
from .choices import AGREEMENT_TRANSITIONS, AgreementStatus
from .filters import AgreementFilter, CommitmentFilter, ReviewFilterForm
from .forms import AgreementForm, CommitmentForm, ProgressForm, TransitionForm
from .models import Agreement, Commitment
from .tables import AgreementTable, CommitmentTable, ReviewTable


def _today():
    return timezone.localdate()


def _task_policy():
    from coophub.assignments.models import Task

    return policy_for(Task)


# ---------- agreements ----------


class AgreementList(ObjectListView):
    model = Agreement
    filterset_class = AgreementFilter
    table_class = AgreementTable
    title = gettext_lazy("Agreements")
    create_url_name = "agreements:agreement_create"

    def get_queryset(self):
        return super().get_queryset().select_related("lead_unit")


class AgreementDetail(ObjectDetailView):
    model = Agreement
    template_name = "agreements/agreement_detail.html"

    def get_context(self, agreement):
        user, today = self.request.user, _today()
        commitments = queries.agreement_commitments(user, agreement, today)
        steps_open = bool(AGREEMENT_TRANSITIONS.get(agreement.status))
        return {
            "parties": agreement.parties.filter(
                partner__in=policy_for(Partner).scope(user, VIEW)
            ).select_related("partner"),
            "transitions": agreement.transitions.select_related("actor"),
            "transition_form": (
                TransitionForm(agreement=agreement)
                if steps_open and self.policy.can(user, CHANGE, agreement)
                else None
            ),
            "commitments": commitments,
            "overall_progress": queries.weighted_progress(commitments),
            "can_add_commitment": policy_for(Commitment).can(user, ADD),
            "tasks": queries.tasks_under(user, today, agreement=agreement),
            "days_to_expiry": agreement.days_to_expiry(today),
            "timeline": events_for(user, agreement),
            **documents_panel(user, agreement),
        }


class AgreementEdit(ObjectEditView):
    model = Agreement
    form_class = AgreementForm

    def create(self, form):
        return services.create_agreement(
            actor=self.request.user, data=form.service_data(), parties=form.parties()
        )

    def update(self, obj, form):
        return services.update_agreement(
            obj,
            actor=self.request.user,
            data=form.service_data(),
            parties=form.parties(),
            version=form.cleaned_data["version"],
        )


class AgreementDelete(ObjectDeleteView):
    model = Agreement
    success_url_name = "agreements:agreement_list"

    def delete(self, obj):
        services.delete_agreement(obj, actor=self.request.user)


class AgreementHistory(ObjectHistoryView):
    model = Agreement


@login_required
@require_POST
def agreement_transition(request, pk):
    """The next lifecycle step; the service checks the right to change the agreement (403 with the reason)
    and whether the step is allowed (its message is shown)."""
    agreement = scoped_or_404(request.user, Agreement, pk)

    def save(data):
        return services.transition_agreement(
            agreement,
            actor=request.user,
            to=data["to"],
            on=data["on"],
            basis=data["basis"],
            note=data["note"],
            new_valid_to=data["new_valid_to"],
            version=data["version"],
        )

    form = TransitionForm(request.POST, agreement=agreement)
    target = AgreementStatus(form.data["to"]).label if form.data.get("to") in AgreementStatus.values else ""
    return post_subform(
        request,
        form,
        save,
        success=_("Lifecycle step recorded: %(status)s.") % {"status": target},
        back=agreement.get_absolute_url() + "#lifecycle",
    )


# ---------- commitments ----------


class CommitmentList(ObjectListView):
    model = Commitment
    filterset_class = CommitmentFilter
    table_class = CommitmentTable
    title = gettext_lazy("Commitments")
    create_url_name = "agreements:commitment_create"

    def get_queryset(self):
        return super().get_queryset().select_related("agreement", "lead_unit")


class CommitmentDetail(ObjectDetailView):
    model = Commitment
    template_name = "agreements/commitment_detail.html"

    def get_context(self, commitment):
        user, today = self.request.user, _today()
        scope = self.policy.scope(user, VIEW)
        ancestors, node = [], commitment
        while node.parent_id:
            node = scope.filter(pk=node.parent_id).first()
            if node is None:
                break
            ancestors.insert(0, node)
        task_create_url = None
        if _task_policy().can(user, ADD):
            task_create_url = reverse("assignments:task_create") + f"?commitment={commitment.pk}"
        return {
            "track": progress.track(commitment, today),
            "quiet": queries.is_quiet(commitment, today),
            "ancestors": ancestors,
            "milestones": queries.descendants(user, commitment, today),
            "partners": commitment.partners.filter(pk__in=policy_for(Partner).scope(user, VIEW).values("pk")),
            "progress_log": commitment.progress_log.select_related("author"),
            "progress_form": (ProgressForm() if self.policy.can_report_progress(user, commitment) else None),
            "has_milestones": commitment.children.exists(),
            "tasks": queries.tasks_under(user, today, commitment=commitment),
            "task_create_url": task_create_url,
            "can_add_commitment": self.policy.can(user, ADD),
            "timeline": events_for(user, commitment),
            **documents_panel(user, commitment),
        }


class CommitmentEdit(ObjectEditView):
    model = Commitment
    form_class = CommitmentForm
    template_name = "agreements/commitment_form.html"
    similar = ()

    def new_object(self):
        """A new commitment, under the agreement or parent named in the query string (if visible)."""
        commitment = Commitment()
        user, params = self.request.user, self.request.GET
        parent_id, agreement_id = params.get("parent", ""), params.get("agreement", "")
        if parent_id.isdigit():
            parent = self.policy.scope(user, VIEW).filter(pk=parent_id).first()
            if parent is not None:
                commitment.parent, commitment.agreement_id = parent, parent.agreement_id
        if agreement_id.isdigit() and commitment.agreement_id is None:
            agreement = policy_for(Agreement).scope(user, VIEW).filter(pk=agreement_id).first()
            commitment.agreement = agreement
        return commitment

    def find_similar(self, form) -> list:
        """Open commitments and tasks across all units that read like the new one, as far as the user sees."""
        from coophub.overlaps.queries import find_visible_similar

        data = form.cleaned_data
        partner_ids = {p.pk for p in data.get("partners") or ()}
        agreement = data.get("agreement")
        if agreement is not None:
            partner_ids |= set(agreement.parties.values_list("partner_id", flat=True))
        country = data.get("country")
        matches = find_visible_similar(
            self.request.user,
            form.overlap_text(),
            partner_ids=sorted(partner_ids),
            country_ids=[country.pk] if country else [],
            limit=5,
        )
        for match in matches:
            match.type_label = match.model._meta.verbose_name
        return matches

    def post(self, request, **kwargs):
        if "pk" not in self.kwargs:
            obj = self._load()
            form = self.get_form(obj, request.POST, request.FILES)
            if form.is_valid() and not form.cleaned_data["confirm_new"]:
                self.similar = self.find_similar(form)
                if self.similar:
                    form.data = form.data.copy()
                    form.data["confirm_new"] = "1"
                    return self.render_form(form, obj)
        return super().post(request, **kwargs)

    def render_form(self, form, obj):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "object": obj if obj is not None and obj.pk else None,
                "model": self.model,
                "verbose_name": self.model._meta.verbose_name,
                "similar": self.similar,
            },
        )

    def create(self, form):
        return services.create_commitment(actor=self.request.user, data=form.service_data())

    def update(self, obj, form):
        return services.update_commitment(
            obj, actor=self.request.user, data=form.service_data(), version=form.cleaned_data["version"]
        )


class CommitmentDelete(ObjectDeleteView):
    model = Commitment
    success_url_name = "agreements:commitment_list"

    def delete(self, obj):
        services.delete_commitment(obj, actor=self.request.user)


class CommitmentHistory(ObjectHistoryView):
    model = Commitment


@login_required
@require_POST
def commitment_progress(request, pk):
    """Log progress on a commitment; who may is the service's question (403 with the reason)."""
    commitment = scoped_or_404(request.user, Commitment, pk)
    return post_subform(
        request,
        ProgressForm(request.POST),
        lambda data: services.log_progress(commitment, actor=request.user, **data),
        success=_("Progress logged."),
        back=commitment.get_absolute_url() + "#progress",
    )


# ---------- the review of signed programmes ----------


@login_required
def agreement_review(request):
    """Per live agreement: commitments by completion, overdue tasks and who is accountable for them, the last
    activity, and what is stuck, the most stuck first."""
    form = ReviewFilterForm(request.GET or None, user=request.user)
    today = _today()
    rows = queries.review_rows(request.user, form.filters() if form.is_bound else {}, today)
    table = ReviewTable(rows)
    export = request.GET.get("_export")
    if export in EXPORT_FORMATS:
        return TableExport(export, table).response(f"review-{today:%Y%m%d}.{export}")
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {
        "form": form,
        "table": table,
        "export_formats": EXPORT_FORMATS,
        "today": today,
        "totals": {
            "agreements": len(rows),
            "stuck": sum(1 for r in rows if r.stuck_count),
            "overdue": sum(r.overdue_count for r in rows),
            "behind": sum(len(r.behind) for r in rows),
        },
    }
    return render(request, "agreements/review.html", context)
