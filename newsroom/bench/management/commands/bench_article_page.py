"""Median time to render the demo flagship article page (24 approved comments and the reply
form) through Django's test client, in this process, with the page cache off (it measures
rendering, never a stored page): a measurement, not a test. It prints
wall-clock time and the process's CPU time; on a shared machine the CPU time is the steadier of
the two.

    make bench-article        # DEBUG off, static files collected first

``--crispy-every-time`` renders the reply form with crispy on every request, as a
straightforward template would; ``--without-comments`` leaves the comment section out: both for
comparison.
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import override_settings

FLAGSHIP = "/news/river-lisle-bursts-banks-ravensmouth-flooding/"


class Command(BaseCommand):
    help = "Median render time of the demo flagship article page, in this process."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=200)
        parser.add_argument("--url", default=FLAGSHIP)
        parser.add_argument("--crispy-every-time", action="store_true")
        parser.add_argument("--without-comments", action="store_true")

    def handle(self, *args, runs, url, crispy_every_time, without_comments, **options):
        if crispy_every_time:
            import comments.templatetags.comments as tags
            from comments import forms

            forms.blank_form_html = lambda: forms.render_form(forms.CommentForm())
            tags.blank_form_html = forms.blank_form_html
        if without_comments:
            from django.template import Template, engines

            engine = engines["django"].engine
            engine.get_template("comments/article_comments.html").nodelist = Template(
                "", engine=engine
            ).nodelist
        with override_settings(PAGE_CACHE_ENABLED=False, ALLOWED_HOSTS=["testserver"]):
            client = Client()
            for _ in range(20):
                response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}: run `make demo`")
            wall, cpu = [], []
            for _ in range(runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        label = (
            " ".join(
                flag
                for flag, on in (
                    ("--crispy-every-time", crispy_every_time),
                    ("--without-comments", without_comments),
                )
                if on
            )
            or "as shipped"
        )
        shown = response.content.count(b'class="comment"')
        self.stdout.write(
            f"{label}: median {statistics.median(wall):.2f} ms wall, "
            f"{statistics.median(cpu):.2f} ms CPU over {runs} requests "
            f"({len(response.content):,} bytes, {shown} "
            "comments)"
        )
