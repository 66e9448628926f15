"""Partners: validation of each row (the dry run) and applying the plan through the partner services."""

import copy

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coophub.core.models import Visibility
from coophub.core.services import assign
from coophub.core.text import fold_vi, normalize_input
from coophub.partners import services
from coophub.partners.choices import AliasLanguage, PartnerKind, Priority
from coophub.partners.models import Country, Partner
from coophub.partners.services import PARTNER_FIELDS

from ..parsing import cell_text
from .base import *  # noqa: F403
from .base import MAX_TEXT, RowPlan, _choices, _max, header_key
from .columns import FIELD_TO_COLUMN, PARTNER_COLUMNS
from .domain import DomainImporter


class PartnerImporter(DomainImporter):
    kind = "partners"
    columns = PARTNER_COLUMNS
    field_to_column = FIELD_TO_COLUMN
    model = Partner
    locked_message = gettext_lazy("A partner with code “%(code)s” already exists and you may not change it.")
    owner_message = gettext_lazy("You may not create or give partners to the unit “%(unit)s”.")
    TEXT = ("name_en", "name_native", "acronym", "phone", "address")

    def prepare(self, table):
        codes = {cell_text(v[self.index["code"]]) for _n, v in table.rows if self.index["code"] < len(v)}
        parent_codes = set()
        if "parent_code" in self.index:
            parent_codes = {
                cell_text(v[self.index["parent_code"]])
                for _n, v in table.rows
                if self.index["parent_code"] < len(v)
            }
        codes.discard("")
        parent_codes.discard("")
        self.load_existing(codes, Partner.objects.select_related("parent").prefetch_related("aliases"))
        self.visible: dict[str, Partner] = self.visible_by_code(Partner, parent_codes | codes)
        self.countries = list(Country.objects.all())
        self.country_codes = {}
        self.country_names = {}
        for country in self.countries:
            self.country_codes[country.iso2.upper()] = country
            self.country_codes[country.iso3.upper()] = country
        for country in self.countries:  # official names win over variants shared by several countries
            for variant in country.variant_list:
                self.country_names.setdefault(fold_vi(variant), country)
        for country in self.countries:
            self.country_names[fold_vi(country.name_en)] = country
            self.country_names[fold_vi(country.name_vi)] = country
        self.load_units()
        self.primary_unit = self.actor.primary_unit
        self.kinds = _choices(PartnerKind)
        self.priorities = _choices(Priority)
        self.visibilities = _choices(Visibility)
        self.languages = _choices(AliasLanguage)
        self.file_rows: dict[str, int] = {}  # code -> first row
        self.created_codes: set[str] = set()
        self.planned_parent: dict[str, str | None] = {}
        self.all_codes_in_file = codes

    def _country(self, cells):
        value = cells.text("country")
        if not value:
            return None
        country = self.country_codes.get(value.upper()) if len(value) in (2, 3) else None
        country = country or self.country_names.get(fold_vi(value))
        if country is None:
            if len(value) in (2, 3) and value.isalpha():
                cells.error("country", _("Unknown country code “%(code)s”.") % {"code": value})
            else:
                cells.error("country", _("Unknown country “%(name)s”.") % {"name": value})
        return country

    def _aliases(self, cells):
        out = []
        for part in cells.text("aliases", MAX_TEXT).split(";"):
            text, _sep, language = part.partition("|")
            text = normalize_input(text)
            if not text:
                continue
            lang = self.languages.get(header_key(language), None) if language.strip() else "vi"
            if lang is None:
                cells.error(
                    "aliases",
                    _("Unknown language “%(lang)s” for alias “%(text)s” (use vi, en or native).")
                    % {"lang": language.strip(), "text": text},
                )
                continue
            if len(text) > 255:
                cells.error(
                    "aliases", _("The alias “%(text)s…” is longer than 255 characters.") % {"text": text[:30]}
                )
                continue
            out.append((text, lang))
        return out

    def check_row(self, cells):
        code = self.row_code(cells)
        if code is None:
            return None
        existing = self.existing.get(code)
        data: dict = {"code": code}
        kind = self.choice(cells, "kind", self.kinds, required=True)
        if kind:
            data["kind"] = kind
        data["name_vi"] = cells.text("name_vi", _max(Partner, "name_vi"), required=True)
        for name in self.TEXT:
            if cells.has(name):
                data[name] = cells.text(name, _max(Partner, name))
        if cells.has("description"):
            data["description"] = cells.text("description", MAX_TEXT)
        if cells.has("country"):
            data["country"] = self._country(cells)
        if cells.has("email"):
            email = cells.text("email", _max(Partner, "email"))
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    cells.error("email", _("“%(email)s” is not a valid e-mail address.") % {"email": email})
            data["email"] = email
        if cells.has("website"):
            website = cells.text("website", _max(Partner, "website"))
            if website and "://" not in website:
                website = "https://" + website
            if website:
                try:
                    URLValidator()(website)
                except ValidationError:
                    cells.error("website", _("“%(url)s” is not a valid web address.") % {"url": website})
            data["website"] = website
        for name, table, default in (
            ("priority", self.priorities, Priority.NORMAL),
            ("visibility", self.visibilities, Visibility.MINISTRY),
        ):
            value = self.choice(cells, name, table) if cells.has(name) else None
            if value:
                data[name] = value
            elif existing is None:
                data[name] = default
        self.owner_unit(cells, data, existing, lambda: self.primary_unit)
        aliases = self._aliases(cells) if cells.has("aliases") else None

        plan = RowPlan(row=cells.number, key=code, obj=existing, aliases=aliases)
        parent_code = cells.text("parent_code") if cells.has("parent_code") else None
        if cells.has("parent_code"):
            if not parent_code:
                data["parent"] = None
            elif parent_code == code:
                cells.error("parent_code", _("A partner cannot be its own parent."))
            elif parent_code in self.created_codes:
                plan.parent_code = parent_code
            elif parent_code in self.visible:
                data["parent"] = self.visible[parent_code]
            elif parent_code in self.file_rows:
                cells.error(
                    "parent_code",
                    _("The parent “%(code)s” (row %(row)s) has errors; fix that row first.")
                    % {"code": parent_code, "row": self.file_rows[parent_code]},
                )
            elif parent_code in self.all_codes_in_file:
                cells.error(
                    "parent_code",
                    _("The parent “%(code)s” must be on an earlier row than its children.")
                    % {"code": parent_code},
                )
            else:
                cells.error("parent_code", _("Unknown partner code “%(code)s”.") % {"code": parent_code})
            if code and parent_code and self.creates_cycle(code, parent_code, self.planned_parent):
                cells.error("parent_code", _("A partner cannot be its own parent or ancestor."))
        if code:
            self.planned_parent[code] = (
                parent_code
                if cells.has("parent_code")
                else (existing.parent.code if existing is not None and existing.parent_id else None)
            )

        self.check_owner(cells, data, existing)
        if cells.errors:
            return None

        candidate = copy.copy(existing) if existing is not None else Partner()
        changed = assign(candidate, data, PARTNER_FIELDS)
        self.clean_candidate(cells, candidate, exclude=["parent"] if plan.parent_code else ())
        if cells.errors:
            return None
        if plan.parent_code:
            changed.add("parent")
        if existing is None:
            self.created_codes.add(code)
        elif aliases is not None and self._aliases_differ(existing, aliases):
            changed.add("aliases")
        return self.finish(plan, data, changed)

    @staticmethod
    def _aliases_differ(partner, aliases) -> bool:
        wanted = {}
        for text, language in aliases:
            wanted.setdefault(fold_vi(text) + "|" + text, (text, language or "vi"))
        return {(a.text, a.language) for a in partner.aliases.all()} != set(wanted.values())

    def apply_row(self, plan):
        data = dict(plan.data)
        if plan.parent_code:
            data["parent"] = self.created.get(plan.parent_code) or Partner.objects.get(code=plan.parent_code)
        if plan.action == "create":
            self.created[plan.key] = services.create_partner(
                actor=self.actor, data=data, aliases=plan.aliases
            )
        else:
            services.update_partner(plan.obj, actor=self.actor, data=data, aliases=plan.aliases)


# Contacts -----------------------------------------------------------------------------------------
