"""A database outage answers 503 in the site's design, never a 500.

When the database cannot be reached (``OperationalError`` or ``InterfaceError`` while
connecting or querying), any request gets ``templates/503.html`` with ``Retry-After`` (the
``DATABASE_OUTAGE_RETRY_AFTER`` setting, seconds) and ``Cache-Control: no-store``. The page is
rendered without a request context, so no context processor, session or template tag can reach
for the database again. A page the page cache already holds is still served from it (the page
cache runs first and asks no database).

A form sent during the outage (a reader's comment, an editor's edit in the admin) stored
nothing: the page says so and shows the words back in text boxes to copy, so nobody's writing
is thrown away without a word.

``DatabaseOutageMiddleware`` turns errors raised by views and templates into this page;
``newsroom.views.server_error`` does the same for the few raised in other middleware (a session
saved on the way out).
"""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.urls import NoReverseMatch, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)

# Fields never shown back: secrets, and what the form itself filled in.
NEVER_SHOWN = ("password", "csrf", "token", "nonce")
# Labels for the reply form's fields; other forms show the field's name.
LABELS = {"comment": "Your comment", "name": "Your name"}

_last_warning = float("-inf")


def is_database_outage(exception):
    return isinstance(exception, DATABASE_ERRORS)


def _words_sent(request):
    """What the visitor wrote in the form they sent: each field whose value holds words (a
    space or a line break), secrets and the form's own tokens left out."""
    if request.method != "POST":
        return []
    try:
        data = request.POST
    except Exception:  # noqa: BLE001  (an unreadable body: there is nothing to show back)
        return []
    kept = []
    for name, values in data.lists():
        # Admin buttons ("_save", "_continue") and secrets are not the visitor's words.
        if name.startswith("_") or any(part in name.lower() for part in NEVER_SHOWN):
            continue
        for value in values:
            words = value.strip()
            if words and (name in LABELS or any(c.isspace() for c in words)):
                rows = min(12, max(2, value.count("\n") + 1 + len(value) // 70))
                kept.append({"label": LABELS.get(name, name), "value": value, "rows": rows})
    return kept


def _is_comment_post(request):
    try:
        return resolve(request.path_info).view_name == "comments:post"
    except Resolver404:
        return False


def _home_url():
    try:
        return reverse("articles:front-page")
    except NoReverseMatch:
        return "/"


def _warn(request, exception):
    """One warning per ``Retry-After`` period and process, not one a request."""
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= settings.DATABASE_OUTAGE_RETRY_AFTER:
        _last_warning = now
        logger.warning(
            "The database is unreachable (%s: %s): answering 503 (first seen on %s %s).",
            type(exception).__name__,
            exception,
            request.method,
            request.path,
        )


def outage_response(request, exception):
    """The 503 page, made without touching the database."""
    _warn(request, exception)
    retry_after = settings.DATABASE_OUTAGE_RETRY_AFTER
    context = {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_tagline": settings.NEWSROOM_SITE_TAGLINE,
        "home_url": _home_url(),
        "kept": _words_sent(request),
        "is_comment": _is_comment_post(request),
        "retry_minutes": "a minute" if retry_after <= 60 else f"{round(retry_after / 60)} minutes",
    }
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, no_store=True)
    # Logged above, once a period: Django's request log would add an error for every request.
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return outage_response(request, exception)
        return None
