import lxml.html
import pytest

from tests.browser import tools

# The photo bucket's server and a test's bucket on it (``s3_server``, ``photo_bucket``).
pytest_plugins = ["tests.s3_server"]


def pytest_sessionfinish(session):
    """A parallel worker (pytest-xdist) hands what its browser checks measured to the run that
    prints the summary."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["measured"] = session.config.stash.get(tools.MEASURED, {})


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    measured = getattr(node, "workeroutput", {}).get("measured", {})
    for heading, lines in measured.items():
        for line in lines:
            tools.record(node.config, heading, line)


def pytest_terminal_summary(terminalreporter, config):
    """The numbers the browser checks measured, in every run's output."""
    measured = config.stash.get(tools.MEASURED, {})
    if measured:
        terminalreporter.section("measured in the browser")
        for heading in sorted(measured):
            terminalreporter.write_line(f"{heading}:")
            for line in measured[heading]:
                terminalreporter.write_line(f"  {line}")


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
