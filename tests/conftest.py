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
    """Each test starts with an empty cache (the page cache must not carry pages between tests)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
