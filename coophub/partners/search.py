from django.utils.translation import gettext_lazy as _

from coophub.search.registry import SearchIndex, register_search

from .choices import MechanismKind, PartnerKind
from .models import Contact, Mechanism, Partner


@register_search
class PartnerIndex(SearchIndex):
    model = Partner
    title_fields = (
        "name_vi",
        "name_en",
        "name_native",
        "acronym",
        lambda p: [a.text for a in p.aliases.all()],
    )
    body_fields = ("code", "description", lambda p: p.country and [p.country.name_vi, p.country.name_en])
    url_name = "partners:partner_detail"
    label = _("Partners")

    def subtitle(self, obj):
        return PartnerKind(obj.kind).label

    def queryset(self):
        return Partner.objects.select_related("country").prefetch_related("aliases")

    def display_queryset(self):
        return Partner.objects.all()


@register_search
class ContactIndex(SearchIndex):
    model = Contact
    title_fields = ("full_name", "native_name")
    body_fields = (
        "email",
        lambda c: [p.title for p in c.positions.all()],
        lambda c: [c.partner.name_vi, c.partner.name_en, c.partner.acronym],
    )
    url_name = "partners:contact_detail"
    label = _("Contacts")

    def subtitle(self, obj):
        position = obj.current_position
        return position.label() if position else str(obj.partner)

    def queryset(self):
        return Contact.objects.select_related("partner").prefetch_related("positions")


@register_search
class MechanismIndex(SearchIndex):
    model = Mechanism
    title_fields = ("name_vi", "name_en", "acronym")
    body_fields = ("description", "vn_chair", "partner_chair")
    url_name = "partners:mechanism_detail"
    label = _("Cooperation mechanisms")

    def subtitle(self, obj):
        return MechanismKind(obj.kind).label
