"""Agreements (MoUs, programmes, plans), their lifecycle, and the commitments made under them."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coophub.core.models import OwnedRecord

from .choices import (
    AgreementKind,
    AgreementLevel,
    AgreementStatus,
    CommitmentKind,
    CommitmentSource,
    CommitmentStatus,
    Completion,
    PartyRole,
    Side,
)


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class Agreement(OwnedRecord):
    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("Stable key used by imports and links, e.g. KH-59-153."),
    )
    kind = models.CharField(_("type"), max_length=24, choices=AgreementKind.choices)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    level = models.CharField(
        _("level"), max_length=16, choices=AgreementLevel.choices, default=AgreementLevel.MINISTRY
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        editable=False,
    )
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_place = models.CharField(_("signed at"), max_length=255, blank=True)
    vn_signatory = models.CharField(_("Vietnamese signatory"), max_length=255, blank=True)
    partner_signatory = models.CharField(_("partner signatory"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    auto_renew = models.BooleanField(_("renews automatically"), default=False)
    renewal_months = models.PositiveIntegerField(
        _("renewal term (months)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
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
        related_name="agreements",
        verbose_name=_("mechanism"),
    )
    summary = models.TextField(_("summary"), blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", through="AgreementParty", related_name="agreements", blank=True
    )
    units = models.ManyToManyField(
        "accounts.Unit", blank=True, related_name="agreements", verbose_name=_("Ministry units party to it")
    )
    # Due work (DESIGN rule 4): when the next expiry alert falls due; null when none is pending.
    next_alert_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-signed_on", "title_vi"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="agreement_valid_to_after_valid_from",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_alert_at"], name="agreement_alert_due", condition=Q(next_alert_at__isnull=False)
            ),
            models.Index(fields=["status", "valid_to"], name="agreement_status_end"),
        ]

    def __str__(self):
        return (self.title_en or self.title_vi) if _english() else self.title_vi

    def get_absolute_url(self):
        return reverse("agreements:agreement_detail", args=[self.pk])

    def days_to_expiry(self, today: datetime.date | None = None) -> int | None:
        if self.valid_to is None:
            return None
        return (self.valid_to - (today or datetime.date.today())).days


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="agreement_parties"
    )
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices, default=PartyRole.SIGNATORY)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "partner"], name="agreement_party_unique")
        ]

    def __str__(self):
        return f"{self.partner} · {self.get_role_display()}"


class AgreementTransition(models.Model):
    """One dated step of the lifecycle, with the document it rests on."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=16, choices=AgreementStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=AgreementStatus.choices)
    on = models.DateField(_("date"))
    basis = models.CharField(
        _("basis document"),
        max_length=255,
        help_text=_("Number and date of the document, e.g. 123/QĐ-BNNMT."),
    )
    note = models.TextField(_("note"), blank=True)
    new_valid_to = models.DateField(_("new end of validity"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("lifecycle step")
        verbose_name_plural = _("lifecycle steps")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()} ({self.on:%d/%m/%Y})"


class Commitment(OwnedRecord):
    """What a side promised, under an agreement, an engagement or an action plan; a tree of commitments and
    milestones whose progress rolls up to the parent by weight."""

    code = models.SlugField(_("code"), max_length=64, unique=True, null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=CommitmentKind.choices, default=CommitmentKind.COMMITMENT
    )
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("agreement"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("part of"),
    )
    source = models.CharField(
        _("source"), max_length=16, choices=CommitmentSource.choices, default=CommitmentSource.AGREEMENT
    )
    source_reference = models.CharField(
        _("source reference"), max_length=255, blank=True, help_text=_("Clause, paragraph or meeting.")
    )
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    side = models.CharField(_("promised by"), max_length=8, choices=Side.choices, default=Side.VN)
    partners = models.ManyToManyField("partners.Partner", blank=True, related_name="commitments")
    country = models.ForeignKey(
        "partners.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead unit"),
    )
    focal_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("focal person"),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1000"))],
    )
    start_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.ACTIVE
    )
    # Derived, written only by services.recompute_progress from the progress log and the children.
    progress = models.DecimalField(
        _("progress (%)"), max_digits=5, decimal_places=2, default=Decimal("0"), editable=False
    )
    completion = models.CharField(
        _("completion"),
        max_length=16,
        choices=Completion.choices,
        default=Completion.NOT_STARTED,
        editable=False,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    last_progress_on = models.DateField(_("last progress report"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["agreement_id", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(start_on__isnull=True) | Q(due_on__gte=F("start_on")),
                name="commitment_due_after_start",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="commitment_not_own_parent"),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="commitment_progress_range"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="commitment_status_due")]

    def __str__(self):
        return (self.title_en or self.title_vi) if _english() else self.title_vi

    def get_absolute_url(self):
        return reverse("agreements:commitment_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != CommitmentStatus.CANCELLED and self.completion != Completion.COMPLETE


class ProgressEntry(models.Model):
    """A dated entry of a commitment's progress log: a value or a completion level, a comment, evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress_log")
    on = models.DateField(_("date"))
    value = models.DecimalField(
        _("progress (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    completion = models.CharField(_("completion"), max_length=16, choices=Completion.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(completion=""), name="progress_entry_has_value_or_level"
            ),
        ]

    def __str__(self):
        return (
            f"{self.on:%d/%m/%Y} · {self.value if self.value is not None else self.get_completion_display()}"
        )


class ExpiryAlertSent(models.Model):
    """One expiry alert (90/30/7 days before the end) sent for one end date; unique so it goes out once."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="alerts_sent")
    days_before = models.PositiveSmallIntegerField()
    for_valid_to = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "days_before", "for_valid_to"], name="expiry_alert_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.agreement_id} −{self.days_before}d ({self.for_valid_to:%d/%m/%Y})"
