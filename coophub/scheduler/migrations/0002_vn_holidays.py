"""Load Viet Nam's civil-service holidays (coophub/scheduler/data/vn_holidays.csv) into scheduler.Holiday.

Idempotent: rows are matched by day and updated in place. Reversing leaves the rows alone.
"""

import csv
import datetime
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "vn_holidays.csv"


def read_holidays(path=CSV_PATH):
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def load_holidays(apps, schema_editor):
    Holiday = apps.get_model("scheduler", "Holiday")
    for row in read_holidays():
        Holiday.objects.update_or_create(
            day=datetime.date.fromisoformat(row["day"]),
            defaults={"kind": row["kind"], "name_vi": row["name_vi"], "name_en": row["name_en"]},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_holidays, migrations.RunPython.noop, elidable=False),
    ]
