"""/api/v1/engagements/calendar and /api/v1/engagements/stats: the items, the span, the filters, bad input
naming its field, and nothing the caller may not see."""

import datetime

import pytest
import time_machine

from conftest import assert_field_error, bearer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CALENDAR = "/api/v1/engagements/calendar"
STATS = "/api/v1/engagements/stats"
SECRET = "Tham vấn kín về hạn ngạch gạo"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 9, 10, 2, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def meeting(make_engagement, deputy_minister, japan_partner, japan):
    return make_engagement(
        title_vi="Thứ trưởng Trần Quý Kiên tiếp Ngài Yasuhide Nakayama",
        title_en="Deputy Minister Tran Quy Kien receives Mr Yasuhide Nakayama",
        starts_on=datetime.date(2025, 9, 16),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 30),
        leader=deputy_minister,
        partners=[japan_partner],
        countries=[japan],
    )


@pytest.fixture
def visit(make_engagement):
    return make_engagement(
        kind="outgoing_visit",
        title_vi="Đoàn công tác thăm Hàn Quốc",
        starts_on=datetime.date(2025, 10, 6),
        ends_on=datetime.date(2025, 10, 8),
        city="Seoul",
    )


def test_it_lists_the_engagements_of_the_span_with_what_a_calendar_shows(
    client, dic_officer, meeting, visit, deputy_minister, japan_partner
):
    response = client.get(
        CALENDAR, {"date_from": "2025-09-01", "date_to": "2025-10-31"}, **bearer(dic_officer)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["date_from"], body["date_to"], body["count"]) == ("2025-09-01", "2025-10-31", 2)
    first, second = body["items"]
    assert first == {
        "id": meeting.pk,
        "title": "Deputy Minister Tran Quy Kien receives Mr Yasuhide Nakayama",
        "kind": "courtesy_call",
        "kind_label": "Courtesy call",
        "status": "draft",
        "starts_on": "2025-09-16",
        "ends_on": None,
        "start_time": "09:00:00",
        "end_time": "10:30:00",
        "city": "Hà Nội",
        "country": "VN",
        "venue": "",
        "leader": {
            "id": deputy_minister.pk,
            "full_name": "Trần Quý Kiên",
            "title": "Thứ trưởng Bộ Nông nghiệp và Môi trường",
        },
        "partners": [{"id": japan_partner.pk, "name": "Japan"}],
        "url": f"http://testserver/engagements/{meeting.pk}/",
    }
    assert (second["id"], second["ends_on"], second["leader"]) == (visit.pk, "2025-10-08", None)


def test_a_multi_day_engagement_is_listed_when_the_span_takes_only_its_last_day(client, dic_officer, visit):
    body = client.get(
        CALENDAR, {"date_from": "2025-10-08", "date_to": "2025-10-08"}, **bearer(dic_officer)
    ).json()
    assert [item["id"] for item in body["items"]] == [visit.pk]
    body = client.get(
        CALENDAR, {"date_from": "2025-10-09", "date_to": "2025-10-20"}, **bearer(dic_officer)
    ).json()
    assert body["items"] == []


def test_the_span_defaults_to_a_month_from_today(client, dic_officer, meeting, visit):
    body = client.get(CALENDAR, **bearer(dic_officer)).json()
    assert (body["date_from"], body["date_to"]) == ("2025-09-10", "2025-10-10")
    assert [item["id"] for item in body["items"]] == [meeting.pk, visit.pk]


def test_it_filters_by_leader_unit_partner_country_and_type(
    client, dic_officer, meeting, visit, deputy_minister, japan_partner, units
):
    headers = bearer(dic_officer)

    def ids(**query):
        response = client.get(
            CALENDAR, {"date_from": "2025-09-01", "date_to": "2025-12-31", **query}, **headers
        )
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids(leader=deputy_minister.pk) == [meeting.pk]
    assert ids(partner=japan_partner.pk) == [meeting.pk]
    assert ids(country="JP") == [meeting.pk]
    assert ids(country="JPN") == [meeting.pk]
    assert ids(kind="outgoing_visit") == [visit.pk]
    assert ids(unit=units["dic"].pk) == [meeting.pk, visit.pk]
    assert ids(unit=units["forestry"].pk) == []


