"""SQLite: an external-content FTS5 table kept in sync by triggers (migration 0002), with prefix indexes
for two- and three-letter prefixes (without them, "chu*" merges the lists of every word starting so)."""

from .common import prefixed, window

CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        title_fold, body_fold, content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3')""",
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
    return " ".join(f'"{tok}"*' if prefix else f'"{tok}"' for tok, prefix in prefixed(tokens))


def match_sql(tokens, *, limit, offset=0, type_ids=None):
    params: list = [match_expression(tokens)]
    type_filter = ""
    if type_ids:
        type_filter = f" AND e.object_type_id IN ({', '.join('%s' for _ in type_ids)})"
        params.extend(type_ids)
    params.append(window(limit, offset))
    # FTS5 walks the match newest first and stops at the window.
    sql = (
        "SELECT e.id, e.object_type_id, e.object_id, e.title_fold FROM search_fts "
        "JOIN search_searchentry e ON e.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s{type_filter} ORDER BY search_fts.rowid DESC LIMIT %s"
    )
    return sql, params
