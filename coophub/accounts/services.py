from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot

from .models import ApiToken, hash_token


@transaction.atomic
def create_token(*, actor, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is shown once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=actor, name=name[:100], key_hash=hash_token(raw), hint=raw[:9])
    record(actor, AuditAction.TOKEN, token, reason="created")
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    if token.user_id != actor.pk and not actor.is_ministry_admin:
        raise ValidationError(_("You can only revoke your own tokens."))
    before = snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor, AuditAction.TOKEN, token, before=before, reason="revoked")
    return token
