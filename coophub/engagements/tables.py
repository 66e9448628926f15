import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from coophub.core.dates import format_dmy

from .choices import Mode
from .models import Engagement, Official


def date_range(engagement) -> str:
    if engagement.ends_on and engagement.ends_on != engagement.starts_on:
        return f"{format_dmy(engagement.starts_on)} – {format_dmy(engagement.ends_on)}"
    return format_dmy(engagement.starts_on)


def place(engagement) -> str:
    parts = [engagement.venue, engagement.city, str(engagement.country) if engagement.country_id else ""]
    text = ", ".join(p for p in parts if p)
    if engagement.mode == Mode.ONLINE:
        return f"{text} ({Mode.ONLINE.label})" if text else str(Mode.ONLINE.label)
    return text


class EngagementTable(tables.Table):
    """The partners column shows only the partners the user may see: the view prefetches those."""

    starts_on = tables.Column(verbose_name=_("Date"), order_by=("starts_on", "start_time"))
    kind = tables.Column(verbose_name=_("Type"))
    title = tables.Column(
        verbose_name=_("Title"), accessor="title_vi", empty_values=(), linkify=True, order_by=("title_vi",)
    )
    leader = tables.Column(verbose_name=_("Leader"), accessor="leader__full_name", order_by=("leader__rank",))
    partners = tables.Column(verbose_name=_("Partners"), empty_values=(), orderable=False)
    place = tables.Column(verbose_name=_("Place"), empty_values=(), order_by=("city",))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Engagement
        fields = ("starts_on", "kind", "title", "leader", "partners", "place", "status")
        attrs = {"id": "engagement-table"}
        empty_text = _("No engagement matches.")

    def render_starts_on(self, record):
        return date_range(record)

    def value_starts_on(self, record):
        return date_range(record)

    def render_title(self, record):
        return str(record)

    def value_title(self, record):
        return str(record)

    def render_leader(self, record):
        if record.leader_title:
            return format_html('{}<br><small class="muted">{}</small>', record.leader, record.leader_title)
        return str(record.leader)

    def value_leader(self, record):
        return ", ".join(p for p in (str(record.leader), record.leader_title) if p)

    def render_partners(self, record):
        partners = list(record.partners.all())
        if not partners:
            return "—"
        return format_html_join("; ", '<a href="{}">{}</a>', ((p.get_absolute_url(), p) for p in partners))

    def value_partners(self, record):
        return "; ".join(str(p) for p in record.partners.all())

    def render_place(self, record):
        return place(record) or "—"

    def value_place(self, record):
        return place(record)

    def render_status(self, record):
        return format_html(
            '<span class="badge badge-status-{}">{}</span>', record.status, record.get_status_display()
        )

    def value_status(self, record):
        return record.get_status_display()


class OfficialTable(tables.Table):
    full_name = tables.Column(verbose_name=_("Name"), linkify=True)
    title = tables.Column(verbose_name=_("Title"), accessor="title_vi", empty_values=())
    unit = tables.Column(verbose_name=_("Unit"))
    is_leader = tables.BooleanColumn(verbose_name=_("Ministry leader"), yesno=(_("Yes"), "—"))
    is_active = tables.BooleanColumn(verbose_name=_("In office"), yesno=(_("Yes"), _("No")))

    class Meta:
        model = Official
        fields = ("full_name", "title", "unit", "is_leader", "is_active")
        attrs = {"id": "official-table"}
        empty_text = _("No official matches.")

    def render_title(self, record):
        return record.title

    def value_title(self, record):
        return record.title
