from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    AGREEMENT = "agreement", _("Cooperation agreement")
    PROGRAMME = "programme", _("Cooperation programme")
    PROJECT = "project", _("Project")
    PLAN = "plan", _("Plan")
    ACTION_PLAN = "action_plan", _("Action plan")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    MINUTES = "minutes", _("Minutes of meeting")
    OTHER = "other", _("Other")


class AgreementLevel(models.TextChoices):
    STATE = "state", _("State")
    GOVERNMENT = "government", _("Government")
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Agency")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    EXTENDED = "extended", _("Extended")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    EXPIRED = "expired", _("Expired")


# The agreement lifecycle: which status may follow which. Amended and extended agreements remain in force.
AGREEMENT_TRANSITIONS = {
    AgreementStatus.DRAFT: {AgreementStatus.NEGOTIATING, AgreementStatus.SIGNED, AgreementStatus.TERMINATED},
    AgreementStatus.NEGOTIATING: {AgreementStatus.DRAFT, AgreementStatus.SIGNED, AgreementStatus.TERMINATED},
    AgreementStatus.SIGNED: {AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED},
    AgreementStatus.IN_FORCE: {
        AgreementStatus.AMENDED,
        AgreementStatus.EXTENDED,
        AgreementStatus.SUSPENDED,
        AgreementStatus.TERMINATED,
        AgreementStatus.EXPIRED,
    },
    AgreementStatus.AMENDED: {
        AgreementStatus.AMENDED,
        AgreementStatus.EXTENDED,
        AgreementStatus.SUSPENDED,
        AgreementStatus.TERMINATED,
        AgreementStatus.EXPIRED,
    },
    AgreementStatus.EXTENDED: {
        AgreementStatus.AMENDED,
        AgreementStatus.EXTENDED,
        AgreementStatus.SUSPENDED,
        AgreementStatus.TERMINATED,
        AgreementStatus.EXPIRED,
    },
    AgreementStatus.SUSPENDED: {
        AgreementStatus.IN_FORCE,
        AgreementStatus.TERMINATED,
        AgreementStatus.EXPIRED,
    },
    AgreementStatus.TERMINATED: set(),
    AgreementStatus.EXPIRED: {AgreementStatus.EXTENDED},
}
# Statuses in which an agreement binds its parties (commitments under it are followed up).
LIVE_STATUSES = frozenset(
    {AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.AMENDED, AgreementStatus.EXTENDED}
)
# Renewal / expiry alerts go out this many days before the end of validity.
EXPIRY_ALERT_DAYS = (90, 30, 7)


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signatory")
    IMPLEMENTING = "implementing", _("Implementing partner")
    SUPPORTING = "supporting", _("Supporting partner")


class Side(models.TextChoices):
    VN = "vn", _("Viet Nam")
    PARTNER = "partner", _("Partner")
    BOTH = "both", _("Both sides")


class CommitmentKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    MILESTONE = "milestone", _("Milestone")


class CommitmentSource(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    ENGAGEMENT = "engagement", _("Engagement")
    ACTION_PLAN = "action_plan", _("Action plan")
    OTHER = "other", _("Other")


class CommitmentStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("commitment status", "Active")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", _("Cancelled")


class Completion(models.TextChoices):
    """The completion scale used in reviews (OGP / IRM)."""

    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


# What a progress entry that gives only a completion level means in percent.
COMPLETION_PERCENT = {
    Completion.NOT_STARTED: 0,
    Completion.LIMITED: 25,
    Completion.SUBSTANTIAL: 75,
    Completion.COMPLETE: 100,
}


class Track(models.TextChoices):
    """A judgement computed from dates and progress, never typed."""

    NOT_DUE = "not_due", _("No timeline")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")
    COMPLETE = "complete", _("Complete")
    CANCELLED = "cancelled", _("Cancelled")
