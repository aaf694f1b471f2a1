import resource

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from newsroom.bench import datasets


class Command(BaseCommand):
    help = (
        "Add an archive at newspaper scale to a PostgreSQL database (DATABASE_URL): 100,000 "
        "articles, 20,000 photo records and 1,000,000 comments, times --scale."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="times 100,000 articles (the default sizes)"
        )
        parser.add_argument("--articles", type=int, help="articles (100,000 × scale)")
        parser.add_argument("--photos", type=int, help="photo records (20,000 × scale)")
        parser.add_argument("--comments", type=int, help="comments (1,000,000 × scale)")
        parser.add_argument(
            "--create-database", action="store_true", help="create the database if missing"
        )

    def handle(self, *args, scale, articles, photos, comments, create_database, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_scale is for PostgreSQL: run it with DATABASE_URL=postgres://…"
            )
        if scale < 1:
            raise CommandError("--scale is a whole number, 1 or more")
        if create_database:
            datasets.ensure_database()
        call_command("migrate", verbosity=0, interactive=False)
        totals = datasets.seed_scale(
            scale=scale,
            articles=articles,
            photos=photos,
            comments=comments,
            out=self.stdout.write,
        )
        # ru_maxrss is in kilobytes on Linux: the most this process held at once.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"Database now holds {totals['articles']:,} articles, {totals['photos']:,} photos "
            f"and {totals['comments']:,} comments ({totals['seconds']} s, peak memory "
            f"{peak:.0f} MB)."
        )
