"""Calendar-feed tokens: shown once inside a URL, stored only as a hash, one active per user."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from coophub.accounts.feeds import active_feed_token, issue_feed_token, revoke_feed_token, user_for_feed_token
from coophub.accounts.models import CalendarFeedToken, hash_token
from coophub.audit.models import AuditAction, AuditEvent
from coophub.audit.services import history_for

pytestmark = pytest.mark.django_db


def test_the_raw_token_is_returned_once_and_only_its_hash_is_stored(dic_officer):
    raw = issue_feed_token(actor=dic_officer)
    token = CalendarFeedToken.objects.get(user=dic_officer)
    assert len(raw) >= 43
    assert token.key_hash == hash_token(raw)
    assert raw not in token.key_hash
    assert token.revoked_at is None


def test_a_token_opens_its_owners_feed(dic_officer):
    raw = issue_feed_token(actor=dic_officer)
    assert user_for_feed_token(raw) == dic_officer


def test_an_unknown_or_malformed_token_gives_none(dic_officer):
    issue_feed_token(actor=dic_officer)
    for raw in ("", None, "not-a-token", "x" * 10_000, 42):
        assert user_for_feed_token(raw) is None


def test_a_revoked_token_gives_none(dic_officer):
    raw = issue_feed_token(actor=dic_officer)
    assert revoke_feed_token(actor=dic_officer) is True
    assert user_for_feed_token(raw) is None
    assert active_feed_token(dic_officer) is None


def test_revoking_without_a_token_changes_nothing(dic_officer):
    assert revoke_feed_token(actor=dic_officer) is False
    assert not AuditEvent.objects.filter(actor=dic_officer).exists()


def test_a_new_token_revokes_the_old_one(dic_officer):
    old = issue_feed_token(actor=dic_officer)
    new = issue_feed_token(actor=dic_officer)
    assert new != old
    assert user_for_feed_token(old) is None
    assert user_for_feed_token(new) == dic_officer
    assert CalendarFeedToken.objects.filter(user=dic_officer).count() == 2
    assert active_feed_token(dic_officer).key_hash == hash_token(new)


def test_each_user_has_their_own_token(dic_officer, other_unit_officer):
    mine = issue_feed_token(actor=dic_officer)
    theirs = issue_feed_token(actor=other_unit_officer)
    assert user_for_feed_token(mine) == dic_officer
    assert user_for_feed_token(theirs) == other_unit_officer
    revoke_feed_token(actor=other_unit_officer)
    assert user_for_feed_token(mine) == dic_officer


def test_a_deactivated_users_token_stops_working(dic_officer):
    raw = issue_feed_token(actor=dic_officer)
    dic_officer.is_active = False
    dic_officer.save(update_fields=["is_active"])
    assert user_for_feed_token(raw) is None


def test_an_anonymous_visitor_cannot_issue_a_token(db):
    with pytest.raises(PermissionDenied):
        issue_feed_token(actor=AnonymousUser())
    assert not CalendarFeedToken.objects.exists()


def test_the_database_refuses_two_active_tokens_for_one_user(dic_officer):
    issue_feed_token(actor=dic_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeedToken.objects.create(user=dic_officer, key_hash=hash_token("another"))


def test_issuing_and_revoking_are_audited_without_the_secret(dic_officer):
    old = issue_feed_token(actor=dic_officer)
    new = issue_feed_token(actor=dic_officer)
    revoke_feed_token(actor=dic_officer)

    events = AuditEvent.objects.filter(actor=dic_officer, action=AuditAction.TOKEN).order_by("id")
    assert [e.reason for e in events] == [
        "calendar feed token issued",
        "calendar feed token replaced",
        "calendar feed token issued",
        "calendar feed token revoked",
    ]
    for event in events:
        text = repr([event.before, event.after, event.changes, event.object_repr])
        assert "key_hash" not in text
        for raw in (old, new):
            assert raw not in text and hash_token(raw) not in text
    first = CalendarFeedToken.objects.get(key_hash=hash_token(old))
    assert [e.reason for e in history_for(first).order_by("id")] == [
        "calendar feed token issued",
        "calendar feed token replaced",
    ]
    assert events.last().changes["revoked_at"][0] is None
