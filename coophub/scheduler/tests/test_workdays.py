"""Working days of the civil service: weekends, the shipped 2024–2027 holidays, swaps, and the cache."""

import datetime
import time

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from coophub.scheduler import workdays
from coophub.scheduler.models import Holiday
from coophub.scheduler.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_it_counts_monday_to_friday_as_working_days_and_weekends_as_days_off():
    week = [D(2026, 3, 9) + datetime.timedelta(days=i) for i in range(7)]  # Mon 09/03 – Sun 15/03/2026
    assert [is_working_day(day) for day in week] == [True] * 5 + [False, False]


def test_it_gives_the_whole_tet_2026_week_off():
    tet = [D(2026, 2, 16) + datetime.timedelta(days=i) for i in range(5)]  # Mon 16/02 – Fri 20/02/2026
    assert not any(is_working_day(day) for day in tet)
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)


def test_it_works_on_a_swapped_saturday_and_rests_on_the_swapped_weekday():
    assert is_working_day(D(2025, 4, 26))  # Saturday worked…
    assert not is_working_day(D(2025, 5, 2))  # …for Friday 02/05/2025 off
    assert is_working_day(D(2026, 1, 10))
    assert not is_working_day(D(2026, 1, 2))
    assert add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)


def test_it_gives_a_day_off_in_lieu_when_a_holiday_falls_on_a_weekend():
    assert not is_working_day(D(2026, 4, 27))  # Hùng Kings' day is Sunday 26/04/2026
    assert not is_working_day(D(2027, 5, 3))  # 1 May 2027 is a Saturday
    assert next_working_day(D(2026, 4, 24)) == D(2026, 4, 28)


def test_adding_zero_working_days_returns_the_day_itself_even_on_a_holiday():
    assert add_working_days(D(2026, 2, 17), 0) == D(2026, 2, 17)
    assert add_working_days(D(2026, 3, 15), 0) == D(2026, 3, 15)


def test_it_counts_backwards_with_a_negative_number():
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)
    assert add_working_days(D(2026, 2, 18), -1) == D(2026, 2, 13)  # from inside the holiday
    assert add_working_days(D(2026, 1, 5), -1) == D(2025, 12, 31)  # across New Year and its swapped Friday


def test_it_crosses_year_ends_both_ways():
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    # 2025: 261 weekdays, 12 of them off, one Saturday worked.
    assert working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 250
    assert add_working_days(D(2024, 12, 31), 250) == D(2025, 12, 31)
    assert add_working_days(D(2024, 12, 31), 251) == D(2026, 1, 5)
    assert add_working_days(D(2026, 1, 5), -251) == D(2024, 12, 31)


def test_it_counts_working_days_between_across_a_holiday_week():
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 5  # only 23–27/02 count
    assert working_days_between(D(2026, 2, 27), D(2026, 2, 13)) == -5
    assert working_days_between(D(2026, 2, 16), D(2026, 2, 16)) == 0
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 16)) == 1  # Friday to Monday


def test_next_working_day_can_include_the_day_itself():
    assert next_working_day(D(2026, 3, 10), inclusive=True) == D(2026, 3, 10)
    assert next_working_day(D(2026, 3, 10)) == D(2026, 3, 11)
    assert next_working_day(D(2026, 2, 14), inclusive=True) == D(2026, 2, 23)


def test_it_takes_an_aware_datetime_as_its_local_date():
    # 23:30 UTC on Sunday 15/02/2026 is already Monday 16/02 (Tết) in Hà Nội.
    moment = datetime.datetime(2026, 2, 15, 23, 30, tzinfo=datetime.UTC)
    assert timezone.localdate(moment) == D(2026, 2, 16)
    assert not is_working_day(moment)


def test_years_without_announced_holidays_follow_the_weekday_rule():
    assert is_working_day(D(2031, 6, 10))
    assert add_working_days(D(2031, 6, 13), 1) == D(2031, 6, 16)


def test_it_sees_a_holiday_added_and_removed_during_a_test():
    day = D(2030, 3, 5)  # a Tuesday
    assert is_working_day(day)
    holiday = Holiday.objects.create(day=day, name_vi="Ngày thử", kind="holiday")
    assert not is_working_day(day)
    holiday.kind = "swap_working_day"
    holiday.save()
    assert is_working_day(day)
    holiday.delete()
    Holiday.objects.create(day=D(2030, 3, 9), name_vi="Thứ Bảy làm bù", kind="swap_working_day")
    assert is_working_day(D(2030, 3, 9))


def test_it_forgets_a_holiday_whose_transaction_was_rolled_back(django_assert_num_queries):
    day = D(2030, 3, 6)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        Holiday.objects.create(day=day, name_vi="Ngày thử", kind="holiday")
        assert not is_working_day(day)
        raise Abort

    assert is_working_day(day)
    with django_assert_num_queries(0):
        assert is_working_day(day)


def test_a_holiday_added_by_one_test_is_seen_by_it():
    Holiday.objects.create(day=D(2030, 3, 7), name_vi="Ngày thử", kind="holiday")
    assert not is_working_day(D(2030, 3, 7))


def test_and_is_gone_in_the_next_test_after_its_rollback():
    assert is_working_day(D(2030, 3, 7))


def test_it_answers_thousands_of_questions_without_the_database(django_assert_num_queries):
    workdays.clear_cache()
    is_working_day(D(2026, 1, 1))  # loads the calendar
    start = D(2024, 1, 1)
    with django_assert_num_queries(0):
        began = time.perf_counter()
        for i in range(5000):
            day = start + datetime.timedelta(days=i % 1400)
            due = add_working_days(day, (i % 30) - 10)
            working_days_between(day, due)
            is_working_day(due)
        elapsed = time.perf_counter() - began
    assert elapsed < 2


def _naive_add(day, n):
    step = 1 if n > 0 else -1
    while n:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            n -= step
    return day


@settings(max_examples=150, deadline=None)
@given(
    day=st.dates(min_value=D(2023, 6, 1), max_value=D(2028, 6, 30)),
    n=st.integers(min_value=-400, max_value=400),
)
def test_adding_and_counting_working_days_agree(day, n):
    due = add_working_days(day, n)
    assert due == _naive_add(day, n)
    if n > 0 or is_working_day(day):
        assert working_days_between(day, due) == n
    assert working_days_between(due, day) == -working_days_between(day, due)
    if n:
        assert is_working_day(due)
