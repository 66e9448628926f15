"""The personal engagements feed: valid RFC 5545 (folding, CRLF, escaping, time zone, all-day ends), the
token owner's visible engagements only, and its address on the calendar-feed page next to the tasks'."""

import datetime

import icalendar
import pytest
import time_machine
from django.urls import reverse

from coophub.accounts.feeds import issue_feed_token, revoke_feed_token

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 9, 10, 2, 0, tzinfo=datetime.UTC)
LONG_TITLE = (
    "Thứ trưởng Trần Quý Kiên tiếp Ngài Yasuhide Nakayama, nguyên Bộ trưởng Quốc phòng Nhật Bản; "
    "hai bên thống nhất coi nông nghiệp công nghệ cao, chuỗi giá trị và bảo quản sau thu hoạch là trụ cột"
)
SECRET = "Tham vấn kín về hạn ngạch gạo"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meeting(make_engagement, deputy_minister, japan_partner, japan):
    """The founding example: a timed courtesy call in Hà Nội with a Japanese partner."""
    return make_engagement(
        title_vi=LONG_TITLE,
        starts_on=datetime.date(2025, 9, 16),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 30),
        venue="Trụ sở Bộ, số 2 Ngọc Hà",
        leader=deputy_minister,
        partners=[japan_partner],
        countries=[japan],
        other_topics="chuỗi giá trị; bảo quản thực phẩm",
    )


@pytest.fixture
def visit(make_engagement):
    """A three-day visit with no times: an all-day event."""
    return make_engagement(
        kind="outgoing_visit",
        title_vi="Đoàn công tác thăm Nhật Bản",
        starts_on=datetime.date(2025, 10, 6),
        ends_on=datetime.date(2025, 10, 8),
        city="Tokyo",
        country="JP",
    )


def feed(client, user, **query):
    raw = issue_feed_token(actor=user)
    return client.get(reverse("engagements:ical_feed", args=[raw]), query)


def events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_is_a_calendar_with_its_header_and_a_time_zone(client, dic_officer, meeting):
    response = feed(client, dic_officer)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert (str(calendar["version"]), str(calendar["calscale"])) == ("2.0", "GREGORIAN")
    assert str(calendar["prodid"]) and str(calendar["x-wr-calname"])
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Asia/Ho_Chi_Minh"


def test_every_content_line_ends_in_crlf_and_is_at_most_75_octets(client, dic_officer, meeting, visit):
    body = feed(client, dic_officer).content
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long Vietnamese title was folded
    body.decode("utf-8")  # folding never splits a character


def test_a_vietnamese_summary_round_trips_with_its_commas_and_semicolons_escaped(
    client, dic_officer, meeting
):
    response = feed(client, dic_officer)
    event = events(response)[LONG_TITLE]
    assert str(event["location"]) == "Trụ sở Bộ, số 2 Ngọc Hà, Hà Nội"
    unfolded = response.content.replace(b"\r\n ", b"")
    assert "Nakayama\\, nguyên Bộ trưởng Quốc phòng Nhật Bản\\; hai bên".encode() in unfolded


def test_the_description_gives_the_type_leader_partners_and_topics(client, dic_officer, meeting):
    client.cookies["django_language"] = "en"
    response = feed(client, dic_officer)
    assert str(events(response)[LONG_TITLE]["description"]).splitlines() == [
        "Type: Courtesy call",
        "Leader: Trần Quý Kiên, Thứ trưởng Bộ Nông nghiệp và Môi trường",
        "Partners: Japan",
        "Topics: chuỗi giá trị; bảo quản thực phẩm",
    ]


