"""/api/v1/ for partners, contacts and mechanisms: token and session auth, validation, versions, scope."""

import datetime

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import translation

from coophub.accounts.services import create_token, revoke_token
from coophub.audit.models import AuditAction, AuditEvent
from coophub.partners import services
from coophub.partners.models import Contact, Country, Mechanism, Partner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def bearer(user) -> dict:
    _token, raw = create_token(actor=user, name="x")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def partner_payload(**overrides):
    return {
        "code": "JP-JICA",
        "kind": "donor_agency",
        "name_vi": "Cơ quan Hợp tác Quốc tế Nhật Bản",
        "acronym": "JICA",
        **overrides,
    }


@pytest.fixture
def restricted(make_partner):
    return make_partner(name_vi="Đối tác mật Alpha", code="SECRET-ALPHA", visibility="restricted")


def assert_field_error(response, field, status=422):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["field"] == field, body
    assert field in {e["field"] for e in body["errors"]}
    assert body["detail"]


# ---------- partners CRUD ----------


def test_a_token_creates_reads_updates_and_deletes_a_partner(client, dic_director, japan, units):
    headers = bearer(dic_director)

    response = client.post(
        "/api/v1/partners",
        partner_payload(country="JP", aliases=[{"text": "JICA"}]),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["name_vi"] == "Cơ quan Hợp tác Quốc tế Nhật Bản"
    assert created["country"] == "JP"
    assert created["owner_unit_id"] == units["dic"].pk  # the caller's primary unit
    assert created["aliases"] == [{"text": "JICA", "language": "vi"}]
    assert created["version"] == 1
    partner_id = created["id"]

    response = client.get(f"/api/v1/partners/{partner_id}", **headers)
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json()["code"] == "JP-JICA"

    response = client.patch(
        f"/api/v1/partners/{partner_id}",
        {"name_en": "JICA", "version": 1},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["name_en"] == "JICA"
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'

    response = client.delete(f"/api/v1/partners/{partner_id}", **headers)
    assert response.status_code == 204
    assert not Partner.objects.filter(pk=partner_id).exists()
    assert list(
        AuditEvent.objects.filter(object_id=str(partner_id), object_type__model="partner")
        .order_by("id")
        .values_list("action", "actor")
    ) == [
        (AuditAction.CREATE, dic_director.pk),
        (AuditAction.UPDATE, dic_director.pk),
        (AuditAction.DELETE, dic_director.pk),
    ]
    assert client.get(f"/api/v1/partners/{partner_id}", **headers).status_code == 404


def test_the_session_of_a_signed_in_user_works_too(client, dic_officer):
    client.force_login(dic_officer)
    response = client.post("/api/v1/partners", partner_payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    assert client.get("/api/v1/partners").json()["count"] == 1


def test_a_session_post_without_the_csrf_token_is_refused(dic_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dic_officer)

    response = client.post("/api/v1/partners", partner_payload(), content_type="application/json")

    assert response.status_code == 403
    assert not Partner.objects.exists()


def test_a_session_post_with_the_csrf_token_is_accepted(dic_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dic_officer)
    secret = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = secret

    response = client.post(
        "/api/v1/partners", partner_payload(), content_type="application/json", HTTP_X_CSRFTOKEN=secret
    )

    assert response.status_code == 201, response.content


def test_a_token_needs_no_csrf_token(dic_officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/partners", partner_payload(), content_type="application/json", **bearer(dic_officer)
    )
    assert response.status_code == 201, response.content


# ---------- lists ----------


def test_the_list_answers_items_and_count_and_filters_by_text_kind_and_country(
    client, dic_officer, make_partner, japan
):
    korea = Country.objects.get_or_create(
        iso2="KR", defaults={"iso3": "KOR", "m49": "410", "name_en": "Korea", "name_vi": "Hàn Quốc"}
    )[0]
    make_partner(name_vi="Bộ Nông Lâm Ngư nghiệp Nhật Bản", acronym="MAFF", country=japan, code="JP-MAFF")
    make_partner(
        name_vi="JICA",
        acronym="JICA",
        kind="donor_agency",
        country=japan,
        code="JP-JICA",
        aliases=[("Cơ quan Hợp tác Quốc tế Nhật Bản", "vi")],
    )
    make_partner(name_vi="KOICA", acronym="KOICA", kind="donor_agency", country=korea, code="KR-KOICA")
    headers = bearer(dic_officer)

    body = client.get("/api/v1/partners", **headers).json()
    assert body["count"] == 3
    assert [p["acronym"] for p in body["items"]] == ["MAFF", "JICA", "KOICA"]  # ordered by name_vi

    def codes(**params):
        response = client.get("/api/v1/partners", params, **headers)
        assert response.status_code == 200, response.content
        return sorted(p["code"] for p in response.json()["items"])

    assert codes(kind="donor_agency") == ["JP-JICA", "KR-KOICA"]
    assert codes(country="JP") == ["JP-JICA", "JP-MAFF"]
    assert codes(country="kor") == ["KR-KOICA"]
    assert codes(q="hop tac quoc te") == ["JP-JICA"]
    assert codes(q="Nông Lâm") == ["JP-MAFF"]
    assert codes(q="nhat ban", kind="ministry") == ["JP-MAFF"]


def test_pagination_is_bounded_and_counts_every_row(client, dic_officer, make_partner):
    for _ in range(5):
        make_partner()
    headers = bearer(dic_officer)

    body = client.get("/api/v1/partners", {"limit": 2, "offset": 4}, **headers).json()
    assert body["count"] == 5 and len(body["items"]) == 1

    assert_field_error(client.get("/api/v1/partners", {"limit": 1000}, **headers), "limit")
    assert_field_error(client.get("/api/v1/partners", {"limit": 0}, **headers), "limit")
    assert_field_error(client.get("/api/v1/partners", {"offset": -1}, **headers), "offset")
    assert_field_error(client.get("/api/v1/partners", {"offset": 10**12}, **headers), "offset")
    assert_field_error(client.get("/api/v1/partners", {"kind": "bogus"}, **headers), "kind")


# ---------- validation ----------


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name_vi": 5}, "name_vi"),
        ({"name_vi": ""}, "name_vi"),
        ({"kind": "bogus"}, "kind"),
        ({"code": "has spaces"}, "code"),
        ({"visibility": "secret"}, "visibility"),
        ({"aliases": "JICA"}, "aliases"),
        ({"parent_id": "abc"}, "parent_id"),
        ({"country": "XX"}, "country"),
        ({"country": None, "parent_id": 999999}, "parent_id"),
        ({"owner_unit_id": 999999}, "owner_unit_id"),
        ({"allowed_unit_ids": [999999]}, "allowed_unit_ids"),
        ({"email": "not-an-email"}, "email"),
        ({"website": "not a url"}, "website"),
    ],
)
def test_bad_input_answers_422_naming_the_field(client, dic_officer, japan, overrides, field):
    response = client.post(
        "/api/v1/partners",
        partner_payload(**overrides),
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert_field_error(response, field)
    assert not Partner.objects.exists()


def test_a_missing_field_is_named(client, dic_officer):
    payload = partner_payload()
    del payload["kind"]
    response = client.post(
        "/api/v1/partners", payload, content_type="application/json", **bearer(dic_officer)
    )
    assert_field_error(response, "kind")


def test_malformed_json_is_a_client_error(client, dic_officer):
    response = client.post(
        "/api/v1/partners", "{not json", content_type="application/json", **bearer(dic_officer)
    )
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_a_duplicate_code_answers_422_on_code(client, dic_officer, make_partner):
    make_partner(code="JP-JICA")
    response = client.post(
        "/api/v1/partners", partner_payload(), content_type="application/json", **bearer(dic_officer)
    )
    assert_field_error(response, "code")


def test_an_unknown_country_code_on_update_names_country(client, dic_officer, make_partner):
    partner = make_partner()
    response = client.patch(
        f"/api/v1/partners/{partner.pk}",
        {"country": "ZZ"},
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert_field_error(response, "country")
    partner.refresh_from_db()
    assert partner.version == 1


def test_making_a_partner_its_own_ancestor_answers_422_on_parent(client, dic_officer, make_partner):
    parent = make_partner()
    child = make_partner(parent=parent)
    response = client.patch(
        f"/api/v1/partners/{parent.pk}",
        {"parent_id": child.pk},
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert_field_error(response, "parent")


# ---------- versions ----------


def test_a_stale_version_in_the_body_answers_409_and_changes_nothing(client, dic_officer, make_partner):
    partner = make_partner(name_vi="Tên ban đầu")
    services.update_partner(partner, actor=dic_officer, data={"name_vi": "Tên mới"})
    response = client.patch(
        f"/api/v1/partners/{partner.pk}",
        {"name_vi": "Ghi đè", "version": 1},
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    partner.refresh_from_db()
    assert partner.name_vi == "Tên mới"


def test_a_stale_if_match_header_answers_409(client, dic_officer, make_partner):
    partner = make_partner()
    headers = bearer(dic_officer)
    etag = client.get(f"/api/v1/partners/{partner.pk}", **headers)["ETag"]
    ok = client.patch(
        f"/api/v1/partners/{partner.pk}",
        {"acronym": "A"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **headers,
    )
    assert ok.status_code == 200, ok.content
    stale = client.patch(
        f"/api/v1/partners/{partner.pk}",
        {"acronym": "B"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        **headers,
    )
    assert stale.status_code == 409
    partner.refresh_from_db()
    assert partner.acronym == "A"


def test_mechanisms_and_contacts_carry_etags_and_refuse_stale_versions(
    client, dic_officer, make_partner, units
):
    headers = bearer(dic_officer)
    contact = services.create_contact(actor=dic_officer, partner=make_partner(), data={"full_name": "Tanaka"})
    mechanism = services.create_mechanism(
        actor=dic_officer,
        data={
            "code": "JC",
            "kind": "joint_committee",
            "name_vi": "Ủy ban hỗn hợp",
            "owner_unit": units["dic"],
        },
    )

    for url in (f"/api/v1/contacts/{contact.pk}", f"/api/v1/mechanisms/{mechanism.pk}"):
        assert client.get(url, **headers)["ETag"] == '"1"'
        assert (
            client.patch(
                url,
                {"version": 1, "notes" if "contacts" in url else "frequency": "x"},
                content_type="application/json",
                **headers,
            ).status_code
            == 200
        )
        assert (
            client.patch(url, {"version": 1}, content_type="application/json", **headers).status_code == 409
        )
        assert (
            client.patch(url, {}, content_type="application/json", HTTP_IF_MATCH='"1"', **headers).status_code
            == 409
        )


# ---------- authentication and scope ----------


def test_no_credentials_answer_401(client, make_partner):
    partner = make_partner()
    assert client.get("/api/v1/partners").status_code == 401
    assert client.get(f"/api/v1/partners/{partner.pk}").status_code == 401
    assert (
        client.patch(f"/api/v1/partners/{partner.pk}", {}, content_type="application/json").status_code == 401
    )
    assert (
        client.post("/api/v1/partners", partner_payload(), content_type="application/json").status_code == 401
    )
    assert (
        Client(enforce_csrf_checks=True)
        .post("/api/v1/partners", partner_payload(), content_type="application/json")
        .status_code
        == 401
    )
    assert client.get("/api/v1/search", {"q": "x"}).status_code == 401
    assert client.get("/api/v1/partners", HTTP_AUTHORIZATION="Bearer chub_wrong").status_code == 401
    body = client.get("/api/v1/partners").json()
    assert body["detail"]


def test_a_revoked_token_answers_401(client, dic_officer):
    token, raw = create_token(actor=dic_officer, name="laptop")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/partners", **headers).status_code == 200
    revoke_token(token, actor=dic_officer)
    assert client.get("/api/v1/partners", **headers).status_code == 401
    assert (
        client.post(
            "/api/v1/partners", partner_payload(), content_type="application/json", **headers
        ).status_code
        == 401
    )


def test_a_token_of_an_inactive_user_answers_401(client, dic_officer):
    headers = bearer(dic_officer)
    dic_officer.is_active = False
    dic_officer.save()
    assert client.get("/api/v1/partners", **headers).status_code == 401


def test_a_token_acts_with_its_owners_permissions(client, other_unit_officer, restricted, make_partner):
    public = make_partner(name_vi="Đối tác công khai")
    headers = bearer(other_unit_officer)

    assert [p["id"] for p in client.get("/api/v1/partners", **headers).json()["items"]] == [public.pk]
    assert client.get(f"/api/v1/partners/{restricted.pk}", **headers).status_code == 404
    assert (
        client.patch(
            f"/api/v1/partners/{restricted.pk}", {"name_vi": "x"}, content_type="application/json", **headers
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/partners/{restricted.pk}", **headers).status_code == 404
    # visible but not theirs: 403 with the reason
    response = client.patch(
        f"/api/v1/partners/{public.pk}", {"name_vi": "x"}, content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    restricted.refresh_from_db()
    assert restricted.name_vi == "Đối tác mật Alpha"


def test_a_restricted_partner_cannot_be_used_as_a_parent_by_someone_who_cannot_see_it(
    client, other_unit_officer, restricted
):
    response = client.post(
        "/api/v1/partners",
        partner_payload(parent_id=restricted.pk, owner_unit_id=None),
        content_type="application/json",
        **bearer(other_unit_officer),
    )
    assert_field_error(response, "parent_id")


@pytest.mark.parametrize("persona", ["leader", "counsellor"])
def test_leaders_and_viewers_cannot_write(client, request, make_partner, persona, units):
    user = request.getfixturevalue(persona)
    partner = make_partner()
    headers = bearer(user)
    assert client.get(f"/api/v1/partners/{partner.pk}", **headers).status_code == 200
    assert (
        client.patch(
            f"/api/v1/partners/{partner.pk}", {"name_vi": "x"}, content_type="application/json", **headers
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/partners",
            partner_payload(owner_unit_id=units["dic"].pk),
            content_type="application/json",
            **headers,
        ).status_code
        == 403
    )


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


def test_dates_in_payloads_are_iso(client, dic_officer, make_partner):
    partner = make_partner()
    body = client.get(f"/api/v1/partners/{partner.pk}", **bearer(dic_officer)).json()
    assert datetime.datetime.fromisoformat(body["created_at"]).tzinfo is not None


def test_a_text_filter_counts_every_matching_row_not_just_a_page_of_hits(client, dic_officer, units):
    from coophub.search.registry import reindex

    partners = Partner.objects.bulk_create(
        Partner(code=f"NN-{i}", kind="ministry", name_vi=f"Đối tác Nông nghiệp {i}", owner_unit=units["dic"])
        for i in range(130)
    )
    for partner in partners:
        reindex(partner)
    body = client.get("/api/v1/partners", {"q": "nong nghiep", "limit": 10}, **bearer(dic_officer)).json()
    assert body["count"] == 130
    assert len(body["items"]) == 10


def test_nul_characters_are_refused_with_the_field_named_on_every_backend(client, dic_officer, make_partner):
    headers = bearer(dic_officer)
    partner = make_partner()
    assert_field_error(client.get("/api/v1/units", {"q": "a\x00b"}, **headers), "q")
    assert_field_error(client.get("/api/v1/partners", {"country": "J\x00"}, **headers), "country")
    assert_field_error(client.get("/api/v1/search", {"q": "\x00"}, **headers), "q")
    response = client.post(
        "/api/v1/partners", partner_payload(name_vi="Bộ\x00"), content_type="application/json", **headers
    )
    assert_field_error(response, "name_vi")
    response = client.post(
        "/api/v1/partners",
        partner_payload(aliases=[{"text": "x\x00"}]),
        content_type="application/json",
        **headers,
    )
    assert_field_error(response, "aliases")
    response = client.patch(
        f"/api/v1/partners/{partner.pk}", {"description": "\x00"}, content_type="application/json", **headers
    )
    assert_field_error(response, "description")
    assert client.get("/api/v1/countries/J%00", **headers).status_code in (404, 422)
    assert not Partner.objects.filter(code="JP-JICA").exists()


def test_an_api_write_is_audited_under_the_request_id_it_answers_with(client, dic_officer):
    response = client.post(
        "/api/v1/partners", partner_payload(), content_type="application/json", **bearer(dic_officer)
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type__model="partner")
    assert str(event.request_id) == response["X-Request-ID"]
    assert event.actor == dic_officer


def test_an_id_beyond_64_bits_is_a_422_naming_the_field(client, dic_officer):
    huge = 2**64
    assert_field_error(client.get(f"/api/v1/partners/{huge}", **bearer(dic_officer)), "partner_id")
    assert_field_error(client.get(f"/api/v1/imports/jobs/{huge}", **bearer(dic_officer)), "job_id")
    assert_field_error(client.get("/api/v1/contacts/0", **bearer(dic_officer)), "contact_id")
    response = client.post(
        "/api/v1/partners",
        partner_payload(allowed_user_ids=[-(2**100)]),
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert_field_error(response, "allowed_user_ids.0")
    response = client.post(
        "/api/v1/partners",
        partner_payload(parent_id=huge),
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert_field_error(response, "parent_id")
