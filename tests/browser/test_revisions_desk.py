"""A live story's changes, as two editors meet them in the browser: one opens the story and the
other is told who has been editing it since when; the second edits the headline, saves it for
later (readers keep the live version), previews it, publishes the changes, and compares the two
revisions on History. axe-core finds nothing on the form with the lock notice, on History or on
Compare."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, PendingChange
from tests.factories import make_editor

from . import tools
from .desk import log_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
NEW_HEADLINE = "Harbour wall holds as flood waters start to fall"


def assert_no_axe_violations(page, axe_source, pytestconfig, name):
    results = tools.axe_results(page, axe_source)
    assert len(results["passes"]) > 10, f"{name}: axe-core did not run its rules"
    tools.record(
        pytestconfig,
        "axe-core, WCAG 2.2 A and AA rules, admin",
        f"{name}: {len(results['violations'])} violations, {len(results['passes'])} rules passed",
    )
    assert not results["violations"], tools.describe_violations(results["violations"])


def test_editor_saves_a_live_story_for_later_previews_compares_and_publishes(
    browser, site, newsroom, axe_source, pytestconfig
):
    make_editor("alex", PASSWORD, first_name="Alex", last_name="Editor")
    make_editor("desk", PASSWORD, first_name="Sam", last_name="Desk")
    article = newsroom.article
    live_headline = article.headline
    change = site(reverse("admin:articles_article_change", args=[article.pk]))

    alex = browser.new_page()
    log_in(alex, site, "alex")
    alex.goto(change)
    expect(alex.locator("[data-edit-lock]")).to_be_hidden()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, site, "desk")
    page.goto(change)
    notice = page.get_by_role("status").filter(has_text="has been editing this story")
    expect(notice).to_contain_text(
        re.compile(r"Alex Editor has been editing this story since \d\d:\d\d\.")
    )
    assert_no_axe_violations(page, axe_source, pytestconfig, "article form with the lock notice")
    alex.close()

    page.get_by_label("Headline").fill(NEW_HEADLINE)
    page.get_by_role("button", name="Save for later").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Changes saved for later: readers still see the published version"
    )
    reader = browser.new_page()
    reader.goto(site(article.get_absolute_url()))
    expect(reader.get_by_role("heading", level=1)).to_have_text(live_headline)
    assert PendingChange.objects.filter(article=article).exists()

    pending = page.get_by_role("region", name="Changes saved for later")
    expect(pending).to_contain_text("Sam Desk saved changes to this story for later")
    assert_no_axe_violations(
        page, axe_source, pytestconfig, "article form with changes saved for later"
    )
    with page.expect_popup() as popup:
        pending.get_by_role("link", name="Preview changes").click()
    preview = popup.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(NEW_HEADLINE)
    expect(preview.locator(".preview-banner")).to_contain_text(
        "Readers still see the published version"
    )
    preview.close()

    pending.get_by_role("button", name="Publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("Changes published: readers see them now.")
    reader.reload()
    expect(reader.get_by_role("heading", level=1)).to_have_text(NEW_HEADLINE)
    assert Article.objects.get(pk=article.pk).headline == NEW_HEADLINE

    page.get_by_role("link", name="History").click()
    rows = page.locator("#revision-list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Published the changes saved for later")
    expect(rows.first).to_contain_text("Sam Desk")
    assert_no_axe_violations(page, axe_source, pytestconfig, "article history")

    page.get_by_role("button", name="Compare").click()
    headline = page.locator(".revision-compare tbody tr", has_text="Headline")
    expect(headline.locator("ins").first).to_be_visible()
    expect(headline.locator("td").nth(1)).to_contain_text(NEW_HEADLINE.split()[0])
    expect(headline.locator("td").nth(0)).to_contain_text(live_headline.split()[-1])
    expect(page.get_by_role("link", name="Restore this revision")).to_be_visible()
    assert_no_axe_violations(page, axe_source, pytestconfig, "compare revisions")
