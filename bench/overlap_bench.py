"""Overlap benchmark: coophub.overlaps.queries.find_similar() over 200,000 open records, against a bare
indexed lookup of the same postings.

    .venv/bin/python bench/overlap_bench.py                  # both databases, 200,000 open records each
    .venv/bin/python bench/overlap_bench.py --db sqlite --rows 50000
    .venv/bin/python bench/overlap_bench.py --db postgres --reuse   # keep the data of the previous run

Each database is its own, dropped and re-created: bench/out/overlap_bench.sqlite3 and the PostgreSQL database
coophub_bench_overlap on the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432). The records
are benchmark partners (bulk-inserted, standing in for tasks and commitments) with task-like titles built from
word lists: an action ("Xây dựng", "Đôn đốc", "Prepare" …), one or two cooperation phrases, often a country or
organisation, a document reference ("Nghị quyết 59-NQ/TW", "Quyết định 1234/QĐ-BNNMT"), a year or a name from
a long tail; a third have a short description. Each has a partner key (Zipf over 5,000 partners) and a country
key. 2 % are planted near-duplicates of an earlier record (diacritics dropped, a word added or removed, the
year changed). The overlap index is written with the engine's own entry_values(), as reindex_overlap would.

Timed, per query (50 new titles, half of them near-duplicates of a stored record), same process, interleaved:
  bare     SELECT entry_id FROM the postings WHERE token IN (the lookup tokens find_similar picks), executed
           directly — the index lookup alone, nothing scored;
  cold     find_similar(title, partner_ids, country_ids) with the document-frequency cache emptied first;
  warm     the same with the cache as the previous queries left it;
  visible  find_visible_similar(officer, …): warm, then each match confirmed against the Partner policy scope.
Also: recall of the planted duplicates (found first / in the top 10), and one run of possible_overlaps().
Target: p95 < 300 ms on both databases.
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
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.search_bench import constant_values, row_writer  # noqa: E402

SQLITE_NAME = "overlap_bench.sqlite3"
PG_NAME = "coophub_bench_overlap"
BATCH = 10_000
PARTNERS = 5_000
TARGET_MS = 300

ACTIONS_VI = (
    "Xây dựng;Triển khai;Tổ chức;Chuẩn bị;Báo cáo;Đôn đốc;Rà soát;Hoàn thiện;Đề xuất;Phối hợp;Theo dõi;"
    "Tổng hợp;Góp ý;Trình;Thúc đẩy;Đàm phán;Ký kết;Đánh giá;Cập nhật;Hướng dẫn;Xúc tiến;Làm việc với"
).split(";")
ACTIONS_EN = (
    "Prepare;Organise;Review;Follow up on;Draft;Negotiate;Report on;Coordinate;Finalise;Propose;Update"
).split(";")
DOCS = ["Nghị quyết {n}-NQ/TW", "Nghị quyết {n}/NQ-CP", "Quyết định {n}/QĐ-BNNMT", "Công văn {n}/BNNMT-HTQT",
        "Chỉ thị {n}/CT-TTg", "Kết luận {n}-KL/TW"]  # fmt: skip
TAILS = ["năm {y}", "giai đoạn {y}-{z}", "quý {q} năm {y}", "lần thứ {k}", "đợt {k}", "khóa {k}"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rows", type=int, default=200_000, help="open records (default 200,000)")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--reuse", action="store_true", help="keep the benchmark database if it is complete")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def pg_url() -> str:
    base = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(base if base.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/x")
    return urlunsplit((parts.scheme, parts.netloc, f"/{PG_NAME}", "", ""))


# --- data -----------------------------------------------------------------------------------------


class Titles:
    """Task and commitment titles as officers write them, from one seeded vocabulary."""

    def __init__(self, seed):
        from coophub.core.text import fold_vi

        self.fold_vi = fold_vi
        self.rng = random.Random(seed)
        self.phrases, self.en_words, self.names = common.vocabulary(seed)
        self.phrase_cum = _cum(len(self.phrases))
        self.name_cum = _cum(len(self.names))
        self.partner_cum = _cum(PARTNERS)
        self.country_cum = _cum(len(common.COUNTRIES))

    def record(self):
        """(title, description, partner id, country iso-like code)."""
        rng = self.rng
        country = rng.choices(range(len(common.COUNTRIES)), cum_weights=self.country_cum)[0]
        country_vi, country_en = common.COUNTRIES[country]
        if rng.random() < 0.2:
            words = [rng.choice(ACTIONS_EN)] + rng.sample(self.en_words, rng.randint(2, 5))
            if rng.random() < 0.7:
                words += [rng.choice(["with", "for", "of"]), country_en]
            if rng.random() < 0.5:
                words.append(rng.choices(self.names, cum_weights=self.name_cum)[0].title())
            title = " ".join(words)
        else:
            parts = [rng.choice(ACTIONS_VI)]
            parts += rng.choices(self.phrases, cum_weights=self.phrase_cum, k=rng.randint(1, 2))
            roll = rng.random()
            if roll < 0.35:
                parts += [rng.choice(["với", "của", "tại", "giữa Việt Nam và"]), country_vi]
            elif roll < 0.55:
                parts += ["với", rng.choice(common.ORG_KINDS)[0], country_vi]
            if rng.random() < 0.3:
                parts.append(rng.choice(DOCS).format(n=rng.randint(1, 2500)))
            if rng.random() < 0.4:
                y = rng.randint(2020, 2030)
                tail = rng.choice(TAILS).format(
                    y=y, z=y + 5, q=rng.choice("I II III IV".split()), k=rng.randint(1, 30)
                )
                parts.append(tail)
            if rng.random() < 0.3:
                parts.append(rng.choices(self.names, cum_weights=self.name_cum)[0].title())
            title = " ".join(parts)
            title = title[0].upper() + title[1:]
        description = ""
        if rng.random() < 0.33:
            description = " ".join(
                rng.choices(self.phrases, cum_weights=self.phrase_cum, k=rng.randint(3, 7))
            )
        partner = rng.choices(range(1, PARTNERS + 1), cum_weights=self.partner_cum)[0]
        return title[:255], description, partner, f"C{country}"

    def variant(self, title, rng=None):
        """A near-duplicate, as a second officer would type it."""
        rng = rng or self.rng
        words = title.split()
        roll = rng.random()
        if roll < 0.3 and len(words) > 5:
            del words[rng.randrange(1, len(words))]
        elif roll < 0.6:
            words.append(rng.choice(["năm 2026", "(lần 2)", "của Bộ", "theo chỉ đạo", "tại Hà Nội"]))
        elif roll < 0.8:
            words = [str(int(w) + 1) if w.isdigit() else w for w in words]
        out = " ".join(words)
        return self.fold_vi(out) if rng.random() < 0.5 else out


def _cum(n, s=1.0):
    total, out = 0.0, []
    for w in common.zipf_weights(n, s):
        total += w
        out.append(total)
    return out


def generate(rows, seed):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from coophub.accounts.models import Membership, Unit, User
    from coophub.overlaps.models import OverlapEntry, OverlapToken
    from coophub.overlaps.registry import entry_values
    from coophub.partners.models import Partner

    started = time.perf_counter()
    unit, other = (
        Unit.objects.get_or_create(code=code, defaults={"name_vi": vi, "name_en": en, "abbreviation": abbr})[
            0
        ]
        for code, vi, en, abbr in [
            ("htqt", "Vụ Hợp tác quốc tế", "Department of International Cooperation", "HTQT"),
            ("lnkl", "Cục Lâm nghiệp và Kiểm lâm", "Forestry", "LNKL"),
        ]
    )
    officer = User.objects.create_user("bench_officer", password="bench-pass-123")
    Membership.objects.create(user=officer, unit=other, role="officer")
    titles = Titles(seed)
    now = timezone.now()
    p_vary = ["id", "code", "kind", "name_vi", "description", "owner_unit_id", "visibility"]
    p_const = constant_values(Partner, p_vary, now)
    write_partners = row_writer(Partner, p_vary + list(p_const))
    e_cols = [
        "id",
        "object_type_id",
        "object_id",
        "is_open",
        "text_fold",
        "keys",
        "grams_count",
        "updated_at",
    ]
    write_entries = row_writer(OverlapEntry, e_cols)
    write_tokens = row_writer(OverlapToken, ["entry_id", "token", "object_type_id"])
    ct = ContentType.objects.get_for_model(Partner).pk
    pg = connection.vendor == "postgresql"
    stamp = OverlapEntry._meta.get_field("updated_at").get_db_prep_save(now, connection)
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX overlap_token_lookup")
    rng = random.Random(seed + 1)
    p_const_vals = tuple(p_const.values())
    kept: list[tuple] = []  # earlier records, for planted duplicates
    planted: list[tuple[int, int]] = []
    postings = 0
    for start in range(1, rows + 1, BATCH):
        partners, entries, tokens = [], [], []
        for i in range(start, min(rows, start + BATCH - 1) + 1):
            if kept and rng.random() < 0.02:
                original, title, description, partner, country = rng.choice(kept)
                title = titles.variant(title, rng)
                planted.append((original, i))
            else:
                title, description, partner, country = titles.record()
            if len(kept) < 20_000 or rng.random() < 0.05:
                kept.append((i, title, description, partner, country))
            visibility = "restricted" if rng.random() < 0.05 else "ministry"
            partners.append(
                (i, f"ob-{i}", "ministry", title, description, unit.pk, visibility) + p_const_vals
            )
            values, toks = entry_values(
                f"{title} {description}", {"partner_ids": [partner], "country_ids": [country]}
            )
            entries.append(
                (i, ct, i, True, values["text_fold"], values["keys"], values["grams_count"], stamp)
            )
            tokens.extend((i, tok, ct) for tok in toks)
        postings += len(tokens)
        with transaction.atomic():
            write_partners(partners)
            write_entries(entries)
            write_tokens(tokens)
        if start == 1 or (start - 1) // BATCH % 5 == 4:
            done = min(rows, start + BATCH - 1)
            print(f"  {done:>9,} records  {postings:>11,} postings  {time.perf_counter() - started:6.1f} s")
    planted_path(connection.vendor).write_text(json.dumps(planted))
    index_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX overlap_token_lookup ON overlaps_overlaptoken (token, entry_id, object_type_id)"
        )
        if pg:
            for table in ("partners_partner", "overlaps_overlapentry"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [rows])
            cursor.execute(
                "VACUUM ANALYZE"
            )  # autovacuum would, later: index-only scans need the visibility map
        else:
            cursor.execute("ANALYZE")
    print(
        f"  lookup index built in {time.perf_counter() - index_started:.1f} s; {postings:,} postings "
        f"({postings / rows:.1f} a record); generation total {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return time.perf_counter() - started


def planted_path(vendor) -> Path:
    return common.OUT / f"overlap_bench_planted.{vendor}.json"


def data_present(rows):
    from django.db import connection
    from django.db.utils import DatabaseError

    from coophub.overlaps.models import OverlapEntry

    try:
        return OverlapEntry.objects.count() == rows and planted_path(connection.vendor).exists()
    except DatabaseError:
        return False


def queries(n, seed):
    """n new titles with their keys: half near-duplicates of a stored record (its id given), half fresh."""
    from coophub.overlaps.models import OverlapEntry
    from coophub.partners.models import Partner

    rng = random.Random(seed + 2)
    titles = Titles(seed + 3)
    last = OverlapEntry.objects.order_by("-id").values_list("id", flat=True).first()
    out = []
    for k in range(n):
        if k % 2 == 0:
            pid = rng.randint(1, last)
            partner = Partner.objects.get(pk=pid)
            keys = OverlapEntry.objects.get(object_id=pid).keys.split()
            text = titles.variant(partner.name_vi, rng)
            if partner.description:
                text += " " + partner.description
            p_ids = [t[2:] for t in keys if t.startswith("p:")]
            c_ids = [t[2:].upper() for t in keys if t.startswith("c:")]
            out.append((text, p_ids, c_ids, pid))
        else:
            title, description, partner, country = titles.record()
            out.append((f"{title} {description}".strip(), [partner], [country], None))
    return out


# --- measurement ----------------------------------------------------------------------------------


def register_spec():
    """The benchmark partners stand in for tasks: registered like assignments/overlaps.py will register Task.
    Keys are stored in the generated entries; the spec only renders matches (and would reindex)."""
    from coophub.overlaps.registry import OverlapSpec, register_overlap
    from coophub.partners.models import Partner

    @register_overlap
    class BenchSpec(OverlapSpec):
        model = Partner

        def text(self, obj):
            return f"{obj.name_vi} {obj.description}"

        def label(self, obj):
            return obj.name_vi

        def queryset(self):
            return Partner.objects.only("id", "name_vi")


def measure(qs):
    from django.db import connection

    from coophub.accounts.models import User
    from coophub.overlaps import queries as q

    officer = User.objects.get(username="bench_officer")
    lookups = [q.plan(text, partner_ids=p, country_ids=c).lookup for text, p, c, _orig in qs]

    def bare(tokens):
        sql = f"SELECT entry_id FROM overlaps_overlaptoken WHERE token IN ({', '.join('%s' for _ in tokens)})"
        with connection.cursor() as cursor:
            cursor.execute(sql, tokens)
            return cursor.fetchall()

    def cold(text, p, c):
        q.clear_cache()
        return q.find_similar(text, partner_ids=p, country_ids=c)

    def warm(text, p, c):
        return q.find_similar(text, partner_ids=p, country_ids=c)

    def visible(text, p, c):
        return q.find_visible_similar(officer, text, partner_ids=p, country_ids=c)

    for (text, p, c, _orig), tokens in zip(qs, lookups, strict=True):  # warm-up: same pages cached for all
        bare(tokens)
        warm(text, p, c)
    q.clear_cache()
    times = {"bare": [], "cold": [], "warm": [], "visible": []}
    found_first = found_top = planted = 0
    postings, slowest = [], []
    for n, ((text, p, c, orig), tokens) in enumerate(zip(qs, lookups, strict=True)):
        order = [("bare", bare, (tokens,)), ("cold", cold, (text, p, c)), ("warm", warm, (text, p, c))]
        order.append(("visible", visible, (text, p, c)))
        if n % 2:
            order = [order[0], order[2], order[1], order[3]][::-1]
        for key, fn, args in order:
            t0 = time.perf_counter()
            result = fn(*args)
            ms = (time.perf_counter() - t0) * 1000
            times[key].append(ms)
            if key == "bare":
                postings.append(len(result))
            if key == "cold":
                slowest.append((ms, text[:70], len(result)))
                if orig is not None:
                    planted += 1
                    ids = [m.object_id for m in result]
                    found_first += bool(ids) and ids[0] == orig
                    found_top += orig in ids
    slowest.sort(reverse=True)
    recall = {"planted": planted, "first": found_first, "top10": found_top}
    return {k: common.summary(v) for k, v in times.items()}, recall, common.summary(postings), slowest[:6]


def report_run():
    """possible_overlaps() as the report calls it, timed; then how many planted near-duplicate pairs reach
    min_score 0.6 at all (every scored pair, not only the 500 best)."""
    from django.db import connection

    from coophub.overlaps.queries import possible_overlaps
    from coophub.overlaps.report import open_rows, scored_pairs

    t0 = time.perf_counter()
    pairs = possible_overlaps(limit=500)
    seconds = time.perf_counter() - t0
    rows = open_rows()
    found = {frozenset((rows[a][1], rows[b][1])) for _v, _r, a, b in scored_pairs(rows, 0.6)}
    planted = {frozenset(p) for p in json.loads(planted_path(connection.vendor).read_text())}
    return {
        "seconds": seconds,
        "pairs": len(pairs),
        "scored_pairs": len(found),
        "planted": len(planted),
        "planted_found": len(planted & found),
        "sample": [(p.score, p.first.label, p.second.label) for p in pairs[:3]],
    }


def run_one(args):
    url = common.sqlite_url(SQLITE_NAME) if args.db == "sqlite" else pg_url()
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
        print(f"  generating {args.rows:,} open records and their overlap index", flush=True)
        gen_seconds = generate(args.rows, args.seed)
    register_spec()
    qs = queries(args.queries, args.seed)
    stats, recall, postings, slowest = measure(qs)
    report = report_run()
    if connection.vendor == "postgresql":
        version = str(connection.cursor().connection.info.server_version)
    else:
        import sqlite3

        version = sqlite3.sqlite_version
    result = {
        "vendor": connection.vendor,
        "version": version,
        "rows": args.rows,
        "queries": len(qs),
        "generation_s": gen_seconds,
        "stats": stats,
        "recall": recall,
        "bare_postings": postings,
        "slowest": slowest,
        "report": report,
    }
    print_result(result)
    if args.json:
        print("RESULT " + json.dumps(result, default=str), flush=True)
    return result


def print_result(r):
    s = r["stats"]
    print(f"\n  {r['vendor']} {r['version']}: {r['rows']:,} open records, {r['queries']} queries")
    print(f"  {'path':<10}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}{'max ms':>9}{'p95/bare':>10}")
    for key in ("bare", "cold", "warm", "visible"):
        print(
            f"  {key:<10}{s[key]['p50']:>9.2f}{s[key]['p95']:>9.2f}{s[key]['mean']:>9.2f}"
            f"{s[key]['max']:>9.2f}{s[key]['p95'] / s['bare']['p95']:>10.2f}"
        )
    for key in ("cold", "warm", "visible"):
        ok = "met" if s[key]["p95"] < TARGET_MS else "MISSED"
        print(f"  {key}: p95 {s[key]['p95']:.1f} ms (target < {TARGET_MS} ms: {ok})")
    bp = r["bare_postings"]
    print(f"  postings read by bare: p50 {bp['p50']:.0f}, p95 {bp['p95']:.0f}, max {bp['max']:.0f}")
    rc = r["recall"]
    print(
        f"  planted near-duplicates found first {rc['first']}/{rc['planted']}, "
        f"in the top 10 {rc['top10']}/{rc['planted']}"
    )
    rep = r["report"]
    print(
        f"  possible_overlaps(limit=500): {rep['seconds']:.1f} s, {rep['pairs']} pairs; of all "
        f"{rep['scored_pairs']:,} pairs scoring >= 0.6, {rep['planted_found']}/{rep['planted']} planted ones"
    )
    for score, a, b in rep["sample"]:
        print(f"    {score:.2f}  {a[:50]!r} ~ {b[:50]!r}")
    print("  slowest cold queries (ms, text, matches):")
    for ms, text, count in r["slowest"]:
        print(f"    {ms:8.2f}  {text!r}  {count}")
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
        ]
        argv += ["--seed", str(args.seed), "--json"] + (["--reuse"] if args.reuse else [])
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
            f"  {r['vendor']:<10} bare p95 {s['bare']['p95']:.1f} ms | find_similar cold p50/p95 "
            f"{s['cold']['p50']:.1f}/{s['cold']['p95']:.1f} ms, "
            f"warm {s['warm']['p50']:.1f}/{s['warm']['p95']:.1f} ms | "
            f"ratio p95(cold)/p95(bare) {s['cold']['p95'] / s['bare']['p95']:.2f}"
        )


if __name__ == "__main__":
    main()
