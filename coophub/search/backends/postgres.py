"""PostgreSQL: a generated, weighted tsvector column with a GIN index (migration 0002), 'simple' config
over text that is already folded, so no extension is needed."""

from django.db import connection

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
    return " & ".join(f"{tok}:*" for tok in tokens)


def match_sql(tokens, *, limit, offset=0, type_ids=None):
    params: list = [tsquery(tokens), tsquery(tokens)]
    type_filter = ""
    if type_ids:
        type_filter = " AND object_type_id = ANY(%s)"
        params.insert(1, list(type_ids))
    params.extend([limit, offset])
    sql = (
        "SELECT id, object_type_id, object_id FROM search_searchentry "
        f"WHERE search_vector @@ to_tsquery('simple', %s){type_filter} "
        "ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC, id LIMIT %s OFFSET %s"
    )
    return sql, params


def match_ids(tokens, *, limit, offset=0, type_ids=None):
    sql, params = match_sql(tokens, limit=limit, offset=offset, type_ids=type_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
