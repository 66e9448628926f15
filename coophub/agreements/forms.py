from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coophub.access.policies import VIEW, policy_for
from coophub.partners.forms import OwnedForm
from coophub.partners.models import Mechanism, Partner

from .choices import AGREEMENT_TRANSITIONS, AgreementStatus, Completion, PartyRole
from .models import Agreement, Commitment
from .services import ACCESS_M2M, AGREEMENT_FIELDS, COMMITMENT_FIELDS

# The party fields of the agreement form, one multi-select per role.
PARTY_FIELDS = {
    "signatories": (PartyRole.SIGNATORY, _("Signatory partners")),
    "implementing_partners": (PartyRole.IMPLEMENTING, _("Implementing partners")),
    "supporting_partners": (PartyRole.SUPPORTING, _("Supporting partners")),
}


def _data(form, *drop) -> dict:
    """What a form hands its service: the cleaned fields, without the form's own bookkeeping."""
    return {k: v for k, v in form.cleaned_data.items() if k not in {"version", *drop}}


class AgreementForm(OwnedForm):
    status = forms.ChoiceField(
        label=_("Current status"),
        choices=AgreementStatus.choices,
        initial=AgreementStatus.DRAFT,
        help_text=_("For an agreement recorded after it was signed. Later steps go through its lifecycle."),
    )

    class Meta:
        model = Agreement
        fields = [*AGREEMENT_FIELDS, "units", *ACCESS_M2M]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partners = policy_for(Partner).scope(self.user, VIEW)
        current = {}
        if self.instance.pk:
            del self.fields["status"]
            for party in self.instance.parties.all():
                current.setdefault(party.role, []).append(party.partner_id)
        for name, (role, label) in PARTY_FIELDS.items():
            self.fields[name] = forms.ModelMultipleChoiceField(
                queryset=partners, required=False, label=label, initial=current.get(role, [])
            )
        self.fields["mechanism"].queryset = policy_for(Mechanism).scope(self.user, VIEW)
        self.order_fields([*AGREEMENT_FIELDS[:5], "status", *AGREEMENT_FIELDS[5:10], *PARTY_FIELDS])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of validity cannot be before its start."))
        seen = {}
        for name in PARTY_FIELDS:
            for partner in cleaned.get(name) or ():
                if partner.pk in seen:
                    self.add_error(
                        name,
                        _("%(partner)s is already a party in another role.") % {"partner": partner},
                    )
                seen[partner.pk] = name
        return cleaned

    def parties(self) -> list:
        return [
            (partner, role)
            for name, (role, _label) in PARTY_FIELDS.items()
            for partner in self.cleaned_data.get(name) or ()
        ]

    def service_data(self) -> dict:
        return _data(self, *PARTY_FIELDS)


class CommitmentForm(OwnedForm):
    # Set once the officer has seen the similar open items and chose to record a new one anyway.
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Commitment
        fields = [*COMMITMENT_FIELDS, "partners", *ACCESS_M2M]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "parent": _("A milestone or sub-commitment belongs to the same agreement as its parent."),
            "weight": _("How much it counts in its parent's progress."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = policy_for(Agreement).scope(self.user, VIEW)
        parents = policy_for(Commitment).scope(self.user, VIEW)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        if self.instance.agreement_id:
            parents = parents.filter(agreement_id=self.instance.agreement_id)
        self.fields["parent"].queryset = parents.select_related("agreement")
        self.fields["partners"].queryset = policy_for(Partner).scope(self.user, VIEW)
        self.fields["focal_person"].queryset = get_user_model().objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_on"), cleaned.get("due_on")
        if start and due and due < start:
            self.add_error("due_on", _("The due date cannot be before the start."))
        return cleaned

    def service_data(self) -> dict:
        return _data(self, "confirm_new")

    def overlap_text(self) -> str:
        return " ".join(
            filter(None, [self.cleaned_data.get("title_vi"), self.cleaned_data.get("description")])
        )


class TransitionForm(forms.Form):
    """The next lifecycle step. Only allowed steps are offered; any other posted is left to the service,
    which refuses it with its reason."""

    to = forms.ChoiceField(label=_("Next step"), choices=AgreementStatus.choices)
    on = forms.DateField(label=_("Date"))
    basis = forms.CharField(
        label=_("Basis document"),
        max_length=255,
        required=False,
        help_text=_("Number and date of the document, e.g. 123/QĐ-BNNMT."),
    )
    new_valid_to = forms.DateField(
        label=_("New end of validity"), required=False, help_text=_("Only for an extension.")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate
        if agreement is not None:
            allowed = AGREEMENT_TRANSITIONS.get(agreement.status, set())
            self.fields["to"].widget.choices = [(s.value, s.label) for s in AgreementStatus if s in allowed]
            self.fields["version"].initial = agreement.version


class ProgressForm(forms.Form):
    on = forms.DateField(label=_("Date"), required=False)
    value = forms.DecimalField(
        label=_("Progress (%)"), required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    completion = forms.ChoiceField(
        label=_("or completion level"), required=False, choices=[("", "—"), *Completion.choices]
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate
