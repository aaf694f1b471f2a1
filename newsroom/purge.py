"""Purges by tag downstream of the site: the CDN or Varnish in front forgets the pages a change
touched, as the page cache does (``newsroom.pagecache``).

After the transaction of a change commits, ``after_commit(tags)`` queues ``purge_tags`` on the
task queue (``newsroom.tasks``); the job sends the purge to the backend ``PAGE_CACHE_PURGE``
names and, when the backend refuses or cannot be reached, raises, so the task queue runs it again
after a wait (``newsroom.tasks.retried``) until it succeeds or its attempts run out. A change that
names no tags (everything) purges ``site``, the tag every page carries.

Pages in flight: a page an app server began making before the commit, from the data before the
change, may still be on its way to Varnish (or the CDN) when the purge arrives there; the purge
finds nothing, and the stale page is stored after it, for as long as its ``s-maxage``. So each
purge is queued a second time, to run ``PAGE_CACHE_PURGE_AGAIN_SECONDS`` (1 s) after the commit;
it retires any such page, provided the page reached Varnish within that time of the commit.
A page whose fetch took longer than that delay less how far an app server's page cache may lag
(``PAGE_CACHE_CHECK_INTERVAL``, 0.5 s, without Redis; 0.1 s for the machines' clocks with it)
may show data read before the commit and reach Varnish after both purges: Varnish
(newsroom/edge/newsroom.vcl, with the limits ``manage.py edge_config`` writes) keeps it only
until 1.75 s after the earliest change it could have missed. So a stored page is stale for at
most the second purge's delay plus the worker's interval (1.25 s with `make serve-edge`), and
under 2 s when an app server is slow, within the 2 s a change may take to show. A
task backend that cannot run a job later (the immediate one) sends the purge once. A CDN has
no such limit: behind one, a page whose fetch took longer than the second purge's delay can
still be kept stale.

Backends, each reading its own settings:

``none`` (the default)
    Nothing in front of the site keeps pages by tag; nothing is sent.
``varnish``
    ``PURGE /`` with the tags in an ``xkey-purge`` header (space-separated, for
    ``xkey.purge()`` of Debian's ``varnish-modules``) to each address in
    ``PAGE_CACHE_PURGE_VARNISH_URLS``.
``fastly``
    ``POST {PAGE_CACHE_PURGE_API_URL}/service/{FASTLY_SERVICE_ID}/purge`` with the tags in a
    ``Surrogate-Key`` header (at most 256 a request, Fastly's limit) and ``Fastly-Key:
    {FASTLY_API_TOKEN}``.
``cloudflare``
    ``POST {PAGE_CACHE_PURGE_API_URL}/client/v4/zones/{CLOUDFLARE_ZONE_ID}/purge_cache`` with
    ``{"tags": [...]}`` (at most 30 a request) and ``Authorization: Bearer
    {CLOUDFLARE_API_TOKEN}``; the answer's ``"success"`` must be true.

This module imports no app.
"""

import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .caching import EVERY_PAGE
from .tasks import enqueue_or_log, enqueue_or_run, retried

logger = logging.getLogger(__name__)

DEFAULT_API_URLS = {
    "fastly": "https://api.fastly.com",
    "cloudflare": "https://api.cloudflare.com",
}
BATCH = {"varnish": 100, "fastly": 256, "cloudflare": 30}


class PurgeFailed(Exception):
    """The backend did not confirm the purge; the job is tried again."""


def backend():
    return (settings.PAGE_CACHE_PURGE or "none").lower()


def after_commit(tags):
    """Queue the purge of ``tags`` (None: every page) when a purge backend is set, and the same
    purge again ``PAGE_CACHE_PURGE_AGAIN_SECONDS`` later, for pages in flight."""
    if backend() == "none" or (tags is not None and not tags):
        return
    tags = [EVERY_PAGE] if tags is None else sorted(tags)
    enqueue_or_run(purge_tags, tags)
    again = settings.PAGE_CACHE_PURGE_AGAIN_SECONDS
    if again > 0 and purge_tags.get_backend().supports_defer:
        later = purge_tags.using(run_after=timezone.now() + timedelta(seconds=again))
        enqueue_or_log(later, tags, what=f"the second purge of {' '.join(tags)}")


@retried
def purge_tags(tags):
    """Purge the pages carrying ``tags`` from the backend in front of the site."""
    kind = backend()
    if kind == "none":
        return 0
    send = {"varnish": _varnish, "fastly": _fastly, "cloudflare": _cloudflare}.get(kind)
    if send is None:
        raise PurgeFailed(
            f"PAGE_CACHE_PURGE is {kind!r}: not one of none, varnish, fastly, cloudflare"
        )
    size = BATCH[kind]
    for start in range(0, len(tags), size):
        send(tags[start : start + size])
    return len(tags)


def _request(method, url, *, headers, body=None):
    """One request; returns the answer's body, or raises ``PurgeFailed``."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.PAGE_CACHE_PURGE_TIMEOUT) as answer:  # noqa: S310
            return answer.read()
    except urllib.error.HTTPError as error:
        raise PurgeFailed(f"{method} {url} answered {error.code}") from error
    except OSError as error:
        raise PurgeFailed(f"{method} {url} failed: {error}") from error


def _api_url():
    return (settings.PAGE_CACHE_PURGE_API_URL or DEFAULT_API_URLS[backend()]).rstrip("/")


def _varnish(tags):
    if not settings.PAGE_CACHE_PURGE_VARNISH_URLS:
        raise PurgeFailed("PAGE_CACHE_PURGE is varnish but PAGE_CACHE_PURGE_VARNISH_URLS is empty")
    for address in settings.PAGE_CACHE_PURGE_VARNISH_URLS:
        _request("PURGE", address.rstrip("/") + "/", headers={"xkey-purge": " ".join(tags)})


def _fastly(tags):
    url = f"{_api_url()}/service/{settings.FASTLY_SERVICE_ID}/purge"
    headers = {
        "Fastly-Key": settings.FASTLY_API_TOKEN,
        "Surrogate-Key": " ".join(tags),
        "Accept": "application/json",
    }
    _request("POST", url, headers=headers)


def _cloudflare(tags):
    url = f"{_api_url()}/client/v4/zones/{settings.CLOUDFLARE_ZONE_ID}/purge_cache"
    headers = {
        "Authorization": f"Bearer {settings.CLOUDFLARE_API_TOKEN}",
        "Content-Type": "application/json",
    }
    answer = _request("POST", url, headers=headers, body=json.dumps({"tags": tags}).encode())
    try:
        confirmed = json.loads(answer).get("success") is True
    except (ValueError, AttributeError):
        confirmed = False
    if not confirmed:
        raise PurgeFailed(f"POST {url} did not confirm the purge: {answer[:200]!r}")
