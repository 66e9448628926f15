import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.agreements.models import Agreement, Commitment
from coophub.partners.filters import TextSearchFilter
from coophub.partners.models import Partner

from .choices import DeadlineState, TaskPriority, TaskStatus
from .deadlines import deadline_state_q
from .models import Task
from .queries import today


class DateRangeWidget(django_filters.widgets.SuffixedMultiWidget):
    """Two date pickers posting due_after and due_before."""

    template_name = "django_filters/widgets/multiwidget.html"
    suffixes = ["after", "before"]

    def __init__(self, attrs=None):
        date = {"type": "date"}
        widgets = (forms.DateInput(date, format="%Y-%m-%d"), forms.DateInput(date, format="%Y-%m-%d"))
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return [value.start, value.stop] if value else [None, None]


class TaskFilter(django_filters.FilterSet):
    q = TextSearchFilter(label=_("Search"))
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices, label=_("Status"))
    deadline = django_filters.ChoiceFilter(
        choices=DeadlineState.choices, label=_("Deadline"), method="filter_deadline"
    )
    lead_unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all(), label=_("Lead unit"))
    focal_person = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.none(), label=_("Focal person")
    )
    priority = django_filters.ChoiceFilter(choices=TaskPriority.choices, label=_("Priority"))
    partner = django_filters.ModelChoiceFilter(queryset=Partner.objects.none(), label=_("Partner"))
    agreement = django_filters.ModelChoiceFilter(queryset=Agreement.objects.none(), label=_("Agreement"))
    commitment = django_filters.ModelChoiceFilter(queryset=Commitment.objects.none(), label=_("Commitment"))
    due = django_filters.DateFromToRangeFilter(
        field_name="due_on", label=_("Due between"), widget=DateRangeWidget
    )
    source_document = django_filters.CharFilter(lookup_expr="icontains", label=_("Source document"))

    class Meta:
        model = Task
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user
        self.filters["focal_person"].queryset = (
            get_user_model().objects.filter(is_active=True, memberships__isnull=False).distinct()
        )
        self.filters["partner"].queryset = policy_for(Partner).scope(user, VIEW)
        self.filters["agreement"].queryset = policy_for(Agreement).scope(user, VIEW)
        self.filters["commitment"].queryset = policy_for(Commitment).scope(user, VIEW)

    def filter_deadline(self, qs, name, value):
        return qs.filter(deadline_state_q(value, today())) if value else qs
