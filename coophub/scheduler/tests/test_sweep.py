"""The sweep and its claims: each due row is taken by one worker, a dead worker's lease passes, and nothing
is sent twice — with two workers racing on PostgreSQL."""

import datetime
import threading
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction

from coophub.accounts.models import User
from coophub.assignments import ladder
from coophub.assignments import services as task_services
from coophub.assignments.models import ReminderSent, Task
from coophub.notifications.models import Notification
from coophub.scheduler import claims
from coophub.scheduler.sweep import SweepResult, sweep
from coophub.scheduler.tasks import run_sweep

D = datetime.date
VN = ZoneInfo("Asia/Ho_Chi_Minh")
ASSIGNED, DUE = D(2026, 12, 1), D(2026, 12, 17)  # before:7 fires on Thursday 10/12/2026 at 08:00
FIRST = datetime.datetime(2026, 12, 10, 8, tzinfo=VN)


def at(day, hour=9, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=VN)


@pytest.fixture
def make_tasks(dic_director, unit_focal_point, unit_head, units):
    """make_tasks(n): n tasks for the Plant Protection Department's focal point, all due on DUE."""
    User.objects.filter(pk=unit_focal_point.pk).update(email="focal@mae.gov.vn")

    def make(n=1):
        with time_machine.travel(at(ASSIGNED), tick=False):
            return [
                task_services.create_task(
                    actor=dic_director,
                    data={
                        "title": f"Báo cáo kết quả hợp tác số {i}",
                        "lead_unit": units["ppd"],
                        "focal_person": unit_focal_point,
                        "owner_unit": units["dic"],
                        "assigned_on": ASSIGNED,
                        "due_on": DUE,
                    },
                )
                for i in range(n)
            ]

    return make


def sweep_at(moment, **kwargs) -> SweepResult:
    with time_machine.travel(moment, tick=False):
        return sweep(**kwargs)


@pytest.mark.django_db
class TestClaiming:
    def test_a_row_is_taken_only_from_the_value_the_worker_saw(self, make_tasks):
        [task] = make_tasks()
        seen = task.next_reminder_at
        mine, theirs = at(D(2026, 12, 10), 9, 10), at(D(2026, 12, 10), 9, 11)
        assert claims.claim(Task, task.pk, "next_reminder_at", seen, lease=mine)
        assert not claims.claim(Task, task.pk, "next_reminder_at", seen, lease=theirs)  # a stale view loses
        assert Task.objects.get(pk=task.pk).next_reminder_at == mine

    def test_a_batch_claim_takes_the_due_rows_once_and_earliest_first(self, make_tasks):
        tasks = make_tasks(3)
        Task.objects.filter(pk=tasks[2].pk).update(next_reminder_at=FIRST - datetime.timedelta(days=1))
        now = at(D(2026, 12, 10))
        first = claims.claim_due(Task, "next_reminder_at", now=now, batch=2)
        assert len(first) == 2 and tasks[2].pk in first  # the earliest due comes first
        second = claims.claim_due(Task, "next_reminder_at", now=now, batch=2)
        assert sorted(first + second) == sorted(t.pk for t in tasks)
        assert claims.claim_due(Task, "next_reminder_at", now=now, batch=2) == []
        assert set(Task.objects.values_list("next_reminder_at", flat=True)) == {now + claims.LEASE}

    def test_a_row_not_yet_due_is_not_taken(self, make_tasks):
        make_tasks()
        assert claims.claim_due(Task, "next_reminder_at", now=FIRST - datetime.timedelta(seconds=1)) == []

    def test_a_lease_must_lie_after_now(self, make_tasks):
        with pytest.raises(ValueError):
            claims.claim_due(Task, "next_reminder_at", now=FIRST, lease=FIRST)


