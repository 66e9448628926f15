"""Who sees a task and who may edit it. Who may move it from one status to another is in workflow.py."""

from django.db.models import Q

from coophub.access.policies import (
    CHANGE,
    DELETE,
    VIEW,
    ChildRecordPolicy,
    OwnedRecordPolicy,
    _active,
    register,
)
from coophub.accounts.choices import Role

from .models import ExtensionRequest, ProgressReport, Task, TaskCoordinator


@register(Task)
class TaskPolicy(OwnedRecordPolicy):
    """A task is seen by the readers of its owning (assigning) unit, and always by the people doing it: the
    lead unit, the coordinating units, the focal person, the watchers and whoever assigned it. It is edited by
    the assigning unit's editors and the person who assigned it."""

    def _visible_q(self, user) -> Q:
        units = user.unit_ids
        return (
            super()._visible_q(user)
            | Q(lead_unit_id__in=units)
            | Q(pk__in=TaskCoordinator.objects.filter(unit_id__in=units).values("task_id"))
            | Q(focal_person_id=user.pk)
            | Q(assigned_by_id=user.pk)
            | Q(pk__in=Task.watchers.through.objects.filter(user_id=user.pk).values("task_id"))
        )

    def scope(self, user, action=VIEW):
        qs = super().scope(user, action)
        if action == CHANGE and _active(user) and not user.is_ministry_admin:
            qs = qs | self.scope(user, VIEW).filter(assigned_by_id=user.pk)
        return qs

    def can(self, user, action, obj=None):
        if action in (CHANGE, DELETE) and obj is not None and obj.pk and _active(user):
            if action == CHANGE and obj.assigned_by_id == user.pk:
                return True
            if action == DELETE and user.has_role(Role.DIC_COORDINATOR) and obj.assigned_by_id == user.pk:
                return True
        return super().can(user, action, obj)


@register(TaskCoordinator)
class TaskCoordinatorPolicy(ChildRecordPolicy):
    parent_field = "task"


@register(ExtensionRequest)
class ExtensionRequestPolicy(ChildRecordPolicy):
    parent_field = "task"


@register(ProgressReport)
class ProgressReportPolicy(ChildRecordPolicy):
    """Seen with its task; changed (attachments added) by its author or by whoever may change the task."""

    parent_field = "task"

    def scope(self, user, action=VIEW):
        if action == VIEW:
            return super().scope(user, VIEW)
        visible = super().scope(user, VIEW)
        return visible.filter(
            Q(author_id=user.pk) | Q(task__in=TaskPolicy(Task).scope(user, CHANGE).values("pk"))
        )

    def can(self, user, action, obj=None):
        if obj is not None and action != VIEW and _active(user) and obj.author_id == user.pk:
            return self.parent_policy().can(user, VIEW, obj.task)
        return super().can(user, action, obj)
