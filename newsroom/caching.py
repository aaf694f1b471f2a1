"""What may be cached, by whom, and what a cached page shows.

A page that shows something meant for one visitor only (their comment awaiting moderation, a form
with their errors, a staff preview) calls ``mark_private(request)`` while it is being made; the
response then goes out as ``Cache-Control: private, no-store``, so no shared cache (ours, a CDN's
or a proxy's) ever keeps it.

A page says what it shows with ``tag(request, *tags)``: short names such as ``article-12`` (the
story, or its teaser in a list), ``section-3`` (the section's list of stories), ``front``. The page
cache (``newsroom.pagecache``) stores the page with its tags, and a change retires only the pages
carrying the tags the change names (``newsroom.signals.content_changed``). Two tags are the page
cache's own: every page carries ``site`` (what every page shows: the navigation, the footer, the
Breaking banner), and a page that names nothing carries ``any`` as well, which every change
retires, as every change retired every page before pages had tags. Apps build their tag names;
this module only checks their shape.
"""

import re

from django.utils.cache import add_never_cache_headers, patch_cache_control

# What CDNs accept in a surrogate key or cache tag: no spaces, no commas, no quotes.
TAG_NAME = re.compile(r"[A-Za-z0-9_.:-]{1,100}")
EVERY_PAGE = "site"
UNTAGGED = "any"


def mark_private(request):
    request.newsroom_private = True


def is_private(request):
    return getattr(request, "newsroom_private", False)


def tag(request, *tags):
    """Record that the page being made for ``request`` shows what ``tags`` name."""
    for name in tags:
        if not TAG_NAME.fullmatch(name):
            raise ValueError(f"Not a cache tag: {name!r} (letters, digits and _.:- only)")
    if not hasattr(request, "newsroom_tags"):
        request.newsroom_tags = set()
    request.newsroom_tags.update(tags)


def tags_of(request):
    """The tags of the page made for ``request``: what it named, ``site``, and ``any`` when it
    named nothing."""
    named = getattr(request, "newsroom_tags", set())
    return frozenset({EVERY_PAGE, *named} if named else {EVERY_PAGE, UNTAGGED})


class PrivateResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
