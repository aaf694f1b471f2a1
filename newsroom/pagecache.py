"""Whole pages for anonymous readers, served from stored bytes before the rest of the stack runs.

``PageCacheMiddleware`` sits at the very top of ``MIDDLEWARE``. For an anonymous ``GET`` or
``HEAD`` of a public page it looks the page up by scheme, host, path and the query parameters
pages read (``PAGE_CACHE_QUERY_PARAMS``; see "Query strings" below); a hit is
answered from the stored status, headers and body (gzip-compressed when the reader accepts it,
``304 Not Modified`` when the reader's ``If-None-Match`` matches) without touching the database,
the session, the URL resolver or any other middleware. A miss runs the stack, and the response is
stored only when nothing in it can belong to one visitor:

- the request is ``GET`` and carries none of ``PAGE_CACHE_PERSONAL_COOKIES`` (the session and CSRF
  cookies, which mean a logged-in editor, and the comment cookies: a pending comment, a saved
  name) and no ``Authorization`` header;
- the path is not under the admin, a staff preview, ``STATIC_URL`` or ``MEDIA_URL`` (prefixes
  found with ``reverse`` from ``PAGE_CACHE_NEVER_URL_NAMES``);
- the response is a ``200``, not streamed, sets no cookie, was not marked private
  (``newsroom.caching.mark_private``: a form with errors, a pending-comment notice, a preview),
  carries no ``Cache-Control`` of ``private``, ``no-store`` or ``no-cache``, and varies on nothing
  but ``Cookie`` and ``Accept-Encoding``.

The same rule decides which responses get ``Cache-Control: public, max-age=…,
stale-while-revalidate=…`` and a weak ``ETag`` for browsers and CDNs, with or without the page
cache switched on (``PAGE_CACHE_ENABLED``).

Query strings
-------------
Links from newsletters and social sites carry parameters no page reads (``?utm_source=…``), and
anyone can add ``?x=1``. Were they part of the key, every such address would be a miss (a full
rendering) and a new stored copy pushing real pages out. So before the lookup, the query string
is cut down to the parameters listed in ``PAGE_CACHE_QUERY_PARAMS``, sorted by name, and the view
gets the same cut-down ``request.GET``: ``/?utm_source=x`` is answered with the stored ``/``, and
a page made for it cannot differ from ``/`` (``{% querystring %}`` in pagination links would
otherwise copy the junk into a page stored for everyone). A view that reads a new parameter
must add it to the setting, or it never sees it on anonymous requests. Personal requests
(editors, commenters) and the pages never stored keep their query string untouched.

Invalidation: tags
------------------
A page says what it shows while it is being made (``newsroom.caching.tag``): ``article-12`` for
the story and for its teaser in every list, ``section-3``, ``topic-7``, ``reporter-5`` and
``front`` for those lists (and their feeds), ``corrections`` for the corrections page. Every page
carries ``site`` too (the navigation, the footer's pages, the Breaking banner); a page that names
nothing carries ``any``, which every change retires, so a page nobody tagged is never stale.

Apps send ``newsroom.signals.content_changed`` with the tags of what changed: a correction to a
story names ``article-12``; publishing it names its lists too; a renamed section or a new
Breaking banner names ``site``. A send without tags retires everything. The change retires the
pages carrying those tags and no others: a news site is read thousands of times for each edit,
and on a busy day (live updates, comment approvals five times a second) a whole-site purge per
edit sends every reader of every page back to the database at once.

How a change retires pages: a *clock* that only goes up, and for each tag the clock's value at
its last change. A page is stored with its tags and the clock's value read *before* it was made;
it is served while none of its tags has changed since. So a page made from data that changed
while it was being made is never served: its clock is older than the change. The tags are
marked changed right away and again when the transaction commits (a reader in another process
cannot see the change before the commit, and may store an old rendering in between; the second
mark retires it). With read replicas (``newsroom.dbrouter``), readers see the change only once
a replica has replayed it: the commit waits for that (at most ``DATABASE_REPLICA_MAX_LAG``
seconds) and the tags are marked a third time. Then the same tags are purged downstream
(``newsroom.purge``: Varnish, Fastly or Cloudflare, through the task queue, retried until it
succeeds), so what fetches the page again gets the change.

``remember(key, compute, tags=...)`` keeps what pages are made of (the navigation, a listing's
count, the related stories box) under the same rule, and gives its tags to the page using it.

Scheduled articles: the clock's state also holds the next moment content changes by itself
(asked of the apps through ``newsroom.signals.next_scheduled_change``: one indexed query, made at
each change). Every request compares the wall clock with it; the first request after that time
asks the apps which tags changed by themselves since the last look
(``newsroom.signals.changes_due``: the front page, the sections, reporters, topics and feeds the
story joins) and retires those, so a scheduled article appears on every page that lists it the
moment it is due, with no cron job, and the rest of the site stays stored.

Where the clock lives, and why
------------------------------
- With ``REDIS_URL`` (any shared cache backend): in the cache itself. A change is one Lua script
  (the clock goes up and the tags take its value in one step, so two changes can never leave a
  tag older than either); a hit is two round trips (the page, then its tags' values), so every
  process on every machine agrees at once. Tag values live a day (``TAG_TTL``). Before a page or
  remembered value is stored, each of its tags is given a value ("not changed") where it has
  none, so a value found missing later was evicted or ran out: the page is made afresh rather
  than trusted.
- With the default local-memory cache every gunicorn worker has a cache of its own, and an edit
  is saved by one of them (or by a management command). The clock is then a small append-only
  file, ``PAGE_CACHE_STATE_FILE`` (``var/pagecache-state``): a change appends one line naming its
  tags, and the line's end offset is the clock's value. A worker ``stat``s the file at most every
  ``PAGE_CACHE_CHECK_INTERVAL`` seconds (0.5 by default) and reads the lines added since; readers
  of every worker on the machine see a change within that interval, and a hit costs no more than
  a clock read. Past ``PAGE_CACHE_STATE_MAX_BYTES`` the file is started afresh under a new
  *epoch*, which retires every stored page once (at five edits a second, about once an hour).
  A file is the one thing every worker on a machine shares without a server; several machines
  need ``REDIS_URL``.
- A worker starting with a shared cache retires every stored page (a new epoch): the previous
  release may have stored pages that name static files this one no longer has. (A local-memory
  cache starts empty.)
- ``PAGE_CACHE_TIMEOUT`` (10 minutes) bounds every entry anyway, for changes that send no signal
  (a ``QuerySet.update()``, a raw SQL fix); code that writes that way sends ``content_changed``.

Tags downstream
---------------
Stored or not, a response any reader may get carries its tags in the headers CDNs read, each
turned on in ``PAGE_CACHE_TAG_HEADERS``: ``Surrogate-Key`` (Fastly), ``Cache-Tag`` (Cloudflare),
``xkey`` (Varnish). Private responses never carry them.
"""

