from coophub.access.policies import CHANGE, VIEW, Policy, register

from .models import Notification


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@register(Notification)
class NotificationPolicy(Policy):
    """Notifications are personal: their recipient sees them and marks them read; nobody else, administrators
    included. They are created by the system (notify()), never by a user."""

    def scope(self, user, action=VIEW):
        if not _active(user) or action not in (VIEW, CHANGE):
            return Notification.objects.none()
        return Notification.objects.filter(recipient_id=user.pk)

    def can(self, user, action, obj=None):
        return _active(user) and action in (VIEW, CHANGE) and obj is not None and obj.recipient_id == user.pk
