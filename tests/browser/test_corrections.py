"""An editor corrects a live story in the admin by clicking, then replaces the note; a reader
sees the note at the foot of the story with its time, the story "Updated", and the replaced note
gone from the story and from /corrections/ while the desk's record keeps it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Correction
from tests.factories import make_editor

from . import tools
from .desk import log_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
FIRST = "An earlier version of this article said the bridge reopens in May. It reopens in March."
SECOND = "An earlier version of this article gave the wrong month: the bridge reopens in March."


def test_editor_adds_and_supersedes_a_correction_and_the_reader_sees_it(
    page, site, newsroom, axe_source, settings
):
    settings.NEWSROOM_UPDATED_AFTER_MINUTES = 0
    story = newsroom.article
    make_editor(username="desk", password=PASSWORD)
    log_in(page, site)

    page.goto(site(reverse("admin:articles_article_change", args=[story.pk])))
    notes = page.locator("#corrections-group")
    expect(notes.get_by_role("heading", name="Corrections and clarifications")).to_be_visible()
    expect(notes).to_contain_text("No corrections on this story.")
    notes.get_by_role("link", name="Add a correction").click()
    expect(page.get_by_role("heading", name="Add correction")).to_be_visible()
    page.get_by_label("Kind").select_option(label="Correction")
    page.get_by_label("Text").fill(FIRST)
    results = tools.axe_results(page, axe_source)
    assert results["violations"] == [], tools.describe_violations(results["violations"])
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Correction added")
    expect(page.locator("#corrections-group")).to_contain_text(FIRST)

    # A reader, in a browser of their own (no session: the page as stored for everyone).
    reader = page.context.browser.new_page()
    reader.goto(site(story.get_absolute_url()))
    foot = reader.locator("section.corrections")
    expect(foot.get_by_role("heading", name="Corrections and clarifications")).to_be_visible()
    expect(foot.locator(".correction__text")).to_have_text(FIRST)
    expect(foot.locator("time")).to_be_visible()
    expect(reader.locator(".article__updated")).to_be_visible()

    # The editor replaces the note with a better one.
    page.locator("#corrections-group").get_by_role("link", name="Supersede").click()
    expect(page.get_by_label("Replaces")).to_have_value(
        str(Correction.objects.get(article=story).pk)
    )
    page.get_by_label("Text").fill(SECOND)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("replaces the earlier one")
    expect(page.locator("#corrections-group")).to_contain_text("kept on the record")

    reader.reload()
    expect(reader.locator("section.corrections .correction__text")).to_have_text(SECOND)
    reader.get_by_role("link", name="Corrections and clarifications").click()
    expect(
        reader.get_by_role("heading", name="Corrections and clarifications", level=1)
    ).to_be_visible()
    entries = reader.locator(".correction-list > li")
    expect(entries.first).to_contain_text(SECOND)
    expect(reader.get_by_text(FIRST)).to_have_count(0)
    entries.first.get_by_role("link", name=story.headline).click()
    expect(reader.locator("section.corrections .correction__text")).to_have_text(SECOND)
    assert Correction.objects.filter(article=story).count() == 2
