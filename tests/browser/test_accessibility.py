"""Every public page, in a real browser: no WCAG 2.2 A or AA violation that axe-core can find,
usable by keyboard alone with a visible focus, and nothing loaded from another host."""

from urllib.parse import urlsplit

import pytest

from tests.public_pages import PAGES, page_params

from . import tools
from .pages import FOCUS_JS, TABBABLE_JS, open_page, start_keyboard_at_the_top

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("public_page", page_params(PAGES))
def test_axe_finds_no_wcag_violations(page, site, newsroom, axe_source, public_page, pytestconfig):
    open_page(page, site, newsroom, public_page)
    for width, height in [(1280, 800), (360, 740)]:  # a desktop, then a small phone
        page.set_viewport_size({"width": width, "height": height})
        results = tools.axe_results(page, axe_source)
        assert len(results["passes"]) > 10, "axe-core did not run its rules"
        tools.record(
            pytestconfig,
            "axe-core, WCAG 2.2 A and AA rules",
            f"{public_page.name} at {width} px: {len(results['violations'])} violations, "
            f"{len(results['passes'])} rules passed",
        )
        assert results["violations"] == [], (
            f"{public_page.name} at {width} px:\n{tools.describe_violations(results['violations'])}"
        )


def test_axe_reports_what_a_reader_would_miss(page, site, newsroom, axe_source):
    """The check can fail: a photo without alt text and unreadable grey text are reported."""
    page.goto(site(newsroom.article.get_absolute_url()))
    page.evaluate(
        """() => {
          const img = document.querySelector('.article__body img');
          img.removeAttribute('alt');
          document.querySelector('.article__standfirst').classList.add('visually-faint');
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, (() => {
            const sheet = new CSSStyleSheet();
            sheet.replaceSync('.visually-faint { color: #ccc !important; }');
            return sheet;
          })()];
        }"""
    )
    found = {violation["id"] for violation in tools.axe_results(page, axe_source)["violations"]}
    assert {"image-alt", "color-contrast"} <= found


@pytest.mark.parametrize("public_page", page_params(PAGES))
def test_skip_link_comes_first_and_moves_focus_to_main(page, site, newsroom, public_page):
    open_page(page, site, newsroom, public_page)
    start_keyboard_at_the_top(page)
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_JS)
    assert focused is not None and "skip-link" in focused["html"], focused
    assert focused["onScreen"] and focused["visibleFocus"], focused
    assert page.locator(":focus").inner_text() == "Skip to content"

    page.keyboard.press("Enter")
    assert page.evaluate(FOCUS_JS)["tag"] == "main"
    assert urlsplit(page.url).fragment == "main"
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUS_JS)
    assert after["insideMain"], f"Tab after the skip link went to {after['html']}"


@pytest.mark.parametrize("public_page", page_params(PAGES))
def test_tab_reaches_every_control_with_a_visible_focus(
    page, site, newsroom, public_page, pytestconfig
):
    open_page(page, site, newsroom, public_page)
    start_keyboard_at_the_top(page)
    tabbable = page.evaluate(TABBABLE_JS)
    assert len(tabbable) > 5, tabbable

    reached, invisible = [], []
    for _ in range(len(tabbable) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_JS)
        if focused is None or (reached and focused["html"] == reached[0]):
            break  # past the last control, or round to the first again
        reached.append(focused["html"])
        if not (focused["onScreen"] and focused["visibleFocus"]):
            invisible.append(focused)
    tools.record(
        pytestconfig,
        "Keyboard",
        f"{public_page.name}: Tab reached {len(reached)} of {len(tabbable)} controls, "
        f"{len(reached) - len(invisible)} with a visible focus",
    )
    assert reached == tabbable, "Tab order differs from the controls on the page"
    assert invisible == [], "focus is not visible on:\n" + "\n".join(map(str, invisible))


@pytest.mark.parametrize("public_page", page_params(PAGES))
def test_page_loads_only_from_this_site_and_logs_no_error(page, site, newsroom, public_page):
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, site, newsroom, public_page)
    page.wait_for_load_state("networkidle")

    origin = urlsplit(site("/")).netloc
    elsewhere = [url for url in requests if not url.startswith("data:")]
    elsewhere = [url for url in elsewhere if urlsplit(url).netloc != origin]
    assert elsewhere == []
    if public_page.status >= 400:
        # The browser logs the page's own status; anything else is an error of the page.
        errors = [e for e in errors if f"status of {public_page.status}" not in e]
    assert errors == []
    images = page.evaluate(
        "() => Array.from(document.images).filter(i => i.loading !== 'lazy' || i.complete)"
        ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert images == [], "images that did not load"
