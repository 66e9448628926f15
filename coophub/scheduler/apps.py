from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    name = "coophub.scheduler"
    label = "scheduler"
    verbose_name = _("Scheduling and working days")

    def ready(self):
        from . import policies  # noqa: F401  (registers the Holiday policy)
        from .models import Holiday
        from .workdays import holiday_changed

        post_save.connect(holiday_changed, sender=Holiday, dispatch_uid="scheduler.holiday_saved")
        post_delete.connect(holiday_changed, sender=Holiday, dispatch_uid="scheduler.holiday_deleted")
