"""A reporter and an editor in the browser: the reporter writes a story and submits it for
review (offered no button that publishes); the editor finds it in "Needs review" on the admin
index and publishes it; readers see it. axe-core finds no WCAG 2.2 A or AA violation on the
reporter's form, on the index with the queue or on the editor's form of the story in review."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, ReviewRequest
from tests.factories import make_editor, make_reporter_login

from . import tools
from .desk import choose, log_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
HEADLINE = "Harbour ferry to run through the winter for the first time"
STANDFIRST = "The council has agreed a year-round timetable after a petition of 4,000 names."
PARAGRAPH = "The ferry will run hourly from the Quayside between seven and seven."


def axe_violations(page, axe_source, pytestconfig, name):
    results = tools.axe_results(page, axe_source)
    assert len(results["passes"]) > 10, f"{name}: axe-core did not run its rules"
    tools.record(
        pytestconfig,
        "axe-core, WCAG 2.2 A and AA rules, review desk",
        f"{name}: {len(results['violations'])} violations, {len(results['passes'])} rules passed",
    )
    return tools.describe_violations(results["violations"])


def test_reporter_submits_a_story_and_an_editor_publishes_it_from_the_queue(
    page, site, newsroom, browser, axe_source, pytestconfig
):
    make_reporter_login("rosa", PASSWORD, first_name="Rosa", last_name="Quill")
    make_editor("desk", PASSWORD, email="desk@example.com")
    page.set_viewport_size({"width": 1280, "height": 800})
    found = {}

    # The reporter writes the story: only "Save draft" and "Submit for review" are offered.
    log_in(page, site, "rosa", PASSWORD)
    page.goto(site(reverse("admin:articles_article_add")))
    submit_row = page.locator(".submit-row")
    expect(submit_row.get_by_role("button", name="Submit for review")).to_be_visible()
    expect(submit_row.get_by_role("button", name="Save draft")).to_be_visible()
    expect(submit_row.get_by_role("button", name="Publish now")).to_have_count(0)
    expect(submit_row.get_by_role("button", name="Schedule…")).to_have_count(0)
    found["reporter's form"] = axe_violations(page, axe_source, pytestconfig, "reporter's form")
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill(STANDFIRST)
    choose(page, "id_section", newsroom.section.name[:4], newsroom.section.name)
    choose(page, "id_bylines-0-reporter", "Rosa", "Rosa")
    body = page.locator("#blocks-group")
    body.get_by_role("button", name="Paragraphs").click()
    body.locator("[data-kind=text]").get_by_role("textbox", name="Paragraphs").click()
    page.keyboard.type(PARAGRAPH)
    page.get_by_label("Add a note").fill("The petition figure is from the organisers.")
    submit_row.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Submitted for review: the editors have been emailed."
    )
    expect(page.locator(".submit-row")).to_contain_text("Waiting for an editor’s review.")
    article = Article.objects.get(headline=HEADLINE)
    assert ReviewRequest.objects.pending().get().article == article
    assert any(HEADLINE in message.subject for message in mail.outbox)
    page.context.clear_cookies()

    # The editor finds it in "Needs review" on the index and publishes it.
    log_in(page, site, "desk", PASSWORD)
    queue = page.get_by_role("heading", name="Needs review").locator("..")
    expect(queue.get_by_role("link", name=HEADLINE)).to_be_visible()
    found["index with the queue"] = axe_violations(
        page, axe_source, pytestconfig, "index with the queue"
    )
    queue.get_by_role("link", name=HEADLINE).click()
    expect(page.locator(".review-history")).to_contain_text("Needs review.")
    expect(page.locator(".editorial-notes")).to_contain_text("The petition figure")
    expect(page.get_by_label("Note for the reporter")).to_be_visible()
    found["editor's form in review"] = axe_violations(
        page, axe_source, pytestconfig, "editor's form in review"
    )
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Published now: readers can see it.")
    page.goto(site(reverse("admin:index")))
    expect(page.locator("#review-queue")).to_contain_text("No stories waiting for review.")

    reader = browser.new_page()
    reader.goto(site(article.get_absolute_url()))
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader.locator("body")).not_to_contain_text("petition figure is from")
    reader.close()

    problems = {name: text for name, text in found.items() if text}
    assert problems == {}, "\n".join(f"{name}:\n{text}" for name, text in problems.items())