def test_a_span_over_400_days_or_backwards_is_refused_naming_date_to(client, dic_officer):
    headers = bearer(dic_officer)
    too_long = client.get(CALENDAR, {"date_from": "2025-01-01", "date_to": "2026-02-05"}, **headers)
    assert_field_error(too_long, "date_to")
    assert "400" in too_long.json()["detail"]
    assert (
        client.get(CALENDAR, {"date_from": "2025-01-01", "date_to": "2026-02-04"}, **headers).status_code
        == 200
    )
    assert_field_error(
        client.get(CALENDAR, {"date_from": "2025-09-10", "date_to": "2025-09-09"}, **headers), "date_to"
    )


def test_unknown_filters_are_refused_naming_their_field(client, dic_officer):
    headers = bearer(dic_officer)
    assert_field_error(client.get(CALENDAR, {"leader": 999999}, **headers), "leader")
    assert_field_error(client.get(CALENDAR, {"unit": 999999}, **headers), "unit")
    assert_field_error(client.get(CALENDAR, {"partner": 999999}, **headers), "partner")
    assert_field_error(client.get(CALENDAR, {"country": "ZZ"}, **headers), "country")
    assert_field_error(client.get(CALENDAR, {"kind": "picnic"}, **headers), "kind")
    assert_field_error(client.get(CALENDAR, {"date_from": "2025-13-01"}, **headers), "date_from")


def test_a_restricted_engagement_of_another_unit_is_absent_from_their_calendar_and_stats(
    client, other_unit_officer, dic_officer, make_engagement
):
    make_engagement(
        title_vi=SECRET, kind="incoming_visit", visibility="restricted", starts_on=datetime.date(2025, 9, 20)
    )
    query = {"date_from": "2025-09-01", "date_to": "2025-09-30"}
    theirs = client.get(CALENDAR, query, **bearer(other_unit_officer)).json()
    assert theirs["items"] == []
    assert client.get(STATS, {"year": 2025}, **bearer(other_unit_officer)).json()["ministerial_visits"] == 0
    ours = client.get(CALENDAR, query, **bearer(dic_officer)).json()
    assert [item["title"] for item in ours["items"]] == [SECRET]
    assert client.get(STATS, {"year": 2025}, **bearer(dic_officer)).json()["ministerial_visits"] == 1


def test_the_stats_give_the_years_figures_by_type_and_by_leader(
    client, dic_officer, meeting, make_engagement, deputy_minister
):
    make_engagement(
        kind="outgoing_visit", starts_on=datetime.date(2025, 3, 2), country="JP", leader=deputy_minister
    )
    make_engagement(kind="outgoing_visit", starts_on=datetime.date(2024, 3, 2), country="JP")
    body = client.get(STATS, {"year": 2025}, **bearer(dic_officer)).json()
    assert (body["year"], body["total"], body["ministerial_visits"], body["working_sessions"]) == (
        2025,
        2,
        1,
        1,
    )
    kinds = {row["kind"]: row["count"] for row in body["by_kind"]}
    assert (kinds["outgoing_visit"], kinds["courtesy_call"], kinds["conference"]) == (1, 1, 0)
    assert body["by_leader"] == [
        {"leader_id": deputy_minister.pk, "leader": "Trần Quý Kiên", "count": 2, "visits": 1}
    ]


def test_the_stats_default_to_this_year_and_refuse_an_absurd_one(client, dic_officer, meeting):
    assert client.get(STATS, **bearer(dic_officer)).json()["year"] == 2025
    assert_field_error(client.get(STATS, {"year": 12025}, **bearer(dic_officer)), "year")


def test_both_need_authentication(client):
    assert client.get(CALENDAR).status_code == 401
    assert client.get(STATS).status_code == 401
