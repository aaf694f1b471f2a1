from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from newsroom.bench import datasets


class Command(BaseCommand):
    help = (
        "Add an archive at newspaper scale to a PostgreSQL database (DATABASE_URL): 100,000 "
        "articles, 20,000 photo records and 1,000,000 comments."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--photos", type=int, default=20_000)
        parser.add_argument("--comments", type=int, default=1_000_000)
        parser.add_argument(
            "--create-database", action="store_true", help="create the database if missing"
        )

    def handle(self, *args, articles, photos, comments, create_database, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_scale is for PostgreSQL: run it with DATABASE_URL=postgres://…"
            )
        if create_database:
            datasets.ensure_database()
        call_command("migrate", verbosity=0, interactive=False)
        totals = datasets.seed_scale(
            articles=articles, photos=photos, comments=comments, out=self.stdout.write
        )
        self.stdout.write(
            f"Database now holds {totals['articles']:,} articles, {totals['photos']:,} photos "
            f"and {totals['comments']:,} comments ({totals['seconds']} s)."
        )
