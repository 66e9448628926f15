"""Load the demo data set: persona users, real partners, contacts and mechanisms, and the agreements,
commitments and tasks of the Action Plan for Resolutions 59-NQ/TW and 153/NQ-CP (assignments/management).

Idempotent: every record is looked up by its natural key (username, partner code, contact (partner,
full name), mechanism code, session (mechanism, date)); existing records are updated through the services
only where they differ, so a second run writes nothing and adds no audit events. Runs inside one request
context and one transaction.
"""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coophub.accounts.models import Membership, Unit, User
from coophub.agreements.models import Agreement, Commitment
from coophub.assignments.management.load_work import WorkLoader
from coophub.assignments.models import Task
from coophub.audit.context import request_context
from coophub.engagements.management.load_engagements import EngagementLoader
from coophub.partners import services
from coophub.partners.management import demo_data
from coophub.partners.models import Contact, Country, Mechanism, MechanismSession, Partner, Position

# The demo specs give plain values; the related records (country, units, people) are looked up separately.
_RELATED = {"country", "parent", "focal_officer", "owner_unit", "lead_unit"}
PARTNER_DATA_FIELDS = tuple(f for f in services.PARTNER_FIELDS if f not in _RELATED)
MECHANISM_DATA_FIELDS = tuple(f for f in services.MECHANISM_FIELDS if f not in _RELATED)
USER_FIELDS = ("first_name", "last_name", "title", "email")


