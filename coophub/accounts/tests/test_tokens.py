"""Personal API tokens: only a hash is kept, revocation is immediate, and use is recorded without a write on
every request."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from coophub.accounts.models import ApiToken, hash_token
from coophub.accounts.services import create_token, revoke_token

pytestmark = pytest.mark.django_db


def test_the_secret_is_shown_once_and_only_its_hash_is_stored(dic_officer):
    token, raw = create_token(actor=dic_officer, name="Báo cáo tuần")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith(ApiToken.PREFIX)
    assert stored.key_hash == hash_token(raw)
    assert raw not in {stored.key_hash, stored.hint}


def test_a_token_acts_as_its_owner_until_revoked(dic_officer):
    token, raw = create_token(actor=dic_officer, name="Báo cáo tuần")
    assert ApiToken.authenticate(raw) == dic_officer
    revoke_token(token, actor=dic_officer)
    assert ApiToken.authenticate(raw) is None


def test_another_officer_cannot_revoke_my_token(dic_officer, other_unit_officer):
    from django.core.exceptions import ValidationError

    token, raw = create_token(actor=dic_officer, name="Báo cáo tuần")
    with pytest.raises(ValidationError):
        revoke_token(token, actor=other_unit_officer)
    assert ApiToken.authenticate(raw) == dic_officer


def test_last_use_is_recorded_at_most_once_a_minute(dic_officer):
    token, raw = create_token(actor=dic_officer, name="Báo cáo tuần")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ApiToken.authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        ApiToken.authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at == start

    later = start + datetime.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        ApiToken.authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at == later
