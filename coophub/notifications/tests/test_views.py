"""The inbox page, read-marking by POST, and the unread badge in the header."""

import pytest
from django.urls import reverse

from coophub.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

INBOX = "/notifications/"


def test_the_inbox_shows_only_the_users_own_notifications_unread_first(
    client, dic_officer, unit_head, make_notification
):
    old_unread = make_notification(dic_officer, title="Cũ chưa đọc")
    read = make_notification(dic_officer, title="Đã đọc")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    new_unread = make_notification(dic_officer, title="Mới chưa đọc")
    make_notification(unit_head, title="Của người khác")

    client.force_login(dic_officer)
    response = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [n.title for n in response.context["page"]] == [new_unread.title, old_unread.title, read.title]
    assert "Của người khác" not in response.content.decode()

    only_unread = client.get(INBOX, {"unread": "1"})
    assert [n.title for n in only_unread.context["page"]] == [new_unread.title, old_unread.title]


def test_the_inbox_pages_by_fifty(client, dic_officer, make_notification):
    for i in range(51):
        make_notification(dic_officer, title=f"Thông báo {i}")
    client.force_login(dic_officer)
    assert len(client.get(INBOX).context["page"]) == 50
    assert len(client.get(INBOX, {"page": 2}).context["page"]) == 1


def test_the_inbox_needs_a_signed_in_user(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_user_marks_one_and_then_all_notifications_read(client, dic_officer, make_notification):
    first, second, third = (make_notification(dic_officer) for _ in range(3))
    client.force_login(dic_officer)

    response = client.post(reverse("notifications:mark_read", args=[first.pk]), {"next": INBOX + "?page=1"})
    assert response.status_code == 302 and response["Location"] == INBOX + "?page=1"
    first.refresh_from_db()
    assert first.read_at is not None

    response = client.post(reverse("notifications:mark_all_read"), {"next": "https://evil.example/"})
    assert response["Location"] == INBOX  # no redirect off the site
    assert not Notification.objects.filter(recipient=dic_officer, read_at__isnull=True).exists()
    assert client.get(reverse("notifications:mark_read", args=[second.pk])).status_code == 405


def test_opening_an_unread_notification_marks_it_read_and_follows_its_link(
    client, dic_officer, make_notification
):
    notification = make_notification(dic_officer, url="/partners/")
    client.force_login(dic_officer)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == "/partners/"
    notification.refresh_from_db()
    assert notification.is_read


def test_another_user_cannot_mark_someone_elses_notification(
    client, dic_officer, admin_user, make_notification
):
    notification = make_notification(dic_officer)
    client.force_login(admin_user)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_header_shows_the_unread_count(client, dic_officer, make_notification):
    client.force_login(dic_officer)
    assert 'id="unread-count"' not in client.get("/partners/").content.decode()
    for _ in range(2):
        make_notification(dic_officer)
    html = client.get("/partners/").content.decode()
    assert 'id="unread-count"' in html
    assert ">2</span>" in html
    assert 'href="/notifications/"' in html
