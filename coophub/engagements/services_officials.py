"""Writes to the directory of the Ministry's officials who take part in engagements.

Everyone reads the directory; administrators and editors keep it up to date (OfficialPolicy). Views, the API
and the extraction flow (confirming a record that names a new leader) call these.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coophub.access.policies import ADD, CHANGE, policy_for
from coophub.audit.services import snapshot
from coophub.core.services import assign, check_version, save_changes, save_new
from coophub.core.text import strip_diacritics

from .models import Official

OFFICIAL_FIELDS = (
    "full_name",
    "name_ascii",
    "title_vi",
    "title_en",
    "unit",
    "user",
    "is_leader",
    "rank",
    "is_active",
)


def ascii_name(name: str) -> str:
    """The name as English texts print it: “Trần Quý Kiên” → “Tran Quy Kien”, capitals kept."""
    return strip_diacritics(name).strip()


def _validate(official: Official) -> None:
    errors = {}
    if not official.full_name.strip():
        errors["full_name"] = _("Give the official's full name.")
    if not official.title_vi.strip():
        errors["title_vi"] = _("Give the official's title in Vietnamese.")
    same = Official.objects.filter(full_name=official.full_name, title_vi=official.title_vi)
    if official.pk:
        same = same.exclude(pk=official.pk)
    if official.full_name and official.title_vi and same.exists():
        errors["full_name"] = _("An official with this name and title is already in the directory.")
    if official.user_id:
        taken = Official.objects.filter(user_id=official.user_id)
        if official.pk:
            taken = taken.exclude(pk=official.pk)
        if taken.exists():
            errors["user"] = _("This user account is already linked to another official.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_official(*, actor, data: dict, reason: str = "") -> Official:
    official = Official()
    assign(official, data, OFFICIAL_FIELDS)
    policy_for(Official).check(actor, ADD, official)
    if not official.name_ascii:
        official.name_ascii = ascii_name(official.full_name)
    _validate(official)
    save_new(official, actor=actor, reason=reason)
    return official


@transaction.atomic
def update_official(official: Official, *, actor, data: dict, version=None) -> Official:
    official = Official.objects.select_for_update().get(pk=official.pk)
    policy_for(Official).check(actor, CHANGE, official)
    check_version(official, version)
    before = snapshot(official)
    derived = official.name_ascii in ("", ascii_name(official.full_name))
    changed = assign(official, data, OFFICIAL_FIELDS)
    if "full_name" in changed and "name_ascii" not in changed and derived:
        official.name_ascii = ascii_name(official.full_name)
        changed.add("name_ascii")
    if not official.name_ascii:
        official.name_ascii = ascii_name(official.full_name)
    if changed:
        _validate(official)
        save_changes(official, before, actor=actor)
    return official
