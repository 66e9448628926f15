"""Every persona × every surface × every kind of record visibility, for each model with an access policy.

The expectations below are written out by hand from PRODUCT.md's rules, not derived from the policy code,
so the matrix checks the policies rather than repeating them. A record outside a user's view scope must be
invisible on every surface (404 on its pages and API, absent from lists, search and exports); a visible record
the user may not change answers 403 on its edit and delete pages and API writes.

To cover a new model, add a ModelSpec to SPECS: how to make its record for each visibility, and its URLs.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from conftest import bearer, make_user

pytestmark = pytest.mark.django_db

PERSONAS = [
    "dic_officer",
    "dic_director",
    "unit_focal_point",
    "unit_head",
    "other_unit_officer",
    "counsellor",
    "leader",
    "admin_user",
]
EVERYONE = set(PERSONAS)

# Records: "restricted" is owned by DIC and restricted; "unit_only" is owned by the Plant Protection
# Department (PPD) and visible to that unit only; "ministry" is owned by DIC and Ministry-wide; "shared" is
# restricted to DIC but names the Forestry department (other_unit_officer's unit) in allowed_units.
RECORDS = ["restricted", "unit_only", "ministry", "shared"]

CAN_VIEW = {
    "restricted": {"dic_officer", "dic_director", "counsellor", "admin_user"},
    "unit_only": {"unit_focal_point", "unit_head", "dic_director", "leader", "admin_user"},
    "ministry": EVERYONE,
    "shared": {"dic_officer", "dic_director", "counsellor", "other_unit_officer", "admin_user"},
}
CAN_CHANGE = {
    "restricted": {"dic_officer", "dic_director", "admin_user"},
    "unit_only": {"unit_focal_point", "unit_head", "admin_user"},
    "ministry": {"dic_officer", "dic_director", "admin_user"},
    "shared": {"dic_officer", "dic_director", "admin_user"},
}
CAN_DELETE = {
    "restricted": {"dic_director", "admin_user"},
    "unit_only": {"unit_head", "admin_user"},
    "ministry": {"dic_director", "admin_user"},
    "shared": {"dic_director", "admin_user"},
}

# The unique word in every record's name, so search and list checks cannot match anything else.
MARK = "Zyxwarbler"


@dataclass
class ModelSpec:
    name: str
    make: Callable  # make(owner_admin, units, record_kind) -> the record
    label: Callable  # the text the list pages and exports show for the record
    list_url: str
    detail_url: str  # URL names taking the pk
    edit_url: str
    delete_url: str
    history_url: str
    api: str
    type_label: str
    delete_follows_change: bool = False  # contacts: deleting is part of changing the partner

    def can_delete(self, persona, record):
        return persona in (CAN_CHANGE if self.delete_follows_change else CAN_DELETE)[record]


def _owned(units, record):
    owner = units["ppd"] if record == "unit_only" else units["dic"]
    visibility = {
        "restricted": "restricted",
        "unit_only": "unit",
        "ministry": "ministry",
        "shared": "restricted",
    }
    return {
        "owner_unit": owner,
        "visibility": visibility[record],
        "allowed_units": [units["forestry"]] if record == "shared" else None,
    }


def make_partner_record(actor, units, record):
    from coophub.partners import services

    return services.create_partner(
        actor=actor,
        data={
            "code": f"MATRIX-{record}",
            "kind": "ministry",
            "name_vi": f"Đối tác {MARK} {record}",
            **_owned(units, record),
        },
    )


def make_mechanism_record(actor, units, record):
    from coophub.partners import services

    return services.create_mechanism(
        actor=actor,
        data={
            "code": f"MATRIX-{record}",
            "kind": "dialogue",
            "name_vi": f"Đối thoại {MARK} {record}",
            **_owned(units, record),
        },
    )


def make_contact_record(actor, units, record):
    from coophub.partners import services

    partner = services.create_partner(
        actor=actor,
        data={
            "code": f"MATRIX-P-{record}",
            "kind": "ministry",
            "name_vi": f"Đối tác chủ {record}",
            **_owned(units, record),
        },
    )
    return services.create_contact(actor=actor, partner=partner, data={"full_name": f"Ông {MARK} {record}"})


def make_agreement_record(actor, units, record):
    from coophub.agreements import services

    return services.create_agreement(
        actor=actor,
        data={
            "code": f"MATRIX-{record}",
            "kind": "mou",
            "title_vi": f"Bản ghi nhớ {MARK} {record}",
            **_owned(units, record),
        },
    )


def make_commitment_record(actor, units, record):
    """No lead unit or focal person: they would widen who sees it (checked on their own below)."""
    from coophub.agreements import services

    return services.create_commitment(
        actor=actor, data={"title_vi": f"Cam kết {MARK} {record}", **_owned(units, record)}
    )


def make_task_record(actor, units, record):
    """A task needs a lead unit and a focal person, who always see it: the owning unit leads and the focal
    person is a new member of it, so nobody outside the expectations above is added (checked on their own
    below)."""
    from coophub.assignments import services

    owned = _owned(units, record)
    focal = make_user(f"matrix_focal_{record}", owned["owner_unit"], "officer")
    return services.create_task(
        actor=actor,
        data={
            "title": f"Nhiệm vụ {MARK} {record}",
            "lead_unit": owned["owner_unit"],
            "focal_person": focal,
            **owned,
        },
    )


def make_engagement_record(actor, units, record):
    """No lead unit or participating officials: they would widen who sees it."""
    import datetime

    from coophub.engagements import services

    return services.create_engagement(
        actor=actor,
        data={
            "kind": "courtesy_call",
            "title_vi": f"Tiếp Đại sứ {MARK} {record}",
            "starts_on": datetime.date(2025, 9, 16),
            **_owned(units, record),
        },
    )


SPECS = [
    ModelSpec(
        "partner",
        make_partner_record,
        lambda o: o.name_vi,
        "partners:partner_list",
        "partners:partner_detail",
        "partners:partner_edit",
        "partners:partner_delete",
        "partners:partner_history",
        "/api/v1/partners",
        "partners.partner",
    ),
    ModelSpec(
        "mechanism",
        make_mechanism_record,
        lambda o: o.name_vi,
        "partners:mechanism_list",
        "partners:mechanism_detail",
        "partners:mechanism_edit",
        "partners:mechanism_delete",
        "partners:mechanism_history",
        "/api/v1/mechanisms",
        "partners.mechanism",
    ),
    ModelSpec(
        "contact",
        make_contact_record,
        lambda o: o.full_name,
        "partners:contact_list",
        "partners:contact_detail",
        "partners:contact_edit",
        "partners:contact_delete",
        "partners:contact_history",
        "/api/v1/contacts",
        "partners.contact",
        delete_follows_change=True,
    ),
    ModelSpec(
        "agreement",
        make_agreement_record,
        lambda o: o.title_vi,
        "agreements:agreement_list",
        "agreements:agreement_detail",
        "agreements:agreement_edit",
        "agreements:agreement_delete",
        "agreements:agreement_history",
        "/api/v1/agreements",
        "agreements.agreement",
    ),
    ModelSpec(
        "commitment",
        make_commitment_record,
        lambda o: o.title_vi,
        "agreements:commitment_list",
        "agreements:commitment_detail",
        "agreements:commitment_edit",
        "agreements:commitment_delete",
        "agreements:commitment_history",
        "/api/v1/commitments",
        "agreements.commitment",
    ),
    ModelSpec(
        "task",
        make_task_record,
        lambda o: o.title,
        "assignments:task_list",
        "assignments:task_detail",
        "assignments:task_edit",
        "assignments:task_delete",
        "assignments:task_history",
        "/api/v1/tasks",
        "assignments.task",
    ),
    ModelSpec(
        "engagement",
        make_engagement_record,
        lambda o: o.title_vi,
        "engagements:engagement_list",
        "engagements:engagement_detail",
        "engagements:engagement_edit",
        "engagements:engagement_delete",
        "engagements:engagement_history",
        "/api/v1/engagements",
        "engagements.engagement",
    ),
]


class PermissionMatrix:
    """Reusable checks of one record on every surface for one signed-in persona."""

    def __init__(self, client, spec: ModelSpec, obj, headers):
        self.client, self.spec, self.obj, self.headers = client, spec, obj, headers
        self.detail = reverse(spec.detail_url, args=[obj.pk])

    def page(self, url_name, **params):
        return self.client.get(
            reverse(url_name, args=[self.obj.pk]) if url_name != self.spec.list_url else reverse(url_name),
            params,
        )

    def listed_on_web(self) -> bool:
        response = self.client.get(reverse(self.spec.list_url))
        assert response.status_code == 200
        html = response.content.decode()
        return self.spec.label(self.obj) in html or f'href="{self.detail}"' in html

    def listed_in_export(self) -> bool:
        response = self.client.get(reverse(self.spec.list_url), {"_export": "csv"})
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows, "the export has at least its header row"
        return any(self.spec.label(self.obj) in cell for row in rows[1:] for cell in row)

    def found_on_search_page(self) -> bool:
        response = self.client.get(reverse("search"), {"q": MARK.lower()})
        assert response.status_code == 200
        return f'href="{self.detail}"' in response.content.decode()

    def found_by_search_api(self) -> bool:
        response = self.client.get("/api/v1/search", {"q": MARK.lower()}, **self.headers)
        assert response.status_code == 200, response.content
        return (self.spec.type_label, self.obj.pk) in {(h["type"], h["id"]) for h in response.json()["items"]}

    def listed_by_api(self) -> bool:
        response = self.client.get(self.spec.api, {"limit": 200}, **self.headers)
        assert response.status_code == 200, response.content
        return self.obj.pk in {item["id"] for item in response.json()["items"]}

    def api_status(self, method, **kwargs) -> int:
        url = f"{self.spec.api}/{self.obj.pk}"
        call = getattr(self.client, method)
        if method == "patch":
            return call(url, {}, content_type="application/json", **self.headers).status_code
        return call(url, **self.headers).status_code


@pytest.fixture
def records_admin(units):
    return make_user("matrix_admin", units["dic"], "admin")


@pytest.fixture
def decoy(records_admin, units):
    """A Ministry-wide record everyone sees, so an empty page cannot pass for a correctly filtered one."""
    from coophub.partners import services

    partner = services.create_partner(
        actor=records_admin,
        data={
            "code": "DECOY",
            "kind": "ministry",
            "name_vi": "Đối tác Công khai Mồi",
            "owner_unit": units["dic"],
        },
    )
    return partner


@pytest.mark.parametrize("record", RECORDS)
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_and_changes_exactly_what_the_rules_allow(
    client, request, units, records_admin, decoy, persona, spec, record
):
    from coophub.accounts.services import create_token

    user = request.getfixturevalue(persona)
    obj = spec.make(records_admin, units, record)
    client.force_login(user)
    _token, raw = create_token(actor=user, name="matrix")
    m = PermissionMatrix(client, spec, obj, {"HTTP_AUTHORIZATION": f"Bearer {raw}"})

    visible = persona in CAN_VIEW[record]
    may_change = persona in CAN_CHANGE[record]
    may_delete = spec.can_delete(persona, record)
    assert visible or not (may_change or may_delete), "the expectations above contradict each other"

    # The decoy proves the list pages render rows for this persona.
    assert decoy.name_vi in client.get(reverse("partners:partner_list")).content.decode()

    # Lists, exports and search
    assert m.listed_on_web() is visible
    assert m.listed_in_export() is visible
    assert m.found_on_search_page() is visible
    assert m.found_by_search_api() is visible
    assert m.listed_by_api() is visible

    # Pages of the record
    hidden_or = (lambda allowed: 200 if allowed else 403) if visible else (lambda allowed: 404)
    assert m.page(spec.detail_url).status_code == (200 if visible else 404)
    assert m.page(spec.history_url).status_code == (200 if visible else 404)
    assert m.page(spec.edit_url).status_code == hidden_or(may_change)
    assert m.page(spec.delete_url).status_code == hidden_or(may_delete)

    # API reads and writes (the delete last: it removes the record)
    assert m.api_status("get") == (200 if visible else 404)
    assert m.api_status("patch") == hidden_or(may_change)
    assert m.api_status("delete") == ((204 if may_delete else 403) if visible else 404)
    assert type(obj).objects.filter(pk=obj.pk).exists() is not may_delete


@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_but_the_named_units_sees_a_restricted_partner_through_its_children(
    client, request, units, records_admin, persona
):
    """A restricted partner's contacts, memberships and timeline entries never leak it to other personas."""
    from coophub.partners import services

    user = request.getfixturevalue(persona)
    secret = make_partner_record(records_admin, units, "restricted")
    public = services.create_partner(
        actor=records_admin,
        data={"code": "PUB", "kind": "ministry", "name_vi": "Đối tác Công khai", "owner_unit": units["dic"]},
    )
    mechanism = services.create_mechanism(
        actor=records_admin,
        data={"code": "MECH", "kind": "dialogue", "name_vi": "Đối thoại chung", "owner_unit": units["dic"]},
    )
    services.set_member(mechanism, secret, actor=records_admin, role="member")
    services.set_member(mechanism, public, actor=records_admin, role="member")
    client.force_login(user)

    html = client.get(reverse("partners:mechanism_detail", args=[mechanism.pk])).content.decode()
    assert (secret.name_vi in html) is (persona in CAN_VIEW["restricted"])
    assert public.name_vi in html


