"""The gathered facts laid out as the pack's document: the cover, a section per subject, the talking points.

Call with the pack's language active: every label and every name is read in it. Dates are dd/mm/yyyy and
numbers Vietnamese-style in both languages, as the Ministry writes them.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coophub.access.policies import VIEW, policy_for
from coophub.agreements.choices import Side, Track
from coophub.core.dates import format_dmy
from coophub.partners.models import Mechanism, Partner
from coophub.reports.numbers import format_vi_percent

from ..choices import Mode
from .content import Bullets, Document, Fields, Paragraph, Section, Subheading, Table
from .cover import cover, dates, is_english, leader_line, lines, place, times, truncate
from .gather import EXPIRY_WARNING_DAYS, Facts
from .sections import TalkingPoint

OUTCOME_CHARS = 300  # an outcome longer than this is shortened in the history table


# 1. The engagement ----------------------------------------------------------------------------------------


def _engagement_section(facts: Facts) -> Section:
    engagement = facts.engagement
    if engagement is None:
        return Section(
            _("The meeting"),
            [
                Fields([(_("Partner"), str(facts.partner)), (_("Meeting date"), format_dmy(facts.for_date))]),
                Paragraph(
                    _("No engagement record was chosen; this pack gathers what is known about the partner."),
                    italic=True,
                ),
            ],
            key="engagement",
        )
    english = is_english(facts)
    mechanism = ""
    if engagement.mechanism_id:
        found = policy_for(Mechanism).scope(facts.user, VIEW).filter(pk=engagement.mechanism_id).first()
        mechanism = str(found) if found else ""
    rows = [
        (_("Title"), str(engagement)),
        (_("Type"), f"{engagement.get_kind_display()} · {engagement.get_level_display()}"),
        (_("Date"), dates(engagement.starts_on, engagement.ends_on)),
        (_("Time"), times(engagement)),
        (_("Place"), place(engagement)),
        (_("Mode"), engagement.get_mode_display() if engagement.mode != Mode.IN_PERSON else ""),
        (_("Mechanism"), mechanism),
        (_("Topics"), "; ".join(engagement.topic_labels())),
        (_("Lead unit"), str(engagement.lead_unit or "")),
    ]
    blocks = [Fields([(label, value) for label, value in rows if value])]
    vn = []
    leader = leader_line(engagement, english)
    if leader:
        vn.append(_("%(person)s — head of delegation") % {"person": leader})
    for p in engagement.vn_participants.select_related("official", "unit"):
        if p.official_id and p.official_id == engagement.leader_id:
            continue
        name = p.name or (p.official.full_name if p.official_id else "")
        who = ", ".join(str(x) for x in (name, p.title, p.unit or p.organisation) if x)
        vn.append(f"{who} — {p.get_role_display().lower()}")
    blocks += [Subheading(_("Viet Nam's side")), Bullets(vn) if vn else Paragraph(_("Not recorded yet."))]
    others = []
    for p in engagement.partner_participants.select_related("country"):
        title = p.title
        if title and p.is_acting:
            title = f"{_('acting')} {title}"
        if title and p.is_former:
            title = f"{_('former')} {title}"
        others.append(", ".join(str(x) for x in (p.name, title, p.organisation, p.country) if x))
    blocks += [
        Subheading(_("The partner's side")),
        Bullets(others) if others else Paragraph(_("Not recorded yet.")),
    ]
    if engagement.summary.strip():
        blocks += [Subheading(_("Purpose and summary")), Paragraph(engagement.summary.strip())]
    outcomes = [f"{o.get_kind_display()}: {o.text.strip()}" for o in engagement.outcomes.all()]
    if outcomes:
        blocks += [Subheading(_("Outcomes recorded")), Bullets(outcomes)]
    return Section(_("The engagement"), blocks, key="engagement")


# 2. Partner profile ---------------------------------------------------------------------------------------


def _contact_rows(contacts) -> list[list[str]]:
    rows = []
    for contact in contacts:
        positions = list(contact.positions.all())
        current = contact.current_position
        earlier = [p.label() for p in positions if p is not current]
        title = lines(
            current.label() if current else "—",
            _("Earlier: %(titles)s") % {"titles": "; ".join(earlier)} if earlier else "",
        )
        name = f"{contact} ({contact.native_name})" if contact.native_name else str(contact)
        rows.append([name, title, lines(contact.email, contact.phone) or "—"])
    return rows


def _profile_section(facts: Facts) -> Section:
    visible = policy_for(Partner).scope(facts.user, VIEW)
    blocks = []
    if not facts.partners:
        blocks.append(Paragraph(_("No partner you may see is recorded for this engagement.")))
    for partner in facts.partners:
        parent = visible.filter(pk=partner.parent_id).first() if partner.parent_id else None
        focal = partner.focal_officer
        rows = [
            (_("Type"), partner.get_kind_display()),
            (_("Name (native)"), partner.name_native),
            (_("Country"), str(partner.country or "")),
            (_("Parent organisation"), str(parent or "")),
            (_("Priority"), partner.get_priority_display()),
            (_("DIC focal officer"), ", ".join(x for x in (str(focal), focal.title) if x) if focal else ""),
            (_("Website"), partner.website),
        ]
        blocks += [Subheading(str(partner)), Fields([(k, v) for k, v in rows if v])]
        if partner.description.strip():
            blocks.append(Paragraph(partner.description.strip()))
        contacts = facts.contacts.get(partner.pk, [])
        if contacts:
            blocks.append(
                Table(
                    header=[_("Contact"), _("Title"), _("Contact details")],
                    rows=_contact_rows(contacts),
                    widths_cm=[4.6, 7.4, 4.5],
                )
            )
        else:
            blocks.append(Paragraph(_("No contacts recorded."), italic=True))
    return Section(_("Partner profile"), blocks, key="profile")


# 3. History -----------------------------------------------------------------------------------------------


def _history_section(facts: Facts) -> Section:
    if not facts.history:
        return Section(
            _("History of engagements"),
            [Paragraph(_("No earlier engagement with this partner or country is recorded."), italic=True)],
            key="history",
        )
    rows = []
    english = is_english(facts)
    for e in facts.history:
        outcomes = [f"• {o.get_kind_display()}: {truncate(o.text, OUTCOME_CHARS)}" for o in e.outcomes.all()]
        rows.append(
            [
                dates(e.starts_on, e.ends_on),
                lines(str(e), e.get_kind_display(), ", ".join(str(p) for p in e.partners.all())),
                leader_line(e, english) or "—",
                "\n".join(outcomes) or "—",
            ]
        )
    table = Table(
        header=[_("Date"), _("Engagement"), _("Led by"), _("Outcomes")],
        rows=rows,
        widths_cm=[2.4, 5.0, 3.2, 5.9],
    )
    note = ngettext(
        "The last engagement with the partner or its country.",
        "The last %(count)s engagements with the partner or its country, newest first.",
        len(rows),
    ) % {"count": len(rows)}
    return Section(_("History of engagements"), [Paragraph(note, italic=True), table], key="history")


# 4. Agreements --------------------------------------------------------------------------------------------


def _validity(agreement) -> str:
    if agreement.valid_to is None:
        return _("open-ended")
    if not agreement.expiring:
        return format_dmy(agreement.valid_to)
    if agreement.days_left < 0:
        return lines(format_dmy(agreement.valid_to), _("validity ended"))
    return lines(
        format_dmy(agreement.valid_to),
        _("expires %(days)s days after the meeting") % {"days": agreement.days_left},
    )


def _agreements_section(facts: Facts) -> Section:
    if not facts.agreements:
        return Section(
            _("Agreements in force"),
            [Paragraph(_("No agreement in force with the partner or its country is recorded."), italic=True)],
            key="agreements",
        )
    rows, flagged = [], set()
    for index, a in enumerate(facts.agreements):
        if a.expiring:
            flagged.add(index)
        rows.append(
            [
                lines(str(a), a.get_kind_display(), a.document_number),
                lines(*(p.partner for p in a.parties.all())) or "—",
                format_dmy(a.signed_on) or "—",
                _validity(a),
                a.get_status_display(),
            ]
        )
    table = Table(
        header=[_("Agreement"), _("Parties"), _("Signed"), _("Valid until"), _("Status")],
        rows=rows,
        widths_cm=[5.8, 3.8, 2.2, 2.6, 2.1],
        bold_rows=frozenset(flagged),
    )
    blocks = [table]
    if flagged:
        blocks.append(
            Paragraph(
                _("In bold: validity ends within %(days)s days of the meeting (%(date)s).")
                % {"days": EXPIRY_WARNING_DAYS, "date": format_dmy(facts.for_date)},
                italic=True,
            )
        )
    return Section(_("Agreements in force"), blocks, key="agreements")


# 5. Open commitments --------------------------------------------------------------------------------------


def _track_text(c) -> str:
    label = str(Track(c.track).label)
    if c.quiet and c.track != Track.BEHIND:
        label = lines(label, _("no news for 90 days"))
    return label


def _commitment_rows(commitments) -> tuple[list[list[str]], frozenset[int]]:
    rows, flagged = [], set()
    for index, c in enumerate(commitments):
        if c.track == Track.BEHIND:
            flagged.add(index)
        rows.append(
            [
                lines(str(c), c.agreement or ""),
                lines(c.lead_unit or "", c.focal_person or "") or "—",
                format_vi_percent(c.progress, 0),
                c.get_completion_display(),
                _track_text(c),
                format_dmy(c.due_on) or "—",
            ]
        )
    return rows, frozenset(flagged)


def _commitments_section(facts: Facts) -> Section:
    groups = (
        (Side.VN, _("Viet Nam's commitments")),
        (Side.PARTNER, _("The partner's commitments")),
        (Side.BOTH, _("Joint commitments")),
    )
    blocks = []
    for side, title in groups:
        items = [c for c in facts.commitments if c.side == side]
        if not items:
            continue
        rows, flagged = _commitment_rows(items)
        blocks += [
            Subheading(title),
            Table(
                header=[
                    _("Commitment"),
                    _("Lead unit / focal person"),
                    _("Progress"),
                    _("Completion"),
                    _("Status"),
                    _("Due"),
                ],
                rows=rows,
                widths_cm=[5.0, 3.3, 1.8, 2.2, 2.0, 2.2],
                numeric=(2,),
                bold_rows=flagged,
            ),
        ]
    if not blocks:
        blocks.append(
            Paragraph(_("No open commitment with the partner or its country is recorded."), italic=True)
        )
    else:
        blocks.append(
            Paragraph(
                _("Progress and status as of %(date)s; in bold: behind.") % {"date": format_dmy(facts.today)},
                italic=True,
            )
        )
    return Section(_("Open commitments"), blocks, key="commitments")


# 6. Late tasks --------------------------------------------------------------------------------------------


def _tasks_section(facts: Facts) -> Section:
    if not facts.late_tasks:
        return Section(
            _("Late tasks"),
            [Paragraph(_("No task related to the partner or its country is overdue."), italic=True)],
            key="tasks",
        )
    rows = [
        [t.title, str(t.lead_unit), str(t.focal_person), format_dmy(t.due_on), str(t.days_overdue)]
        for t in facts.late_tasks
    ]
    return Section(
        _("Late tasks"),
        [
            Paragraph(
                _("Overdue on %(date)s, with the unit and the person accountable.")
                % {"date": format_dmy(facts.today)},
                italic=True,
            ),
            Table(
                header=[_("Task"), _("Lead unit"), _("Focal person"), _("Due"), _("Days overdue")],
                rows=rows,
                widths_cm=[6.0, 3.7, 2.9, 2.0, 1.9],
                numeric=(4,),
            ),
        ],
        key="tasks",
    )


# 8. Talking points ----------------------------------------------------------------------------------------


def _talking_points_section(points: list[TalkingPoint]) -> Section:
    said = [p.text for p in points if not p.internal]
    internal = [p.text for p in points if p.internal]
    blocks = []
    if said:
        blocks += [Subheading(_("To raise with the partner")), Bullets(said)]
    if internal:
        blocks += [Subheading(_("Internal notes — not for saying to the partner")), Bullets(internal)]
    if not blocks:
        blocks.append(Paragraph(_("No open item suggests a talking point."), italic=True))
    return Section(_("Suggested talking points"), blocks, key="talking_points")


def document(facts: Facts, points: list[TalkingPoint], now: datetime.datetime) -> Document:
    sections = [
        _engagement_section(facts),
        _profile_section(facts),
        _history_section(facts),
        _agreements_section(facts),
        _commitments_section(facts),
        _tasks_section(facts),
    ]
    for key, title, content in facts.extra:
        blocks = list(content.blocks) or [Paragraph(_("Nothing to report."), italic=True)]
        sections.append(Section(title, blocks, key=key))
    sections.append(_talking_points_section(points))
    front = cover(facts, now)
    return Document(
        language=facts.language,
        title=f"{front.heading} — {front.subtitle}",
        cover=front,
        sections=sections,
        footer=f"{front.marking} · {front.subtitle}",
    )
