"""Briefing-pack pages and API: ask, watch the progress, download; nobody but the requester (and the
administrators) opens a pack."""

import pytest
from django.urls import reverse

from conftest import bearer
from coophub.audit.models import AuditEvent
from coophub.engagements.models import BriefingPack
from coophub.engagements.tests import test_briefing as setup
from coophub.engagements.tests.test_briefing import MEETING, build

# The world of a meeting with Japan's MAFF, shared with the content tests.
frozen_clock, media, maff, world = setup.frozen_clock, setup.media, setup.maff, setup.world

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(world, dic_officer, django_capture_on_commit_callbacks):
    return build(dic_officer, django_capture_on_commit_callbacks, engagement=world.engagement)


def _urls(pack) -> list[str]:
    return [
        reverse("engagements:briefing_detail", args=[pack.pk]),
        reverse("engagements:briefing_docx", args=[pack.pk]),
        reverse("engagements:briefing_pdf", args=[pack.pk]),
    ]


def test_asking_for_a_pack_from_the_form_redirects_to_its_page_and_builds_it(
    client, world, dic_officer, django_capture_on_commit_callbacks
):
    client.force_login(dic_officer)
    url = reverse("engagements:briefing_new") + f"?engagement={world.engagement.pk}"
    form = client.get(url)
    assert form.status_code == 200
    assert MEETING.strftime("%d/%m/%Y") in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"for_date": MEETING.strftime("%d/%m/%Y"), "language": "en"})
    pack = BriefingPack.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("engagements:briefing_detail", args=[pack.pk])
    assert (pack.requested_by, pack.engagement, pack.language) == (dic_officer, world.engagement, "en")
    assert AuditEvent.objects.filter(object_type__model="briefingpack", object_id=str(pack.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert reverse("engagements:briefing_docx", args=[pack.pk]) in page


def test_a_pack_for_a_partner_is_asked_with_a_date(
    client, world, dic_officer, django_capture_on_commit_callbacks
):
    client.force_login(dic_officer)
    url = reverse("engagements:briefing_new") + f"?partner={world.maff.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"for_date": "2026-03-20", "language": "vi"})
    assert response.status_code == 302
    pack = BriefingPack.objects.get()
    assert (pack.partner, str(pack.for_date), pack.status) == (world.maff, "2026-03-20", "done")


def test_the_form_answers_404_for_an_engagement_the_user_may_not_see(
    client, make_engagement, units, unit_focal_point, other_unit_officer
):
    hidden = make_engagement(actor=unit_focal_point, owner_unit=units["ppd"], visibility="unit")
    client.force_login(other_unit_officer)
    for query in (f"?engagement={hidden.pk}", "", "?engagement=abc", "?engagement=99999999999999999999999"):
        assert client.get(reverse("engagements:briefing_new") + query).status_code == 404


def test_the_page_polls_a_fragment_while_the_pack_is_being_built_and_refreshes_when_done(
    client, world, dic_officer
):
    queued = BriefingPack.objects.create(
        engagement=world.engagement, for_date=MEETING, requested_by=dic_officer, step="gathering", progress=10
    )
    client.force_login(dic_officer)
    url = reverse("engagements:briefing_detail", args=[queued.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and "?fragment=progress" in page
    fragment = client.get(url + "?fragment=progress", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and 'value="10"' in fragment.content.decode()
    BriefingPack.objects.filter(pk=queued.pk).update(status="done", progress=100, step="done")
    done = client.get(url + "?fragment=progress", HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_the_downloads_are_the_files_with_sensible_names(client, pack, dic_officer):
    client.force_login(dic_officer)
    _page, docx, pdf = _urls(pack)
    word = client.get(docx)
    assert word.status_code == 200
    assert word["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="tai-lieu-thu-truong-tran-quy-kien' in word["Content-Disposition"]
    printed = client.get(pdf)
    assert printed["Content-Type"] == "application/pdf"
    assert b"".join(printed.streaming_content).startswith(b"%PDF")


def test_my_packs_lists_mine_only(client, pack, dic_officer, dic_director):
    client.force_login(dic_director)
    assert (
        reverse("engagements:briefing_detail", args=[pack.pk])
        not in client.get(reverse("engagements:briefing_list")).content.decode()
    )
    client.force_login(dic_officer)
    assert (
        reverse("engagements:briefing_detail", args=[pack.pk])
        in client.get(reverse("engagements:briefing_list")).content.decode()
    )


def test_another_user_gets_404_on_the_page_the_downloads_and_the_api(client, pack, dic_director, admin_user):
    client.force_login(dic_director)
    for url in _urls(pack):
        assert client.get(url).status_code == 404
    headers = bearer(dic_director)
    for suffix in ("", "/docx", "/pdf"):
        assert client.get(f"/api/v1/briefings/{pack.pk}{suffix}", **headers).status_code == 404
    client.force_login(admin_user)
    assert all(client.get(url).status_code == 200 for url in _urls(pack))


def test_the_api_queues_a_pack_and_reports_its_progress_and_files(
    client, world, dic_officer, django_capture_on_commit_callbacks
):
    headers = bearer(dic_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/briefings",
            {"engagement_id": world.engagement.pk, "language": "en"},
            content_type="application/json",
            **headers,
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["progress"] == 0
    assert body["url"] == f"/api/v1/briefings/{body['id']}"
    status = client.get(body["url"], **headers).json()
    assert (status["status"], status["progress"], status["for_date"]) == ("done", 100, MEETING.isoformat())
    assert client.get(status["docx_url"], **headers).status_code == 200
    pdf = client.get(status["pdf_url"], **headers)
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert [p["id"] for p in client.get("/api/v1/briefings", **headers).json()["items"]] == [body["id"]]


def test_the_api_names_the_field_at_fault(
    client, world, dic_officer, other_unit_officer, make_engagement, units
):
    from conftest import assert_field_error

    headers = bearer(dic_officer)

    def post(payload):
        return client.post("/api/v1/briefings", payload, content_type="application/json", **headers)

    assert_field_error(post({"language": "vi"}), "engagement_id")
    assert_field_error(post({"partner_id": world.maff.pk}), "for_date")
    assert_field_error(
        post({"engagement_id": world.engagement.pk, "partner_id": world.maff.pk}), "partner_id"
    )
    hidden = make_engagement(actor=other_unit_officer, owner_unit=units["forestry"], visibility="unit")
    assert_field_error(post({"engagement_id": hidden.pk}), "engagement_id")
    assert_field_error(post({"engagement_id": world.engagement.pk, "language": "fr"}), "language")


def test_the_api_answers_409_for_the_file_of_a_pack_not_built_yet(client, world, dic_officer):
    queued = BriefingPack.objects.create(
        engagement=world.engagement, for_date=MEETING, requested_by=dic_officer
    )
    response = client.get(f"/api/v1/briefings/{queued.pk}/pdf", **bearer(dic_officer))
    assert response.status_code == 409 and response.json()["detail"]
