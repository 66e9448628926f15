"""Load the demo agreements, commitments and tasks (demo_work.py) through the services.

Create-only by natural key (code): work in progress moves on once loaded, so a second run leaves existing
records alone and writes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from coophub.accounts.models import Membership, Unit, User
from coophub.agreements import services as agreement_services
from coophub.agreements.models import Agreement, Commitment
from coophub.assignments import services as task_services
from coophub.assignments.models import Task

from . import demo_work


def _day(today, offset):
    return today + datetime.timedelta(days=offset) if offset is not None else None


def _next_15th(today):
    month = today.replace(day=15)
    if month > today:
        return month
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=15)


class WorkLoader:
    def __init__(self, *, users: dict, partners: dict, stats, password: str):
        self.today = timezone.localdate()
        self.users = dict(users)
        self.partners = partners
        self.stats = stats
        self.password = password
        self.units = Unit.objects.in_bulk(field_name="code")

    def load(self):
        self._users()
        self._agreements()
        self._commitments()
        self._tasks()
        self._sweep()

    def _users(self):
        for username, first, last, title, unit, role in demo_work.WORK_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    password=self.password,
                    first_name=first,
                    last_name=last,
                    title=title,
                    email=f"{username}@example.com",
                )
                Membership.objects.create(user=user, unit=self.units[unit], role=role, is_primary=True)
                self.stats["users created"] += 1
            self.users[username] = user

    def _agreements(self):
        for spec in demo_work.AGREEMENTS:
            if Agreement.objects.filter(code=spec["code"]).exists():
                self.stats["agreements unchanged"] += 1
                continue
            t = self.today
            data = {
                k: spec.get(k, "")
                for k in ("code", "kind", "level", "title_vi", "title_en", "document_number", "vn_signatory")
            }
            data.update(
                status=spec["status"],
                signed_on=_day(t, spec.get("signed")),
                signed_place=spec.get("signed_place", "Hà Nội"),
                valid_from=_day(t, spec.get("valid_from")),
                valid_to=_day(t, spec.get("valid_to")),
                auto_renew=spec.get("auto_renew", False),
                renewal_months=spec.get("renewal_months"),
                summary=spec.get("summary", ""),
                lead_unit=self.units[spec["lead_unit"]],
                owner_unit=self.units[spec.get("owner", "htqt")],
                visibility=spec.get("visibility", "ministry"),
                units=[self.units[c] for c in spec.get("units", [])],
            )
            parties = [(self.partners[code], role) for code, role in spec.get("parties", [])]
            actor = self.users[spec.get("actor", "dic_officer")]
            agreement_services.create_agreement(actor=actor, data=data, parties=parties)
            self.stats["agreements created"] += 1

    def _commitment(self, spec, *, agreement, parent=None):
        if Commitment.objects.filter(code=spec["code"]).exists():
            self.stats["commitments unchanged"] += 1
            return
        t = self.today
        data = {
            "code": spec["code"],
            "kind": "milestone" if parent else "commitment",
            "agreement": agreement,
            "parent": parent,
            "source": "action_plan" if agreement.kind == "action_plan" else "agreement",
            "title_vi": spec["title_vi"],
            "title_en": spec.get("title_en", ""),
            "side": spec.get("side", "vn"),
            "lead_unit": self.units[spec.get("lead_unit", parent.lead_unit.code if parent else "htqt")],
            "focal_person": self.users[spec["focal"]]
            if spec.get("focal")
            else (parent and parent.focal_person),
            "weight": Decimal(spec.get("weight", 1)),
            "start_on": _day(t, spec.get("start")),
            "due_on": _day(t, spec.get("due")),
            "owner_unit": self.units[spec.get("owner", "htqt")],
            "visibility": spec.get("visibility", "ministry"),
            "partners": [self.partners[c] for c in spec.get("partners", [])],
        }
        actor = self.users[spec.get("actor", "dic_officer")]
        commitment = agreement_services.create_commitment(actor=actor, data=data)
        self.stats["commitments created"] += 1
        for child in spec.get("milestones", []):
            self._commitment(child, agreement=agreement, parent=commitment)
        for offset, value, comment in spec.get("log", []):
            level = value if isinstance(value, str) else ""
            agreement_services.log_progress(
                commitment,
                actor=actor,
                on=_day(t, offset),
                value=None if level else Decimal(value),
                completion=level,
                comment=comment,
            )

    def _commitments(self):
        for spec in demo_work.COMMITMENTS:
            self._commitment(spec, agreement=Agreement.objects.get(code=spec["agreement"]))

    def _tasks(self):
        t = self.today
        for spec in demo_work.TASKS:
            if Task.objects.filter(code=spec["code"]).exists():
                self.stats["tasks unchanged"] += 1
                continue
            assigner = self.users[spec.get("actor", "dic_director")]
            focal = self.users[spec["focal"]]
            due = _next_15th(t) if spec["due"] == "next15" else _day(t, spec["due"])
            data = {
                "code": spec["code"],
                "title": spec["title"],
                "source": "commitment" if spec.get("commitment") else "document",
                "source_document": spec.get("source_document", ""),
                "source_document_date": _day(t, spec["assigned"]) if spec.get("source_document") else None,
                "commitment": Commitment.objects.get(code=spec["commitment"])
                if spec.get("commitment")
                else None,
                "partner": self.partners[spec["partner"]] if spec.get("partner") else None,
                "lead_unit": self.units[spec["lead_unit"]],
                "focal_person": focal,
                "assigned_on": _day(t, spec["assigned"]),
                "due_on": due,
                "priority": spec.get("priority", "normal"),
                "recurrence": spec.get("recurrence", ""),
                "recurrence_day": spec.get("recurrence_day"),
                "owner_unit": self.units[spec.get("owner", "htqt")],
                "visibility": spec.get("visibility", "ministry"),
            }
            coordinators = [{"unit": self.units[c], "part": part} for c, part in spec.get("coordinators", [])]
            task = task_services.create_task(actor=assigner, data=data, coordinators=coordinators)
            self.stats["tasks created"] += 1
            for offset, percent, text in spec.get("reports", []):
                task_services.add_progress_report(
                    task, actor=focal, text=text, percent_done=percent, on=_day(t, offset)
                )
            if spec.get("extension"):
                _asked, proposed, reason, decision = spec["extension"]
                ext = task_services.request_extension(
                    task,
                    actor=focal,
                    proposed_due=max(_day(t, proposed), due + datetime.timedelta(days=1)),
                    reason=reason,
                )
                if decision != "pending":
                    task_services.decide_extension(
                        ext,
                        actor=assigner,
                        approve=decision == "approved",
                        note="Đề nghị hoàn thành đúng hạn",
                    )
            for offset, status, reason in spec.get("steps", []):
                actor = assigner if status == "completed" else focal
                task = task_services.transition_task(
                    task,
                    actor=actor,
                    to=status,
                    reason=reason,
                    on=_day(t, offset) if status == "completed" else None,
                )

    def _sweep(self):
        """Send the reminders and escalations that are due now, as the sweep would have."""
        from coophub.scheduler.sweep import sweep

        result = sweep()
        for key, count in (("reminders sent", result.sent), ("escalations sent", result.escalated)):
            if count:
                self.stats[key] += count
