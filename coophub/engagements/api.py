"""REST endpoints for engagement records, their people and outcomes, the follow-up of an outcome, and the
officials and topics they refer to: thin adapters over services.py and followup.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router
from ninja.responses import Status

from coophub.access.policies import VIEW, policy_for
from coophub.accounts.models import Unit
from coophub.agreements.models import Agreement
from coophub.api.helpers import country as country_of
from coophub.api.helpers import etag, if_match, input_names, many, owned_data, unit, user, visible
from coophub.api.schemas import ERRORS, WRITE_ERRORS, RecordId, page
from coophub.core.services import check_version
from coophub.core.text import fold_vi
from coophub.partners.models import Contact, Country, Mechanism, Partner
from coophub.search.queries import matching_object_ids

from . import followup, services, services_officials
from .api_schemas import (
    CommitmentFromOutcomeIn,
    CommitmentLinkOut,
    EngagementFilters,
    EngagementIn,
    EngagementList,
    EngagementOut,
    EngagementPatch,
    OfficialFilters,
    OfficialIn,
    OfficialList,
    OfficialOut,
    OutcomeIn,
    OutcomeOut,
    OutcomePatch,
    TaskFromOutcomeIn,
    TaskLinkOut,
    TopicFilters,
    TopicList,
    TransitionIn,
)
from .choices import ENGAGEMENT_ACTIONS, EngagementAction
from .models import Engagement, Official, Topic

router = Router(tags=["engagements"])

PEOPLE = ("vn_participants", "partner_participants", "outcomes")


def _engagements(user):
    return (
        policy_for(Engagement)
        .scope(user, VIEW)
        .prefetch_related(
            "partners",
            "countries",
            "topics",
            "agreements",
            "vn_participants",
            "partner_participants",
            "outcomes",
        )
        .order_by("-starts_on", F("start_time").desc(nulls_last=True), "-id")
    )


def _visible_engagement(request, engagement_id) -> Engagement:
    return get_object_or_404(_engagements(request.user), pk=engagement_id)


def _visible_outcome(request, engagement_id, outcome_id):
    engagement = _visible_engagement(request, engagement_id)
    return get_object_or_404(engagement.outcomes.select_related("engagement"), pk=outcome_id)


# Turning ids and codes into the objects the services take ---------------------------------------------------

# A sent id -> (the field the service takes, its model, the message when the caller cannot see such a record)
REFERENCES = {
    "leader_id": ("leader", Official, gettext_lazy("No such official.")),
    "official_id": ("official", Official, gettext_lazy("No such official.")),
    "lead_unit_id": ("lead_unit", Unit, None),
    "unit_id": ("unit", Unit, None),
    "mechanism_id": ("mechanism", Mechanism, gettext_lazy("No such mechanism.")),
    "contact_id": ("contact", Contact, gettext_lazy("No such contact.")),
    "partner_id": ("partner", Partner, gettext_lazy("No such partner.")),
}


def _country(key: str, code):
    try:
        return country_of(code)
    except ValidationError as exc:
        raise ValidationError({key: exc.error_dict["country"]}) from exc


def _resolve(request, row: dict, prefix: str = "") -> dict:
    """The row with its ids and country code as objects; an unknown or invisible one is a 422 naming it."""
    for key, (name, model, message) in REFERENCES.items():
        if key in row:
            pk, field = row.pop(key), prefix + key
            row[name] = unit(field, pk) if model is Unit else visible(request, model, field, pk, message)
    if "country" in row:
        row["country"] = _country(prefix + "country", row["country"])
    return row


def _codes(key: str, model, codes, *fields) -> list:
    wanted = {c.upper() for c in codes} if model is Country else set(codes)
    lookup = Q()
    for field in fields:
        lookup |= Q(**{f"{field}__in": wanted})
    found = list(model.objects.filter(lookup))
    unknown = sorted(wanted - {getattr(obj, f) for obj in found for f in fields})
    if unknown:
        message = (
            _("Unknown country code “%(code)s”.") if model is Country else _("Unknown topic code “%(code)s”.")
        )
        raise ValidationError({key: message % {"code": unknown[0]}})
    return found


def _engagement_data(request, schema, engagement=None):
    """The record's fields (in a PATCH, only those sent) and its lists of people and outcomes (None: not sent;
    each row sent is whole, with its defaults)."""
    payload = schema.dict(exclude_unset=engagement is not None)
    data = _resolve(request, owned_data(request, {k: v for k, v in payload.items() if k not in PEOPLE}))
    if data.get("code") is None:
        data.pop("code", None)  # no code: a null, not an empty string (codes are unique)
    if "title_vi" in data and data["title_vi"] is None:
        data.pop("title_vi")
    for key in ("kind", "starts_on"):
        if key in data and data[key] is None:
            raise ValidationError({key: _("This field cannot be empty.")})
    for key, name, model in (
        ("partner_ids", "partners", Partner),
        ("agreement_ids", "agreements", Agreement),
    ):
        if data.get(key) is not None:
            data[name] = many(key, model, data[key], policy_for(model).scope(request.user, VIEW))
        data.pop(key, None)
    if data.get("countries") is not None:
        data["countries"] = _codes("countries", Country, data["countries"], "iso2", "iso3")
    if data.get("topics") is not None:
        data["topics"] = _codes("topics", Topic, data["topics"], "code")
    people = {
        name: [_resolve(request, row.dict(), f"{name}.{i}.") for i, row in enumerate(getattr(schema, name))]
        for name in PEOPLE
        if name in payload
    }
    for row in people.get("partner_participants", []):
        if row["contact"] is not None:
            row["name"] = row["name"] or row["contact"].full_name
            row["partner"] = row["partner"] or row["contact"].partner
    if "outcomes" in people and engagement is not None:
        # An item naming an outcome already followed up is that outcome, which the service keeps.
        kept = set(engagement.outcomes.exclude(commitment=None, task=None).values_list("pk", flat=True))
        people["outcomes"] = [row for row in people["outcomes"] if row.get("id") not in kept]
    for row in people.get("outcomes", []):
        row.pop("id", None)
    return data, people


def _check_may(user, engagement, action: str) -> None:
    """The reason a transition the status allows is refused to this caller (services decide the same)."""
    if action not in ENGAGEMENT_ACTIONS or engagement.status not in ENGAGEMENT_ACTIONS[action][0]:
        return  # the service names the field
    if action in services.allowed_actions(user, engagement):
        return
    if action == EngagementAction.REVIEW:
        raise PermissionDenied(_("Only an editor of the unit that owns this record may mark it as reviewed."))
    raise PermissionDenied(
        _(
            "Only the DIC's coordinators, the head of the unit that owns this record and the Ministry's "
            "leaders may approve it or return it to draft."
        )
    )


# Engagements ------------------------------------------------------------------------------------------------


def _linked(m2m: str, **lookup):
    """Ids of the engagements linked to a partner, a country or a topic (no duplicate rows in the list)."""
    return getattr(Engagement, m2m).through.objects.filter(**lookup).values("engagement_id")


@router.get("/engagements", response={200: EngagementList, **ERRORS}, operation_id="engagements_list")
def list_engagements(request, filters: Query[EngagementFilters]):
    qs = _engagements(request.user)
    for name in ("kind", "level", "status", "leader_id", "lead_unit_id"):
        if getattr(filters, name):
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.year:
        qs = qs.filter(starts_on__year=filters.year)
    if filters.date_from:
        qs = qs.filter(
            Q(ends_on__gte=filters.date_from) | Q(ends_on__isnull=True, starts_on__gte=filters.date_from)
        )
    if filters.date_to:
        qs = qs.filter(starts_on__lte=filters.date_to)
    if filters.partner_id:
        qs = qs.filter(pk__in=_linked("partners", partner_id=filters.partner_id))
    if filters.country:
        place = _country("country", filters.country)
        qs = qs.filter(Q(country=place) | Q(pk__in=_linked("countries", country_id=place.pk)))
    if filters.topic:
        qs = qs.filter(pk__in=_linked("topics", topic__code=filters.topic))
    if filters.q:
        qs = qs.filter(pk__in=matching_object_ids(Engagement, filters.q))
    return page(qs, filters)


@router.post("/engagements", response={201: EngagementOut, **WRITE_ERRORS}, operation_id="engagements_create")
def create_engagement(request, payload: EngagementIn, response: HttpResponse):
    with input_names(EngagementIn):
        data, people = _engagement_data(request, payload)
        engagement = services.create_engagement(actor=request.user, data=data, **people)
    return Status(201, etag(response, _visible_engagement(request, engagement.pk)))


@router.get(
    "/engagements/{engagement_id}", response={200: EngagementOut, **ERRORS}, operation_id="engagements_get"
)
def get_engagement(request, engagement_id: RecordId, response: HttpResponse):
    return etag(response, _visible_engagement(request, engagement_id))


@router.patch(
    "/engagements/{engagement_id}",
    response={200: EngagementOut, **WRITE_ERRORS},
    operation_id="engagements_update",
)
def update_engagement(request, engagement_id: RecordId, payload: EngagementPatch, response: HttpResponse):
    engagement = _visible_engagement(request, engagement_id)
    version = payload.version or if_match(request)
    with input_names(EngagementPatch):
        data, people = _engagement_data(request, payload, engagement)
        services.update_engagement(engagement, actor=request.user, data=data, version=version, **people)
    return etag(response, _visible_engagement(request, engagement_id))


@router.delete(
    "/engagements/{engagement_id}", response={204: None, **WRITE_ERRORS}, operation_id="engagements_delete"
)
def delete_engagement(request, engagement_id: RecordId):
    services.delete_engagement(_visible_engagement(request, engagement_id), actor=request.user)
    return Status(204, None)


@router.post(
    "/engagements/{engagement_id}/transitions",
    response={200: EngagementOut, **WRITE_ERRORS},
    operation_id="engagements_transition",
)
def transition_engagement(request, engagement_id: RecordId, payload: TransitionIn, response: HttpResponse):
    """Review (an editor of the owning unit), approve or return to draft (the DIC's coordinators, the owning
    unit's head, the leaders)."""
    engagement = _visible_engagement(request, engagement_id)
    version = payload.version or if_match(request)
    check_version(engagement, version)
    _check_may(request.user, engagement, payload.action)
    services.transition_engagement(engagement, actor=request.user, action=payload.action, version=version)
    return etag(response, _visible_engagement(request, engagement_id))


# Outcomes and their follow-up -------------------------------------------------------------------------------


@router.post(
    "/engagements/{engagement_id}/outcomes",
    response={201: OutcomeOut, **WRITE_ERRORS},
    operation_id="engagements_outcomes_add",
)
def add_outcome(request, engagement_id: RecordId, payload: OutcomeIn):
    engagement = _visible_engagement(request, engagement_id)
    data = payload.dict(exclude={"id"})
    outcome = services.add_outcome(engagement, actor=request.user, data=data)
    return Status(201, outcome)


@router.patch(
    "/engagements/{engagement_id}/outcomes/{outcome_id}",
    response={200: OutcomeOut, **WRITE_ERRORS},
    operation_id="engagements_outcomes_update",
)
def update_outcome(request, engagement_id: RecordId, outcome_id: RecordId, payload: OutcomePatch):
    outcome = _visible_outcome(request, engagement_id, outcome_id)
    data = payload.dict(exclude_unset=True)
    for key in ("kind", "side", "text"):
        if key in data and data[key] is None:
            raise ValidationError({key: _("This field cannot be empty.")})
    return services.update_outcome(outcome, actor=request.user, data=data)


@router.delete(
    "/engagements/{engagement_id}/outcomes/{outcome_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="engagements_outcomes_delete",
)
def delete_outcome(request, engagement_id: RecordId, outcome_id: RecordId):
    services.delete_outcome(_visible_outcome(request, engagement_id, outcome_id), actor=request.user)
    return Status(204, None)


def _link(outcome, key: str, obj, path: str) -> Status:
    return Status(
        201,
        {
            "outcome_id": outcome.pk,
            key: obj.pk,
            "url": obj.get_absolute_url(),
            "api_url": f"{reverse('api:api-root')}{path}/{obj.pk}",
        },
    )


@router.post(
    "/engagements/{engagement_id}/outcomes/{outcome_id}/commitment",
    response={201: CommitmentLinkOut, **WRITE_ERRORS},
    operation_id="engagements_outcome_to_commitment",
)
def outcome_to_commitment(
    request, engagement_id: RecordId, outcome_id: RecordId, payload: CommitmentFromOutcomeIn
):
    """Make the outcome a commitment (its text, side, partners and country from the engagement), linked both
    ways."""
    outcome = _visible_outcome(request, engagement_id, outcome_id)
    with input_names(CommitmentFromOutcomeIn):
        data = {
            "lead_unit": unit("lead_unit_id", payload.lead_unit_id),
            "focal_person": user("focal_person_id", payload.focal_person_id),
            "due_on": payload.due_on,
            "title_vi": payload.title_vi,
        }
        commitment = followup.outcome_to_commitment(outcome, actor=request.user, data=data)
    return _link(outcome, "commitment_id", commitment, "commitments")


@router.post(
    "/engagements/{engagement_id}/outcomes/{outcome_id}/task",
    response={201: TaskLinkOut, **WRITE_ERRORS},
    operation_id="engagements_outcome_to_task",
)
def outcome_to_task(request, engagement_id: RecordId, outcome_id: RecordId, payload: TaskFromOutcomeIn):
    """Make the outcome a follow-up task with one lead unit and one focal person, linked both ways."""
    outcome = _visible_outcome(request, engagement_id, outcome_id)
    with input_names(TaskFromOutcomeIn):
        data = {
            "lead_unit": unit("lead_unit_id", payload.lead_unit_id),
            "focal_person": user("focal_person_id", payload.focal_person_id),
            "due_on": payload.due_on,
            "title": payload.title,
        }
        task = followup.outcome_to_task(outcome, actor=request.user, data=data)
    return _link(outcome, "task_id", task, "tasks")


# Officials and topics ---------------------------------------------------------------------------------------


def _officials(user):
    return policy_for(Official).scope(user, VIEW).order_by("rank", "full_name", "id")


@router.get(
    "/engagement-officials", response={200: OfficialList, **ERRORS}, operation_id="engagement_officials_list"
)
def list_officials(request, filters: Query[OfficialFilters]):
    qs = _officials(request.user)
    for name in ("is_leader", "is_active", "unit_id"):
        if getattr(filters, name) is not None:
            qs = qs.filter(**{name: getattr(filters, name)})
    if filters.q:
        ids = [
            o.pk
            for o in qs.only("full_name", "name_ascii", "title_vi", "title_en")
            if fold_vi(filters.q) in fold_vi(f"{o.full_name} | {o.name_ascii} | {o.title_vi} | {o.title_en}")
        ]
        qs = qs.filter(pk__in=ids)
    return page(qs, filters)


@router.get(
    "/engagement-officials/{official_id}",
    response={200: OfficialOut, **ERRORS},
    operation_id="engagement_officials_get",
)
def get_official(request, official_id: RecordId, response: HttpResponse):
    return etag(response, get_object_or_404(_officials(request.user), pk=official_id))


@router.post(
    "/engagement-officials",
    response={201: OfficialOut, **WRITE_ERRORS},
    operation_id="engagement_officials_create",
)
def create_official(request, payload: OfficialIn, response: HttpResponse):
    """Add a Ministry leader or officer to the directory (administrators and editors)."""
    data = payload.dict()
    with input_names(OfficialIn):
        data["unit"] = unit("unit_id", data.pop("unit_id"))
        data["user"] = user("user_id", data.pop("user_id"))
        official = services_officials.create_official(actor=request.user, data=data)
    return Status(201, etag(response, official))


@router.get("/engagement-topics", response={200: TopicList, **ERRORS}, operation_id="engagement_topics_list")
def list_topics(request, filters: Query[TopicFilters]):
    """The shared topic vocabulary, in Vietnamese and English: the codes an engagement's `topics` take."""
    qs = policy_for(Topic).scope(request.user, VIEW).order_by("code")
    if filters.q:
        wanted = fold_vi(filters.q)
        ids = [t.pk for t in qs if wanted in fold_vi(f"{t.code} | {t.name_vi} | {t.name_en} | {t.keywords}")]
        qs = qs.filter(pk__in=ids)
    return page(qs, filters)
