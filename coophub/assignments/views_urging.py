"""The urging letter (công văn đôn đốc) drafted from the tasks selected on the overdue list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import urging


@login_required
@require_POST
def urging_letter(request):
    """POST task=<id>… → the .docx; with nothing to urge, back to the overdue list with the reason."""
    try:
        tasks = urging.urging_tasks(request.user, request.POST.getlist("task"))
        today = timezone.localdate()
        content = urging.build_urging_letter(actor=request.user, tasks=tasks, date=today)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assignments:overdue_by_unit")
    response = HttpResponse(content, content_type=urging.DOCX)
    response["Content-Disposition"] = f'attachment; filename="cong-van-don-doc-{today:%Y-%m-%d}.docx"'
    return response
