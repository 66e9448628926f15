"""What the record APIs share: the date type, optimistic-locking headers, and turning the ids and codes a
request sends into objects the caller may reference (an unknown one is a 422 naming its field)."""

import datetime
from contextlib import contextmanager
from typing import Annotated

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.partners.models import Country

# Dates a person could mean: an absurd year would overflow the date arithmetic of alerts and ladders.
Day = Annotated[datetime.date, Field(ge=datetime.date(1900, 1, 1), le=datetime.date(2199, 12, 31))]


def today() -> datetime.date:
    return timezone.localdate()


# Versions ---------------------------------------------------------------------------------------------------


def if_match(request) -> int | None:
    """The version an If-Match header names, if any."""
    raw = request.headers.get("If-Match", "").strip().strip("W/").strip('"')
    return int(raw) if raw.isdigit() else None


def etag(response, obj):
    """Answer `obj` with its version as the ETag, for the next If-Match."""
    response["ETag"] = f'"{obj.version}"'
    return obj


# Errors and references -------------------------------------------------------------------------------------


@contextmanager
def input_names(schema: type[Schema], **renamed):
    """Services name model fields (focal_person); the caller sent the schema's (focal_person_id): an error
    names the field of the request."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        fields = set(schema.model_fields)

        def name(key):
            if key in renamed:
                return renamed[key]
            for candidate in (f"{key}_id", f"{key.removesuffix('s')}_ids"):
                if candidate in fields:
                    return candidate
            return key

        raise ValidationError({name(k): v for k, v in exc.error_dict.items()}) from exc


def visible(request, model, key: str, pk, message: str):
    """The record `pk` of `model` if the caller may see it; otherwise a 422 naming `key`."""
    if pk is None:
        return None
    obj = policy_for(model).scope(request.user, VIEW).filter(pk=pk).first()
    if obj is None:
        raise ValidationError({key: message})
    return obj


def unit(key: str, pk):
    if pk is None:
        return None
    found = Unit.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({key: _("No such unit.")})
    return found


def user(key: str, pk):
    if pk is None:
        return None
    found = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if found is None:
        raise ValidationError({key: _("No such user.")})
    return found


def many(key: str, model, ids, queryset=None) -> list:
    ids = set(ids)
    found = list((queryset if queryset is not None else model.objects.all()).filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({key: _("Some of these ids do not exist.")})
    return found


def country(code):
    """The country of an ISO 3166-1 alpha-2 or alpha-3 code."""
    if code in (None, ""):
        return None
    found = Country.objects.filter(Q(iso2__iexact=code) | Q(iso3__iexact=code)).first()
    if found is None:
        raise ValidationError({"country": _("Unknown country code “%(code)s”.") % {"code": code}})
    return found


def owned_data(request, data: dict) -> dict:
    """owner_unit_id (the caller's primary unit when a POST omits it) and the access lists."""
    if "owner_unit_id" in data:
        unit_id = data.pop("owner_unit_id")
        if unit_id is None and request.method == "POST":
            data["owner_unit"] = request.user.primary_unit
        else:
            data["owner_unit"] = unit("owner_unit_id", unit_id)
        if data["owner_unit"] is None:
            raise ValidationError({"owner_unit_id": _("No such unit.")})
    for key, model, name in (
        ("allowed_unit_ids", Unit, "allowed_units"),
        ("allowed_user_ids", get_user_model(), "allowed_users"),
    ):
        if data.get(key) is not None:
            data[name] = many(key, model, data[key])
        data.pop(key, None)
    data.pop("version", None)
    return data
