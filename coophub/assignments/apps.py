from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "coophub.assignments"
    label = "assignments"
    verbose_name = _("Assignments")

    def ready(self):
        from . import events, overlaps, policies, search  # noqa: F401  (registers policies, search, overlaps, timeline)
