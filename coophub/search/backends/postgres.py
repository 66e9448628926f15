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
    params.extend([window(limit, offset), limit, offset])
    # Only the newest `window` matches are scored by ts_rank (which reads each row's whole vector).
    sql = (
        "SELECT id, object_type_id, object_id FROM ("
        "SELECT id, object_type_id, object_id, search_vector, query "
        "FROM search_searchentry, to_tsquery('simple', %s) AS query "
        f"WHERE search_vector @@ query{type_filter} ORDER BY id DESC LIMIT %s"
        ") AS m ORDER BY ts_rank(search_vector, query) DESC, id LIMIT %s OFFSET %s"
    )
    return sql, params
