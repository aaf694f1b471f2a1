"""`make bench`'s churn scenario: readers spread over at least 200 stored pages while the desk
edits stories none of them is reading, five times a second.

With tags on every page (``newsroom.pagecache``) an edit retires the edited story's page and the
lists showing it, and the pages being read stay stored: throughput with the edits should stay
within 0.9× of throughput without them. The same edits, each followed by a change that names no
tags (every page retired, as every edit did before pages had tags), show what that costs.

Data: ``ensure_pages`` adds, in the benchmark's own database, stories enough for ``READ_PAGES``
article pages besides the demo's lists, and ``EDITED`` stories on a desk of their own (a section
and a reporter no read story shares, published long before the read ones), so that no page being
read shows a story being edited.
"""

import threading
import time
from datetime import timedelta
from pathlib import Path

from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

from articles import publishing
from articles.models import Article, Block, Byline, Reporter, Section
from newsroom.signals import content_changed

from . import runner

READ_PAGES = 220
EDITED = 20
PREFIX = "bench-churn-"


def ensure_pages(now=None):
    """The stories the scenario reads and edits (made once): returns (read paths, edited ids)."""
    now = now or timezone.now()
    desks = list(Section.objects.exclude(slug=f"{PREFIX}desk"))
    writers = list(Reporter.objects.exclude(slug=f"{PREFIX}desk"))
    desk, _ = Section.objects.get_or_create(
        slug=f"{PREFIX}desk", defaults={"name": "Live desk", "order": 99}
    )
    editor, _ = Reporter.objects.get_or_create(slug=f"{PREFIX}desk", defaults={"name": "Live Desk"})
    plan = [
        (f"{PREFIX}read-{n}", desks[n % len(desks)], writers[n % len(writers)], n)
        for n in range(READ_PAGES)
    ]
    plan += [(f"{PREFIX}edited-{n}", desk, editor, READ_PAGES + 100 + n) for n in range(EDITED)]
    have = set(Article.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True))
    for slug, section, reporter, n in plan:
        if slug in have:
            continue
        story = Article(
            slug=slug,
            headline=f"Council notebook {n}: what the committees decided this week",
            standfirst="Planning, roads and the harbour budget, in brief.",
            section=section,
        )
        publishing.publish(story, at=now - timedelta(days=2, hours=n), by=None)
        Byline.objects.create(article=story, reporter=reporter, position=1)
        Block.objects.create(
            article=story, position=1, kind="text", text=f"<p>Notes from meeting {n}.</p>"
        )
    read = [
        article.get_absolute_url()
        for article in Article.objects.filter(slug__startswith=f"{PREFIX}read-")
    ]
    read += [reverse("articles:front-page"), *(section.get_absolute_url() for section in desks)]
    edited = list(
        Article.objects.filter(slug__startswith=f"{PREFIX}edited-").values_list("pk", flat=True)
    )
    return read, edited


class Editor(threading.Thread):
    """Edits the stories in turn, ``rate`` times a second, until stopped: each edit a new
    headline saved as the desk saves one; with ``whole_site`` each is followed by a change
    naming no tags, which retires every page."""

    def __init__(self, story_ids, rate, whole_site=False):
        super().__init__(daemon=True)
        self.story_ids = story_ids
        self.rate = rate
        self.whole_site = whole_site
        self.stop = threading.Event()
        self.edits = 0

    def run(self):
        started = time.monotonic()
        try:
            while not self.stop.is_set():
                story = Article.objects.get(pk=self.story_ids[self.edits % len(self.story_ids)])
                story.headline = f"Live: update {self.edits} from the council chamber"
                story.save()
                if self.whole_site:
                    content_changed.send(sender=Article)
                self.edits += 1
                wait = started + self.edits / self.rate - time.monotonic()
                if wait > 0:
                    self.stop.wait(wait)
        finally:
            close_old_connections()


def write_script(paths, folder):
    """A wrk script that asks for a random one of ``paths`` each request."""
    script = Path(folder) / "churn.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "request = function()\n"
        '  return wrk.format("GET", paths[math.random(#paths)])\n'
        "end\n"
    )
    return script


def run(server, *, duration, warmup, log_dir, rate=5):
    """The scenario on a running server: req/s without edits, with ``rate`` edits a second to
    stories nobody reads, and with the same edits each retiring the whole site."""
    read, edited = ensure_pages()
    script = write_script(read, log_dir)
    for path in read:
        status = runner.fetch(server.base + path)[0]
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    wrk = {"warmup": 0, "script": script}
    if warmup:
        runner.run_wrk(server.base + "/", duration=warmup, **wrk)
    results = {"no edits": runner.run_wrk(server.base + "/", duration=duration, **wrk)}
    edits = {}
    for name, whole_site in (("edits", False), ("whole site", True)):
        editor = Editor(edited, rate, whole_site=whole_site)
        editor.start()
        try:
            results[name] = runner.run_wrk(server.base + "/", duration=duration, **wrk)
        finally:
            editor.stop.set()
            editor.join(10)
        edits[name] = editor.edits
        if name == "edits":
            # The edits reached readers: the last edited story shows its last headline.
            last = Article.objects.get(pk=edited[(editor.edits - 1) % len(edited)])
            page = runner.fetch(server.base + last.get_absolute_url())[2].decode()
            results["edit shown"] = last.headline in page
        # Before the next run, every read page stored again.
        for path in read:
            runner.fetch(server.base + path)
    return report(len(read), rate, duration, results, edits)


def report(pages, rate, duration, results, edits):
    base = results["no edits"][0]
    lines = [
        f"churn: readers spread over {pages} pages, {rate} edits a second to stories none of "
        f"them reads ({duration} s each, 16 connections)",
        f"  no edits                          {base:9.1f} req/s",
    ]
    for name, label in (
        ("edits", "with edits (tags)"),
        ("whole site", "with edits, each retiring all"),
    ):
        rps, _, _, non2xx, errors, _ = results[name]
        ratio = rps / base if base else 0.0
        verdict = ""
        if name == "edits":
            verdict = "  (target ≥ 0.90×)" if ratio >= 0.9 else "  << below the 0.90× target"
        lines.append(
            f"  {label:<33} {rps:9.1f} req/s  {ratio:.2f}×  {edits[name]} edits, "
            f"non-2xx {non2xx}, socket errors {errors}{verdict}"
        )
    lines.append(
        "  the last edit shown on its story's page: "
        + ("yes" if results.get("edit shown") else "NO  << CHECK")
    )
    return "\n".join(lines)
