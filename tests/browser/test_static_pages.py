"""A static page written in the admin, in a real browser: the body in the rich-text editor with
its toolbar, a draft previewed with "View on site", then published and linked from the footer
of every page, on a phone as on a desktop."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Page
from tests.factories import make_editor

from . import tools
from .desk import log_in
from .test_body_editor import watch_console

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def test_editor_writes_previews_and_publishes_a_page_readers_find_in_the_footer(
    page, site, newsroom, axe_source, pytestconfig
):
    problems = watch_console(page)
    make_editor(username="desk", password=PASSWORD)
    log_in(page, site)
    page.goto(site(reverse("admin:articles_page_add")))
    page.get_by_label("Title").press_sequentially("Advertise with us")
    expect(page.get_by_label("Slug")).to_have_value("advertise-with-us")

    editor = page.get_by_role("textbox", name="Body")
    editor.click()
    page.keyboard.type("Reach readers ")
    toolbar = page.get_by_role("group", name="Formatting of Body")
    toolbar.get_by_role("button", name="Bold (Ctrl+B)").click()
    page.keyboard.type("every morning")
    toolbar.get_by_role("button", name="Bold (Ctrl+B)").click()
    page.keyboard.type(" across the coast.")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("Print")
    page.keyboard.press("Enter")
    page.keyboard.type("Online")

    assert problems == [], "\n".join(problems)
    results = tools.axe_results(page, axe_source)
    assert results["violations"] == [], tools.describe_violations(results["violations"])
    problems.clear()  # axe-core's own <style> elements are refused by the page's CSP
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    saved = Page.objects.get(slug="advertise-with-us")
    # Kept as formatting, never as typed markup.
    assert re.fullmatch(
        r"<p>Reach readers ?<strong> ?every morning</strong>(&nbsp;| )across the coast\.</p>"
        r"<ul><li><p>Print</p></li><li><p>Online</p></li></ul>",
        saved.body,
    ), saved.body
    assert not saved.published

    # A draft: "View on site" shows the editor a preview; a reader gets "not found".
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="View on site").click(modifiers=["Shift"])
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("status")).to_contain_text("this page is not published")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Advertise with us")
    preview.close()
    reader = page.context.browser.new_page()
    assert reader.goto(site("/advertise-with-us/")).status == 404

    page.get_by_label("Published").check()
    page.get_by_label("In the footer").check()
    page.get_by_label("Footer order").fill("9")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    for width in (375, 1280):
        reader.set_viewport_size({"width": width, "height": 800})
        reader.goto(site(reverse("articles:front-page")))
        footer = reader.get_by_role("navigation", name="About The Newsroom")
        expect(footer.get_by_role("link").last).to_have_text("Advertise with us")
        footer.get_by_role("link", name="Advertise with us").click()
        expect(reader.get_by_role("heading", level=1)).to_have_text("Advertise with us")
        expect(reader.locator(".static-page__body strong")).to_contain_text("every morning")
        expect(reader.locator(".static-page__body li")).to_have_count(2)
        expect(footer.get_by_role("link", name="Advertise with us")).to_have_attribute(
            "aria-current", "page"
        )
        # Nothing runs sideways off a phone's screen.
        assert reader.evaluate("document.documentElement.scrollWidth") <= width
    reader.close()
    assert problems == [], "\n".join(problems)
