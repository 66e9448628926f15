import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coophub.core.models import OwnedRecord, TimeStampedModel

from .choices import AliasLanguage, MechanismKind, MemberRole, PartnerKind, Priority


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class Country(models.Model):
    """Project-owned country table: ISO/M49 codes from UN data, Vietnamese names as ministries write them."""

    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, primary_key=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    m49 = models.CharField(_("UN M49"), max_length=3, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    variants = models.CharField(
        _("name variants"), max_length=500, blank=True, help_text=_("Other names in use, separated by '|'.")
    )
    region = models.CharField(_("region"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name_en if _english() else self.name_vi

    @property
    def variant_list(self) -> list[str]:
        return [v.strip() for v in self.variants.split("|") if v.strip()]


class Partner(OwnedRecord):
    code = models.SlugField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("Stable key used by imports and links, e.g. JP-MAFF."),
    )
    kind = models.CharField(_("type"), max_length=24, choices=PartnerKind.choices)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_native = models.CharField(_("name (native)"), max_length=255, blank=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name=_("country"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    focal_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="focal_partners",
        verbose_name=_("DIC focal officer"),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="partner_not_own_parent"),
        ]
        indexes = [
            models.Index(fields=["kind", "name_vi"], name="partner_kind_name"),
            # Lists and the API page through partners in name order; without this every page sorts the table.
            models.Index(fields=["name_vi", "id"], name="partner_name_order"),
        ]

    def __str__(self):
        name = (self.name_en or self.name_vi) if _english() else self.name_vi
        return f"{name} ({self.acronym})" if self.acronym and self.acronym not in name else name

    def get_absolute_url(self):
        return reverse("partners:partner_detail", args=[self.pk])


class PartnerAlias(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(_("alias"), max_length=255)
    language = models.CharField(
        _("language"), max_length=8, choices=AliasLanguage.choices, default=AliasLanguage.VI
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [models.UniqueConstraint(fields=["partner", "text"], name="partner_alias_unique")]

    def __str__(self):
        return self.text


class Contact(TimeStampedModel):
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    full_name = models.CharField(_("full name"), max_length=255)
    native_name = models.CharField(_("name in native script"), max_length=255, blank=True)
    honorific = models.CharField(
        _("honorific"), max_length=32, blank=True, help_text=_("Mr., Ms., Dr., H.E. …")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [models.UniqueConstraint(fields=["partner", "full_name"], name="contact_unique_name")]

    def __str__(self):
        return f"{self.honorific} {self.full_name}".strip()

    def get_absolute_url(self):
        return reverse("partners:contact_detail", args=[self.pk])

    @property
    def current_position(self) -> "Position | None":
        positions = list(self.positions.all())
        current = [p for p in positions if p.is_current]
        return (current or positions or [None])[0]

    @property
    def owner_unit_id(self):
        return self.partner.owner_unit_id


class Position(models.Model):
    """A title a contact holds or held. Past positions read as "former …" ("former Minister of Defense")."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("title"), max_length=255)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    is_acting = models.BooleanField(_("acting"), default=False)

    class Meta:
        ordering = [models.F("end_date").desc(nulls_first=True), models.F("start_date").desc(nulls_last=True)]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="position_end_after_start",
            ),
        ]

    def __str__(self):
        return self.label()

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= datetime.date.today()

    def label(self) -> str:
        title = f"{_('acting')} {self.title}" if self.is_acting else self.title
        if not self.is_current:
            title = f"{_('former')} {title}"
        return f"{title}, {self.organisation}" if self.organisation else title


class Mechanism(OwnedRecord):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("type"), max_length=24, choices=MechanismKind.choices)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    vn_chair = models.CharField(_("Vietnamese co-chair"), max_length=255, blank=True)
    partner_chair = models.CharField(_("partner co-chair"), max_length=255, blank=True)
    lead_unit = models.ForeignKey(
        "accounts.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lead unit"),
    )
    frequency = models.CharField(_("meets"), max_length=100, blank=True, help_text=_("e.g. annually"))
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Partner, through="MechanismMember", related_name="mechanisms", blank=True
    )

    class Meta:
        ordering = ["name_vi"]
        verbose_name = _("cooperation mechanism")
        verbose_name_plural = _("cooperation mechanisms")

    def __str__(self):
        return (self.name_en or self.name_vi) if _english() else self.name_vi

    def get_absolute_url(self):
        return reverse("partners:mechanism_detail", args=[self.pk])


class MechanismMember(models.Model):
    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="memberships")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="mechanism_memberships")
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        verbose_name = _("mechanism member")
        verbose_name_plural = _("mechanism members")
        constraints = [
            models.UniqueConstraint(fields=["mechanism", "partner"], name="mechanism_member_unique")
        ]

    def __str__(self):
        return f"{self.partner} · {self.get_role_display()}"


class MechanismSession(models.Model):
    mechanism = models.ForeignKey(Mechanism, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveIntegerField(_("session number"), null=True, blank=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.number or ''} {self.date:%d/%m/%Y}".strip()
