"""PostgreSQL: a generated tsvector column with a GIN index (migration 0002), 'simple' config over text
that is already folded, so no extension is needed. Its weights (title A, body B) are not used: matching
ignores them and ranking is common.rank."""

from .common import prefixed, window

CREATE = [
    """ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title_fold), 'A') || setweight(to_tsvector('simple', body_fold), 'B')
    ) STORED""",
    "CREATE INDEX IF NOT EXISTS search_entry_vector_gin ON search_searchentry USING GIN (search_vector)",
]
DROP = [
    "DROP INDEX IF EXISTS search_entry_vector_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector",
]


def tsquery(tokens: list[str]) -> str:
    return " & ".join(f"{tok}:*" if prefix else tok for tok, prefix in prefixed(tokens))


# The newest entries checked row by row before the GIN index is asked (see match_sql).
RECENT_SCAN = 50_000


def match_sql(tokens, *, limit, offset=0, type_ids=None):
    """The newest `window` matches, in one of two plans giving the same rows. The GIN index must list every
    match before the newest can be picked, which for a common phrase means hundreds of thousands of rows; so
    the newest RECENT_SCAN entries are first checked directly, and when they already hold `window` matches
    those are the answer. Otherwise (a rarer query) the index is used."""
    size = window(limit, offset)
    type_filter = " AND object_type_id = ANY(%(types)s)" if type_ids else ""
    params = {"q": tsquery(tokens), "types": list(type_ids or []), "size": size, "recent": RECENT_SCAN}
    columns = "id, object_type_id, object_id, title_fold"
    sql = (
        f"WITH recent AS (SELECT {columns} FROM (SELECT {columns}, search_vector "
        "FROM search_searchentry ORDER BY id DESC LIMIT %(recent)s) AS newest "
        f"WHERE search_vector @@ to_tsquery('simple', %(q)s){type_filter} ORDER BY id DESC LIMIT %(size)s) "
        "SELECT * FROM recent WHERE (SELECT count(*) FROM recent) >= %(size)s "
        f"UNION ALL (SELECT {columns} FROM search_searchentry "
        f"WHERE (SELECT count(*) FROM recent) < %(size)s AND search_vector @@ to_tsquery('simple', %(q)s)"
        f"{type_filter} ORDER BY id DESC LIMIT %(size)s)"
    )
    return sql, params
