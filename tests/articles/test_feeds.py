"""Feed readers get RSS 2.0 and Atom for the site, each section and each reporter.

No offline feed validator exists: these tests check the elements the RSS 2.0 and Atom (RFC 4287)
specifications require, and the date formats (RFC 822 and RFC 3339), themselves."""

import re
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from tests.factories import make_article, make_photo, make_reporter, make_section

pytestmark = pytest.mark.django_db

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def rfc822(text):
    assert RFC822.match(text), text
    return parsedate_to_datetime(text)


def rfc3339(text):
    assert RFC3339.match(text), text
    return datetime.fromisoformat(text)


def same_second(a, b):
    return abs((a - b).total_seconds()) < 1


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, etree.fromstring(response.content)


@pytest.fixture
def newsroom():
    section = make_section(name="Science & Nature", slug="science")
    first = make_reporter(name="Amara Okafor", slug="amara-okafor")
    second = make_reporter(name="Kieran Walsh", slug="kieran-walsh")
    now = timezone.now()
    photo = make_photo(alt_text="Kestrel on a ledge")
    lead = make_article(
        headline="Kestrels <nest> on the tower & the spire",
        standfirst="Three chicks <b>hatched</b> & fledged.",
        section=section,
        reporters=[first, second],
        lead_photo=photo,
        publish_at=now - timedelta(hours=2),
        blocks=[
            {"kind": "text", "text": "<p>The pair <em>returned</em> in March.</p>"},
            {"kind": "heading", "words": "Watching the nest"},
            {"kind": "photo", "photo": make_photo(), "caption": "The west door"},
            {"kind": "quote", "words": "A good year.", "attribution": "The warden"},
        ],
    )
    from articles.models import Article

    Article.objects.filter(pk=lead.pk).update(updated_at=now - timedelta(minutes=30))
    lead.refresh_from_db()
    other = make_article(
        headline="Budget vote delayed",
        section=make_section(name="Politics"),
        reporters=[make_reporter(name="Tom Hale")],
        publish_at=now - timedelta(hours=5),
    )
    return {"section": section, "reporter": first, "lead": lead, "other": other}


def test_site_rss_feed_has_every_required_element(client, newsroom):
    lead = newsroom["lead"]
    response, rss = fetch(client, reverse("articles:feed-rss"))
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") == "The Newsroom"
    assert channel.findtext("link") == "http://testserver/"
    assert channel.findtext("description")
    assert channel.findtext("language") == "en-gb"
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "http://testserver" + reverse("articles:feed-rss")
    assert same_second(rfc822(channel.findtext("lastBuildDate")), lead.updated_at)

    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [lead.headline, "Budget vote delayed"]
    item = items[0]
    url = "http://testserver" + lead.get_absolute_url()
    assert item.findtext("link") == url
    assert item.findtext("guid") == url and item.find("guid").get("isPermaLink") == "true"
    assert unescape(item.findtext("description")) == lead.standfirst
    assert "<b>" not in item.findtext("description"), "the standfirst is text, not markup"
    assert same_second(rfc822(item.findtext("pubDate")), lead.publish_at)
    assert [c.text for c in item.findall("dc:creator", NS)] == ["Amara Okafor", "Kieran Walsh"]
    assert [c.text for c in item.findall("category")] == ["Science & Nature"]
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == "http://testserver" + lead.lead_photo.image.url
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == lead.lead_photo.image.size > 0
    assert item.find("content:encoded", NS) is None, "standfirst only unless full text is on"
    assert items[1].find("enclosure") is None, "no photo, no enclosure"


def test_site_atom_feed_has_every_required_element(client, newsroom):
    lead = newsroom["lead"]
    response, feed = fetch(client, reverse("articles:feed-atom"))
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("atom:title", namespaces=NS) == "The Newsroom"
    assert feed.findtext("atom:id", namespaces=NS) == "http://testserver/"
    assert same_second(rfc3339(feed.findtext("atom:updated", namespaces=NS)), lead.updated_at)
    links = {link.get("rel"): link.get("href") for link in feed.findall("atom:link", NS)}
    assert links == {
        "alternate": "http://testserver/",
        "self": "http://testserver" + reverse("articles:feed-atom"),
    }
    assert feed.findtext("atom:author/atom:name", namespaces=NS) == "The Newsroom"

    entry = feed.findall("atom:entry", NS)[0]
    url = "http://testserver" + lead.get_absolute_url()
    assert entry.findtext("atom:title", namespaces=NS) == lead.headline
    assert entry.findtext("atom:id", namespaces=NS) == url
    assert same_second(rfc3339(entry.findtext("atom:published", namespaces=NS)), lead.publish_at)
    assert same_second(rfc3339(entry.findtext("atom:updated", namespaces=NS)), lead.updated_at)
    authors = [
        (a.findtext("atom:name", namespaces=NS), a.findtext("atom:uri", namespaces=NS))
        for a in entry.findall("atom:author", NS)
    ]
    assert authors == [
        ("Amara Okafor", "http://testserver/reporters/amara-okafor/"),
        ("Kieran Walsh", "http://testserver/reporters/kieran-walsh/"),
    ]
    summary = entry.find("atom:summary", NS)
    assert summary.get("type") == "html" and unescape(summary.text) == lead.standfirst
    entry_links = {link.get("rel"): link for link in entry.findall("atom:link", NS)}
    assert entry_links["alternate"].get("href") == url
    enclosure = entry_links["enclosure"]
    assert enclosure.get("href") == "http://testserver" + lead.lead_photo.image.url
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == lead.lead_photo.image.size
    assert entry.find("atom:content", NS) is None


