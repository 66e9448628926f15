"""/api/v1/ for agreements and their lifecycle: CRUD, lists, transitions, bad input, versions, scope."""

import datetime

import pytest
import time_machine

from conftest import assert_field_error, bearer
from coophub.agreements import services
from coophub.agreements.models import Agreement
from coophub.audit.models import AuditAction, AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def agreement_payload(**overrides):
    return {
        "code": "KH-59-153",
        "kind": "action_plan",
        "title_vi": "Kế hoạch hành động thực hiện Nghị quyết 59-NQ/TW và Nghị quyết 153/NQ-CP",
        **overrides,
    }


def post(client, url, payload, headers):
    return client.post(url, payload, content_type="application/json", **headers)


def patch(client, url, payload, headers, **extra):
    return client.patch(url, payload, content_type="application/json", **headers, **extra)


# ---------- CRUD ----------


def test_a_token_creates_reads_updates_and_deletes_an_agreement_with_its_parties(
    client, dic_director, make_partner, units
):
    headers = bearer(dic_director)
    jica = make_partner(name_vi="JICA")

    response = post(
        client,
        "/api/v1/agreements",
        agreement_payload(
            parties=[{"partner_id": jica.pk}],
            unit_ids=[units["ppd"].pk],
            lead_unit_id=units["dic"].pk,
            valid_from="2026-01-01",
            valid_to="2030-12-31",
        ),
        headers,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "draft"
    assert created["owner_unit_id"] == units["dic"].pk  # the caller's primary unit
    assert created["parties"] == [{"partner_id": jica.pk, "role": "signatory"}]
    assert created["unit_ids"] == [units["ppd"].pk]
    assert created["days_to_expiry"] == (D(2030, 12, 31) - D(2026, 12, 1)).days
    assert created["transitions"] == []
    url = f"/api/v1/agreements/{created['id']}"

    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["ETag"] == '"1"'

    response = patch(client, url, {"title_en": "Action plan", "version": 1}, headers)
    assert response.status_code == 200, response.content
    assert response.json()["title_en"] == "Action plan"
    assert response.json()["parties"] == [{"partner_id": jica.pk, "role": "signatory"}]  # untouched
    assert response["ETag"] == '"2"'

    assert client.delete(url, **headers).status_code == 204
    assert not Agreement.objects.exists()
    assert list(
        AuditEvent.objects.filter(object_id=str(created["id"]), object_type__model="agreement")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert client.get(url, **headers).status_code == 404


def test_an_agreement_recorded_after_the_fact_starts_in_its_real_status(client, dic_officer):
    response = post(
        client,
        "/api/v1/agreements",
        agreement_payload(status="in_force", signed_on="2025-05-10", document_number="12/BGN"),
        bearer(dic_officer),
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "in_force"
    assert [t["to_status"] for t in response.json()["transitions"]] == ["in_force"]


def test_the_list_filters_by_kind_status_partner_lead_unit_text_and_expiry(
    client, dic_officer, make_agreement, make_partner, units
):
    jica = make_partner(name_vi="JICA")
    plan = make_agreement(
        code="KH-59", kind="action_plan", title_vi="Kế hoạch hành động Nghị quyết 59", lead_unit=units["ppd"]
    )
    mou = make_agreement(
        code="MOU-JP", parties=[(jica, "signatory")], status="in_force", valid_to=D(2027, 1, 15)
    )
    later = make_agreement(code="MOU-KR", status="in_force", valid_to=D(2028, 1, 1))
    headers = bearer(dic_officer)

    def codes(**params):
        response = client.get("/api/v1/agreements", params, **headers)
        assert response.status_code == 200, response.content
        return sorted(a["code"] for a in response.json()["items"])

    assert codes() == sorted([plan.code, mou.code, later.code])
    assert codes(kind="action_plan") == ["KH-59"]
    assert codes(status="in_force") == ["MOU-JP", "MOU-KR"]
    assert codes(partner_id=jica.pk) == ["MOU-JP"]
    assert codes(lead_unit_id=units["ppd"].pk) == ["KH-59"]
    assert codes(q="nghi quyet 59") == ["KH-59"]
    assert codes(expiring_within_days=90) == ["MOU-JP"]
    assert_field_error(client.get("/api/v1/agreements", {"status": "bogus"}, **headers), "status")
    assert_field_error(
        client.get("/api/v1/agreements", {"expiring_within_days": -1}, **headers), "expiring_within_days"
    )


# ---------- lifecycle ----------


def test_the_lifecycle_moves_through_dated_transitions_with_their_basis(client, dic_officer, make_agreement):
    mou = make_agreement()
    headers = bearer(dic_officer)
    url = f"/api/v1/agreements/{mou.pk}/transitions"

    response = post(
        client, url, {"to": "signed", "on": "2026-04-10", "basis": "Biên bản ký", "version": 1}, headers
    )
    assert response.status_code == 201, response.content
    assert response.json()["from_status"] == "draft"
    assert response.json()["to_status"] == "signed"
    assert response["ETag"] == '"2"'
    response = post(client, url, {"to": "in_force", "on": "2026-04-10", "basis": "Điều 8"}, headers)
    assert response.status_code == 201, response.content

    body = client.get(f"/api/v1/agreements/{mou.pk}", **headers).json()
    assert body["status"] == "in_force"
    assert body["signed_on"] == "2026-04-10"
    listed = client.get(url, **headers).json()
    assert listed["count"] == 2
    assert [t["to_status"] for t in listed["items"]] == ["in_force", "signed"]


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"to": "expired", "basis": "x"}, "to"),  # not a step of the lifecycle from draft
        ({"to": "signed", "basis": ""}, "basis"),
        ({"to": "signed", "basis": "x", "on": "2027-01-01"}, "on"),  # in the future
        ({"to": "signed", "basis": "x", "on": "0001-01-01"}, "on"),
        ({"to": "bogus", "basis": "x"}, "to"),
    ],
)
def test_a_bad_transition_answers_422_naming_the_field(client, dic_officer, make_agreement, payload, field):
    mou = make_agreement()
    response = post(client, f"/api/v1/agreements/{mou.pk}/transitions", payload, bearer(dic_officer))
    assert_field_error(response, field)
    mou.refresh_from_db()
    assert mou.status == "draft"


