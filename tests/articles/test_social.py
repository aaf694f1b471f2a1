"""Shared links look right: one canonical address per page, Open Graph and Twitter card tags,
and share links that open each service with the article's title and canonical address."""

from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.factories import make_article, make_editor, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db


def meta(page, key):
    """The content of ``<meta property=key>`` or ``<meta name=key>``; all of them for a list."""
    found = page.xpath(f'//head/meta[@property="{key}" or @name="{key}"]/@content')
    return found


def canonical(page):
    links = page.cssselect('head link[rel="canonical"]')
    assert len(links) == 1
    return links[0].get("href")


@pytest.fixture
def article():
    return make_article(
        headline="Kestrels & falcons share the tower?",
        standfirst="Three chicks hatched this spring.",
        section=make_section(name="Nature", slug="nature"),
        reporters=[make_reporter(name="Amara Okafor", slug="amara-okafor")],
        lead_photo=make_photo(),
    )


def test_every_page_names_its_one_absolute_canonical_address(client, html, article, settings):
    settings.NEWSROOM_PAGE_SIZE = 1
    make_article(section=article.section)
    reporter = article.bylines.get().reporter
    search = reverse("articles:search")
    for url, expected in (
        ("/", "http://testserver/"),
        ("/?utm_source=newsletter", "http://testserver/"),
        ("/?page=1", "http://testserver/"),
        ("/?page=2", "http://testserver/?page=2"),
        (article.get_absolute_url(), "http://testserver" + article.get_absolute_url()),
        (
            article.get_absolute_url() + "?fbclid=abc",
            "http://testserver/news/" + article.slug + "/",
        ),
        ("/section/nature/?page=2&ref=x", "http://testserver/section/nature/?page=2"),
        (reporter.get_absolute_url(), "http://testserver/reporters/amara-okafor/"),
        (search + "?q=kestrels&page=1", "http://testserver/search/?q=kestrels"),
    ):
        assert canonical(html(client.get(url))) == expected, url
    settings.NEWSROOM_BASE_URL = "https://news.example"
    assert canonical(html(client.get("/section/nature/"))) == "https://news.example/section/nature/"


def test_a_preview_names_the_public_address_as_canonical(client, html, article):
    client.force_login(make_editor())
    page = html(client.get(reverse("articles:article-preview", kwargs={"pk": article.pk})))
    assert canonical(page) == "http://testserver" + article.get_absolute_url()


def test_article_page_has_open_graph_and_twitter_card_tags(client, html, article):
    page = html(client.get(article.get_absolute_url()))
    url = "http://testserver" + article.get_absolute_url()
    photo = article.lead_photo
    image = "http://testserver" + photo.image.url
    assert meta(page, "description") == [article.standfirst]
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:title") == [article.headline]
    assert meta(page, "og:description") == [article.standfirst]
    assert meta(page, "og:url") == [url] == [canonical(page)]
    assert meta(page, "og:site_name") == ["The Newsroom"]
    assert meta(page, "og:image") == [image]
    assert meta(page, "og:image:width") == [str(photo.width)]
    assert meta(page, "og:image:height") == [str(photo.height)]
    assert meta(page, "og:image:alt") == [photo.alt_text]
    assert meta(page, "article:section") == ["Nature"]
    assert meta(page, "article:author") == ["http://testserver/reporters/amara-okafor/"]
    published = datetime.fromisoformat(meta(page, "article:published_time")[0])
    assert abs((published - article.publish_at).total_seconds()) < 1
    modified = datetime.fromisoformat(meta(page, "article:modified_time")[0])
    assert abs((modified - article.updated_at).total_seconds()) < 1
    assert meta(page, "twitter:card") == ["summary_large_image"]
    assert meta(page, "twitter:title") == [article.headline]
    assert meta(page, "twitter:description") == [article.standfirst]
    assert meta(page, "twitter:image") == [image]
    assert meta(page, "twitter:image:alt") == [photo.alt_text]


def test_without_a_photo_the_card_is_a_plain_summary(client, html):
    article = make_article()
    page = html(client.get(article.get_absolute_url()))
    assert meta(page, "twitter:card") == ["summary"]
    assert meta(page, "og:image") == []


def test_listing_pages_describe_themselves_as_websites(client, html, article):
    for url, title in (
        ("/", "The Newsroom"),
        ("/section/nature/", "Nature"),
        ("/reporters/amara-okafor/", "Amara Okafor"),
    ):
        page = html(client.get(url))
        assert meta(page, "og:type") == ["website"], url
        assert meta(page, "og:title") == [title], url
        assert meta(page, "og:url") == [canonical(page)], url
        assert meta(page, "og:description")[0], url
        assert meta(page, "twitter:card"), url


@pytest.mark.parametrize("base_url", ["", "https://news.example"])
def test_share_links_open_each_service_with_title_and_canonical_address(
    client, html, article, settings, base_url
):
    settings.NEWSROOM_BASE_URL = base_url
    page = html(client.get(article.get_absolute_url()))
    url = canonical(page)
    assert url == (base_url or "http://testserver") + article.get_absolute_url()
    title = article.headline
    links = {a.get("class").split("--")[-1]: a for a in page.cssselect(".share a.share__link")}

    def split(key):
        href = urlsplit(links[key].get("href"))
        return href, parse_qs(href.query)

    href, query = split("facebook")
    assert (href.scheme, href.netloc, href.path) == (
        "https",
        "www.facebook.com",
        "/sharer/sharer.php",
    )
    assert query == {"u": [url]}
    href, query = split("x")
    assert (href.netloc, href.path) == ("x.com", "/intent/post")
    assert query == {"url": [url], "text": [title]}
    href, query = split("linkedin")
    assert (href.netloc, href.path) == ("www.linkedin.com", "/sharing/share-offsite/")
    assert query == {"url": [url]}
    href, query = split("whatsapp")
    assert (href.netloc, href.path) == ("wa.me", "/")
    assert query == {"text": [f"{title} {url}"]}
    href = urlsplit(links["email"].get("href"))
    assert href.scheme == "mailto"
    email = {k: v[0] for k, v in parse_qs(href.query).items()}
    assert email == {"subject": title, "body": url}
    copy = links["copy"]
    assert copy.get("href") == url
    assert copy.get("data-share-title") == title
    for key in ("facebook", "x", "linkedin", "whatsapp"):
        assert links[key].get("target") == "_blank"
        assert "noopener" in links[key].get("rel")
        assert "(opens in a new tab)" in links[key].text_content()
