"""One policy per model answers "may this user do this to that record" and "which records may they see".

Every read in a view, the API, search, export or report starts from `scope()`; every service calls `check()`.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from coophub.accounts.choices import Role
from coophub.core.models import Visibility

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"

_registry: dict[type[models.Model], "Policy"] = {}


def register(model: type[models.Model]):
    def wrap(policy_cls):
        _registry[model] = policy_cls(model)
        return policy_cls

    return wrap


def policy_for(model_or_obj) -> "Policy":
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _registry[model._meta.concrete_model]


def registered_models() -> list[type[models.Model]]:
    return list(_registry)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class Policy:
    def __init__(self, model):
        self.model = model

    def scope(self, user, action: str = VIEW) -> models.QuerySet:
        raise NotImplementedError

    def can(self, user, action: str, obj=None) -> bool:
        raise NotImplementedError

    def check(self, user, action: str, obj=None) -> None:
        if not self.can(user, action, obj):
            raise PermissionDenied(self.denial_reason(user, action, obj))

    def denial_reason(self, user, action, obj) -> str:
        return _("You do not have permission to %(action)s this %(model)s.") % {
            "action": {VIEW: _("view"), ADD: _("create"), CHANGE: _("change"), DELETE: _("delete")}.get(
                action, action
            ),
            "model": self.model._meta.verbose_name,
        }


class ReferencePolicy(Policy):
    """Reference tables (units, countries): every signed-in user reads them, administrators maintain them."""

    def scope(self, user, action=VIEW):
        if not _active(user):
            return self.model.objects.none()
        if action == VIEW or user.is_ministry_admin:
            return self.model.objects.all()
        return self.model.objects.none()

    def can(self, user, action, obj=None):
        return _active(user) and (action == VIEW or user.is_ministry_admin)


class OwnedRecordPolicy(Policy):
    """Records with an owning unit and a visibility (coophub.core.models.OwnedRecord).

    - Ministry-wide: every signed-in member of the Ministry sees it.
    - Unit only: the owning unit, the DIC coordinators and the Ministry's leaders see it.
    - Restricted: only the owning unit and the people and units named on the record.
    Editors (officer, unit head, DIC coordinator) of the owning unit change it; DIC coordinators may also
    change Ministry-wide records; unit heads and DIC coordinators delete; administrators do everything.
    """

    def _visible_q(self, user) -> Q:
        units = user.unit_ids
        own = Q(owner_unit_id__in=units)
        ministry = Q(visibility=Visibility.MINISTRY)
        unit_only = Q(visibility=Visibility.UNIT) & own
        if user.has_role(Role.DIC_COORDINATOR, Role.LEADER):
            unit_only = Q(visibility=Visibility.UNIT)
        through_users = self.model.allowed_users.through
        through_units = self.model.allowed_units.through
        fk = self.model._meta.model_name + "_id"
        named = Q(pk__in=through_users.objects.filter(user_id=user.pk).values(fk)) | Q(
            pk__in=through_units.objects.filter(unit_id__in=units).values(fk)
        )
        restricted = Q(visibility=Visibility.RESTRICTED) & (own | named)
        return ministry | unit_only | restricted

    def scope(self, user, action=VIEW):
        qs = self.model.objects.all()
        if not _active(user):
            return qs.none()
        if user.is_ministry_admin:
            return qs
        visible = qs.filter(self._visible_q(user))
        if action == VIEW:
            return visible
        if action == CHANGE:
            q = Q(owner_unit_id__in=user.editor_unit_ids())
            if user.has_role(Role.DIC_COORDINATOR):
                q |= Q(visibility=Visibility.MINISTRY)
            return visible.filter(q)
        if action == DELETE:
            heads = {
                u for u, roles in user.roles_by_unit.items() if roles & {Role.UNIT_HEAD, Role.DIC_COORDINATOR}
            }
            q = Q(owner_unit_id__in=heads)
            if user.has_role(Role.DIC_COORDINATOR):
                q |= Q(visibility=Visibility.MINISTRY)
            return visible.filter(q)
        return qs.none()

    def can(self, user, action, obj=None):
        if not _active(user):
            return False
        if user.is_ministry_admin:
            return True
        if action == ADD:
            if obj is None:
                return bool(user.editor_unit_ids())
            return obj.owner_unit_id in user.editor_unit_ids() or user.has_role(Role.DIC_COORDINATOR)
        if obj is None or obj.pk is None:
            return False
        return self.scope(user, action).filter(pk=obj.pk).exists()


class ChildRecordPolicy(Policy):
    """Records that live inside a parent record (a partner's contacts): the parent's policy decides."""

    parent_field: str = ""

    def parent_policy(self) -> Policy:
        return policy_for(self.model._meta.get_field(self.parent_field).related_model)

    def scope(self, user, action=VIEW):
        parents = self.parent_policy().scope(user, VIEW if action == VIEW else CHANGE)
        return self.model.objects.filter(**{f"{self.parent_field}__in": parents.values("pk")})

    def can(self, user, action, obj=None):
        if obj is None:
            return self.parent_policy().can(user, ADD if action == ADD else action)
        parent = getattr(obj, self.parent_field)
        return self.parent_policy().can(user, VIEW if action == VIEW else CHANGE, parent)
