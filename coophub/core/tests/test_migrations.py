import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_models_and_the_migrations_agree():
    """A model change without its migration (or a migration that depends on set ordering) fails here."""
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
