from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from coophub.access.policies import CHANGE, VIEW, Policy, policy_for, register

from .models import Document


@register(Document)
class DocumentPolicy(Policy):
    """A document follows the record it is attached to: seeing the record shows its documents, changing it
    allows adding and removing them."""

    def scope(self, user, action=VIEW):
        from coophub.access.policies import registered_models

        parent_action = VIEW if action == VIEW else CHANGE
        q = Q(pk__in=[])
        for model in registered_models():
            # subject_id is an integer: records keyed otherwise (countries, by ISO code) carry no documents,
            # and comparing bigint with varchar fails on PostgreSQL.
            if model is Document or not isinstance(model._meta.pk, models.IntegerField):
                continue
            ct = ContentType.objects.get_for_model(model)
            ids = policy_for(model).scope(user, parent_action).values("pk")
            q |= Q(subject_type=ct, subject_id__in=ids)
        return Document.objects.filter(q)

    def can(self, user, action, obj=None):
        if obj is None:
            return False
        subject = obj.subject_type.get_object_for_this_type(pk=obj.subject_id)
        return policy_for(subject).can(user, VIEW if action == VIEW else CHANGE, subject)
