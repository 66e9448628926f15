"""Engagements — visits, delegations, meetings — with their people, outcomes and logistics."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coophub.agreements.choices import Side
from coophub.core.models import OwnedRecord, TimeStampedModel

from .choices import (
    BriefingStatus,
    BudgetSource,
    ConferenceApproval,
    EngagementKind,
    EngagementLevel,
    EngagementStatus,
    GiftDirection,
    GiftHandling,
    Mode,
    OutcomeKind,
    PackLanguage,
    ParticipantRole,
    PlanStatus,
    RequestStatus,
)


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class Topic(models.Model):
    """The shared topic vocabulary (coophub/engagements/data/topics.csv), in Vietnamese and English."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Words that suggest it, separated by |.")
    )

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name_en if _english() else self.name_vi


class Official(TimeStampedModel):
    """A Ministry leader or officer who takes part in engagements: the Minister, the Deputy Ministers, unit
    heads. The title is the one held now; each engagement keeps the title at the time."""

    full_name = models.CharField(_("full name"), max_length=255)
    name_ascii = models.CharField(
        _("name without diacritics"), max_length=255, blank=True, help_text=_("As English texts print it.")
    )
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
        verbose_name=_("user account"),
    )
    is_leader = models.BooleanField(
        _("Ministry leader"), default=False, help_text=_("Minister or Deputy Minister: listed as a leader.")
    )
    rank = models.PositiveSmallIntegerField(_("order of precedence"), default=100)
    is_active = models.BooleanField(_("in office"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["rank", "full_name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        constraints = [models.UniqueConstraint(fields=["full_name", "title_vi"], name="official_unique")]

    def __str__(self):
        return self.full_name

    @property
    def title(self) -> str:
        return (self.title_en or self.title_vi) if _english() else self.title_vi

    def get_absolute_url(self):
        return reverse("engagements:official_detail", args=[self.pk])


class Engagement(OwnedRecord):
    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable key used by imports."),
    )
    kind = models.CharField(_("type"), max_length=24, choices=EngagementKind.choices)
    level = models.CharField(
        _("level"), max_length=16, choices=EngagementLevel.choices, default=EngagementLevel.MINISTERIAL
    )
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=128, blank=True)
    country = models.ForeignKey(
        "partners.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country (place)"),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    leader = models.ForeignKey(
        Official,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_engagements",
        verbose_name=_("Vietnamese leader"),
    )
    leader_title = models.CharField(_("leader's title at the time"), max_length=255, blank=True)
    lead_unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead unit"),
    )
    mechanism = models.ForeignKey(
        "partners.Mechanism",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
        verbose_name=_("mechanism"),
    )
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="engagements", verbose_name=_("partners")
    )
    countries = models.ManyToManyField(
        "partners.Country", blank=True, related_name="engagements", verbose_name=_("partner countries")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="engagements", verbose_name=_("topics"))
    other_topics = models.CharField(
        _("other topics"), max_length=1000, blank=True, help_text=_("Free text, separated by semicolons.")
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        blank=True,
        related_name="engagements",
        verbose_name=_("agreements signed or discussed"),
    )
    summary = models.TextField(_("summary"), blank=True)
    source_url = models.URLField(_("press release address"), max_length=1000, blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    source_language = models.CharField(_("language of the source"), max_length=8, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EngagementStatus.choices,
        default=EngagementStatus.DRAFT,
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-starts_on", "-start_time", "-id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="engagement_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(title_vi="") | ~Q(title_en=""), name="engagement_has_title"),
        ]
        indexes = [
            models.Index(fields=["starts_on", "id"], name="engagement_date"),
            models.Index(fields=["kind", "level", "starts_on"], name="engagement_kind_level"),
        ]

    def __str__(self):
        if _english():
            return self.title_en or self.title_vi
        return self.title_vi or self.title_en

    def get_absolute_url(self):
        return reverse("engagements:engagement_detail", args=[self.pk])

    @property
    def last_day(self) -> datetime.date:
        return self.ends_on or self.starts_on

    @property
    def is_abroad(self) -> bool:
        return bool(self.country_id) and self.country_id != "VN"

    def topic_labels(self) -> list[str]:
        labels = [str(t) for t in self.topics.all()]
        return labels + [t.strip() for t in self.other_topics.split(";") if t.strip()]


class VnParticipant(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="vn_participants")
    official = models.ForeignKey(
        Official, null=True, blank=True, on_delete=models.PROTECT, related_name="participations"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    title = models.CharField(_("title at the time"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    role = models.CharField(
        _("role"), max_length=16, choices=ParticipantRole.choices, default=ParticipantRole.MEMBER
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("Vietnamese participant")
        verbose_name_plural = _("Vietnamese participants")

    def __str__(self):
        return ", ".join(p for p in (self.name or str(self.official or ""), self.title) if p)


class PartnerParticipant(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="partner_participants")
    contact = models.ForeignKey(
        "partners.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="participations"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    title = models.CharField(_("title at the time"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    country = models.ForeignKey(
        "partners.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_former = models.BooleanField(_("former"), default=False)
    is_acting = models.BooleanField(_("acting"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("partner participant")
        verbose_name_plural = _("partner participants")

    def __str__(self):
        return ", ".join(p for p in (self.name, self.title, self.organisation) if p)


class Outcome(models.Model):
    """What came out of an engagement. A commitment or follow-up becomes a Commitment or a Task in one step;
    the link is kept here (engagement → outcome → commitment/task) and read back from both ends."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=16, choices=OutcomeKind.choices)
    side = models.CharField(_("by"), max_length=8, choices=Side.choices, default=Side.BOTH)
    text = models.TextField(_("text"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    commitment = models.OneToOneField(
        "agreements.Commitment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_outcome",
        editable=False,
    )
    task = models.OneToOneField(
        "assignments.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagement_outcome",
        editable=False,
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return self.text[:120]


class DelegationPlan(TimeStampedModel):
    """The plan of a delegation going abroad (members = the engagement's Vietnamese participants), approved
    by the decision sending it (Quyết định cử đoàn)."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="delegation_plan")
    purpose = models.TextField(_("purpose"))
    budget_source = models.CharField(_("budget source"), max_length=16, choices=BudgetSource.choices)
    budget_amount = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=0, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    departs_on = models.DateField(_("departs on"))
    returns_on = models.DateField(_("returns on"))
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT, editable=False
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("delegation plan")
        verbose_name_plural = _("delegation plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(returns_on__gte=F("departs_on")), name="plan_returns_after_departs"
            )
        ]

    def __str__(self):
        return str(self.engagement)


class Gift(TimeStampedModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="gifts")
    direction = models.CharField(_("given or received"), max_length=8, choices=GiftDirection.choices)
    description = models.CharField(_("gift"), max_length=500)
    counterpart = models.CharField(
        _("given to / received from"), max_length=255, help_text=_("Name, title and organisation.")
    )
    value = models.DecimalField(
        _("estimated value"),
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    handling = models.CharField(_("handling"), max_length=16, choices=GiftHandling.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["engagement_id", "id"]
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")

    def __str__(self):
        return self.description


class ConferenceRequest(TimeStampedModel):
    """The request to host an international conference or workshop, due a set number of days before it opens
    (COOPHUB_CONFERENCE_LEAD_DAYS)."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="conference_request")
    approval = models.CharField(_("decided by"), max_length=16, choices=ConferenceApproval.choices)
    expected_participants = models.PositiveIntegerField(_("expected participants"), null=True, blank=True)
    foreign_participants = models.PositiveIntegerField(_("of whom foreign"), null=True, blank=True)
    funding = models.CharField(_("funding"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.DRAFT, editable=False
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True, editable=False)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("conference request")
        verbose_name_plural = _("conference requests")

    def __str__(self):
        return str(self.engagement)


class BriefingPack(models.Model):
    """A briefing pack built in the background for the person who asked; it holds only what they may see, so
    only they (and administrators) can open it."""

    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.CASCADE, related_name="briefing_packs"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="briefing_packs"
    )
    for_date = models.DateField(_("meeting date"))
    language = models.CharField(
        _("language"), max_length=2, choices=PackLanguage.choices, default=PackLanguage.VI
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BriefingStatus.choices, default=BriefingStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=255, blank=True)
    docx = models.FileField(_("Word file"), upload_to="briefings/%Y/%m/", blank=True, max_length=500)
    pdf = models.FileField(_("PDF file"), upload_to="briefings/%Y/%m/", blank=True, max_length=500)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("briefing pack")
        verbose_name_plural = _("briefing packs")
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement__isnull=False) | Q(partner__isnull=False), name="briefing_has_subject"
            )
        ]

    def __str__(self):
        subject = self.engagement or self.partner
        return f"{subject} · {self.for_date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("engagements:briefing_detail", args=[self.pk])
