"""notify(), the e-mail task and read-marking."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coophub.notifications import services
from coophub.notifications.models import Notification
from coophub.notifications.tasks import send_notification_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(dic_officer):
    dic_officer.email = "dic_officer@mae.gov.vn"
    dic_officer.save()
    return dic_officer


def test_notify_creates_the_row_and_sends_one_email_after_commit(
    officer, units, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = services.notify(
            officer,
            kind="task.assigned",
            title="Nhiệm vụ mới: chuẩn bị báo cáo",
            body="Hạn: 05/02/2026",
            url="/tasks/1/",
            subject=units["dic"],
        )
        assert mailoutbox == []  # nothing leaves before the transaction commits

    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["dic_officer@mae.gov.vn"]
    assert mail.subject == "[coophub] Nhiệm vụ mới: chuẩn bị báo cáo"
    assert "Hạn: 05/02/2026" in mail.body and "/tasks/1/" in mail.body
    notification.refresh_from_db()
    assert notification.recipient == officer and notification.read_at is None
    assert notification.emailed_at is not None
    assert notification.subject == units["dic"]


def test_notify_sends_no_email_when_asked_not_to_or_the_user_has_no_address(
    officer, unit_head, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(officer, kind="k", title="Không gửi thư", email=False)
        services.notify(unit_head, kind="k", title="Không có địa chỉ")  # unit_head has no e-mail
    assert mailoutbox == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2


def test_notify_shortens_a_long_title_and_refuses_a_link_outside_coophub(officer):
    notification = services.notify(officer, kind="k", title="Đối tác " * 100, email=False)
    assert len(notification.title) == 255 and notification.title.endswith("…")
    with pytest.raises(ValidationError):
        services.notify(officer, kind="k", title="Lừa đảo", url="https://example.com/", email=False)
    with pytest.raises(ValidationError):
        services.notify(officer, kind="k", title="  ", email=False)


def test_the_email_task_sends_each_notification_only_once(officer, mailoutbox):
    notification = services.notify(officer, kind="k", title="Một lần thôi", email=False)
    assert send_notification_email.call(notification.pk) == "sent"
    assert send_notification_email.call(notification.pk) == "already sent"
    assert len(mailoutbox) == 1
    assert send_notification_email.call(10**9) == "missing"


def test_a_failed_send_leaves_the_notification_to_be_sent_again(officer, monkeypatch, mailoutbox):
    notification = services.notify(officer, kind="k", title="Máy chủ thư hỏng", email=False)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("coophub.notifications.tasks.send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        send_notification_email.call(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_the_recipient_marks_a_notification_read_and_nobody_else_can(
    officer, other_unit_officer, admin_user, make_notification
):
    notification = make_notification(officer)
    for intruder in (other_unit_officer, admin_user):
        with pytest.raises(PermissionDenied):
            services.mark_read(notification, actor=intruder)
    assert Notification.objects.get(pk=notification.pk).read_at is None

    services.mark_read(notification, actor=officer)
    first = Notification.objects.get(pk=notification.pk).read_at
    assert first is not None
    services.mark_read(notification, actor=officer)
    assert Notification.objects.get(pk=notification.pk).read_at == first


def test_mark_all_read_touches_only_the_actors_own_notifications(officer, unit_head, make_notification):
    mine = [make_notification(officer) for _ in range(3)]
    theirs = make_notification(unit_head)
    assert services.unread_count(officer) == 3

    assert services.mark_all_read(actor=officer) == 3
    assert services.mark_all_read(actor=officer) == 0
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert services.unread_count(unit_head) == 1
