"""Every write to agreements and commitments; views, the API, imports and the demo loader call these."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coophub.access.policies import ADD, CHANGE, DELETE, VIEW, policy_for
from coophub.accounts.models import Membership
from coophub.audit.models import AuditAction
from coophub.audit.services import record, snapshot
from coophub.core.services import (
    assign,
    check_new_owner,
    check_version,
    delete_audited,
    save_changes,
    save_new,
    validated_save,
)
from coophub.overlaps.registry import reindex_overlap, unindex_overlap
from coophub.search.registry import reindex

from . import alerts, events, progress
from .choices import AGREEMENT_TRANSITIONS, AgreementStatus, CommitmentSource
from .models import Agreement, AgreementParty, AgreementTransition, Commitment, ProgressEntry

AGREEMENT_FIELDS = (
    "code",
    "kind",
    "title_vi",
    "title_en",
    "level",
    "document_number",
    "signed_on",
    "signed_place",
    "vn_signatory",
    "partner_signatory",
    "valid_from",
    "valid_to",
    "auto_renew",
    "renewal_months",
    "lead_unit",
    "mechanism",
    "summary",
    "owner_unit",
    "visibility",
)
COMMITMENT_FIELDS = (
    "code",
    "kind",
    "agreement",
    "parent",
    "source",
    "source_reference",
    "title_vi",
    "title_en",
    "description",
    "side",
    "country",
    "lead_unit",
    "focal_person",
    "weight",
    "start_on",
    "due_on",
    "status",
    "owner_unit",
    "visibility",
)
ACCESS_M2M = ("allowed_units", "allowed_users")


def _m2m(data, *extra):
    return {name: data.get(name) for name in (*ACCESS_M2M, *extra)}


def _today():
    return timezone.localdate()


def _set_parties(agreement: Agreement, parties) -> bool:
    """parties: list of (partner, role). Returns whether anything changed."""
    if parties is None:
        return False
    wanted = {partner.pk: role for partner, role in parties}
    current = {p.partner_id: p.role for p in agreement.parties.all()}
    if wanted == current:
        return False
    agreement.parties.all().delete()
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, partner_id=pk, role=role) for pk, role in wanted.items()
    )
    return True


def _party_list(agreement):
    return sorted([p.partner_id, p.role] for p in agreement.parties.all())


def _validate_agreement(agreement: Agreement):
    if agreement.valid_from and agreement.valid_to and agreement.valid_to < agreement.valid_from:
        raise ValidationError({"valid_to": _("The end of validity cannot be before its start.")})
    if agreement.auto_renew and not agreement.renewal_months:
        raise ValidationError({"renewal_months": _("Say for how many months it renews.")})


@transaction.atomic
def create_agreement(*, actor, data: dict, parties=None) -> Agreement:
    agreement = Agreement()
    assign(agreement, data, AGREEMENT_FIELDS)
    if agreement.owner_unit_id is None:
        agreement.owner_unit = actor.primary_unit
    policy_for(Agreement).check(actor, ADD, agreement)
    _validate_agreement(agreement)

    def write_parties(saved):
        _set_parties(saved, parties)
        return {"parties": _party_list(saved)}

    save_new(agreement, actor=actor, m2m=_m2m(data, "units"), related=write_parties)
    status = data.get("status")
    if status and status != AgreementStatus.DRAFT:
        # An agreement recorded after the fact (an import, an MoU signed last year) starts in its real status.
        Agreement.objects.filter(pk=agreement.pk).update(status=status)
        agreement.status = status
        AgreementTransition.objects.create(
            agreement=agreement,
            from_status=AgreementStatus.DRAFT,
            to_status=status,
            on=agreement.signed_on or _today(),
            basis=agreement.document_number or _("Recorded in coophub"),
            actor=actor,
        )
    reindex(agreement)
    alerts.refresh_schedule(agreement)
    events.agreement_created(agreement, actor=actor)
    return agreement


@transaction.atomic
def update_agreement(agreement: Agreement, *, actor, data: dict, parties=None, version=None) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    policy_for(Agreement).check(actor, CHANGE, agreement)
    check_version(agreement, version)
    before = snapshot(agreement)
    before["parties"] = _party_list(agreement)
    changed = assign(agreement, data, AGREEMENT_FIELDS)
    check_new_owner(agreement, changed, actor=actor)
    _validate_agreement(agreement)
    parties_changed = _set_parties(agreement, parties)
    m2m = _m2m(data, "units")
    if changed or parties_changed or any(v is not None for v in m2m.values()):
        save_changes(agreement, before, actor=actor, m2m=m2m, related=lambda a: {"parties": _party_list(a)})
        reindex(agreement)
        alerts.refresh_schedule(agreement)
    return agreement


@transaction.atomic
def transition_agreement(
    agreement: Agreement,
    *,
    actor,
    to: str,
    on: datetime.date,
    basis: str,
    note: str = "",
    new_valid_to: datetime.date | None = None,
    version: int | None = None,
) -> AgreementTransition:
    """Move an agreement along its lifecycle, dated and with the document it rests on."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    policy_for(Agreement).check(actor, CHANGE, agreement)
    check_version(agreement, version)
    if to not in AGREEMENT_TRANSITIONS.get(agreement.status, set()):
        raise ValidationError(
            {
                "to": _("An agreement cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": AgreementStatus(agreement.status).label,
                    "to": AgreementStatus(to).label if to in AgreementStatus.values else to,
                }
            }
        )
    basis = (basis or "").strip()
    if not basis and to not in (AgreementStatus.DRAFT, AgreementStatus.NEGOTIATING):
        raise ValidationError({"basis": _("Name the document this step rests on (number and date).")})
    if on > _today():
        raise ValidationError({"on": _("A lifecycle step cannot be dated in the future.")})
    before = snapshot(agreement)
    if to == AgreementStatus.EXTENDED:
        if new_valid_to is None:
            raise ValidationError({"new_valid_to": _("An extension needs the new end of validity.")})
        if agreement.valid_to and new_valid_to <= agreement.valid_to:
            raise ValidationError({"new_valid_to": _("The new end must be later than the current one.")})
        agreement.valid_to = new_valid_to
    if to == AgreementStatus.SIGNED and agreement.signed_on is None:
        agreement.signed_on = on
    if to == AgreementStatus.IN_FORCE and agreement.valid_from is None:
        agreement.valid_from = on
    transition = AgreementTransition(
        agreement=agreement,
        from_status=agreement.status,
        to_status=to,
        on=on,
        basis=basis,
        note=(note or "").strip(),
        new_valid_to=new_valid_to,
        actor=actor,
    )
    agreement.status = to
    _validate_agreement(agreement)
    save_changes(agreement, before, actor=actor, reason=basis)
    transition.save()
    alerts.refresh_schedule(agreement)
    events.agreement_status_changed(agreement, transition, actor=actor)
    return transition


