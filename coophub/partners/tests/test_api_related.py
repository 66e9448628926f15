"""/api/v1/ for contacts, mechanisms, search and reference data."""

import pytest

from conftest import assert_field_error, bearer
from coophub.partners import services
from coophub.partners.models import Contact, Country, Mechanism

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# ---------- contacts ----------


def test_contacts_crud_with_positions(client, dic_officer, make_partner):
    partner = make_partner()
    headers = bearer(dic_officer)
    response = client.post(
        "/api/v1/contacts",
        {
            "partner_id": partner.pk,
            "full_name": "Yasuhide Nakayama",
            "honorific": "Mr.",
            "positions": [
                {
                    "title": "State Minister of Defense",
                    "organisation": "Government of Japan",
                    "start_date": "2020-09-16",
                    "end_date": "2021-10-04",
                }
            ],
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    contact = response.json()
    assert contact["current_title"] == "former State Minister of Defense, Government of Japan"
    assert contact["positions"][0]["end_date"] == "2021-10-04"

    response = client.post(
        f"/api/v1/contacts/{contact['id']}/positions",
        {"title": "Member of the House", "start_date": "2022-01-01"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert (
        client.get(f"/api/v1/contacts/{contact['id']}", **headers).json()["current_title"]
        == "Member of the House"
    )

    listed = client.get("/api/v1/contacts", {"partner_id": partner.pk}, **headers).json()
    assert listed["count"] == 1 and listed["items"][0]["full_name"] == "Yasuhide Nakayama"
    assert client.get("/api/v1/contacts", {"q": "nakayama"}, **headers).json()["count"] == 1

    response = client.patch(
        f"/api/v1/contacts/{contact['id']}",
        {"email": "n@example.jp"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200 and response.json()["email"] == "n@example.jp"
    assert response.json()["version"] == 2

    assert client.delete(f"/api/v1/contacts/{contact['id']}", **headers).status_code == 204
    assert not Contact.objects.exists()


def test_a_contact_position_that_ends_before_it_starts_answers_422(client, dic_officer, make_partner):
    response = client.post(
        "/api/v1/contacts",
        {
            "partner_id": make_partner().pk,
            "full_name": "Tanaka",
            "positions": [{"title": "Director", "start_date": "2024-01-02", "end_date": "2024-01-01"}],
        },
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert response.status_code == 422, response.content
    assert not Contact.objects.exists()


def test_contacts_of_a_hidden_partner_are_404_and_cannot_be_added(
    client, dic_officer, other_unit_officer, restricted
):
    contact = services.create_contact(actor=dic_officer, partner=restricted, data={"full_name": "Ông Bí Mật"})
    headers = bearer(other_unit_officer)
    assert client.get(f"/api/v1/contacts/{contact.pk}", **headers).status_code == 404
    assert client.get("/api/v1/contacts", **headers).json() == {"count": 0, "items": []}
    response = client.post(
        "/api/v1/contacts",
        {"partner_id": restricted.pk, "full_name": "X"},
        content_type="application/json",
        **headers,
    )
    assert_field_error(response, "partner_id")


# ---------- mechanisms ----------


def test_mechanisms_crud_with_members_and_sessions(client, dic_director, make_partner, units):
    partner = make_partner()
    headers = bearer(dic_director)
    response = client.post(
        "/api/v1/mechanisms",
        {
            "code": "JC-VN-JP",
            "kind": "joint_committee",
            "name_vi": "Ủy ban hỗn hợp Việt Nam – Nhật Bản",
            "lead_unit_id": units["ppd"].pk,
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    mechanism_id = response.json()["id"]
    assert response.json()["owner_unit_id"] == units["dic"].pk

    response = client.put(
        f"/api/v1/mechanisms/{mechanism_id}/members",
        {"partner_id": partner.pk, "role": "co_chair"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200 and response.json() == {"partner_id": partner.pk, "role": "co_chair"}
    response = client.post(
        f"/api/v1/mechanisms/{mechanism_id}/sessions",
        {"number": 5, "date": "2025-11-20", "place": "Tokyo"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content

    body = client.get(f"/api/v1/mechanisms/{mechanism_id}", **headers).json()
    assert body["members"] == [{"partner_id": partner.pk, "role": "co_chair"}]
    assert body["sessions"][0]["date"] == "2025-11-20"
    assert client.get("/api/v1/mechanisms", {"partner_id": partner.pk}, **headers).json()["count"] == 1
    assert client.get("/api/v1/mechanisms", {"q": "uy ban hon hop"}, **headers).json()["count"] == 1
    assert client.get("/api/v1/mechanisms", {"kind": "dialogue"}, **headers).json()["count"] == 0

    response = client.patch(
        f"/api/v1/mechanisms/{mechanism_id}",
        {"frequency": "annually"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200 and response.json()["frequency"] == "annually"

    assert client.delete(f"/api/v1/mechanisms/{mechanism_id}", **headers).status_code == 204
    assert not Mechanism.objects.exists()


def test_a_mechanism_with_an_unknown_lead_unit_answers_422(client, dic_officer):
    response = client.post(
        "/api/v1/mechanisms",
        {"code": "X", "kind": "dialogue", "name_vi": "X", "lead_unit_id": 999999},
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert_field_error(response, "lead_unit_id")


def test_a_session_needs_a_real_date(client, dic_officer, units):
    mechanism = services.create_mechanism(
        actor=dic_officer,
        data={
            "code": "JC",
            "kind": "joint_committee",
            "name_vi": "Ủy ban hỗn hợp",
            "owner_unit": units["dic"],
        },
    )
    response = client.post(
        f"/api/v1/mechanisms/{mechanism.pk}/sessions",
        {"date": "2025-02-30"},
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert_field_error(response, "date")


# ---------- search and reference data ----------


def test_search_answers_typed_hits_from_the_callers_scope(
    client, dic_officer, other_unit_officer, make_partner, restricted
):
    public = make_partner(name_vi="Đối tác Nông nghiệp", acronym="NN")
    services.create_contact(actor=dic_officer, partner=public, data={"full_name": "Nông Văn Dân"})

    body = client.get("/api/v1/search", {"q": "nong"}, **bearer(dic_officer)).json()
    assert body["count"] == 2
    assert {(h["type"], h["title"]) for h in body["items"]} == {
        ("partners.partner", "Đối tác Nông nghiệp (NN)"),
        ("partners.contact", "Nông Văn Dân"),
    }
    partner_hit = next(h for h in body["items"] if h["type"] == "partners.partner")
    assert partner_hit == {
        "type": "partners.partner",
        "id": public.pk,
        "title": "Đối tác Nông nghiệp (NN)",
        "subtitle": public.get_kind_display(),
        "url": f"/partners/{public.pk}/",
    }

    typed = client.get(
        "/api/v1/search", {"q": "nong", "type": "partners.contact"}, **bearer(dic_officer)
    ).json()
    assert [h["type"] for h in typed["items"]] == ["partners.contact"]

    assert client.get("/api/v1/search", {"q": "mat alpha"}, **bearer(other_unit_officer)).json() == {
        "count": 0,
        "items": [],
    }
    assert_field_error(client.get("/api/v1/search", {"q": ""}, **bearer(dic_officer)), "q")
    assert_field_error(client.get("/api/v1/search", {"q": "x", "limit": 101}, **bearer(dic_officer)), "limit")


def test_units_and_countries_are_readable_reference_data(client, counsellor, units):
    Country.objects.create(
        iso2="XK", iso3="XKX", name_en="Kosovo", name_vi="Cộng hòa Kosovo", variants="Kô-xô-vô"
    )
    headers = bearer(counsellor)

    body = client.get("/api/v1/units", {"limit": 200}, **headers).json()
    assert {"htqt", "ttbvtv", "lnkl"} <= {u["code"] for u in body["items"]}
    dic = next(u for u in body["items"] if u["code"] == "htqt")
    assert dic["is_dic"] is True and dic["name_vi"] == "Vụ Hợp tác quốc tế"
    assert client.get(f"/api/v1/units/{units['dic'].pk}", **headers).json()["abbreviation"] == "HTQT"
    assert client.get("/api/v1/units/999999", **headers).status_code == 404

    body = client.get("/api/v1/countries", {"q": "kosovo"}, **headers).json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "iso2": "XK",
        "iso3": "XKX",
        "m49": "",
        "name_en": "Kosovo",
        "name_vi": "Cộng hòa Kosovo",
        "variants": ["Kô-xô-vô"],
        "region": "",
    }
    assert client.get("/api/v1/countries", {"q": "ko xo vo"}, **headers).json()["count"] == 1
    assert client.get("/api/v1/countries/xkx", **headers).json()["iso2"] == "XK"
    assert client.get("/api/v1/countries/QQ", **headers).status_code == 404


def test_me_describes_the_caller(client, unit_head, units):
    body = client.get("/api/v1/me", **bearer(unit_head)).json()
    assert body["username"] == "unit_head"
    assert body["roles"] == ["unit_head"]
    assert [u["code"] for u in body["units"]] == ["ttbvtv"]


def test_the_openapi_document_is_3_1_and_names_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.1")
    operation_ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert all(operation_ids)
    assert len(operation_ids) == len(set(operation_ids))
    assert {
        "partners_list",
        "partners_create",
        "partners_get",
        "partners_update",
        "partners_delete",
        "contacts_list",
        "mechanisms_list",
        "search",
        "units_list",
        "countries_list",
    } <= set(operation_ids)
    for item in doc["paths"].values():
        for op in item.values():
            assert {"401", "422"} <= set(op["responses"]), op["operationId"]
    patch = doc["paths"]["/api/v1/partners/{partner_id}"]["patch"]
    assert "409" in patch["responses"]
