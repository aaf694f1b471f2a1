"""`make bench`'s live scenario: a crowd of readers with a live story open, their pages polling its
updates endpoint, while the desk posts an update every five seconds.

- **Readers**: wrk, 16 connections, each asking the endpoint for what is newer than the newest
  update it has (``?after=<id>``, moving on as updates arrive) with the ``ETag`` it got last
  (``If-None-Match``), as ``static/js/live.js`` does: answers come from the page cache, ``304``
  while nothing changed, and each update retires the endpoint once. Printed: req/s and p99
  (target: p99 under 50 ms).
- **Seen**: one more reader asks 20 times a second; for each update, the time from its save
  (the commit of ``articles.live.post_update``) to the first answer showing it. A reader's
  page asks every ``NEWSROOM_LIVE_POLL_SECONDS``, so it shows an update at most that much later
  (target: every update within 15 s).
- **Other pages**: the churn scenario's stored pages (``churn.ensure_pages``, less any page
  showing the live story) read with wrk with no updates posted and with the updates, measured
  in turn, medians of ``rounds`` (target: within 10 %, since an update retires only the live
  story's pages).

Data: ``ensure_story`` adds, in the benchmark's own database, a live story on a desk of its own
(a section and a reporter no other page shares) with twenty updates.
"""

import re
import statistics
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

from articles import live, publishing
from articles.models import Article, Block, Byline, Reporter, Section

from . import churn, runner

SLUG = "bench-live-harbour-fire"
DESK = "bench-live-desk"
INTERVAL = 5.0  # seconds between two updates
WATCH_EVERY = 0.05  # seconds between the watching reader's questions
SEEN_TARGET = 15.0


def ensure_story(now=None):
    """The live story (made once) with twenty updates; returns it."""
    now = now or timezone.now()
    story = Article.objects.filter(slug=SLUG).first()
    if story is not None:
        return story
    desk, _ = Section.objects.get_or_create(
        slug=DESK, defaults={"name": "Live coverage desk", "order": 98}
    )
    reporter, _ = Reporter.objects.get_or_create(slug=DESK, defaults={"name": "Live Reporter"})
    story = Article(
        slug=SLUG,
        headline="Live: fire on the harbour's north quay",
        standfirst="Crews are at the scene; residents are asked to keep windows shut.",
        section=desk,
    )
    # Published a month ago, so no list the other pages show has its teaser.
    published = now - timedelta(days=30)
    publishing.publish(story, at=published, by=None)
    Byline.objects.create(article=story, reporter=reporter, position=1)
    Block.objects.create(article=story, position=1, kind="text", text="<p>What we know.</p>")
    live.start_coverage(story, by=None, at=published)
    for n in range(20):
        live.post_update(
            story,
            by=None,
            reporter=reporter,
            pieces=[{"kind": "text", "text": f"<p>Update {n} from the quay.</p>"}],
            at=published + timedelta(minutes=n),
        )
    return story


class Desk(threading.Thread):
    """Posts an update every ``interval`` seconds until stopped, noting when each was saved."""

    def __init__(self, story, interval=INTERVAL):
        super().__init__(daemon=True)
        self.story = story
        self.interval = interval
        self.stop = threading.Event()
        self.saved = {}  # update id: time.monotonic() after its commit

    def run(self):
        started = time.monotonic()
        try:
            while not self.stop.is_set():
                n = len(self.saved)
                update = live.post_update(
                    self.story,
                    by=None,
                    pieces=[{"kind": "text", "text": f"<p>Bench update {n}.</p>"}],
                )
                self.saved[update.pk] = time.monotonic()
                wait = started + (n + 1) * self.interval - time.monotonic()
                if wait > 0:
                    self.stop.wait(wait)
        finally:
            close_old_connections()


