from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    # A weekday off in lieu: of a holiday that fell on a weekend (nghỉ bù), or swapped against a working
    # weekend day (nghỉ hoán đổi).
    COMPENSATORY = "compensatory", _("Day off in lieu")
    SWAP_WORKING_DAY = "swap_working_day", _("Weekend working day")