def test_a_timed_engagement_carries_its_hanoi_time_and_tzid(client, dic_officer, meeting):
    response = feed(client, dic_officer)
    event = events(response)[LONG_TITLE]
    assert event["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert event["dtstart"].dt.replace(tzinfo=None) == datetime.datetime(2025, 9, 16, 9, 0)
    assert event["dtend"].dt.replace(tzinfo=None) == datetime.datetime(2025, 9, 16, 10, 30)
    assert event["dtstart"].dt.utcoffset() == datetime.timedelta(hours=7)
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20250916T090000\r\n" in response.content


def test_a_date_only_engagement_is_all_day_with_an_exclusive_end(client, dic_officer, visit):
    event = events(feed(client, dic_officer))["Đoàn công tác thăm Nhật Bản"]
    assert event["dtstart"].dt == datetime.date(2025, 10, 6)
    assert event["dtend"].dt == datetime.date(2025, 10, 9)  # the day after the last
    assert "TZID" not in event["dtstart"].params


def test_each_event_has_a_stable_uid_a_link_a_status_and_its_times_of_change(client, dic_officer, meeting):
    first = events(feed(client, dic_officer))[LONG_TITLE]
    again = events(feed(client, dic_officer))[LONG_TITLE]
    assert str(first["uid"]) == str(again["uid"]) == f"engagement-{meeting.pk}@coophub.mae.gov.vn"
    assert first["dtstamp"].dt == NOW
    assert first["last-modified"].dt.tzinfo is not None
    assert str(first["status"]) == "TENTATIVE"  # still a draft
    assert str(first["url"]) == "http://testserver" + meeting.get_absolute_url()


def test_an_approved_engagement_is_confirmed(client, dic_director, meeting):
    from coophub.engagements import services

    services.transition_engagement(meeting, actor=dic_director, action="review")
    services.transition_engagement(meeting, actor=dic_director, action="approve")
    assert str(events(feed(client, dic_director))[LONG_TITLE]["status"]) == "CONFIRMED"


def test_the_feed_runs_from_ninety_days_back_to_a_year_ahead(client, dic_officer, make_engagement):
    for day, title in (
        (datetime.date(2025, 6, 11), "91 ngày trước"),
        (datetime.date(2025, 6, 12), "90 ngày trước"),
        (datetime.date(2026, 9, 10), "Một năm sau"),
        (datetime.date(2026, 9, 11), "Hơn một năm sau"),
    ):
        make_engagement(title_vi=title, starts_on=day)
    assert sorted(events(feed(client, dic_officer))) == ["90 ngày trước", "Một năm sau"]


def test_the_feed_takes_filters_in_its_query(client, dic_officer, meeting, visit, deputy_minister, units):
    assert list(events(feed(client, dic_officer, leader=deputy_minister.pk))) == [LONG_TITLE]
    assert list(events(feed(client, dic_officer, country="JP"))) == [
        LONG_TITLE,
        "Đoàn công tác thăm Nhật Bản",
    ]
    assert list(events(feed(client, dic_officer, unit=units["forestry"].pk))) == []
    assert feed(client, dic_officer, partner="999999").status_code == 400


def test_a_restricted_engagement_of_another_unit_is_not_in_their_feed(
    client, other_unit_officer, dic_officer, make_engagement
):
    make_engagement(title_vi=SECRET, visibility="restricted", starts_on=datetime.date(2025, 9, 20))
    make_engagement(title_vi="Tiếp Đại sứ", starts_on=datetime.date(2025, 9, 21))
    assert list(events(feed(client, other_unit_officer))) == ["Tiếp Đại sứ"]
    assert SECRET in events(feed(client, dic_officer))


def test_an_unknown_or_revoked_token_gets_404(client, dic_officer):
    assert client.get(reverse("engagements:ical_feed", args=["not-a-token"])).status_code == 404
    raw = issue_feed_token(actor=dic_officer)
    revoke_feed_token(actor=dic_officer)
    assert client.get(reverse("engagements:ical_feed", args=[raw])).status_code == 404
    old = issue_feed_token(actor=dic_officer)
    issue_feed_token(actor=dic_officer)
    assert client.get(reverse("engagements:ical_feed", args=[old])).status_code == 404


def test_the_feed_page_shows_the_engagements_address_with_the_same_token(client, dic_officer, meeting):
    client.force_login(dic_officer)
    response = client.post(reverse("assignments:calendar_feed"), {"action": "issue"})
    tasks_url, engagements_url = response.context["feed_url"], response.context["engagements_feed_url"]
    assert engagements_url.startswith("http://testserver/engagements/calendar/")
    assert tasks_url.rsplit("/", 1)[1] == engagements_url.rsplit("/", 1)[1]
    assert engagements_url in response.content.decode()
    client.logout()
    assert LONG_TITLE in events(client.get(engagements_url))
    client.force_login(dic_officer)
    assert client.get(reverse("assignments:calendar_feed")).context["engagements_feed_url"] == ""
    client.post(reverse("assignments:calendar_feed"), {"action": "revoke"})
    assert client.get(engagements_url).status_code == 404
