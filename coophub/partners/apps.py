from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "coophub.partners"
    label = "partners"
    verbose_name = _("Partners and mechanisms")

    def ready(self):
        from . import events, policies  # noqa: F401  (registers policies and timeline renderers)
