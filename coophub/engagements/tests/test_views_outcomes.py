"""The outcomes panel and the status steps of the engagement page: outcome → commitment and → task in one
step, linked both ways; outcomes added, edited and deleted; review / approve / return by role."""

import datetime

import pytest
from django.urls import reverse

from coophub.agreements.models import Commitment
from coophub.assignments.models import Task

from .test_views import NAKAYAMA_COMMITMENT

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def meeting(make_engagement, deputy_minister, japan_partner, japan):
    return make_engagement(
        title_vi="Thứ trưởng Trần Quý Kiên tiếp cựu Bộ trưởng Nakayama",
        leader=deputy_minister,
        partners=[japan_partner],
        countries=[japan],
        source_language="en",
        outcomes=[
            {"kind": "commitment", "side": "partner", "text": NAKAYAMA_COMMITMENT},
            {
                "kind": "information",
                "side": "vn",
                "text": "Viet Nam briefed on its agricultural restructuring.",
            },
        ],
    )


def _url(name, outcome):
    return reverse(f"engagements:{name}", args=[outcome.engagement_id, outcome.pk])


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_commitment_outcome_becomes_a_commitment_in_one_click_linked_both_ways(
    client, dic_officer, meeting, japan_partner
):
    outcome = meeting.outcomes.get(kind="commitment")
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.post(_url("outcome_commitment", outcome), follow=True)
    assert "Recorded as a commitment." in _messages(response)
    commitment = Commitment.objects.get()
    assert commitment.source == "engagement" and commitment.side == "partner"
    assert list(commitment.partners.all()) == [japan_partner]
    outcome.refresh_from_db()
    assert outcome.commitment == commitment

    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'id="outcome-{outcome.pk}-commitment"' in html and commitment.get_absolute_url() in html
    assert f'id="outcome-{outcome.pk}-to-commitment"' not in html  # done once
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert 'id="from-engagement"' in html
    assert f'From the engagement <a href="{meeting.get_absolute_url()}">' in html and "on 16/09/2025" in html


def test_the_optional_lead_unit_focal_person_and_due_date_go_on_the_commitment(
    client, dic_director, unit_focal_point, meeting, units
):
    outcome = meeting.outcomes.get(kind="commitment")
    client.force_login(dic_director)
    prefix = f"c{outcome.pk}"
    client.post(
        _url("outcome_commitment", outcome),
        {
            f"{prefix}-lead_unit": units["ppd"].pk,
            f"{prefix}-focal_person": unit_focal_point.pk,
            f"{prefix}-due_on": "31/12/2026",
        },
    )
    commitment = Commitment.objects.get()
    assert (commitment.lead_unit, commitment.focal_person, commitment.due_on) == (
        units["ppd"],
        unit_focal_point,
        D(2026, 12, 31),
    )


def test_the_dic_director_assigns_the_follow_up_task_to_the_ppds_focal_point(
    client, dic_director, unit_focal_point, meeting, units
):
    outcome = meeting.outcomes.get(kind="commitment")
    client.force_login(dic_director)
    client.cookies["django_language"] = "en"
    prefix = f"t{outcome.pk}"
    response = client.post(
        _url("outcome_task", outcome),
        {
            f"{prefix}-lead_unit": units["ppd"].pk,
            f"{prefix}-focal_person": unit_focal_point.pk,
            f"{prefix}-due_on": "15/12/2026",
        },
        follow=True,
    )
    assert "Follow-up task assigned." in _messages(response)
    task = Task.objects.get()
    assert (task.lead_unit, task.focal_person, task.due_on) == (
        units["ppd"],
        unit_focal_point,
        D(2026, 12, 15),
    )
    assert task.source == "engagement" and task.engagement_outcome == outcome
    html = response.content.decode()
    assert f'id="outcome-{outcome.pk}-task"' in html and task.get_absolute_url() in html

    client.force_login(unit_focal_point)
    html = client.get(task.get_absolute_url()).content.decode()
    assert f'From the engagement <a href="{meeting.get_absolute_url()}">' in html


def test_a_focal_person_outside_the_lead_unit_is_refused_naming_the_field(
    client, dic_director, other_unit_officer, meeting, units
):
    outcome = meeting.outcomes.get(kind="commitment")
    client.force_login(dic_director)
    client.cookies["django_language"] = "en"
    prefix = f"t{outcome.pk}"
    response = client.post(
        _url("outcome_task", outcome),
        {f"{prefix}-lead_unit": units["ppd"].pk, f"{prefix}-focal_person": other_unit_officer.pk},
        follow=True,
    )
    assert "Focal person: other_unit_officer is not a member of the lead unit" in _messages(response)
    response = client.post(
        _url("outcome_task", outcome), {f"{prefix}-lead_unit": units["ppd"].pk}, follow=True
    )
    assert "Focal person: This field is required." in _messages(response)
    assert not Task.objects.exists()


