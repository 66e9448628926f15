import django_filters
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, AuditEvent


class AuditFilter(django_filters.FilterSet):
    actor_name = django_filters.CharFilter(lookup_expr="icontains", label=_("Actor"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    object_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.filter(app_label__in=["partners", "accounts", "documents"]),
        label=_("Type"),
    )
    object_repr = django_filters.CharFilter(lookup_expr="icontains", label=_("Object"))
    request_id = django_filters.UUIDFilter(label=_("Request id"))
    occurred_after = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("From")
    )
    occurred_before = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("To")
    )

    class Meta:
        model = AuditEvent
        fields = []


@login_required
def event_list(request):
    """The Ministry-wide audit trail, for administrators only. Read-only: nothing here writes."""
    if not request.user.is_ministry_admin:
        raise PermissionDenied
    filterset = AuditFilter(request.GET, queryset=AuditEvent.objects.select_related("object_type", "actor"))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"filter": filterset, "page": page})
