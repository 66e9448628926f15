from django.utils.translation import gettext_lazy as _

from coophub.search.registry import SearchIndex, register_search

from .models import Task


@register_search
class TaskIndex(SearchIndex):
    model = Task
    title_fields = ("title", "code")
    body_fields = (
        "description",
        "source_document",
        "source_meeting",
        "result",
        lambda t: [t.lead_unit.name_vi, t.lead_unit.abbreviation],
    )
    url_name = "assignments:task_detail"
    label = _("Tasks")

    def subtitle(self, obj):
        return obj.get_status_display()

    def queryset(self):
        return Task.objects.select_related("lead_unit")
