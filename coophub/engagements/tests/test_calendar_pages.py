"""The engagement calendar: month grid, week and list, their navigation and filters, in both languages and
holding only what the reader may see."""

import datetime

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 9, 10, 2, 0, tzinfo=datetime.UTC)  # 09:00 on 10 September 2025 in Hà Nội
SECRET = "Tham vấn kín về hạn ngạch gạo với đối tác"
URL = reverse("engagements:calendar")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def visit(make_engagement, deputy_minister, japan_partner, japan):
    """A three-day visit to Japan, 15–17 September 2025."""
    return make_engagement(
        kind="outgoing_visit",
        title_vi="Thứ trưởng Trần Quý Kiên thăm và làm việc tại Nhật Bản",
        title_en="Deputy Minister Tran Quy Kien visits Japan",
        starts_on=datetime.date(2025, 9, 15),
        ends_on=datetime.date(2025, 9, 17),
        city="Tokyo",
        country="JP",
        leader=deputy_minister,
        partners=[japan_partner],
        countries=[japan],
    )


@pytest.fixture
def courtesy_call(make_engagement):
    """A timed call in Hà Nội with no leader or partner, on 19 September 2025."""
    return make_engagement(
        title_vi="Tiếp Đại sứ Ô-xtrây-li-a",
        starts_on=datetime.date(2025, 9, 19),
        start_time=datetime.time(14, 30),
        end_time=datetime.time(15, 30),
        venue="Trụ sở Bộ, số 2 Ngọc Hà",
    )


@pytest.fixture
def restricted(make_engagement):
    """Owned by DIC and restricted: the Forestry Department's officer does not see it."""
    return make_engagement(title_vi=SECRET, visibility="restricted", starts_on=datetime.date(2025, 9, 16))


