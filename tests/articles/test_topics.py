"""Topics: what stories are about across sections. Each has a page and feeds of its published
stories; the article page links its topics and names them in its JSON-LD; editors set them on
the article form."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import Article, Topic
from tests.factories import (
    make_article,
    make_editor,
    make_photo,
    make_reporter,
    make_section,
    make_topic,
)

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def flooding():
    """A topic with stories in two sections, an older one, a draft, a scheduled one and a
    story on another topic."""
    now = timezone.now()
    topic = make_topic(
        name="Flooding", slug="flooding", description="Floods, defences and the clean-up."
    )
    other = make_topic(name="Transport", slug="transport")
    news, business = make_section(name="News"), make_section(name="Business")
    older = make_article(
        headline="Sandbags run out in the old town",
        section=news,
        publish_at=now - timedelta(days=2),
        topics=[topic],
    )
    newer = make_article(
        headline="Insurers count the cost of the flood",
        section=business,
        publish_at=now - timedelta(hours=3),
        topics=[topic, other],
    )
    make_article(headline="Draft about the flood", published=False, topics=[topic])
    make_article(
        headline="Scheduled flood inquiry", publish_at=now + timedelta(days=1), topics=[topic]
    )
    make_article(headline="New timetable for the coast line", topics=[other])
    return {"topic": topic, "older": older, "newer": newer}


def headlines(page):
    return [a.text_content().strip() for a in page.cssselect(".teaser__headline a")]


def test_topic_page_lists_only_its_published_stories_newest_first(client, html, flooding):
    page = html(client.get(flooding["topic"].get_absolute_url()))
    assert page.cssselect("h1")[0].text_content() == "Flooding"
    assert "Floods, defences and the clean-up." in page.cssselect(".page-header")[0].text_content()
    assert headlines(page) == [
        "Insurers count the cost of the flood",
        "Sandbags run out in the old town",
    ]
    # Topics cross sections: each teaser says which one it is from.
    assert [s.text_content() for s in page.cssselect(".teaser__section")] == ["Business", "News"]


def test_topic_page_paginates_like_a_section_page(client, html, settings):
    settings.NEWSROOM_PAGE_SIZE = 2
    topic = make_topic(name="Flooding")
    now = timezone.now()
    for n in range(5):
        make_article(
            headline=f"Flood story {n}", publish_at=now - timedelta(hours=n), topics=[topic]
        )
    first = html(client.get(topic.get_absolute_url()))
    assert headlines(first) == ["Flood story 0", "Flood story 1"]
    assert "Page 1 of 3" in first.cssselect(".pagination")[0].text_content()
    last = client.get(topic.get_absolute_url() + "?page=3")
    assert headlines(html(last)) == ["Flood story 4"]
    assert "Flooding, page 3" in html(last).findtext(".//title")
    assert client.get(topic.get_absolute_url() + "?page=4").status_code == 404


def test_unknown_topic_and_empty_topic(client, html):
    assert client.get(reverse("articles:topic-detail", kwargs={"slug": "nope"})).status_code == 404
    empty = make_topic(name="River wall")
    page = html(client.get(empty.get_absolute_url()))
    assert "Nothing has been published on River wall yet." in page.text_content()


def test_topic_feeds_list_its_published_stories(client, html, flooding):
    topic = flooding["topic"]
    page = html(client.get(topic.get_absolute_url()))
    links = {link.get("type"): link.get("href") for link in page.cssselect('link[rel="alternate"]')}
    rss_url = reverse("articles:topic-feed-rss", kwargs={"slug": "flooding"})
    atom_url = reverse("articles:topic-feed-atom", kwargs={"slug": "flooding"})
    assert links["application/rss+xml"] == rss_url
    assert links["application/atom+xml"] == atom_url

    rss = etree.fromstring(client.get(rss_url).content)
    assert rss.findtext("channel/title").startswith("Flooding – ")
    assert rss.findtext("channel/link") == "http://testserver/topics/flooding/"
    assert rss.findtext("channel/description") == "Floods, defences and the clean-up."
    assert [item.findtext("title") for item in rss.findall("channel/item")] == [
        "Insurers count the cost of the flood",
        "Sandbags run out in the old town",
    ]

    atom = etree.fromstring(client.get(atom_url).content)
    assert atom.findtext("atom:title", namespaces=ATOM).startswith("Flooding – ")
    assert [
        e.findtext("atom:title", namespaces=ATOM) for e in atom.findall("atom:entry", ATOM)
    ] == [
        "Insurers count the cost of the flood",
        "Sandbags run out in the old town",
    ]
    assert client.get(reverse("articles:topic-feed-rss", kwargs={"slug": "x"})).status_code == 404


def test_article_page_links_its_topics_by_name(client, html, flooding):
    page = html(client.get(flooding["newer"].get_absolute_url()))
    [topics] = page.cssselect(".article__footer .topics")
    assert topics.cssselect(".topics__heading")[0].text_content() == "Topics:"
    assert [(a.text_content(), a.get("href")) for a in topics.cssselect("a")] == [
        ("Flooding", "/topics/flooding/"),
        ("Transport", "/topics/transport/"),
    ]


def test_article_without_topics_shows_no_topics_line(client, html):
    page = html(client.get(make_article().get_absolute_url()))
    assert not page.cssselect(".topics")


def news_article(page):
    for script in page.cssselect('script[type="application/ld+json"]'):
        for node in json.loads(script.text)["@graph"]:
            if node["@type"] == "NewsArticle":
                return node
    raise AssertionError("no NewsArticle")


def test_json_ld_keywords_are_the_topic_names(client, html, flooding):
    node = news_article(html(client.get(flooding["newer"].get_absolute_url())))
    assert node["keywords"] == ["Flooding", "Transport"]
    assert "keywords" not in news_article(html(client.get(make_article().get_absolute_url())))


def test_sitemap_lists_topics_with_published_stories(client, flooding):
    make_topic(name="Only drafts", slug="only-drafts")
    make_article(published=False, topics=[Topic.objects.get(slug="only-drafts")])
    url = reverse("articles:sitemap-section", kwargs={"section": "topics"})
    tree = etree.fromstring(client.get(url).content)
    entries = {
        u.findtext("sm:loc", namespaces=SITEMAP): u.findtext("sm:lastmod", namespaces=SITEMAP)
        for u in tree.findall("sm:url", SITEMAP)
    }
    assert set(entries) == {
        "http://testserver/topics/flooding/",
        "http://testserver/topics/transport/",
    }
    assert entries["http://testserver/topics/flooding/"].startswith(
        timezone.localtime(flooding["newer"].publish_at).date().isoformat()
    )


@pytest.mark.parametrize("count", [1, 12])
def test_article_page_queries_do_not_grow_with_topics(client, django_assert_num_queries, count):
    article = make_article(lead_photo=make_photo(), topics=[make_topic() for _ in range(count)])
    # as tests/articles/test_queries.py counts the article page, the topics in one more
    with django_assert_num_queries(9):
        page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('class="topics__link"') == count


@pytest.mark.parametrize("extra", [0, 15])
def test_topic_page_queries_do_not_grow_with_stories(client, django_assert_num_queries, extra):
    topic = make_topic()
    for _ in range(1 + extra):
        make_article(lead_photo=make_photo(), reporters=[make_reporter()], topics=[topic])
    # topic, count, articles, bylines, sections nav, comment counts for the whole list, the
    # Breaking banner
    with django_assert_num_queries(7):
        assert client.get(topic.get_absolute_url()).status_code == 200


def test_article_gaining_a_topic_retires_the_cached_pages(client, html):
    topic = make_topic(name="River wall")
    article = make_article(headline="Council votes to rebuild the wall")
    assert client.get(topic.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(topic.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    article.topics.add(topic)

    response = client.get(topic.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert headlines(html(response)) == ["Council votes to rebuild the wall"]
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert html(response).cssselect(".topics a")[0].text_content() == "River wall"


def test_renamed_topic_shows_its_new_name_everywhere(client, html):
    topic = make_topic(name="Flood", slug="flood")
    article = make_article(topics=[topic])
    client.get(article.get_absolute_url())
    topic.name = "Flooding"
    topic.save()
    assert html(client.get(article.get_absolute_url())).cssselect(".topics a")[0].text == "Flooding"


def search_headlines(client, html, words):
    page = html(client.get(reverse("articles:search"), {"q": words}))
    return [a.text_content().strip() for a in page.cssselect(".search-result__headline a")]


def test_search_finds_stories_by_topic_name(client, html, django_capture_on_commit_callbacks):
    topic = make_topic(name="Kestrels")
    article = make_article(headline="Birds return to the tower", topics=[topic])
    make_article(headline="Council meets on Tuesday")
    assert search_headlines(client, html, "kestrels") == ["Birds return to the tower"]

    article.topics.remove(topic)
    assert search_headlines(client, html, "kestrels") == []

    topic.articles.add(article)  # from the topic's side
    assert search_headlines(client, html, "kestrels") == ["Birds return to the tower"]

    # A rename rebuilds its articles' documents in a job queued at commit (run at once here).
    with django_capture_on_commit_callbacks(execute=True):
        topic.name = "Falcons"
        topic.save()
    assert search_headlines(client, html, "falcons") == ["Birds return to the tower"]
    assert search_headlines(client, html, "kestrels") == []

    topic.articles.clear()
    assert search_headlines(client, html, "falcons") == []


def test_deleted_topic_is_no_longer_found_by_search(
    client, html, django_capture_on_commit_callbacks
):
    topic = make_topic(name="Kestrels")
    make_article(headline="Birds return to the tower", topics=[topic])
    assert search_headlines(client, html, "kestrels") == ["Birds return to the tower"]
    with django_capture_on_commit_callbacks(execute=True):
        topic.delete()
    assert search_headlines(client, html, "kestrels") == []


# The desk


def test_editor_adds_a_topic_to_an_article_through_the_form(client, html):
    editor = make_editor()
    client.force_login(editor)
    topic = make_topic(name="Flooding")
    section = make_section()

    form = html(client.get(reverse("admin:articles_article_add")))
    [select] = form.cssselect('select[name="topics"]')
    assert select.get("multiple") is not None
    assert "admin-autocomplete" in select.get("class")
    assert "Type to find a topic" in form.cssselect(".field-topics .help")[0].text_content()

    # The autocomplete offers the topic to an editor (the Editors group may view topics).
    found = client.get(
        reverse("admin:autocomplete"),
        {"term": "flo", "app_label": "articles", "model_name": "article", "field_name": "topics"},
    ).json()
    assert [r["text"] for r in found["results"]] == ["Flooding"]

    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "Council votes to rebuild the flood wall",
            "slug": "council-votes-to-rebuild-the-flood-wall",
            "standfirst": "The vote follows a week of flooding.",
            "section": str(section.pk),
            "topics": [str(topic.pk)],
            "lead_photo": "",
            "schedule_at": "",
            "_draft": "Save draft",
            "bylines-TOTAL_FORMS": "0",
            "bylines-INITIAL_FORMS": "0",
            "blocks-TOTAL_FORMS": "0",
            "blocks-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="council-votes-to-rebuild-the-flood-wall")
    assert list(article.topics.all()) == [topic]


def test_editor_keeps_topics_in_the_admin(client, html):
    client.force_login(make_editor())
    response = client.post(
        reverse("admin:articles_topic_add"),
        {"name": "River wall", "slug": "river-wall", "description": ""},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(slug="river-wall")
    make_article(topics=[topic])
    make_article(topics=[topic])
    page = html(client.get(reverse("admin:articles_topic_changelist")))
    [row] = page.cssselect("#result_list tbody tr")
    assert row.cssselect(".field-name a")[0].text == "River wall"
    assert row.cssselect(".field-article_count")[0].text == "2"


# The demo newsroom


def test_demo_stories_carry_topics_and_loading_again_changes_nothing(client, html):
    from articles.demo.loader import load_content

    load_content()
    flooding = Topic.objects.get(slug="flooding")
    flagship = Article.objects.get(slug="river-lisle-bursts-banks-ravensmouth-flooding")
    assert {t.name for t in flagship.topics.all()} >= {"Flooding", "Storm Maren"}
    assert headlines(html(client.get(flooding.get_absolute_url())))  # published stories shown
    links = set(Article.topics.through.objects.values_list("article_id", "topic_id"))

    # An editor takes a topic off a story: the next load leaves it off.
    flagship.topics.remove(flooding)
    load_content()
    assert Topic.objects.count() == 5
    assert set(Article.topics.through.objects.values_list("article_id", "topic_id")) == links - {
        (flagship.pk, flooding.pk)
    }
