"""Typed timeline events of agreements and commitments; they also appear on each party's partner timeline."""

from django.utils.translation import gettext as _

from coophub.timeline.services import add_event, renderer

from .choices import AgreementStatus

AGREEMENT_CREATED = "agreement.created"
AGREEMENT_STATUS = "agreement.status_changed"
AGREEMENT_EXPIRING = "agreement.expiring"
COMMITMENT_CREATED = "commitment.created"
COMMITMENT_PROGRESS = "commitment.progress"


def _partners_of(agreement):
    return [party.partner for party in agreement.parties.select_related("partner")]


def agreement_created(agreement, *, actor):
    add_event(agreement, AGREEMENT_CREATED, actor=actor, title=agreement.title_vi)
    for partner in _partners_of(agreement):
        add_event(partner, AGREEMENT_CREATED, actor=actor, source=agreement, title=agreement.title_vi)


def agreement_status_changed(agreement, transition, *, actor):
    data = {
        "title": agreement.title_vi,
        "old": transition.from_status,
        "new": transition.to_status,
        "basis": transition.basis,
        "on": transition.on.isoformat(),
    }
    add_event(agreement, AGREEMENT_STATUS, actor=actor, **data)
    for partner in _partners_of(agreement):
        add_event(partner, AGREEMENT_STATUS, actor=actor, source=agreement, **data)


def agreement_expiring(agreement, *, days_before: int, days_left: int):
    """The alert due `days_before` the end (90/30/7) went out `days_left` days before it (fewer when late)."""
    add_event(
        agreement,
        AGREEMENT_EXPIRING,
        title=agreement.title_vi,
        alert=days_before,
        days=days_left,
        valid_to=agreement.valid_to.isoformat(),
    )


def commitment_created(commitment, *, actor):
    subjects = [commitment] + ([commitment.agreement] if commitment.agreement_id else [])
    subjects += list(commitment.partners.all())
    for subject in subjects:
        add_event(
            subject,
            COMMITMENT_CREATED,
            actor=actor,
            source=commitment,
            title=commitment.title_vi,
            side=commitment.side,
        )


def progress_logged(entry, *, actor):
    commitment = entry.commitment
    add_event(
        commitment,
        COMMITMENT_PROGRESS,
        actor=actor,
        source=commitment,
        progress=str(commitment.progress),
        completion=commitment.completion,
        comment=entry.comment[:300],
    )


def _date(iso):
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}" if iso else "—"


@renderer(AGREEMENT_CREATED)
def _created(ev):
    return _("Agreement recorded: %(title)s") % ev.data


@renderer(AGREEMENT_STATUS)
def _status(ev):
    return _("%(title)s: %(old)s → %(new)s on %(on)s (basis: %(basis)s)") % {
        **ev.data,
        "old": AgreementStatus(ev.data["old"]).label,
        "new": AgreementStatus(ev.data["new"]).label,
        "on": _date(ev.data.get("on")),
    }


@renderer(AGREEMENT_EXPIRING)
def _expiring(ev):
    return _("%(title)s expires on %(date)s, in %(days)s days") % {
        **ev.data,
        "date": _date(ev.data["valid_to"]),
    }


@renderer(COMMITMENT_CREATED)
def _commitment(ev):
    return _("Commitment recorded: %(title)s") % ev.data


@renderer(COMMITMENT_PROGRESS)
def _progress(ev):
    text = _("Progress %(progress)s%%") % ev.data
    return f"{text}: {ev.data['comment']}" if ev.data.get("comment") else text
