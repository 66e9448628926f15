"""Work views: my work, my unit's work, overdue by unit, the calendar of deadlines and its personal iCal
feed, and the Ministry-wide report of possible overlaps."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coophub.accounts.feeds import active_feed_token, issue_feed_token, revoke_feed_token, user_for_feed_token
from coophub.core.ical import CalendarEvent, event_uid, ical_response
from coophub.overlaps.services import check_may_use_report, latest_reports, report_pairs, request_report

from . import queries


@login_required
@require_GET
def my_work(request):
    groups = queries.my_work(request.user)
    sections = [
        ("focal", _("I am the focal person"), groups["focal"]),
        ("assigned", _("I assigned"), groups["assigned"]),
        ("watched", _("I watch"), groups["watched"]),
    ]
    return render(request, "assignments/my_work.html", {"sections": sections})


@login_required
@require_GET
def unit_work(request):
    units = list(queries.work_units(request.user))
    wanted = request.GET.get("unit", "")
    unit = next((u for u in units if str(u.pk) == wanted), units[0] if units else None)
    context = {"units": units, "unit": unit}
    if unit is not None:
        context.update(queries.unit_work(request.user, unit))
    return render(request, "assignments/unit_work.html", context)


BUCKETS = ("completed_on_time", "completed_late", "within", "overdue", "no_deadline", "due_soon")


@login_required
@require_GET
def overdue_by_unit(request):
    today = queries.today()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    rows = queries.overdue_by_unit(request.user, today, year)
    totals = {key: sum(row[key] for row in rows) for key in BUCKETS}
    unit_id = request.GET.get("unit", "")
    unit_id = int(unit_id) if unit_id.isdigit() else None
    return render(
        request,
        "assignments/overdue_by_unit.html",
        {
            "rows": rows,
            "totals": totals,
            "year": year,
            "prev_year": year - 1,
            "next_year": year + 1 if year < today.year else None,
            "tasks": queries.overdue_tasks(request.user, today, unit_id),
            "unit_id": unit_id,
        },
    )


@login_required
@require_GET
def calendar(request):
    today = queries.today()
    first = queries.parse_month(request.GET.get("month"), today)
    as_list = request.GET.get("view") == "list"
    context = {
        "first": first,
        "month": f"{first:%Y-%m}",
        "prev_month": f"{queries.shift_month(first, -1):%Y-%m}",
        "next_month": f"{queries.shift_month(first, 1):%Y-%m}",
        "this_month": f"{today:%Y-%m}",
        "as_list": as_list,
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }
    if as_list:
        last = queries.shift_month(first, 1) - datetime.timedelta(days=1)
        context["tasks"] = queries.month_tasks(request.user, first, last, today)
    else:
        context["weeks"] = queries.calendar_weeks(request.user, first, today)
    return render(request, "assignments/calendar.html", context)


@require_GET
def ical_feed(request, token):
    """A person's task deadlines as all-day events; the token in the URL is the only credential."""
    user = user_for_feed_token(token)
    if user is None:
        raise Http404
    events = [
        CalendarEvent(
            uid=event_uid("task", task.pk),
            summary=f"[{task.code}] {task.title}",
            start=task.due_on,
            description=_("Lead unit: %(unit)s. Focal person: %(person)s. %(state)s.")
            % {"unit": task.lead_unit, "person": task.focal_person, "state": task.deadline_badge.label},
            url=request.build_absolute_uri(task.get_absolute_url()),
            categories=[task.deadline_badge.label],
            last_modified=task.updated_at,
        )
        for task in queries.feed_tasks(user)
    ]
    return ical_response(events, name=_("coophub — my deadlines"), filename="coophub-tasks.ics")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed(request):
    """Issue (or re-issue) and revoke the personal feed URL; the URL is shown once, right after issuing."""
    feed_url = engagements_feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke_feed_token(actor=request.user)
            messages.success(request, _("The calendar feed address no longer works."))
        else:
            raw = issue_feed_token(actor=request.user)
            feed_url = request.build_absolute_uri(reverse("assignments:ical_feed", args=[raw]))
            # The same token opens the engagements feed.
            engagements_feed_url = request.build_absolute_uri(reverse("engagements:ical_feed", args=[raw]))
            messages.success(
                request, _("A new calendar feed address was made; any earlier one stopped working.")
            )
    return render(
        request,
        "assignments/calendar_feed.html",
        {
            "feed_url": feed_url,
            "engagements_feed_url": engagements_feed_url,
            "token": active_feed_token(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def possible_overlaps(request):
    """The latest build of the report (built in the background: it compares every open record); POST asks
    for a new build. While one runs, the page polls its status."""
    check_may_use_report(request.user)
    if request.method == "POST":
        request_report(actor=request.user)
        messages.info(request, _("The report is being rebuilt in the background; this page updates itself."))
        return redirect("assignments:possible_overlaps")
    done, busy = latest_reports()
    pairs = report_pairs(request.user, done)
    for pair in pairs:
        pair.percent = round(pair.score * 100)
        pair.explanations = pair.first.explanations()
        for match in (pair.first, pair.second):
            match.type_label = match.model._meta.verbose_name
    context = {"pairs": pairs, "report": done, "busy": busy}
    template = "assignments/possible_overlaps.html"
    if request.htmx:
        template += "#report"
    return render(request, template, context)
