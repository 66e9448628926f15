import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coophub.access.policies import policy_for
from coophub.audit.models import AuditEvent
from coophub.core.errors import Conflict
from coophub.engagements import followup, services
from coophub.engagements.models import Engagement
from coophub.timeline.services import events_for

pytestmark = pytest.mark.django_db

NAKAYAMA_COMMITMENT = (
    "Mr. Nakayama committed to supporting Vietnam in modern agricultural practices, food preservation "
    "technologies, processing, and storage."
)


@pytest.fixture
def nakayama_meeting(make_engagement, deputy_minister, japan_partner, japan):
    return make_engagement(
        title_en="Japan offers technical support to Vietnam in agriculture and value chain development",
        title_vi="",
        leader=deputy_minister,
        partners=[japan_partner],
        countries=[japan],
        source_language="en",
        vn=[{"official": deputy_minister, "role": "head"}],
        partner=[
            {"name": "Yasuhide Nakayama", "title": "Minister of Defense", "country": japan, "is_former": True}
        ],
        outcomes=[
            {"kind": "commitment", "side": "partner", "text": NAKAYAMA_COMMITMENT},
            {
                "kind": "decision",
                "side": "both",
                "text": "Both sides agreed to regard high-tech sectors as pillars.",
            },
        ],
    )


def test_it_records_an_engagement_with_its_people_and_outcomes_and_audits_it(
    nakayama_meeting, deputy_minister
):
    assert nakayama_meeting.leader_title == "Thứ trưởng Bộ Nông nghiệp và Môi trường"
    [head] = nakayama_meeting.vn_participants.all()
    assert (head.name, head.role) == ("Trần Quý Kiên", "head")
    [guest] = nakayama_meeting.partner_participants.all()
    assert guest.is_former and guest.country_id == "JP"
    assert [o.kind for o in nakayama_meeting.outcomes.all()] == ["commitment", "decision"]
    event = AuditEvent.objects.get(
        object_id=nakayama_meeting.pk, action="create", object_type__model="engagement"
    )
    assert event.after["partner_participants"][0][1] == "Yasuhide Nakayama"


def test_it_puts_the_engagement_on_the_partner_and_the_deputy_ministers_timelines(
    nakayama_meeting, japan_partner, deputy_minister, dic_officer
):
    for subject in (japan_partner, deputy_minister):
        [event] = events_for(dic_officer, subject, kinds=["engagement.recorded"])
        assert event.kind == "engagement.recorded"
        assert "16/09/2025" in event.text


def test_a_restricted_engagement_stays_off_another_units_partner_timeline(
    make_engagement, japan_partner, other_unit_officer, dic_officer
):
    make_engagement(partners=[japan_partner], visibility="restricted")
    kinds = ["engagement.recorded"]
    assert events_for(other_unit_officer, japan_partner, kinds=kinds) == []
    assert len(events_for(dic_officer, japan_partner, kinds=kinds)) == 1


def test_it_refuses_an_engagement_that_ends_before_it_starts(make_engagement):
    with pytest.raises(ValidationError) as exc:
        make_engagement(ends_on=datetime.date(2025, 9, 1))
    assert "ends_on" in exc.value.message_dict


@pytest.mark.usefixtures("english")
def test_it_names_the_participant_row_without_a_name(make_engagement):
    with pytest.raises(ValidationError) as exc:
        make_engagement(partner=[{"name": "Ann Lee"}, {"title": "Ambassador"}])
    assert "Row 2" in str(exc.value.message_dict["participants"])
    assert not Engagement.objects.exists()


def test_another_units_officer_cannot_change_a_dic_engagement(nakayama_meeting, other_unit_officer):
    with pytest.raises(PermissionDenied):
        services.update_engagement(nakayama_meeting, actor=other_unit_officer, data={"city": "Huế"})


def test_a_stale_edit_is_refused(nakayama_meeting, dic_officer):
    services.update_engagement(nakayama_meeting, actor=dic_officer, data={"venue": "Trụ sở Bộ"}, version=1)
    with pytest.raises(Conflict):
        services.update_engagement(nakayama_meeting, actor=dic_officer, data={"venue": "Khác"}, version=1)


def test_the_officer_reviews_and_the_director_approves(nakayama_meeting, dic_officer, dic_director):
    services.transition_engagement(nakayama_meeting, actor=dic_officer, action="review")
    with pytest.raises(PermissionDenied):
        services.transition_engagement(nakayama_meeting, actor=dic_officer, action="approve")
    approved = services.transition_engagement(nakayama_meeting, actor=dic_director, action="approve")
    assert approved.status == "approved" and approved.approved_by == dic_director


def test_the_deputy_minister_sees_a_unit_only_engagement_he_led(
    make_engagement, deputy_minister, leader, units
):
    engagement = make_engagement(visibility="restricted", leader=deputy_minister)
    assert policy_for(Engagement).can(leader, "view", engagement)


def test_it_turns_the_partner_commitment_into_a_commitment_linked_both_ways(
    nakayama_meeting, dic_officer, japan_partner
):
    outcome = nakayama_meeting.outcomes.get(kind="commitment")
    commitment = followup.outcome_to_commitment(outcome, actor=dic_officer)
    assert commitment.source == "engagement" and commitment.side == "partner"
    assert commitment.title_en == NAKAYAMA_COMMITMENT
    assert list(commitment.partners.all()) == [japan_partner]
    assert commitment.engagement_outcome.engagement == nakayama_meeting
    with pytest.raises(ValidationError):
        followup.outcome_to_commitment(outcome, actor=dic_officer)


def test_it_turns_an_outcome_into_a_follow_up_task_with_one_focal_person(
    nakayama_meeting, dic_director, unit_focal_point, units
):
    outcome = nakayama_meeting.outcomes.get(kind="commitment")
    task = followup.outcome_to_task(
        outcome,
        actor=dic_director,
        data={
            "lead_unit": units["ppd"],
            "focal_person": unit_focal_point,
            "due_on": datetime.date(2026, 12, 15),
        },
    )
    assert task.source == "engagement" and task.focal_person == unit_focal_point
    assert "16/09/2025" in task.source_meeting
    assert task.engagement_outcome == outcome
    kinds = [e.kind for e in events_for(dic_director, nakayama_meeting)]
    assert "engagement.outcome_followed_up" in kinds


def test_an_engagement_with_followed_up_outcomes_cannot_be_deleted(nakayama_meeting, dic_director):
    followup.outcome_to_commitment(nakayama_meeting.outcomes.first(), actor=dic_director)
    with pytest.raises(ValidationError):
        services.delete_engagement(nakayama_meeting, actor=dic_director)


def test_it_matches_an_official_printed_without_diacritics(deputy_minister):
    assert services.match_official("Tran Quy Kien") == deputy_minister
    assert services.match_official("Nguyen Van A") is None


def test_an_added_outcome_is_found_by_search(nakayama_meeting, dic_officer):
    from coophub.search.queries import search

    services.add_outcome(
        nakayama_meeting, actor=dic_officer, data={"kind": "information", "text": "Zyxquokka"}
    )
    assert [h.id for h in search(dic_officer, "zyxquokka")] == [nakayama_meeting.pk]