class Command(BaseCommand):
    help = "Load (or refresh) the demo users, partners, contacts and mechanisms. Safe to run again."

    def handle(self, *args, **options):
        self.stats = Counter()
        with request_context(), transaction.atomic():
            self.units = self._units()
            self.users = self._load_users()
            self.partners = self._load_partners()
            self._load_contacts()
            self._load_mechanisms()
            WorkLoader(
                users=self.users, partners=self.partners, stats=self.stats, password=demo_data.PASSWORD
            ).load()
            EngagementLoader(users=self.users, partners=self.partners, stats=self.stats).load()
        self._report()

    # --- helpers -------------------------------------------------------------------------------------------
    def _units(self) -> dict[str, Unit]:
        wanted = {code for u in demo_data.USERS for code, _role in u["memberships"]}
        wanted |= {p.get("owner", "htqt") for p in demo_data.PARTNERS}
        wanted |= {code for p in demo_data.PARTNERS for code in p.get("allowed_units", [])}
        wanted |= {m.get("owner", "htqt") for m in demo_data.MECHANISMS}
        units = Unit.objects.in_bulk(wanted, field_name="code")
        missing = sorted(wanted - set(units))
        if missing:
            raise CommandError(f"Units missing (run `manage.py migrate` first): {', '.join(missing)}")
        return units

    def _count(self, kind: str, created: bool, changed: bool = False):
        if created:
            self.stats[f"{kind} created"] += 1
        elif changed:
            self.stats[f"{kind} updated"] += 1
        else:
            self.stats[f"{kind} unchanged"] += 1

    # --- users ---------------------------------------------------------------------------------------------
    def _load_users(self) -> dict[str, User]:
        users = {}
        for spec in demo_data.USERS:
            fields = {name: spec.get(name, "") for name in USER_FIELDS}
            fields["email"] = fields["email"] or f"{spec['username']}@example.com"
            flags = {"is_superuser": spec.get("is_superuser", False), "is_staff": spec.get("is_staff", False)}
            user = User.objects.filter(username=spec["username"]).first()
            created = changed = False
            if user is None:
                user = User.objects.create_user(
                    username=spec["username"], password=demo_data.PASSWORD, **fields, **flags
                )
                created = True
            else:
                # An existing account keeps its password; only its demo profile is brought back in line.
                diff = {k: v for k, v in {**fields, **flags}.items() if getattr(user, k) != v}
                if diff:
                    for k, v in diff.items():
                        setattr(user, k, v)
                    user.save(update_fields=list(diff))
                    changed = True
            for index, (code, role) in enumerate(spec["memberships"]):
                _m, new = Membership.objects.get_or_create(
                    user=user, unit=self.units[code], role=role, defaults={"is_primary": index == 0}
                )
                changed = changed or (new and not created)
            self._count("users", created, changed)
            users[spec["username"]] = user
        return users

    # --- partners ------------------------------------------------------------------------------------------
    def _load_partners(self) -> dict[str, Partner]:
        countries = Country.objects.in_bulk(
            {p["country"] for p in demo_data.PARTNERS if p.get("country")}, field_name="iso2"
        )
        partners = dict(Partner.objects.in_bulk([p["code"] for p in demo_data.PARTNERS], field_name="code"))
        for spec in demo_data.PARTNERS:
            actor = self.users[spec.get("actor", "dic_officer")]
            data = {name: spec.get(name, "") for name in PARTNER_DATA_FIELDS}
            data["priority"] = spec.get("priority", "normal")
            data["visibility"] = spec.get("visibility", "ministry")
            if spec.get("country") and spec["country"] not in countries:
                raise CommandError(f"Partner {spec['code']}: unknown country {spec['country']}.")
            data["country"] = countries.get(spec.get("country"))
            data["parent"] = partners[spec["parent"]] if spec.get("parent") else None
            data["focal_officer"] = self.users["dic_officer"] if spec.get("focal") else None
            data["owner_unit"] = self.units[spec.get("owner", "htqt")]
            allowed = [self.units[c] for c in spec.get("allowed_units", [])]
            aliases = spec.get("aliases", [])
            partner = partners.get(spec["code"])
            if partner is None:
                data["allowed_units"] = allowed
                partners[spec["code"]] = services.create_partner(actor=actor, data=data, aliases=aliases)
                self._count("partners", True)
                continue
            if {u.pk for u in partner.allowed_units.all()} != {u.pk for u in allowed}:
                data["allowed_units"] = allowed
            before = partner.version
            partner = services.update_partner(partner, actor=actor, data=data, aliases=aliases)
            partners[spec["code"]] = partner
            self._count("partners", False, partner.version != before)
        return partners

    # --- contacts ------------------------------------------------------------------------------------------
    def _load_contacts(self):
        for partner_code, fields, positions in demo_data.CONTACTS:
            partner = self.partners[partner_code]
            editor = "dic_officer" if partner.owner_unit.code == "htqt" else "unit_focal_point"
            actor = self.users[editor]
            data = {name: fields.get(name, "") for name in services.CONTACT_FIELDS}
            contact = Contact.objects.filter(partner=partner, full_name=data["full_name"]).first()
            if contact is None:
                services.create_contact(actor=actor, partner=partner, data=data, positions=positions)
                self._count("contacts", True)
                self.stats["positions created"] += len(positions)
                continue
            before = contact.version
            contact = services.update_contact(contact, actor=actor, data=data)
            self._count("contacts", False, contact.version != before)
            for spec in positions:
                self._sync_position(contact, spec, actor)

    def _sync_position(self, contact: Contact, spec: dict, actor):
        data = {name: spec.get(name) for name in services.POSITION_FIELDS}
        data["organisation"] = data["organisation"] or ""
        data["is_acting"] = bool(data["is_acting"])
        position = Position.objects.filter(
            contact=contact, title=data["title"], organisation=data["organisation"]
        ).first()
        if position is None:
            services.add_position(contact, actor=actor, data=data)
            self.stats["positions created"] += 1
        elif any(getattr(position, k) != v for k, v in data.items()):
            services.update_position(position, actor=actor, data=data)
            self.stats["positions updated"] += 1

    # --- mechanisms ----------------------------------------------------------------------------------------
    def _load_mechanisms(self):
        actor = self.users["dic_officer"]
        for spec in demo_data.MECHANISMS:
            data = {name: spec.get(name, "") for name in MECHANISM_DATA_FIELDS}
            data["visibility"] = spec.get("visibility", "ministry")
            data["owner_unit"] = self.units[spec.get("owner", "htqt")]
            data["lead_unit"] = data["owner_unit"]
            mechanism = Mechanism.objects.filter(code=spec["code"]).first()
            if mechanism is None:
                mechanism = services.create_mechanism(actor=actor, data=data)
                self._count("mechanisms", True)
            else:
                before = mechanism.version
                mechanism = services.update_mechanism(mechanism, actor=actor, data=data)
                self._count("mechanisms", False, mechanism.version != before)
            for partner_code, role in spec.get("members", []):
                partner = self.partners[partner_code]
                member = mechanism.memberships.filter(partner=partner).first()
                existing = member.role if member else None
                if existing != role:
                    services.set_member(mechanism, partner, actor=actor, role=role)
                    self.stats["mechanism members " + ("created" if existing is None else "updated")] += 1
            for session in spec.get("sessions", []):
                if not MechanismSession.objects.filter(mechanism=mechanism, date=session["date"]).exists():
                    services.add_session(mechanism, actor=actor, data=session)
                    self.stats["sessions created"] += 1

    # --- report --------------------------------------------------------------------------------------------
    def _report(self):
        changes = {k: v for k, v in self.stats.items() if not k.endswith("unchanged")}
        totals = (
            f"users {User.objects.count()}, partners {Partner.objects.count()}, "
            f"contacts {Contact.objects.count()}, mechanisms {Mechanism.objects.count()}, "
            f"countries {Country.objects.count()}, units {Unit.objects.count()}, "
            f"agreements {Agreement.objects.count()}, commitments {Commitment.objects.count()}, "
            f"tasks {Task.objects.count()}"
        )
        if not changes:
            self.stdout.write(self.style.SUCCESS(f"Demo data already loaded — nothing changed. ({totals})"))
            return
        for key in sorted(changes):
            self.stdout.write(f"  {key}: {changes[key]}")
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Totals: {totals}"))
        self.stdout.write(
            f"Sign in as any persona ({', '.join(u['username'] for u in demo_data.USERS)}) "
            f"with password {demo_data.PASSWORD!r}."
        )
