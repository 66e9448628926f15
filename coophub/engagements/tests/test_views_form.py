"""The engagement form: the record with its three row sets saved together, errors that name the field or the
row, stale edits, edits that keep what was already followed up, and deleting."""

import datetime

import pytest
from django.urls import reverse

from coophub.audit.models import AuditEvent
from coophub.engagements import followup
from coophub.engagements.models import Engagement, Official
from coophub.timeline.services import events_for

from .test_views import NAKAYAMA_COMMITMENT, form_post

pytestmark = pytest.mark.django_db
D = datetime.date
CREATE = "engagements:engagement_create"


def _edit_url(engagement):
    return reverse("engagements:engagement_edit", args=[engagement.pk])


def test_an_officer_records_an_engagement_with_its_people_and_outcomes_through_the_form(
    client, dic_officer, deputy_minister, japan_partner, japan, units
):
    client.force_login(dic_officer)
    url = reverse(CREATE)
    data = form_post(
        client,
        url,
        rows={
            "vn": [
                {"official": deputy_minister, "role": "head"},
                {"name": "Nguyễn Đỗ Anh Tuấn", "title": "Vụ trưởng Vụ Hợp tác quốc tế", "unit": units["dic"]},
            ],
            "partner": [
                {
                    "name": "Yasuhide Nakayama",
                    "title": "Minister of Defense",
                    "organisation": "Government of Japan",
                    "partner": japan_partner,
                    "country": japan,
                    "is_former": True,
                }
            ],
            "outcomes": [
                {
                    "kind": "commitment",
                    "side": "partner",
                    "text": NAKAYAMA_COMMITMENT,
                    "due_on": D(2026, 6, 30),
                },
                {"kind": "decision", "text": "Both sides agreed to regard high-tech sectors as pillars."},
            ],
        },
        kind="courtesy_call",
        title_vi="Thứ trưởng Trần Quý Kiên tiếp cựu Bộ trưởng Nakayama",
        starts_on=D(2025, 9, 16),
        start_time=datetime.time(15, 0),
        city="Hà Nội",
        country="VN",
        leader=deputy_minister,
        lead_unit=units["dic"],
        partners=[japan_partner],
        countries=[japan],
        owner_unit=units["dic"],
    )
    response = client.post(url, data)
    engagement = Engagement.objects.get()
    assert response.status_code == 302 and response["Location"] == engagement.get_absolute_url()
    assert engagement.leader_title == "Thứ trưởng Bộ Nông nghiệp và Môi trường"
    assert [(p.name, p.role) for p in engagement.vn_participants.all()] == [
        ("Trần Quý Kiên", "head"),
        ("Nguyễn Đỗ Anh Tuấn", "member"),
    ]
    [guest] = engagement.partner_participants.all()
    assert guest.is_former and guest.partner == japan_partner and guest.country_id == "JP"
    assert [(o.kind, o.side, o.due_on) for o in engagement.outcomes.all()] == [
        ("commitment", "partner", D(2026, 6, 30)),
        ("decision", "both", None),
    ]
    assert AuditEvent.objects.filter(
        object_id=str(engagement.pk), action="create", actor=dic_officer
    ).exists()
    assert len(events_for(dic_officer, japan_partner, kinds=["engagement.recorded"])) == 1


