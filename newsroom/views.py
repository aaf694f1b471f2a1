"""Site-wide views: error pages in the site's design, uploaded photos, the icon, the health
check."""

import logging
import secrets
import sys

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import SuspiciousFileOperation
from django.db import connections
from django.http import Http404, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

from . import dbrouter, media_storage, outages, tasks

logger = logging.getLogger(__name__)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # A database outage met outside a view (a session saved on the way out) is a 503 too.
    exception = sys.exception()
    if outages.is_database_outage(exception):
        return outages.outage_response(request, exception)
    # Rendered without a request context: the fault may lie in a context processor or the database.
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


# The site's one icon: every page (public and admin) names it with <link rel="icon">.
ICON = "img/favicon.svg"


def favicon(request):
    """``/favicon.ico``, for clients that ask without reading the page: a redirect to the icon,
    kept for a day (temporary, as the icon's address changes with its content in production)."""
    response = HttpResponseRedirect(static(ICON))
    patch_cache_control(response, public=True, max_age=86400)
    return response


def media(request, path):
    """An uploaded photo, with ``If-Modified-Since`` answered and headers for browsers: a year
    and ``immutable`` for server-made unique names (an upload's original and its renditions),
    an hour for fixed names (the demo's)."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as exc:
        raise Http404("No such photo.") from exc
    if response.status_code == 200:
        # The same lifetimes as the photo bucket's objects (newsroom/media_storage.py).
        response["Cache-Control"] = media_storage.cache_control(path)
    return response


def _database_reachable():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_reachable():
    """A value written to each cache the site uses (Redis when ``REDIS_URL`` is set) reads back."""
    for alias in ("default", settings.PAGE_CACHE_ALIAS):
        cache = caches[alias]
        value = secrets.token_hex(8)
        cache.set("healthz", value, 10)
        if cache.get("healthz") != value:
            return False
    return True


HEALTH_CHECKS = {"database": _database_reachable, "cache": _cache_reachable}


@require_safe
def healthz(request):
    """``/healthz`` for load balancers: 200 ``{"database": "ok", "cache": "ok", ...}`` when both
    answer, 503 naming the one that failed otherwise. ``tasks`` tells whoever watches the site
    how many background jobs are due and how long the oldest has waited (a stopped worker shows
    as a growing wait); it never turns the answer into a 503, as the site still serves readers
    without a worker. With read replicas, ``replicas`` says how this process sees each one
    (``ok``, ``behind``, ``unreachable``); never a 503 either, as readers are then served from
    the primary. Never stored by the page cache (it is in
    ``PAGE_CACHE_NEVER_URL_NAMES``, so a cache that is down cannot turn it into a 500) nor by
    anyone downstream, and it touches no session."""
    results = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            healthy = check()
        except Exception:
            logger.exception("Health check: the %s is unreachable", name)
            healthy = False
        results[name] = "ok" if healthy else "error"
    status = 200 if all(result == "ok" for result in results.values()) else 503
    try:
        results["tasks"] = tasks.pending()
    except Exception:
        logger.exception("Health check: the background jobs could not be counted")
        results["tasks"] = "error"
    if dbrouter.replica_aliases():
        results["replicas"] = dbrouter.replica_states()
    response = JsonResponse(results, status=status)
    patch_cache_control(response, no_store=True)
    return response
