import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Contact, Mechanism, Partner


class PartnerTable(tables.Table):
    name_vi = tables.Column(linkify=True, verbose_name=_("Name (Vietnamese)"))
    name_en = tables.Column(verbose_name=_("Name (English)"))
    acronym = tables.Column(verbose_name=_("Acronym"))
    kind = tables.Column(verbose_name=_("Type"))
    country = tables.Column(verbose_name=_("Country"))
    priority = tables.Column(verbose_name=_("Priority"))
    owner_unit = tables.Column(verbose_name=_("Owning unit"), accessor="owner_unit__abbreviation")
    code = tables.Column(verbose_name=_("Code"))

    class Meta:
        model = Partner
        fields = ("name_vi", "name_en", "acronym", "kind", "country", "priority", "owner_unit", "code")
        order_by = ("name_vi",)


class ContactTable(tables.Table):
    full_name = tables.Column(linkify=True, verbose_name=_("Name"))
    position = tables.Column(verbose_name=_("Position"), accessor="current_position", orderable=False)
    partner = tables.Column(linkify=True, verbose_name=_("Partner"))
    email = tables.Column(verbose_name=_("E-mail"))
    phone = tables.Column(verbose_name=_("Phone"))

    class Meta:
        model = Contact
        fields = ("full_name", "position", "partner", "email", "phone")


class MechanismTable(tables.Table):
    name_vi = tables.Column(linkify=True, verbose_name=_("Name (Vietnamese)"))
    name_en = tables.Column(verbose_name=_("Name (English)"))
    kind = tables.Column(verbose_name=_("Type"))
    vn_chair = tables.Column(verbose_name=_("Vietnamese co-chair"))
    partner_chair = tables.Column(verbose_name=_("Partner co-chair"))

    class Meta:
        model = Mechanism
        fields = ("name_vi", "name_en", "kind", "vn_chair", "partner_chair")
