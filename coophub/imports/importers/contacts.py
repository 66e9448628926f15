"""Contacts and their positions: validation and apply through the partner services."""

import copy

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from coophub.access.policies import CHANGE, VIEW, policy_for
from coophub.core.services import assign
from coophub.partners import services
from coophub.partners.models import Contact, Partner
from coophub.partners.services import CONTACT_FIELDS

from ..parsing import cell_text
from .base import *  # noqa: F403
from .base import MAX_TEXT, Importer, RowPlan, _chunks, _max
from .columns import CONTACT_COLUMNS


class ContactImporter(Importer):
    kind = "contacts"
    columns = CONTACT_COLUMNS
    TEXT = ("native_name", "honorific", "phone")

    def prepare(self, table):
        position = self.index["partner_code"]
        codes = {cell_text(v[position]) for _n, v in table.rows if position < len(v)}
        codes.discard("")
        policy = policy_for(Partner)
        self.partners: dict[str, Partner] = {}
        self.changeable: set[str] = set()
        for chunk in _chunks(codes):
            for partner in policy.scope(self.actor, VIEW).filter(code__in=chunk):
                self.partners[partner.code] = partner
            self.changeable.update(
                policy.scope(self.actor, CHANGE).filter(code__in=chunk).values_list("code", flat=True)
            )
        self.contacts: dict[tuple[int, str], Contact] = {}
        ids = [p.pk for p in self.partners.values()]
        for chunk in _chunks(ids):
            for contact in Contact.objects.filter(partner_id__in=chunk).prefetch_related("positions"):
                self.contacts[(contact.partner_id, contact.full_name)] = contact
        self.seen: dict[tuple[str, str], int] = {}

    def check_row(self, cells):
        code = cells.text("partner_code", 64, required=True)
        full_name = cells.text("full_name", _max(Contact, "full_name"), required=True)
        partner = None
        if code:
            partner = self.partners.get(code)
            if partner is None:
                cells.error("partner_code", _("Unknown partner code “%(code)s”.") % {"code": code})
            elif code not in self.changeable:
                cells.error(
                    "partner_code",
                    _("You may not change the contacts of partner “%(code)s”.") % {"code": code},
                )
        key = (code, full_name)
        if code and full_name:
            if key in self.seen:
                cells.error(
                    "full_name",
                    _(
                        "“%(name)s” of partner “%(code)s” appears more than once in this file "
                        "(first on row %(row)s)."
                    )
                    % {"name": full_name, "code": code, "row": self.seen[key]},
                )
                return None
            self.seen[key] = cells.number
        data = {"full_name": full_name}
        for name in self.TEXT:
            if cells.has(name):
                data[name] = cells.text(name, _max(Contact, name))
        if cells.has("notes"):
            data["notes"] = cells.text("notes", MAX_TEXT)
        if cells.has("email"):
            email = cells.text("email", _max(Contact, "email"))
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    cells.error("email", _("“%(email)s” is not a valid e-mail address.") % {"email": email})
            data["email"] = email
        title = cells.text("position_title", 255) if cells.has("position_title") else ""
        organisation = cells.text("position_organisation", 255) if cells.has("position_organisation") else ""
        start = self.date(cells, "position_start")
        end = self.date(cells, "position_end")
        if not title and (organisation or start or end):
            cells.error("position_title", _("A position needs a title."))
        if start and end and end < start:
            cells.error("position_end", _("The position cannot end before it starts."))
        if cells.errors:
            return None

        existing = self.contacts.get((partner.pk, full_name))
        plan = RowPlan(
            row=cells.number, key=f"{code} · {full_name}", obj=existing, partner=partner, data=data
        )
        candidate = copy.copy(existing) if existing is not None else Contact(partner=partner)
        changed = assign(candidate, data, CONTACT_FIELDS)
        self.clean_candidate(cells, candidate)
        if cells.errors:
            return None
        if title:
            position_data = {
                "title": title,
                "organisation": organisation,
                "start_date": start,
                "end_date": end,
            }
            if existing is None:
                plan.position = ("add", position_data)
            else:
                plan.position = self._position_change(cells, existing, position_data)
                if cells.errors:
                    return None
        if existing is None:
            plan.action = "create"
        else:
            if plan.position:
                changed.add("position")
            plan.action = "update" if changed else "unchanged"
            plan.changes = sorted(changed)
        return plan

    def _position_change(self, cells, contact, wanted):
        same = [
            p
            for p in contact.positions.all()
            if p.title == wanted["title"] and p.organisation == wanted["organisation"]
        ]
        match = next((p for p in same if p.start_date == wanted["start_date"]), None)
        if match is None:
            match = next((p for p in same if wanted["start_date"] is None or p.start_date is None), None)
        if match is None:
            return ("add", wanted)
        update = {}
        if cells.has("position_start") and wanted["start_date"] != match.start_date and wanted["start_date"]:
            update["start_date"] = wanted["start_date"]
        if cells.has("position_end") and wanted["end_date"] != match.end_date:
            update["end_date"] = wanted["end_date"]
        start = update.get("start_date", match.start_date)
        end = update.get("end_date", match.end_date)
        if start and end and end < start:
            cells.error("position_end", _("The position cannot end before it starts."))
        return ("update", match, update) if update else None

    def apply_row(self, plan):
        if plan.action == "create":
            positions = [plan.position[1]] if plan.position else []
            services.create_contact(
                actor=self.actor, partner=plan.partner, data=plan.data, positions=positions
            )
            return
        contact = services.update_contact(plan.obj, actor=self.actor, data=plan.data)
        if plan.position and plan.position[0] == "add":
            services.add_position(contact, actor=self.actor, data=plan.position[1])
        elif plan.position:
            services.update_position(plan.position[1], actor=self.actor, data=plan.position[2])
