"""/api/v1/engagements: CRUD with people and outcomes, lists, versions, bad input."""

import pytest

from conftest import assert_field_error, bearer
from coophub.audit.models import AuditAction, AuditEvent
from coophub.engagements import services
from coophub.engagements.models import Engagement, Topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NAKAYAMA = (
    "Mr. Nakayama committed to supporting Vietnam in modern agricultural practices, food preservation "
    "technologies, processing, and storage."
)


def post(client, url, payload, headers):
    return client.post(url, payload, content_type="application/json", **headers)


def patch(client, url, payload, headers, **extra):
    return client.patch(url, payload, content_type="application/json", **headers, **extra)


def engagement_payload(**overrides):
    return {
        "kind": "courtesy_call",
        "title_en": "Japan offers technical support to Vietnam in agriculture",
        "starts_on": "2025-09-16",
        "city": "Hà Nội",
        "country": "VN",
        **overrides,
    }


@pytest.fixture
def topic(db):
    return Topic.objects.get_or_create(
        code="value-chain", defaults={"name_vi": "Chuỗi giá trị", "name_en": "Value chains"}
    )[0]


# ---------- CRUD ----------


def test_an_officer_records_reads_and_updates_an_engagement_with_its_people_and_the_director_deletes_it(
    client, dic_officer, dic_director, deputy_minister, japan_partner, japan, topic, units
):
    headers = bearer(dic_officer)
    response = post(
        client,
        "/api/v1/engagements",
        engagement_payload(
            leader_id=deputy_minister.pk,
            lead_unit_id=units["dic"].pk,
            partner_ids=[japan_partner.pk],
            countries=["JP"],
            topics=[topic.code],
            source_language="en",
            vn_participants=[{"official_id": deputy_minister.pk, "role": "head"}],
            partner_participants=[
                {
                    "name": "Yasuhide Nakayama",
                    "title": "Minister of Defense",
                    "country": "JPN",
                    "is_former": True,
                }
            ],
            outcomes=[
                {"kind": "commitment", "side": "partner", "text": NAKAYAMA},
                {"kind": "decision", "text": "Both sides agreed to regard high-tech sectors as pillars."},
            ],
        ),
        headers,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert response["ETag"] == '"1"'
    assert created["status"] == "draft"
    assert created["allowed_actions"] == ["review"]
    assert created["url"] == f"/engagements/{created['id']}/"
    assert created["owner_unit_id"] == units["dic"].pk  # the caller's primary unit
    assert created["leader_title"] == "Thứ trưởng Bộ Nông nghiệp và Môi trường"  # the title at the time
    assert created["country"] == "VN"
    assert (created["partner_ids"], created["countries"], created["topics"]) == (
        [japan_partner.pk],
        ["JP"],
        ["value-chain"],
    )
    [head] = created["vn_participants"]
    assert (head["official_id"], head["name"], head["role"]) == (deputy_minister.pk, "Trần Quý Kiên", "head")
    [guest] = created["partner_participants"]
    assert (guest["name"], guest["country"], guest["is_former"]) == ("Yasuhide Nakayama", "JP", True)
    assert [(o["kind"], o["side"]) for o in created["outcomes"]] == [
        ("commitment", "partner"),
        ("decision", "both"),
    ]
    assert created["outcomes"][0]["commitment_id"] is None and created["outcomes"][0]["task_id"] is None
    url = f"/api/v1/engagements/{created['id']}"

    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["ETag"] == '"1"'

    response = patch(client, url, {"venue": "Trụ sở Bộ", "partner_participants": [], "version": 1}, headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["venue"] == "Trụ sở Bộ"
    assert body["partner_participants"] == []
    assert body["vn_participants"][0]["name"] == "Trần Quý Kiên"  # not sent: untouched
    assert len(body["outcomes"]) == 2
    assert response["ETag"] == '"2"'

    assert client.delete(url, **headers).status_code == 403  # an officer does not delete
    assert client.delete(url, **bearer(dic_director)).status_code == 204
    assert not Engagement.objects.exists()
    assert list(
        AuditEvent.objects.filter(object_id=str(created["id"]), object_type__model="engagement")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert client.get(url, **headers).status_code == 404


def test_a_patch_of_a_list_replaces_the_whole_list_and_each_row_takes_its_defaults(
    client, dic_officer, make_engagement, japan
):
    engagement = make_engagement(partner=[{"name": "Ann Lee"}, {"name": "Bob Chan"}], countries=[japan])
    response = patch(
        client,
        f"/api/v1/engagements/{engagement.pk}",
        {"partner_participants": [{"name": "Yasuhide Nakayama", "country": "jp"}], "countries": []},
        bearer(dic_officer),
    )
    assert response.status_code == 200, response.content
    [guest] = response.json()["partner_participants"]
    assert (guest["name"], guest["country"], guest["is_former"], guest["contact_id"]) == (
        "Yasuhide Nakayama",
        "JP",
        False,
        None,
    )
    assert response.json()["countries"] == []


def test_a_participant_given_as_a_contact_takes_the_contacts_name_and_partner(
    client, dic_officer, japan_partner
):
    contact = japan_partner.contacts.create(full_name="Yasuhide Nakayama")
    response = post(
        client,
        "/api/v1/engagements",
        engagement_payload(partner_participants=[{"contact_id": contact.pk, "title": "Former Minister"}]),
        bearer(dic_officer),
    )
    assert response.status_code == 201, response.content
    [guest] = response.json()["partner_participants"]
    assert (guest["contact_id"], guest["partner_id"], guest["name"]) == (
        contact.pk,
        japan_partner.pk,
        "Yasuhide Nakayama",
    )


def test_outcomes_are_added_changed_and_deleted_one_by_one(client, dic_officer, make_engagement):
    engagement = make_engagement()
    headers = bearer(dic_officer)
    base = f"/api/v1/engagements/{engagement.pk}/outcomes"

    response = post(client, base, {"kind": "follow_up", "text": "Ký kết bản ghi nhớ vào quý IV"}, headers)
    assert response.status_code == 201, response.content
    outcome = response.json()
    assert (outcome["engagement_id"], outcome["side"], outcome["order"]) == (engagement.pk, "both", 1)

    response = patch(client, f"{base}/{outcome['id']}", {"side": "vn", "due_on": "2025-12-31"}, headers)
    assert response.status_code == 200, response.content
    assert (response.json()["side"], response.json()["due_on"]) == ("vn", "2025-12-31")
    assert_field_error(patch(client, f"{base}/{outcome['id']}", {"text": "   "}, headers), "text")

    assert client.delete(f"{base}/{outcome['id']}", **headers).status_code == 204
    assert not engagement.outcomes.exists()
    assert client.delete(f"{base}/{outcome['id']}", **headers).status_code == 404


def test_an_outcome_of_another_engagement_is_not_found_under_this_one(client, dic_officer, make_engagement):
    first = make_engagement(outcomes=[{"kind": "information", "text": "Trao đổi thông tin"}])
    second = make_engagement()
    outcome = first.outcomes.get()
    response = patch(
        client, f"/api/v1/engagements/{second.pk}/outcomes/{outcome.pk}", {"side": "vn"}, bearer(dic_officer)
    )
    assert response.status_code == 404


# ---------- lists ----------


def test_the_list_filters_by_kind_year_dates_leader_unit_partner_country_topic_and_text(
    client, dic_officer, make_engagement, deputy_minister, japan_partner, japan, topic, units
):
    import datetime

    tokyo = make_engagement(
        kind="outgoing_visit",
        title_vi="Thứ trưởng Trần Quý Kiên thăm Nhật Bản",
        starts_on=datetime.date(2025, 3, 10),
        ends_on=datetime.date(2025, 3, 14),
        country=japan,
        leader=deputy_minister,
        topics=[topic],
    )
    call = make_engagement(partners=[japan_partner], countries=[japan], lead_unit=units["ppd"])
    later = make_engagement(kind="conference", level="working", starts_on=datetime.date(2026, 2, 1))
    headers = bearer(dic_officer)

    def ids(**params):
        response = client.get("/api/v1/engagements", params, **headers)
        assert response.status_code == 200, response.content
        return [e["id"] for e in response.json()["items"]]

    assert ids() == [later.pk, call.pk, tokyo.pk]  # the latest first
    assert ids(kind="outgoing_visit") == [tokyo.pk]
    assert ids(level="working") == [later.pk]
    assert ids(status="draft", year=2025) == [call.pk, tokyo.pk]
    assert ids(date_from="2025-03-12", date_to="2025-03-31") == [tokyo.pk]  # still on its last days
    assert ids(leader_id=deputy_minister.pk) == [tokyo.pk]
    assert ids(lead_unit_id=units["ppd"].pk) == [call.pk]
    assert ids(partner_id=japan_partner.pk) == [call.pk]
    assert ids(country="JP") == [call.pk, tokyo.pk]  # partner country or the place
    assert ids(topic="value-chain") == [tokyo.pk]
    assert ids(q="tran quy kien nhat ban") == [tokyo.pk]
    assert ids(limit=1, offset=1) == [call.pk]
    assert_field_error(client.get("/api/v1/engagements", {"country": "XX"}, **headers), "country")
    assert_field_error(client.get("/api/v1/engagements", {"kind": "bogus"}, **headers), "kind")
    assert_field_error(client.get("/api/v1/engagements", {"limit": 500}, **headers), "limit")


# ---------- versions ----------


def test_a_stale_patch_answers_409_and_changes_nothing(client, dic_officer, make_engagement):
    engagement = make_engagement(venue="Phòng họp A")
    services.update_engagement(engagement, actor=dic_officer, data={"venue": "Phòng họp B"})
    headers = bearer(dic_officer)
    url = f"/api/v1/engagements/{engagement.pk}"
    response = patch(client, url, {"venue": "Phòng họp C", "version": 1}, headers)
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    response = patch(client, url, {"venue": "Phòng họp C"}, headers, HTTP_IF_MATCH='"1"')
    assert response.status_code == 409
    engagement.refresh_from_db()
    assert engagement.venue == "Phòng họp B"


def test_a_patch_of_the_outcomes_keeps_those_already_followed_up(client, dic_officer, make_engagement):
    from coophub.engagements import followup

    engagement = make_engagement(outcomes=[{"kind": "commitment", "text": "Hỗ trợ kỹ thuật"}])
    kept = engagement.outcomes.get()
    commitment = followup.outcome_to_commitment(kept, actor=dic_officer)
    read = client.get(f"/api/v1/engagements/{engagement.pk}", **bearer(dic_officer)).json()
    sent = [{k: o[k] for k in ("id", "kind", "side", "text")} for o in read["outcomes"]]
    sent.append({"kind": "information", "text": "Trao đổi về thị trường"})
    response = patch(client, f"/api/v1/engagements/{engagement.pk}", {"outcomes": sent}, bearer(dic_officer))
    assert response.status_code == 200, response.content
    outcomes = response.json()["outcomes"]
    assert [o["text"] for o in outcomes] == ["Hỗ trợ kỹ thuật", "Trao đổi về thị trường"]
    assert outcomes[0]["id"] == kept.pk and outcomes[0]["commitment_id"] == commitment.pk


# ---------- bad input ----------


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"ends_on": "2025-09-01"}, "ends_on"),
        ({"start_time": "10:00", "end_time": "09:00"}, "end_time"),
        ({"start_time": "10:00+07:00"}, "start_time"),
        ({"country": "XX"}, "country"),
        ({"countries": ["JP", "QQ"]}, "countries"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"title_en": ""}, "title_vi"),
        ({"kind": "picnic"}, "kind"),
        ({"starts_on": "10000-01-01"}, "starts_on"),
        ({"leader_id": 999999}, "leader_id"),
        ({"lead_unit_id": 999999}, "lead_unit_id"),
        ({"mechanism_id": 999999}, "mechanism_id"),
        ({"partner_ids": [999999]}, "partner_ids"),
        ({"agreement_ids": [999999]}, "agreement_ids"),
        ({"owner_unit_id": 999999}, "owner_unit_id"),
        ({"code": "has spaces"}, "code"),
        ({"source_url": "not an address"}, "source_url"),
        ({"vn_participants": [{"official_id": 999999}]}, "vn_participants.0.official_id"),
        ({"vn_participants": [{"title": "Vụ trưởng"}]}, "vn_participants.0"),
        ({"partner_participants": [{"name": "Ann Lee", "country": "XX"}]}, "partner_participants.0.country"),
        (
            {"partner_participants": [{"name": "A"}, {"contact_id": 999999}]},
            "partner_participants.1.contact_id",
        ),
        ({"outcomes": [{"kind": "commitment", "text": "  "}]}, "outcomes.0.text"),
        ({"outcomes": [{"kind": "wish", "text": "x"}]}, "outcomes.0.kind"),
    ],
)
def test_bad_input_answers_422_naming_the_field(client, dic_officer, deputy_minister, overrides, field):
    response = post(client, "/api/v1/engagements", engagement_payload(**overrides), bearer(dic_officer))
    assert_field_error(response, field)
    assert not Engagement.objects.exists()


