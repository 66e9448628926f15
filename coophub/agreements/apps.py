from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "coophub.agreements"
    label = "agreements"
    verbose_name = _("Agreements and commitments")

    def ready(self):
        # Registers policies, search indexes, overlap specs and timeline renderers.
        from . import events, overlaps, policies, search  # noqa: F401
