"""``make bench-import``: how long ``manage.py import_wordpress`` takes for a large WordPress
site, and how much memory it needs, printed.

Writes an export (WXR 1.2, as WordPress writes it) of ``--posts`` posts with ``--comments``
comments each (threads up to four deep, every status, a pingback), in three categories with a
handful of tags and ten authors, then imports it into an empty SQLite database of its own, in a
process of its own, and prints the time, the rate and the process's peak memory. A second,
smaller import (a tenth of the posts) shows whether memory grows with the file: the export is
read as a stream, so it should not.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.management.base import BaseCommand

PARAGRAPH = (
    "The council's transport committee met on Tuesday evening to hear from residents whose "
    "streets have been cut off by the works, and from the contractor, who said the road would "
    "reopen by the end of the month if the weather held."
)


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_export(path, posts, comments_per_post):
    """Write the export to ``path``, one post at a time (the file is never held in memory)."""
    authors = [(n, f"reporter{n}", f"Reporter {n}") for n in range(1, 11)]
    categories = ["news", "transport", "sport"]
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Benchmark Gazette</title><link>https://bench.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_site_url>https://bench.example</wp:base_site_url>\n"
            "<wp:base_blog_url>https://bench.example</wp:base_blog_url>\n"
        )
        for author_id, login, name in authors:
            out.write(
                f"<wp:author><wp:author_id>{author_id}</wp:author_id><wp:author_login>"
                f"{cdata(login)}</wp:author_login><wp:author_display_name>{cdata(name)}"
                "</wp:author_display_name></wp:author>\n"
            )
        for term_id, slug in enumerate(categories, 1):
            out.write(
                f"<wp:category><wp:term_id>{term_id}</wp:term_id><wp:category_nicename>"
                f"{slug}</wp:category_nicename><wp:cat_name>{cdata(slug.title())}</wp:cat_name>"
                "</wp:category>\n"
            )
        comment_id = 1
        for post in range(1, posts + 1):
            day = 1 + post % 28
            slug = f"story-number-{post}"
            body = f"{PARAGRAPH}\n\n<h2>What happens next</h2>\n\n{PARAGRAPH}\n\n" * 2
            out.write(
                f"<item><title>{cdata(f'Story number {post}')}</title>"
                f"<link>https://bench.example/2024/03/{day:02d}/{slug}/</link>"
                f"<dc:creator>{cdata(authors[post % 10][1])}</dc:creator>"
                f"<content:encoded>{cdata(body)}</content:encoded>"
                f"<excerpt:encoded>{cdata(f'The standfirst of story {post}.')}</excerpt:encoded>"
                f"<wp:post_id>{post}</wp:post_id>"
                f"<wp:post_date>2024-03-{day:02d} 09:00:00</wp:post_date>"
                f"<wp:post_date_gmt>2024-03-{day:02d} 09:00:00</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="{categories[post % 3]}">'
                f"{cdata(categories[post % 3].title())}</category>\n"
            )
            first = comment_id
            for n in range(comments_per_post):
                parent = 0 if n % 4 == 0 else comment_id - 1  # threads four deep
                approved = ("1", "1", "1", "0", "spam", "trash")[n % 6]
                kind = "pingback" if n == comments_per_post - 1 and n else "comment"
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{cdata(f'Reader {n}')}</wp:comment_author>"
                    f"<wp:comment_author_email>reader{n}@example.net</wp:comment_author_email>"
                    f"<wp:comment_author_url>{escape('https://reader.example/')}"
                    "</wp:comment_author_url>"
                    "<wp:comment_author_IP>192.0.2.7</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>2024-03-{day:02d} 10:{n % 60:02d}:00"
                    "</wp:comment_date_gmt>"
                    f"<wp:comment_content>{cdata(f'Comment {n} on story {post}.')}"
                    "</wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    f"<wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent if parent >= first else 0}</wp:comment_parent>"
                    "</wp:comment>\n"
                )
                comment_id += 1
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


class Command(BaseCommand):
    help = "Time and measure the WordPress importer on a generated export."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=10_000)
        parser.add_argument("--comments", type=int, default=10, help="Comments per post.")

    def handle(self, *args, posts, comments, **options):
        self.stdout.write(
            f"WordPress import: {posts:,} posts with {comments} comments each "
            f"({posts * comments:,} comments), SQLite, one process."
        )
        small = self.measure(max(1, posts // 10), comments)
        large = self.measure(posts, comments)
        growth = large["peak_mb"] - small["peak_mb"]
        self.stdout.write(
            f"  peak memory: {small['peak_mb']:.0f} MB for {small['posts']:,} posts, "
            f"{large['peak_mb']:.0f} MB for {large['posts']:,} ({growth:+.0f} MB for "
            f"{large['posts'] / max(1, small['posts']):.0f}× the file)"
        )
        verdict = "within" if large["seconds"] < 600 else "OVER"
        self.stdout.write(f"  {large['seconds']:.0f} s: {verdict} the 10-minute target.")

    def measure(self, posts, comments):
        with tempfile.TemporaryDirectory(prefix="newsroom-import-bench-") as folder:
            export = Path(folder) / "export.xml"
            write_export(export, posts, comments)
            size = export.stat().st_size
            environment = {
                **os.environ,
                "NEWSROOM_VAR_DIR": folder,
                "DATABASE_URL": f"sqlite:///{folder}/import.sqlite3",
                "DJANGO_SETTINGS_MODULE": "newsroom.settings",
                "DEBUG": "0",
            }
            environment.pop("REDIS_URL", None)
            manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
            subprocess.run(  # noqa: S603 - our own manage.py
                [*manage, "migrate", "--noinput", "-v0"], env=environment, check=True
            )
            started = time.perf_counter()
            result = subprocess.run(  # noqa: S603
                [*manage, "import_wordpress", str(export)],
                env=environment,
                check=True,
                capture_output=True,
                text=True,
            )
            seconds = time.perf_counter() - started
            peak_mb = float(re.search(r"Peak memory: ([\d.]+) MB", result.stdout)[1])
        rate = posts / seconds
        self.stdout.write(
            f"  {posts:>7,} posts, {size / 1024 / 1024:6.1f} MB export: {seconds:7.1f} s "
            f"({rate:,.0f} posts/s, {posts * comments / seconds:,.0f} comments/s)"
        )
        return {"posts": posts, "seconds": seconds, "peak_mb": peak_mb}