import gzip
import hashlib
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.db import DatabaseError, transaction
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from . import dbrouter, purge
from .caching import UNTAGGED, is_private, tag, tags_of
from .signals import cache_reconnected, changes_due, content_changed, next_scheduled_change

EPOCH_KEY = "pagecache:epoch"
STATE_KEY = "pagecache:schedule"  # not the single-token design's "pagecache:state"
CLOCK_KEY = "pagecache:clock"
TAG_KEY = "pagecache:tag:"
# How long a tag's value is kept in a shared cache: longer than any page or remembered value.
TAG_TTL = 24 * 3600
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
COMPRESSIBLE = (
    "text/",
    "application/xml",
    "application/rss",
    "application/atom",
    "application/json",
)
NEVER_STORE_DIRECTIVES = ("private", "no-store", "no-cache", "max-age=0")
# A tag header's name and how its tags are joined.
TAG_HEADERS = {"surrogate-key": " ", "xkey": " ", "cache-tag": ","}

# The clock goes up past now (in microseconds, Redis's own time) and every tag named takes its
# value, in one step: KEYS[1] is the clock, the rest are tags; ARGV[1] their time to live.
BUMP_SCRIPT = """
local now = redis.call('TIME')
local clock = math.max(tonumber(redis.call('GET', KEYS[1]) or '0') + 1,
                       tonumber(now[1]) * 1000000 + tonumber(now[2]))
redis.call('SET', KEYS[1], string.format('%d', clock))
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], string.format('%d', clock), 'EX', ARGV[1])
end
return clock
"""


