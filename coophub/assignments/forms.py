from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.agreements.models import Agreement, Commitment
from coophub.partners.forms import OwnedForm
from coophub.partners.models import Partner

from .choices import CoordinatorStatus, TaskSource, TaskStatus
from .models import Task
from .services import ACCESS_M2M, focal_candidates

FORM_FIELDS = (
    "title",
    "description",
    "task_type",
    "priority",
    "source",
    "source_document",
    "source_document_date",
    "source_meeting",
    "commitment",
    "agreement",
    "partner",
    "country",
    "assigned_on",
    "lead_unit",
    "focal_person",
    "due_on",
    "recurrence",
    "recurrence_day",
    "watchers",
    "owner_unit",
    "visibility",
    *ACCESS_M2M,
)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def person_label(user) -> str:
    return user.get_full_name() or user.username


class TaskForm(OwnedForm):
    """The task itself. The focal-person select offers the lead unit's members (reloaded by htmx when the
    lead unit changes) but accepts anyone, so that the service's refusal names the field in words."""

    class Meta:
        model = Task
        fields = list(FORM_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "source_document_date": date_input(),
            "assigned_on": date_input(),
            "due_on": date_input(),
            "watchers": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        people = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["watchers"].queryset = people
        self.fields["commitment"].queryset = policy_for(Commitment).scope(user, VIEW)
        self.fields["agreement"].queryset = policy_for(Agreement).scope(user, VIEW)
        self.fields["partner"].queryset = policy_for(Partner).scope(user, VIEW)
        self.fields["assigned_on"].required = False
        self.fields["lead_unit"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("assignments:focal_options"),
                "hx-target": "#id_focal_person",
                "hx-swap": "innerHTML",
                "hx-include": "#id_focal_person",
                "hx-trigger": "change",
            }
        )
        focal = self.fields["focal_person"]
        focal.queryset = people
        focal.label_from_instance = person_label
        focal.widget.choices = focal_choices(self._lead_unit_id(), self._value("focal_person"))

    def _value(self, name):
        if self.is_bound:
            return self.data.get(name) or None
        value = self.initial.get(name)
        return getattr(value, "pk", value)

    def _lead_unit_id(self):
        value = self._value("lead_unit")
        return int(value) if str(value or "").isdigit() else None

    def task_data(self) -> dict:
        """What the service takes: every field but the version and the watchers (passed on their own)."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("watchers", None)
        if not data.get("assigned_on"):
            data.pop("assigned_on", None)
        return data


def focal_choices(lead_unit_id, selected=None) -> list[tuple]:
    """The focal-person options: the lead unit's members, plus whoever is chosen now (so a refused choice
    still shows next to its error)."""
    choices = [("", "---------")]
    if lead_unit_id:
        unit = Unit.objects.filter(pk=lead_unit_id).first()
        if unit is not None:
            choices += [(u.pk, person_label(u)) for u in focal_candidates(unit)]
    if selected and str(selected).isdigit() and int(selected) not in {c[0] for c in choices}:
        chosen = get_user_model().objects.filter(pk=selected).first()
        if chosen is not None:
            choices.append((chosen.pk, person_label(chosen)))
    return choices


class CoordinatorRowForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False, label=_("Coordinating unit"))
    part = forms.CharField(max_length=500, required=False, label=_("Its part"))

    def clean(self):
        data = super().clean()
        if data.get("part") and not data.get("unit"):
            self.add_error("unit", _("Choose the unit this part is for."))
        return data


CoordinatorFormSet = forms.formset_factory(CoordinatorRowForm, extra=3)


def coordinator_rows(formset) -> list[dict]:
    return [
        {"unit": row.cleaned_data["unit"], "part": row.cleaned_data.get("part", "")}
        for row in formset.forms
        if row.cleaned_data.get("unit")
    ]


def initial_from_commitment(commitment) -> dict:
    """'Assign a task from a commitment': what the new task takes from it."""
    return {
        "title": commitment.title_vi,
        "description": commitment.description,
        "source": TaskSource.COMMITMENT,
        "commitment": commitment.pk,
        "agreement": commitment.agreement_id,
        "partner": getattr(commitment.partners.order_by("id").first(), "pk", None),
        "country": commitment.country_id,
        "lead_unit": commitment.lead_unit_id,
        "focal_person": commitment.focal_person_id,
        "due_on": commitment.due_on,
    }


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=TaskStatus.choices, label=_("Step"))
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason"))
    on = forms.DateField(required=False, widget=date_input(), label=_("Completed on"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ProgressReportForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("What was done"))
    percent_done = forms.IntegerField(min_value=0, max_value=100, required=False, label=_("Done (%)"))
    on = forms.DateField(required=False, widget=date_input(), label=_("Date"))
    files = MultipleFileField(required=False, label=_("Attachments"))


class ExtensionRequestForm(forms.Form):
    proposed_due = forms.DateField(widget=date_input(), label=_("Proposed due date"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Why more time is needed"))


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(required=False, label=_("Note"))


class CoordinatorStatusForm(forms.Form):
    status = forms.ChoiceField(choices=CoordinatorStatus.choices, label=_("Status"))
