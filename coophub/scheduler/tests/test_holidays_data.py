"""The shipped holiday table: loaded by its migration, re-loadable, and consistent with the calendar."""

import csv
import datetime
import importlib

import pytest
from django.apps import apps

from coophub.scheduler.models import Holiday

pytestmark = pytest.mark.django_db

load = importlib.import_module("coophub.scheduler.migrations.0002_vn_holidays")


def test_a_fresh_database_has_every_shipped_holiday():
    rows = load.read_holidays()
    assert Holiday.objects.count() == len(rows)
    tet = Holiday.objects.get(day=datetime.date(2026, 2, 17))
    assert tet.kind == "holiday"
    assert "Tết" in tet.name_vi
    assert {r.year for r in Holiday.objects.dates("day", "year")} >= {2024, 2025, 2026, 2027}


def test_loading_the_table_again_changes_nothing():
    before = list(Holiday.objects.values_list("day", "kind", "name_vi", "name_en"))
    load.load_holidays(apps, None)
    assert list(Holiday.objects.values_list("day", "kind", "name_vi", "name_en")) == before


def test_every_day_off_is_a_weekday_and_every_swapped_working_day_a_weekend():
    with open(load.CSV_PATH, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len({r["day"] for r in rows}) == len(rows)
    for row in rows:
        day = datetime.date.fromisoformat(row["day"])
        assert row["kind"] in {"holiday", "compensatory", "swap_working_day"}, row
        assert (day.weekday() >= 5) == (row["kind"] == "swap_working_day"), row
        assert row["name_vi"] and row["name_en"], row


def test_each_year_keeps_the_civil_service_working_time():
    """A swap moves a day off, it does not add one: per year, swapped Saturdays match swapped weekdays."""
    for year in (2024, 2025, 2026, 2027):
        days = Holiday.objects.filter(day__year=year)
        swapped_off = days.filter(kind="compensatory", name_en__startswith="Day off swapped").count()
        assert swapped_off == days.filter(kind="swap_working_day").count(), year
        assert days.filter(day=datetime.date(year, 1, 1)).exists() or datetime.date(year, 1, 1).weekday() >= 5