# A page about to be stored: each of its tags gets a value (0, "not changed") where it has none,
# so that a value found missing later means it was evicted or ran out, never "not changed".
GUARD_SCRIPT = """
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], '0', 'EX', ARGV[1], 'NX')
end
return #KEYS
"""


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _aware(timestamp):
    return datetime.fromtimestamp(timestamp, tz=UTC)


def _next_scheduled_timestamp(after):
    """When content next changes by itself after the Unix time ``after`` (a scheduled article
    going live), as a Unix time, or None: the earliest answer to ``next_scheduled_change``."""
    try:
        with transaction.atomic():
            answers = next_scheduled_change.send(sender=None, after=_aware(after))
    except DatabaseError:
        # Tables not there yet (a migration run): nothing is scheduled that we could know of.
        return None
    times = [when for _, when in answers if when]
    return min(times).timestamp() if times else None


def _tags_due(since, until):
    """The tags of what changed by itself in ``(since, until]`` (Unix times), or None for
    everything: the answers to ``newsroom.signals.changes_due``."""
    try:
        with transaction.atomic():
            answers = changes_due.send(sender=None, since=_aware(since), until=_aware(until))
    except DatabaseError:
        return None
    tags = set()
    for _, named in answers:
        if named is None:
            return None
        tags.update(named)
    return tags


@dataclass(frozen=True)
class Snapshot:
    """What a process knows of the clock: ``epoch`` (replaced when everything is retired),
    ``clock`` now, when its state was last written, and the next moment content changes by
    itself (Unix times, ``next_due`` None when nothing is scheduled)."""

    epoch: str
    clock: int
    written_at: float
    next_due: float | None

    def due(self):
        return self.next_due is not None and time.time() >= self.next_due


def _still_valid(entry_epoch, entry_clock, snapshot, versions):
    return entry_epoch == snapshot.epoch and all(v <= entry_clock for v in versions)


class FileClock:
    """The clock in an append-only file every worker on this machine reads (local-memory
    caches). Its first line is ``epoch <token>``; each change appends
    ``<written_at> <next_due or -> <tag> <tag> ...``, and the offset where a line ends is the
    clock's value for its tags."""

    def __init__(self, path, interval, max_bytes=1024 * 1024):
        self.path = Path(path)
        self.interval = interval
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self._forget()

    def _forget(self):
        self.inode = None
        self.epoch = None
        self.offset = 0
        self.versions = {}
        self.written_at = 0.0
        self.next_due = None
        self.checked_at = float("-inf")

    def _start_log(self, epoch=None):
        """A new file under a new epoch: every page stored before is retired."""
        now = time.time()
        when = _next_scheduled_timestamp(now)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        state = f"{now!r} {'-' if when is None else repr(when)}"
        temporary.write_text(f"epoch {epoch or secrets.token_hex(8)}\n{state}\n")
        os.replace(temporary, self.path)

    def _read(self, force=False):
        now = time.monotonic()
        if not force and self.epoch is not None and now - self.checked_at < self.interval:
            return
        self.checked_at = now
        for _ in range(3):
            try:
                with open(self.path, "rb") as log:
                    stat = os.fstat(log.fileno())
                    # A file started afresh can be given the inode number of one this process
                    # read before (the filesystem reuses freed ones), and be shorter or longer
                    # than where this process stopped: the epoch on its first line tells them
                    # apart.
                    first = log.readline()
                    if stat.st_ino != self.inode or first != f"epoch {self.epoch}\n".encode():
                        self._forget()
                        self.checked_at = now
                    self.inode = stat.st_ino
                    if stat.st_size > self.offset:
                        log.seek(self.offset)
                        self._parse(log.read())
                if self.epoch is not None:
                    return
            except FileNotFoundError:
                pass
            self._start_log()
        raise OSError(f"{self.path} cannot be read as the page cache's clock")

    def _parse(self, data):
        end = data.rfind(b"\n")
        if end < 0:
            return
        position = self.offset
        for line in data[: end + 1].splitlines(keepends=True):
            position += len(line)
            words = line.decode().split()
            if position == len(line):  # the first line
                if len(words) == 2 and words[0] == "epoch":
                    self.epoch = words[1]
                continue
            if len(words) < 2:
                continue
            self.written_at = float(words[0])
            self.next_due = None if words[1] == "-" else float(words[1])
            for name in words[2:]:
                self.versions[name] = position
        self.offset = position

    def snapshot(self):
        with self.lock:
            self._read()
            return Snapshot(self.epoch, self.offset, self.written_at, self.next_due)

    def valid(self, entry, snapshot):
        """Whether a stored ``(epoch, clock, tags, ...)`` entry is older than no change."""
        with self.lock:
            versions = [self.versions.get(name, 0) for name in entry[2]]
        return _still_valid(entry[0], entry[1], snapshot, versions)

    def lookup(self, key):
        snapshot = self.snapshot()
        entry = page_cache().get(key)
        if entry is not None and not self.valid(entry, snapshot):
            entry = None
        return snapshot, entry

    def record(self, tags, next_due, written_at):
        """Append one change; the clock moves past it in this process at once."""
        line = f"{written_at!r} {'-' if next_due is None else repr(next_due)}"
        line = " ".join([line, *sorted(tags)]) + "\n"
        with self.lock:
            for _ in range(3):
                try:
                    descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND)
                except FileNotFoundError:
                    self._start_log()
                    continue
                try:
                    os.write(descriptor, line.encode())
                    end = os.lseek(descriptor, 0, os.SEEK_CUR)
                    # Compared while the file is held open, so its inode number cannot have
                    # been given to a newer file.
                    landed = os.stat(self.path).st_ino == os.fstat(descriptor).st_ino
                except FileNotFoundError:
                    landed = False
                finally:
                    os.close(descriptor)
                if landed:
                    break
                # Started afresh before this line landed in it: the line goes in the new file.
            else:
                self._start_log()
                end = 0
            if end > self.max_bytes:
                self._start_log()
            self._read(force=True)

    def guard(self, tags):
        """Nothing to do: the file holds every change since its epoch."""

    def retire_all(self):
        with self.lock:
            self._start_log()
            self._read(force=True)


