"""Live coverage in two browsers (issue 16): an editor posts an update from the live story's page in
the admin, and a reader whose page was already open sees it appear by itself within 15 seconds,
announced in the page's polite live region; a reader who has scrolled down into the updates gets
a "1 new update" button instead, and what they were reading does not move."""

import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import LiveUpdate
from tests.factories import make_editor, make_update

from . import tools
from .desk import log_in

pytestmark = pytest.mark.browser

WITHIN = 15_000  # milliseconds: the promise to readers
NEWS = "The harbour master has reopened the north channel to boats of every size."


def test_an_update_posted_in_the_admin_reaches_an_open_page_within_15_seconds(
    page, site, newsroom, axe_source, request
):
    story = newsroom.live
    make_editor(username="desk")
    reader = page.context.browser.new_page()  # a context of its own: no session
    reader.goto(site(story.get_absolute_url()))
    expect(reader.locator("[data-live-updates] article").first).to_be_visible()
    before = reader.locator("[data-live-updates] > li").count()

    log_in(page, site)
    page.goto(site(reverse("admin:articles_article_change", args=[story.pk])))
    box = page.locator("#live-coverage")
    expect(box.get_by_role("heading", name="Live coverage")).to_be_visible()
    box.get_by_role("link", name="Post an update").click()
    heading = page.get_by_role("heading", name=f"Post an update on “{story.headline}”")
    expect(heading).to_be_visible()
    # The cursor is in the update's text: the editor just types.
    editor = page.locator("[data-body-piece] .ProseMirror").first
    expect(editor).to_be_focused()
    page.keyboard.type(NEWS)
    page.get_by_label("Title").fill("North channel reopened")
    results = tools.axe_results(page, axe_source)
    assert results["violations"] == [], tools.describe_violations(results["violations"])
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Posted")
    saved = time.monotonic()
    update = LiveUpdate.objects.get(title="North channel reopened")

    # The reader's page, never reloaded, shows it at the top and says so politely.
    newest = reader.locator("[data-live-updates] > li").first
    expect(newest.locator(f"#update-{update.pk}")).to_contain_text(NEWS, timeout=WITHIN)
    seen = time.monotonic() - saved
    assert seen < WITHIN / 1000
    status = reader.locator('[aria-live="polite"][data-live-status]')
    expect(status).to_have_text("1 new update: North channel reopened")
    expect(reader.locator("[data-live-updates] > li")).to_have_count(before + 1)
    tools.record(
        request.config,
        "live coverage",
        f"an update posted in the admin reached an open page in {seen:.1f} s",
    )
    results = tools.axe_results(reader, axe_source)
    assert results["violations"] == [], tools.describe_violations(results["violations"])

    # A reader scrolled down into the updates: a button, and nothing moves under their eyes.
    reading = reader.locator("[data-live-updates] > li").nth(5)
    reading.scroll_into_view_if_needed()
    reader.mouse.wheel(0, 300)
    reader.wait_for_timeout(300)
    top_before = reading.bounding_box()["y"]
    later = make_update(story, "<p>Quay Road reopens at six.</p>", title="Quay Road reopens")
    button = reader.get_by_role("button", name="1 new update: show them")
    expect(button).to_be_visible(timeout=WITHIN)
    assert abs(reading.bounding_box()["y"] - top_before) < 1
    expect(status).to_have_text("1 new update: Quay Road reopens")
    expect(reader.locator(f"#update-{later.pk}")).to_have_count(0)
    button.click()
    expect(reader.locator(f"#update-{later.pk}")).to_be_focused()
    expect(button).to_be_hidden()
