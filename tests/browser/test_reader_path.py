"""A reader's path through the site, by clicking: front page, article, section, reporter, then
search and the feed link."""

import re

import pytest
from django.urls import reverse
from lxml import etree
from playwright.sync_api import expect

from articles.models import Article
from tests.public_pages import SEARCH_URL_NAME

pytestmark = pytest.mark.browser


def test_reader_goes_from_the_front_page_to_an_article_its_section_its_reporter_and_on(
    page, site, newsroom
):
    top = Article.objects.published().first()
    page.goto(site(reverse("articles:front-page")))
    lead = page.get_by_role("region", name="Top story")
    lead.get_by_role("link", name=top.headline).click()

    expect(page).to_have_url(site(top.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(top.headline)
    expect(page).to_have_title(re.compile(re.escape(top.headline)))

    # The article's section label leads to the section page, which lists the article.
    page.locator(".article__header").get_by_role("link", name=top.section.name).click()
    expect(page).to_have_url(site(top.section.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(top.section.name)
    expect(
        page.get_by_role("navigation", name="Sections").locator("[aria-current=page]")
    ).to_have_text(top.section.name)
    page.get_by_role("link", name=top.headline).click()

    # The byline leads to the reporter's page, which lists the article too.
    reporter = top.byline[0].reporter
    page.locator(".article__meta").get_by_role("link", name=reporter.name).click()
    expect(page).to_have_url(site(reporter.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(reporter.name)
    expect(page.get_by_role("link", name=top.headline)).to_be_visible()

    # Photos on the article page arrive, with their words for readers who cannot see them.
    page.goto(site(newsroom.article.get_absolute_url()))
    lead_photo = page.locator("article figure.photo--lead img")
    expect(lead_photo).to_have_attribute("alt", newsroom.article.lead_photo.alt_text)
    assert lead_photo.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator("article figure.photo--lead figcaption")).to_contain_text(
        newsroom.article.lead_photo.credit
    )

    reader_searches_for(page, site, newsroom.article)
    reader_follows_the_feed_link(page, site, newsroom.article)


def reader_searches_for(page, site, article):
    """The search box on every page finds the article by a word of its headline."""
    word = max(re.findall(r"\w+", article.headline), key=len)
    page.goto(site(reverse("articles:front-page")))
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill(word)
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(site(reverse(SEARCH_URL_NAME)))))
    page.get_by_role("link", name=article.headline).first.click()
    expect(page).to_have_url(site(article.get_absolute_url()))


def reader_follows_the_feed_link(page, site, article):
    """The section page names its feed in a <link rel="alternate">; the feed has the article."""
    page.goto(site(article.section.get_absolute_url()))
    link = page.locator('head link[rel="alternate"][type*="xml"]').first
    feed_url = link.evaluate("link => link.href")
    response = page.request.get(feed_url)
    assert response.ok, feed_url
    assert "xml" in response.headers["content-type"]
    feed = etree.fromstring(response.body())
    titles = [el.text for el in feed.iter() if etree.QName(el).localname == "title"]
    assert article.headline in titles
