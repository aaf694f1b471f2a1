"""The publication's own address, for links that leave the site (share links, feeds, canonical)."""

from django.conf import settings


def absolute_url(request, path):
    """``path`` on this site as a full URL: the configured base URL, or the request's host."""
    if settings.NEWSROOM_BASE_URL:
        return settings.NEWSROOM_BASE_URL + path
    return request.build_absolute_uri(path)
