"""/api/v1/ for partners: CRUD, lists, validation, versions, token and session auth, scope."""

import datetime

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from conftest import assert_field_error, bearer
from coophub.accounts.services import create_token, revoke_token
from coophub.audit.models import AuditAction, AuditEvent
from coophub.partners import services
from coophub.partners.models import Country, Partner

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def partner_payload(**overrides):
    return {
        "code": "JP-JICA",
        "kind": "donor_agency",
        "name_vi": "Cơ quan Hợp tác Quốc tế Nhật Bản",
        "acronym": "JICA",
        **overrides,
    }


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


# ---------- across the API ----------
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


def test_a_patch_of_aliases_without_their_language_takes_the_default(client, dic_officer, make_partner):
    partner = make_partner()
    response = client.patch(
        f"/api/v1/partners/{partner.pk}",
        {"aliases": [{"text": "Bộ NN Nhật"}]},
        content_type="application/json",
        **bearer(dic_officer),
    )
    assert response.status_code == 200, response.content
    assert [(a.text, a.language) for a in partner.aliases.all()] == [("Bộ NN Nhật", "vi")]
