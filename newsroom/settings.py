"""Newsroom settings, read from the environment.

Safe local defaults need nothing but Python: SQLite, a local-memory cache and files on disk
under ``var/``. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis.
``DJANGO_ENV=production`` refuses to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``,
turns ``DEBUG`` off and sets secure cookies and HSTS.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy

from newsroom import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_float(name, default):
    value = os.environ.get(name, "")
    return float(value) if value.strip() else default


def with_timeouts(url, seconds):
    """``url`` (a Redis URL) with connect and read timeouts of ``seconds`` in its query, as
    redis-py reads them, unless the URL sets its own."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("socket_connect_timeout", str(seconds))
    query.setdefault("socket_timeout", str(seconds))
    return urlunsplit(parts._replace(query=urlencode(query)))


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = DJANGO_ENV == "production"


def _development_secret_key():
    """A random key kept in var/, so a local run never relies on a committed secret."""
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "Production needs SECRET_KEY: a random string of at least 50 characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Production needs ALLOWED_HOSTS: the site's host names, comma-separated."
        )
    if "*" in ALLOWED_HOSTS and not env_bool("ALLOW_ANY_HOST", False):
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS=* answers any Host header (poisoned links in password-reset mails "
            "and cached pages): name the site's hosts, or set ALLOW_ANY_HOST=1 if a proxy in "
            "front already checks them."
        )
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
    DEBUG = env_bool("DEBUG", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    # Failed and successful admin logins and lockouts, kept in the database, shown in the admin.
    "axes",
    # Only for its static files (the body editor's script, styles and icon font).
    "django_prose_editor",
    # Background work (newsroom/tasks.py): the Tasks API and the table its jobs wait in.
    "django_tasks",
    "django_tasks_db",
    # Revisions of articles, their bylines and body pieces (articles/revisions.py).
    "reversion",
    "newsroom",
    "articles",
    "comments",
]

MIDDLEWARE = [
    # Old addresses (a WordPress site's, and the admin's Redirects) answer 301: looked up only
    # for a 404 and for WordPress's ?p=… addresses, so it costs other requests nothing.
    "articles.redirects.RedirectMiddleware",
    # Then: a stored page goes out before anything else runs (newsroom/pagecache.py).
    "newsroom.pagecache.PageCacheMiddleware",
    # A database outage met by any view answers 503 in the site's design (newsroom/outages.py).
    "newsroom.outages.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so static files carry its headers too.
    "newsroom.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.caching.PrivateResponseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for too many failures into the lockout page (newsroom/logins.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "articles.context_processors.sections",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a comment is written; a busy timeout waits for the writer
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replicas (README, "Running at scale"; newsroom/dbrouter.py): DATABASE_REPLICA_URL names
# one or more PostgreSQL streaming replicas of DATABASE_URL, comma-separated, as the aliases
# "replica", "replica_2", …. Public pages read from them; writes, the admin, logged-in users,
# the worker and a writer's next few seconds (the own-writes cookie) use the primary. Without
# it there is no router and nothing changes.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URL"), start=1):
    _alias = "replica" if _number == 1 else f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # The router checks a replica's connection before a request's first read from it.
        conn_health_checks=True,
    )
    # A replica that does not answer is given up on this fast, and the primary read instead.
    DATABASES[_alias].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_REPLICA_CONNECT_TIMEOUT", 2)
    )
    # A test run reads its own test database through the replica's alias too.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
if DATABASE_REPLICAS and any(
    DATABASES[alias]["ENGINE"] != "django.db.backends.postgresql"
    for alias in ["default", *DATABASE_REPLICAS]
):
    raise ImproperlyConfigured(
        "DATABASE_REPLICA_URL needs PostgreSQL: DATABASE_URL and every replica postgres://…"
    )
