from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EngagementKind(models.TextChoices):
    OUTGOING_VISIT = "outgoing_visit", _("Outgoing visit")
    INCOMING_VISIT = "incoming_visit", _("Incoming visit")
    COURTESY_CALL = "courtesy_call", _("Courtesy call")
    BILATERAL_TALKS = "bilateral_talks", _("Bilateral talks")
    WORKING_SESSION = "working_session", _("Working session")
    MULTILATERAL_MEETING = "multilateral_meeting", _("Multilateral meeting")
    JOINT_COMMITTEE = "joint_committee", _("Joint committee session")
    CONFERENCE = "conference", _("Conference / workshop")
    SIGNING_CEREMONY = "signing_ceremony", _("Signing ceremony")
    ONLINE_MEETING = "online_meeting", _("Online meeting")
    OTHER = "other", pgettext_lazy("engagement type", "Other")


VISIT_KINDS = (EngagementKind.OUTGOING_VISIT, EngagementKind.INCOMING_VISIT)


class EngagementLevel(models.TextChoices):
    MINISTERIAL = "ministerial", _("Ministerial (Minister, Deputy Minister)")
    DEPARTMENT = "department", _("Department head")
    WORKING = "working", _("Working level")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class EngagementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("engagement status", "Draft")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", pgettext_lazy("engagement status", "Approved")


class EngagementAction(models.TextChoices):
    REVIEW = "review", _("Mark as reviewed")
    APPROVE = "approve", pgettext_lazy("verb", "Approve")
    RETURN = "return", _("Return to draft")


# action -> (from states, to state)
ENGAGEMENT_ACTIONS = {
    EngagementAction.REVIEW: ((EngagementStatus.DRAFT,), EngagementStatus.REVIEWED),
    EngagementAction.APPROVE: ((EngagementStatus.REVIEWED,), EngagementStatus.APPROVED),
    EngagementAction.RETURN: ((EngagementStatus.REVIEWED, EngagementStatus.APPROVED), EngagementStatus.DRAFT),
}


class OutcomeKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DECISION = "decision", _("Decision / agreement")
    COMMITMENT = "commitment", _("Commitment")
    FOLLOW_UP = "follow_up", _("Follow-up action")


class ParticipantRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    MEMBER = "member", _("Member")
    INTERPRETER = "interpreter", _("Interpreter")
    SECRETARY = "secretary", _("Secretary")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", pgettext_lazy("plan status", "Approved")
    REJECTED = "rejected", pgettext_lazy("plan status", "Rejected")


class BudgetSource(models.TextChoices):
    STATE_BUDGET = "state_budget", _("State budget")
    PARTNER = "partner", _("Paid by the partner")
    PROJECT = "project", _("Project / programme funds")
    OTHER = "other", _("Other")


class GiftDirection(models.TextChoices):
    GIVEN = "given", _("Given")
    RECEIVED = "received", _("Received")


class GiftHandling(models.TextChoices):
    """Decree 59/2019/NĐ-CP Art. 24–25: gifts that could not be refused are declared and handled by the
    agency."""

    PRESENTED = "presented", _("Presented (gift given)")
    PENDING = "pending", _("To be declared")
    AGENCY_MANAGED = "agency_managed", _("Managed by the agency")
    DISPLAYED = "displayed", _("Displayed at the Ministry")
    HANDED_OVER = "handed_over", _("Handed to the finance unit")
    RETURNED = "returned", _("Returned")


class ConferenceApproval(models.TextChoices):
    """Decision 06/2020/QĐ-TTg: the Prime Minister decides conferences with minister-level foreign
    participants or sensitive content; the Minister decides the others."""

    PRIME_MINISTER = "prime_minister", _("Prime Minister decides")
    MINISTER = "minister", _("Minister decides")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("request status", "Draft")
    FILED = "filed", _("Filed")
    APPROVED = "approved", pgettext_lazy("request status", "Approved")
    REJECTED = "rejected", pgettext_lazy("request status", "Rejected")


class BriefingStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class PackLanguage(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")
