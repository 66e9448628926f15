"""What is posted from a task's page: status changes, progress reports, extension requests and decisions,
a coordinating unit's status, watching. Each calls one service; a refusal comes back as a message naming the
field, a stale version as a message, a role that may not act as 403 with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coophub.access.policies import VIEW, policy_for
from coophub.core.errors import Conflict
from coophub.core.views import scoped_or_404

from . import services
from .choices import TaskStatus
from .forms import (
    CoordinatorStatusForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ProgressReportForm,
    TransitionForm,
)
from .models import ExtensionRequest, Task, TaskCoordinator


def _form_errors(form) -> str:
    return "; ".join(
        f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    )


def _service_errors(exc: ValidationError, labels: dict) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{labels[field]}: {' '.join(e.message % (e.params or {}) for e in errors)}"
            if field in labels
            else " ".join(e.message % (e.params or {}) for e in errors)
            for field, errors in exc.error_dict.items()
        )
    return " ".join(exc.messages)


def _run(request, task, call, *, success: str, form=None):
    """Call the service; report the outcome as a message; go back to the task's page."""
    labels = {name: field.label for name, field in form.fields.items()} if form is not None else {}
    try:
        call()
    except ValidationError as exc:
        messages.error(request, _service_errors(exc, labels))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(task.get_absolute_url())


@login_required
@require_POST
def task_transition(request, pk):
    task = scoped_or_404(request.user, Task, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(task.get_absolute_url())
    data = form.cleaned_data
    return _run(
        request,
        task,
        lambda: services.transition_task(
            task,
            actor=request.user,
            to=data["to"],
            reason=data["reason"],
            on=data["on"],
            version=data["version"],
        ),
        success=_("Status changed to “%(status)s”.") % {"status": TaskStatus(data["to"]).label},
        form=form,
    )


@login_required
@require_POST
def task_report(request, pk):
    task = scoped_or_404(request.user, Task, pk)
    form = ProgressReportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(task.get_absolute_url())
    data = form.cleaned_data
    return _run(
        request,
        task,
        lambda: services.add_progress_report(
            task,
            actor=request.user,
            text=data["text"],
            percent_done=data["percent_done"],
            on=data["on"],
            files=data["files"],
        ),
        success=_("Progress report added."),
        form=form,
    )


@login_required
@require_POST
def task_extension(request, pk):
    task = scoped_or_404(request.user, Task, pk)
    form = ExtensionRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(task.get_absolute_url())
    return _run(
        request,
        task,
        lambda: services.request_extension(
            task,
            actor=request.user,
            proposed_due=form.cleaned_data["proposed_due"],
            reason=form.cleaned_data["reason"],
        ),
        success=_("Extension requested."),
        form=form,
    )


@login_required
@require_POST
def extension_decide(request, pk):
    extension = policy_for(ExtensionRequest).scope(request.user, VIEW).filter(pk=pk).first()
    if extension is None:
        raise Http404
    task = extension.task
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(task.get_absolute_url())
    approve = form.cleaned_data["decision"] == "approve"
    return _run(
        request,
        task,
        lambda: services.decide_extension(
            extension, actor=request.user, approve=approve, note=form.cleaned_data["note"]
        ),
        success=_("Extension approved.") if approve else _("Extension rejected."),
    )


@login_required
@require_POST
def coordinator_status(request, pk):
    coordinator = policy_for(TaskCoordinator).scope(request.user, VIEW).filter(pk=pk).first()
    if coordinator is None:
        raise Http404
    task = coordinator.task
    form = CoordinatorStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(task.get_absolute_url())
    return _run(
        request,
        task,
        lambda: services.set_coordinator_status(
            coordinator, actor=request.user, status=form.cleaned_data["status"]
        ),
        success=_("Status of %(unit)s updated.") % {"unit": coordinator.unit},
    )


@login_required
@require_POST
def task_watch(request, pk):
    """'Watch this task instead' of creating a duplicate: adds the user to its watchers."""
    task = scoped_or_404(request.user, Task, pk)
    return _run(
        request,
        task,
        lambda: services.watch_task(task, actor=request.user),
        success=_("You now watch this task."),
    )
