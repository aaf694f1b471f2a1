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

import re
import statistics
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


def write_script(paths, folder, cache_header="X-Page-Cache"):
    """A wrk script that asks for a random one of ``paths`` each request, and counts the
    answers whose ``cache_header`` is not "hit"."""
    script = Path(folder) / f"churn-{cache_header.lower()}.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "local threads = {}\n"
        "misses = 0\n"
        "setup = function(thread) table.insert(threads, thread) end\n"
        "request = function()\n"
        '  return wrk.format("GET", paths[math.random(#paths)])\n'
        "end\n"
        "response = function(status, headers, body)\n"
        f'  local outcome = headers["{cache_header}"] or headers["{cache_header.lower()}"]\n'
        '  if outcome ~= "hit" then misses = misses + 1 end\n'
        "end\n"
        "done = function(summary, latency, requests)\n"
        "  local total = 0\n"
        '  for _, thread in ipairs(threads) do total = total + thread:get("misses") end\n'
        '  io.write(string.format("pages made afresh: %d\\n", total))\n'
        "end\n"
    )
    return script


def shown_within(url, words, seconds=2.0):
    """Whether ``words`` show on the page at ``url`` within ``seconds`` (a change's budget)."""
    deadline = time.monotonic() + seconds
    while True:
        if words in runner.fetch(url)[2].decode():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def run(
    server,
    *,
    duration,
    warmup,
    log_dir,
    rate=5,
    rounds=3,
    cache_header="X-Page-Cache",
    title="churn",
    stored_by="the page cache",
):
    """The scenario on a running server: req/s without edits and with ``rate`` edits a second to
    stories nobody reads, measured in turn for ``rounds`` rounds (the medians are reported, so
    that whatever else the machine does falls on both alike), then once with the same edits each
    retiring the whole site. ``cache_header`` tells a stored page from one made afresh (the
    page cache's, or Varnish's X-Edge-Cache)."""
    read, edited = ensure_pages()
    script = write_script(read, log_dir, cache_header)
    for path in read:
        status = runner.fetch(server.base + path)[0]
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    if warmup:
        runner.run_wrk(server.base + "/", duration=warmup, warmup=0, script=script)
    samples = {"no edits": [], "edits": [], "whole site": []}
    edits = {"no edits": 0, "edits": 0, "whole site": 0}
    editing = {"no edits": 0.0, "edits": 0.0, "whole site": 0.0}  # this process's CPU seconds
    plan = [*(("no edits", "edits") * max(1, rounds)), "whole site"]
    shown = None
    for name in plan:
        editor = None if name == "no edits" else Editor(edited, rate, name == "whole site")
        if editor:
            editor.start()
        cpu_before, editing_before = server.cpu_seconds(), time.process_time()
        printed = []
        try:
            result = runner.run_wrk(
                server.base + "/", duration=duration, warmup=0, script=script, printed=printed
            )
        finally:
            if editor:
                editor.stop.set()
                editor.join(10)
                edits[name] += editor.edits
                editing[name] += time.process_time() - editing_before
        cpu = (server.cpu_seconds() - cpu_before) * 1000 / max(result[5], 1)
        afresh = re.search(r"pages made afresh: (\d+)", printed[0])
        samples[name].append((*result, cpu, int(afresh.group(1)) if afresh else -1))
        if name == "edits":
            # The edits reached readers: the last edited story shows its last headline.
            last = Article.objects.get(pk=edited[(editor.edits - 1) % len(edited)])
            seen = shown_within(server.base + last.get_absolute_url(), last.headline)
            shown = seen if shown is None else shown and seen
        if editor:
            # Before the next run, every read page stored again.
            for path in read:
                runner.fetch(server.base + path)
    lines = report(len(read), rate, duration, samples, edits, shown, title, stored_by)
    if edits["edits"]:
        lines += (
            f"\n  the edits' own CPU (saving them, in this process, on the same cores): "
            f"{editing['edits'] * 1000 / edits['edits']:.1f} ms an edit"
        )
    return lines


def report(pages, rate, duration, samples, edits, shown, title="churn", stored_by="the page cache"):
    def median(name, column):
        return statistics.median(sample[column] for sample in samples[name])

    base = median("no edits", 0)
    rounds = len(samples["edits"])
    lines = [
        f"{title}: readers spread over {pages} pages, {rate} edits a second to stories none of "
        f"them reads (16 connections; {duration} s runs, medians of {rounds} rounds in turn)",
        f"  {'no edits':<33} {base:9.1f} req/s         cpu {median('no edits', 6):.3f} ms/req",
    ]
    for name, label in (
        ("edits", "with edits (tags)"),
        ("whole site", "with edits, each retiring all"),
    ):
        rps = median(name, 0)
        ratio = rps / base if base else 0.0
        verdict = ""
        if name == "edits":
            verdict = "  (target ≥ 0.90×)" if ratio >= 0.9 else "  << below the 0.90× target"
        non2xx = sum(sample[3] for sample in samples[name])
        errors = sum(sample[4] for sample in samples[name])
        lines.append(
            f"  {label:<33} {rps:9.1f} req/s  {ratio:.2f}×  cpu {median(name, 6):.3f} ms/req, "
            f"{edits[name]} edits, non-2xx {non2xx}, socket errors {errors}{verdict}"
        )
    for name in samples:
        made = [sample[7] for sample in samples[name]]
        asked = [sample[5] for sample in samples[name]]
        lines.append(
            f"  pages made afresh ({name}): {sum(made)} of {sum(asked)} requests"
            + (f" (the rest from {stored_by})" if name == "no edits" else "")
        )
    lines.append(
        "  the last edit shown on its story's page within 2 s: "
        + ("yes" if shown else "NO  << CHECK")
    )
    return "\n".join(lines)