def test_the_task_page_names_the_engagement_only_to_who_may_see_it(
    client, dic_director, unit_focal_point, make_engagement, units
):
    secret = make_engagement(
        visibility="restricted", outcomes=[{"kind": "follow_up", "text": "Gửi tài liệu."}]
    )
    outcome = secret.outcomes.get()
    client.force_login(dic_director)
    prefix = f"t{outcome.pk}"
    client.post(
        _url("outcome_task", outcome),
        {f"{prefix}-lead_unit": units["ppd"].pk, f"{prefix}-focal_person": unit_focal_point.pk},
    )
    task = Task.objects.get()
    assert 'id="from-engagement"' in client.get(task.get_absolute_url()).content.decode()
    client.force_login(unit_focal_point)  # does the task, may not see the restricted engagement
    response = client.get(task.get_absolute_url())
    assert response.status_code == 200 and 'id="from-engagement"' not in response.content.decode()


def test_outcomes_are_added_edited_and_deleted_from_the_page(client, dic_officer, meeting):
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("engagements:outcome_add", args=[meeting.pk]),
        {
            "new-kind": "follow_up",
            "new-side": "vn",
            "new-text": "Send the project concept note.",
            "new-due_on": "01/11/2025",
        },
        follow=True,
    )
    assert "Outcome added." in _messages(response)
    added = meeting.outcomes.get(kind="follow_up")
    assert added.due_on == D(2025, 11, 1) and "Send the project concept note." in response.content.decode()

    prefix = f"e{added.pk}"
    client.post(
        _url("outcome_edit", added),
        {f"{prefix}-kind": "follow_up", f"{prefix}-side": "vn", f"{prefix}-text": "Send the concept note."},
    )
    added.refresh_from_db()
    assert added.text == "Send the concept note." and added.due_on is None

    response = client.post(_url("outcome_edit", added), {f"{prefix}-kind": "follow_up"}, follow=True)
    assert "Text: This field is required." in _messages(response)

    client.post(_url("outcome_delete", added))
    assert not meeting.outcomes.filter(pk=added.pk).exists()


def test_an_outcome_already_followed_up_is_not_deleted(client, dic_officer, meeting):
    outcome = meeting.outcomes.get(kind="commitment")
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    client.post(_url("outcome_commitment", outcome))
    response = client.post(_url("outcome_delete", outcome), follow=True)
    assert "stays as their source" in _messages(response)
    assert meeting.outcomes.filter(pk=outcome.pk).exists()


def test_a_reader_sees_no_outcome_forms_and_may_not_post_them(client, counsellor, meeting):
    outcome = meeting.outcomes.get(kind="commitment")
    client.force_login(counsellor)
    response = client.get(meeting.get_absolute_url())
    assert response.context["outcome_form"] is None
    row = response.context["outcome_groups"][-1]["rows"][0]
    assert row["commitment_form"] is None and row["task_form"] is None and row["edit_form"] is None
    assert client.post(_url("outcome_commitment", outcome)).status_code == 403
    assert (
        client.post(
            reverse("engagements:outcome_add", args=[meeting.pk]),
            {"new-kind": "decision", "new-side": "both", "new-text": "x"},
        ).status_code
        == 403
    )
    assert not Commitment.objects.exists()


# ---------- the status steps ----------


def _actions(client, engagement):
    return [action for action, _label in client.get(engagement.get_absolute_url()).context["actions"]]


def test_the_officer_reviews_the_director_approves_and_returns(client, dic_officer, dic_director, meeting):
    transition = reverse("engagements:engagement_transition", args=[meeting.pk])
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    assert _actions(client, meeting) == ["review"]
    response = client.post(transition, {"action": "review", "version": 1}, follow=True)
    assert "Status: Reviewed." in _messages(response)
    meeting.refresh_from_db()
    assert meeting.status == "reviewed" and meeting.reviewed_by == dic_officer
    assert _actions(client, meeting) == []
    assert client.post(transition, {"action": "approve"}).status_code == 403

    client.force_login(dic_director)
    assert _actions(client, meeting) == ["approve", "return"]
    client.post(transition, {"action": "approve", "version": meeting.version})
    meeting.refresh_from_db()
    assert meeting.status == "approved" and meeting.approved_by == dic_director
    assert _actions(client, meeting) == ["return"]
    client.post(transition, {"action": "return", "version": meeting.version})
    meeting.refresh_from_db()
    assert meeting.status == "draft"


def test_a_reader_has_no_status_action_and_a_stale_step_is_refused(client, counsellor, dic_officer, meeting):
    transition = reverse("engagements:engagement_transition", args=[meeting.pk])
    client.force_login(counsellor)
    assert _actions(client, meeting) == []
    assert client.post(transition, {"action": "review"}).status_code == 403

    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.post(transition, {"action": "review", "version": 7}, follow=True)
    assert "changed by someone else" in _messages(response)
    meeting.refresh_from_db()
    assert meeting.status == "draft"
