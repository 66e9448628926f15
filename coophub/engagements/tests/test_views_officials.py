"""The officials' pages: the list, each official's engagements (only those the user may see) and timeline, and
the small form editors use to keep the directory up to date."""

import pytest
from django.urls import reverse

from coophub.audit.models import AuditEvent
from coophub.engagements.models import Official

pytestmark = pytest.mark.django_db


def _official_form(**fields):
    data = {"full_name": "", "title_vi": "", "rank": "100", "is_active": "on"}
    data.update(fields)
    return data


def test_the_officials_page_shows_the_engagements_they_led_and_joined_and_their_timeline(
    client, dic_officer, other_unit_officer, make_engagement, deputy_minister, units
):
    director = Official.objects.create(
        full_name="Nguyễn Đỗ Anh Tuấn", title_vi="Vụ trưởng Vụ Hợp tác quốc tế"
    )
    led = make_engagement(title_vi="Thứ trưởng tiếp Đại sứ Nhật Bản", leader=deputy_minister)
    joined = make_engagement(
        title_vi="Đoàn công tác tại Tokyo", vn=[{"official": deputy_minister}, {"official": director}]
    )
    secret = make_engagement(title_vi="Làm việc kín", leader=deputy_minister, visibility="restricted")

    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.get(deputy_minister.get_absolute_url())
    assert response.status_code == 200
    assert set(response.context["led"]) == {led, secret} and response.context["joined"] == [joined]
    html = response.content.decode()
    assert "Deputy Minister of Agriculture and Environment" in html and "16/09/2025" in html
    assert "Courtesy call on 16/09/2025: Thứ trưởng tiếp Đại sứ Nhật Bản" in html  # the timeline
    assert reverse("engagements:engagement_list") + f"?leader={deputy_minister.pk}" in html

    client.force_login(other_unit_officer)
    response = client.get(deputy_minister.get_absolute_url())
    html = response.content.decode()
    assert "Làm việc kín" not in html and "Thứ trưởng tiếp Đại sứ Nhật Bản" in html
    assert response.context["led"] == [led] and response.context["joined"] == [joined]
    assert client.get(director.get_absolute_url()).context["joined"] == [joined]


def test_an_editor_adds_and_edits_an_official_through_the_form(client, dic_officer, units):
    client.force_login(dic_officer)
    response = client.post(
        reverse("engagements:official_create"),
        _official_form(
            full_name="Phùng Đức Tiến",
            title_vi="Thứ trưởng Bộ Nông nghiệp và Môi trường",
            title_en="Deputy Minister",
            unit=units["leadership"].pk,
            is_leader="on",
            rank="3",
        ),
    )
    official = Official.objects.get(full_name="Phùng Đức Tiến")
    assert response.status_code == 302 and response["Location"] == official.get_absolute_url()
    assert official.name_ascii == "Phung Duc Tien" and official.is_leader and official.rank == 3
    assert AuditEvent.objects.filter(object_id=str(official.pk), action="create", actor=dic_officer).exists()

    url = reverse("engagements:official_edit", args=[official.pk])
    form = client.get(url).context["form"]
    assert form["version"].value() == 1
    data = _official_form(
        full_name="Phùng Đức Tiến",
        title_vi="Thứ trưởng Thường trực",
        name_ascii="Phung Duc Tien",
        rank="2",
        version="1",
    )
    assert client.post(url, data).status_code == 302
    official.refresh_from_db()
    assert official.title_vi == "Thứ trưởng Thường trực" and official.version == 2 and not official.is_leader

    client.cookies["django_language"] = "en"
    response = client.post(url, {**data, "title_vi": "Thứ trưởng"})  # still version 1: stale
    assert response.status_code == 200 and "changed by someone else" in response.content.decode()
    history = client.get(reverse("engagements:official_history", args=[official.pk])).content.decode()
    assert "Thứ trưởng Thường trực" in history


def test_the_same_name_and_title_twice_is_refused_naming_the_field(client, dic_officer, deputy_minister):
    client.force_login(dic_officer)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("engagements:official_create"),
        _official_form(full_name=deputy_minister.full_name, title_vi=deputy_minister.title_vi),
    )
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors or response.context["form"].non_field_errors()
    assert Official.objects.count() == 1


def test_a_reader_may_not_add_or_edit_officials(client, counsellor, deputy_minister):
    client.force_login(counsellor)
    response = client.get(reverse("engagements:official_list"))
    assert response.status_code == 200 and not response.context["can_add"]
    assert client.get(reverse("engagements:official_create")).status_code == 403
    assert client.get(reverse("engagements:official_edit", args=[deputy_minister.pk])).status_code == 403
    assert not client.get(deputy_minister.get_absolute_url()).context["can_change"]


def test_the_official_list_finds_a_name_typed_without_diacritics(client, dic_officer, deputy_minister):
    Official.objects.create(full_name="Võ Văn Hưng", title_vi="Thứ trưởng")
    client.force_login(dic_officer)
    response = client.get(reverse("engagements:official_list"), {"q": "tran quy"})
    assert [row.record for row in response.context["table"].rows] == [deputy_minister]


def test_administrators_keep_topics_and_officials_in_the_django_admin(client, admin_user, deputy_minister):
    client.force_login(admin_user)
    for url in (
        "/admin/engagements/topic/",
        "/admin/engagements/topic/add/",
        "/admin/engagements/official/",
        f"/admin/engagements/official/{deputy_minister.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
