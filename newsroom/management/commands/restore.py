from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the site (database and media) from an archive made by `manage.py backup`. "
        "Checks the whole archive first; refuses a site that holds anything unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive made by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a site that is not empty (it is backed up first).",
        )

    def handle(self, *args, path, force, **options):
        def migrate():
            call_command("migrate", interactive=False, verbosity=0)

        try:
            result = restore(path, force=force, migrate=migrate)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        counts = manifest["counts"]
        self.stdout.write(
            f"Restored {counts['articles']} articles, {counts['photos']} photos and "
            f"{counts['comments']} comments from {result.path} "
            f"(backed up {manifest['created_at']}, Newsroom {manifest['newsroom_version']}, "
            f"{manifest['database_vendor']})."
        )
        for note in result.notes:
            self.stdout.write(f"- {note}")
