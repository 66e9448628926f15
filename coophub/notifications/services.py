"""The only write path of notifications: notify() creates them, mark_read() / mark_all_read() read them.

Marking read writes no audit event on purpose: a notification is its recipient's personal inbox, not a record
of the Ministry, and whether someone has read a message is nobody else's business.
"""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from coophub.access.policies import CHANGE, VIEW, policy_for

from .models import Notification


@transaction.atomic
def notify(
    recipient, *, kind: str, title: str, body: str = "", url: str = "", subject=None, email: bool = True
):
    """Put a message in recipient's inbox and, once the caller's transaction commits, e-mail it.

    `title` and `body` are already rendered (the caller picks the language); a long title is shortened rather
    than refused, so a reminder sweep never fails on a long record name.
    """
    if not kind:
        raise ValidationError({"kind": _("A notification needs a kind.")})
    title = Truncator(" ".join(str(title).split())).chars(255)
    if not title:
        raise ValidationError({"title": _("A notification needs a title.")})
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValidationError(
            {"url": _("A notification links to a page of coophub: a path starting with /.")}
        )
    notification = Notification(recipient=recipient, kind=kind, title=title, body=str(body).strip(), url=url)
    if subject is not None:
        notification.subject_type = ContentType.objects.get_for_model(subject)
        notification.subject_id = subject.pk
    notification.full_clean(exclude=["recipient", "subject_type"])
    notification.save()
    if email and recipient.email and recipient.is_active:
        from .tasks import send_notification_email

        transaction.on_commit(partial(send_notification_email.enqueue, notification.pk))
    return notification


def mark_read(notification: Notification, *, actor) -> Notification:
    """The recipient marks one notification read; anyone else is refused."""
    policy_for(Notification).check(actor, CHANGE, notification)
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def mark_all_read(*, actor) -> int:
    """Mark every unread notification of actor read; returns how many changed."""
    return (
        policy_for(Notification)
        .scope(actor, CHANGE)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )


def unread_count(user) -> int:
    if not (user and user.is_authenticated):
        return 0
    return policy_for(Notification).scope(user, VIEW).filter(read_at__isnull=True).count()
