from django.core.management.base import BaseCommand
from django.db import transaction

from coophub.search.models import SearchEntry
from coophub.search.registry import indexes, reindex


class Command(BaseCommand):
    help = "Rebuild the full-text search index from every registered model."

    def handle(self, *args, **options):
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            total = 0
            for index in indexes().values():
                for obj in index.queryset().iterator(chunk_size=1000):
                    reindex(obj)
                    total += 1
        self.stdout.write(f"Indexed {total} records.")
