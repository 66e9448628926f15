"""Every write to partners, contacts and mechanisms; views, the API, imports and demo loader use these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coophub.access.policies import ADD, CHANGE, DELETE, policy_for
from coophub.audit.services import snapshot
from coophub.core.services import (
    assign,
    check_new_owner,
    check_version,
    delete_audited,
    save_changes,
    save_new,
)
from coophub.core.text import fold_vi, normalize_input
from coophub.search.registry import reindex

from . import events
from .models import Contact, Mechanism, MechanismMember, MechanismSession, Partner, PartnerAlias, Position

PARTNER_FIELDS = (
    "code",
    "kind",
    "name_vi",
    "name_en",
    "name_native",
    "acronym",
    "country",
    "parent",
    "priority",
    "focal_officer",
    "website",
    "email",
    "phone",
    "address",
    "description",
    "owner_unit",
    "visibility",
)
ACCESS_M2M = ("allowed_units", "allowed_users")
CONTACT_FIELDS = ("full_name", "native_name", "honorific", "email", "phone", "notes")
POSITION_FIELDS = ("title", "organisation", "start_date", "end_date", "is_acting")
MECHANISM_FIELDS = (
    "code",
    "kind",
    "name_vi",
    "name_en",
    "acronym",
    "vn_chair",
    "partner_chair",
    "lead_unit",
    "frequency",
    "description",
    "owner_unit",
    "visibility",
)


def _m2m(data):
    return {name: data.get(name) for name in ACCESS_M2M}


def _set_aliases(partner: Partner, aliases) -> bool:
    """aliases: list of (text, language). Returns whether anything changed."""
    if aliases is None:
        return False
    wanted: dict[str, tuple[str, str]] = {}
    for text, language in aliases:
        text = normalize_input(text)
        if text:
            wanted.setdefault(fold_vi(text) + "|" + text, (text, language or "vi"))
    current = {(a.text, a.language) for a in partner.aliases.all()}
    if current == set(wanted.values()):
        return False
    partner.aliases.all().delete()
    PartnerAlias.objects.bulk_create(
        PartnerAlias(partner=partner, text=t, language=lang) for t, lang in wanted.values()
    )
    return True


def _check_parent(partner: Partner):
    seen, node = set(), partner.parent
    while node is not None:
        if node.pk == partner.pk or node.pk in seen:
            raise ValidationError({"parent": _("A partner cannot be its own parent or ancestor.")})
        seen.add(node.pk)
        node = node.parent


def _alias_texts(partner: Partner) -> list[str]:
    return [a.text for a in partner.aliases.all()]


@transaction.atomic
def create_partner(*, actor, data: dict, aliases=None) -> Partner:
    partner = Partner()
    assign(partner, data, PARTNER_FIELDS)
    policy_for(Partner).check(actor, ADD, partner)

    def write_aliases(saved):
        _set_aliases(saved, aliases)
        return {"aliases": _alias_texts(saved)}

    save_new(partner, actor=actor, m2m=_m2m(data), related=write_aliases)
    reindex(partner)
    events.partner_created(partner, actor=actor)
    return partner


@transaction.atomic
def update_partner(
    partner: Partner, *, actor, data: dict, aliases=None, version: int | None = None
) -> Partner:
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    policy_for(Partner).check(actor, CHANGE, partner)
    check_version(partner, version)
    before = snapshot(partner)
    before["aliases"] = _alias_texts(partner)
    changed = assign(partner, data, PARTNER_FIELDS)
    check_new_owner(partner, changed, actor=actor)
    _check_parent(partner)
    aliases_changed = _set_aliases(partner, aliases)
    m2m = _m2m(data)
    if changed or aliases_changed or any(v is not None for v in m2m.values()):
        save_changes(partner, before, actor=actor, m2m=m2m, related=lambda p: {"aliases": _alias_texts(p)})
        reindex(partner)
        if changed & {"name_vi", "name_en", "acronym"}:
            for contact in partner.contacts.all():  # a contact is also found by its partner's names
                reindex(contact)
    return partner


@transaction.atomic
def delete_partner(partner: Partner, *, actor, reason: str = "") -> None:
    policy_for(Partner).check(actor, DELETE, partner)
    delete_audited(partner, actor=actor, reason=reason)


@transaction.atomic
def create_contact(*, actor, partner: Partner, data: dict, positions=None) -> Contact:
    contact = Contact(partner=partner)
    policy_for(Contact).check(actor, ADD, contact)
    assign(contact, data, CONTACT_FIELDS)
    save_new(contact, actor=actor)
    events.contact_added(contact, actor=actor)
    for position in positions or []:
        add_position(contact, actor=actor, data=position)
    return contact


@transaction.atomic
def update_contact(contact: Contact, *, actor, data: dict, version: int | None = None) -> Contact:
    contact = Contact.objects.select_for_update().select_related("partner").get(pk=contact.pk)
    policy_for(Contact).check(actor, CHANGE, contact)
    check_version(contact, version)
    before = snapshot(contact)
    if assign(contact, data, CONTACT_FIELDS):
        save_changes(contact, before, actor=actor)
    return contact


@transaction.atomic
def delete_contact(contact: Contact, *, actor) -> None:
    policy_for(Contact).check(actor, CHANGE, contact)
    delete_audited(contact, actor=actor)


@transaction.atomic
def add_position(contact: Contact, *, actor, data: dict) -> Position:
    policy_for(Contact).check(actor, CHANGE, contact)
    position = Position(contact=contact)
    assign(position, data, POSITION_FIELDS)
    save_new(position, actor=actor)
    reindex(contact)
    events.position_changed(position, actor=actor)
    return position


@transaction.atomic
def update_position(position: Position, *, actor, data: dict) -> Position:
    policy_for(Contact).check(actor, CHANGE, position.contact)
    before = snapshot(position)
    if assign(position, data, POSITION_FIELDS):
        save_changes(position, before, actor=actor)
        reindex(position.contact)
        events.position_changed(position, actor=actor)
    return position


@transaction.atomic
def delete_position(position: Position, *, actor) -> None:
    contact = position.contact
    policy_for(Contact).check(actor, CHANGE, contact)
    delete_audited(position, actor=actor)
    reindex(contact)


@transaction.atomic
def create_mechanism(*, actor, data: dict) -> Mechanism:
    mechanism = Mechanism()
    assign(mechanism, data, MECHANISM_FIELDS)
    policy_for(Mechanism).check(actor, ADD, mechanism)
    return save_new(mechanism, actor=actor, m2m=_m2m(data))


@transaction.atomic
def update_mechanism(mechanism: Mechanism, *, actor, data: dict, version: int | None = None) -> Mechanism:
    mechanism = Mechanism.objects.select_for_update().get(pk=mechanism.pk)
    policy_for(Mechanism).check(actor, CHANGE, mechanism)
    check_version(mechanism, version)
    before = snapshot(mechanism)
    changed = assign(mechanism, data, MECHANISM_FIELDS)
    m2m = _m2m(data)
    if changed or any(v is not None for v in m2m.values()):
        save_changes(mechanism, before, actor=actor, m2m=m2m)
    return mechanism


@transaction.atomic
def delete_mechanism(mechanism: Mechanism, *, actor) -> None:
    policy_for(Mechanism).check(actor, DELETE, mechanism)
    delete_audited(mechanism, actor=actor)


@transaction.atomic
def set_member(mechanism: Mechanism, partner: Partner, *, actor, role: str) -> MechanismMember:
    policy_for(Mechanism).check(actor, CHANGE, mechanism)
    member = MechanismMember.objects.filter(mechanism=mechanism, partner=partner).first()
    if member is None:
        member = save_new(MechanismMember(mechanism=mechanism, partner=partner, role=role), actor=actor)
        events.joined_mechanism(member, actor=actor)
    elif member.role != role:
        before = snapshot(member)
        member.role = role
        save_changes(member, before, actor=actor)
    return member


@transaction.atomic
def remove_member(member: MechanismMember, *, actor) -> None:
    policy_for(Mechanism).check(actor, CHANGE, member.mechanism)
    delete_audited(member, actor=actor)


@transaction.atomic
def add_session(mechanism: Mechanism, *, actor, data: dict) -> MechanismSession:
    policy_for(Mechanism).check(actor, CHANGE, mechanism)
    session = MechanismSession(mechanism=mechanism)
    assign(session, data, ("number", "date", "place", "summary"))
    save_new(session, actor=actor)
    for member in mechanism.memberships.select_related("partner"):
        events.mechanism_session_held(session, member.partner, actor=actor)
    return session