@pytest.mark.django_db
class TestTheSweep:
    def test_it_sends_what_is_due_and_a_second_sweep_sends_nothing(self, make_tasks):
        make_tasks(3)
        assert sweep_at(at(D(2026, 12, 10))) == SweepResult(claimed=3, sent=3)
        assert sweep_at(at(D(2026, 12, 10), 9, 1)) == SweepResult()

    def test_a_dead_workers_lease_passes_and_the_next_sweep_sends(self, make_tasks):
        [task] = make_tasks()
        now = at(D(2026, 12, 10))
        assert claims.claim_due(Task, "next_reminder_at", now=now) == [task.pk]  # …and the worker dies
        assert sweep_at(now + datetime.timedelta(minutes=5)) == SweepResult()
        assert sweep_at(now + claims.LEASE) == SweepResult(claimed=1, sent=1)
        assert ReminderSent.objects.get().rung == "before:7"

    def test_a_reminder_already_recorded_is_not_sent_again(self, make_tasks, mailoutbox, capture_commits):
        [task] = make_tasks()
        with capture_commits(execute=True):
            sweep_at(at(D(2026, 12, 10)))
        assert len(mailoutbox) == 1
        # A worker whose lease ran out while it sent: the row is due again, but the reminder is on record.
        Task.objects.filter(pk=task.pk).update(next_reminder_at=FIRST)
        with capture_commits(execute=True):
            result = sweep_at(at(D(2026, 12, 10), 9, 20))
        assert result == SweepResult(claimed=1)
        assert len(mailoutbox) == 1
        assert Notification.objects.filter(kind="task.reminder").count() == 1
        assert Task.objects.get(pk=task.pk).next_reminder_at == at(D(2026, 12, 14), 8)

    def test_a_task_that_fails_keeps_its_lease_and_the_others_still_go_out(self, make_tasks, monkeypatch):
        broken, fine = make_tasks(2)
        send_due = ladder.send_due

        def flaky(task, **kwargs):
            if task.pk == broken.pk:
                raise RuntimeError("SMTP down")
            return send_due(task, **kwargs)

        monkeypatch.setattr(ladder, "send_due", flaky)
        now = at(D(2026, 12, 10))
        assert sweep_at(now) == SweepResult(claimed=2, sent=1, failed=1)
        assert Task.objects.get(pk=broken.pk).next_reminder_at == now + claims.LEASE
        assert not ReminderSent.objects.filter(task=broken).exists()
        monkeypatch.setattr(ladder, "send_due", send_due)
        assert sweep_at(now + claims.LEASE) == SweepResult(claimed=1, sent=1)

    def test_an_edit_between_claim_and_send_leaves_the_task_to_the_next_sweep(self, make_tasks):
        [task] = make_tasks()
        now = at(D(2026, 12, 10))
        lease = claims.lease_from(now)
        claims.claim_due(Task, "next_reminder_at", now=now, lease=lease)
        Task.objects.filter(pk=task.pk).update(next_reminder_at=FIRST)  # an edit rescheduled it meanwhile
        from coophub.scheduler.sweep import _process

        result = SweepResult()
        _process(
            Task.objects.all(), "next_reminder_at", task.pk, lease, lambda t: pytest.fail("sent"), result
        )
        assert result == SweepResult()

    def test_the_worker_task_and_the_command_run_it(self, make_tasks, capsys):
        make_tasks(2)
        with time_machine.travel(at(D(2026, 12, 10)), tick=False):
            assert run_sweep.call() == {"claimed": 2, "sent": 2, "escalated": 0, "alerts": 0, "failed": 0}
        with time_machine.travel(at(D(2026, 12, 14)), tick=False):
            call_command("sweep", "--once")
        assert "claimed 2, reminders 2" in capsys.readouterr().out


@pytest.fixture
def capture_commits(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _in_threads(*targets):
    """Run each target in its own thread (each with its own database connection), released together."""
    barrier = threading.Barrier(len(targets))
    results, errors = [None] * len(targets), []

    def run(i, target):
        try:
            barrier.wait()
            results[i] = target()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestTwoWorkersAtOnce:
    @pytest.fixture(autouse=True)
    def _real_connections(self, transactional_db):
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            pytest.skip(
                "the in-memory SQLite test database cannot be shared by two connections; "
                "TestClaiming covers the race there with a stale claim"
            )

    def test_two_sweeps_at_once_send_each_reminder_and_each_email_exactly_once(
        self, make_tasks, mailoutbox, monkeypatch
    ):
        tasks = make_tasks(40)
        mailoutbox.clear()
        send_due = ladder.send_due

        def slow(task, **kwargs):  # long enough that both workers are busy at the same time
            time.sleep(0.01)
            return send_due(task, **kwargs)

        monkeypatch.setattr(ladder, "send_due", slow)
        with time_machine.travel(at(D(2026, 12, 10)), tick=False):
            first, second = _in_threads(lambda: sweep(batch=3), lambda: sweep(batch=3))
        assert first.claimed and second.claimed  # both took a share
        assert first.claimed + second.claimed == 40
        assert first.sent + second.sent == 40
        assert ReminderSent.objects.count() == 40
        assert sorted(ReminderSent.objects.values_list("task_id", flat=True)) == sorted(t.pk for t in tasks)
        assert Notification.objects.filter(kind="task.reminder").count() == 40
        assert len(mailoutbox) == 40
        assert len({m.subject for m in mailoutbox}) == 40

    def test_two_senders_holding_the_same_task_still_send_once(self, make_tasks, mailoutbox):
        [task] = make_tasks()
        mailoutbox.clear()
        now = at(D(2026, 12, 10))

        def send():
            with transaction.atomic():
                return ladder.send_due(Task.objects.get(pk=task.pk), now=now)

        with time_machine.travel(now, tick=False):
            results = _in_threads(send, send)
        assert sorted(results) == [(0, 0), (1, 0)]
        assert ReminderSent.objects.count() == 1
        assert len(mailoutbox) == 1