def day_ids(response, engagement) -> list[str]:
    """The days of the grid whose cell lists `engagement`."""
    return [
        f"{day.date:%Y-%m-%d}"
        for week in response.context["weeks"]
        for day in week
        for entry in day.entries
        if entry.engagement.pk == engagement.pk
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("view", ["month", "week", "list"])
def test_every_calendar_view_renders_in_both_languages(
    client, dic_officer, visit, courtesy_call, language, view
):
    client.force_login(dic_officer)
    client.cookies["django_language"] = language
    response = client.get(URL, {"view": view, "date": "2025-09-16"})
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    assert str(visit) in response.content.decode()


def test_the_month_grid_shows_a_three_day_visit_on_each_of_its_days_and_no_other(client, dic_officer, visit):
    client.force_login(dic_officer)
    response = client.get(URL, {"date": "2025-09-01"})
    assert day_ids(response, visit) == ["2025-09-15", "2025-09-16", "2025-09-17"]
    entries = [e for w in response.context["weeks"] for d in w for e in d.entries]
    assert [(e.day, e.days) for e in entries] == [(1, 3), (2, 3), (3, 3)]


def test_the_month_grid_starts_on_monday_and_marks_today(client, dic_officer):
    client.force_login(dic_officer)
    response = client.get(URL)
    weeks = response.context["weeks"]
    assert weeks[0][0].date == datetime.date(2025, 9, 1)  # a Monday
    assert all(len(week) == 7 and week[0].date.weekday() == 0 for week in weeks)
    [today] = [day for week in weeks for day in week if day.is_today]
    assert today.date == datetime.date(2025, 9, 10)
    assert 'id="day-2025-09-10" aria-current="date"' in response.content.decode()


def test_a_visit_running_into_the_next_month_shows_there_on_its_remaining_days(
    client, dic_officer, make_engagement
):
    long_visit = make_engagement(starts_on=datetime.date(2025, 9, 29), ends_on=datetime.date(2025, 10, 2))
    client.force_login(dic_officer)
    october = client.get(URL, {"date": "2025-10-05"})
    assert day_ids(october, long_visit) == ["2025-09-29", "2025-09-30", "2025-10-01", "2025-10-02"]
    in_month = [d.date.month == 10 for w in october.context["weeks"] for d in w if d.in_range]
    assert all(in_month)


def test_the_week_view_has_seven_columns_from_monday_with_the_times(
    client, dic_officer, visit, courtesy_call
):
    client.force_login(dic_officer)
    response = client.get(URL, {"view": "week", "date": "2025-09-18"})
    days = response.context["days"]
    assert [d.date for d in days] == [
        datetime.date(2025, 9, 15) + datetime.timedelta(days=n) for n in range(7)
    ]
    listed = {f"{d.date:%d}": [e.engagement.pk for e in d.entries] for d in days}
    assert listed == {
        "15": [visit.pk],
        "16": [visit.pk],
        "17": [visit.pk],
        "18": [],
        "19": [courtesy_call.pk],
        "20": [],
        "21": [],
    }
    html = response.content.decode()
    assert "14:30–15:30" in html and "Trụ sở Bộ, số 2 Ngọc Hà, Hà Nội" in html


def test_the_week_view_moves_by_seven_days(client, dic_officer):
    client.force_login(dic_officer)
    context = client.get(URL, {"view": "week", "date": "2025-09-18"}).context
    assert (context["prev_date"], context["next_date"]) == ("2025-09-08", "2025-09-22")


def test_the_list_puts_what_is_coming_first_grouped_by_month(client, dic_officer, visit, make_engagement):
    make_engagement(title_vi="Hội nghị đã qua", starts_on=datetime.date(2025, 9, 1))
    october = make_engagement(title_vi="Kỳ họp Ủy ban hỗn hợp", starts_on=datetime.date(2025, 10, 8))
    client.force_login(dic_officer)
    response = client.get(URL, {"view": "list"})
    months = [(month, [e.pk for e in engagements]) for month, engagements in response.context["months"]]
    assert months == [(datetime.date(2025, 9, 1), [visit.pk]), (datetime.date(2025, 10, 1), [october.pk])]
    html = response.content.decode()
    assert "Hội nghị đã qua" not in html
    assert "15/09/2025 – 17/09/2025" in html and "Trần Quý Kiên" in html and "Tokyo, Nhật Bản" in html


def test_the_month_view_moves_by_month_and_keeps_the_filters(client, dic_officer, japan):
    client.force_login(dic_officer)
    response = client.get(URL, {"date": "2025-12-20", "country": "JP"})
    assert (response.context["prev_date"], response.context["next_date"]) == ("2025-11-01", "2026-01-01")
    html = response.content.decode()
    assert "?date=2026-01-01&amp;country=JP" in html
    assert client.get(URL, {"date": "not-a-date"}).context["anchor"] == datetime.date(2025, 9, 10)


def test_it_filters_by_leader_partner_and_country(
    client, dic_officer, visit, courtesy_call, make_engagement, deputy_minister, japan_partner
):
    joined = make_engagement(
        title_vi="Đoàn Bộ trưởng dự hội nghị, Thứ trưởng tham gia",
        starts_on=datetime.date(2025, 9, 22),
        vn=[{"official": deputy_minister, "role": "member"}],
    )
    client.force_login(dic_officer)

    def shown(**query):
        response = client.get(URL, {"date": "2025-09-01", **query})
        return {e.engagement.pk for w in response.context["weeks"] for d in w for e in d.entries}

    assert shown() == {visit.pk, courtesy_call.pk, joined.pk}
    assert shown(leader=deputy_minister.pk) == {visit.pk, joined.pk}
    assert shown(partner=japan_partner.pk) == {visit.pk}
    assert shown(country="JP") == {visit.pk}
    assert shown(kind="courtesy_call") == {courtesy_call.pk, joined.pk}


def test_the_unit_filter_takes_the_lead_unit_or_the_owning_unit(client, dic_officer, make_engagement, units):
    led = make_engagement(lead_unit=units["ppd"], starts_on=datetime.date(2025, 9, 3))
    owned = make_engagement(starts_on=datetime.date(2025, 9, 4))
    client.force_login(dic_officer)
    for unit, expected in ((units["ppd"], {led.pk}), (units["dic"], {led.pk, owned.pk})):
        response = client.get(URL, {"view": "list", "date": "2025-09-01", "unit": unit.pk})
        assert {e.pk for _, es in response.context["months"] for e in es} == expected


def test_a_partner_the_user_may_not_see_is_not_offered_as_a_filter(client, other_unit_officer, make_partner):
    hidden = make_partner(name_vi="Đối tác kín", visibility="restricted")
    client.force_login(other_unit_officer)
    response = client.get(URL)
    assert hidden not in response.context["form"].fields["partner"].queryset


def test_another_units_officer_does_not_see_a_restricted_engagement_in_any_view(
    client, other_unit_officer, dic_officer, restricted
):
    client.force_login(other_unit_officer)
    for view in ("month", "week", "list"):
        response = client.get(URL, {"view": view, "date": "2025-09-16"})
        assert response.status_code == 200 and SECRET not in response.content.decode()
    client.force_login(dic_officer)
    assert SECRET in client.get(URL, {"view": "week", "date": "2025-09-16"}).content.decode()


def test_the_calendar_needs_a_signed_in_user(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
