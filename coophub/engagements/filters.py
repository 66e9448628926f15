import django_filters
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.agreements.filters import DateRangeWidget
from coophub.partners.filters import TextSearchFilter
from coophub.partners.models import Country, Partner

from .choices import EngagementKind, EngagementLevel, EngagementStatus
from .models import Engagement, Official, Topic


def _visible_partners(request):
    return policy_for(Partner).scope(request.user, VIEW) if request else Partner.objects.none()


def _ids(**lookup):
    """The engagements matching a lookup across a many-to-many or reverse relation, as a subquery."""
    return Engagement.objects.filter(**lookup).values("pk")


class EngagementFilter(django_filters.FilterSet):
    q = TextSearchFilter(label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=EngagementKind.choices, label=_("Type"))
    level = django_filters.ChoiceFilter(choices=EngagementLevel.choices, label=_("Level"))
    status = django_filters.ChoiceFilter(choices=EngagementStatus.choices, label=_("Status"))
    year = django_filters.NumberFilter(
        field_name="starts_on", lookup_expr="year", label=_("Year"), min_value=1990, max_value=2100
    )
    dates = django_filters.DateFromToRangeFilter(
        label=_("Between"), method="filter_dates", widget=DateRangeWidget
    )
    leader = django_filters.ModelChoiceFilter(
        queryset=Official.objects.all(), label=_("Leader"), method="filter_leader"
    )
    lead_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Lead unit"))
    partner = django_filters.ModelChoiceFilter(
        queryset=_visible_partners, label=_("Partner"), method="filter_partner"
    )
    country = django_filters.ModelChoiceFilter(
        queryset=Country.objects.all(), label=_("Country"), method="filter_country"
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(), label=_("Topic"), method="filter_topic"
    )

    class Meta:
        model = Engagement
        fields = []

    def filter_dates(self, qs, name, value):
        """Engagements that take place, at least partly, between the two dates."""
        if not value:
            return qs
        if value.start:
            qs = qs.annotate(_last_day=Coalesce("ends_on", "starts_on")).filter(_last_day__gte=value.start)
        if value.stop:
            qs = qs.filter(starts_on__lte=value.stop)
        return qs

    def filter_leader(self, qs, name, value):
        """Led by the official, or with the official in the Vietnamese delegation."""
        if not value:
            return qs
        return qs.filter(Q(leader=value) | Q(pk__in=_ids(vn_participants__official=value)))

    def filter_partner(self, qs, name, value):
        return qs.filter(pk__in=_ids(partners=value)) if value else qs

    def filter_country(self, qs, name, value):
        """A partner country of the engagement, or the country it took place in."""
        if not value:
            return qs
        return qs.filter(Q(country=value) | Q(pk__in=_ids(countries=value)))

    def filter_topic(self, qs, name, value):
        return qs.filter(pk__in=_ids(topics=value)) if value else qs


class OfficialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Unit"))
    is_leader = django_filters.BooleanFilter(label=_("Ministry leader"))
    is_active = django_filters.BooleanFilter(label=_("In office"))

    class Meta:
        model = Official
        fields = []

    def filter_name(self, qs, name, value):
        """Matches with or without diacritics ("tran quy kien")."""
        from coophub.core.text import fold_vi

        folded = fold_vi(value).strip()
        if not folded:
            return qs
        ids = [
            pk
            for pk, full, ascii_ in qs.values_list("pk", "full_name", "name_ascii")
            if folded in fold_vi(full) or folded in fold_vi(ascii_)
        ]
        return qs.filter(pk__in=ids)