# The people doing the work see it whatever its visibility. Take a restricted DIC record led by the Plant
# Protection Department: its focal person (unit_focal_point) and the lead unit's members (unit_head) read it;
# so do a task's coordinating units (other_unit_officer's Forestry) and its watchers (leader). Only the owning
# unit's editors and administrators change it.
DOERS_VIEW = {
    "task": CAN_VIEW["restricted"] | {"unit_focal_point", "unit_head", "other_unit_officer", "leader"},
    "commitment": CAN_VIEW["restricted"] | {"unit_focal_point", "unit_head"},
}
DOERS_CHANGE = CAN_CHANGE["restricted"]
# Commitment progress comes from the owning unit's editors, the focal person and the lead unit's editors.
PROGRESS_LOGGERS = DOERS_CHANGE | {"unit_focal_point", "unit_head"}


def _led_by_ppd(actor, units, kind, focal, watcher):
    if kind == "task":
        from coophub.assignments import services

        return services.create_task(
            actor=actor,
            data={
                "title": f"Nhiệm vụ {MARK} phối hợp",
                "lead_unit": units["ppd"],
                "focal_person": focal,
                **_owned(units, "restricted"),
            },
            coordinators=[{"unit": units["forestry"], "part": "Số liệu lâm nghiệp"}],
            watchers=[watcher],
        )
    from coophub.agreements import services

    return services.create_commitment(
        actor=actor,
        data={
            "title_vi": f"Cam kết {MARK} giao thực hiện",
            "lead_unit": units["ppd"],
            "focal_person": focal,
            **_owned(units, "restricted"),
        },
    )


