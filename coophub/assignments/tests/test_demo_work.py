"""The demo's Action Plan for Resolutions 59-NQ/TW and 153/NQ-CP: commitments and tasks across several units,
some late and escalated, visible only to whom they should be."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from coophub.access.policies import policy_for
from coophub.accounts.models import User
from coophub.agreements.models import Agreement, Commitment
from coophub.agreements.queries import review_rows
from coophub.assignments.choices import DeadlineState
from coophub.assignments.deadlines import task_deadline_state
from coophub.assignments.models import ReminderSent, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_the_action_plan_has_commitments_led_by_several_units(demo):
    plan = Agreement.objects.get(code="KH-59-153")
    assert plan.status == "in_force"
    leads = set(Commitment.objects.filter(agreement=plan).values_list("lead_unit__code", flat=True))
    assert {"pc", "clcb", "khtc", "ttbvtv", "tccb", "bdkh"} <= leads
    assert Commitment.objects.get(code="KH59-1").children.count() == 2


def test_some_tasks_are_late_and_escalated_to_the_unit_head_and_the_director(demo):
    today = timezone.localdate()
    states = {t.code: task_deadline_state(t, today) for t in Task.objects.all()}
    assert list(states.values()).count(DeadlineState.OVERDUE) >= 4
    assert DeadlineState.COMPLETED_LATE in states.values()
    assert DeadlineState.COMPLETED_ON_TIME in states.values()
    assert DeadlineState.DUE_SOON in states.values()
    overdue = Task.objects.get(code="KH59-NV-01")
    levels = {(r.level, r.recipient.username) for r in ReminderSent.objects.filter(task=overdue)}
    assert (1, "unit_head") in levels
    assert (2, "dic_director") in levels


def test_the_review_names_what_is_stuck_and_who_is_accountable(demo):
    director = User.objects.get(username="dic_director")
    rows = review_rows(director, {}, timezone.localdate())
    plan = next(r for r in rows if r.agreement.code == "KH-59-153")
    assert plan.overdue_count >= 3
    assert plan.worst_overdue and all(t.focal_person_id and t.lead_unit_id for t in plan.worst_overdue)


def test_other_unit_officer_does_not_see_the_restricted_livestock_work(demo):
    other = User.objects.get(username="other_unit_officer")
    assert not policy_for(Agreement).scope(other, "view").filter(code="AG-CNTY-WOAH-2025").exists()
    assert not policy_for(Task).scope(other, "view").filter(code="WOAH-NV-01").exists()
    assert policy_for(Task).scope(other, "view").filter(code="LNKL-NV-01").exists()  # their own unit's
    director = User.objects.get(username="dic_director")
    reviewed = {r.agreement.code for r in review_rows(other, {}, timezone.localdate())}
    assert "AG-CNTY-WOAH-2025" not in reviewed
    assert policy_for(Task).scope(director, "view").filter(code="KH59-NV-03").exists()
