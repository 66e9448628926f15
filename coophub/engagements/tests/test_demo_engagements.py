"""`manage.py load_demo` gives a year of engagements whose counts are the year-end review's figures."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from coophub.access.policies import policy_for
from coophub.accounts.models import User
from coophub.audit.models import AuditEvent
from coophub.engagements import logistics, stats
from coophub.engagements.management import demo_engagements as demo
from coophub.engagements.models import Engagement, Gift, Official
from coophub.partners.models import Partner
from coophub.timeline.services import events_for

pytestmark = pytest.mark.django_db

RECORDED = ["engagement.recorded"]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def persona(username: str) -> User:
    return User.objects.get(username=username)


def test_the_year_end_figures_come_from_the_records_and_a_second_load_changes_nothing():
    first_output = load_demo()
    assert "engagements created" in first_output
    counts = stats.year_counts(persona("admin"), 2025)
    assert counts["ministerial_visits"] == 20
    assert counts["multilateral_delegations"] == 50
    assert counts["working_sessions"] >= 40
    leaders = {row["leader"] for row in counts["by_leader"]}
    assert {"Trần Đức Thắng", "Hoàng Trung", "Trần Quý Kiên", "Vũ Ngọc Sơn"} <= leaders
    engagements = Engagement.objects.count()
    latest_audit = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    second_output = load_demo()
    assert "nothing changed" in second_output
    assert AuditEvent.objects.filter(pk__gt=latest_audit).count() == 0
    assert Engagement.objects.count() == engagements


def test_the_demo_has_the_founding_example_the_coming_meetings_and_a_restricted_livestock_engagement():
    load_demo()
    dic_officer = persona("dic_officer")
    nakayama = Engagement.objects.get(code=demo.NAKAYAMA_CODE)
    assert nakayama.title_en == demo.NAKAYAMA["title_en"]
    assert nakayama.source_text.startswith("Japan offers technical support to Vietnam")
    assert (nakayama.kind, nakayama.starts_on.isoformat(), nakayama.leader.name_ascii) == (
        "courtesy_call",
        "2025-09-16",
        "Tran Quy Kien",
    )
    [guest] = nakayama.partner_participants.all()
    assert (guest.name, guest.is_former, guest.partner.code) == ("Yasuhide Nakayama", True, "JP")
    assert guest.contact.full_name == "Yasuhide Nakayama"
    assert nakayama.outcomes.count() == 3
    outcome = nakayama.outcomes.get(commitment__isnull=False)
    commitment = outcome.commitment
    assert commitment.engagement_outcome.engagement == nakayama
    assert commitment.side == "partner" and commitment.focal_person.username == "clcb_officer"
    assert outcome.task.commitment == commitment and outcome.task.engagement_outcome == outcome

    kien = Official.objects.get(name_ascii="Tran Quy Kien")
    japan = Partner.objects.get(code="JP")
    for subject in (japan, kien):
        sources = [event.source_id for event in events_for(dic_officer, subject, kinds=RECORDED)]
        assert nakayama.pk in sources, subject

    today = timezone.localdate()
    meeting = Engagement.objects.get(code=demo.JAPAN_MEETING)
    assert 7 <= (meeting.starts_on - today).days <= 9 and meeting.starts_on.weekday() < 5
    assert meeting.leader.user == persona("leader")
    assert set(meeting.partners.values_list("code", flat=True)) == {"JP-MAFF", "JP"}

    plan = Engagement.objects.get(code=demo.DELEGATION).delegation_plan
    assert (plan.status, plan.budget_source) == ("submitted", "state_budget")
    late = Engagement.objects.get(code=demo.LATE_CONFERENCE).conference_request
    assert late.status == "draft" and late.approval == "prime_minister"
    assert logistics.request_warning(late)
    filed = Engagement.objects.get(code=demo.FILED_CONFERENCE).conference_request
    assert filed.status == "filed" and logistics.request_warning(filed) == ""
    received = Gift.objects.filter(direction="received", engagement__starts_on__lt=today)
    assert set(received.values_list("handling", flat=True)) == {"pending", "displayed"}

    restricted = Engagement.objects.get(code="demo-cnty-woah-signing")
    assert (restricted.owner_unit.code, restricted.visibility) == ("cnty", "restricted")
    for username in ("other_unit_officer", "dic_officer"):
        visible = policy_for(Engagement).scope(persona(username), "view")
        assert not visible.filter(pk=restricted.pk).exists(), username
    assert policy_for(Engagement).scope(persona("cnty_officer"), "view").filter(pk=restricted.pk).exists()
    woah = Partner.objects.get(code="WOAH")
    sources = [event.source_id for event in events_for(persona("other_unit_officer"), woah, kinds=RECORDED)]
    assert restricted.pk not in sources
