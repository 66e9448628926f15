"""Suggested talking points, derived by rule from the open items the pack gathered (never typed):

- thank the partner for commitments it delivered recently;
- urge the partner's commitments that are behind or have gone silent;
- report progress on Viet Nam's commitments, and review the joint ones together;
- propose renewing or extending agreements that expire soon;
- follow up what the last engagement left open;
- internally (not for saying to the partner): name the units to chase about late tasks.

Call with the pack's language active.
"""

from django.utils.translation import gettext as _

from coophub.agreements.choices import Side, Track
from coophub.core.dates import format_dmy
from coophub.reports.numbers import format_vi_percent

from .gather import Facts
from .sections import TalkingPoint

# No rule says more than this many things: a talking-points page is read in a minute.
PER_RULE = 6


def _title(obj) -> str:
    return f"“{obj}”"


def _addressee(facts: Facts, commitment=None) -> str:
    if commitment is not None:
        mine = [p for p in commitment.partners.all() if p.pk in {q.pk for q in facts.partners}]
        if mine:
            return str(mine[0])
    partner = facts.main_partner
    return str(partner) if partner else _("the partner")


def _thanks(facts: Facts) -> list[TalkingPoint]:
    return [
        TalkingPoint(
            _("Thank %(partner)s for delivering %(commitment)s (completed on %(date)s).")
            % {
                "partner": _addressee(facts, c),
                "commitment": _title(c),
                "date": format_dmy(c.completed_on),
            },
            kind="thanks",
        )
        for c in facts.delivered[:PER_RULE]
    ]


def _urge(facts: Facts) -> list[TalkingPoint]:
    points = []
    for c in facts.commitments:
        if c.side != Side.PARTNER:
            continue
        values = {
            "partner": _addressee(facts, c),
            "commitment": _title(c),
            "progress": format_vi_percent(c.progress, 0),
            "due": format_dmy(c.due_on),
        }
        if c.track == Track.BEHIND:
            if c.due_on:
                text = _("Urge %(partner)s to speed up %(commitment)s: %(progress)s done, due on %(due)s.")
            else:
                text = _("Urge %(partner)s to speed up %(commitment)s: %(progress)s done.")
            points.append(TalkingPoint(text % values, kind="urge"))
        elif c.quiet:
            heard = c.last_progress_on or c.start_on or c.created_at.date()
            values["since"] = format_dmy(heard)
            text = _("Ask %(partner)s for news of %(commitment)s: nothing has been reported since %(since)s.")
            points.append(TalkingPoint(text % values, kind="urge"))
    return points[:PER_RULE]


def _report(facts: Facts) -> list[TalkingPoint]:
    points = []
    for c in facts.commitments:
        if c.side == Side.PARTNER:
            continue
        values = {
            "commitment": _title(c),
            "progress": format_vi_percent(c.progress, 0),
            "completion": c.get_completion_display().lower(),
            "due": format_dmy(c.due_on),
        }
        if c.side == Side.VN:
            if c.due_on:
                text = _(
                    "Report Viet Nam's progress on %(commitment)s: %(progress)s done (%(completion)s), "
                    "due on %(due)s."
                )
            else:
                text = _("Report Viet Nam's progress on %(commitment)s: %(progress)s done (%(completion)s).")
        else:
            text = _(
                "Review together the joint commitment %(commitment)s: %(progress)s done (%(completion)s)."
            )
        points.append(TalkingPoint(text % values, kind="report"))
    return points[:PER_RULE]


def _renewals(facts: Facts) -> list[TalkingPoint]:
    points = []
    for a in facts.agreements:
        if not a.expiring:
            continue
        values = {"agreement": _title(a), "date": format_dmy(a.valid_to)}
        if a.days_left is not None and a.days_left < 0:
            text = _("%(agreement)s expired on %(date)s: propose renewing it.")
        elif a.auto_renew:
            text = _("%(agreement)s renews automatically on %(date)s: confirm both sides wish to continue.")
        else:
            text = _("%(agreement)s expires on %(date)s: propose its renewal or extension.")
        points.append(TalkingPoint(text % values, kind="renewal"))
    return points[:PER_RULE]


def _follow_ups(facts: Facts) -> list[TalkingPoint]:
    points = []
    for item in facts.follow_ups[:PER_RULE]:
        points.append(
            TalkingPoint(
                _("Follow up on what was agreed at %(engagement)s on %(date)s: %(outcome)s")
                % {
                    "engagement": _title(item.engagement),
                    "date": format_dmy(item.engagement.starts_on),
                    "outcome": item.outcome.text.strip(),
                },
                kind="follow_up",
            )
        )
    return points


def _chase(facts: Facts) -> list[TalkingPoint]:
    """One internal note per lead unit with late tasks, naming the focal people."""
    by_unit: dict[int, list] = {}
    for task in facts.late_tasks:
        by_unit.setdefault(task.lead_unit_id, []).append(task)
    points = []
    for tasks in list(by_unit.values())[:PER_RULE]:
        people = []
        for task in tasks:
            name = str(task.focal_person)
            if name not in people:
                people.append(name)
        points.append(
            TalkingPoint(
                _(
                    "Internal: before the meeting, chase %(unit)s (%(people)s) on %(count)s late task(s), "
                    "the longest %(days)s days overdue: %(titles)s."
                )
                % {
                    "unit": tasks[0].lead_unit,
                    "people": ", ".join(people),
                    "count": len(tasks),
                    "days": max(t.days_overdue for t in tasks),
                    "titles": "; ".join(_title(t) for t in tasks[:3]),
                },
                kind="chase",
                internal=True,
            )
        )
    return points


def talking_points(facts: Facts) -> list[TalkingPoint]:
    points = [
        *_thanks(facts),
        *_urge(facts),
        *_report(facts),
        *_renewals(facts),
        *_follow_ups(facts),
    ]
    for _key, _section_title, content in facts.extra:
        points.extend(content.talking_points)
    points.extend(_chase(facts))
    return points
