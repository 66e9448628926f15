"""Helpers every domain service uses: apply a change set, validate, detect stale edits, save with audit."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from coophub.access.policies import ADD, policy_for
from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot
from coophub.core.text import normalize_input

from .errors import Conflict


def check_version(obj: models.Model, expected: int | None) -> None:
    """A stale edit (the caller read an older version) is refused, never silently overwritten."""
    if expected is None:
        return
    if int(expected) != obj.version:
        raise Conflict(
            _(
                "This record was changed by someone else (version %(current)s, you edited %(seen)s). "
                "Reload it and apply your change again."
            )
            % {"current": obj.version, "seen": expected},
            current_version=obj.version,
        )


def check_new_owner(obj: models.Model, changed: set[str], *, actor) -> None:
    """A record given to another unit (owner_unit among the changed fields) must go to one the actor may
    create such records for."""
    if "owner_unit" in changed and not policy_for(type(obj)).can(actor, ADD, obj):
        raise ValidationError({"owner_unit": _("You can only give a record to a unit you edit for.")})


def assign(obj: models.Model, data: dict, fields: tuple[str, ...]) -> set[str]:
    """Copy the given fields from data onto obj; text is NFC-normalised and trimmed. Returns changed names."""
    changed = set()
    m2m = {f.name for f in obj._meta.many_to_many}
    for name in fields:
        if name not in data or name in m2m:
            continue
        value = data[name]
        field = obj._meta.get_field(name)
        if isinstance(field, models.CharField | models.TextField) and value is not None:
            value = normalize_input(value) if not isinstance(field, models.TextField) else str(value).strip()
        if value is None and isinstance(field, models.CharField | models.TextField):
            value = ""
        if field.is_relation:
            # Compare by id so an unset required relation does not raise.
            new_id = value.pk if isinstance(value, models.Model) else value
            if getattr(obj, field.attname) != new_id or new_id is None and value is not None:
                setattr(obj, name if isinstance(value, models.Model) else field.attname, value)
                changed.add(name)
        elif getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.add(name)
    return changed


def set_m2m(obj: models.Model, data: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data and data[name] is not None:
            getattr(obj, name).set(data[name])


def validated_save(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_constraints=True)
    obj.save()


def _after(obj: models.Model, related) -> dict:
    """The audit "after" snapshot. `related(obj)` may write what lives in other tables (a partner's aliases)
    and returns it, so before and after describe the same things."""
    after = snapshot(obj)
    if related is not None:
        after.update(related(obj) or {})
    return after


def save_new(
    obj: models.Model, *, actor, m2m: dict | None = None, reason: str = "", related=None
) -> models.Model:
    validated_save(obj)
    for name, values in (m2m or {}).items():
        if values is not None:
            getattr(obj, name).set(values)
    record(actor, AuditAction.CREATE, obj, after=_after(obj, related), reason=reason)
    return obj


def save_changes(
    obj: models.Model, before: dict, *, actor, m2m: dict | None = None, reason: str = "", related=None
):
    if hasattr(obj, "version"):
        obj.version += 1
    validated_save(obj)
    for name, values in (m2m or {}).items():
        if values is not None:
            getattr(obj, name).set(values)
    record(actor, AuditAction.UPDATE, obj, before=before, after=_after(obj, related), reason=reason)
    return obj


def delete_audited(obj: models.Model, *, actor, reason: str = "") -> None:
    before = snapshot(obj)
    label = str(obj)
    pk = obj.pk
    try:
        obj.delete()
    except models.ProtectedError as exc:
        raise ValidationError(
            _("%(obj)s cannot be deleted while other records refer to it.") % {"obj": label}
        ) from exc
    obj.pk = pk
    record(actor, AuditAction.DELETE, obj, before=before, reason=reason)
