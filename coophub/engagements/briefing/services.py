"""Asking for a briefing pack and building it in the background.

A pack is read as the person who asked for it (every query through their policy scope), so it is theirs alone
(BriefingPackPolicy). The build moves through steps, saving its progress for the page to show; a failure keeps
the error and no file.
"""

import datetime
import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coophub.access.policies import ADD, VIEW, policy_for
from coophub.core.services import save_new
from coophub.core.text import fold_vi
from coophub.partners.models import Partner

from ..choices import BriefingStatus, PackLanguage
from ..models import BriefingPack, Engagement
from . import compose, gather, render_docx, render_pdf
from .talking_points import talking_points

logger = logging.getLogger(__name__)

# step key -> (progress %, what the page says)
STEPS = {
    "queued": (0, gettext_lazy("Waiting for the worker")),
    "gathering": (10, gettext_lazy("Gathering what you may see")),
    "sections": (40, gettext_lazy("Adding the sections of other capabilities")),
    "talking_points": (55, gettext_lazy("Suggesting talking points")),
    "rendering_docx": (70, gettext_lazy("Writing the Word file")),
    "rendering_pdf": (90, gettext_lazy("Writing the PDF")),
    "done": (100, gettext_lazy("Ready")),
    "failed": (0, gettext_lazy("Failed")),
}
BUSY = (BriefingStatus.QUEUED, BriefingStatus.RUNNING)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


class BriefingRefused(Exception):
    """The build cannot go on as its requester (they can no longer see the engagement or partner)."""


def step_label(pack: BriefingPack) -> str:
    return str(STEPS.get(pack.step or "queued", STEPS["queued"])[1])


def visible_packs(user):
    """The packs a user asked for (administrators may open others' by address, but their list is theirs)."""
    return policy_for(BriefingPack).scope(user, VIEW).filter(requested_by_id=user.pk)


def _subject_errors(actor, engagement, partner) -> None:
    if engagement is not None and partner is not None:
        raise ValidationError({"partner": _("Choose an engagement or a partner, not both.")})
    if engagement is None and partner is None:
        raise ValidationError({"engagement": _("Choose the engagement or the partner the pack is for.")})
    if engagement is not None and not policy_for(Engagement).can(actor, VIEW, engagement):
        raise ValidationError({"engagement": _("No such engagement.")})
    if partner is not None and not policy_for(Partner).can(actor, VIEW, partner):
        raise ValidationError({"partner": _("No such partner.")})


@transaction.atomic
def request_briefing(
    *,
    actor,
    engagement: Engagement | None = None,
    partner: Partner | None = None,
    for_date: datetime.date | None,
    language: str,
) -> BriefingPack:
    """Queue a pack for an engagement (the meeting date defaults to its first day) or for a partner and a
    date. The same pack already waiting or being built for the same person is returned instead of a second."""
    from .tasks import build_briefing

    _subject_errors(actor, engagement, partner)
    if language not in PackLanguage.values:
        raise ValidationError({"language": _("Choose Vietnamese or English.")})
    if for_date is None:
        if engagement is None:
            raise ValidationError({"for_date": _("Give the date of the meeting.")})
        for_date = engagement.starts_on
    pack = BriefingPack(
        engagement=engagement, partner=partner, for_date=for_date, language=language, requested_by=actor
    )
    policy_for(BriefingPack).check(actor, ADD, pack)
    pending = BriefingPack.objects.filter(
        requested_by=actor,
        engagement=engagement,
        partner=partner,
        for_date=for_date,
        language=language,
        status__in=BUSY,
    ).first()
    if pending is not None:
        return pending
    pack.step = "queued"
    save_new(pack, actor=actor)
    transaction.on_commit(partial(build_briefing.enqueue, pack.pk))
    return pack


def file_stem(pack: BriefingPack) -> str:
    """An ASCII file name that says what the pack is: "tai-lieu-<subject>-2026-03-12" / "briefing-…"."""
    with translation.override(pack.language):
        subject = str(pack.engagement or pack.partner)
    prefix = "briefing" if pack.language == PackLanguage.EN else "tai-lieu"
    slug = slugify(fold_vi(subject))[:60].strip("-") or "pack"
    return f"{prefix}-{slug}-{pack.for_date:%Y-%m-%d}"


def _step(pack: BriefingPack, key: str) -> None:
    progress = STEPS[key][0]
    BriefingPack.objects.filter(pk=pack.pk).update(step=key, progress=progress)
    pack.step, pack.progress = key, progress


def _check_still_visible(pack: BriefingPack) -> None:
    user = pack.requested_by
    if pack.engagement_id and not policy_for(Engagement).can(user, VIEW, pack.engagement):
        raise BriefingRefused(_("You can no longer see this engagement."))
    if pack.partner_id and not policy_for(Partner).can(user, VIEW, pack.partner):
        raise BriefingRefused(_("You can no longer see this partner."))


def _render(pack: BriefingPack) -> tuple[bytes, bytes]:
    today = timezone.localdate()
    with translation.override(pack.language):
        _step(pack, "gathering")
        _check_still_visible(pack)
        facts = gather.gather(
            pack.requested_by,
            engagement=pack.engagement,
            partner=pack.partner,
            for_date=pack.for_date,
            language=pack.language,
            today=today,
        )
        _step(pack, "sections")
        gather.gather_registered(facts)
        _step(pack, "talking_points")
        points = talking_points(facts)
        now = timezone.localtime()
        document = compose.document(facts, points, now)
        _step(pack, "rendering_docx")
        docx = render_docx.render(document, now)
        _step(pack, "rendering_pdf")
        pdf = render_pdf.render(document, now)
    return docx, pdf


def build_pack(pack_id: int) -> BriefingPack | None:
    """Build one pack (in the worker). Both files are written only once both are rendered; on any failure the
    pack says why and refers to no file."""
    claimed = BriefingPack.objects.filter(pk=pack_id, status=BriefingStatus.QUEUED).update(
        status=BriefingStatus.RUNNING
    )
    pack = (
        BriefingPack.objects.select_related("engagement", "partner", "requested_by")
        .filter(pk=pack_id)
        .first()
    )
    if pack is None or not claimed:
        return pack
    stored = []
    try:
        docx, pdf = _render(pack)
        stem = file_stem(pack)
        pack.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        stored.append(pack.docx.name)
        pack.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        stored.append(pack.pdf.name)
        pack.status, pack.progress, pack.step = BriefingStatus.DONE, 100, "done"
        pack.error, pack.finished_at = "", timezone.now()
        pack.save(update_fields=["docx", "pdf", "status", "progress", "step", "error", "finished_at"])
    except Exception as exc:  # stored for the page to show; the worker's log has the traceback
        logger.exception("briefing pack %s failed", pack_id)
        storage = BriefingPack._meta.get_field("docx").storage
        for name in stored:
            storage.delete(name)
        pack.docx, pack.pdf = "", ""
        pack.status, pack.step = BriefingStatus.FAILED, "failed"
        pack.error = (str(exc) if isinstance(exc, BriefingRefused) else f"{type(exc).__name__}: {exc}")[:2000]
        pack.finished_at = timezone.now()
        BriefingPack.objects.filter(pk=pack.pk).update(
            docx="",
            pdf="",
            status=pack.status,
            step=pack.step,
            error=pack.error,
            finished_at=pack.finished_at,
        )
    return pack
