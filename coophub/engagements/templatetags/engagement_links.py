"""Links from other records' pages back to engagements, each checked against what the user may see."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from coophub.access.policies import ADD, VIEW, policy_for

from ..models import Engagement

register = template.Library()

RECENT = 10


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def engagement_source(context, obj):
    """The engagement a commitment or a task came from, if the user may see it; otherwise None.

    {% engagement_source object as source %}{% if source %}{{ source.engagement }} {{ source.on }}{% endif %}
    """
    try:
        outcome = obj.engagement_outcome
    except (AttributeError, ObjectDoesNotExist):
        return None
    user = _user(context)
    engagement = policy_for(Engagement).scope(user, VIEW).filter(pk=outcome.engagement_id).first()
    if engagement is None:
        return None
    return {"engagement": engagement, "url": engagement.get_absolute_url(), "on": engagement.starts_on}


@register.simple_tag(takes_context=True)
def partner_engagements(context, partner, limit=RECENT):
    """A partner's engagements the user may see, newest first: {"rows", "count", "list_url"}."""
    visible = (
        policy_for(Engagement)
        .scope(_user(context), VIEW)
        .filter(pk__in=Engagement.objects.filter(partners=partner).values("pk"))
    )
    return {
        "rows": list(visible.order_by("-starts_on", "-start_time", "-id")[:limit]),
        "count": visible.count(),
        "list_url": reverse("engagements:engagement_list") + f"?partner={partner.pk}",
        "new_url": reverse("engagements:engagement_create") + f"?partner={partner.pk}",
        "can_add": policy_for(Engagement).can(_user(context), ADD),
    }
