"""Working days of Viet Nam's civil service: Monday to Friday, less public holidays and days off in lieu, plus
the weekend days the government declares working days when it swaps days.

The Holiday table is read once per process into a calendar that precomputes, per year, the sorted ordinals
of its working days, so the reminder sweep can ask about thousands of tasks without touching the database.
The calendar is dropped when a Holiday is saved or deleted in this process (signals, connected in apps.py)
and re-read at least every RELOAD_SECONDS so that other processes' edits arrive too. A change made inside a
transaction that is later rolled back (every test does that) must be forgotten as well: each change leaves an
on-commit callback behind, and a callback that disappears without having run means the change was rolled back.
"""

import bisect
import datetime
import threading
import time

from django.db import transaction
from django.utils import timezone

RELOAD_SECONDS = 300

_lock = threading.RLock()
_calendar: "_Calendar | None" = None
# (connection, on-commit callback) of each Holiday change whose transaction has not ended yet.
_pending: list = []


class _Calendar:
    def __init__(self, rows):
        self.fingerprint = frozenset(rows)
        self.off = {day for day, is_day_off in rows if is_day_off}
        self.on = {day for day, is_day_off in rows if not is_day_off}
        self.loaded_at = time.monotonic()
        self._years: dict[int, list[int]] = {}

    def is_working(self, day: datetime.date) -> bool:
        if day in self.on:
            return True
        if day in self.off:
            return False
        return day.weekday() < 5

    def year(self, year: int) -> list[int]:
        """The ordinals of the year's working days, ascending."""
        days = self._years.get(year)
        if days is None:
            first = datetime.date(year, 1, 1).toordinal()
            last = datetime.date(year, 12, 31).toordinal()
            days = [o for o in range(first, last + 1) if self.is_working(datetime.date.fromordinal(o))]
            self._years[year] = days
        return days

    def count_through(self, day: datetime.date, since_year: int) -> int:
        """Working days from 1 January of since_year up to and including day (day's year >= since_year)."""
        total = sum(len(self.year(y)) for y in range(since_year, day.year))
        return total + bisect.bisect_right(self.year(day.year), day.toordinal())

    def add(self, day: datetime.date, n: int) -> datetime.date:
        year, ordinal = day.year, day.toordinal()
        if n > 0:
            days = self.year(year)
            index = bisect.bisect_right(days, ordinal) + n - 1  # the n-th working day strictly after day
            while index >= len(days):
                index -= len(days)
                year += 1
                days = self.year(year)
        else:
            days = self.year(year)
            index = bisect.bisect_left(days, ordinal) + n  # the |n|-th working day strictly before day
            while index < 0:
                year -= 1
                days = self.year(year)
                index += len(days)
        return datetime.date.fromordinal(days[index])


def _rows() -> list[tuple[datetime.date, bool]]:
    from .choices import HolidayKind
    from .models import Holiday

    return [
        (day, kind != HolidayKind.SWAP_WORKING_DAY)
        for day, kind in Holiday.objects.values_list("day", "kind")
    ]


def _settle(callback) -> None:
    """A change's transaction ended (committed, or rolled back): forget the calendar that may hold it."""
    with _lock:
        _pending[:] = [entry for entry in _pending if entry[1] is not callback]
        clear_cache()


def _forget_rolled_back_changes() -> None:
    for connection, callback in list(_pending):
        if not any(hook[1] is callback for hook in connection.run_on_commit):
            _settle(callback)


def _get() -> _Calendar:
    global _calendar
    if _pending:
        _forget_rolled_back_changes()
    calendar = _calendar
    if calendar is not None and time.monotonic() - calendar.loaded_at < RELOAD_SECONDS:
        return calendar
    rows = _rows()
    if calendar is not None and calendar.fingerprint == frozenset(rows):
        calendar.loaded_at = time.monotonic()
        return calendar
    with _lock:
        _calendar = _Calendar(rows)
        return _calendar


def clear_cache() -> None:
    """Forget the calendar; the next call re-reads the Holiday table."""
    global _calendar
    with _lock:
        _calendar = None


def holiday_changed(sender=None, using=None, **kwargs) -> None:
    """post_save / post_delete receiver for Holiday."""
    clear_cache()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:

        def committed():
            _settle(committed)

        with _lock:
            _pending.append((connection, committed))
        transaction.on_commit(committed, using=using)


def _as_date(day) -> datetime.date:
    if isinstance(day, datetime.datetime):
        return timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return day


def is_working_day(day: datetime.date) -> bool:
    return _get().is_working(_as_date(day))


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after day (before it when n < 0); n == 0 returns day itself, working or not."""
    day = _as_date(day)
    if n == 0:
        return day
    return _get().add(day, n)


def next_working_day(day: datetime.date, *, inclusive: bool = False) -> datetime.date:
    """The first working day after day; with inclusive=True, day itself when it is a working day."""
    day = _as_date(day)
    calendar = _get()
    if inclusive and calendar.is_working(day):
        return day
    return calendar.add(day, 1)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days strictly after start up to and including end; if end < start, minus the working days
    strictly after end up to and including start. So working_days_between(d, add_working_days(d, n)) == n
    whenever n > 0 or d is a working day."""
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start)
    calendar = _get()
    since = start.year
    return calendar.count_through(end, since) - calendar.count_through(start, since)
