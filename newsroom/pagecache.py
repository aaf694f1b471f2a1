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

Invalidation: one generation for the whole site
-----------------------------------------------
Every stored page carries the *generation token* that was current when its rendering began. Apps
send ``newsroom.signals.content_changed`` whenever what readers see changes (a save or delete of
an article, body piece, byline, photo, section, reporter or visible comment, a changed comment
count); it replaces the token, so every stored page stops matching at once. This module imports
no app: it knows only the project's signals. A page shows many things (the section navigation,
bylines, comment counts, "most recent" lists), and tracking which page shows which object would
be a second copy of the templates' logic that goes wrong silently; a news site is read thousands
of times for each edit, so re-rendering each hot page once after an edit costs nothing that
matters. Taking the token *before* rendering means a page rendered from data that changed while
it was being made is stored under the old token and never served.

The token is replaced right away and again when the transaction commits (a reader in another
process cannot see the change before the commit, and may store an old rendering in between; the
second token retires it).

Scheduled articles: the state kept with the token also holds the next scheduled publish time
(asked of the apps through ``newsroom.signals.next_scheduled_change`` when the token changes:
one indexed query). Every request compares the clock with it; the first
request after that time replaces the token, so a scheduled article appears on every page the
moment it is due, with no cron job.

Where the token lives, and why
------------------------------
- With ``REDIS_URL`` (any shared cache backend): in the cache itself, fetched together with the
  page in one ``get_many`` round trip, so every process on every machine agrees at once.
- With the default local-memory cache every gunicorn worker has a cache of its own, and an edit
  is saved by one of them (or by a management command). The token then lives in a tiny file,
  ``PAGE_CACHE_STATE_FILE`` (``var/pagecache-state``), replaced atomically on each change; a
  worker ``stat``s it at most every ``PAGE_CACHE_CHECK_INTERVAL`` seconds (0.5 by default) and
  re-reads it when it changed. Readers of every worker on the machine see a change within that
  interval, and a hit costs no more than a clock read. Short TTLs alone would have to be shorter
  than "a few seconds" for every page and re-render hot pages all the time; a file is the one
  thing every worker on a machine shares without a server. Several machines need ``REDIS_URL``.
- A worker starting with a shared cache retires every stored page: the previous release may have
  stored pages that name static files this one no longer has. (A local-memory cache starts empty.)
- ``PAGE_CACHE_TIMEOUT`` (10 minutes) bounds every entry anyway, for changes that send no signal
  (a ``QuerySet.update()``, a raw SQL fix); code that writes that way sends ``content_changed``.
