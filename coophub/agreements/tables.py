import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coophub.core.dates import format_dmy

from . import progress
from .models import Agreement, Commitment


def _percent(value) -> str:
    return f"{value:.0f}%" if value is not None else "—"


def progress_bar(value):
    if value is None:
        return "—"
    return format_html('<progress max="100" value="{}"></progress> {}', f"{value:.0f}", _percent(value))


def _person(obj) -> str:
    parts = [str(p) for p in (obj.lead_unit, obj.focal_person) if p]
    return " — ".join(parts) if parts else str(_("nobody named"))


class AgreementTable(tables.Table):
    title_vi = tables.Column(linkify=True, verbose_name=_("Title"))
    code = tables.Column(verbose_name=_("Code"))
    kind = tables.Column(verbose_name=_("Type"))
    status = tables.Column(verbose_name=_("Status"))
    level = tables.Column(verbose_name=_("Level"))
    lead_unit = tables.Column(verbose_name=_("Lead unit"), accessor="lead_unit__abbreviation")
    validity = tables.Column(
        verbose_name=_("Validity"), accessor="valid_to", empty_values=(), order_by=("valid_to", "valid_from")
    )
    days_to_expiry = tables.Column(
        verbose_name=_("Days to expiry"), accessor="valid_to", order_by=("valid_to",)
    )

    class Meta:
        model = Agreement
        fields = ("title_vi", "code", "kind", "status", "level", "lead_unit", "validity", "days_to_expiry")

    def render_validity(self, record):
        if not (record.valid_from or record.valid_to):
            return "—"
        return f"{format_dmy(record.valid_from) or '…'} – {format_dmy(record.valid_to) or '…'}"

    def render_days_to_expiry(self, record):
        return record.days_to_expiry(timezone.localdate())


class CommitmentTable(tables.Table):
    title_vi = tables.Column(linkify=True, verbose_name=_("Title"))
    agreement = tables.Column(linkify=True, verbose_name=_("Agreement"))
    kind = tables.Column(verbose_name=_("Kind"))
    side = tables.Column(verbose_name=_("Promised by"))
    lead_unit = tables.Column(verbose_name=_("Lead unit"), accessor="lead_unit__abbreviation")
    due_on = tables.DateColumn(verbose_name=_("Due"), format="d/m/Y")
    progress = tables.Column(verbose_name=_("Progress"), empty_values=())
    completion = tables.Column(verbose_name=_("Completion"))
    track = tables.Column(verbose_name=_("Track"), accessor="pk", orderable=False, empty_values=())

    class Meta:
        model = Commitment
        fields = ("title_vi", "agreement", "kind", "side", "lead_unit", "due_on", "progress", "completion")
        sequence = (*fields, "track")

    def render_progress(self, value):
        return progress_bar(value)

    def value_progress(self, value):
        return value

    def render_track(self, record):
        track = progress.track(record, timezone.localdate())
        return format_html('<span class="badge badge-track-{}">{}</span>', track.value, track.label)

    def value_track(self, record):
        return progress.track(record, timezone.localdate()).label


class ReviewTable(tables.Table):
    """The review of signed programmes, one row per live agreement; the rows come sorted from the query."""

    agreement = tables.Column(linkify=True, verbose_name=_("Agreement"), orderable=False)
    status = tables.Column(verbose_name=_("Status"), accessor="agreement", orderable=False)
    lead_unit = tables.Column(verbose_name=_("Lead unit"), accessor="agreement__lead_unit", orderable=False)
    partners = tables.Column(verbose_name=_("Partners"), orderable=False, empty_values=())
    progress = tables.Column(verbose_name=_("Progress"), orderable=False, empty_values=())
    completion = tables.Column(
        verbose_name=_("Commitments by completion"), accessor="commitments", orderable=False, empty_values=()
    )
    stuck = tables.Column(verbose_name=_("What is stuck"), accessor="stuck_count", orderable=False)
    overdue = tables.Column(
        verbose_name=_("Overdue tasks"), accessor="overdue_count", orderable=False, empty_values=()
    )
    last_activity = tables.DateColumn(verbose_name=_("Last activity"), format="d/m/Y", orderable=False)

    class Meta:
        attrs = {"id": "review-table"}
        empty_text = _("No live agreement matches.")

    def render_status(self, value):
        return value.get_status_display()

    def render_partners(self, value):
        return ", ".join(str(p) for p in value) or "—"

    def render_progress(self, value):
        return progress_bar(value)

    def value_progress(self, value):
        return value

    def _completion_text(self, record):
        return "; ".join(f"{level.label}: {n}" for level, n in record.completion_counts)

    def render_completion(self, record):
        if not record.commitments:
            return "—"
        return format_html_join(
            "",
            '<span class="completion completion-{}">{}: <strong>{}</strong></span><br>',
            ((level.value, level.label, n) for level, n in record.completion_counts),
        )

    def value_completion(self, record):
        return self._completion_text(record)

    def _stuck_items(self, record):
        labels = (
            (record.behind, _("behind")),
            (record.at_risk, _("at risk")),
            (record.quiet, _("no news for 90 days")),
        )
        return [(c, label) for items, label in labels for c in items]

    def _overdue_text(self, record) -> str:
        n = record.overdue_count
        return ngettext("%(n)s overdue task", "%(n)s overdue tasks", n) % {"n": n} if n else ""

    def render_stuck(self, record):
        if not record.stuck_count:
            return format_html('<span class="muted">{}</span>', _("nothing stuck"))
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> <span class="badge">{}</span> <small>{}</small></li>',
            ((c.get_absolute_url(), c, label, _person(c)) for c, label in self._stuck_items(record)),
        )
        if record.overdue_count:
            items = format_html("{}<li>{}</li>", items, self._overdue_text(record))
        return format_html(
            '<strong class="stuck-count">{}</strong><ul class="plain-list">{}</ul>', record.stuck_count, items
        )

    def value_stuck(self, record):
        items = [f"{c} ({label}: {_person(c)})" for c, label in self._stuck_items(record)]
        items += [self._overdue_text(record)] if record.overdue_count else []
        return f"{record.stuck_count}: {'; '.join(items)}" if items else "0"

    def _overdue_items(self, record):
        return [
            (
                t,
                ngettext("%(days)s day overdue", "%(days)s days overdue", t.days_overdue)
                % {"days": t.days_overdue},
                f"{t.lead_unit} — {t.focal_person}",
            )
            for t in record.worst_overdue
        ]

    def render_overdue(self, record):
        if not record.overdue_count:
            return "0"
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> <small>{}</small><br><span class="accountable">{}</span></li>',
            ((t.get_absolute_url(), t, days, who) for t, days, who in self._overdue_items(record)),
        )
        return format_html('<strong>{}</strong><ul class="plain-list">{}</ul>', record.overdue_count, items)

    def value_overdue(self, record):
        items = "; ".join(f"{t} ({days}; {who})" for t, days, who in self._overdue_items(record))
        return f"{record.overdue_count}: {items}" if items else str(record.overdue_count)
