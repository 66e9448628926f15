"""Load the project-owned country table (coophub/partners/data/countries.csv) into partners.Country.

Idempotent: rows are matched by ISO alpha-2 and updated in place, so running it again (or a later migration
that reloads a corrected CSV) never duplicates. Reversing leaves the rows alone: partners refer to countries.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "countries.csv"
FIELDS = ("iso3", "m49", "name_en", "name_vi", "variants", "region")


def read_countries(path=CSV_PATH):
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def load_countries(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    for row in read_countries():
        Country.objects.update_or_create(iso2=row["iso2"], defaults={name: row[name] for name in FIELDS})


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_countries, migrations.RunPython.noop, elidable=False),
    ]
