"""Search benchmark: coophub.search.queries.search() over 1,000,000 indexed partners, against the
bare backend query.

    .venv/bin/python bench/search_bench.py                 # both databases, 1,000,000 rows each
    .venv/bin/python bench/search_bench.py --db sqlite --rows 100000
    .venv/bin/python bench/search_bench.py --db postgres --reuse   # keep the data of the previous run

Each database is its own, dropped and re-created: bench/out/search_bench.sqlite3 and the PostgreSQL database
coophub_bench (BENCH_PG_URL). The data is benchmark data, written with bulk inserts (not through the
services): N partners and one SearchEntry per partner (object_type = partners.Partner), titles built from
organisation and country names, bodies from a Zipf-distributed vocabulary of ~3,000 folded Vietnamese/English
tokens.

Timed, per query, in the same process and the same warm cache:
  bare    the backend's own SQL (coophub.search.backends.<vendor>.match_sql, limit 20 * 5), executed directly
          (it returns the newest RANK_WINDOW matches, unranked);
  search  coophub.search.queries.search(user, q, limit=20): folding, the same match, the policy-scope
          confirmation of every candidate and the entry fetch — for an admin (scope = every partner) and for a
          unit officer (scope = ministry-wide records plus their unit's restricted ones).
Targets: p95(search) < 50 ms; p95(search) / p95(bare) < 1.5.
"""

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

SQLITE_NAME = "search_bench.sqlite3"
BATCH = 20_000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rows", type=int, default=1_000_000, help="indexed partners (default 1,000,000)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1, help="timed passes over the query set")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the existing benchmark database if it is complete"
    )
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- data -----------------------------------------------------------------------------------------


class Corpus:
    """Folded title/body text and the queries people would type, from one seeded vocabulary."""

    def __init__(self, seed):
        from coophub.core.text import fold_vi, search_terms

        self.search_terms = search_terms
        self.rng = random.Random(seed)
        phrases, en_words, names = common.vocabulary(seed)
        self.phrases = phrases
        self.en_words = en_words
        self.names = names
        self.orgs = common.ORG_KINDS
        self.countries = common.COUNTRIES
        self.fold = {
            text: fold_vi(text)
            for text in phrases
            + [o for pair in self.orgs for o in pair]
            + [c for pair in self.countries for c in pair]
        }
        # Zipf over the vocabulary; the cooperation phrases come first, so they are the common words.
        vi_folded = [self.fold[p] for p in phrases]
        en = list(en_words)
        self.rng.shuffle(vi_folded)
        self.rng.shuffle(en)
        population = vi_folded + en + names
        self.population = population
        weights = common.zipf_weights(len(population), 1.0)
        total, cum = 0.0, []
        for w in weights:
            total += w
            cum.append(total)
        self.cum = cum
        tokens = {tok for item in population for tok in item.split()}
        self.distinct_tokens = len(tokens)

    def partner(self, i):
        rng = self.rng
        org_vi, org_en = rng.choice(self.orgs)
        country_vi, country_en = rng.choice(self.countries)
        name = rng.choice(self.names)
        acronym = "".join(w[0] for w in org_en.split() if w[0].isalpha()).upper()[:6] + country_en[:2].upper()
        name_vi = f"{org_vi} {country_vi} {name.title()}"
        name_en = f"{org_en} of {country_en} {name.title()}"
        # As coophub.search.registry writes it: the folded words, single-spaced, punctuation dropped.
        title_fold = " ".join(
            self.search_terms(f"{org_vi} {country_vi} {name} {org_en} of {country_en} {acronym}")
        )
        body_words = rng.choices(self.population, cum_weights=self.cum, k=rng.randint(8, 30))
        body_fold = f"bp {i} " + " ".join(body_words) + " " + self.fold[country_vi] + " " + country_en.lower()
        return name_vi, name_en, acronym, title_fold, body_fold

    def queries(self, n):
        """1–4 word queries, as typed: with and without diacritics, phrases, names, prefixes, rare words."""
        rng = random.Random(self.rng.random())
        out = []
        top_phrases = self.phrases[:60]
        for k in range(n):
            kind = k % 10
            if kind in (0, 1, 2):  # a common Vietnamese phrase with diacritics, maybe + a country
                words = rng.choice(top_phrases).split()
                if rng.random() < 0.5:
                    words += rng.choice(self.countries)[0].split()
            elif kind in (3, 4):  # the same without diacritics
                words = self.fold[rng.choice(self.phrases)].split()
                if rng.random() < 0.5:
                    words += self.fold[rng.choice(self.countries)[0]].split()
            elif kind == 5:  # English words
                words = rng.sample(self.en_words, rng.randint(1, 3))
            elif kind == 6:  # an organisation name: "Bộ Nông nghiệp Hàn Quốc"
                org, country = rng.choice(self.orgs)[rng.randint(0, 1)], rng.choice(self.countries)[0]
                words = org.split()[:2] + country.split()[:2]
            elif kind == 7:  # a rare name, maybe with a common word
                words = [rng.choice(self.names)]
                if rng.random() < 0.5:
                    words.insert(0, rng.choice(["doi tac", "hop tac", "du an", "partner"]))
            elif kind == 8:  # prefix typing: "nong ngh", "hop tac quoc"
                words = self.fold[rng.choice(top_phrases)].split()
                words[-1] = words[-1][: max(1, len(words[-1]) - 2)]
            else:  # the founding example
                words = rng.choice(
                    [
                        "hợp tác quốc tế Nhật Bản",
                        "hop tac quoc te nhat ban",
                        "đối tác nông nghiệp",
                        "doi tac",
                        "nong nghiep",
                        "Bộ Nông nghiệp Nhật Bản",
                        "JICA Việt Nam",
                    ]
                ).split()
            out.append(" ".join(words[:4]))
        return out


