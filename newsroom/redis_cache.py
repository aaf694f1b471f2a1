"""The Redis cache backend the site uses with ``REDIS_URL``: a Redis that stops answering costs
speed, never pages.

Every cache use on the site (the page cache, ``remember()``, the comment form token, the health
check) goes through this backend. When Redis cannot be reached, a call answers as a cache that
holds nothing would (``get`` gives its default, ``set`` stores nothing) and the site renders
pages afresh from the database. Short connect and socket timeouts (``REDIS_CONNECT_TIMEOUT``,
``REDIS_SOCKET_TIMEOUT``) bound what one failed call costs; after a failure every call skips
Redis for ``REDIS_RETRY_SECONDS`` (a circuit breaker), so an outage costs a few milliseconds a
request, not a timeout each. Then one call checks with a PING: when Redis answers again, caching
resumes by itself and ``newsroom.signals.cache_reconnected`` is sent, so that what was stored
before the outage, which edits made during it could not retire, is retired now.

One warning is logged when the outage starts and one line when Redis is back, per process.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .signals import cache_reconnected

logger = logging.getLogger(__name__)

# What a Redis that is down, restarting or unreachable raises (refused, reset, timed out,
# still loading its data); OSError for socket faults that escape the client's own classes.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class Breaker:
    """Whether one Redis server is to be asked, shared by every thread of the process (Django
    gives each thread its own cache object)."""

    def __init__(self, location, retry_seconds):
        self.location = location
        self.retry_seconds = retry_seconds
        self.lock = threading.Lock()
        self.down_since = None
        self.retry_at = 0.0

    def closed(self):
        """True when calls go to Redis; False while an outage is being waited out."""
        return self.down_since is None

    def due_for_retry(self):
        """True for exactly one caller once the wait is over: that caller checks Redis."""
        with self.lock:
            if self.down_since is None or time.monotonic() < self.retry_at:
                return False
            self.retry_at = time.monotonic() + self.retry_seconds
            return True

    def trip(self, error):
        with self.lock:
            self.retry_at = time.monotonic() + self.retry_seconds
            if self.down_since is not None:
                return
            self.down_since = time.monotonic()
        logger.warning(
            "The cache at %s is unreachable (%s): pages are served uncached, Redis is tried "
            "again every %s s.",
            self.location,
            error,
            self.retry_seconds,
        )

    def reset(self):
        with self.lock:
            if self.down_since is None:
                return False
            lasted = time.monotonic() - self.down_since
            self.down_since = None
        logger.warning(
            "The cache at %s answers again after %.1f s: caching resumed.", self.location, lasted
        )
        return True


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location, retry_seconds):
    """The one breaker of the server at ``location``: the data and page caches share it, so an
    outage is logged once."""
    with _breakers_lock:
        key = (location, retry_seconds)
        if key not in _breakers:
            _breakers[key] = Breaker(location, retry_seconds)
        return _breakers[key]


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis is unreachable.

    ``OPTIONS`` takes ``RETRY_SECONDS`` (how long to skip Redis after a failure) besides the
    redis-py connection options (``socket_connect_timeout``, ``socket_timeout``).
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        retry_seconds = float(options.pop("RETRY_SECONDS", 2))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = breaker_for(",".join(self._servers), retry_seconds)

    def _available(self):
        if self.breaker.closed():
            return True
        if not self.breaker.due_for_retry():
            return False
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE as error:
            self.breaker.trip(error)
            return False
        if self.breaker.reset():
            cache_reconnected.send(sender=type(self), cache=self)
        return True

    def _call(self, method, fallback, *args, **kwargs):
        if not self._available():
            return fallback
        try:
            return method(*args, **kwargs)
        except UNREACHABLE as error:
            self.breaker.trip(error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        if not self._available():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self.breaker.trip(error)
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).") from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)
