import django_filters
from django.utils.translation import gettext_lazy as _

from coophub.accounts.models import Unit
from coophub.core.models import Visibility

from .choices import MechanismKind, PartnerKind, Priority
from .models import Contact, Country, Mechanism, Partner
from .queries import matching_ids


class TextSearchFilter(django_filters.CharFilter):
    """Folded full-text match through the search index (works with or without diacritics)."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=matching_ids(self.parent.request.user, qs.model, value, limit=100))


class PartnerFilter(django_filters.FilterSet):
    q = TextSearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=PartnerKind.choices, label=_("Type"))
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all(), label=_("Country"))
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("Priority"))
    owner_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Owning unit"))
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"))

    class Meta:
        model = Partner
        fields = []


class ContactFilter(django_filters.FilterSet):
    q = TextSearchFilter(label=_("Search"))
    partner = django_filters.ModelChoiceFilter(queryset=Partner.objects.none(), label=_("Partner"))

    class Meta:
        model = Contact
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from coophub.access.policies import VIEW, policy_for

        self.filters["partner"].queryset = policy_for(Partner).scope(self.request.user, VIEW)


class MechanismFilter(django_filters.FilterSet):
    q = TextSearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=MechanismKind.choices, label=_("Type"))

    class Meta:
        model = Mechanism
        fields = []
