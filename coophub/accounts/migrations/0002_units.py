"""Load the Ministry's organisation (coophub/accounts/data/units.csv) into accounts.Unit.

Idempotent: units are matched by code and updated in place; parents are set in a second pass so the CSV
order does not matter. Reversing leaves the rows alone: memberships and records refer to units.
"""

import csv
import datetime
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "units.csv"


def read_units(path=CSV_PATH):
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def load_units(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")
    rows = read_units()
    by_code = {}
    for row in rows:
        by_code[row["code"]] = Unit.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "abbreviation": row["abbreviation"],
                "kind": row["kind"],
                "is_dic": row["is_dic"].lower() in ("1", "true", "yes"),
                "valid_from": datetime.date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
            },
        )[0]
    for row in rows:
        unit = by_code[row["code"]]
        parent = by_code.get(row["parent"]) if row["parent"] else None
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            unit.save(update_fields=["parent"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_units, migrations.RunPython.noop, elidable=False),
    ]
