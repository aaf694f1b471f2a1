import lxml.html
import pytest


@pytest.fixture
def html():
    """Parse a response into an lxml tree, for CSS-selector assertions."""

    def parse(response):
        return lxml.html.fromstring(response.content.decode())

    return parse


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches (the page cache must not carry pages between tests)."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=False):
        cache.clear()
