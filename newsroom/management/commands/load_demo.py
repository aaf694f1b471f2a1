from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import demo
from articles.models import Article, Photo, Reporter, Section
from comments import demo as comments_demo
from comments.models import Comment


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent) and print the demo editor's login."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="Port shown in the admin address.")

    def handle(self, *args, port, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "The demo newsroom and its editor login are for local runs only, "
                "not DJANGO_ENV=production."
            )
        created = demo.load_content()
        demo.ensure_renditions()
        new_comments = comments_demo.load_comments()
        user, password = demo.ensure_demo_editor(demo.default_password_file())
        comments_demo.ensure_demo_moderator(user)
        self.stdout.write(
            f"Demo newsroom: {Section.objects.count()} sections, {Reporter.objects.count()} "
            f"reporters, {Photo.objects.count()} photos, {Article.objects.count()} articles "
            f"({created} new), {Comment.objects.count()} comments ({new_comments} new)."
        )
        self.stdout.write(f"Site:  http://127.0.0.1:{port}/")
        self.stdout.write(f"Admin: http://127.0.0.1:{port}/admin/  (demo editor login)")
        self.stdout.write(f"username: {user.get_username()}")
        self.stdout.write(f"password: {password}")
