"""An editor gives a published story a topic by typing in the article form's topics box; the
story's page then links the topic, and the topic's page lists the story."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Topic
from tests.factories import make_editor

from .desk import PASSWORD, choose, log_in

pytestmark = pytest.mark.browser


def test_editor_adds_a_topic_and_readers_follow_it_to_the_topic_page(page, site, newsroom):
    make_editor(username="desk", password=PASSWORD)
    article = newsroom.article
    transport = Topic.objects.get(slug="transport")
    assert not article.topics.filter(pk=transport.pk).exists()
    kept = [topic.name for topic in article.topics.all()]

    log_in(page, site)
    page.goto(site(reverse("admin:articles_article_change", args=[article.pk])))
    choose(page, "id_topics", "trans", "Transport")
    page.get_by_role("button", name="Update").click()
    expect(page.locator(".messagelist")).to_contain_text("readers can see them now")
    assert sorted(t.name for t in article.topics.all()) == sorted([*kept, "Transport"])

    reader = page.context.browser.new_page()  # no editor's cookies: the page readers get
    reader.goto(site(article.get_absolute_url()))
    topics = reader.locator(".article__footer .topics")
    expect(topics).to_contain_text("Transport")
    topics.get_by_role("link", name="Transport").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Transport")
    expect(reader.locator(".teaser__headline", has_text=article.headline)).to_be_visible()
