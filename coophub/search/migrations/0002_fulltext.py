from django.db import migrations

from coophub.search.backends import postgres, sqlite


def _statements(schema_editor, attr):
    module = postgres if schema_editor.connection.vendor == "postgresql" else sqlite
    for sql in getattr(module, attr):
        schema_editor.execute(sql)


def create(apps, schema_editor):
    _statements(schema_editor, "CREATE")


def drop(apps, schema_editor):
    _statements(schema_editor, "DROP")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
