"""Search engines find every page through robots.txt, the sitemap index and the news sitemap."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from tests.factories import make_article, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db

SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
NS = {
    "sm": SM,
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return etree.fromstring(response.content)


def locations(tree):
    return [loc.text for loc in tree.findall("sm:url/sm:loc", NS)]


def entry(tree, url):
    return next(u for u in tree.findall("sm:url", NS) if u.findtext("sm:loc", namespaces=NS) == url)


def same_second(text, when):
    return abs((datetime.fromisoformat(text) - when).total_seconds()) < 1


@pytest.fixture
def newsroom():
    section = make_section(name="Nature", slug="nature")
    empty_section = make_section(name="Empty", slug="empty")
    reporter = make_reporter(name="Amara Okafor", slug="amara-okafor")
    idle = make_reporter(name="Idle Reporter", slug="idle")
    now = timezone.now()
    with_photo = make_article(
        slug="kestrels",
        section=section,
        reporters=[reporter],
        lead_photo=make_photo(),
        publish_at=now - timedelta(hours=1),
    )
    without_photo = make_article(
        slug="otters", section=section, reporters=[reporter], publish_at=now - timedelta(days=3)
    )
    draft = make_article(slug="draft", section=section, reporters=[idle], published=False)
    future = make_article(
        slug="future", section=section, reporters=[idle], publish_at=now + timedelta(hours=1)
    )
    return locals()


def test_robots_txt_names_the_sitemaps(client):
    response = client.get(reverse("articles:robots-txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Disallow: {reverse('articles:search')}" in lines
    assert "Sitemap: http://testserver" + reverse("articles:sitemap") in lines
    assert "Sitemap: http://testserver" + reverse("articles:sitemap-news") in lines
    assert client.get("/robots.txt").content == response.content


def test_sitemap_index_lists_pages_articles_sections_topics_reporters_and_static_pages(
    client, newsroom
):
    response = client.get(reverse("articles:sitemap"))
    assert "noindex" in response["X-Robots-Tag"]
    index = fetch(client, reverse("articles:sitemap"))
    assert index.tag == f"{{{SM}}}sitemapindex"
    sitemaps = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert sitemaps == [
        "http://testserver" + reverse("articles:sitemap-section", kwargs={"section": name})
        for name in ("pages", "articles", "sections", "topics", "reporters", "static-pages")
    ]
    for url in sitemaps:
        tree = fetch(client, url.removeprefix("http://testserver"))
        assert tree.tag == f"{{{SM}}}urlset"
    lastmods = [m.text for m in index.findall("sm:sitemap/sm:lastmod", NS)]
    assert all(datetime.fromisoformat(m) for m in lastmods)


def test_article_sitemap_has_lastmod_and_image_entries_for_published_articles(client, newsroom):
    tree = fetch(client, reverse("articles:sitemap-section", kwargs={"section": "articles"}))
    with_photo, without_photo = newsroom["with_photo"], newsroom["without_photo"]
    assert locations(tree) == [
        "http://testserver" + with_photo.get_absolute_url(),
        "http://testserver" + without_photo.get_absolute_url(),
    ], "published articles only, newest first"
    url = entry(tree, "http://testserver" + with_photo.get_absolute_url())
    assert same_second(url.findtext("sm:lastmod", namespaces=NS), with_photo.updated_at)
    assert [loc.text for loc in url.findall("image:image/image:loc", NS)] == [
        "http://testserver" + with_photo.lead_photo.image.url
    ]
    bare = entry(tree, "http://testserver" + without_photo.get_absolute_url())
    assert bare.find("image:image", NS) is None


def test_lastmod_is_never_before_publication(client):
    now = timezone.now()
    article = make_article(publish_at=now - timedelta(hours=1))
    from articles.models import Article

    # Written a week ago, published an hour ago.
    Article.objects.filter(pk=article.pk).update(updated_at=now - timedelta(days=7))
    tree = fetch(client, reverse("articles:sitemap-section", kwargs={"section": "articles"}))
    lastmod = tree.findtext("sm:url/sm:lastmod", namespaces=NS)
    assert same_second(lastmod, article.publish_at)


def test_section_and_reporter_sitemaps(client, newsroom):
    sections = fetch(client, reverse("articles:sitemap-section", kwargs={"section": "sections"}))
    nature = entry(sections, "http://testserver/section/nature/")
    assert same_second(
        nature.findtext("sm:lastmod", namespaces=NS), newsroom["with_photo"].publish_at
    )
    empty = entry(sections, "http://testserver/section/empty/")
    assert empty.find("sm:lastmod", NS) is None
    reporters = fetch(client, reverse("articles:sitemap-section", kwargs={"section": "reporters"}))
    assert locations(reporters) == ["http://testserver/reporters/amara-okafor/"], (
        "reporters with published articles only"
    )


def test_news_sitemap_lists_the_last_48_hours(client, newsroom):
    now = timezone.now()
    just_in = make_article(
        headline="Kestrels & falcons <share> a ledge",
        slug="just-in",
        publish_at=now - timedelta(hours=47, minutes=50),
    )
    make_article(slug="too-old", publish_at=now - timedelta(hours=48, minutes=10))
    tree = fetch(client, reverse("articles:sitemap-news"))
    assert tree.tag == f"{{{SM}}}urlset"
    assert tree.nsmap.get("news") == NS["news"]
    assert locations(tree) == [
        "http://testserver" + newsroom["with_photo"].get_absolute_url(),
        "http://testserver" + just_in.get_absolute_url(),
    ], "drafts, future articles and anything older than 48 hours are left out"
    news = entry(tree, "http://testserver" + just_in.get_absolute_url()).find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "The Newsroom"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert same_second(news.findtext("news:publication_date", namespaces=NS), just_in.publish_at)
    assert news.findtext("news:title", namespaces=NS) == "Kestrels & falcons <share> a ledge"


def test_sitemaps_use_the_configured_base_url(client, newsroom, settings):
    settings.NEWSROOM_BASE_URL = "https://news.example"
    index = fetch(client, reverse("articles:sitemap"))
    assert all(
        loc.text.startswith("https://news.example/")
        for loc in index.findall("sm:sitemap/sm:loc", NS)
    )
    tree = fetch(client, reverse("articles:sitemap-section", kwargs={"section": "articles"}))
    assert locations(tree)[0] == "https://news.example/news/kestrels/"
    assert tree.findtext("sm:url/image:image/image:loc", namespaces=NS).startswith(
        "https://news.example/media/"
    )
    robots = client.get(reverse("articles:robots-txt")).content.decode()
    assert "Sitemap: https://news.example/sitemap.xml" in robots


@pytest.mark.parametrize("extra", [0, 20])
def test_article_sitemap_queries_do_not_grow(client, django_assert_num_queries, extra):
    for _ in range(1 + extra):
        make_article(lead_photo=make_photo())
    # count, the page of articles with their photos
    with django_assert_num_queries(2):
        client.get(reverse("articles:sitemap-section", kwargs={"section": "articles"}))


@pytest.mark.parametrize("extra", [0, 20])
def test_sitemap_index_queries_do_not_grow(client, django_assert_num_queries, extra):
    for _ in range(1 + extra):
        make_article()
    # pages: the latest article and the latest correction; articles: latest times, count;
    # sections: each with its latest, count; topics: each with its latest, count; reporters:
    # each with their latest, count; static pages: latest time, count
    with django_assert_num_queries(12):
        client.get(reverse("articles:sitemap"))
