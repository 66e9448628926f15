from django.db.models import Q

from coophub.access.policies import (
    ADD,
    VIEW,
    ChildRecordPolicy,
    OwnedRecordPolicy,
    Policy,
    ReferencePolicy,
    _active,
    register,
)

from .models import (
    BriefingPack,
    ConferenceRequest,
    DelegationPlan,
    Engagement,
    Gift,
    Official,
    Outcome,
    PartnerParticipant,
    Topic,
    VnParticipant,
)


@register(Engagement)
class EngagementPolicy(OwnedRecordPolicy):
    """Besides the owning unit's readers, the lead unit and the Ministry people who took part see it."""

    def _visible_q(self, user) -> Q:
        took_part = Q(leader__user_id=user.pk) | Q(vn_participants__official__user_id=user.pk)
        by_unit = Q(lead_unit_id__in=user.unit_ids)
        return (
            super()._visible_q(user) | by_unit | Q(pk__in=Engagement.objects.filter(took_part).values("pk"))
        )


@register(Topic)
class TopicPolicy(ReferencePolicy):
    pass


@register(Official)
class OfficialPolicy(ReferencePolicy):
    """The directory of the Ministry's people in engagements: everyone reads it; editors keep it up to date
    (confirming an extracted record may add a leader it names)."""

    def scope(self, user, action=VIEW):
        if _active(user) and (action == VIEW or user.is_ministry_admin or user.editor_unit_ids()):
            return Official.objects.all()
        return Official.objects.none()

    def can(self, user, action, obj=None):
        return _active(user) and (action == VIEW or user.is_ministry_admin or bool(user.editor_unit_ids()))


class _EngagementChild(ChildRecordPolicy):
    parent_field = "engagement"


for _model in (VnParticipant, PartnerParticipant, Outcome, DelegationPlan, Gift, ConferenceRequest):
    register(_model)(type(f"{_model.__name__}Policy", (_EngagementChild,), {}))


@register(BriefingPack)
class BriefingPackPolicy(Policy):
    """A pack holds what its requester may see, so it is theirs alone (and the administrators')."""

    def scope(self, user, action=VIEW):
        if not _active(user):
            return BriefingPack.objects.none()
        if user.is_ministry_admin:
            return BriefingPack.objects.all()
        return BriefingPack.objects.filter(requested_by_id=user.pk)

    def can(self, user, action, obj=None):
        if not _active(user):
            return False
        if action == ADD:
            return True
        return obj is not None and (user.is_ministry_admin or obj.requested_by_id == user.pk)