def test_an_extension_needs_its_new_end_date(client, dic_officer, make_agreement):
    mou = make_agreement(status="in_force", valid_to=D(2026, 12, 31))
    headers = bearer(dic_officer)
    url = f"/api/v1/agreements/{mou.pk}/transitions"
    assert_field_error(post(client, url, {"to": "extended", "basis": "Công hàm"}, headers), "new_valid_to")
    response = post(
        client, url, {"to": "extended", "basis": "Công hàm", "new_valid_to": "2031-12-31"}, headers
    )
    assert response.status_code == 201, response.content
    assert client.get(f"/api/v1/agreements/{mou.pk}", **headers).json()["valid_to"] == "2031-12-31"


def test_a_transition_on_a_stale_version_answers_409(client, dic_officer, make_agreement):
    mou = make_agreement()
    services.update_agreement(mou, actor=dic_officer, data={"title_en": "MoU"})
    response = post(
        client,
        f"/api/v1/agreements/{mou.pk}/transitions",
        {"to": "negotiating", "version": 1},
        bearer(dic_officer),
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2


# ---------- bad input ----------


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"valid_from": "2027-01-01", "valid_to": "2026-01-01"}, "valid_to"),
        ({"auto_renew": True}, "renewal_months"),
        ({"lead_unit_id": 999999}, "lead_unit_id"),
        ({"mechanism_id": 999999}, "mechanism_id"),
        ({"owner_unit_id": 999999}, "owner_unit_id"),
        ({"unit_ids": [999999]}, "unit_ids"),
        ({"allowed_user_ids": [999999]}, "allowed_user_ids"),
        ({"parties": [{"partner_id": 999999}]}, "parties"),
        ({"kind": "treaty"}, "kind"),
        ({"code": "has spaces"}, "code"),
        ({"title_vi": ""}, "title_vi"),
        ({"valid_to": "10000-01-01"}, "valid_to"),
        ({"status": "bogus"}, "status"),
    ],
)
def test_bad_input_answers_422_naming_the_field(client, dic_officer, overrides, field):
    response = post(client, "/api/v1/agreements", agreement_payload(**overrides), bearer(dic_officer))
    assert_field_error(response, field)
    assert not Agreement.objects.exists()


