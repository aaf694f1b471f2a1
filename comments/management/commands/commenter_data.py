import json

from django.core.management.base import BaseCommand, CommandError

from comments import privacy


class Command(BaseCommand):
    help = (
        "A commenter's personal data, found by email address: `export` prints every comment "
        "as JSON; `erase` anonymises them (name Anonymous; email, website and user agent "
        "blanked; IP masked; the text stays)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument(
            "--yes", action="store_true", help="Erase without asking for confirmation."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help='Site address for article links, e.g. "https://news.example".',
        )

    def handle(self, *args, action, email, yes, base_url, **options):
        email = email.strip()
        if "@" not in email:
            raise CommandError("Give the commenter's email address.")
        if action == "export":
            data = privacy.export_commenter(email, base_url.rstrip("/"))
            self.stdout.write(json.dumps({"email": email, "comments": data}, indent=2))
            return
        count = privacy.comments_by(email).count()
        if not count:
            self.stdout.write(f"No comments by {email}.")
            return
        if not yes:
            answer = input(f"Erase the personal data in {count} comment(s) by {email}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Nothing erased.")
        erased = privacy.erase_commenter(email)
        self.stdout.write(f"Erased the personal data in {erased} comment(s) by {email}.")
