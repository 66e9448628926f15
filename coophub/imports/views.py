"""Import pages: upload (dry run), the report with an Apply button, the job's progress, the blank template."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import services
from .importers import IMPORTERS
from .models import ImportJob, ImportKind

MAX_SHOWN_ACTIONS = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What to import"), choices=ImportKind.choices)
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("An Excel workbook (.xlsx) or a CSV file in UTF-8, with the header on row 1."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _kind_or_404(kind: str) -> str:
    if kind not in ImportKind.values:
        raise Http404
    return kind


def _job_or_404(request, pk) -> ImportJob:
    job = ImportJob.objects.select_related("created_by").filter(pk=pk).first()
    if job is None or not services.can_see_job(request.user, job):
        raise Http404
    return job


@login_required
def job_list(request):
    services.check_can_import(request.user)
    jobs = services.jobs_for(request.user)[:50]
    return render(request, "imports/job_list.html", {"jobs": jobs, "kinds": ImportKind.choices})


@login_required
def upload(request, kind):
    kind = _kind_or_404(kind)
    services.check_can_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            job, _outcome = services.create_job(
                actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            by_field = exc.error_dict if hasattr(exc, "error_dict") else {"file": exc.error_list}
            for field, errors in by_field.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return redirect("imports:job_detail", job.pk)
    columns = IMPORTERS[kind].columns
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": ImportKind(kind).label,
            "columns": columns,
        },
    )


@login_required
def job_detail(request, pk):
    job = _job_or_404(request, pk)
    report = job.report or {}
    actions = report.get("actions", [])
    context = {
        "job": job,
        "errors": report.get("errors", []),
        "error_count": report.get("error_count", 0),
        "warnings": report.get("warnings", []),
        "actions": [a for a in actions if a["action"] != "unchanged"][:MAX_SHOWN_ACTIONS],
        "more_actions": max(0, len([a for a in actions if a["action"] != "unchanged"]) - MAX_SHOWN_ACTIONS),
        "counts": job.counts,
        "can_apply": job.can_apply and services.can_import(request.user),
    }
    if request.htmx and request.GET.get("fragment") == "progress":
        if not job.is_active:  # finished: reload the whole page to show the outcome, and stop polling
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "imports/job_detail.html#progress", context)
    return render(request, "imports/job_detail.html", context)


@login_required
@require_POST
def apply(request, pk):
    job = _job_or_404(request, pk)
    try:
        services.queue_apply(job, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("The import was started. This page shows its progress."))
    return redirect("imports:job_detail", job.pk)


@login_required
def template(request, kind):
    """A blank XLSX with the header row and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    kind = _kind_or_404(kind)
    columns = IMPORTERS[kind].columns
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(ImportKind(kind).label)[:31]
    sheet.append([c.name for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
            14, len(column.name) + 4
        )
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(_("Guide")[:31])
    guide.append([_("Column"), _("Required"), _("Description")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append([column.name, _("yes") if column.required else "", str(column.help)])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="coophub-{kind}-template.xlsx"'
    return response