class Watcher(threading.Thread):
    """A reader asking the endpoint for what is new 20 times a second: when it first saw each
    update (``time.monotonic()``)."""

    def __init__(self, url, after):
        super().__init__(daemon=True)
        self.url = url
        self.after = after
        self.stop = threading.Event()
        self.seen = {}

    def run(self):
        while not self.stop.is_set():
            try:
                status, _, body = runner.fetch(f"{self.url}?after={self.after}", timeout=5)
            except OSError:
                status = 0
            now = time.monotonic()
            if status == 200:
                for found in re.findall(rb'"id": (\d+), "html"', body):
                    self.seen.setdefault(int(found), now)
                latest = re.search(rb'"latest": (\d+)', body)
                if latest:
                    self.after = max(self.after, int(latest.group(1)))
            self.stop.wait(WATCH_EVERY)


def write_script(endpoint, after, folder):
    """A wrk script for the readers: each connection's thread follows the newest update it has
    and sends the ETag it got, as a reader's page does."""
    script = Path(folder) / "live.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(
        f'local path = "{endpoint}?after="\n'
        f"local after = {after}\n"
        'local etag = ""\n'
        "local threads = {}\n"
        "fresh = 0\n"
        "not_modified = 0\n"
        "failed = 0\n"
        "failure = 0\n"
        "setup = function(thread) table.insert(threads, thread) end\n"
        "request = function()\n"
        "  local headers = {}\n"
        '  if etag ~= "" then headers["If-None-Match"] = etag end\n'
        '  return wrk.format("GET", path .. after, headers)\n'
        "end\n"
        "response = function(status, headers, body)\n"
        "  if status == 304 then not_modified = not_modified + 1 return end\n"
        "  if status >= 400 then failed = failed + 1 failure = status return end\n"
        '  local outcome = headers["X-Page-Cache"] or headers["x-page-cache"]\n'
        '  if outcome ~= "hit" then fresh = fresh + 1 end\n'
        '  etag = headers["ETag"] or headers["etag"] or ""\n'
        "  local latest = tonumber(string.match(body, '\"latest\": (%d+)'))\n"
        '  if latest and latest > after then after = latest etag = "" end\n'
        "end\n"
        "done = function(summary, latency, requests)\n"
        "  local made, unchanged, failures, last = 0, 0, 0, 0\n"
        "  for _, thread in ipairs(threads) do\n"
        '    made = made + thread:get("fresh")\n'
        '    unchanged = unchanged + thread:get("not_modified")\n'
        '    failures = failures + thread:get("failed")\n'
        '    if thread:get("failure") > 0 then last = thread:get("failure") end\n'
        "  end\n"
        '  io.write(string.format("made afresh: %d\\n304: %d\\n", made, unchanged))\n'
        '  io.write(string.format("failed: %d (last status %d)\\n", failures, last))\n'
        "end\n"
    )
    return script


