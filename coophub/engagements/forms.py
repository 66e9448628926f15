"""The engagement form with its three row sets (Vietnamese side, partner side, outcomes), the small forms
of the engagement page (outcomes, follow-up, status) and the official form."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.agreements.choices import Side
from coophub.agreements.models import Agreement
from coophub.partners.forms import OwnedForm, VersionedForm
from coophub.partners.models import Contact, Country, Mechanism, Partner

from .choices import EngagementAction, OutcomeKind, ParticipantRole
from .models import Engagement, Official
from .services_officials import OFFICIAL_FIELDS

FORM_FIELDS = (
    "kind",
    "level",
    "mode",
    "title_vi",
    "title_en",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "city",
    "country",
    "venue",
    "leader",
    "leader_title",
    "lead_unit",
    "mechanism",
    "partners",
    "countries",
    "topics",
    "other_topics",
    "agreements",
    "summary",
    "source_url",
    "owner_unit",
    "visibility",
    "allowed_units",
    "allowed_users",
)
# Links the editor may not see are kept when the form is saved, not silently dropped.
SCOPED_M2M = {"partners": Partner, "agreements": Agreement}


def date_input():
    return forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy")})


def time_input():
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


def official_label(official) -> str:
    return f"{official.full_name} — {official.title}"


def officials(current_ids=()):
    """Officials in office, and those already on the record."""
    return Official.objects.filter(is_active=True) | Official.objects.filter(pk__in=list(current_ids))


def people():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class EngagementForm(OwnedForm):
    class Meta:
        model = Engagement
        fields = list(FORM_FIELDS)
        widgets = {
            "starts_on": date_input(),
            "ends_on": date_input(),
            "start_time": time_input(),
            "end_time": time_input(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "countries": forms.SelectMultiple(attrs={"size": 6}),
            "topics": forms.SelectMultiple(attrs={"size": 8}),
            "agreements": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "leader_title": _("Left empty, the leader's current title is used."),
            "ends_on": _("For an engagement of several days."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        self.fields["leader"].queryset = officials(
            [self.instance.leader_id] if self.instance.leader_id else []
        )
        self.fields["leader"].label_from_instance = official_label
        self.fields["partners"].queryset = policy_for(Partner).scope(user, VIEW)
        self.fields["agreements"].queryset = policy_for(Agreement).scope(user, VIEW)
        self.fields["mechanism"].queryset = policy_for(Mechanism).scope(user, VIEW)
        self.fields["allowed_users"].queryset = people()
        if self.instance.pk and not self.is_bound:
            for name in SCOPED_M2M:
                shown = self.fields[name].queryset.filter(
                    pk__in=[getattr(v, "pk", v) for v in self.initial[name]]
                )
                self.initial[name] = list(shown.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day cannot be before the first."))
        if not (cleaned.get("title_vi") or cleaned.get("title_en")):
            self.add_error("title_vi", _("Give the engagement a title in Vietnamese or English."))
        if "leader" in self.changed_data and "leader_title" not in self.changed_data:
            # A new leader brings their own title, unless one was typed.
            cleaned["leader_title"] = ""
        return cleaned

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if self.instance.pk:
            for name, model in SCOPED_M2M.items():
                visible = policy_for(model).scope(self.user, VIEW).values("pk")
                hidden = getattr(self.instance, name).exclude(pk__in=visible)
                data[name] = [*data[name], *hidden]
        return data


# ---------- the row sets ----------


class RowForm(forms.Form):
    """One row of a row set. A row left empty (or ticked for removal) is dropped."""

    meaningful: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return not any(data.get(name) for name in self.meaningful)

    def clean(self):
        cleaned = super().clean()
        if self.is_blank():
            return cleaned
        self.check_row(cleaned)
        return cleaned

    def check_row(self, cleaned):
        pass


class VnRowForm(RowForm):
    official = forms.ModelChoiceField(queryset=Official.objects.none(), required=False, label=_("Official"))
    name = forms.CharField(max_length=255, required=False, label=_("or name"))
    title = forms.CharField(max_length=255, required=False, label=_("Title at the time"))
    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False, label=_("Unit"))
    role = forms.ChoiceField(choices=ParticipantRole.choices, initial=ParticipantRole.MEMBER, label=_("Role"))
    organisation = forms.CharField(max_length=255, required=False, widget=forms.HiddenInput)

    meaningful = ("official", "name", "title", "unit", "organisation")

    def __init__(self, *args, current_officials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials(current_officials)
        self.fields["official"].label_from_instance = official_label

    def check_row(self, cleaned):
        if not (cleaned.get("official") or cleaned.get("name") or cleaned.get("unit")):
            self.add_error("name", _("Choose an official, or give a name or a unit."))


class PartnerRowForm(RowForm):
    name = forms.CharField(max_length=255, required=False, label=_("Name"))
    title = forms.CharField(max_length=255, required=False, label=_("Title at the time"))
    organisation = forms.CharField(max_length=255, required=False, label=_("Organisation"))
    partner = forms.ModelChoiceField(queryset=Partner.objects.none(), required=False, label=_("Partner"))
    country = forms.ModelChoiceField(queryset=Country.objects.all(), required=False, label=_("Country"))
    is_former = forms.BooleanField(required=False, label=_("former"))
    is_acting = forms.BooleanField(required=False, label=_("acting"))
    contact = forms.IntegerField(required=False, widget=forms.HiddenInput)

    meaningful = ("name", "title", "organisation", "partner", "country")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        visible = policy_for(Partner).scope(user, VIEW)
        self.fields["partner"].queryset = visible
        # A row's partner the editor may not see is not offered, and is kept rather than dropped.
        current = self.initial.get("partner")
        self.hidden_partner = None
        if current and not visible.filter(pk=current).exists():
            self.hidden_partner = Partner.objects.filter(pk=current).first()

    def clean(self):
        if self.hidden_partner is not None and not self.cleaned_data.get("partner"):
            self.cleaned_data["partner"] = self.hidden_partner
        return super().clean()

    def check_row(self, cleaned):
        if not (cleaned.get("name") or cleaned.get("organisation") or cleaned.get("partner")):
            self.add_error("name", _("Give a name, an organisation or a partner."))


class OutcomeRowForm(RowForm):
    kind = forms.ChoiceField(
        choices=[("", "---------"), *OutcomeKind.choices], required=False, label=_("Kind")
    )
    side = forms.ChoiceField(
        choices=Side.choices, initial=Side.BOTH, label=pgettext_lazy("outcome side", "By")
    )
    text = forms.CharField(required=False, label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(required=False, label=_("Due"), widget=date_input())

    meaningful = ("kind", "text", "due_on")

    def check_row(self, cleaned):
        if not cleaned.get("kind"):
            self.add_error("kind", _("Choose the kind of outcome."))
        if not (cleaned.get("text") or "").strip():
            self.add_error("text", _("The outcome has no text."))


# prefix -> (row form, label of the row set)
ROW_SETS = {
    "vn": (VnRowForm, _("Vietnamese side")),
    "partner": (PartnerRowForm, _("Partner side")),
    "outcomes": (OutcomeRowForm, _("Outcomes")),
}


def row_formset(prefix, *, data=None, initial=(), extra=2, form_kwargs=None):
    form_class, _label = ROW_SETS[prefix]
    formset_class = forms.formset_factory(form_class, extra=extra, can_delete=True, can_delete_extra=False)
    return formset_class(data, prefix=prefix, initial=list(initial), form_kwargs=form_kwargs or {})


def row_data(formset) -> list[dict]:
    """The rows a formset hands the service: the filled ones not ticked for removal, in order."""
    rows = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if form.is_blank():
            continue
        rows.append({k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
    return rows


def row_errors(formset, label) -> list[str]:
    """Each row's errors as “Partner side, row 2: Name: …”, so the message names the row."""
    messages = []
    for number, form in enumerate(formset.forms, start=1):
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            prefix = _("%(rows)s, row %(n)s") % {"rows": label, "n": number}
            text = " ".join(errors)
            messages.append(
                f"{prefix}: {field.label}: {text}" if field and field.label else f"{prefix}: {text}"
            )
    messages += [f"{label}: {e}" for e in formset.non_form_errors()]
    return messages


