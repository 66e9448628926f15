from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "coophub.accounts"
    label = "accounts"
    verbose_name = _("Accounts and units")

    def ready(self):
        from . import policies  # noqa: F401
