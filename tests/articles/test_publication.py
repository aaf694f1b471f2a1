"""The one publication rule: a draft or a future article never reaches a reader."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_editor, make_reporter, make_section

pytestmark = pytest.mark.django_db


def public_listing_urls(section, reporter):
    """Every public page that lists articles. New listings (feeds, search…) join this list."""
    section_slug = {"slug": section.slug}
    reporter_slug = {"slug": reporter.slug}
    return [
        reverse("articles:front-page"),
        reverse("articles:section-detail", kwargs=section_slug),
        reverse("articles:reporter-detail", kwargs=reporter_slug),
        reverse("articles:search") + "?q=story",
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:section-feed-rss", kwargs=section_slug),
        reverse("articles:section-feed-atom", kwargs=section_slug),
        reverse("articles:reporter-feed-rss", kwargs=reporter_slug),
        reverse("articles:reporter-feed-atom", kwargs=reporter_slug),
        reverse("articles:sitemap-news"),
    ]


def public_address_lists():
    """Lists of article addresses only, without headlines: the sitemaps."""
    return [reverse("articles:sitemap-section", kwargs={"section": "articles"})]


@pytest.fixture
def newsroom():
    section = make_section(name="World")
    reporter = make_reporter(name="Amara Okafor")
    live = make_article(headline="Live story on the bridge", section=section, reporters=[reporter])
    draft = make_article(
        headline="Draft story about the dam", section=section, reporters=[reporter], published=False
    )
    future = make_article(
        headline="Embargoed story about the budget",
        section=section,
        reporters=[reporter],
        publish_at=timezone.now() + timedelta(hours=3),
    )
    return section, reporter, live, draft, future


def test_published_rule_selects_only_live_articles(newsroom):
    _, _, live, draft, future = newsroom
    assert list(Article.objects.published()) == [live]
    assert live.is_published and not draft.is_published and not future.is_published
    assert future.is_scheduled


def test_draft_and_future_articles_never_appear_on_any_public_listing(client, newsroom):
    section, reporter, live, draft, future = newsroom
    for url in public_listing_urls(section, reporter):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert live.headline in page, url
        assert draft.headline not in page, url
        assert future.headline not in page, url
        assert draft.get_absolute_url() not in page, url
        assert future.get_absolute_url() not in page, url
    for url in public_address_lists():
        page = client.get(url).content.decode()
        assert live.get_absolute_url() in page, url
        assert draft.get_absolute_url() not in page, url
        assert future.get_absolute_url() not in page, url


@pytest.mark.parametrize("which", ["draft", "future"])
def test_unpublished_article_is_404_on_its_own_url_for_readers(client, newsroom, which):
    article = {"draft": newsroom[3], "future": newsroom[4]}[which]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert article.headline.encode() not in response.content


@pytest.mark.parametrize("which", ["draft", "future"])
def test_preview_sends_readers_to_the_login_page(client, newsroom, which):
    article = {"draft": newsroom[3], "future": newsroom[4]}[which]
    response = client.get(reverse("articles:article-preview", kwargs={"pk": article.pk}))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("which", ["draft", "future"])
def test_staff_see_unpublished_articles_marked_and_never_cached(client, newsroom, which):
    article = {"draft": newsroom[3], "future": newsroom[4]}[which]
    client.force_login(make_editor())
    for url in (
        article.get_absolute_url(),
        reverse("articles:article-preview", kwargs={"pk": article.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert article.headline.encode() in response.content
        assert b"Readers cannot see it yet" in response.content
        assert b'<meta name="robots" content="noindex, nofollow">' in response.content
        assert "no-store" in response["Cache-Control"]


def test_scheduled_article_appears_by_itself_when_its_time_comes(client, newsroom):
    section, reporter, _, _, future = newsroom
    assert client.get(future.get_absolute_url()).status_code == 404
    later = timezone.now() + timedelta(hours=4)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(future.get_absolute_url()).status_code == 200
        for url in public_listing_urls(section, reporter):
            assert future.headline.encode() in client.get(url).content, url


def test_unpublishing_takes_an_article_off_every_page(client, newsroom):
    from articles.publishing import unpublish

    section, reporter, live, _, _ = newsroom
    unpublish(live, by=None)
    assert client.get(live.get_absolute_url()).status_code == 404
    for url in public_listing_urls(section, reporter):
        assert live.headline.encode() not in client.get(url).content, url