# ---------- the engagement page's small forms ----------


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(choices=OutcomeKind.choices, label=_("Kind"))
    side = forms.ChoiceField(
        choices=Side.choices, initial=Side.BOTH, label=pgettext_lazy("outcome side", "By")
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(required=False, label=_("Due"), widget=date_input())


class CommitmentFollowupForm(forms.Form):
    """Recording an outcome as a commitment: everything else comes from the engagement."""

    lead_unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False, label=_("Lead unit"))
    focal_person = forms.ModelChoiceField(queryset=people(), required=False, label=_("Focal person"))
    due_on = forms.DateField(required=False, label=_("Due"), widget=date_input())


class TaskFollowupForm(forms.Form):
    """Assigning a follow-up task. Any active person may be chosen; the service refuses one outside the lead
    unit, naming the field."""

    lead_unit = forms.ModelChoiceField(queryset=Unit.objects.all(), label=_("Lead unit"))
    focal_person = forms.ModelChoiceField(queryset=people(), label=_("Focal person"))
    due_on = forms.DateField(required=False, label=_("Due"), widget=date_input())


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=EngagementAction.choices, label=_("Action"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def visible_contact(user, contact_id, engagement=None):
    """A partner participant's contact: one the user may see, or the one the row already had."""
    if not contact_id:
        return None
    contact = policy_for(Contact).scope(user, VIEW).filter(pk=contact_id).first()
    if contact is None and engagement is not None and engagement.pk:
        row = engagement.partner_participants.filter(contact_id=contact_id).select_related("contact").first()
        contact = row.contact if row else None
    return contact


# ---------- officials ----------


class OfficialForm(VersionedForm):
    class Meta:
        model = Official
        fields = list(OFFICIAL_FIELDS)
        help_texts = {"name_ascii": _("Left empty, it is made from the full name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people()

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
