"""Old addresses that answer ``301`` to their new ones (``Redirect`` rows: the WordPress
importer's, and any an editor adds in the admin).

``RedirectMiddleware`` sits first, in front of the page cache, and looks a redirect up only
where one can be: for a response that is a 404, and for an address carrying one of WordPress's
query keys (``/?p=12``, ``/?page_id=3``, ``/?cat=4``...), which would otherwise be a page of
their own (the front page, say). Every other request costs nothing."""

import re
from urllib.parse import unquote

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect

from .models import Redirect

# Query keys of WordPress's plain addresses: a post, a page, an attachment, a category, a tag,
# an author, a search.
WORDPRESS_KEYS = {"p", "page_id", "attachment_id", "cat", "tag", "author", "m"}
# What WordPress adds after a post's address: its comment feed, a page of its comments, its
# embed and AMP views, its trackback address. Newsroom's story page stands for all of them.
WORDPRESS_TAIL = re.compile(
    r"(?:feed/(?:rss2?/|atom/|rdf/)?|comment-page-\d+/|embed/|amp/|trackback/)$"
)


def find(request):
    """The redirect for ``request``'s address, or None: its full path with the query first,
    then its WordPress query key alone (``/?p=12&utm_source=x``), then the path alone (an old
    link with a tracking parameter still finds its story), then the path with the closing
    slash WordPress's addresses have and a link may have lost (WordPress answers those too)."""
    # Stored as readers see them, decoded (/2019/04/пристань/); the query as sent.
    query = unquote(request.META.get("QUERY_STRING", ""))
    path = request.path
    candidates = [f"{path}?{query}"] if query else []
    candidates += [
        f"{path}?{key}={request.GET[key]}" for key in request.GET if key in WORDPRESS_KEYS
    ]
    candidates.append(path)
    if not path.endswith("/"):
        candidates.append(f"{path}/")
    if (tail := WORDPRESS_TAIL.search(candidates[-1])) and tail.start() > 1:
        candidates.append(candidates[-1][: tail.start()])  # /2024/03/04/storm/feed/ → the story
    candidates = list(dict.fromkeys(candidates))
    try:
        found = {r.old_path: r for r in Redirect.objects.filter(old_path__in=candidates)}
    except DatabaseError:  # the database is down: the page as it was (a 404, or the 503)
        return None
    for candidate in candidates:
        if candidate in found:
            return found[candidate]
    return None


class RedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD"} and WORDPRESS_KEYS & request.GET.keys():
            redirect = find(request)
            if redirect is not None:
                return self.moved(redirect)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in {"GET", "HEAD"}:
            redirect = find(request)
            if redirect is not None:
                return self.moved(redirect)
        return response

    @staticmethod
    def moved(redirect):
        response = HttpResponsePermanentRedirect(redirect.new_path)
        response["Cache-Control"] = "public, max-age=86400"
        return response
