"""Abstract bases shared by every domain record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    MINISTRY = "ministry", _("Ministry-wide")
    UNIT = "unit", _("Owning unit only")
    RESTRICTED = "restricted", _("Restricted to named people and units")


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class OwnedRecord(TimeStampedModel):
    """A record with an owning unit, a visibility and an edit version for stale-write detection."""

    owner_unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owning unit")
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.MINISTRY
    )
    allowed_units = models.ManyToManyField(
        "accounts.Unit", blank=True, related_name="+", verbose_name=_("also visible to units")
    )
    allowed_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("also visible to people")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
