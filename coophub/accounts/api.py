import datetime

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from coophub.access.policies import VIEW, policy_for
from coophub.api.schemas import ERRORS, ListParams, RecordId, page

from .models import Unit

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    code: str
    name_vi: str
    name_en: str
    abbreviation: str
    kind: str
    parent_id: int | None
    is_dic: bool
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class UnitList(Schema):
    count: int
    items: list[UnitOut]


class UnitFilters(ListParams):
    q: str | None = Field(None, max_length=100)
    kind: str | None = Field(None, max_length=16)


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    units: list[UnitOut]
    roles: list[str]


@router.get("/units", response={200: UnitList, **ERRORS}, operation_id="units_list")
def list_units(request, filters: Query[UnitFilters]):
    qs = policy_for(Unit).scope(request.user, VIEW).order_by("code")
    if filters.q:
        qs = (
            qs.filter(name_vi__icontains=filters.q)
            | qs.filter(name_en__icontains=filters.q)
            | qs.filter(abbreviation__iexact=filters.q)
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return page(qs, filters)


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS}, operation_id="units_get")
def get_unit(request, unit_id: RecordId):
    unit = policy_for(Unit).scope(request.user, VIEW).filter(pk=unit_id).first()
    if unit is None:
        raise HttpError(404, "Not found.")
    return unit


@router.get("/me", response={200: MeOut, **ERRORS}, operation_id="me")
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "units": list(Unit.objects.filter(pk__in=user.unit_ids)),
        "roles": sorted(user.roles()),
    }
