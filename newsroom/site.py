"""The publication's own address, for links that leave the site (share links, feeds, canonical)."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(request, path):
    """``path`` on this site as a full URL: the configured base URL, or the request's host.
    A URL that is already absolute (a photo on a storage service) keeps its host."""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):
        base = settings.NEWSROOM_BASE_URL
        return f"{urlsplit(base).scheme if base else request.scheme}:{path}"
    if settings.NEWSROOM_BASE_URL:
        return settings.NEWSROOM_BASE_URL + path
    return request.build_absolute_uri(path)
