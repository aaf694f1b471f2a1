"""The front page desk in a real browser: an editor pins a story as the lead and marks another
Breaking by clicking in the admin, and readers see both; on a phone the stories under the lead
are compact rows and the whole menu is in reach."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Section
from tests.factories import make_editor

from . import tools
from .desk import log_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def run_action(page, headline, action):
    """Tick one article in the admin's article list and run ``action`` on it, by clicking."""
    page.get_by_role("link", name="Articles", exact=True).first.click()
    row = page.locator("#result_list tbody tr", has=page.get_by_role("link", name=headline))
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label=action)
    page.get_by_role("button", name="Go", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(headline)


def assert_no_axe_violations(page, axe_source, where, pytestconfig):
    results = tools.axe_results(page, axe_source)
    tools.record(
        pytestconfig,
        "axe-core, WCAG 2.2 A and AA rules",
        f"{where}: {len(results['violations'])} violations",
    )
    assert results["violations"] == [], tools.describe_violations(results["violations"])


def test_editor_pins_a_lead_and_marks_breaking_and_readers_see_both(
    page, site, newsroom, axe_source, pytestconfig
):
    published = list(Article.objects.published())
    lead, breaking = published[3], published[1]  # neither is the newest story
    make_editor(username="desk", password=PASSWORD)

    log_in(page, site)

    run_action(page, lead.headline, "Pin as lead story")
    run_action(page, breaking.headline, "Mark as Breaking")

    # The Front page screen, reached from the admin index, says what readers now see.
    page.goto(site(reverse("admin:index")))
    page.get_by_role("link", name="Front page", exact=True).click()
    desk = page.get_by_role("region", name="Breaking banner")
    expect(desk).to_contain_text(breaking.headline)
    expect(page.locator("#result_list")).to_contain_text(lead.headline)
    assert_no_axe_violations(page, axe_source, "admin Front page screen", pytestconfig)

    # The article's own form says so too.
    page.goto(site(reverse("admin:articles_article_change", args=[lead.pk])))
    expect(page.locator(".field-front_page")).to_contain_text("Pinned as the lead story")

    # Readers (a fresh browser context: no editor's cookies).
    reader = page.context.browser.new_context()
    front = reader.new_page()
    front.goto(site(reverse("articles:front-page")))
    top = front.get_by_role("region", name="Top story")
    expect(top.get_by_role("heading", level=2)).to_have_text(lead.headline)
    banner = front.locator(".breaking")
    expect(banner).to_have_text(f"Breaking: {breaking.headline}")
    assert_no_axe_violations(front, axe_source, "front page with the Breaking banner", pytestconfig)

    front.goto(site(newsroom.article.get_absolute_url()))
    front.locator(".breaking").get_by_role("link", name=breaking.headline).click()
    expect(front).to_have_url(site(breaking.get_absolute_url()))
    expect(front.get_by_role("heading", level=1)).to_have_text(breaking.headline)

    # Cleared from the Front page screen: gone from the site.
    page.goto(site(reverse("admin:articles_frontpageslot_changelist")))
    page.get_by_role("button", name="Clear Breaking").click()
    expect(page.locator(".messagelist")).to_contain_text("The Breaking banner was cleared.")
    reader.close()
    # (Another reader: the first one's browser may keep its copy for the few seconds that public
    # pages allow, Cache-Control max-age.)
    another = page.context.browser.new_context()
    front = another.new_page()
    front.goto(site(reverse("articles:front-page")))
    expect(front.get_by_role("region", name="Top story")).to_contain_text(lead.headline)
    expect(front.locator(".breaking")).to_have_count(0)
    another.close()


def test_on_a_phone_stories_under_the_lead_are_compact_rows_and_the_menu_wraps(
    page, site, newsroom, pytestconfig
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site(reverse("articles:front-page")))
    height = page.evaluate("document.documentElement.scrollHeight")
    tools.record(pytestconfig, "front page at 390 x 844", f"scroll height {height} px")

    lead = page.locator(".lead-story .teaser").bounding_box()
    rows = page.locator(".latest .teaser")
    assert rows.count() >= 10
    for n in range(rows.count()):
        row = rows.nth(n).bounding_box()
        assert row["height"] < lead["height"] / 3, (n, row, lead)
        expect(rows.nth(n).locator(".teaser__standfirst")).to_be_hidden()
    # Each row's photo is a small square thumbnail, from the square crop's renditions.
    thumb = rows.first.locator("img")
    thumb.scroll_into_view_if_needed()
    box = thumb.bounding_box()
    assert box["width"] == box["height"] and box["width"] <= 100
    expect(thumb).to_have_js_property("complete", True)
    assert "/1x1-" in thumb.evaluate("img => img.currentSrc")

    # Every section in the menu is on screen without scrolling sideways.
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    links = page.get_by_role("navigation", name="Sections").get_by_role("link")
    assert links.count() == 1 + Section.objects.count()  # Home and every section
    for n in range(links.count()):
        expect(links.nth(n)).to_be_in_viewport(ratio=1)
    # The search box says what it is, in words a reader sees.
    expect(page.get_by_text("Search articles", exact=True)).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search articles")).to_be_visible()
