"""The reminder and escalation ladder, walked day by day with time-machine across weekends and holidays."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coophub.accounts.models import User
from coophub.assignments import ladder, services
from coophub.assignments.choices import TaskStatus
from coophub.assignments.models import ReminderSent, Task, TaskType
from coophub.notifications.models import Notification
from coophub.scheduler.models import Holiday
from coophub.scheduler.sweep import sweep
from coophub.timeline.models import TimelineEvent

pytestmark = pytest.mark.django_db

D = datetime.date
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=VN)


@pytest.fixture
def people(unit_focal_point, unit_head, dic_director):
    """The three people a ladder talks to, each with an e-mail address."""
    for user in (unit_focal_point, unit_head, dic_director):
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@mae.gov.vn")
        user.refresh_from_db()
    return SimpleNamespace(focal=unit_focal_point, head=unit_head, director=dic_director)


@pytest.fixture
def task_on(make_task, people):
    """task_on(assigned, due, **fields): a task created on `assigned` at 09:00 Viet Nam time."""

    def make(assigned, due, **fields):
        with time_machine.travel(at(assigned), tick=False):
            return make_task(assigned_on=assigned, due_on=due, **fields)

    return make


@pytest.fixture
def walk(django_capture_on_commit_callbacks):
    """walk(first, last, hour=9): sweep once a day at `hour`; what went out, {day: [(rung, username), …]}."""

    def run(first, last, hour=9):
        sent = {}
        day = first
        while day <= last:
            seen = set(ReminderSent.objects.values_list("pk", flat=True))
            with time_machine.travel(at(day, hour), tick=False):
                with django_capture_on_commit_callbacks(execute=True):
                    sweep()
            new = ReminderSent.objects.exclude(pk__in=seen).select_related("recipient")
            if new:
                sent[day] = sorted((r.rung, r.recipient.username) for r in new)
            day += datetime.timedelta(days=1)
        return sent

    return run


def move(task, actor, *steps):
    for step in steps:
        task = services.transition_task(task, actor=actor, to=step)
    return task


class TestTheLadder:
    def test_it_walks_the_whole_ladder_across_tet_2027(self, task_on, walk):
        # Due Monday 15/02/2027, the week after Tết (Fri 05/02 – Thu 11/02/2027 off).
        task_on(D(2027, 2, 1), D(2027, 2, 15))
        assert walk(D(2027, 2, 2), D(2027, 3, 1)) == {
            D(2027, 2, 4): [("before:7", "unit_focal_point")],  # D-7 is Tết Monday 08/02: the Thursday before
            D(2027, 2, 12): [("before:1", "unit_focal_point")],  # D-3 Fri and D-1 Sun both land on Fri 12/02
            D(2027, 2, 15): [("due", "unit_focal_point")],
            D(2027, 2, 17): [("unit_head", "unit_head")],  # 2nd working day after the due date
            D(2027, 2, 18): [("overdue:3", "unit_focal_point")],
            D(2027, 2, 22): [("overdue:6", "unit_focal_point")],  # Sunday 21/02 → Monday
            D(2027, 2, 24): [
                ("director", "dic_director"),
                ("overdue:9", "unit_focal_point"),
            ],  # 7th working day
            D(2027, 3, 1): [("overdue:12", "unit_focal_point")],  # Saturday 27/02 → Monday
        }

    def test_a_holiday_added_to_the_table_moves_the_reminders_and_the_escalation(self, task_on, walk):
        Holiday.objects.create(day=D(2026, 12, 16), name_vi="Ngày nghỉ đột xuất", kind="holiday")
        task_on(D(2026, 12, 1), D(2026, 12, 17))  # due Thursday; Wednesday 16/12 is now a day off
        assert walk(D(2026, 12, 9), D(2026, 12, 22)) == {
            D(2026, 12, 10): [("before:7", "unit_focal_point")],
            D(2026, 12, 14): [("before:3", "unit_focal_point")],
            D(2026, 12, 15): [("before:1", "unit_focal_point")],  # D-1 is the new holiday: the day before
            D(2026, 12, 17): [("due", "unit_focal_point")],
            D(2026, 12, 21): [
                ("overdue:3", "unit_focal_point"),
                ("unit_head", "unit_head"),
            ],  # Sun → Mon; Fri, Mon
        }

    def test_nothing_goes_out_before_eight_in_the_morning_viet_nam_time(self, task_on, walk):
        task_on(D(2026, 12, 1), D(2026, 12, 17))
        assert walk(D(2026, 12, 10), D(2026, 12, 10), hour=7) == {}
        assert walk(D(2026, 12, 10), D(2026, 12, 10), hour=8) == {
            D(2026, 12, 10): [("before:7", "unit_focal_point")]
        }

    def test_it_stores_the_next_rung_at_eight_oclock_viet_nam_time(self, task_on):
        task = task_on(D(2026, 12, 1), D(2026, 12, 17))
        assert task.next_reminder_at == at(D(2026, 12, 10), 8)
        assert task.next_reminder_at.utcoffset() is not None

    def test_a_task_without_a_due_date_has_nothing_scheduled(self, task_on):
        assert task_on(D(2026, 12, 1), None).next_reminder_at is None

    def test_the_escalations_count_working_days(self, task_on, people):
        task = task_on(D(2026, 12, 1), D(2026, 12, 18))  # due Friday
        fire = {r.key: (r.fire_on, [p.username for p in r.recipients]) for r in ladder.rungs(task)}
        assert fire["unit_head"] == (D(2026, 12, 22), ["unit_head"])  # Mon 21, Tue 22
        assert fire["director"] == (D(2026, 12, 29), ["dic_director"])  # Mon 21 … Tue 29


class TestCatchingUp:
    def test_a_task_assigned_close_to_its_date_gets_only_the_latest_missed_reminder(self, task_on, walk):
        task = task_on(D(2026, 12, 14), D(2026, 12, 16))  # Monday, due Wednesday: D-7 and D-3 are past
        assert task.next_reminder_at == at(D(2026, 12, 11), 8)  # D-3 (Sun 13/12 → Fri 11/12) fires at once
        assert walk(D(2026, 12, 14), D(2026, 12, 16)) == {
            D(2026, 12, 14): [("before:3", "unit_focal_point")],
            D(2026, 12, 15): [("before:1", "unit_focal_point")],
            D(2026, 12, 16): [("due", "unit_focal_point")],
        }

    def test_a_sweep_that_did_not_run_for_days_sends_only_the_latest_reminder(self, task_on, walk):
        task_on(D(2026, 12, 1), D(2026, 12, 17))
        assert walk(D(2026, 12, 21), D(2026, 12, 21)) == {
            D(2026, 12, 21): [("overdue:3", "unit_focal_point"), ("unit_head", "unit_head")]
        }


class TestWhatStopsOrRestartsIt:
    def test_an_approved_extension_restarts_the_ladder_for_the_new_date(self, task_on, walk, people):
        task = task_on(D(2026, 12, 1), D(2026, 12, 17))
        assert walk(D(2026, 12, 17), D(2026, 12, 21))[D(2026, 12, 21)] == [
            ("overdue:3", "unit_focal_point"),
            ("unit_head", "unit_head"),
        ]
        with time_machine.travel(at(D(2026, 12, 22), 10), tick=False):
            ext = services.request_extension(
                task, actor=people.focal, proposed_due=D(2027, 1, 15), reason="Chờ ý kiến đối tác"
            )
            services.decide_extension(ext, actor=people.director, approve=True)
        task.refresh_from_db()
        assert task.next_reminder_at == at(D(2027, 1, 8), 8)
        sent = walk(D(2026, 12, 23), D(2027, 1, 19))
        assert sent == {
            D(2027, 1, 8): [("before:7", "unit_focal_point")],
            D(2027, 1, 12): [("before:3", "unit_focal_point")],
            D(2027, 1, 14): [("before:1", "unit_focal_point")],
            D(2027, 1, 15): [("due", "unit_focal_point")],
            D(2027, 1, 18): [("overdue:3", "unit_focal_point")],
            D(2027, 1, 19): [("unit_head", "unit_head")],
        }
        assert ReminderSent.objects.filter(task=task, rung="unit_head").count() == 2  # one per due date

    def test_completing_the_task_stops_the_ladder(self, task_on, walk, people):
        task = task_on(D(2026, 12, 1), D(2026, 12, 17))
        walk(D(2026, 12, 10), D(2026, 12, 10))
        with time_machine.travel(at(D(2026, 12, 11)), tick=False):
            task = move(task, people.focal, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED)
            task = move(task, people.director, TaskStatus.COMPLETED)
        assert Task.objects.get(pk=task.pk).next_reminder_at is None
        assert walk(D(2026, 12, 11), D(2027, 1, 5)) == {}

    def test_a_submitted_task_waits_and_a_returned_one_is_chased_again(self, task_on, walk, people):
        task = task_on(D(2026, 12, 1), D(2026, 12, 17))
        with time_machine.travel(at(D(2026, 12, 9)), tick=False):
            task = move(task, people.focal, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED)
        assert Task.objects.get(pk=task.pk).next_reminder_at is None
        assert walk(D(2026, 12, 10), D(2026, 12, 18)) == {}
        with time_machine.travel(at(D(2026, 12, 21), 8, 30), tick=False):
            services.transition_task(
                task, actor=people.director, to=TaskStatus.RETURNED, reason="Bổ sung số liệu"
            )
        assert walk(D(2026, 12, 21), D(2026, 12, 21)) == {
            D(2026, 12, 21): [("overdue:3", "unit_focal_point"), ("unit_head", "unit_head")]
        }


class TestATaskTypesOwnLadder:
    def test_it_reminds_three_days_before_and_chases_every_working_day(self, task_on, walk, units):
        kind = TaskType.objects.create(
            code="bao-cao-nhanh", name_vi="Báo cáo nhanh", ladder={"before": [3], "overdue_every": 1}
        )
        task_on(D(2026, 12, 1), D(2026, 12, 10), task_type=kind)  # due Thursday
        assert walk(D(2026, 12, 2), D(2026, 12, 21)) == {
            D(2026, 12, 7): [("before:3", "unit_focal_point")],
            D(2026, 12, 11): [("overdue:1", "unit_focal_point")],
            D(2026, 12, 14): [
                ("overdue:4", "unit_focal_point"),
                ("unit_head", "unit_head"),
            ],  # Sat, Sun → Mon
            D(2026, 12, 15): [("overdue:5", "unit_focal_point")],
            D(2026, 12, 16): [("overdue:6", "unit_focal_point")],
            D(2026, 12, 17): [("overdue:7", "unit_focal_point")],
            D(2026, 12, 18): [("overdue:8", "unit_focal_point")],
            D(2026, 12, 21): [("director", "dic_director"), ("overdue:11", "unit_focal_point")],
        }

    def test_a_step_set_to_null_is_turned_off(self, task_on, units):
        kind = TaskType.objects.create(
            code="noi-bo",
            name_vi="Nội bộ",
            ladder={"before": [1], "overdue_every": None, "director_after": None},
        )
        task = task_on(D(2026, 12, 1), D(2026, 12, 10), task_type=kind)
        assert [r.key for r in ladder.rungs(task, today=D(2026, 12, 31))] == ["before:1", "unit_head"]


class TestEveryMessage:
    def test_each_goes_to_the_timeline_the_inbox_and_one_email(
        self, task_on, walk, people, mailoutbox, dic_officer
    ):
        task = task_on(D(2026, 12, 1), D(2026, 12, 17))
        sent = walk(D(2026, 12, 10), D(2026, 12, 28))
        expected = [pair for pairs in sent.values() for pair in pairs]
        # before:7, before:3, before:1, due, overdue:3, unit_head, overdue:6, overdue:9, director
        assert len(expected) == 9
        events = TimelineEvent.objects.filter(
            subject_id=task.pk, kind__in=["task.reminder_sent", "task.escalated"]
        )
        assert sorted((e.data["rung"], e.data["recipient"]) for e in events) == sorted(
            (rung, str(User.objects.get(username=name))) for rung, name in expected
        )
        assert {e.kind for e in events if e.data["level"]} == {"task.escalated"}
        inbox = Notification.objects.filter(kind__in=["task.reminder", "task.escalated"], subject_id=task.pk)
        assert sorted((n.recipient.username, n.kind) for n in inbox) == sorted(
            (name, "task.escalated" if rung in ("unit_head", "director") else "task.reminder")
            for rung, name in expected
        )
        assert all(task.title in n.title and n.url == task.get_absolute_url() for n in inbox)
        reminder_mails = [m for m in mailoutbox if task.title in m.subject]
        assert sorted(m.to[0] for m in reminder_mails) == sorted(
            f"{name}@mae.gov.vn" for _r, name in expected
        )

    def test_nobody_is_told_about_a_task_they_cannot_see(self, task_on, walk, units, people):
        task_on(
            D(2026, 12, 1),
            D(2026, 12, 17),
            owner_unit=units["ppd"],
            visibility="restricted",
            actor=people.head,
        )
        assert "dic_director" not in str(walk(D(2026, 12, 29), D(2026, 12, 29)))
