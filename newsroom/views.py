"""Site-wide views: error pages in the site's design, uploaded photos, the icon."""

import re

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.static import serve

# A file name with a long run of hex digits (an upload's uuid, a rendition's content hash) is
# never written twice: its bytes can be kept for a year.
IMMUTABLE_NAME = re.compile(r"[0-9a-f]{16,}")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
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
    and ``immutable`` for server-made unique names, an hour for fixed names (the demo's)."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as exc:
        raise Http404("No such photo.") from exc
    if response.status_code == 200:
        if IMMUTABLE_NAME.search(path.rsplit("/", 1)[-1]):
            patch_cache_control(response, public=True, max_age=31536000, immutable=True)
        else:
            patch_cache_control(response, public=True, max_age=3600)
    return response
