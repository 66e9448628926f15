"""What is posted from a task's page: status changes, progress reports, extension requests and decisions,
a coordinating unit's status, watching. Each calls one service; a refusal comes back as a message naming the
field, a stale version as a message, a role that may not act as 403 with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coophub.core.errors import Conflict
from coophub.core.views import form_errors, scoped_or_404

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


def _service_errors(exc: ValidationError, labels: dict) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{labels[field]}: {' '.join(e.message % (e.params or {}) for e in errors)}"
            if field in labels
            else " ".join(e.message % (e.params or {}) for e in errors)
            for field, errors in exc.error_dict.items()
        )
    return " ".join(exc.messages)


def _run(request, task, call, *, success, form=None):
    """Check the form; call the service with its cleaned data; report the outcome as a message naming the
    form's fields; go back to the task's page. `success` is the message, or makes it from the cleaned data."""
    back = redirect(task.get_absolute_url())
    data, labels = {}, {}
    if form is not None:
        if not form.is_valid():
            messages.error(request, form_errors(form))
            return back
        data = form.cleaned_data
        labels = {name: field.label for name, field in form.fields.items()}
    try:
        call(data)
    except ValidationError as exc:
        messages.error(request, _service_errors(exc, labels))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success(data) if callable(success) else success)
    return back


@login_required
@require_POST
def task_transition(request, pk):
    task = scoped_or_404(request.user, Task, pk)
    return _run(
        request,
        task,
        lambda data: services.transition_task(
            task,
            actor=request.user,
            to=data["to"],
            reason=data["reason"],
            on=data["on"],
            version=data["version"],
        ),
        success=lambda data: _("Status changed to “%(status)s”.") % {"status": TaskStatus(data["to"]).label},
        form=TransitionForm(request.POST),
    )


@login_required
@require_POST
def task_report(request, pk):
    task = scoped_or_404(request.user, Task, pk)
    return _run(
        request,
        task,
        lambda data: services.add_progress_report(
            task,
            actor=request.user,
            text=data["text"],
            percent_done=data["percent_done"],
            on=data["on"],
            files=data["files"],
        ),
        success=_("Progress report added."),
        form=ProgressReportForm(request.POST, request.FILES),
    )


@login_required
@require_POST
def task_extension(request, pk):
    task = scoped_or_404(request.user, Task, pk)
    return _run(
        request,
        task,
        lambda data: services.request_extension(
            task, actor=request.user, proposed_due=data["proposed_due"], reason=data["reason"]
        ),
        success=_("Extension requested."),
        form=ExtensionRequestForm(request.POST),
    )


@login_required
@require_POST
def extension_decide(request, pk):
    extension = scoped_or_404(request.user, ExtensionRequest, pk)
    return _run(
        request,
        extension.task,
        lambda data: services.decide_extension(
            extension, actor=request.user, approve=data["decision"] == "approve", note=data["note"]
        ),
        success=lambda data: (
            _("Extension approved.") if data["decision"] == "approve" else _("Extension rejected.")
        ),
        form=ExtensionDecisionForm(request.POST),
    )


@login_required
@require_POST
def coordinator_status(request, pk):
    coordinator = scoped_or_404(request.user, TaskCoordinator, pk)
    return _run(
        request,
        coordinator.task,
        lambda data: services.set_coordinator_status(coordinator, actor=request.user, status=data["status"]),
        success=_("Status of %(unit)s updated.") % {"unit": coordinator.unit},
        form=CoordinatorStatusForm(request.POST),
    )


@login_required
@require_POST
def task_watch(request, pk):
    """'Watch this task instead' of creating a duplicate: adds the user to its watchers."""
    task = scoped_or_404(request.user, Task, pk)
    return _run(
        request,
        task,
        lambda data: services.watch_task(task, actor=request.user),
        success=_("You now watch this task."),
    )