def test_a_duplicate_code_answers_422_on_code(client, dic_officer, make_engagement):
    make_engagement(code="TT-JP-2025")
    response = post(client, "/api/v1/engagements", engagement_payload(code="TT-JP-2025"), bearer(dic_officer))
    assert_field_error(response, "code")


def test_a_partner_the_caller_cannot_see_is_an_unknown_id(client, other_unit_officer, make_partner, units):
    secret = make_partner(name_vi="Đối tác mật", visibility="restricted")
    response = post(
        client,
        "/api/v1/engagements",
        engagement_payload(partner_ids=[secret.pk], owner_unit_id=units["forestry"].pk),
        bearer(other_unit_officer),
    )
    assert_field_error(response, "partner_ids")


def test_a_patch_cannot_empty_a_required_field(client, dic_officer, make_engagement):
    engagement = make_engagement()
    response = patch(client, f"/api/v1/engagements/{engagement.pk}", {"starts_on": None}, bearer(dic_officer))
    assert_field_error(response, "starts_on")


def test_no_credentials_answer_401(client, make_engagement):
    engagement = make_engagement()
    assert client.get("/api/v1/engagements").status_code == 401
    assert client.get(f"/api/v1/engagements/{engagement.pk}").status_code == 401
    response = client.post("/api/v1/engagements", engagement_payload(), content_type="application/json")
    assert response.status_code == 401
