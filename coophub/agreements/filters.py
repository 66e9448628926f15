import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.partners.filters import TextSearchFilter
from coophub.partners.models import Partner

from . import queries
from .choices import LIVE_STATUSES, AgreementKind, AgreementLevel, AgreementStatus, Completion, Side, Track
from .models import Agreement, Commitment


def _visible_partners(request):
    return policy_for(Partner).scope(request.user, VIEW) if request else Partner.objects.none()


class AgreementFilter(django_filters.FilterSet):
    q = TextSearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    level = django_filters.ChoiceFilter(choices=AgreementLevel.choices, label=_("Level"))
    partner = django_filters.ModelChoiceFilter(
        queryset=_visible_partners, label=_("Partner"), method="filter_partner"
    )
    lead_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Lead unit"))
    expiring_within = django_filters.NumberFilter(
        label=_("Expiring within (days)"), method="filter_expiring", min_value=0, max_value=3650
    )

    class Meta:
        model = Agreement
        fields = []

    def filter_partner(self, qs, name, value):
        return qs.filter(parties__partner=value).distinct() if value else qs

    def filter_expiring(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        return qs.filter(
            status__in=list(LIVE_STATUSES),
            valid_to__gte=today,
            valid_to__lte=today + datetime.timedelta(days=int(value)),
        )


class DateRangeWidget(django_filters.widgets.DateRangeWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": _("dd/mm/yyyy"), **(attrs or {})})


class CommitmentFilter(django_filters.FilterSet):
    q = TextSearchFilter(label=_("Search"))
    agreement = django_filters.ModelChoiceFilter(queryset=Agreement.objects.none(), label=_("Agreement"))
    side = django_filters.ChoiceFilter(choices=Side.choices, label=_("Promised by"))
    completion = django_filters.ChoiceFilter(choices=Completion.choices, label=_("Completion"))
    track = django_filters.ChoiceFilter(choices=Track.choices, label=_("Track"), method="filter_track")
    lead_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Lead unit"))
    partner = django_filters.ModelChoiceFilter(
        queryset=_visible_partners, label=_("Partner"), method="filter_partner"
    )
    due_on = django_filters.DateFromToRangeFilter(label=_("Due between"), widget=DateRangeWidget)

    class Meta:
        model = Commitment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agreement"].queryset = policy_for(Agreement).scope(self.request.user, VIEW)

    def filter_track(self, qs, name, value):
        return qs.filter(pk__in=queries.track_ids(qs, value, timezone.localdate())) if value else qs

    def filter_partner(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(pk__in=Commitment.objects.filter(partners=value).values("pk")) | qs.filter(
            agreement__in=Agreement.objects.filter(parties__partner=value).values("pk")
        )


class ReviewFilterForm(forms.Form):
    lead_unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False, label=_("Lead unit"))
    partner = forms.ModelChoiceField(queryset=Partner.objects.none(), required=False, label=_("Partner"))
    order = forms.ChoiceField(
        choices=queries.ReviewSort.choices, required=False, label=_("Order"), initial=queries.ReviewSort.STUCK
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = policy_for(Partner).scope(user, VIEW)

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}
