"""The manual status of a task and who may move it (an OpenProject-style matrix of status × role).

Roles are relative to the task: the focal person and the lead unit's head do the work and submit it; the
assigner (who assigned it, or a head / DIC coordinator of the assigning unit) accepts the result, returns it,
puts it on hold or cancels it. Administrators may make every listed transition.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coophub.accounts.choices import Role

from .choices import TaskStatus as S

FOCAL, LEAD_HEAD, ASSIGNER = "focal", "lead_head", "assigner"
ROLE_LABELS = {
    FOCAL: gettext_lazy("the focal person"),
    LEAD_HEAD: gettext_lazy("the lead unit's head"),
    ASSIGNER: gettext_lazy("whoever assigned the task"),
}
DOERS = frozenset({FOCAL, LEAD_HEAD})
_OPEN = (S.NEW, S.ACCEPTED, S.IN_PROGRESS, S.SUBMITTED, S.RETURNED)

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.NEW, S.ACCEPTED): DOERS,
    (S.NEW, S.IN_PROGRESS): DOERS,
    (S.ACCEPTED, S.IN_PROGRESS): DOERS,
    (S.IN_PROGRESS, S.SUBMITTED): DOERS,
    (S.RETURNED, S.IN_PROGRESS): DOERS,
    (S.RETURNED, S.SUBMITTED): DOERS,
    (S.SUBMITTED, S.COMPLETED): frozenset({ASSIGNER}),
    (S.SUBMITTED, S.RETURNED): frozenset({ASSIGNER}),
    (S.ON_HOLD, S.IN_PROGRESS): frozenset({ASSIGNER, LEAD_HEAD}),
    **{(s, S.ON_HOLD): frozenset({ASSIGNER, LEAD_HEAD}) for s in _OPEN},
    **{(s, S.CANCELLED): frozenset({ASSIGNER}) for s in (*_OPEN, S.ON_HOLD)},
}
# Transitions that need a written reason.
NEEDS_REASON = frozenset({S.RETURNED, S.ON_HOLD, S.CANCELLED})


def roles_on(user, task) -> set[str]:
    if not (user and user.is_authenticated and user.is_active):
        return set()
    roles = set()
    by_unit = user.roles_by_unit
    if task.focal_person_id == user.pk:
        roles.add(FOCAL)
    if Role.UNIT_HEAD in by_unit.get(task.lead_unit_id, set()):
        roles.add(LEAD_HEAD)
    if task.assigned_by_id == user.pk or by_unit.get(task.owner_unit_id, set()) & {
        Role.UNIT_HEAD,
        Role.DIC_COORDINATOR,
    }:
        roles.add(ASSIGNER)
    return roles


def allowed_targets(user, task) -> list[str]:
    if user.is_ministry_admin:
        return [to for (frm, to) in TRANSITIONS if frm == task.status]
    roles = roles_on(user, task)
    return [to for (frm, to), who in TRANSITIONS.items() if frm == task.status and who & roles]


def check_transition(user, task, to: str) -> None:
    """PermissionDenied, with the reason, unless `user` may move `task` to `to`."""
    who = TRANSITIONS.get((task.status, to))
    if who is None:
        raise PermissionDenied(
            _("A task cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(task.status).label, "to": S(to).label if to in S.values else to}
        )
    if user.is_ministry_admin or who & roles_on(user, task):
        return
    raise PermissionDenied(
        _("Only %(who)s may move a task from “%(from)s” to “%(to)s”.")
        % {
            "who": _(" or ").join(str(ROLE_LABELS[r]) for r in sorted(who)),
            "from": S(task.status).label,
            "to": S(to).label,
        }
    )


def may_report(user, task) -> bool:
    """Progress reports come from the people doing the work: the focal person, the lead unit's editors and the
    coordinating units' editors."""
    if roles_on(user, task) & DOERS or user.is_ministry_admin:
        return True
    editors = user.editor_unit_ids()
    return task.lead_unit_id in editors or task.coordinators.filter(unit_id__in=editors).exists()


def may_request_extension(user, task) -> bool:
    return bool(roles_on(user, task) & DOERS) or user.is_ministry_admin


def may_decide_extension(user, task) -> bool:
    return ASSIGNER in roles_on(user, task) or user.is_ministry_admin
