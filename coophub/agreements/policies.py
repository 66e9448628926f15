from django.db.models import Q

from coophub.access.policies import ChildRecordPolicy, OwnedRecordPolicy, register

from .models import Agreement, AgreementParty, AgreementTransition, Commitment, ProgressEntry


@register(Agreement)
class AgreementPolicy(OwnedRecordPolicy):
    pass


@register(Commitment)
class CommitmentPolicy(OwnedRecordPolicy):
    """Besides the owning unit's readers, the lead unit and the focal person see it: they carry it out."""

    def _visible_q(self, user) -> Q:
        return super()._visible_q(user) | Q(lead_unit_id__in=user.unit_ids) | Q(focal_person_id=user.pk)

    def can_report_progress(self, user, commitment) -> bool:
        """The owning unit's editors, the lead unit's editors and the focal person log progress."""
        if not self.can(user, "view", commitment):
            return False
        return (
            self.can(user, "change", commitment)
            or commitment.focal_person_id == user.pk
            or commitment.lead_unit_id in user.editor_unit_ids()
        )


@register(AgreementParty)
class AgreementPartyPolicy(ChildRecordPolicy):
    parent_field = "agreement"


@register(AgreementTransition)
class AgreementTransitionPolicy(ChildRecordPolicy):
    parent_field = "agreement"


@register(ProgressEntry)
class ProgressEntryPolicy(ChildRecordPolicy):
    parent_field = "commitment"
