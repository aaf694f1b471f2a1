"""Tags on every page: a change retires the pages that show it at once, and every other stored
page stays stored (a hit), with the page cache on local memory and on Redis alike; responses
tell the CDN in front their tags, and never on a private page."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import cachetags, publishing
from articles import views as article_views
from articles.models import Article
from comments import moderation
from comments.models import Comment
from newsroom import pagecache, redis_cache
from tests.factories import (
    make_article,
    make_comment,
    make_moderator,
    make_reporter,
    make_section,
)
from tests.redis_server import redis_server  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def on_local_memory(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tags-test-pages",
        },
    }


@pytest.fixture(params=["locmem", "redis"])
def page_store(request, settings, monkeypatch):
    """The page cache on local memory (the clock in a file) or on a Redis of the test's own,
    whichever caches the run itself uses."""
    if request.param == "locmem":
        on_local_memory(settings)
    else:
        server = request.getfixturevalue("redis_server")
        default = {
            "BACKEND": "newsroom.redis_cache.FailSoftRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "tags-test",
        }
        settings.CACHES = {"default": default, "pages": {**default, "KEY_PREFIX": "tags-pages"}}
        monkeypatch.setattr(redis_cache, "_breakers", {})
    monkeypatch.setattr(pagecache, "_store", None)
    return request.param


@pytest.fixture
def two_desks():
    """Two stories with nothing in common: other sections, other reporters."""
    local = make_article(
        headline="Harbour wall repairs begin",
        section=make_section(name="Local"),
        reporters=[make_reporter(name="Amara Okafor")],
    )
    sport = make_article(
        headline="Saltby Town win the cup",
        section=make_section(name="Sport"),
        reporters=[make_reporter(name="Dev Patel")],
    )
    return local, sport


def pages_of(article):
    reporter = article.bylines.get().reporter
    return {
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "reporter": reporter.get_absolute_url(),
    }


def stored(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_an_edit_retires_the_pages_showing_it_and_no_other(client, page_store, two_desks):
    local, sport = two_desks
    edited, untouched = pages_of(local), pages_of(sport)
    stored(client, *edited.values(), *untouched.values())

    local.blocks.create(position=9, kind="text", text="<p>Divers found a second breach.</p>")
    local.headline = "Harbour wall repairs begin after a second breach"
    local.save()

    for name, url in edited.items():  # each shows the story or its teaser
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", name
        assert "after a second breach" in response.content.decode(), name
    assert "Divers found a second breach." in client.get(edited["article"]).content.decode()
    for name, url in untouched.items():
        assert client.get(url)["X-Page-Cache"] == "hit", name


def test_a_published_story_joins_its_lists_at_once_and_unrelated_pages_stay(
    client, page_store, two_desks, django_capture_on_commit_callbacks
):
    local, sport = two_desks
    front = reverse("articles:front-page")
    stored(client, front, *pages_of(local).values(), *pages_of(sport).values())
    draft = make_article(
        headline="Lifeboat crew rescue two",
        section=local.section,
        reporters=[local.bylines.get().reporter],
        published=False,
    )

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(Article.objects.get(pk=draft.pk), by=None)

    for url in (front, local.section.get_absolute_url(), pages_of(local)["reporter"]):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Lifeboat crew rescue two" in response.content.decode(), url
    for name, url in pages_of(sport).items():
        assert client.get(url)["X-Page-Cache"] == "hit", name


def test_a_comment_approval_reaches_its_story_and_the_lists_showing_its_count(
    client, page_store, two_desks, django_capture_on_commit_callbacks
):
    local, sport = two_desks
    front = reverse("articles:front-page")
    stored(client, front, local.get_absolute_url(), *pages_of(sport).values())
    held = make_comment(local, status=Comment.Status.PENDING, text="The old wall lasted 150 years.")
    assert client.get(local.get_absolute_url())["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve(held, actor=make_moderator())

    story = client.get(local.get_absolute_url())
    assert story["X-Page-Cache"] == "miss"
    assert "The old wall lasted 150 years." in story.content.decode()
    listing = client.get(front)
    assert listing["X-Page-Cache"] == "miss"
    assert "1 comment" in listing.content.decode()
    for name, url in pages_of(sport).items():
        assert client.get(url)["X-Page-Cache"] == "hit", name


def test_a_scheduled_story_going_live_retires_its_lists_and_nothing_else(
    client, page_store, two_desks
):
    local, sport = two_desks
    make_article(
        headline="Embargoed harbour survey",
        section=local.section,
        reporters=[local.bylines.get().reporter],
        publish_at=timezone.now() + timedelta(seconds=1.5),
    )
    section = local.section.get_absolute_url()
    stored(client, section, *pages_of(sport).values())
    assert "Embargoed harbour survey" not in client.get(section).content.decode()

    deadline = time.monotonic() + 5
    while "Embargoed harbour survey" not in client.get(section).content.decode():
        assert time.monotonic() < deadline, "the scheduled story never reached its section"
        time.sleep(0.1)
    for name, url in pages_of(sport).items():
        assert client.get(url)["X-Page-Cache"] == "hit", name


def test_pages_that_name_nothing_are_retired_by_every_change(client, page_store, two_desks):
    """Search results and feeds may show any story: any change retires them, as before tags."""
    local, sport = two_desks
    search = reverse("articles:search") + "?q=cup"
    feed = reverse("articles:feed-rss")
    stored(client, search, feed, sport.get_absolute_url())
    local.headline = "Harbour wall repairs begin: the cup final moves to Fenwick"
    local.save()
    for url in (search, feed):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "the cup final moves to Fenwick" in response.content.decode(), url
    assert client.get(sport.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_renamed_section_retires_every_page_its_navigation_is_on(client, page_store, two_desks):
    local, sport = two_desks
    stored(client, *pages_of(local).values(), *pages_of(sport).values())
    section = local.section
    section.name = "Saltby and District"
    section.save()
    for url in (*pages_of(local).values(), *pages_of(sport).values()):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert ">Saltby and District<" in response.content.decode(), url


def test_a_page_made_while_its_story_changed_is_never_served(
    client, page_store, two_desks, monkeypatch
):
    """The story's change lands (its commit) after the view read the story and before the page
    was stored: the stored page is older than the change and is never served."""
    local, _ = two_desks
    url = local.get_absolute_url()
    render = article_views.render_article

    def render_then_change(request, article, **kwargs):
        response = render(request, article, **kwargs)
        Article.objects.filter(pk=article.pk).update(headline="Changed while it was made")
        pagecache.mark_changed({cachetags.article(article.pk)})
        return response

    monkeypatch.setattr(article_views, "render_article", render_then_change)
    first = client.get(url)
    assert "Changed while it was made" not in first.content.decode()
    monkeypatch.setattr(article_views, "render_article", render)
    second = client.get(url)
    assert second["X-Page-Cache"] == "miss"
    assert "Changed while it was made" in second.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


# Tags downstream: the headers CDNs read.


def test_public_pages_carry_their_tags_in_each_header_turned_on(client, settings, two_desks):
    settings.PAGE_CACHE_TAG_HEADERS = ["Surrogate-Key", "Cache-Tag", "xkey"]
    local, _ = two_desks
    for response in (
        client.get(local.section.get_absolute_url()),
        client.get(local.section.get_absolute_url()),
    ):
        surrogate = set(response["Surrogate-Key"].split(" "))
        assert {"site", f"section-{local.section.pk}", f"article-{local.pk}"} <= surrogate
        assert set(response["Cache-Tag"].split(",")) == surrogate
        assert set(response["xkey"].split(" ")) == surrogate


def test_no_tag_header_unless_turned_on(client, two_desks):
    response = client.get(two_desks[0].get_absolute_url())
    for header in ("Surrogate-Key", "Cache-Tag", "xkey"):
        assert header not in response


def test_a_private_response_never_carries_tags(client, settings, two_desks):
    settings.PAGE_CACHE_TAG_HEADERS = ["Surrogate-Key", "Cache-Tag", "xkey"]
    client.cookies["newsroom_pending"] = "comment-42"
    response = client.get(two_desks[0].get_absolute_url())
    assert "private" in response["Cache-Control"]
    for header in ("Surrogate-Key", "Cache-Tag", "xkey"):
        assert header not in response


def test_the_machine_s_change_file_started_afresh_retires_pages_once(
    client, settings, monkeypatch, two_desks
):
    """Past its size the file a machine's workers share is replaced: every page is made once
    more, then stored as before."""
    on_local_memory(settings)
    settings.PAGE_CACHE_STATE_MAX_BYTES = 4096
    monkeypatch.setattr(pagecache, "_store", None)
    local, sport = two_desks
    untouched = pages_of(sport)
    stored(client, *untouched.values())
    store = pagecache.clock_store()
    epoch = store.snapshot().epoch
    while store.snapshot().epoch == epoch:
        local.headline = f"Live: update at {time.monotonic()}"
        local.save()
    for name, url in untouched.items():
        assert client.get(url)["X-Page-Cache"] == "miss", name
        assert client.get(url)["X-Page-Cache"] == "hit", name


@pytest.mark.parametrize("page_store", ["redis"], indirect=True)
def test_a_tag_value_redis_evicted_makes_the_pages_carrying_it_afresh(client, page_store):
    story = make_article(headline="Pier reopens after the storm")
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    # Redis short of memory drops one tag's value: whether the story changed since is unknown.
    pagecache.page_cache().delete(pagecache.TAG_KEY + f"article-{story.pk}")
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
