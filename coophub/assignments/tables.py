import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .choices import DeadlineState
from .models import Task
from .queries import badge


def deadline_badge_html(state: str):
    if not state:
        return "—"
    b = badge(state)
    return format_html('<span class="badge badge-deadline-{} {}">{}</span>', b.state, b.css, b.label)


class TaskTable(tables.Table):
    code = tables.Column(linkify=True, verbose_name=_("Code"))
    title = tables.Column(linkify=True, verbose_name=_("Title"))
    lead_unit = tables.Column(verbose_name=_("Lead unit"), accessor="lead_unit__abbreviation")
    focal_person = tables.Column(verbose_name=_("Focal person"))
    due_on = tables.DateColumn(format="d/m/Y", verbose_name=_("Due"))
    deadline = tables.Column(verbose_name=_("Deadline"), accessor="deadline", default="")
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Task
        fields = ("code", "title", "lead_unit", "focal_person", "due_on", "deadline", "status")
        order_by = ("due_on",)
        empty_text = _("No tasks match.")

    def render_lead_unit(self, record):
        return record.lead_unit.abbreviation or str(record.lead_unit)

    def value_lead_unit(self, record):
        return record.lead_unit.abbreviation or str(record.lead_unit)

    def render_deadline(self, value):
        return deadline_badge_html(value)

    def value_deadline(self, value):
        return str(DeadlineState(value).label) if value else ""

    def value_due_on(self, value):
        return value.strftime("%d/%m/%Y") if value else ""