class SharedClock:
    """The clock in the shared cache (Redis): the page, the epoch, the state and the clock in one
    round trip, the page's tags in a second. The epoch has a key of its own, so that a change
    writing the scheduling state can never put back the epoch a retirement of everything has
    just replaced."""

    def snapshot(self, found=None):
        if found is None:
            found = page_cache().get_many([EPOCH_KEY, STATE_KEY, CLOCK_KEY])
        epoch = found.get(EPOCH_KEY)
        if epoch is None:
            epoch = self.retire_all()
        state = found.get(STATE_KEY)
        if state is None:
            now = time.time()
            state = (now, _next_scheduled_timestamp(now))
            page_cache().set(STATE_KEY, state, None)
        return Snapshot(epoch, int(found.get(CLOCK_KEY) or 0), *state)

    def valid(self, entry, snapshot):
        """Whether a stored ``(epoch, clock, tags, ...)`` entry is older than no change."""
        if entry[0] != snapshot.epoch:
            return False
        cache = page_cache()
        tags = list(entry[2])
        versions = cache.get_many([TAG_KEY + name for name in tags])
        if len(versions) < len(tags):
            # The cache stopped answering between the two calls, or a tag's value was evicted
            # or ran out (guard() gave every tag one when the page was stored): it may have
            # changed since, so the page is made afresh.
            return False
        values = [int(value) for value in versions.values()]
        return _still_valid(entry[0], entry[1], snapshot, values)

    def lookup(self, key):
        found = page_cache().get_many([key, EPOCH_KEY, STATE_KEY, CLOCK_KEY])
        snapshot = self.snapshot(found)
        entry = found.get(key)
        if entry is not None and not self.valid(entry, snapshot):
            entry = None
        return snapshot, entry

    def record(self, tags, next_due, written_at):
        cache = page_cache()
        names = [CLOCK_KEY, *(TAG_KEY + name for name in tags)]
        keys = [cache.make_and_validate_key(name) for name in names]

        def bump():
            client = cache._cache.get_client(keys[0], write=True)
            return client.eval(BUMP_SCRIPT, len(keys), *keys, TAG_TTL)

        if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
            call = getattr(cache, "_call", None)  # newsroom.redis_cache: fails soft when down
            if call is not None:
                call(bump, None)
            else:
                bump()
        else:  # another shared backend: the clock, then the tags
            try:
                clock = cache.incr(CLOCK_KEY)
            except ValueError:
                cache.add(CLOCK_KEY, int(time.time() * 1_000_000), None)
                clock = cache.incr(CLOCK_KEY)
            cache.set_many({TAG_KEY + name: clock for name in tags}, TAG_TTL)
        cache.set(STATE_KEY, (written_at, next_due), None)

    def guard(self, tags):
        """Give each of ``tags`` a value ("not changed") where it has none, before a page or
        remembered value carrying them is stored."""
        cache = page_cache()
        if not tags:
            return
        keys = [cache.make_and_validate_key(TAG_KEY + name) for name in tags]
        if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):

            def guard():
                client = cache._cache.get_client(keys[0], write=True)
                return client.eval(GUARD_SCRIPT, len(keys), *keys, TAG_TTL)

            call = getattr(cache, "_call", None)  # newsroom.redis_cache: fails soft when down
            if call is not None:
                call(guard, None)
            else:
                guard()
        else:  # another shared backend
            for name in tags:
                cache.add(TAG_KEY + name, 0, TAG_TTL)

    def retire_all(self):
        """A new epoch: every page and remembered value stored before is retired."""
        epoch = secrets.token_hex(8)
        page_cache().set(EPOCH_KEY, epoch, None)
        return epoch


