"""Counts per year, by type and by leader, so the year-end review's figures come from the records.

Definitions (shown on the statistics page):
- official ministerial-level visits: outgoing and incoming visits at ministerial level;
- ministerial delegations to multilateral events: multilateral meetings and conferences abroad, at ministerial
  level;
- working sessions: courtesy calls, bilateral talks and working sessions (ambassadors, organisations).
"""

from django.db.models import Count, Q

from coophub.access.policies import VIEW, policy_for

from .choices import VISIT_KINDS, EngagementKind, EngagementLevel
from .models import Engagement

MINISTERIAL_VISITS = Q(kind__in=VISIT_KINDS, level=EngagementLevel.MINISTERIAL)
MULTILATERAL_DELEGATIONS = (
    Q(
        kind__in=(EngagementKind.MULTILATERAL_MEETING, EngagementKind.CONFERENCE),
        level=EngagementLevel.MINISTERIAL,
    )
    & Q(country__isnull=False)
    & ~Q(country_id="VN")
)
WORKING_SESSIONS = Q(
    kind__in=(EngagementKind.COURTESY_CALL, EngagementKind.BILATERAL_TALKS, EngagementKind.WORKING_SESSION)
)


def year_counts(user, year: int) -> dict:
    engagements = policy_for(Engagement).scope(user, VIEW).filter(starts_on__year=year)
    headline = engagements.aggregate(
        total=Count("pk"),
        ministerial_visits=Count("pk", filter=MINISTERIAL_VISITS),
        multilateral_delegations=Count("pk", filter=MULTILATERAL_DELEGATIONS),
        working_sessions=Count("pk", filter=WORKING_SESSIONS),
    )
    by_kind = dict(engagements.order_by().values_list("kind").annotate(n=Count("pk")))
    by_leader = list(
        engagements.filter(leader__isnull=False)
        .order_by()
        .values("leader_id", "leader__full_name", "leader__rank")
        .annotate(n=Count("pk"), visits=Count("pk", filter=MINISTERIAL_VISITS))
        .order_by("leader__rank", "leader__full_name")
    )
    return {
        "year": year,
        **headline,
        "by_kind": [
            {"kind": k, "label": str(EngagementKind(k).label), "count": by_kind.get(k, 0)}
            for k in EngagementKind.values
        ],
        "by_leader": [
            {
                "leader_id": r["leader_id"],
                "leader": r["leader__full_name"],
                "count": r["n"],
                "visits": r["visits"],
            }
            for r in by_leader
        ],
    }
