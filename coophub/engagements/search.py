from django.utils.translation import gettext_lazy as _

from coophub.search.registry import SearchIndex, register_search

from .choices import EngagementKind
from .models import Engagement


@register_search
class EngagementIndex(SearchIndex):
    model = Engagement
    title_fields = ("title_vi", "title_en", "code")
    body_fields = (
        "summary",
        "city",
        "venue",
        "leader_title",
        "other_topics",
        lambda e: [e.leader.full_name, e.leader.name_ascii] if e.leader_id else [],
        lambda e: [t for p in e.partners.all() for t in (p.name_vi, p.name_en, p.acronym)],
        lambda e: [p.name for p in e.vn_participants.all()] + [p.name for p in e.partner_participants.all()],
        lambda e: [o.text for o in e.outcomes.all()],
    )
    url_name = "engagements:engagement_detail"
    label = _("Engagements")

    def subtitle(self, obj):
        return f"{EngagementKind(obj.kind).label} · {obj.starts_on:%d/%m/%Y}"

    def queryset(self):
        return Engagement.objects.select_related("leader").prefetch_related(
            "partners", "vn_participants", "partner_participants", "outcomes"
        )
