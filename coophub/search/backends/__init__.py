"""Full-text backends over the folded SearchEntry columns. Both answer the same question the same way:
every query token must match a token of the entry (the last one as a prefix, see common.prefixed); title
matches rank above body matches, within the newest common.RANK_WINDOW matches."""

from django.db import connection

from . import common, postgres, sqlite

__all__ = ["backend", "common", "match_ids"]


def backend():
    return postgres if connection.vendor == "postgresql" else sqlite


def match_ids(
    tokens: list[str], *, limit: int, offset: int = 0, type_ids: list[int] | None = None
) -> list[tuple[int, int, int]]:
    """(entry id, content type id, object id) of the best `limit` matches after `offset`, best first.

    Both backends give the same newest matches to common.rank, so the two agree on order as on matches."""
    if not tokens:
        return []
    sql, params = backend().match_sql(tokens, limit=limit, offset=offset, type_ids=type_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = common.rank(tokens, cursor.fetchall())
    return [row[:3] for row in rows[offset : offset + limit]]
