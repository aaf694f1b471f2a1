"""Rebuild every article's search document: after a bulk import that bypassed model saves, or
after changing NEWSROOM_SEARCH_CONFIG."""

from django.core.management.base import BaseCommand

from articles.models import SearchDocument
from articles.reach.search import index_all
from newsroom.signals import content_changed


class Command(BaseCommand):
    help = "Rebuild the search documents of all articles."

    def handle(self, *args, **options):
        count = index_all()
        # Search results may change: stored pages were made from the old documents.
        content_changed.send(sender=SearchDocument)
        self.stdout.write(f"Search documents rebuilt for {count} articles.")