def test_a_row_without_a_name_and_an_outcome_without_text_are_refused_naming_their_rows(
    client, dic_officer, units
):
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    url = reverse(CREATE)
    data = form_post(
        client,
        url,
        rows={
            "partner": [{"name": "Ann Lee"}, {"title": "Ambassador"}],
            "outcomes": [{"kind": "commitment", "text": ""}],
        },
        kind="working_session",
        title_vi="Làm việc với Đại sứ",
        starts_on=D(2025, 10, 2),
        owner_unit=units["dic"],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Partner side, row 2: Name: Give a name, an organisation or a partner." in html
    assert "Outcomes, row 1: Text: The outcome has no text." in html
    assert 'id="partner-row-2" class="has-error"' in html
    assert not Engagement.objects.exists()


def test_field_errors_are_shown_next_to_their_fields(client, dic_officer, units):
    client.force_login(dic_officer)
    url = reverse(CREATE)
    data = form_post(
        client,
        url,
        kind="conference",
        starts_on=D(2025, 10, 2),
        ends_on=D(2025, 10, 1),
        owner_unit=units["dic"],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "ends_on" in errors and "title_vi" in errors
    assert "field has-error" in response.content.decode()
    assert not Engagement.objects.exists()


def test_a_stale_edit_shows_the_conflict_and_does_not_overwrite(
    client, dic_officer, dic_director, make_engagement
):
    engagement = make_engagement(title_vi="Bản gốc")
    url = _edit_url(engagement)
    client.force_login(dic_officer)
    stale = form_post(client, url, title_vi="Bản của người chậm")
    assert stale["version"] == "1"
    client.force_login(dic_director)
    assert client.post(url, form_post(client, url, title_vi="Bản của người nhanh")).status_code == 302
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.title_vi == "Bản của người nhanh" and engagement.version == 2


def test_an_edit_replaces_the_rows_and_keeps_the_outcomes_already_followed_up(
    client, dic_officer, make_engagement, deputy_minister, units
):
    engagement = make_engagement(
        vn=[
            {"official": deputy_minister, "role": "head"},
            {"name": "Phiên dịch viên", "role": "interpreter"},
        ],
        partner=[{"name": "H.E. Ito Naoki", "title": "Ambassador"}],
        outcomes=[
            {"kind": "commitment", "side": "partner", "text": "Japan will support cold-chain logistics."},
            {"kind": "information", "text": "Briefing on the rice sector."},
        ],
    )
    followup.outcome_to_commitment(engagement.outcomes.get(kind="commitment"), actor=dic_officer)
    client.force_login(dic_officer)
    url = _edit_url(engagement)
    page = client.get(url)
    assert [f.initial["text"] for f in page.context["formsets"][2][2].initial_forms] == [
        "Briefing on the rice sector."
    ]
    assert "Japan will support cold-chain logistics." in page.content.decode()  # listed as kept

    data = form_post(client, url)
    data["vn-1-DELETE"] = "on"
    data["partner-0-title"] = "Ambassador of Japan to Viet Nam"
    data["outcomes-0-text"] = "Briefing on the rice and coffee sectors."
    assert client.post(url, data).status_code == 302
    assert [p.name for p in engagement.vn_participants.all()] == ["Trần Quý Kiên"]
    assert engagement.partner_participants.get().title == "Ambassador of Japan to Viet Nam"
    texts = sorted(o.text for o in engagement.outcomes.all())
    assert texts == ["Briefing on the rice and coffee sectors.", "Japan will support cold-chain logistics."]
    assert engagement.outcomes.get(kind="commitment").commitment is not None
    event = AuditEvent.objects.filter(object_id=str(engagement.pk), action="update").latest("pk")
    assert "vn_participants" in event.changes


def test_a_new_leader_brings_their_own_title(client, dic_officer, make_engagement, deputy_minister, units):
    minister = Official.objects.create(
        full_name="Trần Đức Thắng", title_vi="Bộ trưởng Bộ Nông nghiệp và Môi trường", is_leader=True, rank=1
    )
    engagement = make_engagement(leader=deputy_minister)
    client.force_login(dic_officer)
    url = _edit_url(engagement)
    assert client.post(url, form_post(client, url, leader=minister)).status_code == 302
    engagement.refresh_from_db()
    assert (
        engagement.leader == minister and engagement.leader_title == "Bộ trưởng Bộ Nông nghiệp và Môi trường"
    )


def test_an_edit_keeps_the_partners_the_editor_cannot_see(
    client, unit_focal_point, make_partner, make_engagement, units
):
    secret = make_partner(name_vi="Đối tác kín", visibility="restricted")
    engagement = make_engagement(
        partners=[secret],
        partner=[{"name": "Ông A", "partner": secret}],
        owner_unit=units["ppd"],
        actor=unit_focal_point,
    )
    client.force_login(unit_focal_point)  # edits the record, may not see the partner
    url = _edit_url(engagement)
    data = form_post(client, url, venue="Phòng họp số 1")
    assert "partners" not in data  # the form offers only what the editor sees
    data["partner-0-partner"] = ""  # as the browser posts a select whose value is not among its options
    response = client.post(url, data)
    assert response.status_code == 302, response.context["row_errors"]
    assert list(engagement.partners.all()) == [secret]
    assert engagement.partner_participants.get().partner == secret


def test_the_form_starts_from_the_partner_named_in_the_address(client, dic_officer, japan_partner):
    client.force_login(dic_officer)
    form = client.get(reverse(CREATE) + f"?partner={japan_partner.pk}").context["form"]
    assert form["partners"].value() == [japan_partner.pk] and form["countries"].value() == ["JP"]


def test_a_dic_director_deletes_an_engagement_unless_its_outcomes_were_followed_up(
    client, dic_director, make_engagement
):
    plain = make_engagement(title_vi="Sẽ bị xóa")
    client.force_login(dic_director)
    url = reverse("engagements:engagement_delete", args=[plain.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("engagements:engagement_list")
    assert not Engagement.objects.filter(pk=plain.pk).exists()

    followed = make_engagement(outcomes=[{"kind": "commitment", "text": "Hỗ trợ chuyển giao công nghệ."}])
    followup.outcome_to_commitment(followed.outcomes.get(), actor=dic_director)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("engagements:engagement_delete", args=[followed.pk]), follow=True)
    assert "outcomes that became commitments or tasks" in response.content.decode()
    assert Engagement.objects.filter(pk=followed.pk).exists()


def test_a_counsellor_who_only_reads_cannot_open_the_form(client, counsellor, make_engagement):
    engagement = make_engagement()
    client.force_login(counsellor)
    assert client.get(engagement.get_absolute_url()).status_code == 200
    assert client.get(_edit_url(engagement)).status_code == 403
    assert client.get(reverse(CREATE)).status_code == 403
