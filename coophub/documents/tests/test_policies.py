"""A document is visible exactly when the record it is attached to is visible (on SQLite and PostgreSQL)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from coophub.access.policies import VIEW, policy_for
from coophub.documents.models import Document

pytestmark = pytest.mark.django_db


def attach(subject, title):
    return Document.objects.create(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        title=title,
        file=f"documents/{title}.pdf",
        content_type="application/pdf",
        size=1,
    )


def test_documents_follow_the_visibility_of_their_record(
    make_partner, dic_officer, other_unit_officer, leader
):
    secret = attach(make_partner(visibility="restricted"), "secret")
    public = attach(make_partner(visibility="ministry"), "public")

    assert set(policy_for(Document).scope(dic_officer, VIEW)) == {secret, public}
    assert list(policy_for(Document).scope(other_unit_officer, VIEW)) == [public]
    assert list(policy_for(Document).scope(leader, VIEW)) == [public]
    assert policy_for(Document).can(dic_officer, VIEW, secret)
    assert not policy_for(Document).can(other_unit_officer, VIEW, secret)


def test_only_those_who_may_change_the_record_may_change_its_documents(make_partner, dic_officer, leader):
    document = attach(make_partner(visibility="ministry"), "minutes")
    assert list(policy_for(Document).scope(dic_officer, "change")) == [document]
    assert list(policy_for(Document).scope(leader, "change")) == []
    assert not policy_for(Document).can(leader, "change", document)