def _available(cache):
    breaker = getattr(cache, "breaker", None)
    return breaker is None or breaker.closed()


_store = None


def clock_store():
    global _store
    if _store is None:
        if isinstance(page_cache(), LocMemCache):
            _store = FileClock(
                settings.PAGE_CACHE_STATE_FILE,
                settings.PAGE_CACHE_CHECK_INTERVAL,
                settings.PAGE_CACHE_STATE_MAX_BYTES,
            )
        else:
            _store = SharedClock()
    return _store


def mark_changed(tags):
    """Retire the pages carrying ``tags`` now (None: every page), first retiring what went
    live by itself since the last look, if that moment has passed. Returns the tags that went
    live by themselves (None: everything), for the purge downstream."""
    store = clock_store()
    snapshot = store.snapshot()
    now = time.time()
    due = set()
    if snapshot.due():
        due = _tags_due(snapshot.written_at, now)
    tags = _union(tags, due)
    if tags is None:
        store.retire_all()
        tags = ()
    # Pages that named nothing (search results, feeds) may show anything: every change is theirs.
    store.record({*tags, UNTAGGED}, _next_scheduled_timestamp(now), now)
    return due


def _union(*named):
    """All the tags named, or None when any of them means every page."""
    if any(tags is None for tags in named):
        return None
    return frozenset().union(*named)


def catch_up():
    """A scheduled change is due: retire what it changed here and downstream. Returns the
    snapshot after."""
    due = mark_changed(set())
    if due is None or due:
        purge.after_commit(due)
    return clock_store().snapshot()


class Tagged:
    """What ``remember``'s ``compute`` returns when the value's tags depend on the value."""

    def __init__(self, value, tags):
        self.value = value
        self.tags = frozenset(tags)


def remember(key, compute, *, tags=(), request=None, timeout=3600):
    """``compute()``, kept until a change names one of ``tags``: for what pages are made of and
    only an edit changes (the section navigation, a listing's count, the related stories).
    ``compute`` may return ``Tagged(value, tags)`` to add tags it found; a value with no tags
    is kept until any change, as an untagged page is. The tags are given to the page being made
    for ``request``."""
    from django.core.cache import cache

    store = clock_store()
    snapshot = store.snapshot()
    if snapshot.due():
        snapshot = catch_up()
    entry = cache.get(f"remember:{key}")
    if entry is None or not store.valid(entry, snapshot):
        value = compute()
        named = frozenset(tags)
        if isinstance(value, Tagged):
            value, named = value.value, named | value.tags
        named = named or frozenset([UNTAGGED])
        store.guard(named)
        cache.set(f"remember:{key}", (snapshot.epoch, snapshot.clock, named, value), timeout)
    else:
        named, value = entry[2], entry[3]
    if request is not None:
        tag(request, *named)  # a page showing an untagged value goes with every change too
    return value


