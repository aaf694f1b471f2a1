"""Settings for the test suite: the real settings, with overrides that keep tests fast and
isolated. Each override says why it is there."""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

# Photos on this run's disk even where the environment names a bucket (a developer's shell):
# tests never write to a real one. The object-storage tests start a bucket server of their own
# (tests/s3_server.py). Popped before the settings read them, for the servers tests start too.
for _name in [
    "MEDIA_STORAGE_URL",
    "MEDIA_PUBLIC_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_LOCATION",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_S3_CUSTOM_DOMAIN",
]:
    os.environ.pop(_name, None)
# No read replica of a developer's own database either: the suite's database has none, and the
# replica tests start a primary and a replica of their own (tests/pg_replica.py).
os.environ.pop("DATABASE_REPLICA_URL", None)

from newsroom.settings import *  # noqa: E402, F403

# Hashing a password with MD5 takes microseconds; PBKDF2 would take most of an admin test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploaded photos go to a throwaway folder, never into the developer's var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="newsroom-test-media-")  # noqa: S108

# Tests read the outbox instead of printing mail.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Background jobs run at once, in the request that queues them (after its commit, as in
# production): a test reads the moderators' mail in the outbox, or searches a renamed section,
# right after the post or save. tests/comments/test_notify_jobs.py runs the same jobs
# through the database and RQ backends, their workers and the retries.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A test's photo has its renditions as soon as it is saved, whatever its size;
# tests/articles/test_renditions_job.py makes them through the background job.
NEWSROOM_RENDITIONS_LATER_PIXELS = 0

# Plain static storage: no collectstatic manifest is needed to render a page in a test.
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Parallel test workers (pytest-xdist's gw0, gw1, …: `make test` runs two) clear their caches
# between tests, which on Redis empties the whole database, and run RQ jobs from its queues: each
# worker gets a database of its own (REDIS_URL's, plus one per worker), and so do the servers its
# tests start, which read REDIS_URL from the environment.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _WORKER.startswith("gw"):  # noqa: F405
    _parts = urlsplit(REDIS_URL)  # noqa: F405 (REDIS_URL)
    # Redis has 16 databases (0-15) unless configured otherwise: the numbers wrap round.
    _db = (int(_parts.path.strip("/") or 0) + 1 + int(_WORKER[2:])) % 16
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{_db}"))  # noqa: F405
    os.environ["REDIS_URL"] = REDIS_URL
    CACHES["default"]["LOCATION"] = CACHES["pages"]["LOCATION"] = REDIS_URL  # noqa: F405
    RQ_QUEUES["default"]["URL"] = with_timeouts(  # noqa: F405
        REDIS_URL,
        env_float("REDIS_QUEUE_TIMEOUT", 3.0),  # noqa: F405
    )

# Each test run gets its own cache namespace so runs against a shared Redis never collide.
if os.environ.get("REDIS_URL"):
    CACHES["default"]["KEY_PREFIX"] = f"newsroom-test-{os.getpid()}"  # noqa: F405
    CACHES["pages"]["KEY_PREFIX"] = f"newsroom-test-pages-{os.getpid()}"  # noqa: F405

# The page cache is on, as in production: tests see what readers see. Its state file is the
# run's own.
PAGE_CACHE_ENABLED = True
PAGE_CACHE_STATE_FILE = os.path.join(tempfile.mkdtemp(prefix="newsroom-test-pagecache-"), "state")  # noqa: S108

# WhiteNoise warns when STATIC_ROOT is missing; tests find static files through the finders.
STATIC_ROOT = tempfile.mkdtemp(prefix="newsroom-test-static-")  # noqa: S108

# SQLite tests use a database file, not Django's in-memory default: a live server then gives each
# of its request threads a connection of its own, as in production, instead of sharing one. The
# comment concurrency test posts from many threads at once and needs that.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="newsroom-test-db-"), "test.sqlite3")
    }