"""

import gzip
import hashlib
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, transaction
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from .caching import is_private
from .signals import cache_reconnected, content_changed, next_scheduled_change

STATE_KEY = "pagecache:state"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
COMPRESSIBLE = (
    "text/",
    "application/xml",
    "application/rss",
    "application/atom",
    "application/json",
)
NEVER_STORE_DIRECTIVES = ("private", "no-store", "no-cache", "max-age=0")


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _next_scheduled_timestamp():
    """When content next changes by itself (a scheduled article going live), as a Unix time,
    or None: the earliest answer to ``newsroom.signals.next_scheduled_change``."""
    try:
        with transaction.atomic():
            answers = [when for _, when in next_scheduled_change.send(sender=None) if when]
    except DatabaseError:
        # Tables not there yet (a migration run): nothing is scheduled that we could know of.
        return None
    return min(answers).timestamp() if answers else None


class FileState:
    """The token in a small file every worker on this machine reads (local-memory caches)."""

    def __init__(self, path, interval):
        self.path = Path(path)
        self.interval = interval
        self.state = None
        self.signature = None
        self.checked_at = float("-inf")

    def current(self):
        now = time.monotonic()
        if self.state is None or now - self.checked_at >= self.interval:
            self.checked_at = now
            try:
                stat = os.stat(self.path)
            except FileNotFoundError:
                return self.write(new_state())
            signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if signature != self.signature:
                try:
                    token, _, when = self.path.read_text().partition(" ")
                    self.state = (token, float(when) if when.strip() else None)
                    self.signature = signature
                except (OSError, ValueError):
                    return self.write(new_state())
        return self.state

    def write(self, state):
        token, when = state
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        temporary.write_text(f"{token} {'' if when is None else repr(when)}")
        os.replace(temporary, self.path)
        stat = os.stat(self.path)
        self.state = state
        self.signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        self.checked_at = time.monotonic()
        return state

    def lookup(self, key):
        return self.current(), page_cache().get(key)


class SharedCacheState:
    """The token in the shared cache (Redis), read with the page in one round trip."""

    def current(self):
        return page_cache().get(STATE_KEY) or self.write(new_state())

    def write(self, state):
        page_cache().set(STATE_KEY, state, None)
        return state

    def retire_all(self):
        """A new token with the same next scheduled time (no query needed)."""
        state = page_cache().get(STATE_KEY)
        if state is not None:
            self.write((secrets.token_hex(8), state[1]))

    def lookup(self, key):
        found = page_cache().get_many([STATE_KEY, key])
        state = found.get(STATE_KEY) or self.write(new_state())
        return state, found.get(key)


def new_state():
    return (secrets.token_hex(8), _next_scheduled_timestamp())


_store = None


def state_store():
    global _store
    if _store is None:
        if isinstance(page_cache(), LocMemCache):
            _store = FileState(settings.PAGE_CACHE_STATE_FILE, settings.PAGE_CACHE_CHECK_INTERVAL)
        else:
            _store = SharedCacheState()
    return _store


def content_version():
    """A token that changes whenever anything readers see changes: for caching what is derived
    from published content, such as the number of articles a listing has."""
    return state_store().current()[0]


def remember(key, compute, timeout=3600):
    """``compute()``, kept in the default cache until anything readers see changes: for what
    every page needs and only an edit changes (the section navigation, a listing's count)."""
    from django.core.cache import cache

    versioned = f"{key}:{content_version()}"
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, timeout)
    return value


def invalidate():
    """Retire every stored page now and again when the current transaction commits."""
    store = state_store()
    store.write(new_state())
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: store.write(new_state()), robust=True)


def on_content_changed(sender, **kwargs):
    """``newsroom.signals.content_changed``: something readers see changed."""
    invalidate()


def on_cache_reconnected(sender, **kwargs):
    """``newsroom.signals.cache_reconnected``: Redis is back after an outage, during which an
    edit could not retire the pages stored before it. They are retired now."""
    store = state_store()
    if isinstance(store, SharedCacheState):
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
        self.never_prefixes = None
        if self.enabled and isinstance(state_store(), SharedCacheState):
            # A shared cache outlives a release, whose templates and fingerprinted static
            # files may differ: pages stored by the previous release are retired.
            state_store().retire_all()

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
        store = state_store()
        (token, next_scheduled), entry = store.lookup(key)
        if next_scheduled is not None and time.time() >= next_scheduled:
            # A scheduled article has just gone live: every page that lists it is out of date.
            token, _ = store.write(new_state())
            entry = None
        if entry is not None and entry[0] == token:
            return self.respond(request, entry, "hit")

        response = self.get_response(request)
        if (
            request.method != "GET"
            or not self.shareable(request, response)
            or response.has_header("Content-Encoding")  # compressed further down the stack
            or len(response.content) > self.max_bytes
        ):
            return self.conditional(request, response)
        entry = self.make_entry(token, self.add_public_headers(response))
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
        self.add_public_headers(response)
        if _etag_matches(request, response["ETag"]):
            return self.not_modified(response.headers)
        return response

    def add_public_headers(self, response):
        if "Cache-Control" not in response:
            patch_cache_control(response, **self.cache_control)
        if "ETag" not in response:
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response["ETag"] = f'W/"{digest}"'
        return response

    def make_entry(self, token, response):
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
        return (token, response.status_code, headers, body, compressed, response["ETag"])

    def respond(self, request, entry, outcome):
        _, status, headers, body, compressed, etag = entry
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
