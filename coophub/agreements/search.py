from django.utils.translation import gettext_lazy as _

from coophub.search.registry import SearchIndex, register_search

from .choices import AgreementKind
from .models import Agreement, Commitment


@register_search
class AgreementIndex(SearchIndex):
    model = Agreement
    title_fields = ("title_vi", "title_en", "code", "document_number")
    body_fields = (
        "summary",
        "signed_place",
        "vn_signatory",
        "partner_signatory",
        lambda a: [t for p in a.partners.all() for t in (p.name_vi, p.name_en, p.acronym)],
    )
    url_name = "agreements:agreement_detail"
    label = _("Agreements")

    def subtitle(self, obj):
        return AgreementKind(obj.kind).label

    def queryset(self):
        return Agreement.objects.prefetch_related("partners")


@register_search
class CommitmentIndex(SearchIndex):
    model = Commitment
    title_fields = ("title_vi", "title_en", "code")
    body_fields = ("description", "source_reference", lambda c: c.agreement and c.agreement.title_vi)
    url_name = "agreements:commitment_detail"
    label = _("Commitments")

    def queryset(self):
        return Commitment.objects.select_related("agreement")
