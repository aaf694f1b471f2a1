"""Reads of public pages from PostgreSQL read replicas; every write, and every read that must see
one, on the primary.

On only when ``DATABASE_REPLICA_URL`` names one or more replicas (the settings then add the
aliases ``replica``, ``replica_2``, … to ``DATABASES``, ``ReplicaRouter`` to
``DATABASE_ROUTERS`` and ``ReplicaReadsMiddleware`` at the top of ``MIDDLEWARE``). Without it
nothing here runs and every query goes to ``default``, as before.

Who reads from where
--------------------
A request's reads go to one replica (chosen at random among those up, the same one for the
whole request, so a page never mixes two replicas' moments) only when all of these hold:

- it is a ``GET``, ``HEAD`` or ``OPTIONS``: a form sent reads what it checks from the primary;
- it is not under the admin and carries no session cookie: editors, reporters and moderators
  (every logged-in user) always read the primary, so the admin and their previews show what
  they just saved;
- it carries no valid *own-writes* cookie (below);
- it has written nothing yet: after its first write, the rest of the request reads the primary;
- the read is not inside ``transaction.atomic()`` on the primary.

Everything outside a request (the background worker, management commands, the shell) reads the
primary: nothing there sets a replica.

Own writes
----------
A replica replays the primary's changes a little later (milliseconds when healthy, seconds when
it is busy). A request that wrote (a reader's comment, an editor's save: any write the router
was asked to place) answers with a signed cookie, ``DATABASE_REPLICA_PIN_COOKIE``, good for
``DATABASE_REPLICA_PIN_SECONDS`` (5): that browser's reads go to the primary until it runs out,
so the writer sees their own write at once, on the page they are sent back to and after. The
window must be longer than the replicas' usual lag. The cookie is personal for the page cache
and Varnish (``PAGE_CACHE_PERSONAL_COOKIES``), so such a request is never given a stored page.

A replica that is down
----------------------
Before a request's first read from a replica, its connection is checked (Django's health check)
and opened if needed, with ``connect_timeout`` ``DATABASE_REPLICA_CONNECT_TIMEOUT`` (2 s). A
replica that cannot be reached is left alone for ``DATABASE_REPLICA_RETRY_SECONDS`` (5) and the
request reads another replica, or the primary: readers get their page, never an error. Back, it
is read again only once it has replayed everything the primary had committed by then (a
restarted replica answers before it has caught up).

A replica that lags
-------------------
After a change commits, ``wait_for_replicas`` (called by the page cache) waits for every
replica to replay it, at most ``DATABASE_REPLICA_MAX_LAG`` seconds (2); the page cache then
retires the change's pages again. A replica still behind is left alone like one that is down,
until it has replayed that commit. Each process learns this for itself. (A
replica that fails in the middle of a request fails that request, as the primary would, with
the site's 503 page; the next request finds it down.)

This module imports no app.
"""

import logging
import random
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset(["GET", "HEAD", "OPTIONS"])
PIN_SALT = "newsroom.dbrouter.own-writes"
UNREACHABLE = (OperationalError, InterfaceError)


@dataclass
class Reads:
    """Where one request reads: ``replicas`` to try in turn (empty: the primary)."""

    replicas: list
    chosen: str | None = None
    checked: bool = False
    wrote: bool = False


_reads = ContextVar("newsroom_replica_reads", default=None)

# alias -> (time.monotonic() until which the replica is not tried, the primary's WAL position
# it must have replayed before it is read again, or None).
_down = {}
_down_lock = threading.Lock()


def replica_aliases():
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def is_down(alias):
    return time.monotonic() < _down.get(alias, (float("-inf"), None))[0]


def mark_down(alias, reason, *, replay=None):
    """Leave ``alias`` alone for ``DATABASE_REPLICA_RETRY_SECONDS``; with ``replay`` (a WAL
    position of the primary), until it has replayed that too."""
    with _down_lock:
        first = not is_down(alias)
        _down[alias] = (time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS, replay)
    if first:
        logger.warning(
            "Read replica %r %s: reading from the primary for %s s.",
            alias,
            reason,
            settings.DATABASE_REPLICA_RETRY_SECONDS,
        )
    if replay is None:
        try:
            connections[alias].close()
        except Exception:  # noqa: BLE001  (closing a broken connection may fail in its own way)
            logger.debug("Closing the connection to %r failed", alias, exc_info=True)


def _unreachable(error):
    return f"is unreachable ({type(error).__name__}: {error})"


def _primary_position():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def _replayed(alias, position):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
        return bool(cursor.fetchone()[0])


