"""Commitments take part in overlap detection: an open commitment with similar wording, or the same partner or
country, is shown before a new task or commitment is saved and in the possible-overlaps report."""

from coophub.overlaps.registry import OverlapSpec, register_overlap

from .models import Commitment


@register_overlap
class CommitmentOverlapSpec(OverlapSpec):
    model = Commitment

    def text(self, obj) -> str:
        # The Vietnamese title only: tasks are worded in Vietnamese, and an English title would halve the
        # similarity of two identical Vietnamese texts.
        return f"{obj.title_vi} {obj.description}"

    def keys(self, obj) -> dict:
        partner_ids = {p.pk for p in obj.partners.all()}
        if obj.agreement_id:
            partner_ids |= {party.partner_id for party in obj.agreement.parties.all()}
        return {
            "partner_ids": sorted(partner_ids),
            "country_ids": [obj.country_id] if obj.country_id else [],
        }

    def is_open(self, obj) -> bool:
        return obj.is_open

    def label(self, obj) -> str:
        unit = obj.lead_unit.abbreviation or obj.lead_unit if obj.lead_unit_id else None
        return f"{obj} ({unit})" if unit else str(obj)

    def queryset(self):
        return Commitment.objects.select_related("agreement", "lead_unit").prefetch_related(
            "partners", "agreement__parties"
        )
