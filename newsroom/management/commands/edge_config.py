"""``manage.py edge_config --backend 127.0.0.1:8001 … --out var/edge/edge-site.vcl``: the site's
facts for Varnish, in the file newsroom/edge/newsroom.vcl includes: the app servers (round
robin, each probed on /healthz), the addresses allowed to purge, and which requests must reach
an app server as they are: those with a personal cookie (PAGE_CACHE_PERSONAL_COOKIES) and the
paths the page cache never stores (PAGE_CACHE_NEVER_URL_NAMES: the admin, previews, the health
check), and how long a fetch from an app server may take for its page to be kept as long as it
says (``in_flight_limit``): a page longer in flight may have been made before a change whose
purges both missed it (newsroom/purge.py), so Varnish keeps it only until 2 s after the
earliest change it could have missed, and at least for the readers waiting for it."""

import re
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand, CommandError

from newsroom.pagecache import _url_prefix, page_cache

# Seconds the app servers' clocks and Varnish's may differ by, on several machines.
CLOCK_MARGIN = 0.1
# No page that shows a change is served stale longer than this after the change commits; the
# margin is for the purge job's own time and the machines' clocks.
STALE_LIMIT = 2.0
STALE_MARGIN = 0.25
# A slow page is kept at least this long, so that the readers waiting for it are given it.
SLOW_PAGE_KEPT_AT_LEAST = 0.1

ADDRESS = re.compile(r"^(\[[0-9a-fA-F:]+\]|[\w.-]+):(\d{1,5})$")


def vcl_string(text):
    """``text`` as a VCL string: VCL has no escapes, so a double quote cannot be in one."""
    if '"' in text or "\n" in text:
        raise CommandError(f"cannot be written as a VCL string: {text!r}")
    return f'"{text}"'


def site_vcl(backends, purgers):
    """The include's text for ``backends`` [(host, port)] and ``purgers`` [address]."""
    lines = ["# Written by manage.py edge_config: the site's facts for newsroom.vcl.", ""]
    for n, (host, port) in enumerate(backends, 1):
        lines += [
            f"backend app{n} {{",
            f"    .host = {vcl_string(host)};",
            f"    .port = {vcl_string(port)};",
            "    .connect_timeout = 1s;",
            "    .first_byte_timeout = 30s;",
            '    .probe = { .url = "/healthz"; .interval = 2s; .timeout = 1s; .window = 3;',
            "        .threshold = 2; .initial = 3; }",
            "}",
            "",
        ]
    lines += ["sub vcl_init {", "    new newsroom_app = directors.round_robin();"]
    lines += [f"    newsroom_app.add_backend(app{n});" for n in range(1, len(backends) + 1)]
    lines += ["}", "", "acl newsroom_purgers {"]
    lines += [f"    {vcl_string(address)};" for address in purgers]
    lines += ["}", ""]
    cookies = "|".join(re.escape(name) for name in settings.PAGE_CACHE_PERSONAL_COOKIES)
    paths = [_url_prefix(name) for name in settings.PAGE_CACHE_NEVER_URL_NAMES]
    paths = [path for path in paths if path]
    paths = "|".join(re.escape(path) for path in paths)
    personal_cookie = vcl_string(rf"(^|;\s*)({cookies})=")
    never_stored = vcl_string(rf"^({paths})")
    lines += [
        "# Made for one person, or never stored by the page cache: to an app server as it is.",
        "sub newsroom_personal {",
        f"    if (req.http.Cookie ~ {personal_cookie}) {{",
        "        return (pass);",
        "    }",
        f"    if (req.url ~ {never_stored}) {{",
        "        return (pass);",
        "    }",
        "}",
    ]
    lines += ["", *in_flight_vcl(in_flight_limit())]
    return "\n".join(lines) + "\n"


def page_cache_lag():
    """Seconds what an app server's page cache knows may lag behind a commit:
    PAGE_CACHE_CHECK_INTERVAL without a shared cache (each process on the one machine reads the
    clock's file that often), CLOCK_MARGIN with one (Redis is asked on every request; the margin
    is for the machines' clocks)."""
    if isinstance(page_cache(), LocMemCache):
        return settings.PAGE_CACHE_CHECK_INTERVAL
    return CLOCK_MARGIN


def in_flight_limit():
    """Seconds a fetch may take for the second purge to reach its page if it is stale (None:
    there is no second purge). A stale page was made from what an app server knew before the
    commit, so it reaches Varnish before commit + its fetch time + ``page_cache_lag()``. The
    second purge arrives after commit + PAGE_CACHE_PURGE_AGAIN_SECONDS. With the defaults:
    0.9 s with Redis, 0.5 s without."""
    again = settings.PAGE_CACHE_PURGE_AGAIN_SECONDS
    if again <= 0:
        return None
    lag = page_cache_lag()
    if again <= lag:
        raise CommandError(
            f"PAGE_CACHE_PURGE_AGAIN_SECONDS ({again}) must be more than {lag} s, or 0: "
            "Varnish would keep no page"
        )
    return again - lag


def in_flight_vcl(limit):
    """The VCL that keeps a page whose fetch outlasted the second purge's reach only as long as
    a change it may have missed can still be hidden: ``STALE_LIMIT`` less ``STALE_MARGIN`` after
    the earliest such change (its fetch's start less ``page_cache_lag()``), and never less than
    ``SLOW_PAGE_KEPT_AT_LEAST``. Not keeping it at all would do harm: Varnish (7.1) hands a page
    kept for no time to none of the readers waiting for it, who then fetch it one after another,
    each waiting for all before, so a slow app server slows to a crawl behind Varnish."""
    lines = [
        "# A page fetched for longer than this may have been made from the data before a",
        "# change, and reached Varnish after both its purges: kept only until 2 s after that",
        "# change, and at least for the readers waiting for it.",
        "sub newsroom_in_flight {",
    ]
    if limit is not None:
        until = STALE_LIMIT - STALE_MARGIN - page_cache_lag()
        lines += [
            f"    if (now - bereq.time > {limit:.3f}s) {{",
            f"        set beresp.ttl = {until:.3f}s - (now - bereq.time);",
            f"        if (beresp.ttl < {SLOW_PAGE_KEPT_AT_LEAST:.3f}s) {{",
            f"            set beresp.ttl = {SLOW_PAGE_KEPT_AT_LEAST:.3f}s;",
            "        }",
            "        set beresp.grace = 0s;",
            "        set beresp.keep = 0s;",
            "    }",
        ]
    return [*lines, "}"]


class Command(BaseCommand):
    help = "Write the Varnish include with the site's app servers, purgers and personal requests."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend", action="append", required=True, help="An app server, HOST:PORT."
        )
        parser.add_argument(
            "--purger",
            action="append",
            help="An address allowed to purge; default the loopback addresses.",
        )
        parser.add_argument("--out", required=True, help="The file to write.")

    def handle(self, *args, backend, purger, out, **options):
        backends = []
        for value in backend:
            match = ADDRESS.match(value)
            if not match:
                raise CommandError(f"--backend {value!r}: give HOST:PORT, e.g. 127.0.0.1:8001")
            backends.append((match[1].strip("[]"), match[2]))
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(site_vcl(backends, purger or ["127.0.0.1", "::1"]))
        self.stdout.write(f"Wrote {path}: {len(backends)} app server(s) behind Varnish.")
