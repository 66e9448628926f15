"""Typed timeline events of partners. Later capabilities add their own constructors in their own events.py."""

from django.utils.translation import gettext as _

from coophub.timeline.services import add_event, renderer

PARTNER_CREATED = "partner.created"
CONTACT_ADDED = "partner.contact_added"
POSITION_CHANGED = "partner.position_changed"
JOINED_MECHANISM = "partner.joined_mechanism"
MECHANISM_SESSION = "partner.mechanism_session"


def partner_created(partner, *, actor):
    return add_event(partner, PARTNER_CREATED, actor=actor, name=partner.name_vi)


def contact_added(contact, *, actor):
    return add_event(contact.partner, CONTACT_ADDED, actor=actor, source=contact, name=contact.full_name)


def position_changed(position, *, actor):
    contact = position.contact
    return add_event(
        contact.partner,
        POSITION_CHANGED,
        actor=actor,
        source=contact,
        name=contact.full_name,
        title=position.label(),
    )


def joined_mechanism(member, *, actor):
    return add_event(
        member.partner,
        JOINED_MECHANISM,
        actor=actor,
        source=member.mechanism,
        mechanism=member.mechanism.name_vi,
        mechanism_en=member.mechanism.name_en,
        role=member.role,
    )


def mechanism_session_held(session, partner, *, actor):
    return add_event(
        partner,
        MECHANISM_SESSION,
        actor=actor,
        source=session.mechanism,
        mechanism=session.mechanism.name_vi,
        number=session.number,
        place=session.place,
        occurred_at=None,
    )


@renderer(PARTNER_CREATED)
def _created(ev):
    return _("Partner record created")


@renderer(CONTACT_ADDED)
def _contact(ev):
    return _("Contact added: %(name)s") % ev.data


@renderer(POSITION_CHANGED)
def _position(ev):
    return _("%(name)s — position recorded: %(title)s") % ev.data


@renderer(JOINED_MECHANISM)
def _joined(ev):
    return _("Joined mechanism: %(mechanism)s") % ev.data


@renderer(MECHANISM_SESSION)
def _session(ev):
    return _("Session of %(mechanism)s held in %(place)s") % {"place": "—", **ev.data}
