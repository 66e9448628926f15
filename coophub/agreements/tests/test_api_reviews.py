"""The review of signed programmes and overdue work by unit, over the API: the page's figures, from scopes."""

import datetime

import pytest
import time_machine

from conftest import assert_field_error, bearer
from coophub.assignments import services as task_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def plan(make_agreement, make_commitment, units, unit_focal_point, dic_director):
    plan = make_agreement(kind="action_plan", status="in_force", title_vi="Kế hoạch hành động 59-NQ/TW")
    commitment = make_commitment(agreement=plan, lead_unit=units["ppd"], focal_person=unit_focal_point)
    late = task_services.create_task(
        actor=dic_director,
        data={
            "title": "Báo cáo rà soát biện pháp SPS",
            "commitment": commitment,
            "lead_unit": units["ppd"],
            "focal_person": unit_focal_point,
            "owner_unit": units["dic"],
            "assigned_on": datetime.date(2026, 11, 2),
            "due_on": datetime.date(2026, 11, 20),
        },
    )
    secret = make_agreement(status="in_force", title_vi="Thỏa thuận mật", visibility="restricted")
    return plan, commitment, late, secret


def test_the_review_names_the_overdue_task_and_who_is_accountable(client, plan, dic_director):
    agreement, commitment, late, secret = plan
    body = client.get("/api/v1/reviews/signed-programmes", **bearer(dic_director)).json()
    row = next(r for r in body["items"] if r["agreement_id"] == agreement.pk)
    assert row["overdue_count"] == 1 and row["commitments"] == 1
    (worst,) = row["worst_overdue"]
    assert (worst["id"], worst["days_overdue"]) == (late.pk, 11)
    assert (worst["lead_unit_id"], worst["focal_person_id"]) == (late.lead_unit_id, late.focal_person_id)
    assert body["items"][0]["stuck_count"] >= row["stuck_count"]


def test_another_units_officer_does_not_see_a_restricted_agreement_in_the_review(
    client, plan, other_unit_officer
):
    _agreement, _commitment, _late, secret = plan
    body = client.get("/api/v1/reviews/signed-programmes", **bearer(other_unit_officer)).json()
    assert secret.pk not in {r["agreement_id"] for r in body["items"]}


def test_an_unknown_unit_filter_is_named(client, plan, dic_director):
    response = client.get(
        "/api/v1/reviews/signed-programmes", {"lead_unit_id": 999999}, **bearer(dic_director)
    )
    assert_field_error(response, "lead_unit_id")


def test_overdue_by_unit_counts_the_buckets(client, plan, dic_director, unit_focal_point, units):
    _agreement, _commitment, late, _secret = plan
    task_services.transition_task(late, actor=unit_focal_point, to="in_progress")
    body = client.get("/api/v1/reviews/overdue-by-unit", **bearer(dic_director)).json()
    (row,) = [r for r in body["items"] if r["unit_id"] == units["ppd"].pk]
    assert (row["overdue"], row["completed_late"], body["year"]) == (1, 0, 2026)
