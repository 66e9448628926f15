from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    MINISTRY = "ministry", _("Foreign ministry / agency")
    INTERNATIONAL_ORG = "international_org", _("International organisation")
    DEVELOPMENT_BANK = "development_bank", _("Development bank")
    DONOR_AGENCY = "donor_agency", _("Donor agency")
    ENTERPRISE = "enterprise", _("Foreign enterprise")
    NGO = "ngo", _("Non-governmental organisation")
    RESEARCH = "research", _("Research / academic body")
    ASSOCIATION = "association", _("Association")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    PRIORITY = "priority", _("Priority")
    STRATEGIC = "strategic", _("Strategic")


class AliasLanguage(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")
    NATIVE = "native", _("Native")


class MechanismKind(models.TextChoices):
    JOINT_COMMITTEE = "joint_committee", _("Joint committee")
    WORKING_GROUP = "working_group", _("Working group")
    DIALOGUE = "dialogue", _("Dialogue")
    MULTILATERAL_FORUM = "multilateral_forum", _("Multilateral forum")
    PARTNER_GROUP = "partner_group", _("Partner group")


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Member")
    CO_CHAIR = "co_chair", _("Co-chair")
    OBSERVER = "observer", _("Observer")
    SECRETARIAT = "secretariat", _("Secretariat")