def invalidate(tags=None):
    """Retire the pages carrying ``tags`` (every page when None) now and again when the
    current transaction commits, and purge them downstream after it commits."""
    tags = None if tags is None else frozenset(tags)
    due = mark_changed(tags)

    def committed(again=True):
        changed = _union(tags, due)
        if again:
            changed = _union(changed, mark_changed(tags))
        if dbrouter.wait_for_replicas():
            # Readers on a read replica saw the change only once it was replayed there: a
            # page made from a replica before that is retired now.
            changed = _union(changed, mark_changed(tags))
        purge.after_commit(changed)

    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(committed, robust=True)
    else:
        committed(again=False)


def on_content_changed(sender, tags=None, **kwargs):
    """``newsroom.signals.content_changed``: something readers see changed."""
    invalidate(tags)


def on_cache_reconnected(sender, **kwargs):
    """``newsroom.signals.cache_reconnected``: Redis is back after an outage, during which an
    edit could not retire the pages stored before it. They are retired now."""
    store = clock_store()
    if isinstance(store, SharedClock):
        store.retire_all()


def connect_signals():
    content_changed.connect(on_content_changed, dispatch_uid="pagecache:content-changed")
    cache_reconnected.connect(on_cache_reconnected, dispatch_uid="pagecache:cache-reconnected")


def _url_prefix(name):
    """The path prefix of a URL name: ``/admin/`` for the admin, ``/preview/`` for previews."""
    try:
        return reverse(name)
    except NoReverseMatch:
        pass
    try:
        path = reverse(name, args=[0])
    except NoReverseMatch:
        return None
    return path[: path.rindex("/0") + 1]


