"""Full-text backends over the folded SearchEntry columns. Both answer the same question the same way:
every query token must prefix-match a token of the entry; title matches rank above body matches."""

from django.db import connection

from . import postgres, sqlite


def backend():
    return postgres if connection.vendor == "postgresql" else sqlite


def match_ids(
    tokens: list[str], *, limit: int, offset: int = 0, type_ids: list[int] | None = None
) -> list[tuple[int, int, int]]:
    """(entry id, content type id, object id) of the best `limit` matches after `offset`, best first.

    Both backends break ties in rank by entry id, so consecutive pages neither overlap nor skip."""
    if not tokens:
        return []
    return backend().match_ids(tokens, limit=limit, offset=offset, type_ids=type_ids)