def other_pages(server, story):
    """The churn scenario's read pages that do not show the live story."""
    read, _ = churn.ensure_pages()
    link = story.get_absolute_url().encode()
    kept = []
    for path in read:
        status, _, body = runner.fetch(server.base + path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        if link not in body:
            kept.append(path)
    return kept


def run(server, *, duration, warmup, log_dir, interval=INTERVAL, rounds=3):
    """The scenario on a running server (see the module's docstring); returns the report."""
    story = ensure_story()
    endpoint = reverse("articles:live-updates", kwargs={"slug": story.slug})
    latest = live.latest_update_id(story)

    # Readers polling while the desk posts.
    readers_for = max(3 * duration, 30)
    script = write_script(endpoint, latest, log_dir)
    runner.fetch(server.base + f"{endpoint}?after={latest}")
    # The same readers with nothing posted: what this machine gives them at the moment.
    quiet = runner.run_wrk(server.base + endpoint, duration=duration, warmup=warmup, script=script)
    desk, watcher = Desk(story, interval), Watcher(server.base + endpoint, latest)
    watcher.start()
    desk.start()
    printed = []
    try:
        rps, p50, p99, non2xx, errors, requests = runner.run_wrk(
            server.base + endpoint, duration=readers_for, warmup=0, script=script, printed=printed
        )
    finally:
        desk.stop.set()
        desk.join(10)
        time.sleep(2 * WATCH_EVERY + settings.PAGE_CACHE_CHECK_INTERVAL)
        watcher.stop.set()
        watcher.join(10)
    made = re.search(r"made afresh: (\d+)", printed[0])
    not_modified = re.search(r"304: (\d+)", printed[0])
    failed = re.search(r"failed: (\d+) \(last status (\d+)\)", printed[0])
    delays = [watcher.seen[pk] - at for pk, at in desk.saved.items() if pk in watcher.seen]
    unseen = len(desk.saved) - len(delays)

    # The other pages, without updates and with them, in turn.
    others = other_pages(server, story)
    other_script = churn.write_script(others, log_dir)
    if warmup:
        runner.run_wrk(server.base + "/", duration=warmup, warmup=0, script=other_script)
    samples = {"no updates": [], "updates": []}
    for name in ("no updates", "updates") * max(1, rounds):
        posting = Desk(story, interval) if name == "updates" else None
        if posting:
            posting.start()
        try:
            result = runner.run_wrk(
                server.base + "/", duration=duration, warmup=0, script=other_script
            )
        finally:
            if posting:
                posting.stop.set()
                posting.join(10)
        samples[name].append(result)
    return report(
        readers=(rps, p50, p99, non2xx, errors, requests, readers_for),
        quiet=quiet,
        made=int(made.group(1)) if made else -1,
        not_modified=int(not_modified.group(1)) if not_modified else -1,
        failed=(int(failed.group(1)), int(failed.group(2))) if failed else (0, 0),
        posted=len(desk.saved),
        interval=interval,
        delays=delays,
        unseen=unseen,
        others=len(others),
        samples=samples,
        duration=duration,
    )


def report(
    *,
    readers,
    quiet,
    made,
    not_modified,
    posted,
    interval,
    delays,
    unseen,
    others,
    samples,
    duration,
    failed=(0, 0),
):
    failed, status = failed
    rps, p50, p99, non2xx, errors, requests, seconds = readers
    poll = settings.NEWSROOM_LIVE_POLL_SECONDS
    worst = max(delays, default=float("inf"))
    p99_verdict = "  (target < 50 ms)" if p99 < 50 else "  << above the 50 ms target"
    seen_verdict = (
        f"  (target: every update within {SEEN_TARGET:.0f} s)"
        if not unseen and worst + poll <= SEEN_TARGET
        else "  << CHECK"
    )
    lines = [
        f"live: 16 connections polling a live story's updates endpoint for {seconds} s while an "
        f"update is posted every {interval:g} s",
        f"  readers {rps:9.1f} req/s  p50 {p50:.2f} ms  p99 {p99:.2f} ms{p99_verdict}; "
        f"{requests} answers: {not_modified} 304, {made} made afresh, errors (4xx/5xx) "
        f"{non2xx}, socket errors {errors}"
        + (f"  << {failed} answered {status} (last seen)" if failed else ""),
        f"  readers with no update posted: {quiet[0]:9.1f} req/s  p50 {quiet[1]:.2f} ms  "
        f"p99 {quiet[2]:.2f} ms ({duration} s, for comparison in the same run)",
        f"  {posted} updates posted; save to first reader seeing it: "
        + (
            f"median {statistics.median(delays) * 1000:.0f} ms, max {worst * 1000:.0f} ms"
            if delays
            else "none seen"
        )
        + f", {unseen} never seen; a page polling every {poll} s shows each within "
        f"{worst + poll:.1f} s{seen_verdict}",
    ]
    base = statistics.median(s[0] for s in samples["no updates"])
    with_updates = statistics.median(s[0] for s in samples["updates"])
    ratio = with_updates / base if base else 0.0
    verdict = "  (target ≥ 0.90×)" if ratio >= 0.9 else "  << below the 0.90× target"
    lines.append(
        f"  other pages ({others} stored pages, {duration} s runs, medians of "
        f"{len(samples['updates'])} rounds in turn): {base:.1f} req/s without updates, "
        f"{with_updates:.1f} with them, {ratio:.2f}×{verdict}"
    )
    return "\n".join(lines)
