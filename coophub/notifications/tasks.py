"""Background work of notifications (django.tasks; the django-tasks-db worker runs it in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override


def _absolute(path: str) -> str:
    return getattr(settings, "COOPHUB_BASE_URL", "").rstrip("/") + path


def _email_text(notification) -> str:
    parts = [notification.body] if notification.body else []
    if notification.url:
        parts.append(_absolute(notification.url))
    footer = _("You receive this e-mail because coophub has a notification for you. Your inbox: %(url)s")
    parts.append("—\n" + footer % {"url": _absolute(reverse("notifications:inbox"))})
    return "\n\n".join(parts)


@task
def send_notification_email(notification_id: int) -> str:
    """E-mail one notification, once: the row is claimed (emailed_at set) before sending, so two workers never
    both send it; a failed send releases the claim and the task fails, to be retried."""
    from .models import Notification

    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None:
        return "missing"
    recipient = notification.recipient
    if not recipient.email or not recipient.is_active:
        return "skipped"
    now = timezone.now()
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now):
        return "already sent"
    try:
        with override(settings.LANGUAGE_CODE):
            send_mail(
                f"[coophub] {notification.title}",
                _email_text(notification),
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
            )
    except Exception:
        Notification.objects.filter(pk=notification.pk, emailed_at=now).update(emailed_at=None)
        raise
    return "sent"
