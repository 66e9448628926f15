"""Task list, page, form, deletion and history, and the form's two htmx helpers (focal-person options and
the check for similar open work). Workflow actions posted from the task page are in views_actions.py; my
work, the unit's work, overdue by unit, the calendar and its feed in views_work.py."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from coophub.access.policies import CHANGE, VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.agreements.models import Commitment
from coophub.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from coophub.documents.services import documents_for
from coophub.partners.models import Country
from coophub.timeline.services import events_for

from . import queries, services, workflow
from .choices import ExtensionStatus, TaskStatus
from .deadlines import task_deadline_state
from .filters import TaskFilter
from .forms import (
    CoordinatorFormSet,
    CoordinatorStatusForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressReportForm,
    TaskForm,
    coordinator_rows,
    focal_choices,
    initial_from_commitment,
)
from .models import Task
from .tables import TaskTable

TARGET_LABELS = {
    TaskStatus.ACCEPTED: gettext_lazy("Accept"),
    TaskStatus.IN_PROGRESS: gettext_lazy("Mark in progress"),
    TaskStatus.SUBMITTED: gettext_lazy("Submit for approval"),
    TaskStatus.COMPLETED: gettext_lazy("Complete"),
    TaskStatus.RETURNED: gettext_lazy("Return for rework"),
    TaskStatus.ON_HOLD: gettext_lazy("Put on hold"),
    TaskStatus.CANCELLED: gettext_lazy("Cancel the task"),
}
TARGET_CSS = {TaskStatus.COMPLETED: "btn-primary", TaskStatus.SUBMITTED: "btn-primary"}


class TaskList(ObjectListView):
    model = Task
    filterset_class = TaskFilter
    table_class = TaskTable
    title = gettext_lazy("Tasks")
    create_url_name = "assignments:task_create"

    def get_queryset(self):
        return queries.task_rows(self.request.user)


def _targets(user, task) -> list[dict]:
    return [
        {
            "to": to,
            "label": TARGET_LABELS.get(to, TaskStatus(to).label),
            "needs_reason": to in workflow.NEEDS_REASON,
            "needs_date": to == TaskStatus.COMPLETED,
            "css": TARGET_CSS.get(to, "btn-secondary"),
        }
        for to in workflow.allowed_targets(user, task)
    ]


class TaskDetail(ObjectDetailView):
    model = Task
    template_name = "assignments/task_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "lead_unit", "focal_person", "assigned_by", "commitment", "agreement", "partner", "country"
            )
        )

    def get_context(self, task):
        user = self.request.user
        today = queries.today()
        editor_units = user.editor_unit_ids()
        can_change = policy_for(Task).can(user, CHANGE, task)
        coordinators = list(task.coordinators.select_related("unit"))
        for row in coordinators:
            row.can_update = task.is_open and (row.unit_id in editor_units or can_change)
        reports = list(task.reports.select_related("author", "unit"))
        for report in reports:
            report.attachments = documents_for(user, report)
        extensions = list(task.extensions.select_related("requested_by", "decided_by"))
        pending = any(e.status == ExtensionStatus.PENDING for e in extensions)
        watchers = list(task.watchers.order_by("username"))
        return {
            "deadline_badge": queries.badge(task_deadline_state(task, today)),
            "targets": _targets(user, task),
            "coordinators": coordinators,
            "coordinator_form": CoordinatorStatusForm(),
            "watchers": watchers,
            "can_watch": task.is_open and user not in watchers,
            "reports": reports,
            "report_form": ProgressReportForm() if task.is_open and workflow.may_report(user, task) else None,
            "extensions": extensions,
            "extension_form": (
                ExtensionRequestForm()
                if task.is_open and not pending and workflow.may_request_extension(user, task)
                else None
            ),
            "can_decide": workflow.may_decide_extension(user, task),
            "decision_form": ExtensionDecisionForm(),
            "timeline": events_for(user, task),
            "next_occurrence": getattr(task, "next_occurrence", None),
        }


class TaskEdit(ObjectEditView):
    model = Task
    form_class = TaskForm
    template_name = "assignments/task_form.html"

    def new_object(self):
        return Task()

    def _commitment(self):
        pk = self.request.GET.get("commitment") or self.request.POST.get("commitment") or ""
        if not pk.isdigit():
            return None
        return policy_for(Commitment).scope(self.request.user, VIEW).filter(pk=pk).first()

    def get_form(self, obj, data=None, files=None):
        initial = None
        if data is None and not obj.pk:
            commitment = self._commitment()
            initial = initial_from_commitment(commitment) if commitment else None
        return TaskForm(data, files, instance=obj, user=self.request.user, initial=initial)

    def get_formset(self, obj, data=None):
        initial = [{"unit": c.unit_id, "part": c.part} for c in obj.coordinators.all()] if obj.pk else []
        return CoordinatorFormSet(data, prefix="coord", initial=initial)

    def render_form(self, form, obj, formset=None, matches=()):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "formset": formset if formset is not None else self.get_formset(obj),
                "object": obj,
                "matches": _with_watch(self.request.user, matches),
                "verbose_name": Task._meta.verbose_name,
            },
        )

    def similar(self, form) -> list:
        data = form.cleaned_data
        commitment = data.get("commitment")
        return queries.similar_items(
            self.request.user,
            f"{data['title']} {data.get('description') or ''}",
            partner_ids=[data["partner"].pk] if data.get("partner") else [],
            country_ids=[data["country"].pk] if data.get("country") else [],
            skip=[(Commitment, commitment.pk)] if commitment else [],
        )

    def post(self, request, **kwargs):
        obj = self._load()
        form = self.get_form(obj, request.POST, request.FILES)
        formset = self.get_formset(obj, request.POST)
        matches = []
        if form.is_valid() and formset.is_valid():
            if not obj.pk and not request.POST.get("create_anyway"):
                matches = self.similar(form)
            if not matches:
                saved = self.try_save(form, lambda: self.save(obj, form, formset))
                if saved is not None:
                    return redirect(saved.get_absolute_url())
        return self.render_form(form, obj, formset, matches)

    def save(self, obj, form, formset):
        kwargs = {
            "actor": self.request.user,
            "data": form.task_data(),
            "coordinators": coordinator_rows(formset),
            "watchers": list(form.cleaned_data["watchers"]),
        }
        if obj.pk:
            return services.update_task(obj, version=form.cleaned_data["version"], **kwargs)
        return services.create_task(**kwargs)


class TaskDelete(ObjectDeleteView):
    model = Task
    success_url_name = "assignments:task_list"

    def delete(self, obj):
        services.delete_task(obj, actor=self.request.user)


class TaskHistory(ObjectHistoryView):
    model = Task


@login_required
@require_GET
def focal_options(request):
    """htmx: the focal-person <option>s for the lead unit just chosen."""
    unit_id = request.GET.get("lead_unit") or ""
    unit_id = int(unit_id) if unit_id.isdigit() and Unit.objects.filter(pk=unit_id).exists() else None
    selected = request.GET.get("focal_person") or ""
    choices = focal_choices(unit_id)
    keep = selected if selected in {str(pk) for pk, _label in choices} else ""
    return render(request, "assignments/_focal_options.html", {"choices": choices, "selected": keep})


def _ids(value) -> list[int]:
    return [int(value)] if str(value or "").isdigit() else []


@login_required
@require_GET
def overlap_check(request):
    """htmx: similar open tasks and commitments across all units that the user may see, as the form is
    filled in."""
    params = request.GET
    skip = [(Commitment, pk) for pk in _ids(params.get("commitment"))]
    exclude = None
    if _ids(params.get("exclude")):
        exclude = queries.visible_tasks(request.user).filter(pk=params["exclude"]).first()
    countries = Country.objects.filter(pk=params.get("country", "")[:2]).values_list("pk", flat=True)
    matches = queries.similar_items(
        request.user,
        f"{params.get('title', '')} {params.get('description', '')}",
        partner_ids=_ids(params.get("partner")),
        country_ids=list(countries),
        exclude=exclude,
        skip=skip,
    )
    return render(request, "assignments/_overlap_check.html", {"matches": _with_watch(request.user, matches)})


def _with_watch(user, matches):
    """Marks the matches that are open tasks the user may follow instead of creating a duplicate (matches are
    already limited to what the user sees)."""
    for match in matches:
        match.can_watch = match.model is Task
        match.type_label = match.model._meta.verbose_name
        match.percent = round(match.score * 100)
    return matches
