"""Tasks take part in overlap detection: an open task with a similar title and description, or the same
partner or country, is shown before a new task or commitment is saved and in the possible-overlaps report."""

from coophub.overlaps.registry import OverlapSpec, register_overlap

from .models import Task


@register_overlap
class TaskOverlapSpec(OverlapSpec):
    model = Task

    def text(self, obj) -> str:
        return f"{obj.title} {obj.description}"

    def keys(self, obj) -> dict:
        return {
            "partner_ids": [obj.partner_id] if obj.partner_id else [],
            "country_ids": [obj.country_id] if obj.country_id else [],
        }

    def is_open(self, obj) -> bool:
        return obj.is_open

    def label(self, obj) -> str:
        return f"{obj.code} · {obj.title} ({obj.lead_unit.abbreviation or obj.lead_unit})"

    def queryset(self):
        return Task.objects.select_related("lead_unit")
