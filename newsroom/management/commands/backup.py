from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the site (database and media) to one .tar.gz archive, consistent while the "
        "site runs; photos in a bucket (MEDIA_STORAGE_URL) stay there, named in the manifest. "
        "Without PATH: NEWSROOM_BACKUP_DIR/newsroom-<UTC time>.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Archive to write (.tar.gz).")

    def handle(self, *args, path, **options):
        try:
            result = backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        counts = manifest["counts"]
        size = result.path.stat().st_size
        self.stdout.write(
            f"Backed up {counts['articles']} articles, {counts['photos']} photos, "
            f"{counts['comments']} comments and {len(manifest['files']) - 1} media files "
            f"({manifest['database_vendor']}) to {result.path} ({size / 1e6:.1f} MB)."
        )
        for note in result.notes:
            self.stdout.write(f"- {note}")
