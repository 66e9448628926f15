"""Claiming due work (DESIGN rule 4): a row is due when its `next_*_at` column is at or before now; a worker
takes it by moving that column to a lease, a moment LEASE ahead, with one optimistic UPDATE.

Only one UPDATE can move a row off a value it has seen, so two workers never both take a row. The taker
processes it and stores the real next time; a worker that dies keeps nothing: its lease passes, the row is due
again and the next sweep takes it. What is sent has its own unique row (ReminderSent, ExpiryAlertSent) as the
second line of defence.
"""

import datetime

from django.db import connection
from django.utils import timezone

LEASE = datetime.timedelta(minutes=10)


def lease_from(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + LEASE


def claim(model, pk, field: str, seen, *, lease: datetime.datetime | None = None) -> bool:
    """UPDATE model SET field = lease WHERE pk = pk AND field = seen; True when this call took the row."""
    return model._base_manager.filter(pk=pk, **{field: seen}).update(**{field: lease or lease_from()}) == 1


def claim_due(
    model, field: str, *, now: datetime.datetime, batch: int = 1000, lease: datetime.datetime | None = None
) -> list[int]:
    """Take up to `batch` rows due at `now` (field <= now, earliest first) in one UPDATE; returns their ids.

    UPDATE … RETURNING names exactly the rows this statement changed (SQLite ≥ 3.35, PostgreSQL), so there is
    no re-read. On PostgreSQL the inner SELECT skips rows another transaction holds (a concurrent sweep, an
    edit), which then come in a later batch; a row a concurrent sweep took meanwhile fails the outer
    `field <= now` when PostgreSQL re-checks it after the lock. SQLite runs one writer at a time.
    """
    lease = lease or lease_from(now)
    if lease <= now:
        raise ValueError("a lease must lie after now")
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    pk = connection.ops.quote_name(model._meta.pk.column)
    skip_locked = " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    sql = (
        f"UPDATE {table} SET {column} = %s WHERE {pk} IN ("
        f"SELECT {pk} FROM {table} WHERE {column} <= %s ORDER BY {column} LIMIT %s{skip_locked}"
        f") AND {column} <= %s RETURNING {pk}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [adapt(lease), adapt(now), batch, adapt(now)])
        return [row[0] for row in cursor.fetchall()]
