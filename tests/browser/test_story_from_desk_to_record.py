"""Issue 13's path through the newsroom in one browser: a reporter writes a story, revises it
and submits it for review; an editor finds it in "Needs review", compares the reporter's two
revisions on History, publishes it; then adds a correction, which the reader sees at the foot
of the story and on /corrections/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_editor, make_reporter_login

from .desk import choose, log_in

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
HEADLINE = "Lifeboat crew rescue two walkers cut off by the tide"
FIRST_STANDFIRST = "Two walkers were lifted from rocks below the cliffs on Sunday."
SECOND_STANDFIRST = "Two walkers were lifted from rocks below Gull Point on Sunday afternoon."
PARAGRAPH = "The inshore boat reached them twenty minutes after the call."
CORRECTION = (
    "An earlier version of this story said the walkers were from Saltby. They are from Fenwick."
)


def test_reporter_submits_editor_compares_publishes_and_corrects_and_the_reader_sees_it(
    page, site, newsroom, browser, settings
):
    settings.NEWSROOM_UPDATED_AFTER_MINUTES = 0
    make_reporter_login("rosa", PASSWORD, first_name="Rosa", last_name="Quill")
    make_editor("desk", PASSWORD, email="desk@example.com")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The reporter writes the story, saves it, improves the standfirst and submits it.
    log_in(page, site, "rosa", PASSWORD)
    page.goto(site(reverse("admin:articles_article_add")))
    page.get_by_label("Headline").fill(HEADLINE)
    page.get_by_label("Standfirst").fill(FIRST_STANDFIRST)
    choose(page, "id_section", newsroom.section.name[:4], newsroom.section.name)
    choose(page, "id_bylines-0-reporter", "Rosa", "Rosa")
    body = page.locator("#blocks-group")
    body.get_by_role("button", name="Paragraphs").click()
    body.locator("[data-kind=text]").get_by_role("textbox", name="Paragraphs").click()
    page.keyboard.type(PARAGRAPH)
    page.locator(".submit-row").get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as a draft")
    page.get_by_label("Standfirst").fill(SECOND_STANDFIRST)
    page.locator(".submit-row").get_by_role("button", name="Submit for review").click()
    expect(page.locator(".submit-row")).to_contain_text("Waiting for an editor’s review.")
    article = Article.objects.get(headline=HEADLINE)
    page.context.clear_cookies()

    # The editor finds it in the queue and compares the reporter's two revisions.
    log_in(page, site, "desk", PASSWORD)
    page.get_by_role("heading", name="Needs review").locator("..").get_by_role(
        "link", name=HEADLINE
    ).click()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#revision-list tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Compare").click()
    standfirst = page.locator(".revision-compare tbody tr", has_text="Standfirst")
    expect(standfirst.locator("del").first).to_contain_text("the cliffs")
    expect(standfirst.locator("ins").first).to_contain_text("Gull Point")

    # Back on the story, the editor publishes it.
    page.goto(site(reverse("admin:articles_article_change", args=[article.pk])))
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist")).to_contain_text("Published now: readers can see it.")

    reader = browser.new_page()
    reader.goto(site(article.get_absolute_url()))
    expect(reader.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(reader.locator(".article__standfirst")).to_contain_text("Gull Point")

    # The editor corrects the story on the record; the reader sees the note and where it is kept.
    page.goto(site(reverse("admin:articles_article_change", args=[article.pk])))
    page.locator("#corrections-group").get_by_role("link", name="Add a correction").click()
    page.get_by_label("Kind").select_option(label="Correction")
    page.get_by_label("Text").fill(CORRECTION)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Correction added")

    reader.reload()
    foot = reader.locator("section.corrections")
    expect(foot.locator(".correction__text")).to_have_text(CORRECTION)
    expect(reader.locator(".article__updated")).to_be_visible()
    reader.goto(site(reverse("articles:corrections")))
    expect(reader.locator(".correction-list > li").first).to_contain_text(CORRECTION)
    reader.close()
