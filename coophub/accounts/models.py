import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import EDITOR_ROLES, Role, UnitKind


class Unit(models.Model):
    """A unit of the Ministry's organisation; units change, so they are data with validity dates."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices, default=UnitKind.AGENCY)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    is_dic = models.BooleanField(
        _("is the Department of International Cooperation"),
        default=False,
        help_text=_("The Ministry's focal point for international cooperation."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class User(AbstractUser):
    title = models.CharField(_("position title"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    @cached_property
    def roles_by_unit(self) -> dict[int, set[str]]:
        roles: dict[int, set[str]] = {}
        for unit_id, role in self.memberships.values_list("unit_id", "role"):
            roles.setdefault(unit_id, set()).add(role)
        return roles

    @property
    def unit_ids(self) -> set[int]:
        return set(self.roles_by_unit)

    def roles(self) -> set[str]:
        return set().union(*self.roles_by_unit.values()) if self.roles_by_unit else set()

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles() & set(roles))

    @property
    def is_ministry_admin(self) -> bool:
        return self.is_superuser or self.has_role(Role.ADMIN)

    def editor_unit_ids(self) -> set[int]:
        return {unit_id for unit_id, roles in self.roles_by_unit.items() if roles & EDITOR_ROLES}

    @property
    def primary_unit(self) -> "Unit | None":
        membership = self.memberships.select_related("unit").order_by("-is_primary", "id").first()
        return membership.unit if membership else None


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    is_primary = models.BooleanField(_("primary unit"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")
        ]

    def __str__(self):
        return f"{self.user} · {self.unit.abbreviation or self.unit.code} · {self.get_role_display()}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; it acts with its owner's permissions."""

    PREFIX = "chub_"
    LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("hint"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        # Recorded at most once a minute: a busy client would otherwise write (and lock) the row per request.
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= cls.LAST_USED_RESOLUTION:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user


class CalendarFeedToken(models.Model):
    """The secret in a user's calendar-feed URL. Only its SHA-256 is stored; a user has one active token."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="calendar_feed_tokens", verbose_name=_("user")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_token_one_active_per_user",
            ),
        ]

    def __str__(self):
        return _("Calendar feed of %(user)s") % {"user": self.user}

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
