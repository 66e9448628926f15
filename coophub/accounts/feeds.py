"""Calendar-feed tokens: the secret in a personal .ics URL that a calendar client polls without a session.

The raw token is shown once, inside the URL; only its SHA-256 is kept, so looking it up by hash is the
comparison and leaks nothing through timing. A user has at most one active token; issuing a new one revokes
the old URL.
"""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot

from .models import CalendarFeedToken, User, hash_token

MAX_TOKEN_LENGTH = 128  # token_urlsafe(32) is 43 characters; anything far longer is not ours


def _check_actor(actor) -> None:
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied(_("Sign in to manage your calendar feed."))


def _revoke_active(user: User, *, actor, reason: str) -> int:
    now = timezone.now()
    tokens = list(CalendarFeedToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        before = snapshot(token)
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        record(actor, AuditAction.TOKEN, token, before=before, reason=reason)
    return len(tokens)


@transaction.atomic
def issue_feed_token(*, actor) -> str:
    """A new feed token for the actor (the previous one stops working). Returns the raw token, shown once."""
    _check_actor(actor)
    # Locking the user row serialises two concurrent issues, so neither trips the one-active constraint.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    _revoke_active(actor, actor=actor, reason="calendar feed token replaced")
    raw = secrets.token_urlsafe(32)
    token = CalendarFeedToken.objects.create(user=actor, key_hash=hash_token(raw))
    record(actor, AuditAction.TOKEN, token, reason="calendar feed token issued")
    return raw


@transaction.atomic
def revoke_feed_token(*, actor) -> bool:
    """Stops the actor's feed URL working. Returns whether there was an active token."""
    _check_actor(actor)
    return bool(_revoke_active(actor, actor=actor, reason="calendar feed token revoked"))


def active_feed_token(user) -> CalendarFeedToken | None:
    """The user's current token (never its secret), e.g. to show when the feed URL was made."""
    if not getattr(user, "pk", None):
        return None
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def user_for_feed_token(raw) -> User | None:
    """The active user whose unrevoked token this is, or None."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    token = (
        CalendarFeedToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None
