from coophub.access.policies import ReferencePolicy, register

from .models import Holiday


@register(Holiday)
class HolidayPolicy(ReferencePolicy):
    pass
