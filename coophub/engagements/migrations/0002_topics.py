"""Load the shared topic vocabulary (coophub/engagements/data/topics.csv) into engagements.Topic."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "topics.csv"


def load_topics(apps, schema_editor):
    Topic = apps.get_model("engagements", "Topic")
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Topic.objects.update_or_create(
                code=row["code"],
                defaults={"name_vi": row["name_vi"], "name_en": row["name_en"], "keywords": row["keywords"]},
            )


class Migration(migrations.Migration):
    dependencies = [("engagements", "0001_initial")]

    operations = [migrations.RunPython(load_topics, migrations.RunPython.noop, elidable=False)]
