from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsroom.demo import Demo


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="Port shown in the admin address.")

    def handle(self, *args, port, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "The demo newsroom and its editor login are for local runs only, "
                "not DJANGO_ENV=production."
            )
        demo = Demo(now=timezone.now())
        for config in apps.get_app_configs():
            if hasattr(config, "load_demo"):
                config.load_demo(demo)
        self.stdout.write(f"Demo newsroom: {', '.join(demo.counts)}.")
        self.stdout.write(f"Site:  http://127.0.0.1:{port}/")
        for login in demo.logins:
            self.stdout.write(f"Admin: http://127.0.0.1:{port}/admin/  ({login.label} login)")
            self.stdout.write(f"username: {login.username}")
            self.stdout.write(f"password: {login.password}")
