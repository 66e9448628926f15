from coophub.access.policies import ReferencePolicy, register

from .models import Unit


@register(Unit)
class UnitPolicy(ReferencePolicy):
    pass
