"""``manage.py import_wordpress EXPORT.xml [--media-dir DIR] [--dry-run] [--report FILE]``:
bring a WordPress site over (``articles.wordpress.importer``; README, "Moving from WordPress")."""

import json
import resource
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from articles.wordpress.importer import Importer
from articles.wordpress.wxr import ExportError


class Progress:
    """A progress bar with counts on a terminal; nothing when the output is not one."""

    def __init__(self, stream, importer):
        self.stream, self.importer = stream, importer
        self.on_terminal = stream.isatty()
        self.started = time.monotonic()
        self.shown = 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if not self.on_terminal or (now - self.shown < 0.2 and done != total):
            return
        self.shown = now
        width = 30
        filled = round(width * done / total) if total else width
        counts = self.importer.report.counts
        created = {k: n for (k, o), n in counts.items() if o == "created"}
        summary = ", ".join(
            f"{created.get(k, 0)} {k}s" for k in ("article", "photo", "comment") if created.get(k)
        )
        elapsed = now - self.started
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} posts and pages"
            f" · {summary} · {elapsed:.0f} s "
        )
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export): posts, photos, authors, comments, addresses."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The export file (WXR), as WordPress wrote it.")
        parser.add_argument(
            "--media-dir",
            help="A copy of the site's wp-content/uploads folder, where the photos are.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and check everything, write nothing, print the same report.",
        )
        parser.add_argument(
            "--default-section",
            default="News",
            help='The section of posts without a category (default "News").',
        )
        parser.add_argument("--report", help="Also write the report to this file, as JSON.")

    def handle(self, *args, export, media_dir, dry_run, default_section, report, **options):
        importer = Importer(
            export, media_dir=media_dir, default_section=default_section, dry_run=dry_run
        )
        importer.progress = Progress(sys.stderr, importer)
        started = time.monotonic()
        try:
            result = importer.run()
        except ExportError as error:
            raise CommandError(f"{export}: {error} Nothing was imported.") from None
        except OSError as error:
            raise CommandError(
                f"{export}: {error.strerror or error}. Nothing was imported."
            ) from None
        self.stdout.write(result.table())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"\nTook {time.monotonic() - started:.1f} s. Peak memory: {peak:.0f} MB.")
        if report:
            with open(report, "w", encoding="utf-8") as file:
                json.dump(result.as_dict(), file, indent=2, ensure_ascii=False)
            self.stdout.write(f"Report written to {report}.")
