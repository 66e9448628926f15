"""Reminder sweep benchmark: find and claim the due tasks among 1,000,000 open ones, against a bare scan.

    .venv/bin/python bench/sweep_bench.py                       # both databases, 1,000,000 tasks each
    .venv/bin/python bench/sweep_bench.py --db sqlite --rows 100000
    .venv/bin/python bench/sweep_bench.py --db postgres --reuse  # keep the data of the previous run
    .venv/bin/python bench/sweep_bench.py --send 0               # skip the send path

Each database is its own, dropped and re-created: bench/out/sweep_bench.sqlite3 and the PostgreSQL database
coophub_bench_sweep (BENCH_SWEEP_PG_URL). The data is benchmark data, bulk-inserted (not through the
services): N open tasks of four lead units (a head and ten officers each; a DIC director), due dates spread
evenly over a year from TODAY - 12 days, and next_reminder_at as the ladder leaves it after the sweeps of the
days before TODAY: the first rung of coophub.assignments.ladder.schedule() (default ladder, the shipped
holidays) falling on TODAY or later, at 08:00. At NOW (TODAY 09:00) the due rows are those with a rung on
TODAY, about N × (rungs per task) / 365.

Timed, in the same process and the same warm cache:
  bare    SELECT id FROM assignments_task WHERE next_reminder_at <= NOW (the partial index), all rows fetched;
  claim   the sweep's find-and-claim: coophub.scheduler.claims.claim_due() in batches of --batch until the due
          rows are all taken (UPDATE … WHERE id IN (SELECT … LIMIT batch) AND next_reminder_at <= NOW
          RETURNING id), as coophub.scheduler.sweep does; restored after each round.
  send    (reported separately) coophub.scheduler.sweep.sweep(NOW) over --send of the due tasks, the others
          left claimed: the ladder, ReminderSent, the inbox notification, the timeline event, the e-mail
          enqueued for the worker (django-tasks-db; not sent here), the reschedule.
Target: claim < 5 s on each database; the ratio claim / bare is printed.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.search_bench import constant_values, row_writer  # noqa: E402

SQLITE_NAME = "sweep_bench.sqlite3"
PG_URL = os.environ.get(
    "BENCH_SWEEP_PG_URL",
    urlunsplit(urlsplit(common.PG_URL)._replace(path="/coophub_bench_sweep")),
)
TODAY = datetime.date(2027, 3, 11)  # a Thursday with no holiday near it
BATCH = 50_000
ROUNDS = 3


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rows", type=int, default=1_000_000, help="open tasks (default 1,000,000)")
    parser.add_argument(
        "--batch", type=int, default=1000, help="rows per claiming UPDATE (the sweep's default)"
    )
    parser.add_argument("--send", type=int, default=2000, help="due tasks to send in the send-path timing")
    parser.add_argument("--reuse", action="store_true", help="keep the benchmark database if it is complete")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def now_and_first_fire():
    from coophub.assignments import ladder

    return datetime.datetime.combine(TODAY, datetime.time(9), tzinfo=ladder.VN), ladder.fire_at(TODAY)


# --- data -----------------------------------------------------------------------------------------


def _people():
    from coophub.accounts.models import Membership, Unit, User

    units = []
    for i, (code, name) in enumerate(
        [
            ("htqt", "Vụ Hợp tác quốc tế"),
            ("ttbvtv", "Cục Trồng trọt và Bảo vệ thực vật"),
            ("lnkl", "Cục Lâm nghiệp"),
        ]
        + [("tskn", "Cục Thủy sản và Kiểm ngư"), ("cnty", "Cục Chăn nuôi và Thú y")]
    ):
        unit = Unit.objects.get_or_create(code=code, defaults={"name_vi": name, "name_en": code.upper()})[0]
        Unit.objects.filter(pk=unit.pk).update(is_dic=i == 0)
        units.append(unit)
    director = User.objects.create_user("bench_director", email="director@bench.invalid")
    Membership.objects.create(user=director, unit=units[0], role="dic_coordinator")
    officers, heads = {}, {}
    for unit in units:
        head = User.objects.create_user(f"head_{unit.code}", email=f"head_{unit.code}@bench.invalid")
        Membership.objects.create(user=head, unit=unit, role="unit_head")
        heads[unit.pk] = head.pk
        officers[unit.pk] = []
        for k in range(10):
            user = User.objects.create_user(f"{unit.code}_{k}", email=f"{unit.code}_{k}@bench.invalid")
            Membership.objects.create(user=user, unit=unit, role="officer")
            officers[unit.pk].append(user.pk)
    return units, director, officers, heads


def generate(rows, seed):
    from django.db import connection, transaction
    from django.utils import timezone

    from coophub.assignments import ladder
    from coophub.assignments.models import ReminderSent, Task, default_ladder

    started = time.perf_counter()
    units, director, officers, heads = _people()
    rng = random.Random(seed)
    now = timezone.now()
    first_due = TODAY - datetime.timedelta(days=12)
    config = default_ladder()
    field = Task._meta.get_field("next_reminder_at")
    date_field = Task._meta.get_field("due_on")
    next_at, due_db, past = {}, {}, {}
    for offset in range(365):
        due = first_due + datetime.timedelta(days=offset)
        steps = ladder.schedule(due, config, TODAY)
        days = [day for _key, day, _level in steps if day >= TODAY]
        value = ladder.fire_at(min(days)) if days else None
        next_at[offset] = field.get_db_prep_save(value, connection) if value else None
        due_db[offset] = date_field.get_db_prep_save(due, connection)
        # What the sweeps before TODAY sent: the latest past focal rung (it supersedes the earlier ones) and
        # the past escalations.
        focal = [key for key, day, level in steps if level == ladder.FOCAL and day < TODAY][-1:]
        past[offset] = [(key, ladder.FOCAL) for key in focal] + [
            (key, level) for key, day, level in steps if level != ladder.FOCAL and day < TODAY
        ]
    assigned = date_field.get_db_prep_save(first_due - datetime.timedelta(days=30), connection)
    vary = [
        "id",
        "code",
        "title",
        "lead_unit_id",
        "focal_person_id",
        "assigned_by_id",
        "owner_unit_id",
        "assigned_on",
        "due_on",
        "status",
        "next_reminder_at",
    ]
    const = constant_values(Task, vary, now)
    const_values = tuple(const.values())
    write = row_writer(Task, vary + list(const))
    sent_vary = ["task_id", "rung", "for_due", "recipient_id", "level"]
    sent_const = constant_values(ReminderSent, sent_vary + ["id"], now)
    write_sent = row_writer(ReminderSent, sent_vary + list(sent_const))
    sent_const_values = tuple(sent_const.values())
    phrases, _en, _names = common.vocabulary(seed)
    statuses = ["new", "accepted", "in_progress", "in_progress", "in_progress"]
    for start in range(1, rows + 1, BATCH):
        batch, sent = [], []
        for i in range(start, min(rows, start + BATCH - 1) + 1):
            unit = units[1 + i % 4]
            offset = i % 365
            focal_pk = officers[unit.pk][i % 10]
            recipient = {
                ladder.FOCAL: focal_pk,
                ladder.UNIT_HEAD: heads[unit.pk],
                ladder.DIRECTOR: director.pk,
            }
            sent += [
                (i, key, due_db[offset], recipient[level], level) + sent_const_values
                for key, level in past[offset]
            ]
            batch.append(
                (
                    i,
                    f"bt-{i}",
                    f"Nhiệm vụ {i}: {rng.choice(phrases)} {rng.choice(phrases)}",
                    unit.pk,
                    focal_pk,
                    director.pk,
                    units[0].pk,
                    assigned,
                    due_db[offset],
                    statuses[i % len(statuses)],
                    next_at[offset],
                )
                + const_values
            )
        with transaction.atomic():
            write(batch)
            write_sent(sent)
        if start == 1 or (start - 1) // BATCH % 4 == 3:
            print(
                f"  {min(rows, start + BATCH - 1):>9,} tasks  {time.perf_counter() - started:6.1f} s",
                flush=True,
            )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('assignments_task', 'id'), %s)", [rows])
            cursor.execute("VACUUM ANALYZE assignments_task")
        else:
            cursor.execute("ANALYZE")
    print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    return time.perf_counter() - started


def data_present(rows):
    from django.db.utils import DatabaseError

    from coophub.assignments.models import Task

    try:
        return Task.objects.count() == rows
    except DatabaseError:
        return False


# --- measurement ----------------------------------------------------------------------------------


def measure(batch, send):
    from django.db import connection

    from coophub.assignments.models import Task
    from coophub.scheduler import claims

    now, first_fire = now_and_first_fire()
    adapt = connection.ops.adapt_datetimefield_value

    def bare():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM assignments_task WHERE next_reminder_at <= %s", [adapt(now)])
            return cursor.fetchall()

    def claim_all(lease):
        taken = []
        while True:
            ids = claims.claim_due(Task, "next_reminder_at", now=now, batch=batch, lease=lease)
            taken += ids
            if len(ids) < batch:
                return taken

    def restore(lease, ids=None):
        rows = Task.objects.filter(next_reminder_at=lease)
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        return rows.update(next_reminder_at=first_fire)

    due = len(bare())
    bare_ms, claim_ms = [], []
    for round_ in range(ROUNDS):
        for _ in range(3):
            t0 = time.perf_counter()
            bare()
            bare_ms.append((time.perf_counter() - t0) * 1000)
        lease = claims.lease_from(now) + datetime.timedelta(microseconds=round_)
        t0 = time.perf_counter()
        taken = claim_all(lease)
        claim_ms.append((time.perf_counter() - t0) * 1000)
        assert len(taken) == due, (len(taken), due)
        assert restore(lease) == due
    result = {
        "due": due,
        "bare_ms": bare_ms,
        "claim_ms": claim_ms,
        "bare_median_ms": statistics.median(bare_ms),
        "claim_median_ms": statistics.median(claim_ms),
        "claim_max_ms": max(claim_ms),
    }
    if send:
        result["send"] = measure_send(now, first_fire, batch, send, claim_all, restore)
    return result


def measure_send(now, first_fire, batch, send, claim_all, restore):
    """sweep(now) over `send` of the due tasks, picked at random; the database is put back afterwards."""
    from django_tasks_db.models import DBTaskResult

    from coophub.assignments.models import ReminderSent, Task
    from coophub.notifications.models import Notification
    from coophub.scheduler import claims
    from coophub.scheduler.sweep import sweep
    from coophub.timeline.models import TimelineEvent

    history = ReminderSent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def clean():  # keep the generated history of what earlier sweeps sent
        ReminderSent.objects.filter(pk__gt=history).delete()
        for model in (Notification, TimelineEvent, DBTaskResult):
            model.objects.all().delete()

    clean()
    lease = claims.lease_from(now)
    taken = claim_all(lease)
    sample = random.Random(len(taken)).sample(taken, min(len(taken), send + 20))
    warm, timed = sample[:20], sample[20:]
    restore(lease, warm)
    sweep(now=now, batch=batch)  # first calls pay for imports and caches
    restore(lease, timed)
    t0 = time.perf_counter()
    swept = sweep(now=now, batch=batch)
    seconds = time.perf_counter() - t0
    restore(lease)
    Task.objects.filter(pk__in=sample).update(next_reminder_at=first_fire)
    clean()
    return {
        "tasks": swept.claimed,
        "sent": swept.sent,
        "escalated": swept.escalated,
        "failed": swept.failed,
        "seconds": seconds,
        "ms_per_task": seconds * 1000 / max(1, swept.claimed),
        "projected_full_batch_s": seconds / max(1, swept.claimed) * len(taken),
    }


def run_one(args):
    url = common.sqlite_url(SQLITE_NAME) if args.db == "sqlite" else PG_URL
    if not args.reuse:
        common.reset_database(url)
    common.setup_django(url)
    from django.db import connection

    print(f"== {connection.vendor}: {url}", flush=True)
    common.migrate()
    gen_seconds = None
    if not (args.reuse and data_present(args.rows)):
        if args.reuse:
            connection.close()
            common.reset_database(url)
            common.migrate()
        print(f"  generating {args.rows:,} open tasks", flush=True)
        gen_seconds = generate(args.rows, args.seed)
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
    else:
        import sqlite3

        version = sqlite3.sqlite_version
    result = {
        "vendor": connection.vendor,
        "version": str(version),
        "rows": args.rows,
        "batch": args.batch,
        "generation_s": gen_seconds,
        **measure(args.batch, args.send),
    }
    print_result(result)
    if args.json:
        print("RESULT " + json.dumps(result), flush=True)
    return result


def print_result(r):
    ratio = r["claim_median_ms"] / r["bare_median_ms"]
    ok = "met" if r["claim_max_ms"] < 5000 else "MISSED"
    print(
        f"\n  {r['vendor']} {r['version']}: {r['rows']:,} open tasks, {r['due']:,} due at "
        f"{TODAY:%d/%m/%Y} 09:00 ({r['due'] / r['rows']:.2%}); claimed in batches of {r['batch']}"
    )
    print(f"  bare indexed scan   median {r['bare_median_ms']:9.1f} ms  (runs: {_ms(r['bare_ms'])})")
    print(f"  find-and-claim      median {r['claim_median_ms']:9.1f} ms  (rounds: {_ms(r['claim_ms'])})")
    print(
        f"  claim / bare = {ratio:.1f}; slowest claim {r['claim_max_ms'] / 1000:.2f} s (target < 5 s: {ok})"
    )
    if "send" in r:
        s = r["send"]
        print(
            f"  send path: {s['tasks']:,} tasks in {s['seconds']:.1f} s ({s['ms_per_task']:.1f} ms per task: "
            f"{s['sent']:,} reminders, {s['escalated']:,} escalations, {s['failed']} failed); "
            f"the whole due batch would take ~{s['projected_full_batch_s']:.0f} s"
        )
    print(flush=True)


def _ms(values):
    return ", ".join(f"{v:.1f}" for v in values)


def main():
    args = parse_args()
    if args.db != "both":
        run_one(args)
        return
    results = []
    for db in ("sqlite", "postgres"):
        argv = [sys.executable, __file__, "--db", db, "--rows", str(args.rows), "--batch", str(args.batch)]
        argv += ["--send", str(args.send), "--seed", str(args.seed), "--json"] + (
            ["--reuse"] if args.reuse else []
        )
        with subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) as proc:
            for line in proc.stdout:
                if line.startswith("RESULT "):
                    results.append(json.loads(line[7:]))
                else:
                    print(line, end="", flush=True)
        if proc.returncode:
            raise SystemExit(f"the {db} run failed (exit {proc.returncode})")
    print(f"== summary ({datetime.date.today().isoformat()}, {os.cpu_count()} CPUs)")
    for r in results:
        line = (
            f"  {r['vendor']:<10} {r['due']:,} due of {r['rows']:,}: bare {r['bare_median_ms']:.1f} ms, "
            f"claim {r['claim_median_ms']:.1f} ms (max {r['claim_max_ms']:.1f}), "
            f"ratio {r['claim_median_ms'] / r['bare_median_ms']:.1f}"
        )
        if "send" in r:
            line += f"; send {r['send']['ms_per_task']:.1f} ms/task"
        print(line)


if __name__ == "__main__":
    main()