def test_section_and_reporter_feeds_carry_only_their_articles(client, newsroom):
    lead = newsroom["lead"]
    for name, slug, title in (
        ("section", newsroom["section"].slug, "Science & Nature – The Newsroom"),
        ("reporter", newsroom["reporter"].slug, "Amara Okafor – The Newsroom"),
    ):
        _, rss = fetch(client, reverse(f"articles:{name}-feed-rss", kwargs={"slug": slug}))
        assert rss.findtext("channel/title") == title
        assert [i.findtext("title") for i in rss.findall("channel/item")] == [lead.headline]
        _, atom = fetch(client, reverse(f"articles:{name}-feed-atom", kwargs={"slug": slug}))
        assert atom.findtext("atom:title", namespaces=NS) == title
        entries = atom.findall("atom:entry", NS)
        assert [e.findtext("atom:title", namespaces=NS) for e in entries] == [lead.headline]
        page_url = "http://testserver" + reverse(f"articles:{name}-detail", kwargs={"slug": slug})
        assert rss.findtext("channel/link") == page_url
    for name in ("section-feed-rss", "reporter-feed-atom"):
        assert client.get(reverse(f"articles:{name}", kwargs={"slug": "nobody"})).status_code == 404


def test_full_text_setting_puts_the_whole_body_in_the_feeds(client, newsroom, settings):
    settings.NEWSROOM_FEED_FULL_TEXT = True
    lead = newsroom["lead"]
    _, rss = fetch(client, reverse("articles:feed-rss"))
    item = rss.find("channel/item")
    assert unescape(item.findtext("description")) == lead.standfirst
    body = etree.HTML(item.findtext("content:encoded", namespaces=NS))
    assert body.xpath("string(//em)") == "returned"
    assert body.xpath("string(//h2)") == "Watching the nest"
    assert body.xpath("string(//blockquote)").strip().startswith("A good year.")
    images = body.xpath("//img")
    assert [img.get("alt") for img in images][0] == "Kestrel on a ledge"
    assert all(img.get("src").startswith("http://testserver/media/") for img in images)
    assert len(images) == 2 and "The west door" in body.xpath("string(//figure[2])")
    _, atom = fetch(client, reverse("articles:feed-atom"))
    content = atom.find("atom:entry/atom:content", NS)
    assert content.get("type") == "html" and "Watching the nest" in content.text


def test_feeds_use_the_configured_base_url(client, newsroom, settings):
    settings.NEWSROOM_BASE_URL = "https://news.example"
    _, rss = fetch(client, reverse("articles:feed-rss"))
    item = rss.find("channel/item")
    assert rss.findtext("channel/link") == "https://news.example/"
    assert item.findtext("link").startswith("https://news.example/news/")
    assert item.find("enclosure").get("url").startswith("https://news.example/media/")
    _, atom = fetch(client, reverse("articles:feed-atom"))
    assert atom.findtext("atom:entry/atom:author/atom:uri", namespaces=NS).startswith(
        "https://news.example/reporters/"
    )


def test_feeds_hold_a_bounded_number_of_the_newest_articles(client, settings):
    settings.NEWSROOM_FEED_ITEMS = 3
    section = make_section()
    now = timezone.now()
    for n in range(5):
        make_article(section=section, headline=f"Story {n}", publish_at=now - timedelta(hours=n))
    _, rss = fetch(client, reverse("articles:feed-rss"))
    assert [i.findtext("title") for i in rss.findall("channel/item")] == [
        "Story 0",
        "Story 1",
        "Story 2",
    ]


@pytest.mark.parametrize("extra", [0, 12])
def test_feed_queries_do_not_grow_with_items(client, django_assert_num_queries, extra):
    section = make_section()
    reporter = make_reporter()
    for _ in range(1 + extra):
        make_article(
            section=section, reporters=[reporter, make_reporter()], lead_photo=make_photo()
        )
    # articles with section and photo, bylines with reporters
    with django_assert_num_queries(2):
        client.get(reverse("articles:feed-rss"))
    # the section, then the same two
    with django_assert_num_queries(3):
        client.get(reverse("articles:section-feed-atom", kwargs={"slug": section.slug}))


def test_pages_link_to_their_feeds(client, html, newsroom):
    lead = newsroom["lead"]
    site = {reverse("articles:feed-rss"), reverse("articles:feed-atom")}
    section = newsroom["section"].slug
    reporter = newsroom["reporter"].slug
    section_feeds = {
        reverse("articles:section-feed-rss", kwargs={"slug": section}),
        reverse("articles:section-feed-atom", kwargs={"slug": section}),
    }
    reporter_feeds = {
        reverse("articles:reporter-feed-rss", kwargs={"slug": reporter}),
        reverse("articles:reporter-feed-atom", kwargs={"slug": reporter}),
    }
    for url, expected in (
        (reverse("articles:front-page"), site),
        (newsroom["section"].get_absolute_url(), site | section_feeds),
        (newsroom["reporter"].get_absolute_url(), site | reporter_feeds),
        (lead.get_absolute_url(), site | section_feeds),
    ):
        page = html(client.get(url))
        links = page.cssselect("head link[rel=alternate]")
        assert {link.get("href") for link in links} == expected, url
        for link in links:
            assert link.get("type") in ("application/rss+xml", "application/atom+xml")
            assert link.get("title")
            feed = client.get(link.get("href"))
            assert feed.status_code == 200
            assert feed["Content-Type"].startswith(link.get("type"))
