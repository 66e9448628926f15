"""The logistics block of the engagement page, what it posts, and the list of conference requests."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from coophub.engagements import logistics
from coophub.engagements.models import DelegationPlan, Gift
from coophub.engagements.views_logistics import logistics_context

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
D = datetime.date
OPENS = D(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime.datetime(2026, 2, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        yield


@pytest.fixture
def english_client(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def visit(make_engagement, deputy_minister, japan):
    return make_engagement(
        kind="outgoing_visit",
        title_vi="Thứ trưởng thăm và làm việc tại Nhật Bản",
        starts_on=D(2026, 4, 6),
        country="JP",
        leader=deputy_minister,
        vn=[{"official": deputy_minister, "role": "head"}],
    )


@pytest.fixture
def conference(make_engagement):
    return make_engagement(
        kind="conference", title_vi="Hội thảo quốc tế về nông nghiệp xanh", starts_on=OPENS
    )


PLAN_FORM = {
    "purpose": "Làm việc với Bộ Nông Lâm Ngư nghiệp Nhật Bản",
    "budget_source": "state_budget",
    "budget_amount": "450000000",
    "currency": "VND",
    "departs_on": "05/04/2026",
    "returns_on": "11/04/2026",
}


def url(name, engagement, *args):
    return reverse(f"engagements:{name}", args=[engagement.pk, *args])


def post(client, address, data=None) -> list[str]:
    """Post a subform, follow it back to the engagement page, and return the messages shown there."""
    response = client.post(address, data or {}, follow=True)
    [(location, status)] = response.redirect_chain
    assert status == 302 and location.endswith("#logistics"), location
    return [str(m) for m in response.context["messages"]]


def page(client, engagement) -> str:
    response = client.get(engagement.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_plan_is_drawn_up_submitted_and_approved_through_the_page(
    english_client, visit, dic_officer, dic_director
):
    client = english_client
    client.force_login(dic_officer)
    html = page(client, visit)
    assert 'id="delegation-plan-form"' in html and "Trần Quý Kiên" in html

    response = client.post(url("delegation_plan_save", visit), PLAN_FORM)
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url() + "#logistics"
    assert post(client, url("delegation_plan_submit", visit), {"version": 1}) == [
        "Delegation plan saved.",
        "Delegation plan submitted for approval.",
    ]
    assert 'id="delegation-plan-decision-form"' not in page(client, visit)

    denied = client.post(
        url("delegation_plan_decide", visit), {"decision": "approve", "decision_number": "1/QĐ"}
    )
    assert denied.status_code == 403

    client.force_login(dic_director)
    assert 'id="delegation-plan-decision-form"' in page(client, visit)
    [message] = post(client, url("delegation_plan_decide", visit), {"decision": "approve", "version": 2})
    assert message.startswith("Decision number: Give the number of the decision")
    assert post(
        client,
        url("delegation_plan_decide", visit),
        {"decision": "approve", "decision_number": "215/QĐ-BNNMT"},
    ) == ["Delegation plan approved."]
    plan = DelegationPlan.objects.get(engagement=visit)
    assert (plan.status, plan.decided_by) == ("approved", dic_director)
    html = page(client, visit)
    assert "215/QĐ-BNNMT" in html and 'id="delegation-plan-reopen-form"' in html
    assert 'id="delegation-plan-form"' not in html


def test_a_rejection_without_a_reason_is_refused_with_a_message(
    english_client, visit, dic_officer, dic_director
):
    plan = logistics.save_delegation_plan(
        visit,
        actor=dic_officer,
        data={**PLAN_FORM, "departs_on": D(2026, 4, 5), "returns_on": D(2026, 4, 11), "budget_amount": 1},
    )
    logistics.submit_delegation_plan(plan, actor=dic_officer)
    english_client.force_login(dic_director)
    address = url("delegation_plan_decide", visit)
    assert post(english_client, address, {"decision": "reject"}) == ["Note: Say why the plan is rejected."]
    assert post(english_client, address, {"decision": "reject", "note": "Thu gọn đoàn."}) == [
        "Delegation plan rejected."
    ]
    assert "Thu gọn đoàn." in page(english_client, visit)


def test_a_stale_plan_edit_is_refused_with_a_message(english_client, visit, dic_officer, dic_director):
    english_client.force_login(dic_officer)
    assert post(english_client, url("delegation_plan_save", visit), PLAN_FORM) == ["Delegation plan saved."]
    logistics.save_delegation_plan(visit, actor=dic_director, data={"purpose": "Đổi mục đích"}, version=1)
    [message] = post(english_client, url("delegation_plan_save", visit), {**PLAN_FORM, "version": 1})
    assert "changed by someone else" in message
    assert DelegationPlan.objects.get(engagement=visit).purpose == "Đổi mục đích"


def test_a_gift_received_must_say_its_handling_and_gifts_are_edited_and_removed(
    english_client, visit, dic_officer
):
    english_client.force_login(dic_officer)
    gift = {"direction": "received", "description": "Bình gốm Arita", "counterpart": "Bộ trưởng MAFF"}
    assert post(english_client, url("gift_add", visit), {**gift, "currency": "VND"}) == [
        "Handling: Say how the gift received is handled (Decree 59/2019/NĐ-CP)."
    ]
    assert not Gift.objects.exists()

    assert post(
        english_client,
        url("gift_add", visit),
        {**gift, "currency": "JPY", "value": "50000", "handling": "pending"},
    ) == ["Gift recorded."]
    [saved] = Gift.objects.all()
    html = page(english_client, visit)
    assert "Bình gốm Arita" in html and "To be declared" in html and f'id="gift-edit-form-{saved.pk}"' in html

    assert post(
        english_client,
        url("gift_edit", visit, saved.pk),
        {**gift, "currency": "JPY", "handling": "displayed"},
    ) == ["Gift saved."]
    saved.refresh_from_db()
    assert (saved.handling, saved.value) == ("displayed", None)
    assert post(english_client, url("gift_delete", visit, saved.pk)) == ["Gift removed."]
    assert not Gift.objects.exists()


def test_the_conference_request_shows_its_due_date_and_a_late_filing(english_client, conference, dic_officer):
    english_client.force_login(dic_officer)
    html = page(english_client, conference)
    assert 'id="conference-request-form"' in html
    assert "Prime Minister decides: file by 08/02/2026 (40 days before)." in html

    assert post(
        english_client,
        url("conference_request_save", conference),
        {"approval": "prime_minister", "expected_participants": "150", "foreign_participants": "40"},
    ) == ["Conference request saved."]
    [message] = post(
        english_client, url("conference_request_file", conference), {"on": "13/02/2026", "version": 1}
    )
    assert message.startswith("Conference request filed. Filed on 13/02/2026, 5 days late")
    html = page(english_client, conference)
    assert 'id="conference-request-warning"' in html and "5 days late" in html
    assert "08/02/2026" in html and "13/02/2026" in html


def test_the_request_block_is_offered_only_for_conferences_hosted_in_viet_nam(
    rf_user, visit, conference, make_engagement
):
    assert logistics_context(rf_user, conference)["logistics"]["show_request"]
    assert not logistics_context(rf_user, visit)["logistics"]["show_request"]
    assert logistics_context(rf_user, visit)["logistics"]["show_plan"]
    call = make_engagement(kind="courtesy_call")
    assert not logistics_context(rf_user, call)["logistics"]["show_plan"]


@pytest.fixture
def rf_user(dic_officer):
    request = RequestFactory().get("/")
    request.user = dic_officer
    return request


def test_a_reader_sees_the_logistics_without_any_form(english_client, conference, counsellor, dic_officer):
    logistics.save_conference_request(conference, actor=dic_officer, data={"approval": "minister"})
    english_client.force_login(counsellor)
    html = page(english_client, conference)
    assert 'id="conference-request-status"' in html
    assert "<form" not in html.split('id="logistics"')[1].split("</section>")[0]


def test_the_list_shows_upcoming_hosted_conferences_late_ones_first(
    english_client, make_engagement, dic_officer, other_unit_officer
):
    def conference(title, opens, approval=None, filed_on=None, **fields):
        engagement = make_engagement(kind="conference", title_vi=title, starts_on=opens, **fields)
        if approval:
            request = logistics.save_conference_request(
                engagement, actor=dic_officer, data={"approval": approval}
            )
            if filed_on:
                logistics.file_conference_request(request, actor=dic_officer, on=filed_on)
        return engagement

    in_time = conference("Diễn đàn đúng hạn", D(2026, 5, 1), "minister", D(2026, 2, 10))
    due_soon = conference("Hội thảo sắp đến hạn", D(2026, 3, 25), "minister")
    filed_late = conference("Hội nghị nộp muộn", OPENS, "prime_minister", D(2026, 2, 13))
    not_filed = conference("Hội nghị chưa nộp", D(2026, 3, 10), "prime_minister")
    no_request = conference("Hội thảo chưa có hồ sơ", D(2026, 6, 30))
    conference("Hội thảo đã qua", D(2026, 1, 10), "minister")
    conference("Hội thảo ở Tokyo", D(2026, 4, 1), country="JP")
    secret = conference("Hội nghị mật", D(2026, 3, 1), "prime_minister", visibility="restricted")
    english_client.force_login(dic_officer)

    response = english_client.get(reverse("engagements:conference_requests"))
    rows = response.context["rows"]
    assert [r.engagement for r in rows] == [secret, not_filed, filed_late, due_soon, in_time, no_request]
    assert [r.days_late for r in rows[:3]] == [31, 22, 5]
    html = response.content.decode()
    assert (
        html.index("Hội nghị chưa nộp") < html.index("Hội nghị nộp muộn") < html.index("Hội thảo sắp đến hạn")
    )
    assert (
        "22 days late" in html and "Due by 23/02/2026, in 3 days." in html and "No request recorded." in html
    )
    assert response.context["late_count"] == 3

    english_client.force_login(other_unit_officer)
    rows = english_client.get(reverse("engagements:conference_requests")).context["rows"]
    assert secret not in [r.engagement for r in rows] and len(rows) == 5


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pages_render_in_both_languages(client, conference, visit, dic_officer, language):
    logistics.save_conference_request(conference, actor=dic_officer, data={"approval": "prime_minister"})
    client.cookies["django_language"] = language
    client.force_login(dic_officer)
    for address in (
        conference.get_absolute_url(),
        visit.get_absolute_url(),
        reverse("engagements:conference_requests"),
    ):
        assert client.get(address).status_code == 200


def test_another_units_officer_gets_404_for_a_restricted_engagements_logistics(
    client, make_engagement, dic_officer, other_unit_officer
):
    secret = make_engagement(kind="conference", starts_on=OPENS, visibility="restricted")
    request = logistics.save_conference_request(secret, actor=dic_officer, data={"approval": "minister"})
    plan = logistics.save_delegation_plan(
        secret,
        actor=dic_officer,
        data={"purpose": "x", "budget_source": "partner", "departs_on": OPENS, "returns_on": OPENS},
    )
    gift = logistics.save_gift(
        secret, actor=dic_officer, data={"direction": "given", "description": "Tranh", "counterpart": "FAO"}
    )
    client.force_login(other_unit_officer)
    for name, args in [
        ("delegation_plan_save", ()),
        ("delegation_plan_submit", ()),
        ("delegation_plan_decide", ()),
        ("delegation_plan_reopen", ()),
        ("gift_add", ()),
        ("gift_edit", (gift.pk,)),
        ("gift_delete", (gift.pk,)),
        ("conference_request_save", ()),
        ("conference_request_file", ()),
        ("conference_request_decide", ()),
    ]:
        assert client.post(url(name, secret, *args), {"decision": "approve"}).status_code == 404, name
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert Gift.objects.filter(pk=gift.pk).exists()
    request.refresh_from_db()
    plan.refresh_from_db()
    assert (request.version, plan.version) == (1, 1)
