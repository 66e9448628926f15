"""The year's figures: counted by the definitions of the year-end review, shown with those definitions,
by type and by leader with links to the list, exportable, and only over what the reader may see."""

import csv
import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from coophub.engagements.stats import year_counts

pytestmark = pytest.mark.django_db
URL = reverse("engagements:stats")
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 12, 20, 2, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def year_of_work(make_engagement, deputy_minister):
    """One of each case the definitions separate, all in 2025 but the last."""
    return {
        "visit": make_engagement(
            kind="outgoing_visit", country="JP", leader=deputy_minister, starts_on=D(2025, 3, 2)
        ),
        "incoming": make_engagement(kind="incoming_visit", starts_on=D(2025, 4, 8)),
        "department_visit": make_engagement(
            kind="outgoing_visit", level="department", country="JP", starts_on=D(2025, 5, 5)
        ),
        "delegation": make_engagement(
            kind="multilateral_meeting",
            country="IT",
            city="Rome",
            leader=deputy_minister,
            starts_on=D(2025, 7, 1),
        ),
        "conference_abroad": make_engagement(kind="conference", country="TH", starts_on=D(2025, 8, 1)),
        "multilateral_at_home": make_engagement(kind="multilateral_meeting", starts_on=D(2025, 9, 1)),
        "call": make_engagement(kind="courtesy_call", leader=deputy_minister, starts_on=D(2025, 9, 16)),
        "talks": make_engagement(kind="bilateral_talks", level="working", starts_on=D(2025, 10, 1)),
        "last_year": make_engagement(kind="outgoing_visit", country="JP", starts_on=D(2024, 12, 30)),
    }


def test_a_ministerial_outgoing_or_incoming_visit_counts_as_an_official_visit_and_a_department_one_does_not(
    year_of_work, dic_officer
):
    counts = year_counts(dic_officer, 2025)
    assert counts["ministerial_visits"] == 2  # visit + incoming; not department_visit, not last_year


def test_a_ministerial_multilateral_meeting_abroad_counts_as_a_delegation_and_one_at_home_does_not(
    year_of_work, dic_officer
):
    assert year_counts(dic_officer, 2025)["multilateral_delegations"] == 2


def test_courtesy_calls_talks_and_working_sessions_count_as_working_sessions_at_any_level(
    year_of_work, dic_officer
):
    counts = year_counts(dic_officer, 2025)
    assert (counts["working_sessions"], counts["total"]) == (2, 8)
    assert year_counts(dic_officer, 2024)["total"] == 1


def test_the_page_shows_the_headline_figures_and_the_definitions(client, dic_officer, year_of_work):
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    figures = {row["key"]: row["count"] for row in response.context["headline"]}
    assert figures == {
        "ministerial_visits": 2,
        "multilateral_delegations": 2,
        "working_sessions": 2,
        "total": 8,
    }
    html = response.content.decode()
    assert "Outgoing and incoming visits led at ministerial level" in html
    assert "Multilateral meetings and conferences held abroad" in html
    assert "Courtesy calls, bilateral talks and working sessions" in html


def test_the_page_renders_in_vietnamese_by_default(client, dic_officer, year_of_work):
    client.force_login(dic_officer)
    response = client.get(URL)
    assert response.status_code == 200 and response.headers["Content-Language"] == "vi"
    assert response.context["year"] == 2025


def test_counts_by_type_and_by_leader_link_to_the_filtered_list(
    client, dic_officer, year_of_work, deputy_minister
):
    client.force_login(dic_officer)
    response = client.get(URL, {"year": 2025})
    list_url = reverse("engagements:engagement_list")
    by_kind = {row["kind"]: row for row in response.context["counts"]["by_kind"]}
    assert by_kind["outgoing_visit"]["count"] == 2
    assert by_kind["outgoing_visit"]["url"] == f"{list_url}?year=2025&kind=outgoing_visit"
    [leader] = response.context["counts"]["by_leader"]
    assert (leader["leader"], leader["count"], leader["visits"]) == ("Trần Quý Kiên", 3, 1)
    assert leader["url"] == f"{list_url}?year=2025&leader={deputy_minister.pk}"
    html = response.content.decode()
    assert f'href="{list_url}?year=2025&amp;kind=outgoing_visit"' in html
    assert f'href="{list_url}?year=2025&amp;leader={deputy_minister.pk}"' in html


def test_the_year_selector_offers_every_year_with_engagements(client, dic_officer, year_of_work):
    client.force_login(dic_officer)
    response = client.get(URL, {"year": 2025})
    assert response.context["years"] == [2025, 2024]
    assert client.get(URL, {"year": "rubbish"}).context["year"] == 2025
    assert client.get(URL, {"year": 2024}).context["counts"]["total"] == 1


def test_the_tables_export_as_csv_and_xlsx(client, dic_officer, year_of_work):
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.get(URL, {"year": 2025, "_export": "csv", "table": "kinds"})
    assert response.status_code == 200 and "engagements-2025-kinds.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Type", "Engagements"] and ["Outgoing visit", "2"] in rows

    response = client.get(URL, {"year": 2025, "_export": "xlsx", "table": "leaders"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Leader", "Engagements led", "Of which official visits"],
        ["Trần Quý Kiên", 3, 1],
    ]

    response = client.get(URL, {"year": 2025, "_export": "csv", "table": "headline"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Official ministerial-level visits", "2"] in rows and ["All engagements", "8"] in rows


def test_a_restricted_engagement_of_another_unit_is_not_counted_for_them(
    client, other_unit_officer, dic_officer, make_engagement
):
    make_engagement(kind="outgoing_visit", country="JP", visibility="restricted", starts_on=D(2025, 6, 1))
    assert year_counts(other_unit_officer, 2025)["ministerial_visits"] == 0
    assert year_counts(dic_officer, 2025)["ministerial_visits"] == 1
    client.force_login(other_unit_officer)
    response = client.get(URL, {"year": 2025})
    assert {row["key"]: row["count"] for row in response.context["headline"]}["total"] == 0
    export = client.get(URL, {"year": 2025, "_export": "csv", "table": "kinds"}).content.decode("utf-8-sig")
    assert all(row[1] == "0" for row in list(csv.reader(io.StringIO(export)))[1:])
