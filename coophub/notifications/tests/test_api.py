"""/api/v1/notifications: the caller's own notifications only."""

import pytest

from conftest import bearer
from coophub.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_it_lists_only_the_callers_notifications_with_an_unread_filter(
    client, dic_officer, unit_head, units, make_notification
):
    read = make_notification(dic_officer, title="Đã đọc")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    unread = make_notification(dic_officer, title="Chưa đọc", url="/partners/", subject=units["dic"])
    make_notification(unit_head, title="Của người khác")
    headers = bearer(dic_officer)

    body = client.get("/api/v1/notifications", **headers).json()
    assert body["count"] == 2
    assert [item["title"] for item in body["items"]] == ["Chưa đọc", "Đã đọc"]
    assert body["items"][0]["subject_type"] == "accounts.unit"
    assert body["items"][0]["is_read"] is False

    unread_only = client.get("/api/v1/notifications?unread=true", **headers).json()
    assert [item["id"] for item in unread_only["items"]] == [unread.pk]
    read_only = client.get("/api/v1/notifications?unread=false&limit=1", **headers).json()
    assert read_only["count"] == 1 and read_only["items"][0]["id"] == read.pk


def test_it_marks_the_callers_notification_read_and_answers_404_for_someone_elses(
    client, dic_officer, admin_user, make_notification
):
    notification = make_notification(dic_officer)
    url = f"/api/v1/notifications/{notification.pk}/read"

    assert client.post(url, **bearer(admin_user)).status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None

    response = client.post(url, **bearer(dic_officer))
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert client.post("/api/v1/notifications/999999/read", **bearer(dic_officer)).status_code == 404


def test_it_marks_all_the_callers_notifications_read(client, dic_officer, unit_head, make_notification):
    make_notification(dic_officer)
    make_notification(dic_officer)
    theirs = make_notification(unit_head)
    response = client.post("/api/v1/notifications/read-all", **bearer(dic_officer))
    assert response.json() == {"count": 2}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_it_needs_authentication(client):
    assert client.get("/api/v1/notifications").status_code == 401
