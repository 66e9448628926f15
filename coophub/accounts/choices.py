from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    OFFICER = "officer", _("Officer")
    UNIT_HEAD = "unit_head", _("Unit head")
    DIC_COORDINATOR = "dic_coordinator", _("DIC coordinator")
    LEADER = "leader", _("Ministry leader")
    ADMIN = "admin", _("Administrator")


# Roles that may create and edit records of their unit.
EDITOR_ROLES = frozenset({Role.OFFICER, Role.UNIT_HEAD, Role.DIC_COORDINATOR, Role.ADMIN})


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    LEADERSHIP = "leadership", _("Ministry leadership")
    DEPARTMENT = "department", _("Department (Vụ)")
    AGENCY = "agency", _("Agency (Cục)")
    OFFICE = "office", _("Office / Inspectorate")
    SERVICE = "service", _("Public service unit")
    MISSION = "mission", _("Mission abroad")
