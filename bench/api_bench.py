"""API benchmark: GET /api/v1/partners?limit=50 against a trivial JSON view of the same stack, under load.

    .venv/bin/python bench/api_bench.py                      # 50,000 partners, 20 clients, 20 s per endpoint
    .venv/bin/python bench/api_bench.py --duration 5 --partners 5000

Data: the PostgreSQL database coophub_bench (BENCH_PG_URL) is dropped, re-created and migrated; 50,000
partners (30 % with an alias, countries from the shipped table) are bulk-inserted as benchmark data. A user
with the admin role and an officer of a specialised unit each get a personal API token
(coophub.accounts.services.create_token).

Server: gunicorn config.wsgi-equivalent (bench.bench_settings = the production settings + /bench/ping),
gthread, 2 workers x 4 threads, on 127.0.0.1:<free port>, DEBUG off, run once with the default
COOPHUB_CONN_MAX_AGE=0 (a new database connection per request) and once with COOPHUB_CONN_MAX_AGE=60
(persistent connections).

Load: 20 keep-alive HTTP/1.1 connections on loopback (asyncio, one process) for a fixed duration per endpoint,
after a short warm-up. Reports requests/s, p50/p95 latency and rps(partners) / rps(trivial); target >= 0.5.
Everything is bounded: the load stops after --duration seconds and gunicorn is stopped at the end.
"""

import argparse
import asyncio
import datetime
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--partners", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load per endpoint")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument(
        "--conn-max-age", default="0,60", help="COOPHUB_CONN_MAX_AGE values to run, comma-separated"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep coophub_bench if it already holds the partners"
    )
    parser.add_argument("--seed", type=int, default=20261123)
    return parser.parse_args(argv)


# --- data -----------------------------------------------------------------------------------------


def generate(n, seed):
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.search_bench import Corpus, constant_values, row_writer
    from coophub.accounts.models import Membership, Unit, User
    from coophub.accounts.services import create_token
    from coophub.core.models import Visibility
    from coophub.partners.choices import PartnerKind
    from coophub.partners.models import Country, Partner, PartnerAlias

    started = time.perf_counter()
    units = list(Unit.objects.order_by("pk")[:8]) or [
        Unit.objects.create(code="htqt", name_vi="Vụ Hợp tác quốc tế", name_en="DIC", is_dic=True)
    ]
    dic = next((u for u in units if u.is_dic), units[0])
    other = next((u for u in units if u.pk != dic.pk), dic)
    admin = User.objects.create_user("bench_admin", password="bench-pass-123")
    Membership.objects.create(user=admin, unit=dic, role="admin")
    officer = User.objects.create_user("bench_officer", password="bench-pass-123")
    Membership.objects.create(user=officer, unit=other, role="officer")
    countries = list(Country.objects.values_list("iso2", flat=True)) or [None]

    corpus = Corpus(seed)
    rng = random.Random(seed + 2)
    now = timezone.now()
    kinds = [k.value for k in PartnerKind]
    vary = [
        "id",
        "code",
        "kind",
        "name_vi",
        "name_en",
        "acronym",
        "country_id",
        "owner_unit_id",
        "visibility",
        "description",
    ]
    const = constant_values(Partner, vary, now)
    write_partners = row_writer(Partner, vary + list(const))
    write_aliases = row_writer(PartnerAlias, ["partner_id", "text", "language"])
    vis = [Visibility.MINISTRY.value] * 90 + [Visibility.UNIT.value] * 7 + [Visibility.RESTRICTED.value] * 3
    const_vals = tuple(const.values())
    batch = 10_000
    for start in range(1, n + 1, batch):
        rows, aliases = [], []
        for i in range(start, min(n, start + batch - 1) + 1):
            name_vi, name_en, acronym, _title, body = corpus.partner(i)
            rows.append(
                (
                    i,
                    f"bp-{i}",
                    kinds[i % len(kinds)],
                    name_vi,
                    name_en,
                    acronym,
                    rng.choice(countries),
                    units[i % len(units)].pk,
                    rng.choice(vis),
                    body[:400],
                )
                + const_vals
            )
            if rng.random() < 0.3:
                aliases.append((i, f"{acronym} {i}", "en"))
        with transaction.atomic():
            write_partners(rows)
            write_aliases(aliases)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT setval(pg_get_serial_sequence('partners_partner', 'id'), %s)", [n])
        cursor.execute("ANALYZE")
    tokens = {}
    for user in (admin, officer):
        _token, raw = create_token(actor=user, name="benchmark")
        tokens[user.username] = raw
    print(f"  {n:,} partners generated in {time.perf_counter() - started:.1f} s", flush=True)
    return tokens


