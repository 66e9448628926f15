"""SQLite: an external-content FTS5 table kept in sync by triggers (migration 0002)."""

from django.db import connection

CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title_fold, body_fold, content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_fold, body_fold) VALUES (new.id, new.title_fold, new.body_fold);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_fold, body_fold)
        VALUES ('delete', old.id, old.title_fold, old.body_fold);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_fold, body_fold)
        VALUES ('delete', old.id, old.title_fold, old.body_fold);
        INSERT INTO search_fts(rowid, title_fold, body_fold) VALUES (new.id, new.title_fold, new.body_fold);
    END""",
]
DROP = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]


def match_expression(tokens: list[str]) -> str:
    # Tokens are [^\W_]+ runs (coophub.core.text.search_terms), so quoting is enough to keep them literal.
    return " ".join(f'"{tok}"*' for tok in tokens)


def match_sql(tokens, *, limit, offset=0, type_ids=None):
    params: list = [match_expression(tokens)]
    type_filter = ""
    if type_ids:
        type_filter = f" AND e.object_type_id IN ({', '.join('%s' for _ in type_ids)})"
        params.extend(type_ids)
    params.extend([limit, offset])
    sql = (
        "SELECT e.id, e.object_type_id, e.object_id FROM search_fts "
        "JOIN search_searchentry e ON e.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s{type_filter} "
        "ORDER BY bm25(search_fts, 10.0, 1.0), e.id LIMIT %s OFFSET %s"
    )
    return sql, params


def match_ids(tokens, *, limit, offset=0, type_ids=None):
    sql, params = match_sql(tokens, limit=limit, offset=offset, type_ids=type_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
