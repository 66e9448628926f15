"""Text → record: paste or upload a text, review the proposed record beside the text with its spans
highlighted, and only then save it. Until "Save engagement" nothing is written: the proposal lives in the
review form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coophub.access.policies import ADD, policy_for
from coophub.core.errors import Conflict

from . import services
from .extraction import ExtractionInputError
from .forms_extract import ExtractForm, Review
from .models import Engagement
from .proposal import read, to_record

# How each part of the result reads in a highlight's tooltip.
LABELS = {
    "title": gettext_lazy("Title"),
    "meeting_date": gettext_lazy("Date"),
    "location": gettext_lazy("Place"),
    "event_type": gettext_lazy("Type"),
    "source_url": gettext_lazy("Press release address"),
    "partner_countries": gettext_lazy("Partner country"),
    "partner_organizations": gettext_lazy("Partner organisation"),
    "topics": gettext_lazy("Topic"),
    "vn_side": gettext_lazy("Vietnamese side"),
    "partner_side": gettext_lazy("Partner side"),
    "commitments": gettext_lazy("Commitment"),
    "agreements_signed": gettext_lazy("Agreement signed"),
    "follow_ups": gettext_lazy("Follow-up"),
    "figures": gettext_lazy("Figure"),
    "partner_matches": gettext_lazy("Registry partner"),
    "new_partner_suggestions": gettext_lazy("New partner?"),
}
SCALAR_EVIDENCE = ("title", "meeting_date", "location", "event_type", "source_url")
LIST_EVIDENCE = ("partner_countries", "partner_organizations", "topics")
ITEM_LISTS = (
    "vn_side",
    "partner_side",
    "commitments",
    "agreements_signed",
    "follow_ups",
    "figures",
    "partner_matches",
    "new_partner_suggestions",
)
# The review page's fields in reading order; the proposal says which ones the text proposed.
FIELD_ORDER = (
    "kind",
    "level",
    "mode",
    "title_vi",
    "title_en",
    "starts_on",
    "ends_on",
    "city",
    "country",
    "venue",
    "leader",
    "leader_title",
    "partners",
    "countries",
    "topics",
    "other_topics",
    "source_url",
    "summary",
    "owner_unit",
    "visibility",
)


def _valid_span(span, length):
    if not (isinstance(span, list | tuple) and len(span) == 2):
        return None
    start, end = span
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length:
        return start, end
    return None


def highlights(result: dict) -> list[tuple[int, int, str, str]]:
    """(start, end, field, tooltip) of every span the result ties a value to."""
    text_length = len(result.get("text") or "")
    out = []

    def add(field, span, confidence, value=None):
        valid = _valid_span(span, text_length)
        if valid is None:
            return
        label = str(LABELS[field]) + (f" {value}" if value else "")
        try:
            tip = f"{label} · {float(confidence):.2f}"
        except (TypeError, ValueError):
            tip = label
        out.append((*valid, field, tip))

    evidence = result.get("evidence") or {}
    for field in SCALAR_EVIDENCE:
        item = evidence.get(field)
        if isinstance(item, dict):
            add(field, item.get("span"), item.get("confidence"))
    for field in LIST_EVIDENCE:
        for item in evidence.get(field) or []:
            if isinstance(item, dict):
                add(field, item.get("span"), item.get("confidence"), item.get("value"))
    for field in ITEM_LISTS:
        for item in result.get(field) or []:
            if isinstance(item, dict):
                add(field, item.get("span"), item.get("confidence"), item.get("code"))
    return out


def marked_text(text: str, marks: list[tuple[int, int, str, str]]):
    """The text, escaped, with each highlighted stretch in a <mark> whose title names the fields and their
    confidence. Overlapping spans are cut at every boundary so the marks never nest."""
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    starts = {m[0] for m in marks}
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in marks if m[0] <= start and m[1] >= end]
        chunk = text[start:end]
        if not covering:
            pieces.append(format_html("{}", chunk))
            continue
        fields = " ".join(dict.fromkeys(m[2] for m in covering))
        tip = "; ".join(dict.fromkeys(m[3] for m in covering))
        anchor = format_html(' id="at-{}"', start) if start in starts else ""
        pieces.append(format_html('<mark{} data-field="{}" title="{}">{}</mark>', anchor, fields, tip, chunk))
    return format_html_join("", "{}", ((p,) for p in pieces))


def _check_may_add(user):
    policy = policy_for(Engagement)
    if not policy.can(user, ADD):
        raise PermissionDenied(policy.denial_reason(user, ADD, None))


def _field_rows(review: Review, proposal: dict) -> list[dict]:
    form, proposed = review.form, set(proposal["initial"])
    rows = []
    for name in FIELD_ORDER:
        span = proposal["spans"].get(name)
        rows.append(
            {
                "field": form[name],
                "accept": form[f"accept_{name}"] if name in proposed else None,
                "confidence": proposal["confidence"].get(name) if name in proposed else None,
                "anchor": f"at-{span[0]}" if span else "",
            }
        )
    return rows


def _render_review(request, review: Review, result: dict, proposal: dict, status=200):
    context = {
        "review": review,
        "fields": _field_rows(review, proposal),
        "marked_text": marked_text(result.get("text") or "", highlights(result)),
        "warnings": result.get("warnings") or [],
        "suggestions": proposal["suggestions"],
        "figures": result.get("figures") or [],
        "language": result.get("language"),
    }
    return render(request, "engagements/extract_review.html", context, status=status)


def _render_input(request, form, status=200):
    return render(request, "engagements/extract.html", {"form": form}, status=status)


def _save(request):
    user = request.user
    review = Review(user, data=request.POST)
    language = request.POST.get("language") or "auto"
    if review.is_valid():
        data = review.form.service_data()
        try:
            engagement = services.create_engagement(
                actor=user,
                data=data,
                reason=f"confirmed from text by {user.get_username()}",
                **review.rows(),
            )
        except ValidationError as exc:
            review.add_service_errors(exc)
        except Conflict as exc:
            review.form.add_error(None, exc.message)
        else:
            messages.success(request, _("Engagement recorded from the text."))
            return redirect(engagement)
    text = review.form.cleaned_data.get("source_text") if hasattr(review.form, "cleaned_data") else None
    try:
        result = read(text or request.POST.get("source_text", ""), language, user)
    except ExtractionInputError as exc:
        form = ExtractForm(initial={"language": language if language in ("vi", "en") else "auto"})
        messages.error(request, exc.message)
        return _render_input(request, form)
    return _render_review(request, review, result, to_record(result, user))


@login_required
def extract_page(request):
    """GET: the text form. POST step=extract: the review page. POST step=save: the engagement."""
    _check_may_add(request.user)
    if request.method == "POST" and request.POST.get("step") == "save":
        return _save(request)
    if request.method != "POST":
        return _render_input(request, ExtractForm())
    form = ExtractForm(request.POST, request.FILES)
    if form.is_valid():
        text, source_field = form.source()
        language = form.cleaned_data["language"]
        try:
            result = read(text, language, request.user)
        except ExtractionInputError as exc:
            form.add_error(source_field if exc.field == "text" else None, exc.message)
        else:
            proposal = to_record(result, request.user)
            review = Review(request.user, proposal=proposal, language=language)
            return _render_review(request, review, result, proposal)
    return _render_input(request, form)
