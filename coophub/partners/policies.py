from coophub.access.policies import ChildRecordPolicy, OwnedRecordPolicy, ReferencePolicy, register

from .models import Contact, Country, Mechanism, Partner


@register(Partner)
class PartnerPolicy(OwnedRecordPolicy):
    pass


@register(Mechanism)
class MechanismPolicy(OwnedRecordPolicy):
    pass


@register(Contact)
class ContactPolicy(ChildRecordPolicy):
    parent_field = "partner"


@register(Country)
class CountryPolicy(ReferencePolicy):
    pass
