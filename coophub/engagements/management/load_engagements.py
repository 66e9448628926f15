"""Load the demo officials and engagements (demo_engagements.py) through the engagement services.

Create-only by natural key (Engagement.code), like the work loader: a recorded engagement moves on once
loaded, so a second run leaves it alone and writes nothing. Officials are matched by (full name, title) and
brought back in line (services_officials) only where they differ. The generated records come from one
random.Random(SEED) consumed in the same order on every run, so a code always stands for the same record.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from coophub.accounts.models import Unit, User
from coophub.agreements.models import Agreement
from coophub.engagements import followup, logistics, services, services_officials
from coophub.engagements.models import ConferenceRequest, DelegationPlan, Engagement, Official, Topic
from coophub.partners.models import Contact, Country, Mechanism

from . import demo_engagements as demo

D = datetime.date
DAY = datetime.timedelta(days=1)
HQ = "Trụ sở Bộ Nông nghiệp và Môi trường"
TEXT_FIELDS = ("title_vi", "title_en", "city", "venue", "other_topics", "summary", "source_text")
GIFT_FIELDS = ("direction", "description", "counterpart", "value", "handling")
WORKING_TITLES = {
    "courtesy_call": ("{leader} tiếp {who}", "{leader} receives {who}"),
    "working_session": ("{leader} làm việc với {who}", "{leader} holds a working session with {who}"),
    "bilateral_talks": ("{leader} hội đàm với {who}", "{leader} holds talks with {who}"),
}
# Multilateral events whose name says they are a conference or forum rather than a meeting.
CONFERENCE_WORDS = (
    "Diễn đàn",
    "Tuần lễ",
    "Đại hội",
    "Hội nghị quốc tế",
    "Hội nghị thượng đỉnh",
    "Hội nghị Liên",
)


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += DAY
    return day


def _the(name: str) -> str:
    return f"the {name}" if name.startswith(("Republic", "United", "Netherlands", "Russian", "Lao")) else name


class EngagementLoader:
    def __init__(self, *, users: dict, partners: dict, stats):
        self.today = timezone.localdate()
        self.users = dict(users)
        self.partners = partners
        self.stats = stats
        self.units = Unit.objects.in_bulk(field_name="code")
        self.countries = Country.objects.in_bulk(field_name="iso2")
        self.topics = Topic.objects.in_bulk(field_name="code")
        self.mechanisms = Mechanism.objects.in_bulk(field_name="code")
        self.existing = set(Engagement.objects.exclude(code=None).values_list("code", flat=True))
        self.officials: dict[str, Official] = {}
        self.short: dict[str, tuple[str, str]] = {}

    def user(self, username: str) -> User:
        if username not in self.users:
            self.users[username] = User.objects.get(username=username)
        return self.users[username]

    def load(self):
        self._officials()
        rng = random.Random(demo.SEED)
        specs = [
            *self._visits(rng, 2025, demo.VISITS_2025),
            *self._multilateral(rng, 2025, demo.MULTILATERAL_2025),
            *self._working(rng, 2025, demo.WORKING_2025, D(2025, 1, 6), 347),
            *self._conferences(rng, 2025, demo.CONFERENCES_2025),
            *[self._fixed(rng, spec) for spec in demo.FIXED_2025],
            *self._visits(rng, 2026, demo.VISITS_2026),
            *self._multilateral(rng, 2026, demo.MULTILATERAL_2026),
            *self._working(rng, 2026, demo.WORKING_2026, D(2026, 1, 5), 318),
            *self._conferences(rng, 2026, demo.CONFERENCES_2026),
            *self._signings(rng),
        ]
        for spec in specs:
            self._engagement(spec)
        self._founding_example()
        self._upcoming()
        self._gifts()
        self._sweep()

    # --- officials -----------------------------------------------------------------------------------------
    def _officials(self):
        admin = self.user("admin")
        for row in demo.OFFICIALS:
            key, full, ascii_, title_vi, title_en, short_vi, short_en, unit, username, leader, rank = row
            values = {
                "name_ascii": ascii_,
                "title_en": title_en,
                "unit": self.units[unit],
                "user": self.user(username) if username else None,
                "is_leader": leader,
                "rank": rank,
            }
            official = Official.objects.filter(full_name=full, title_vi=title_vi).first()
            if official is None:
                data = {"full_name": full, "title_vi": title_vi, **values}
                official = services_officials.create_official(actor=admin, data=data)
                self.stats["officials created"] += 1
            else:
                before = official.version
                official = services_officials.update_official(official, actor=admin, data=values)
                self.stats["officials " + ("updated" if official.version != before else "unchanged")] += 1
            self.officials[key] = official
            self.short[key] = (f"{short_vi} {full}", f"{short_en} {ascii_}")

    # --- generated specs -----------------------------------------------------------------------------------
    def _leader(self, rng) -> str:
        keys = list(demo.LEADERS)
        return rng.choices(keys, weights=[demo.LEADERS[k] for k in keys])[0]

    def _topic_name(self, code: str) -> str:
        name = self.topics[code].name_vi
        return name[0].lower() + name[1:] if name[1:2].islower() else name

    def _common(self, rng, leader: str, topics: list[str], pool, topic_line: str = "") -> dict:
        """Members, outcomes and status drawn for a generated engagement. Bilateral ones draw outcomes from
        the topic bank; multilateral ones and conferences from `topic_line` about each topic."""
        members = [] if leader.startswith("dic_") else [rng.choice(["dic_dg", "dic_deputy"])]
        heads = [demo.TOPIC_UNIT_HEADS[t] for t in topics if t in demo.TOPIC_UNIT_HEADS]
        if heads and rng.random() < 0.6:
            members.append(heads[0])
        if topic_line:
            lines = [("information", "vn", topic_line.format(topic=self._topic_name(t))) for t in topics]
        else:
            lines = [o for t in topics for o in demo.TOPIC_OUTCOMES.get(t, [])]
        candidates = lines + list(pool)
        outcomes = rng.sample(candidates, min(rng.randint(1, 3), len(candidates)))
        draw = rng.random()
        status = "approved" if draw < 0.75 else "reviewed" if draw < 0.9 else "draft"
        return {"members": members, "outcomes": outcomes, "status": status}

    def _people(self, codes, people) -> list:
        return [(*person, codes[min(i, len(codes) - 1)]) for i, person in enumerate(people)]

    def _heads(self, codes) -> list:
        rows = [("", *demo.HEADS[c], c) for c in codes if c in demo.HEADS]
        if not rows:
            _kind, _vi, _en, title, organisation, _topics = demo.COUNTERPARTS[codes[0]]
            rows = [("", title, organisation, codes[0])]
        return rows[:2]

    def _spec(
        self, rng, code, kind, leader, start, days, codes, topics, outcomes=(), line="", **extra
    ) -> dict:
        level = "department" if leader == "dic_dg" else "ministerial"
        spec = dict(code=code, kind=kind, level=level, leader=leader, partners=codes, topics=topics)
        people = extra.pop("people", None) or self._heads(codes)
        spec.update(starts_on=start, ends_on=start + (days - 1) * DAY, people=people)
        spec.update(self._common(rng, leader, topics, outcomes or demo.GENERIC_OUTCOMES, line), **extra)
        return spec

    def _visits(self, rng, year, rows):
        for i, row in enumerate(rows, start=1):
            leader = row.get("leader") or self._leader(rng)
            lead_vi, lead_en = self.short[leader]
            start = _weekday(D(year, row["month"], row["day"]))
            code = row.get("code", f"demo-{year}-visit-{i:02d}")
            people = self._people(row["partners"], row["people"])
            if row["dir"] == "out":
                country = self.countries[row["country"]]
                place = {"city": row["city"], "country": row["country"]}
                title_vi = f"{lead_vi} thăm và làm việc tại {country.name_vi}"
                title_en = f"{lead_en} pays an official visit to {_the(country.name_en)}"
            else:
                place = {"city": "Hà Nội", "country": "VN", "venue": HQ}
                title_vi = f"{lead_vi} tiếp và hội đàm với {row['who_vi']}"
                title_en = f"{lead_en} receives and holds talks with {row['who_en']}"
            kind = "outgoing_visit" if row["dir"] == "out" else "incoming_visit"
            spec = self._spec(
                rng, code, kind, leader, start, row["days"], row["partners"], row["topics"], people=people
            )
            spec.update(place, title_vi=title_vi, title_en=title_en, mechanism=row.get("mechanism"))
            spec.update({k: row[k] for k in ("title_vi", "title_en", "outcomes") if k in row})
            yield spec

    def _multilateral(self, rng, year, rows):
        for i, (event_vi, event_en, city, country, month, day, days, codes, topics, mechanism) in enumerate(
            rows, start=1
        ):
            leader = self._leader(rng)
            lead_vi, lead_en = self.short[leader]
            kind = "conference" if event_vi.startswith(CONFERENCE_WORDS) else "multilateral_meeting"
            yield self._spec(
                rng, f"demo-{year}-multi-{i:02d}", kind, leader, D(year, month, day), days, codes, topics,
                demo.MULTILATERAL_OUTCOMES, demo.MULTILATERAL_TOPIC_LINE,
                title_vi=f"{lead_vi} dự {event_vi}", title_en=f"{lead_en} attends {event_en}",
                city=city, country=country, mechanism=mechanism,
            )  # fmt: skip

    def _working(self, rng, year, codes, first: datetime.date, span: int):
        for i, code in enumerate(codes, start=1):
            kind, who_vi, who_en, title, organisation, topics = demo.COUNTERPARTS[code]
            leader = "dic_dg" if rng.random() < 0.2 else self._leader(rng)
            lead_vi, lead_en = self.short[leader]
            hour, minute = rng.choice([(8, 30), (9, 0), (10, 0), (14, 0), (15, 0), (16, 0)])
            title_vi, title_en = WORKING_TITLES[kind]
            start = _weekday(first + rng.randint(0, span) * DAY)
            yield self._spec(
                rng, f"demo-{year}-ws-{i:02d}", kind, leader, start, 1, [code], topics,
                title_vi=title_vi.format(leader=lead_vi, who=who_vi),
                title_en=title_en.format(leader=lead_en, who=who_en),
                start_time=datetime.time(hour, minute), end_time=datetime.time(hour + 1, minute),
                city="Hà Nội", country="VN", venue=HQ, people=[("", title, organisation, code)],
            )  # fmt: skip

    def _conferences(self, rng, year, rows):
        for i, (title_vi, title_en, city, month, day, days, codes, topics, mechanism) in enumerate(
            rows, start=1
        ):
            leader = "dic_dg" if rng.random() < 0.3 else self._leader(rng)
            yield self._spec(
                rng, f"demo-{year}-conf-{i:02d}", "conference", leader, _weekday(D(year, month, day)), days,
                codes, topics, demo.CONFERENCE_OUTCOMES, demo.CONFERENCE_TOPIC_LINE,
                title_vi=title_vi, title_en=title_en, city=city, country="VN", mechanism=mechanism,
            )  # fmt: skip

    def _fixed(self, rng, row) -> dict:
        drawn = self._common(rng, row["leader"], row["topics"], demo.GENERIC_OUTCOMES)
        return {**drawn, **row, "people": self._people(row["partners"], row["people"])}

    def _signings(self, rng):
        """Signing ceremonies of the demo agreements on the day each was signed (the work loader's dates)."""
        for row in [*demo.AGREEMENT_SIGNINGS, demo.RESTRICTED]:
            agreement = Agreement.objects.filter(code=row["agreement"]).first()
            if agreement is None or agreement.signed_on is None:
                continue
            spec = self._fixed(rng, {k: v for k, v in row.items() if k != "agreement"})
            spec.update(
                kind="signing_ceremony",
                title_vi=f"Lễ ký {agreement.title_vi}",
                title_en=f"Signing ceremony: {agreement.title_en}" if agreement.title_en else "",
                starts_on=agreement.signed_on,
                city=agreement.signed_place or "Hà Nội",
                country="VN" if agreement.signed_place in ("", "Hà Nội") else None,
                agreements=[agreement],
                status="approved",
            )
            if row is demo.RESTRICTED:
                spec.update(owner="cnty", visibility="restricted", actor="cnty_officer")
                spec.update(reviewer="cnty_officer", approver="cnty_head")
            yield spec

    # --- writing -------------------------------------------------------------------------------------------
    def _engagement(self, spec: dict) -> None:
        if spec["code"] in self.existing:
            self.stats["engagements unchanged"] += 1
            return
        owner = self.units[spec.get("owner", "htqt")]
        partners = [self.partners[c] for c in spec["partners"]]
        leader = self.officials[spec["leader"]]
        countries = []
        for partner in partners:
            if partner.country_id and partner.country_id != "VN" and partner.country not in countries:
                countries.append(partner.country)
        data = {name: spec.get(name, "") for name in TEXT_FIELDS}
        data.update(
            {name: spec.get(name) for name in ("code", "kind", "starts_on", "start_time", "end_time")}
        )
        data.update(
            level=spec.get("level", "ministerial"),
            ends_on=spec.get("ends_on") if spec.get("ends_on") != spec["starts_on"] else None,
            country=self.countries.get(spec.get("country")),
            leader=leader,
            mechanism=self.mechanisms.get(spec.get("mechanism")),
            source_language=spec.get("source_language", "vi"),
            owner_unit=owner,
            lead_unit=owner,
            visibility=spec.get("visibility", "ministry"),
            partners=partners,
            countries=countries,
            topics=[self.topics[c] for c in spec["topics"]],
            agreements=spec.get("agreements", []),
        )
        vn = [{"official": leader, "role": "head", "unit": leader.unit}]
        for key in spec.get("members", []):
            if key != spec["leader"]:
                vn.append(
                    {"official": self.officials[key], "role": "member", "unit": self.officials[key].unit}
                )
        for name, title, role in spec.get("extra_members", []):
            vn.append({"name": name, "title": title, "role": role, "unit": owner})
        people = spec.get("partner_rows") or [
            {
                "partner": self.partners[code],
                "name": name,
                "title": title,
                "organisation": organisation,
                "country": self.partners[code].country,
            }
            for name, title, organisation, code in spec["people"]
        ]
        outcomes = [
            {"kind": kind, "side": side, "text": text} for kind, side, text in spec.get("outcomes", [])
        ]
        engagement = services.create_engagement(
            actor=self.user(spec.get("actor", "dic_officer")),
            data=data,
            vn_participants=vn,
            partner_participants=people,
            outcomes=outcomes,
        )
        status = spec.get("status", "approved")
        if status in ("reviewed", "approved"):
            services.transition_engagement(
                engagement, actor=self.user(spec.get("reviewer", "dic_officer")), action="review"
            )
        if status == "approved":
            services.transition_engagement(
                engagement, actor=self.user(spec.get("approver", "dic_director")), action="approve"
            )
        self.existing.add(spec["code"])
        self.stats["engagements created"] += 1

    def _founding_example(self):
        """Seeds/002 as recorded: its partner commitment followed up as a Commitment and a Task."""
        spec = dict(demo.NAKAYAMA, status="approved", source_text=demo.NAKAYAMA_TEXT)
        japan = self.partners["JP"]
        contact = Contact.objects.filter(partner=japan, full_name="Yasuhide Nakayama").first()
        spec["partner_rows"] = [
            {
                "contact": contact,
                "partner": japan,
                "name": "Yasuhide Nakayama",
                "title": "Minister of Defense of Japan",
                "country": japan.country,
                "is_former": True,
            }
        ]
        self._engagement(spec)
        outcome = Engagement.objects.get(code=spec["code"]).outcomes.order_by("order").first()
        commitment, task = spec["commitment"], spec["task"]
        if outcome.commitment_id is None:
            data = {k: v for k, v in commitment.items() if k not in ("lead_unit", "focal")}
            data.update(
                lead_unit=self.units[commitment["lead_unit"]], focal_person=self.user(commitment["focal"])
            )
            followup.outcome_to_commitment(outcome, actor=self.user("dic_officer"), data=data)
            self.stats["commitments created"] += 1
        if outcome.task_id is None:
            data = {k: v for k, v in task.items() if k not in ("lead_unit", "focal", "due_in")}
            data.update(lead_unit=self.units[task["lead_unit"]], focal_person=self.user(task["focal"]))
            data["due_on"] = self.today + task["due_in"] * DAY
            followup.outcome_to_task(outcome, actor=self.user("dic_director"), data=data)
            self.stats["tasks created"] += 1

    def _upcoming(self):
        officer = self.user("dic_officer")
        for row in demo.UPCOMING:
            start = _weekday(self.today + row["offset"] * DAY)
            spec = {**row, "starts_on": start, "ends_on": start + (row.get("days", 1) - 1) * DAY}
            for name in ("start_time", "end_time"):
                if row.get(name):
                    spec[name] = datetime.time(*row[name])
            spec["people"] = self._people(row["partners"], row["people"])
            self._engagement(spec)
            engagement = Engagement.objects.get(code=row["code"])
            if row.get("plan") and not DelegationPlan.objects.filter(engagement=engagement).exists():
                data = {
                    **row["plan"],
                    "budget_amount": Decimal(row["plan"]["budget_amount"]),
                    "currency": "VND",
                    "departs_on": engagement.starts_on - DAY,
                    "returns_on": engagement.last_day + DAY,
                }
                plan = logistics.save_delegation_plan(engagement, actor=officer, data=data)
                logistics.submit_delegation_plan(plan, actor=officer)
                self.stats["delegation plans created"] += 1
            if row.get("request") and not ConferenceRequest.objects.filter(engagement=engagement).exists():
                request = logistics.save_conference_request(engagement, actor=officer, data=row["request"])
                if row.get("filed"):
                    logistics.file_conference_request(request, actor=officer, on=self.today)
                self.stats["conference requests created"] += 1

    def _gifts(self):
        officer = self.user("dic_officer")
        for code, gifts in demo.GIFTS.items():
            engagement = Engagement.objects.filter(code=code).first()
            if engagement is None or engagement.gifts.exists():
                continue
            for gift in gifts:
                data = dict(zip(GIFT_FIELDS, gift, strict=True), currency="VND")
                logistics.save_gift(engagement, actor=officer, data={**data, "value": Decimal(data["value"])})
                self.stats["gifts created"] += 1

    def _sweep(self):
        """The follow-up task may be due for a reminder: send it now, as the work loader's sweep does."""
        from coophub.scheduler.sweep import sweep

        result = sweep()
        for key, count in (("reminders sent", result.sent), ("escalations sent", result.escalated)):
            if count:
                self.stats[key] += count
