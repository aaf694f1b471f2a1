from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from newsroom.pagecache import content_version

from .models import Section


def _nav_sections():
    """Sections change seldom and show on every page: kept per version of the content."""
    key = f"nav-sections:{content_version()}"
    found = cache.get(key)
    if found is None:
        found = list(Section.objects.all())
        cache.set(key, found, 3600)
    return found


def sections(request):
    """The section navigation on every page, queried only when a template shows it."""
    return {"nav_sections": SimpleLazyObject(_nav_sections)}