@transaction.atomic
def delete_agreement(agreement: Agreement, *, actor) -> None:
    policy_for(Agreement).check(actor, DELETE, agreement)
    delete_audited(agreement, actor=actor)


def _validate_commitment(commitment: Commitment, actor):
    errors = {}
    if commitment.start_on and commitment.due_on and commitment.due_on < commitment.start_on:
        errors["due_on"] = _("The due date cannot be before the start.")
    if commitment.agreement_id and not policy_for(Agreement).can(actor, VIEW, commitment.agreement):
        errors["agreement"] = _("No such agreement.")
    parent = commitment.parent
    if parent is not None:
        if not policy_for(Commitment).can(actor, VIEW, parent):
            errors["parent"] = _("No such commitment.")
        elif parent.agreement_id != commitment.agreement_id:
            errors["parent"] = _("A milestone belongs to the same agreement as the commitment it is part of.")
        seen, node = set(), parent
        while node is not None:
            if node.pk == commitment.pk or node.pk in seen:
                errors["parent"] = _("A commitment cannot be part of itself.")
                break
            seen.add(node.pk)
            node = node.parent
    if (
        commitment.focal_person_id
        and commitment.lead_unit_id
        and not Membership.objects.filter(
            user_id=commitment.focal_person_id, unit_id=commitment.lead_unit_id
        ).exists()
    ):
        errors["focal_person"] = _("%(person)s is not a member of the lead unit %(unit)s.") % {
            "person": commitment.focal_person,
            "unit": commitment.lead_unit,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_commitment(*, actor, data: dict) -> Commitment:
    commitment = Commitment()
    assign(commitment, data, COMMITMENT_FIELDS)
    if commitment.parent_id and not commitment.agreement_id:
        commitment.agreement_id = commitment.parent.agreement_id
    if (
        commitment.agreement_id is None
        and commitment.source == CommitmentSource.AGREEMENT
        and not data.get("source")
    ):
        commitment.source = CommitmentSource.OTHER
    if commitment.owner_unit_id is None:
        commitment.owner_unit = (
            commitment.agreement.owner_unit if commitment.agreement_id else actor.primary_unit
        )
    policy_for(Commitment).check(actor, ADD, commitment)
    _validate_commitment(commitment, actor)
    save_new(commitment, actor=actor, m2m=_m2m(data, "partners"))
    if commitment.parent_id:
        _roll_up(commitment.parent)
    reindex(commitment)
    reindex_overlap(commitment)
    events.commitment_created(commitment, actor=actor)
    return commitment


@transaction.atomic
def update_commitment(commitment: Commitment, *, actor, data: dict, version=None) -> Commitment:
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    policy_for(Commitment).check(actor, CHANGE, commitment)
    check_version(commitment, version)
    before = snapshot(commitment)
    old_parent = commitment.parent
    changed = assign(commitment, data, COMMITMENT_FIELDS)
    check_new_owner(commitment, changed, actor=actor)
    _validate_commitment(commitment, actor)
    m2m = _m2m(data, "partners")
    if changed or any(v is not None for v in m2m.values()):
        save_changes(commitment, before, actor=actor, m2m=m2m)
        if changed & {"parent", "weight", "status"}:
            _roll_up(commitment)
            if old_parent is not None and old_parent.pk != commitment.parent_id:
                _roll_up(old_parent)
        reindex(commitment)
        reindex_overlap(commitment)
    return commitment


@transaction.atomic
def delete_commitment(commitment: Commitment, *, actor) -> None:
    policy_for(Commitment).check(actor, DELETE, commitment)
    parent = commitment.parent
    delete_audited(commitment, actor=actor)
    unindex_overlap(commitment)
    if parent is not None:
        _roll_up(parent)


def _roll_up(commitment: Commitment) -> None:
    """Recompute the derived progress of a commitment and of every ancestor."""
    node = commitment
    while node is not None:
        node = Commitment.objects.get(pk=node.pk)
        percent, completion, completed_on = progress.rolled_up(node)
        last = node.progress_log.order_by("-on").values_list("on", flat=True).first()
        if node.children.exists():
            child_last = node.children.order_by("-last_progress_on").values_list(
                "last_progress_on", flat=True
            )
            last = max([d for d in (last, child_last.first()) if d], default=None)
        Commitment.objects.filter(pk=node.pk).update(
            progress=percent, completion=completion, completed_on=completed_on, last_progress_on=last
        )
        node = node.parent


@transaction.atomic
def log_progress(
    commitment: Commitment,
    *,
    actor,
    on: datetime.date | None = None,
    value: Decimal | int | None = None,
    completion: str = "",
    comment: str = "",
    evidence_url: str = "",
) -> ProgressEntry:
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if not policy_for(Commitment).can_report_progress(actor, commitment):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only the owning unit, the lead unit or the focal person can log progress."))
    on = on or _today()
    if on > _today():
        raise ValidationError({"on": _("Progress cannot be logged for a future date.")})
    if value is None and not completion:
        raise ValidationError({"value": _("Give a percentage or a completion level.")})
    if commitment.children.exists() and value is not None:
        raise ValidationError(
            {"value": _("This commitment's progress is rolled up from its milestones; log progress on them.")}
        )
    entry = ProgressEntry(
        commitment=commitment,
        on=on,
        value=value,
        completion=completion or "",
        comment=(comment or "").strip(),
        evidence_url=(evidence_url or "").strip(),
        author=actor,
    )
    validated_save(entry)
    record(actor, AuditAction.CREATE, entry)
    _roll_up(commitment)
    commitment.refresh_from_db()
    reindex_overlap(commitment)
    entry.commitment = commitment
    events.progress_logged(entry, actor=actor)
    return entry
