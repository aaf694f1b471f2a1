"""Search engines read NewsArticle, BreadcrumbList, Organization and WebSite data: the values,
not only the shape, must be right."""

import json
from datetime import datetime, timedelta
from urllib.parse import quote

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article
from tests.factories import make_article, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db


def json_ld(page):
    scripts = page.cssselect('script[type="application/ld+json"]')
    assert scripts, "a JSON-LD block"
    nodes = []
    for script in scripts:
        data = json.loads(script.text)
        assert data["@context"] == "https://schema.org"
        nodes += data["@graph"]
    return {node["@type"]: node for node in nodes}


def same_second(text, when):
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, text
    return abs((parsed - when).total_seconds()) < 1


@pytest.fixture
def article():
    return make_article(
        headline="Kestrels nest on the cathedral tower",
        standfirst="Three chicks hatched this spring.",
        section=make_section(name="Nature", slug="nature"),
        reporters=[
            make_reporter(name="Amara Okafor", slug="amara-okafor", role="Nature Editor"),
            make_reporter(name="Kieran Walsh", slug="kieran-walsh", role=""),
        ],
        lead_photo=make_photo(),
    )


def test_article_page_describes_a_news_article(client, html, article):
    nodes = json_ld(html(client.get(article.get_absolute_url())))
    news = nodes["NewsArticle"]
    url = "http://testserver" + article.get_absolute_url()
    assert news["headline"] == "Kestrels nest on the cathedral tower"
    assert news["description"] == "Three chicks hatched this spring."
    assert news["url"] == url
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert news["image"] == ["http://testserver" + article.lead_photo.image.url]
    assert same_second(news["datePublished"], article.publish_at)
    assert same_second(news["dateModified"], article.updated_at)
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Amara Okafor",
            "url": "http://testserver/reporters/amara-okafor/",
            "jobTitle": "Nature Editor",
        },
        {
            "@type": "Person",
            "name": "Kieran Walsh",
            "url": "http://testserver/reporters/kieran-walsh/",
        },
    ]
    assert news["articleSection"] == "Nature"
    assert news["inLanguage"] == "en-GB"
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "The Newsroom"
    assert publisher["url"] == "http://testserver/"
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"].startswith("http://testserver/static/")
    path = finders.find(logo["url"].removeprefix("http://testserver/static/"))
    assert path, "the logo is one of our static files"
    with Image.open(path) as image:
        assert image.size == (logo["width"], logo["height"])
        assert min(image.size) >= 112, "Google asks for a logo at least 112 pixels square"


def test_breadcrumbs_run_home_section_article(client, html, article):
    crumbs = json_ld(html(client.get(article.get_absolute_url())))["BreadcrumbList"]
    assert crumbs["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://testserver/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": "Nature",
            "item": "http://testserver/section/nature/",
        },
        {
            "@type": "ListItem",
            "position": 3,
            "name": "Kestrels nest on the cathedral tower",
            "item": "http://testserver" + article.get_absolute_url(),
        },
    ]


def test_an_article_without_a_photo_has_no_image_and_is_modified_no_earlier_than_published(
    client, html
):
    now = timezone.now()
    article = make_article(publish_at=now - timedelta(hours=1))
    # Written a week ago, published an hour ago.
    Article.objects.filter(pk=article.pk).update(updated_at=now - timedelta(days=7))
    news = json_ld(html(client.get(article.get_absolute_url())))["NewsArticle"]
    assert "image" not in news
    assert news["dateModified"] == news["datePublished"]


def test_text_that_looks_like_markup_cannot_break_out_of_the_data_block(client, html):
    headline = 'Bird </script><script>alert("x")</script> & <!-- nests'
    article = make_article(headline=headline, standfirst="<b>Bold</b> & brave")
    response = client.get(article.get_absolute_url())
    page = html(response)
    assert len(page.cssselect('script[type="application/ld+json"]')) == 1
    assert not page.cssselect("script:not([src]):not([type])"), "no script was injected"
    news = json_ld(page)["NewsArticle"]
    assert news["headline"] == headline
    assert news["description"] == "<b>Bold</b> & brave"
    assert b'</script><script>alert("x")' not in response.content


def test_front_page_describes_the_publisher_and_its_search(client, html, article):
    nodes = json_ld(html(client.get(reverse("articles:front-page"))))
    organization = nodes["Organization"]
    assert organization["name"] == "The Newsroom"
    assert organization["url"] == "http://testserver/"
    assert organization["logo"]["url"].startswith("http://testserver/static/")
    website = nodes["WebSite"]
    assert website["url"] == "http://testserver/"
    assert website["publisher"] == {"@id": organization["@id"]}
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["query-input"] == "required name=search_term_string"
    template = action["target"]["urlTemplate"]
    assert template == "http://testserver/search/?q={search_term_string}"
    # A search engine fills in the reader's words and lands on our results.
    url = template.replace("{search_term_string}", quote("kestrels nest"))
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert article.get_absolute_url().encode() in response.content


def test_structured_data_uses_the_configured_base_url(client, html, article, settings):
    settings.NEWSROOM_BASE_URL = "https://news.example"
    news = json_ld(html(client.get(article.get_absolute_url())))["NewsArticle"]
    assert news["url"] == "https://news.example" + article.get_absolute_url()
    assert news["image"][0].startswith("https://news.example/media/")
    assert news["author"][0]["url"] == "https://news.example/reporters/amara-okafor/"
