from django.db import migrations

# The task types the Ministry starts with; administrators add others and tune each one's reminder ladder.
TYPES = [
    ("general", "Nhiệm vụ", "Task", {"before": [7, 3, 1, 0], "overdue_every": 3, "unit_head_after": 2, "director_after": 7}),
    ("periodic-report", "Báo cáo định kỳ", "Periodic report", {"before": [3, 1, 0], "overdue_every": 1, "unit_head_after": 1, "director_after": 3}),
    ("leadership", "Nhiệm vụ Lãnh đạo Bộ giao", "Task set by the Ministry's leaders", {"before": [7, 3, 1, 0], "overdue_every": 2, "unit_head_after": 1, "director_after": 3}),
]


def add_types(apps, schema_editor):
    TaskType = apps.get_model("assignments", "TaskType")
    for code, name_vi, name_en, ladder in TYPES:
        TaskType.objects.get_or_create(code=code, defaults={"name_vi": name_vi, "name_en": name_en, "ladder": ladder})


def remove_types(apps, schema_editor):
    apps.get_model("assignments", "TaskType").objects.filter(code__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("assignments", "0001_initial")]
    operations = [migrations.RunPython(add_types, remove_types)]
