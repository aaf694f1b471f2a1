"""Rebuild every article's search document: after a bulk import that bypassed model saves, or
after changing NEWSROOM_SEARCH_CONFIG."""

from django.core.management.base import BaseCommand

from articles.search import index_all


class Command(BaseCommand):
    help = "Rebuild the search documents of all articles."

    def handle(self, *args, **options):
        count = index_all()
        self.stdout.write(f"Search documents rebuilt for {count} articles.")
