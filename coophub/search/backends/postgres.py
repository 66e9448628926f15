"""PostgreSQL: a generated, weighted tsvector column with a GIN index (migration 0002), 'simple' config
over text that is already folded, so no extension is needed."""

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


def match_sql(tokens, *, limit, offset=0, type_ids=None):
    params: list = [tsquery(tokens)]
    type_filter = ""
    if type_ids:
        type_filter = " AND object_type_id = ANY(%s)"
        params.append(list(type_ids))
    params.append(window(limit, offset))
    sql = (
        "SELECT id, object_type_id, object_id, title_fold FROM search_searchentry "
        f"WHERE search_vector @@ to_tsquery('simple', %s){type_filter} ORDER BY id DESC LIMIT %s"
    )
    return sql, params
