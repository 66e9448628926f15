"""The commitment pages end to end: creating under an agreement, the parent check, similar items before
saving, stale edits, the progress log, the page and the list's filters."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from coophub.agreements import services
from coophub.agreements.models import Commitment

from .helpers import form_data, rows

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def test_a_commitment_is_created_under_an_agreement_from_its_page(client, dic_officer, units, in_force):
    agreement = in_force()
    client.force_login(dic_officer)
    url = reverse("agreements:commitment_create") + f"?agreement={agreement.pk}"
    form = client.get(url).context["form"]
    assert form["agreement"].value() == agreement.pk
    response = client.post(
        url,
        form_data(
            client,
            url,
            title_vi="Tổ chức diễn đàn doanh nghiệp nông nghiệp",
            side="both",
            lead_unit=units["ppd"].pk,
            start_on="01/01/2026",
            due_on="31/12/2027",
            weight="2",
            owner_unit=units["dic"].pk,
        ),
    )
    commitment = Commitment.objects.get(title_vi="Tổ chức diễn đàn doanh nghiệp nông nghiệp")
    assert response.status_code == 302 and response["Location"] == commitment.get_absolute_url()
    assert commitment.agreement == agreement and commitment.weight == 2


def test_a_parent_in_another_agreement_is_refused_on_the_parent_field(
    client, dic_officer, units, in_force, make_commitment
):
    first, second = in_force(), in_force()
    parent = make_commitment(agreement=first)
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    url = reverse("agreements:commitment_create")
    response = client.post(
        url,
        form_data(
            client,
            url,
            agreement=second.pk,
            parent=parent.pk,
            title_vi="Mốc lạc chỗ",
            owner_unit=units["dic"].pk,
            confirm_new="1",
        ),
    )
    assert response.status_code == 200
    assert "same agreement" in " ".join(response.context["form"].errors["parent"])


def test_similar_open_items_are_shown_before_a_new_commitment_is_saved(
    client, dic_officer, units, in_force, make_commitment
):
    agreement = in_force()
    existing = make_commitment(
        agreement=agreement, title_vi="Hỗ trợ chuyển giao công nghệ canh tác lúa chất lượng cao"
    )
    client.force_login(dic_officer)
    url = reverse("agreements:commitment_create")
    data = form_data(
        client,
        url,
        agreement=agreement.pk,
        title_vi="Hỗ trợ chuyển giao công nghệ canh tác lúa chất lượng cao",
        owner_unit=units["dic"].pk,
    )
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="similar-items"' in html and existing.get_absolute_url() in html
    assert 'name="confirm_new" value="1"' in html
    assert Commitment.objects.count() == 1

    response = client.post(url, {**data, "confirm_new": "1"})
    assert response.status_code == 302 and Commitment.objects.count() == 2


def test_a_stale_commitment_edit_shows_the_conflict(client, dic_officer, dic_director, make_commitment):
    commitment = make_commitment(title_vi="Bản gốc")
    url = reverse("agreements:commitment_edit", args=[commitment.pk])
    client.force_login(dic_officer)
    stale = form_data(client, url, title_vi="Bản chậm")
    client.force_login(dic_director)
    client.post(url, form_data(client, url, title_vi="Bản nhanh"))
    client.force_login(dic_officer)
    response = client.post(url, stale)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    commitment.refresh_from_db()
    assert commitment.title_vi == "Bản nhanh" and commitment.version == 2


def test_progress_is_logged_from_the_commitment_page(client, unit_focal_point, units, make_commitment):
    commitment = make_commitment(lead_unit=units["ppd"], focal_person=unit_focal_point)
    client.force_login(unit_focal_point)
    client.cookies["django_language"] = "en"
    page = client.get(commitment.get_absolute_url())
    assert page.context["progress_form"] is not None
    response = client.post(
        reverse("agreements:commitment_progress", args=[commitment.pk]),
        {
            "on": "20/11/2026",
            "value": "40",
            "comment": "Đã tổ chức 2 lớp tập huấn",
            "evidence_url": "https://mae.gov.vn/bao-cao",
        },
        follow=True,
    )
    commitment.refresh_from_db()
    assert commitment.progress == 40 and commitment.completion == "limited"
    assert commitment.last_progress_on == D(2026, 11, 20)
    html = response.content.decode()
    assert (
        "Progress logged." in html
        and "Đã tổ chức 2 lớp tập huấn" in html
        and "https://mae.gov.vn/bao-cao" in html
    )
    assert "20/11/2026" in html

    response = client.post(
        reverse("agreements:commitment_progress", args=[commitment.pk]),
        {"completion": "substantial"},
        follow=True,
    )
    commitment.refresh_from_db()
    assert commitment.completion == "substantial" and commitment.progress == 75


def test_progress_without_a_value_or_a_level_is_refused_with_its_message(
    client, dic_officer, make_commitment
):
    commitment = make_commitment()
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("agreements:commitment_progress", args=[commitment.pk]),
        {"comment": "Chưa có gì"},
        follow=True,
    )
    assert "Give a percentage or a completion level." in response.content.decode()
    assert not commitment.progress_log.exists()


def test_someone_outside_the_commitment_gets_403_when_logging_progress(
    client, other_unit_officer, make_commitment
):
    commitment = make_commitment()
    client.force_login(other_unit_officer)
    assert client.get(commitment.get_absolute_url()).context["progress_form"] is None
    response = client.post(reverse("agreements:commitment_progress", args=[commitment.pk]), {"value": "90"})
    assert response.status_code == 403
    assert not commitment.progress_log.exists()


def test_the_commitment_page_shows_milestones_tasks_and_the_button_to_assign_a_task(
    client, dic_officer, make_commitment, make_task
):
    parent = make_commitment(title_vi="Phát triển chuỗi giá trị cà phê")
    make_commitment(parent=parent, title_vi="Mốc: khảo sát vùng nguyên liệu", kind="milestone")
    make_task(title="Khảo sát Tây Nguyên", commitment=parent, due_on=D(2026, 12, 20))
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    html = client.get(parent.get_absolute_url()).content.decode()
    assert "Mốc: khảo sát vùng nguyên liệu" in html
    assert "Khảo sát Tây Nguyên" in html and "On time" in html
    assert f"{reverse('assignments:task_create')}?commitment={parent.pk}" in html
    assert f"{reverse('agreements:commitment_create')}?parent={parent.pk}" in html


def test_the_commitment_list_filters_by_track_completion_and_due_range(client, dic_officer, make_commitment):
    behind = make_commitment(title_vi="Chậm tiến độ", start_on=D(2026, 1, 1), due_on=D(2026, 12, 31))
    on_track = make_commitment(title_vi="Đúng tiến độ", start_on=D(2026, 11, 1), due_on=D(2027, 11, 1))
    done = make_commitment(title_vi="Đã xong", due_on=D(2027, 6, 1))
    services.log_progress(done, actor=dic_officer, on=D(2026, 11, 1), completion="complete")
    client.force_login(dic_officer)
    url = reverse("agreements:commitment_list")
    assert rows(client.get(url, {"track": "behind"})) == [behind]
    assert rows(client.get(url, {"track": "on_track"})) == [on_track]
    assert rows(client.get(url, {"completion": "complete"})) == [done]
    assert set(rows(client.get(url, {"due_on_after": "01/01/2027", "due_on_before": "30/06/2027"}))) == {done}
    exported = client.get(url, {"track": "behind", "_export": "csv"}).content.decode("utf-8-sig")
    assert "Chậm tiến độ" in exported and "Đúng tiến độ" not in exported