# Seconds a browser that wrote (a comment, a save) reads from the primary: longer than the
# replicas' usual lag, so a writer always sees their own write.
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 5)
DATABASE_REPLICA_PIN_COOKIE = "newsroom_primary"
# Seconds an unreachable replica is left alone (reads go to another, or the primary).
DATABASE_REPLICA_RETRY_SECONDS = env_float("DATABASE_REPLICA_RETRY_SECONDS", 5)
# After a change commits, the page cache waits up to this many seconds for the replicas to
# replay it, then retires its pages again (a reader may have made one from a replica not yet
# there); a replica still behind is not read until it has caught up.
DATABASE_REPLICA_MAX_LAG = env_float("DATABASE_REPLICA_MAX_LAG", 2)
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["newsroom.dbrouter.ReplicaRouter"]
    # First: where a request reads is settled before anything in it reads.
    MIDDLEWARE.insert(0, "newsroom.dbrouter.ReplicaReadsMiddleware")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis outage costs speed, never pages (newsroom/redis_cache.py): a call gives up after
    # these timeouts (seconds) and Redis is then left alone for REDIS_RETRY_SECONDS.
    CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.5")),
                "RETRY_SECONDS": float(os.environ.get("REDIS_RETRY_SECONDS", "2")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Background work (README, "Background work"): jobs wait as rows in the database for
# `manage.py db_worker`, or, with REDIS_URL, in Redis for `manage.py rqworker --with-scheduler`.
# Either way a job outlives the web process that queued it.
# RQ's workers run Tasks API jobs through django_tasks_rq's job class.
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # Queueing a job waits at most REDIS_QUEUE_TIMEOUT seconds for a stalled Redis, then gives
    # up (the caller logs it and goes on: newsroom/tasks.py); workers set longer reads for their
    # own blocking waits.
    RQ_QUEUES = {
        "default": {"URL": with_timeouts(REDIS_URL, env_float("REDIS_QUEUE_TIMEOUT", 3.0))}
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A job that raises runs again up to this many attempts in all, the first retry after
# NEWSROOM_TASK_RETRY_SECONDS and each later one after twice the wait before it.
NEWSROOM_TASK_ATTEMPTS = env_int("NEWSROOM_TASK_ATTEMPTS", 4)
NEWSROOM_TASK_RETRY_SECONDS = env_int("NEWSROOM_TASK_RETRY_SECONDS", 30)
# Photos over this many pixels have their renditions made by a background job, not in the
# editor's request (0: always in the request); pages show the original until they are made.
NEWSROOM_RENDITIONS_LATER_PIXELS = env_int("NEWSROOM_RENDITIONS_LATER_PIXELS", 6_000_000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's ModelBackend with the login throttle's check in front (newsroom/logins.py).
AUTHENTICATION_BACKENDS = ["newsroom.logins.LoginBackend"]

# Login throttling (django-axes, its database handler: every worker and server sees the same
# counts). After AXES_FAILURE_LIMIT failed logins for one account (from any address), or from
# one address (for any accounts), further logins for it are refused for LOGIN_COOLOFF_MINUTES
# after the last counted failure; tries while locked out do not prolong it. A successful login
# clears that account's and address's failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "newsroom.logins.lockout_response"
# The same client address as the comments' flood checks (COMMENTS_CLIENT_IP_HEADER below).
AXES_CLIENT_IP_CALLABLE = "comments.protection.client_ip"
# Axes' own start-up banner; its warnings still reach the log.
AXES_VERBOSE = False

# Where a login lands when it has no safe `next`: the site has no /accounts/profile/.
LOGIN_REDIRECT_URL = reverse_lazy("admin:index")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Photos in an S3-compatible bucket every app server shares (MEDIA_STORAGE_URL or AWS_*,
# README "Photos in object storage"); None: files on disk under MEDIA_ROOT.
MEDIA_STORAGE = media_storage.from_environ(os.environ, production=PRODUCTION)
if MEDIA_STORAGE is not None:
    MEDIA_URL = MEDIA_STORAGE.media_url
STORAGES = {
    "default": (
        MEDIA_STORAGE.storage_backend()
        if MEDIA_STORAGE is not None
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 60 if DEBUG else 3600
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Serving (`make serve`, newsroom/serving.py): a request body must arrive within
# REQUEST_BODY_TIMEOUT seconds plus one second per REQUEST_BODY_MIN_RATE bytes it announces, or the
# client gets 408; a body over REQUEST_BODY_MAX_BYTES gets 413 (every body is received whole
# before a view runs); views run in SERVE_THREADS threads per worker process.
REQUEST_BODY_TIMEOUT = env_int("REQUEST_BODY_TIMEOUT", 10)
REQUEST_BODY_MIN_RATE = env_int("REQUEST_BODY_MIN_RATE", 64 * 1024)
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 64 * 1024 * 1024)
SERVE_THREADS = env_int("SERVE_THREADS", 2)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: on in every mode where it does not break a plain-HTTP local run.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by newsroom.middleware on every response, photos under /media/ included.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions (an editor's login) live in the database, never in the cache: a Redis outage logs
# nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

# Content-Security-Policy: nothing unless named below, and then only from our own origin; no
# inline script anywhere. The admin's body editor needs fonts (its icons) and fetch (the photo
# chooser's JSON views); photos come as files (from the photo bucket's or its CDN's origin when
# there is one, and from nowhere else) and as data: placeholders. No frames, media, workers or
# web manifest: a page that starts using one adds its directive here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *media_storage.image_sources(MEDIA_STORAGE)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        # Only behind a proxy that sets X-Forwarded-Proto itself and strips it from clients.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    # Subdomains and the browsers' preload list are commitments a newsroom must choose
    # (a preload entry takes months to undo); off unless the environment turns them on.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # `check --deploy` warns whenever either is off; off is the choice made here, so each
    # warning is silenced only while its setting is off, and comes back if the code changes.
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, chosen in [
            ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
            ("security.W021", SECURE_HSTS_PRELOAD),
        ]
        if not chosen
    ]
    if SECURE_SSL_REDIRECT:
        # Not on a plain-HTTP loopback run (`make serve`): browsers would ask for the
        # stylesheet and photos over HTTPS, which nothing there answers.
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Every successful admin login and every lockout, with account and address.
        "newsroom.logins": {"level": os.environ.get("LOGIN_LOG_LEVEL", "INFO")},
        # django-axes: each failed login is a warning; its per-request chatter is info.
        "axes": {"level": "WARNING"},
    },
}

# The publication's identity, shown in the masthead, feeds and structured data.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "The Newsroom")
NEWSROOM_SITE_TAGLINE = os.environ.get(
    "NEWSROOM_SITE_TAGLINE", "Independent news, checked and explained"
)
# Absolute base URL for canonical links, feeds and sitemaps ("https://news.example").
# Empty: taken from each request.
NEWSROOM_BASE_URL = os.environ.get("NEWSROOM_BASE_URL", "").rstrip("/")
# Articles per page on the front, section and reporter pages.
NEWSROOM_PAGE_SIZE = env_int("NEWSROOM_PAGE_SIZE", 12)
# "Updated" is shown when an article changed this many minutes after it was published.
NEWSROOM_UPDATED_AFTER_MINUTES = env_int("NEWSROOM_UPDATED_AFTER_MINUTES", 10)
# Live updates a live story's page shows at once ("Show 20 more" pages in the next ones).
NEWSROOM_LIVE_UPDATES_PER_PAGE = env_int("NEWSROOM_LIVE_UPDATES_PER_PAGE", 20)
# Seconds between a reader's page's looks for new updates (static/js/live.js).
NEWSROOM_LIVE_POLL_SECONDS = env_int("NEWSROOM_LIVE_POLL_SECONDS", 7)
# Minutes an article's edit lock lasts after its form was last open (articles/locks.py).
NEWSROOM_EDIT_LOCK_MINUTES = env_int("NEWSROOM_EDIT_LOCK_MINUTES", 5)
CSRF_FAILURE_VIEW = "newsroom.views.csrf_failure"
# Seconds a client is told to wait (Retry-After) when the database is unreachable and the site
# answers 503 (newsroom/outages.py).
DATABASE_OUTAGE_RETRY_AFTER = env_int("DATABASE_OUTAGE_RETRY_AFTER", 30)

# Reader comments (the comments app). README, "Comments and moderation", explains each one.
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 5000)
COMMENTS_MAX_BODY_BYTES = env_int("COMMENTS_MAX_BODY_BYTES", 128 * 1024)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
COMMENTS_THREAD_DEPTH = env_int("COMMENTS_THREAD_DEPTH", 5)
# Close comments this many days after publication; 0 leaves them open until an editor closes them.
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)
COMMENTS_MIN_SUBMIT_SECONDS = env_int("COMMENTS_MIN_SUBMIT_SECONDS", 3)
COMMENTS_FORM_MAX_AGE_SECONDS = env_int("COMMENTS_FORM_MAX_AGE_DAYS", 7) * 24 * 3600
COMMENTS_FLOOD_SECONDS = env_int("COMMENTS_FLOOD_SECONDS", 15)
# Comments one IP address may send in an hour (0: no limit), on top of the flood window.
COMMENTS_HOURLY_LIMIT = env_int("COMMENTS_HOURLY_LIMIT", 20)
# A request header set by a trusted proxy naming the client's address, e.g.
# "HTTP_X_FORWARDED_FOR" (its right-most entry is used). Empty: REMOTE_ADDR.
COMMENTS_CLIENT_IP_HEADER = os.environ.get("COMMENTS_CLIENT_IP_HEADER", "")
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_MODERATION_WORDS = env_list("COMMENTS_MODERATION_WORDS")
COMMENTS_DISALLOWED_WORDS = env_list("COMMENTS_DISALLOWED_WORDS")
COMMENTS_AUTO_APPROVE_KNOWN = env_bool("COMMENTS_AUTO_APPROVE_KNOWN", False)
COMMENTS_NOTIFY_MODERATORS = env_bool("COMMENTS_NOTIFY_MODERATORS", True)
COMMENTS_PENDING_COOKIE = "newsroom_pending"
COMMENTS_AUTHOR_COOKIE = "newsroom_commenter"

# Reader reach: search, feeds, sitemaps.
# PostgreSQL text search configuration (stemming and stop words) for article search.
NEWSROOM_SEARCH_CONFIG = os.environ.get("NEWSROOM_SEARCH_CONFIG", "english")
# Search ranks and shows at most this many of the newest matching articles.
NEWSROOM_SEARCH_MAX_RESULTS = env_int("NEWSROOM_SEARCH_MAX_RESULTS", 500)
# Feeds carry each article's full text (true) or only its standfirst (false, the default).
NEWSROOM_FEED_FULL_TEXT = env_bool("NEWSROOM_FEED_FULL_TEXT", False)
# Articles in each RSS or Atom feed.
NEWSROOM_FEED_ITEMS = env_int("NEWSROOM_FEED_ITEMS", 30)
# Articles under "More on this" at the end of an article.
NEWSROOM_RELATED_ARTICLES = env_int("NEWSROOM_RELATED_ARTICLES", 4)

# Page cache: whole pages for anonymous readers, served before the middleware stack runs, and the
# Cache-Control/ETag headers browsers and CDNs get (newsroom/pagecache.py explains the design).
# Off by default under `make run` (DEBUG), so an edited template shows on the next reload.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", not DEBUG)
PAGE_CACHE_ALIAS = "pages"
# Seconds a stored page lives at most; edits retire pages at once, this bounds anything else.
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 600)
# Larger responses are not stored (a big sitemap is cheap to make and would crowd out pages).
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 1024 * 1024)
# What browsers and CDNs are told: fresh for 5 s, then shown at most 30 s more while they
# revalidate (a 304 when nothing changed).
PAGE_CACHE_BROWSER_MAX_AGE = env_int("PAGE_CACHE_BROWSER_MAX_AGE", 5)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 30)
# Seconds a CDN or Varnish in front may keep a public page (s-maxage; 0: not sent, they go by
# max-age): long only when PAGE_CACHE_PURGE tells them of every change (`make serve-edge`).
PAGE_CACHE_SHARED_MAX_AGE = env_int("PAGE_CACHE_SHARED_MAX_AGE", 0)
# Local-memory cache only: the file that tells every worker on the machine about an edit, and
# how often (seconds) a worker looks at it.
PAGE_CACHE_STATE_FILE = Path(os.environ.get("PAGE_CACHE_STATE_FILE", VAR_DIR / "pagecache-state"))
PAGE_CACHE_CHECK_INTERVAL = float(os.environ.get("PAGE_CACHE_CHECK_INTERVAL", "0.5"))
# Past this size the file is started afresh, which retires every stored page once.
PAGE_CACHE_STATE_MAX_BYTES = env_int("PAGE_CACHE_STATE_MAX_BYTES", 1024 * 1024)
# The headers that carry a public page's cache tags to the CDN in front, each off until named
# here: "Surrogate-Key" (Fastly), "Cache-Tag" (Cloudflare), "xkey" (Varnish).
PAGE_CACHE_TAG_HEADERS = env_list("PAGE_CACHE_TAG_HEADERS", "")
# Where purges by tag go after a change commits (newsroom/purge.py): none, varnish, fastly or
# cloudflare; the API's address (for a test's own endpoint), and how long one request may take.
PAGE_CACHE_PURGE = os.environ.get("PAGE_CACHE_PURGE", "none")
PAGE_CACHE_PURGE_API_URL = os.environ.get("PAGE_CACHE_PURGE_API_URL", "")
PAGE_CACHE_PURGE_TIMEOUT = env_float("PAGE_CACHE_PURGE_TIMEOUT", 5.0)
PAGE_CACHE_PURGE_VARNISH_URLS = env_list("PAGE_CACHE_PURGE_VARNISH_URLS", "")
# Each purge is sent again this many seconds after the commit (0: once only), for the page that
# was being fetched from an app server, made from the data before the change, when the first
# purge arrived: Varnish or the CDN stores it after that purge (newsroom/purge.py).
PAGE_CACHE_PURGE_AGAIN_SECONDS = env_float("PAGE_CACHE_PURGE_AGAIN_SECONDS", 1.0)
FASTLY_SERVICE_ID = os.environ.get("FASTLY_SERVICE_ID", "")
FASTLY_API_TOKEN = os.environ.get("FASTLY_API_TOKEN", "")
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "")
# Requests carrying any of these cookies get pages made for them, never stored ones: the session
# and CSRF cookies (a logged-in editor), Django's messages, a comment awaiting moderation, a
# commenter's saved name. The session, CSRF, messages and pending-comment cookie names from
# their own settings are always added.
PAGE_CACHE_PERSONAL_COOKIES = env_list(
    "PAGE_CACHE_PERSONAL_COOKIES",
    "sessionid,csrftoken,messages,newsroom_pending,newsroom_commenter",
)
if DATABASE_REPLICAS and DATABASE_REPLICA_PIN_COOKIE not in PAGE_CACHE_PERSONAL_COOKIES:
    # A writer's next pages are made from the primary for them, never taken from a store.
    PAGE_CACHE_PERSONAL_COOKIES.append(DATABASE_REPLICA_PIN_COOKIE)
