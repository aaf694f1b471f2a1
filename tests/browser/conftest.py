"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Without Chromium (or a checker a test needs) the tests are skipped with the command that installs
it; with ``NEWSROOM_REQUIRE_BROWSER=1`` (set by .ci/run) they fail instead.
"""

import pytest

from tests.factories import make_demo_newsroom

from . import tools


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests run last, after pytest's own reordering. Playwright keeps its event loop
    marked as running in the main thread until the session ends, and Django refuses database
    calls from a thread with a running event loop: no other test may follow a browser test.
    On parallel workers too: `make test` hands out modules in this order, never reordered."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True, scope="session")
def _allow_database_calls_beside_playwright():
    """Playwright's sync API runs an event loop in the test's thread; the test and the live
    server still talk to the database synchronously, which Django allows only when told so.
    Set from the first browser test on (they run last, see above), never in settings."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium instead of a browser Playwright downloads, on loopback only."""
    tools.require(tools.CHROMIUM)
    return {
        **browser_type_launch_args,
        "executable_path": str(tools.CHROMIUM.path),
        "args": [*tools.CHROMIUM_FLAGS, tools.LOOPBACK_ONLY],
    }


@pytest.fixture(autouse=True)
def _chromium():
    tools.require(tools.CHROMIUM)


@pytest.fixture(scope="session")
def axe_source():
    return tools.require(tools.AXE).read_text()


@pytest.fixture
def newsroom(transactional_db):
    """The demo newsroom, visible to the live server's thread."""
    return make_demo_newsroom()


@pytest.fixture
def site(live_server, newsroom):
    """Absolute addresses on the live server."""

    def url(path):
        return live_server.url + path

    return url
