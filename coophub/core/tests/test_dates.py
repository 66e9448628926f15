"""Dates as the Ministry writes them: dd/mm/yyyy in tables, the Decree 30/2020 dateline in documents."""

import datetime

import pytest

from coophub.core.dates import format_admin_date, format_dmy


def test_the_dateline_pads_day_and_january_february_months():
    assert format_admin_date(datetime.date(2026, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2026"


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2026, 3, 15), "ngày 15 tháng 3 năm 2026"),
        (datetime.date(2026, 1, 1), "ngày 01 tháng 01 năm 2026"),
        (datetime.date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
        (datetime.date(2026, 10, 9), "ngày 09 tháng 10 năm 2026"),
        (datetime.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
    ],
)
def test_months_from_march_are_written_without_a_leading_zero(day, expected):
    assert format_admin_date(day) == f"Hà Nội, {expected}"


def test_the_dateline_names_another_place_or_none():
    day = datetime.date(2026, 3, 15)
    assert format_admin_date(day, place="Tokyo") == "Tokyo, ngày 15 tháng 3 năm 2026"
    assert format_admin_date(day, place="") == "ngày 15 tháng 3 năm 2026"


def test_tables_show_day_month_year_with_slashes():
    assert format_dmy(datetime.date(2026, 2, 5)) == "05/02/2026"
    assert format_dmy(datetime.date(2025, 12, 31)) == "31/12/2025"
    assert format_dmy(None) == ""
