"""The engagement calendar (month, week, list), its personal iCal feed and the year's statistics."""

import datetime

import django_tables2 as tables
from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_tables2.export import TableExport

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.feeds import user_for_feed_token
from coophub.accounts.models import Unit
from coophub.core.views import EXPORT_FORMATS
from coophub.partners.models import Country, Partner

from . import calendar_queries as cq
from .calendar_feed import feed_response
from .choices import EngagementKind
from .models import Engagement, Official
from .stats import year_counts

VIEWS = ("month", "week", "list")
MIN_YEAR, MAX_YEAR = 1900, 2199


class CalendarFilterForm(forms.Form):
    """Leader, unit, partner, country and type; a choice the user may not see is not offered."""

    leader = forms.ModelChoiceField(Official.objects.none(), required=False, label=gettext_lazy("Leader"))
    unit = forms.ModelChoiceField(Unit.objects.none(), required=False, label=gettext_lazy("Unit"))
    partner = forms.ModelChoiceField(Partner.objects.none(), required=False, label=gettext_lazy("Partner"))
    country = forms.ModelChoiceField(Country.objects.none(), required=False, label=gettext_lazy("Country"))
    kind = forms.ChoiceField(
        choices=[("", "---------"), *EngagementKind.choices], required=False, label=gettext_lazy("Type")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = policy_for(Official).scope(user, VIEW)
        self.fields["partner"].queryset = policy_for(Partner).scope(user, VIEW)
        self.fields["unit"].queryset = policy_for(Unit).scope(user, VIEW)
        self.fields["country"].queryset = policy_for(Country).scope(user, VIEW)

    def filters(self) -> cq.CalendarFilters:
        data = self.cleaned_data
        return cq.CalendarFilters(
            leader_id=data["leader"].pk if data.get("leader") else None,
            unit_id=data["unit"].pk if data.get("unit") else None,
            partner_id=data["partner"].pk if data.get("partner") else None,
            country_id=data["country"].pk if data.get("country") else None,
            kind=data.get("kind") or "",
        )


def _navigation(view: str, anchor: datetime.date) -> dict:
    """The dates the previous and next buttons go to, as the `date` of the query string."""
    if view == "month":
        first = anchor.replace(day=1)
        prev, following = cq.shift_month(first, -1), cq.shift_month(first, 1)
    elif view == "week":
        monday = cq.week_start(anchor)
        prev, following = monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=7)
    else:
        prev, following = cq.shift_month(anchor, -cq.LIST_MONTHS), cq.shift_month(anchor, cq.LIST_MONTHS)
    return {"prev_date": prev.isoformat(), "next_date": following.isoformat()}


def _is_current(view: str, anchor: datetime.date, today: datetime.date) -> bool:
    if view == "month":
        return (anchor.year, anchor.month) == (today.year, today.month)
    if view == "week":
        return cq.week_start(anchor) == cq.week_start(today)
    return anchor == today


@login_required
@require_GET
def calendar(request):
    user, today = request.user, cq.today()
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "month"
    anchor = cq.parse_date(request.GET.get("date"), today)
    form = CalendarFilterForm(request.GET, user=user)
    filters = form.filters() if form.is_valid() else cq.CalendarFilters()
    context = {
        "view": view,
        "anchor": anchor,
        "today": today,
        "is_current": _is_current(view, anchor, today),
        "form": form,
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        **_navigation(view, anchor),
    }
    if view == "month":
        context["weeks"] = cq.month_weeks(user, anchor, filters, today)
    elif view == "week":
        context["days"] = cq.week_days(user, anchor, filters, today)
        context["week_end"] = context["days"][-1].date
    else:
        context["months"] = cq.list_months(user, anchor, filters)
        context["list_end"] = cq.list_span(anchor)[1]
    return render(request, "engagements/calendar.html", context)


@require_GET
def ical_feed(request, token):
    """The token owner's engagements from 90 days back to a year ahead; the token is the only credential."""
    user = user_for_feed_token(token)
    if user is None:
        raise Http404
    form = CalendarFilterForm(request.GET, user=user)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
            content_type="text/plain; charset=utf-8",
        )
    return feed_response(
        cq.feed_engagements(user, form.filters()),
        name=_("coophub — engagements"),
        base_url=request.build_absolute_uri("/"),
    )


# ---------- statistics ----------


class HeadlineTable(tables.Table):
    figure = tables.Column(verbose_name=gettext_lazy("Figure"))
    count = tables.Column(verbose_name=gettext_lazy("Count"))


class KindTable(tables.Table):
    label = tables.Column(verbose_name=gettext_lazy("Type"))
    count = tables.Column(verbose_name=gettext_lazy("Engagements"))


class LeaderTable(tables.Table):
    leader = tables.Column(verbose_name=gettext_lazy("Leader"))
    count = tables.Column(verbose_name=gettext_lazy("Engagements led"))
    visits = tables.Column(verbose_name=gettext_lazy("Of which official visits"))


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if MIN_YEAR <= year <= MAX_YEAR else default


def _years(user, year: int, current: int) -> list[int]:
    """Every year from the first to the last visible engagement, with this one and the one shown."""
    span = policy_for(Engagement).scope(user, VIEW).aggregate(first=Min("starts_on"), last=Max("starts_on"))
    years = {year, current}
    if span["first"]:
        years |= set(range(span["first"].year, span["last"].year + 1))
    return sorted(years, reverse=True)


def headline_rows(counts: dict) -> list[dict]:
    figures = (
        ("ministerial_visits", _("Official ministerial-level visits")),
        ("multilateral_delegations", _("Ministerial delegations to multilateral events")),
        ("working_sessions", _("Working sessions with ambassadors and organisations")),
        ("total", _("All engagements")),
    )
    return [{"key": key, "figure": figure, "count": counts[key]} for key, figure in figures]


EXPORT_TABLES = {"headline": HeadlineTable, "kinds": KindTable, "leaders": LeaderTable}


@login_required
@require_GET
def stats(request):
    current = cq.today().year
    year = _year(request.GET.get("year"), current)
    counts = year_counts(request.user, year)
    list_url = reverse("engagements:engagement_list")
    for row in counts["by_kind"]:
        row["url"] = f"{list_url}?{urlencode({'year': year, 'kind': row['kind']})}"
    for row in counts["by_leader"]:
        row["url"] = f"{list_url}?{urlencode({'year': year, 'leader': row['leader_id']})}"
    rows = {"headline": headline_rows(counts), "kinds": counts["by_kind"], "leaders": counts["by_leader"]}
    export, which = request.GET.get("_export"), request.GET.get("table", "kinds")
    if export in EXPORT_FORMATS and which in EXPORT_TABLES:
        table = EXPORT_TABLES[which](rows[which])
        return TableExport(export, table).response(f"engagements-{year}-{which}.{export}")
    context = {
        "year": year,
        "years": _years(request.user, year, current),
        "counts": counts,
        "headline": rows["headline"],
        "export_formats": EXPORT_FORMATS,
        "list_url": list_url,
    }
    return render(request, "engagements/stats.html", context)