def row_writer(model, columns):
    """Return write(rows) that bulk-inserts tuples for `columns` into model's table, the fastest
    way per vendor."""
    from django.db import connection

    table = model._meta.db_table
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":

        def write(rows):
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)

    else:
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' for _ in columns)})"

        def write(rows):
            connection.ensure_connection()
            connection.connection.executemany(sql, rows)

    return write


def constant_values(model, varying, now):
    """Database values of every column not in `varying`: defaults, NULLs, timestamps."""
    from django.db import connection

    values = {}
    for field in model._meta.concrete_fields:
        if field.column in varying or getattr(field, "generated", False):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        else:
            value = ""
        values[field.column] = field.get_db_prep_save(value, connection) if value is not None else None
    return values


def generate(rows, seed):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from coophub.accounts.models import Membership, Unit, User
    from coophub.core.models import Visibility
    from coophub.partners.choices import PartnerKind
    from coophub.partners.models import Partner
    from coophub.search import backends
    from coophub.search.models import SearchEntry

    started = time.perf_counter()
    units = [
        Unit.objects.get_or_create(
            code=code, defaults={"name_vi": vi, "name_en": en, "abbreviation": abbr, **extra}
        )[0]
        for code, vi, en, abbr, extra in [
            (
                "htqt",
                "Vụ Hợp tác quốc tế",
                "Department of International Cooperation",
                "HTQT",
                {"is_dic": True},
            ),
            ("ttbvtv", "Cục Trồng trọt và Bảo vệ thực vật", "Plant Protection", "TTBVTV", {}),
            ("lnkl", "Cục Lâm nghiệp và Kiểm lâm", "Forestry", "LNKL", {}),
            ("tsks", "Cục Thủy sản và Kiểm ngư", "Fisheries", "TSKN", {}),
            ("cntt", "Cục Chăn nuôi và Thú y", "Livestock and Veterinary", "CNTY", {}),
        ]
    ]
    admin = User.objects.create_user("bench_admin", password="bench-pass-123")
    Membership.objects.create(user=admin, unit=units[0], role="admin")
    officer = User.objects.create_user("bench_officer", password="bench-pass-123")
    Membership.objects.create(user=officer, unit=units[2], role="officer")

    corpus = Corpus(seed)
    now = timezone.now()
    kinds = [k.value for k in PartnerKind]
    p_vary = ["id", "code", "kind", "name_vi", "name_en", "acronym", "owner_unit_id", "visibility"]
    p_const = constant_values(Partner, p_vary, now)
    p_cols = p_vary + list(p_const)
    e_vary = ["id", "object_type_id", "object_id", "title_fold", "body_fold"]
    e_const = constant_values(SearchEntry, e_vary, now)
    e_cols = e_vary + list(e_const)
    write_partners = row_writer(Partner, p_cols)
    write_entries = row_writer(SearchEntry, e_cols)
    ct = ContentType.objects.get_for_model(Partner).pk
    vis_choices = (
        [Visibility.MINISTRY.value] * 90 + [Visibility.UNIT.value] * 7 + [Visibility.RESTRICTED.value] * 3
    )
    rng = random.Random(seed + 1)

    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if pg:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute("DROP INDEX IF EXISTS search_entry_vector_gin")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS search_fts_ai")
    p_const_vals = tuple(p_const.values())
    e_const_vals = tuple(e_const.values())
    for start in range(1, rows + 1, BATCH):
        partners, entries = [], []
        for i in range(start, min(rows, start + BATCH - 1) + 1):
            name_vi, name_en, acronym, title_fold, body_fold = corpus.partner(i)
            kind = kinds[i % len(kinds)]
            partners.append(
                (
                    i,
                    f"bp-{i}",
                    kind,
                    name_vi,
                    name_en,
                    acronym,
                    units[i % len(units)].pk,
                    rng.choice(vis_choices),
                )
                + p_const_vals
            )
            entries.append((i, ct, i, title_fold, body_fold) + e_const_vals)
        with transaction.atomic():
            write_partners(partners)
            write_entries(entries)
        if start == 1 or (start - 1) // BATCH % 10 == 9:
            print(
                f"  {min(rows, start + BATCH - 1):>9,} rows  {time.perf_counter() - started:6.1f} s",
                flush=True,
            )
    index_started = time.perf_counter()
    with connection.cursor() as cursor:
        if pg:
            cursor.execute(backends.postgres.CREATE[1])  # the migration's GIN index, built once over all rows
            for table in ("partners_partner", "search_searchentry"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [rows])
            cursor.execute("ANALYZE")
        else:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            cursor.execute(backends.sqlite.CREATE[1])  # the migration's insert trigger, back in place
            cursor.execute("ANALYZE")
    print(
        f"  full-text index built in {time.perf_counter() - index_started:.1f} s; "
        f"{corpus.distinct_tokens:,} distinct tokens; generation total {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return time.perf_counter() - started


def data_present(rows):
    from django.db.utils import DatabaseError

    from coophub.search.models import SearchEntry

    try:
        return SearchEntry.objects.count() == rows
    except DatabaseError:
        return False


# --- measurement ----------------------------------------------------------------------------------


def measure(queries, rounds):
    from django.db import connection

    from coophub.accounts.models import User
    from coophub.core.text import search_terms
    from coophub.search import backends
    from coophub.search.queries import search

    backend = backends.backend()
    admin = User.objects.get(username="bench_admin")
    officer = User.objects.get(username="bench_officer")

    def bare(q):
        tokens = search_terms(q)[:12]
        sql, params = backend.match_sql(tokens, limit=20 * 5)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def timed(fn, *args):
        t0 = time.perf_counter()
        result = fn(*args)
        return (time.perf_counter() - t0) * 1000, result

    for q in queries:  # warm-up: both paths see the same cached pages
        bare(q)
        search(admin, q)
        search(officer, q)
    times = {"bare": [], "search_admin": [], "search_officer": []}
    empty = 0
    slowest = []
    for _ in range(rounds):
        for n, q in enumerate(queries):
            order = [
                ("bare", bare, (q,)),
                ("search_admin", search, (admin, q)),
                ("search_officer", search, (officer, q)),
            ]
            if n % 2:
                order.reverse()
            for key, fn, args in order:
                ms, result = timed(fn, *args)
                times[key].append(ms)
                if key == "search_admin":
                    empty += not result
                    slowest.append((ms, q, len(result)))
                if key == "bare":
                    slowest.append((ms, "[bare] " + q, len(result)))
    slowest.sort(reverse=True)
    return {key: common.summary(values) for key, values in times.items()}, empty, slowest[:8]


def run_one(args):
    url = common.sqlite_url(SQLITE_NAME) if args.db == "sqlite" else common.PG_URL
    reuse = args.reuse
    if not reuse:
        common.reset_database(url)
    common.setup_django(url)
    from django.db import connection

    print(f"== {connection.vendor}: {url}", flush=True)
    common.migrate()
    gen_seconds = None
    if not (reuse and data_present(args.rows)):
        if reuse:
            connection.close()
            common.reset_database(url)
            common.migrate()
        print(f"  generating {args.rows:,} partners and search entries", flush=True)
        gen_seconds = generate(args.rows, args.seed)
    corpus = Corpus(args.seed)
    queries = corpus.queries(args.queries)
    stats, empty, slowest = measure(queries, args.rounds)
    version = (
        connection.cursor().connection.info.server_version if connection.vendor == "postgresql" else None
    )
    if connection.vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
    result = {
        "vendor": connection.vendor,
        "version": str(version),
        "rows": args.rows,
        "queries": len(queries),
        "rounds": args.rounds,
        "generation_s": gen_seconds,
        "empty_results": empty,
        "stats": stats,
        "slowest": slowest,
        "sample_queries": queries[:12],
    }
    print_result(result)
    if args.json:
        print("RESULT " + json.dumps(result), flush=True)
    return result


def print_result(r):
    s = r["stats"]
    print(
        f"\n  {r['vendor']} {r['version']}: {r['rows']:,} entries, "
        f"{r['queries']} queries x {r['rounds']} round(s), "
        f"{r['empty_results']} with no hit"
    )
    print(f"  {'path':<16}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}{'max ms':>9}")
    for key in ("bare", "search_admin", "search_officer"):
        print(
            f"  {key:<16}{s[key]['p50']:>9.2f}{s[key]['p95']:>9.2f}"
            f"{s[key]['mean']:>9.2f}{s[key]['max']:>9.2f}"
        )
    for key in ("search_admin", "search_officer"):
        ratio = s[key]["p95"] / s["bare"]["p95"]
        ok_abs = "met" if s[key]["p95"] < 50 else "MISSED"
        ok_ratio = "met" if ratio < 1.5 else "MISSED"
        print(
            f"  {key}: p95 {s[key]['p95']:.2f} ms (target < 50 ms: {ok_abs}); "
            f"p95(search)/p95(bare) = {ratio:.2f} (target < 1.5: {ok_ratio})"
        )
    print("  slowest single queries (ms, query, results):")
    for ms, q, count in r["slowest"]:
        print(f"    {ms:8.2f}  {q!r}  {count}")
    print(flush=True)


def main():
    args = parse_args()
    if args.db != "both":
        run_one(args)
        return
    results = []
    for db in ("sqlite", "postgres"):
        argv = [
            sys.executable,
            __file__,
            "--db",
            db,
            "--rows",
            str(args.rows),
            "--queries",
            str(args.queries),
            "--rounds",
            str(args.rounds),
            "--seed",
            str(args.seed),
            "--json",
        ] + (["--reuse"] if args.reuse else [])
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
        s = r["stats"]
        print(
            f"  {r['vendor']:<10} bare p50/p95 {s['bare']['p50']:.2f}/{s['bare']['p95']:.2f} ms | "
            f"search(admin) {s['search_admin']['p50']:.2f}/{s['search_admin']['p95']:.2f} ms "
            f"ratio {s['search_admin']['p95'] / s['bare']['p95']:.2f} | "
            f"search(officer) {s['search_officer']['p50']:.2f}/{s['search_officer']['p95']:.2f} ms "
            f"ratio {s['search_officer']['p95'] / s['bare']['p95']:.2f}"
        )


if __name__ == "__main__":
    main()
