from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "coophub.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        autodiscover_modules("search")
