from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import HolidayKind


class Holiday(models.Model):
    """A day that breaks the Monday–Friday rule for civil servants: a weekday off, or a weekend day worked.

    Loaded from coophub/scheduler/data/vn_holidays.csv; administrators add each year's announcement.
    """

    day = models.DateField(_("day"), unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind"), max_length=24, choices=HolidayKind.choices, default=HolidayKind.HOLIDAY
    )

    class Meta:
        ordering = ["day"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self):
        name = self.name_en if (get_language() or "vi").startswith("en") and self.name_en else self.name_vi
        return f"{self.day:%d/%m/%Y} {name}"

    @property
    def is_day_off(self) -> bool:
        return self.kind != HolidayKind.SWAP_WORKING_DAY