@pytest.mark.parametrize("kind", ["task", "commitment"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_people_doing_the_work_see_a_restricted_task_or_commitment_and_only_its_owners_change_it(
    client, request, units, records_admin, unit_focal_point, leader, persona, kind
):
    user = request.getfixturevalue(persona)
    obj = _led_by_ppd(records_admin, units, kind, unit_focal_point, leader)
    spec = next(s for s in SPECS if s.name == kind)
    client.force_login(user)
    m = PermissionMatrix(client, spec, obj, bearer(user))
    visible = persona in DOERS_VIEW[kind]
    may_change = persona in DOERS_CHANGE

    assert m.listed_by_api() is visible
    assert m.found_by_search_api() is visible
    assert m.listed_on_web() is visible
    assert m.page(spec.detail_url).status_code == (200 if visible else 404)
    assert m.api_status("get") == (200 if visible else 404)
    assert m.api_status("patch") == ((200 if may_change else 403) if visible else 404)
    if kind == "commitment":
        response = client.post(
            f"/api/v1/commitments/{obj.pk}/progress",
            {"value": 10},
            content_type="application/json",
            **m.headers,
        )
        expected = (201 if persona in PROGRESS_LOGGERS else 403) if visible else 404
        assert response.status_code == expected, response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_lifecycle_and_progress_of_a_hidden_record_are_hidden_with_it(
    client, request, units, records_admin, persona
):
    from coophub.agreements import services

    user = request.getfixturevalue(persona)
    agreement = make_agreement_record(records_admin, units, "restricted")
    services.transition_agreement(
        agreement, actor=records_admin, to="negotiating", on=agreement.created_at.date(), basis=""
    )
    commitment = make_commitment_record(records_admin, units, "restricted")
    services.log_progress(commitment, actor=records_admin, value=20)

    expected = 200 if persona in CAN_VIEW["restricted"] else 404
    for url in (
        f"/api/v1/agreements/{agreement.pk}/transitions",
        f"/api/v1/commitments/{commitment.pk}/progress",
    ):
        response = client.get(url, **bearer(user))
        assert response.status_code == expected, url
        if expected == 200:
            assert response.json()["count"] == 1
