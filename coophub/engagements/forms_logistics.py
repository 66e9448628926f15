"""The small forms of an engagement's logistics block: the delegation plan and its decision, gifts, and the
request to host a conference. Each is posted on its own and handed to one service in logistics.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coophub.partners.forms import VersionedForm

from .choices import GiftHandling
from .logistics import GIFT_FIELDS, PLAN_FIELDS
from .models import ConferenceRequest, DelegationPlan, Gift

DECISIONS = [("approve", pgettext_lazy("verb", "Approve")), ("reject", _("Reject"))]


def service_data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


class ParsingOnly:
    """The form parses the values; validating the record is its service's (which knows the rules and the
    record's current state), so the instance shown on the page is left untouched."""

    def _post_clean(self):
        pass


class DelegationPlanForm(ParsingOnly, VersionedForm):
    class Meta:
        model = DelegationPlan
        fields = list(PLAN_FIELDS)
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"decision_number": _("The decision sending the delegation (Quyết định cử đoàn).")}


class VersionForm(forms.Form):
    """A bare step (submit) that still carries the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["version"].initial = instance.version


class PlanDecisionForm(VersionForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=100,
        required=False,
        help_text=_("Required to approve, e.g. 123/QĐ-BNNMT."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject: say why."),
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None:
            self.fields["decision_number"].initial = instance.decision_number


class ReopenForm(VersionForm):
    note = forms.CharField(label=_("Why it is reopened"), widget=forms.Textarea(attrs={"rows": 2}))


class GiftForm(ParsingOnly, forms.ModelForm):
    class Meta:
        model = Gift
        fields = list(GIFT_FIELDS)
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "handling": _(
                "A gift given is recorded as presented. A gift received is declared and handled by the "
                "agency (Decree 59/2019/NĐ-CP)."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left to the service: a gift given defaults to presented; a gift received must say how it is handled.
        self.fields["handling"].required = False
        self.fields["handling"].choices = [("", "—"), *GiftHandling.choices]


class ConferenceRequestForm(ParsingOnly, VersionedForm):
    class Meta:
        model = ConferenceRequest
        fields = ["approval", "expected_participants", "foreign_participants", "funding"]
        help_texts = {
            "approval": _(
                "The Prime Minister decides conferences with minister-level foreign participants or "
                "sensitive content; the Minister decides the others (Decision 06/2020/QĐ-TTg)."
            )
        }


class RequestFileForm(VersionForm):
    on = forms.DateField(label=_("Filed on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate


class RequestDecisionForm(VersionForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=100,
        required=False,
        help_text=_("Required to approve."),
    )
