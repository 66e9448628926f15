from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _can_import(user) -> bool:
    from coophub.access.policies import ADD, policy_for
    from coophub.partners.models import Partner

    return policy_for(Partner).can(user, ADD)


# Navigation is data: later capabilities append their entries here (url name, label, who sees it).
NAVIGATION = [
    ("home", _("Dashboard"), None),
    ("partners:partner_list", _("Partners"), None),
    ("partners:contact_list", _("Contacts"), None),
    ("partners:mechanism_list", _("Mechanisms"), None),
    ("agreements:agreement_list", _("Agreements"), None),
    ("agreements:commitment_list", _("Commitments"), None),
    ("agreements:agreement_review", pgettext_lazy("navigation", "Programme review"), None),
    ("engagements:engagement_list", _("Engagements"), None),
    ("engagements:calendar", pgettext_lazy("navigation", "Calendar"), None),
    ("assignments:task_list", _("Tasks"), None),
    ("assignments:my_work", _("My work"), None),
    ("imports:job_list", _("Imports"), _can_import),
    ("audit:event_list", _("Audit trail"), lambda user: user.is_ministry_admin),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    items = [
        {"url": reverse(name), "label": label, "name": name}
        for name, label, visible in NAVIGATION
        if visible is None or visible(user)
    ]
    from coophub.notifications.services import unread_count

    return {"nav_items": items, "unread_notifications": unread_count(user)}
