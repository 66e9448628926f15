"""What is posted from a task's page: status changes, progress reports, extension requests and decisions,
a coordinating unit's status, watching. Each calls one service; a refusal comes back as a message naming the
field, a stale version as a message, a role that may not act as 403 with the reason."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coophub.core.views import post_subform, scoped_or_404

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


@login_required
@require_POST
def task_transition(request, pk):
    task = scoped_or_404(request.user, Task, pk)
    return post_subform(
        request,
        TransitionForm(request.POST),
        lambda data: services.transition_task(
            task,
            actor=request.user,
            to=data["to"],
            reason=data["reason"],
            on=data["on"],
            version=data["version"],
        ),
        success=lambda data: _("Status changed to “%(status)s”.") % {"status": TaskStatus(data["to"]).label},
        back=task.get_absolute_url(),
    )


@login_required
@require_POST
def task_report(request, pk):
    task = scoped_or_404(request.user, Task, pk)
    return post_subform(
        request,
        ProgressReportForm(request.POST, request.FILES),
        lambda data: services.add_progress_report(
            task,
            actor=request.user,
            text=data["text"],
            percent_done=data["percent_done"],
            on=data["on"],
            files=data["files"],
        ),
        success=_("Progress report added."),
        back=task.get_absolute_url(),
    )


@login_required
@require_POST
def task_extension(request, pk):
    task = scoped_or_404(request.user, Task, pk)
    return post_subform(
        request,
        ExtensionRequestForm(request.POST),
        lambda data: services.request_extension(
            task, actor=request.user, proposed_due=data["proposed_due"], reason=data["reason"]
        ),
        success=_("Extension requested."),
        back=task.get_absolute_url(),
    )


@login_required
@require_POST
def extension_decide(request, pk):
    extension = scoped_or_404(request.user, ExtensionRequest, pk)
    return post_subform(
        request,
        ExtensionDecisionForm(request.POST),
        lambda data: services.decide_extension(
            extension, actor=request.user, approve=data["decision"] == "approve", note=data["note"]
        ),
        success=lambda data: (
            _("Extension approved.") if data["decision"] == "approve" else _("Extension rejected.")
        ),
        back=extension.task.get_absolute_url(),
    )


@login_required
@require_POST
def coordinator_status(request, pk):
    coordinator = scoped_or_404(request.user, TaskCoordinator, pk)
    return post_subform(
        request,
        CoordinatorStatusForm(request.POST),
        lambda data: services.set_coordinator_status(coordinator, actor=request.user, status=data["status"]),
        success=_("Status of %(unit)s updated.") % {"unit": coordinator.unit},
        back=coordinator.task.get_absolute_url(),
    )


@login_required
@require_POST
def task_watch(request, pk):
    """'Watch this task instead' of creating a duplicate: adds the user to its watchers."""
    task = scoped_or_404(request.user, Task, pk)
    return post_subform(
        request,
        None,
        lambda data: services.watch_task(task, actor=request.user),
        success=_("You now watch this task."),
        back=task.get_absolute_url(),
    )
