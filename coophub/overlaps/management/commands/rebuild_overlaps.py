from django.core.management.base import BaseCommand
from django.db import transaction

from coophub.overlaps.registry import rebuild_overlaps


class Command(BaseCommand):
    help = "Rebuild the overlap index from every model with an overlap spec."

    def handle(self, *args, **options):
        with transaction.atomic():
            total = rebuild_overlaps()
        self.stdout.write(f"Indexed {total} records.")