def _reachable(alias):
    """Whether ``alias`` answers, and has replayed what it was found behind on: its connection
    checked (once a request, by Django's health check) and opened if needed. A failure marks it
    down."""
    if is_down(alias):
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        if alias in _down:
            # Back after a while away: read again only once it has replayed what it was behind
            # on, or, when it was unreachable, everything committed meanwhile (a replica
            # restarted answers before it has caught up).
            behind_on = _down[alias][1] or _primary_position()
            if not _replayed(alias, behind_on):
                mark_down(alias, f"is still behind {behind_on}", replay=behind_on)
                return False
            with _down_lock:
                _down.pop(alias, None)
    except UNREACHABLE as error:
        mark_down(alias, _unreachable(error))
        return False
    return True


def replica_states():
    """Each replica as this process sees it, for the health check: ``ok``, ``behind`` (found
    behind a change it has not replayed yet) or ``unreachable``."""
    states = {}
    for alias in replica_aliases():
        if _reachable(alias):
            states[alias] = "ok"
        else:
            states[alias] = "behind" if _down.get(alias, (None, None))[1] else "unreachable"
    return states


def wait_for_replicas():
    """After a commit: wait until every replica in use has replayed it, for at most
    ``DATABASE_REPLICA_MAX_LAG`` seconds. A replica still behind then is not read from (in this
    process) until it has caught up. Returns whether there were replicas to wait for: the
    caller then retires again what readers may have made from them in the meantime."""
    aliases = [alias for alias in replica_aliases() if _reachable(alias)]
    if not aliases:
        return bool(replica_aliases())
    try:
        position = _primary_position()
    except UNREACHABLE:
        return True  # the primary is gone: there is nothing a replica could catch up on
    deadline = time.monotonic() + settings.DATABASE_REPLICA_MAX_LAG
    behind = set(aliases)
    while True:
        for alias in sorted(behind):
            try:
                if _replayed(alias, position):
                    behind.discard(alias)
            except UNREACHABLE as error:
                mark_down(alias, _unreachable(error))
                behind.discard(alias)
        if not behind or time.monotonic() >= deadline:
            break
        time.sleep(0.005)
    for alias in behind:
        mark_down(
            alias,
            f"has not replayed a commit ({position}) in {settings.DATABASE_REPLICA_MAX_LAG} s",
            replay=position,
        )
    return True


def alias_for_read():
    """The alias the current read goes to."""
    reads = _reads.get()
    if reads is None or not reads.replicas or reads.wrote:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    if not reads.checked:
        reads.checked = True
        reads.chosen = next((alias for alias in reads.replicas if _reachable(alias)), None)
    return reads.chosen or DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Reads where ``alias_for_read`` says; writes and migrations on the primary only."""

    def db_for_read(self, model, **hints):
        return alias_for_read()

    def db_for_write(self, model, **hints):
        reads = _reads.get()
        if reads is not None:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same rows: the primary's, replayed.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class reads_from_replicas:  # noqa: N801  (used as a context manager, like transaction.atomic)
    """Read as a public ``GET`` does, from ``replicas`` (all of them when None), within the
    block: what the middleware sets for each request, for code outside one."""

    def __init__(self, replicas=None):
        self.reads = Reads(replicas=replica_aliases() if replicas is None else list(replicas))

    def __enter__(self):
        self.token = _reads.set(self.reads)
        return self.reads

    def __exit__(self, *exc_info):
        _reads.reset(self.token)


def _admin_prefix():
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


class ReplicaReadsMiddleware:
    """Decides where each request reads, and gives a request that wrote the own-writes cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.replicas = replica_aliases()
        self.cookie = settings.DATABASE_REPLICA_PIN_COOKIE
        self.pin_seconds = settings.DATABASE_REPLICA_PIN_SECONDS
        self.admin_prefix = None

    def reads_primary(self, request):
        if request.method not in SAFE_METHODS:
            return True
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return True
        if self.admin_prefix is None:
            self.admin_prefix = _admin_prefix() or "/admin/"
        if request.path.startswith(self.admin_prefix):
            return True
        if self.cookie in request.COOKIES:
            pinned = request.get_signed_cookie(
                self.cookie, default=None, salt=PIN_SALT, max_age=self.pin_seconds
            )
            if pinned is not None:
                return True
        return False

    def __call__(self, request):
        if self.reads_primary(request):
            replicas = []
        else:
            replicas = [alias for alias in self.replicas if not is_down(alias)]
            random.shuffle(replicas)
        reads = Reads(replicas=replicas)
        token = _reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if reads.wrote:
            response.set_signed_cookie(
                self.cookie,
                "1",
                salt=PIN_SALT,
                max_age=self.pin_seconds,
                path="/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