# The query parameters public pages read: article lists' `page`, search's `q`, an article's
# comment page `cpage` and reply target `replyto`, a sitemap's page `p`, a live story's and its
# updates' cursors `before` and `after`. Anything else (`?x=1`,
# `?utm_source=...`) is dropped before the page is looked up or made, so such an address gets
# the stored page without it and never stores another copy. A view that starts reading a new
# parameter adds it here.
PAGE_CACHE_QUERY_PARAMS = env_list(
    "PAGE_CACHE_QUERY_PARAMS", "page,q,cpage,replyto,p,before,after,update"
)

# Pages under these URLs are never stored, nor looked up: the admin, staff previews and the
# load balancers' health check (which must answer even when the cache is down).
PAGE_CACHE_NEVER_URL_NAMES = ["admin:index", "articles:article-preview", "healthz"]
if REDIS_URL:
    CACHES["pages"] = {
        **CACHES["default"],
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-pages",
    }
else:
    # Its own store, so pages never push out other cached data; about 40 KB a page.
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsroom-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 500)},
    }

# Uploaded photos served by the site itself (`make run`, `make serve`); a larger deployment
# serves MEDIA_ROOT from the web server instead. Photos in a bucket are never served here:
# pages link to the bucket or its CDN.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG) and MEDIA_STORAGE is None

# Where `manage.py backup` writes an archive when given no path, and where `restore` unpacks one
# while it checks it (README, "Backup and restore").
NEWSROOM_BACKUP_DIR = Path(os.environ.get("NEWSROOM_BACKUP_DIR", VAR_DIR / "backups"))