def test_a_duplicate_code_answers_422_on_code(client, dic_officer, make_agreement):
    make_agreement(code="KH-59-153")
    response = post(client, "/api/v1/agreements", agreement_payload(), bearer(dic_officer))
    assert_field_error(response, "code")


def test_a_party_the_caller_cannot_see_is_an_unknown_id(client, other_unit_officer, make_partner, units):
    secret = make_partner(name_vi="Đối tác mật", visibility="restricted")
    response = post(
        client,
        "/api/v1/agreements",
        agreement_payload(parties=[{"partner_id": secret.pk}], owner_unit_id=units["forestry"].pk),
        bearer(other_unit_officer),
    )
    assert_field_error(response, "parties")


def test_a_stale_patch_answers_409_and_changes_nothing(client, dic_officer, make_agreement):
    mou = make_agreement(title_en="First")
    services.update_agreement(mou, actor=dic_officer, data={"title_en": "Second"})
    headers = bearer(dic_officer)
    response = patch(client, f"/api/v1/agreements/{mou.pk}", {"title_en": "Third", "version": 1}, headers)
    assert response.status_code == 409
    response = patch(
        client, f"/api/v1/agreements/{mou.pk}", {"title_en": "Third"}, headers, HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 409
    mou.refresh_from_db()
    assert mou.title_en == "Second"


# ---------- scope ----------


def test_a_token_acts_with_its_owners_permissions(client, other_unit_officer, make_agreement):
    public = make_agreement(code="PUBLIC")
    secret = make_agreement(code="SECRET", visibility="restricted")
    headers = bearer(other_unit_officer)

    assert [a["code"] for a in client.get("/api/v1/agreements", **headers).json()["items"]] == ["PUBLIC"]
    assert client.get(f"/api/v1/agreements/{secret.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/agreements/{secret.pk}/transitions", **headers).status_code == 404
    assert (
        post(
            client, f"/api/v1/agreements/{secret.pk}/transitions", {"to": "negotiating"}, headers
        ).status_code
        == 404
    )
    response = patch(client, f"/api/v1/agreements/{public.pk}", {"title_en": "x"}, headers)
    assert response.status_code == 403
    assert response.json()["detail"]
    response = post(client, f"/api/v1/agreements/{public.pk}/transitions", {"to": "negotiating"}, headers)
    assert response.status_code == 403
    assert client.delete(f"/api/v1/agreements/{public.pk}", **headers).status_code == 403


def test_no_credentials_answer_401(client, make_agreement):
    mou = make_agreement()
    assert client.get("/api/v1/agreements").status_code == 401
    assert client.get(f"/api/v1/agreements/{mou.pk}").status_code == 401
    assert (
        client.post("/api/v1/agreements", agreement_payload(), content_type="application/json").status_code
        == 401
    )


def test_a_patch_of_parties_without_their_role_takes_the_default(
    client, dic_officer, make_agreement, make_partner
):
    mou = make_agreement()
    partner = make_partner()
    response = patch(
        client, f"/api/v1/agreements/{mou.pk}", {"parties": [{"partner_id": partner.pk}]}, bearer(dic_officer)
    )
    assert response.status_code == 200, response.content
    assert [(p.partner_id, p.role) for p in mou.parties.all()] == [(partner.pk, "signatory")]
