"""Briefing-pack pages: ask for a pack (for an engagement, or a partner and a date), watch it being built,
download the .docx and the PDF, and the list of my packs. A pack is its requester's alone: others get 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from coophub.access.policies import VIEW, policy_for
from coophub.api.schemas import MAX_ID
from coophub.core.views import add_service_errors, scoped_or_404
from coophub.partners.models import Partner

from .briefing import services
from .choices import BriefingStatus, PackLanguage
from .models import BriefingPack, Engagement

STATUS_CSS = {
    BriefingStatus.QUEUED: "badge-muted",
    BriefingStatus.RUNNING: "badge-update",
    BriefingStatus.DONE: "badge-create",
    BriefingStatus.FAILED: "badge-delete",
}
LIST_LIMIT = 100


class BriefingForm(forms.Form):
    for_date = forms.DateField(
        label=_("Meeting date"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "class": "input-date"}
        ),
        help_text=_("Agreements expiring within 180 days of this date are flagged."),
    )
    language = forms.ChoiceField(label=_("Language of the pack"), choices=PackLanguage.choices)


def _pack_or_404(request, pk) -> BriefingPack:
    scope = policy_for(BriefingPack).scope(request.user, VIEW)
    return get_object_or_404(scope.select_related("engagement", "partner", "requested_by"), pk=pk)


def _id(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) <= MAX_ID:
        raise Http404
    return int(value)


def _subject(request):
    """The engagement or the partner named in the query string, if the user may see it; otherwise 404."""
    engagement_id, partner_id = request.GET.get("engagement", ""), request.GET.get("partner", "")
    if bool(engagement_id) == bool(partner_id):
        raise Http404
    if engagement_id:
        return scoped_or_404(request.user, Engagement, _id(engagement_id)), None
    return None, scoped_or_404(request.user, Partner, _id(partner_id))


def _decorate(pack: BriefingPack) -> BriefingPack:
    pack.status_css = STATUS_CSS.get(pack.status, "badge-muted")
    pack.step_label = services.step_label(pack)
    pack.busy = pack.status in services.BUSY
    return pack


@login_required
def briefing_new(request):
    engagement, partner = _subject(request)
    language = (translation.get_language() or "vi")[:2]
    initial = {
        "for_date": engagement.starts_on if engagement else timezone.localdate(),
        "language": language if language in PackLanguage.values else PackLanguage.VI,
    }
    form = BriefingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pack = services.request_briefing(
                actor=request.user,
                engagement=engagement,
                partner=partner,
                for_date=form.cleaned_data["for_date"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The pack is being built. This page shows its progress."))
            return redirect(pack.get_absolute_url())
    return render(
        request,
        "engagements/briefing_form.html",
        {"form": form, "engagement": engagement, "partner": partner, "subject": engagement or partner},
    )


@login_required
def briefing_detail(request, pk):
    pack = _decorate(_pack_or_404(request, pk))
    if request.htmx and request.GET.get("fragment") == "progress":
        if not pack.busy:  # finished: reload the page to show the downloads (or the error), and stop polling
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "engagements/briefing_detail.html#progress", {"pack": pack})
    return render(request, "engagements/briefing_detail.html", {"pack": pack})


@login_required
def briefing_download(request, pk, kind):
    pack = _pack_or_404(request, pk)
    field = pack.docx if kind == "docx" else pack.pdf
    if pack.status != BriefingStatus.DONE or not field:
        raise Http404
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{services.file_stem(pack)}.{kind}",
        content_type=services.DOCX if kind == "docx" else services.PDF,
    )


@login_required
def briefing_list(request):
    packs = services.visible_packs(request.user).select_related("engagement", "partner")[:LIST_LIMIT]
    return render(request, "engagements/briefing_list.html", {"packs": [_decorate(p) for p in packs]})
