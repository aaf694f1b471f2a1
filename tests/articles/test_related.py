"""At the end of an article the reader finds more on the same subject: the newest published
articles in its section or by one of its reporters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db


def related_links(html, client, article):
    page = html(client.get(article.get_absolute_url()))
    return [a.get("href") for a in page.cssselect("aside.related .related__headline a")]


def test_related_articles_share_a_section_or_a_reporter_newest_first(client, html, settings):
    # The page is rendered twice under two settings: the view, not the page cache, is under test.
    settings.PAGE_CACHE_ENABLED = False
    settings.NEWSROOM_RELATED_ARTICLES = 4
    now = timezone.now()
    section, elsewhere = make_section(), make_section()
    reporter = make_reporter()
    article = make_article(
        section=section, reporters=[reporter], publish_at=now - timedelta(hours=5)
    )

    def make(hours, **fields):
        return make_article(publish_at=now - timedelta(hours=hours), **fields)

    same_section = make(1, section=section, lead_photo=make_photo())
    same_reporter = make(2, section=elsewhere, reporters=[reporter, make_reporter()])
    older_same_section = make(30, section=section)
    make(0.5, section=elsewhere)  # unrelated, and the newest of all
    make(0.5, section=section, published=False)
    make(-2, section=section, reporters=[reporter])  # scheduled
    oldest = make(40, section=section)

    assert related_links(html, client, article) == [
        same_section.get_absolute_url(),
        same_reporter.get_absolute_url(),
        older_same_section.get_absolute_url(),
        oldest.get_absolute_url(),
    ]
    settings.NEWSROOM_RELATED_ARTICLES = 2
    assert related_links(html, client, article) == [
        same_section.get_absolute_url(),
        same_reporter.get_absolute_url(),
    ]


def test_an_article_with_nothing_related_shows_no_empty_box(client, html):
    article = make_article()
    page = html(client.get(article.get_absolute_url()))
    assert not page.cssselect("aside.related")


def test_related_box_is_a_labelled_landmark_after_the_article(client, html):
    section = make_section()
    article = make_article(section=section)
    other = make_article(section=section, lead_photo=make_photo())
    page = html(client.get(article.get_absolute_url()))
    aside = page.cssselect("main > aside.related")[0]
    heading = page.get_element_by_id(aside.get("aria-labelledby"))
    assert heading.tag == "h2" and heading.text_content() == "Related articles"
    assert [h.tag for h in aside.cssselect(".related__headline")] == ["h3"]
    image = aside.cssselect("img")[0]
    assert image.get("alt") == "" and image.get("loading") == "lazy"
    # A small 16:9 rendition of the photo, not the full-size original.
    original = other.lead_photo.image.url
    assert image.get("src") != original
    assert image.get("src").startswith(original.removesuffix(".jpg") + "/16x9-")
    assert aside.getprevious().tag == "article"
