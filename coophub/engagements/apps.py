from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "coophub.engagements"
    label = "engagements"
    verbose_name = _("Engagements")

    def ready(self):
        # Registers policies, search indexes and timeline renderers.
        from . import events, logistics, policies, search  # noqa: F401