def fresh_tokens():
    from coophub.accounts.models import User
    from coophub.accounts.services import create_token

    return {
        u.username: create_token(actor=u, name="benchmark")[1]
        for u in User.objects.filter(username__in=["bench_admin", "bench_officer"])
    }


# --- server ---------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port, conn_max_age):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "DATABASE_URL": common.PG_URL,
        "COOPHUB_DEBUG": "false",
        "COOPHUB_SECRET_KEY": secrets.token_urlsafe(40),
        "COOPHUB_CONN_MAX_AGE": str(conn_max_age),
        "COOPHUB_LOG_LEVEL": "ERROR",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(gunicorn),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        "2",
        "--threads",
        "4",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(proc)
    raise SystemExit("gunicorn did not start within 30 s")


def stop_gunicorn(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- load -----------------------------------------------------------------------------------------


async def one_client(port, request: bytes, until: float, latencies: list, errors: list):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                errors.append(status)
            if b"connection: close" in head.lower():
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


async def load(port, path, headers, clients, duration):
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "\r\n"
    ).encode()
    latencies, errors = [], []
    started = time.perf_counter()
    until = started + duration
    await asyncio.gather(*(one_client(port, request, until, latencies, errors) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(ms),
        "rps": len(ms) / elapsed,
        "errors": len(errors),
        "error_statuses": sorted(set(errors))[:5],
        **common.summary(ms),
    }


def check(port, path, headers):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}: {body[:300]!r}")
    return json.loads(body)


def main():
    args = parse_args()
    url = common.PG_URL
    if not args.reuse:
        common.reset_database(url)
    common.setup_django(url)
    from django.db import connection

    print(f"== {connection.vendor}: {url}", flush=True)
    common.migrate()
    from coophub.partners.models import Partner

    if args.reuse and Partner.objects.count() == args.partners:
        tokens = fresh_tokens()
    else:
        if args.reuse:
            connection.close()
            common.reset_database(url)
            common.migrate()
        tokens = generate(args.partners, args.seed)
    connection.close()

    endpoints = [
        ("trivial /bench/ping", "/bench/ping", {}),
        (
            "partners (admin token)",
            "/api/v1/partners?limit=50",
            {"Authorization": f"Bearer {tokens['bench_admin']}"},
        ),
        (
            "partners (officer token)",
            "/api/v1/partners?limit=50",
            {"Authorization": f"Bearer {tokens['bench_officer']}"},
        ),
    ]
    results = []
    for cma in [int(x) for x in args.conn_max_age.split(",") if x.strip()]:
        port = free_port()
        proc = start_gunicorn(port, cma)
        try:
            body = check(port, endpoints[1][1], endpoints[1][2])
            print(
                f"\n== gunicorn gthread 2x4 on 127.0.0.1:{port}, COOPHUB_CONN_MAX_AGE={cma}; "
                f"/api/v1/partners count={body['count']:,}, {len(body['items'])} items per page",
                flush=True,
            )
            for label, path, headers in endpoints:
                check(port, path, headers)
                asyncio.run(load(port, path, headers, args.clients, args.warmup))
                r = asyncio.run(load(port, path, headers, args.clients, args.duration))
                r.update(label=label, conn_max_age=cma)
                results.append(r)
                print(
                    f"  {label:<26} {r['rps']:8.1f} req/s  p50 {r['p50']:7.2f} ms  p95 {r['p95']:7.2f} ms  "
                    f"({r['requests']:,} requests, {r['errors']} errors)",
                    flush=True,
                )
        finally:
            stop_gunicorn(proc)

    print(
        f"\n== summary ({datetime.date.today().isoformat()}, {os.cpu_count()} CPUs, {args.clients} clients, "
        f"{args.duration:.0f} s per endpoint, {args.partners:,} partners)"
    )
    for cma in sorted({r["conn_max_age"] for r in results}):
        rows = [r for r in results if r["conn_max_age"] == cma]
        trivial = rows[0]
        for r in rows[1:]:
            ratio = r["rps"] / trivial["rps"]
            print(
                f"  CONN_MAX_AGE={cma:<3} {r['label']:<26} rps {r['rps']:.1f} "
                f"vs trivial {trivial['rps']:.1f} "
                f"-> ratio {ratio:.2f} (target >= 0.5: {'met' if ratio >= 0.5 else 'MISSED'}); "
                f"p95 {r['p95']:.1f} ms vs {trivial['p95']:.1f} ms"
            )
    print("RESULT " + json.dumps(results))


if __name__ == "__main__":
    main()