def _etag_matches(request, etag):
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    wanted = {tag.removeprefix("W/") for tag in parse_etags(header)}
    return "*" in wanted or etag.removeprefix("W/") in wanted


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.PAGE_CACHE_ENABLED
        self.timeout = settings.PAGE_CACHE_TIMEOUT
        self.max_bytes = settings.PAGE_CACHE_MAX_BYTES
        self.query_params = frozenset(settings.PAGE_CACHE_QUERY_PARAMS)
        self.personal_cookies = frozenset(
            [
                *settings.PAGE_CACHE_PERSONAL_COOKIES,
                settings.SESSION_COOKIE_NAME,
                settings.CSRF_COOKIE_NAME,
                getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
                getattr(settings, "COMMENTS_PENDING_COOKIE", settings.SESSION_COOKIE_NAME),
            ]
        )
        self.cache_control = {
            "public": True,
            "max_age": settings.PAGE_CACHE_BROWSER_MAX_AGE,
            "stale_while_revalidate": settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
        }
        if settings.PAGE_CACHE_SHARED_MAX_AGE:
            self.cache_control["s_maxage"] = settings.PAGE_CACHE_SHARED_MAX_AGE
        self.never_prefixes = None
        unknown = [h for h in settings.PAGE_CACHE_TAG_HEADERS if h.lower() not in TAG_HEADERS]
        if unknown:
            raise ImproperlyConfigured(
                f"PAGE_CACHE_TAG_HEADERS names {unknown}: only Surrogate-Key, Cache-Tag, xkey"
            )
        self.tag_headers = [
            (name, TAG_HEADERS[name.lower()]) for name in settings.PAGE_CACHE_TAG_HEADERS
        ]
        if self.enabled and isinstance(clock_store(), SharedClock):
            # A shared cache outlives a release, whose templates and fingerprinted static
            # files may differ: pages stored by the previous release are retired.
            clock_store().retire_all()

    def _never_prefixes(self):
        if self.never_prefixes is None:
            prefixes = [settings.STATIC_URL, settings.MEDIA_URL]
            prefixes += [_url_prefix(name) for name in settings.PAGE_CACHE_NEVER_URL_NAMES]
            self.never_prefixes = tuple(
                "/" + prefix.lstrip("/") for prefix in prefixes if prefix and prefix != "/"
            )
        return self.never_prefixes

    def is_personal(self, request):
        cookies = request.COOKIES
        if cookies and not self.personal_cookies.isdisjoint(cookies):
            return True
        return "HTTP_AUTHORIZATION" in request.META

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or request.path.startswith(self._never_prefixes())
            or self.is_personal(request)
        ):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
                # Made for one visitor (or one editor): no shared cache may keep it.
                patch_cache_control(response, private=True)
            return response
        if not self.enabled:
            return self.conditional(request, self.get_response(request))

        self.keep_page_parameters(request)
        try:
            key = (
                "page:"
                + hashlib.blake2b(
                    f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode(),
                    digest_size=20,
                ).hexdigest()
            )
        except DisallowedHost:
            return self.get_response(request)
        snapshot, entry = clock_store().lookup(key)
        if snapshot.due():
            # A scheduled article has just gone live: the pages that list it are out of date.
            snapshot, entry = catch_up(), None
        if entry is not None:
            return self.respond(request, entry, "hit")

        response = self.get_response(request)
        if (
            request.method != "GET"
            or not self.shareable(request, response)
            or response.has_header("Content-Encoding")  # compressed further down the stack
            or len(response.content) > self.max_bytes
        ):
            return self.conditional(request, response)
        self.add_public_headers(request, response)
        entry = self.make_entry(snapshot, tags_of(request), response)
        clock_store().guard(entry[2])
        page_cache().set(key, entry, self.timeout)
        return self.respond(request, entry, "miss")

    def keep_page_parameters(self, request):
        """Cut the query string down to the parameters pages read, sorted by name, for the page
        cache's key and for the view alike."""
        query = request.META.get("QUERY_STRING", "")
        if not query:
            return
        kept = QueryDict(mutable=True)
        for name in sorted(name for name in request.GET if name in self.query_params):
            kept.setlist(name, request.GET.getlist(name))
        normalized = kept.urlencode()
        if normalized != query:
            request.META["QUERY_STRING"] = normalized
            request.GET = QueryDict(normalized)

    def shareable(self, request, response):
        """Whether anyone at all could be shown this response: then caches may keep it."""
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or is_private(request)
        ):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in NEVER_STORE_DIRECTIVES):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        return vary <= {"cookie", "accept-encoding"}

    def conditional(self, request, response):
        """Public headers on a shareable response, and 304 when the reader has it already."""
        if not self.shareable(request, response):
            return response
        self.add_public_headers(request, response)
        if _etag_matches(request, response["ETag"]):
            return self.not_modified(response.headers)
        return response

    def add_public_headers(self, request, response):
        for name, separator in self.tag_headers:
            response[name] = separator.join(sorted(tags_of(request)))
        if "Cache-Control" not in response:
            patch_cache_control(response, **self.cache_control)
        if "ETag" not in response:
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response["ETag"] = f'W/"{digest}"'
        return response

    def make_entry(self, snapshot, tags, response):
        body = bytes(response.content)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("content-length", "content-encoding", "vary")
        ]
        vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
        compressed = None
        content_type = response.get("Content-Type", "")
        if len(body) >= 200 and content_type.startswith(COMPRESSIBLE):
            compressed = gzip.compress(body, compresslevel=6, mtime=0)
            if len(compressed) >= len(body):
                compressed = None
        if compressed is not None and "Accept-Encoding" not in vary:
            vary.append("Accept-Encoding")
        if vary:
            headers.append(("Vary", ", ".join(vary)))
        return (
            snapshot.epoch,
            snapshot.clock,
            tags,
            response.status_code,
            headers,
            body,
            compressed,
            response["ETag"],
        )

    def respond(self, request, entry, outcome):
        status, headers, body, compressed, etag = entry[3:]
        if _etag_matches(request, etag):
            response = self.not_modified(dict(headers))
        else:
            gzipped = compressed is not None and ACCEPTS_GZIP.search(
                request.META.get("HTTP_ACCEPT_ENCODING", "")
            )
            content = compressed if gzipped else body
            response = HttpResponse(
                b"" if request.method == "HEAD" else content, status=status, headers=dict(headers)
            )
            response["Content-Length"] = str(len(content))
            if gzipped:
                response["Content-Encoding"] = "gzip"
        response["X-Page-Cache"] = outcome
        return response

    @staticmethod
    def not_modified(headers):
        """A 304 keeps the validators and caching headers and drops the body (RFC 9110 15.4.5)."""
        not_modified = HttpResponseNotModified()
        for header in ("Cache-Control", "ETag", "Vary", "Expires"):
            if header in headers:
                not_modified[header] = headers[header]
        return not_modified
