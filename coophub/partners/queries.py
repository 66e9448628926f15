"""Reads for partners, always starting from the policy scope."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coophub.access.policies import VIEW, policy_for
from coophub.search.queries import matching_object_ids

from .models import Partner


class PartnerOrdering(models.TextChoices):
    NAME = "name", _("Name")
    NAME_DESC = "-name", _("Name (Z–A)")
    UPDATED = "-updated", _("Recently updated")
    KIND = "kind", _("Type")
    COUNTRY = "country", _("Country")


_ORDER = {
    PartnerOrdering.NAME: ("name_vi", "id"),
    PartnerOrdering.NAME_DESC: ("-name_vi", "-id"),
    PartnerOrdering.UPDATED: ("-updated_at", "-id"),
    PartnerOrdering.KIND: ("kind", "name_vi", "id"),
    PartnerOrdering.COUNTRY: ("country__name_en", "name_vi", "id"),
}


def matching_ids(user, model, text: str, limit: int | None = None) -> list[int]:
    """Ids of `model` records whose text matches, best first, for filtering a list that already starts from
    the user's policy scope. Every match counts (not just a first page of search hits), so a list filtered by
    text shows all its rows and counts them right."""
    ids = matching_object_ids(model, text)
    return ids[:limit] if limit else ids


def partner_list(user, filters: dict) -> models.QuerySet:
    qs = policy_for(Partner).scope(user, VIEW).select_related("country", "owner_unit")
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("country"):
        code = filters["country"].upper()
        qs = qs.filter(models.Q(country__iso2=code) | models.Q(country__iso3=code))
    if filters.get("priority"):
        qs = qs.filter(priority=filters["priority"])
    if filters.get("owner_unit_id"):
        qs = qs.filter(owner_unit_id=filters["owner_unit_id"])
    if filters.get("q"):
        qs = qs.filter(pk__in=matching_ids(user, Partner, filters["q"]))
    return qs.order_by(
        *_ORDER.get(filters.get("ordering") or PartnerOrdering.NAME, _ORDER[PartnerOrdering.NAME])
    )
