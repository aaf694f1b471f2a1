"""A Redis outage costs speed, never pages: with the caches on a Redis of the test's own that
the test stops (or freezes), every public page answers in full, comments are taken, one warning
is logged, and caching resumes by itself when Redis is back."""

import logging
import time
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from comments.models import Comment
from newsroom import pagecache, redis_cache
from tests.factories import comment_data, make_article, make_comment, make_editor, make_section
from tests.redis_server import redis_server  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

RETRY_SECONDS = 0.3


def point_caches(settings, monkeypatch, url, retry_seconds=RETRY_SECONDS):
    """Both caches (data and pages) on the Redis at ``url``, as ``REDIS_URL`` sets them up."""
    default = {
        "BACKEND": "newsroom.redis_cache.FailSoftRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "outage-test",
        "OPTIONS": {
            "socket_connect_timeout": 0.25,
            "socket_timeout": 0.5,
            "RETRY_SECONDS": retry_seconds,
        },
    }
    settings.CACHES = {"default": default, "pages": {**default, "KEY_PREFIX": "outage-test-pages"}}
    monkeypatch.setattr(pagecache, "_store", None)
    monkeypatch.setattr(redis_cache, "_breakers", {})


@pytest.fixture
def caches_on_redis(settings, redis_server, monkeypatch):  # noqa: F811
    point_caches(settings, monkeypatch, redis_server.url)
    return redis_server


@pytest.fixture
def newsroom():
    section = make_section(name="Environment")
    article = make_article(
        headline="Harbour wall gives way in storm",
        section=section,
        blocks=[{"text": "<p>Engineers inspected the breach at dawn.</p>"}],
    )
    make_comment(article, text="The wall was patched twice last year.")
    return article


def public_pages(article):
    """Each public page and words it must show."""
    return {
        "front": (reverse("articles:front-page"), article.headline),
        "section": (article.section.get_absolute_url(), article.headline),
        "article": (article.get_absolute_url(), "Engineers inspected the breach at dawn."),
        "search": (
            reverse("articles:search") + "?" + urlencode({"q": "harbour"}),
            article.headline,
        ),
    }


def test_every_public_page_answers_in_full_while_redis_is_down(client, caches_on_redis, newsroom):
    for url, _ in public_pages(newsroom).values():
        client.get(url)
    caches_on_redis.stop()
    for name, (url, words) in public_pages(newsroom).items():
        started = time.monotonic()
        response = client.get(url)
        took = time.monotonic() - started
        assert response.status_code == 200, name
        page = response.content.decode()
        assert words in page, name
        assert "Environment" in page, f"{name}: the section navigation is missing"
        assert took < 2.0, f"{name} took {took:.2f} s"
    article_page = client.get(newsroom.get_absolute_url()).content.decode()
    assert "The wall was patched twice last year." in article_page
    assert 'name="comment"' in article_page, "the reply form is missing"


def test_a_frozen_redis_costs_one_timeout_then_milliseconds(
    client, caches_on_redis, newsroom, settings, monkeypatch
):
    # Long enough between retries that the ten requests below fall in one wait.
    point_caches(settings, monkeypatch, caches_on_redis.url, retry_seconds=10)
    url = newsroom.get_absolute_url()
    client.get(url)
    caches_on_redis.pause()
    try:
        started = time.monotonic()
        assert client.get(url).status_code == 200
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(10):
            assert client.get(url).status_code == 200
        next_ten = time.monotonic() - started
    finally:
        caches_on_redis.resume()
    # The first request waits out the socket timeout once (0.5 s); the breaker spares the rest,
    # each of which would otherwise wait it out for every cache call it makes (several).
    assert first < 3.0, f"the first request took {first:.2f} s"
    assert next_ten < 3.0, f"10 requests took {next_ten:.2f} s with Redis frozen"


def test_a_comment_posted_while_redis_is_down_is_stored_once(client, caches_on_redis, newsroom):
    caches_on_redis.stop()
    words = "Posted while the cache was down."
    response = client.post(
        reverse("comments:post"),
        comment_data(newsroom, comment=words),
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 303
    assert Comment.objects.filter(text=words).count() == 1


def test_pages_are_stored_again_once_redis_is_back(client, caches_on_redis, newsroom):
    url = newsroom.get_absolute_url()
    caches_on_redis.stop()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "miss"
    caches_on_redis.start()
    time.sleep(RETRY_SECONDS + 0.1)
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_an_edit_made_while_redis_was_down_shows_once_it_is_back(client, caches_on_redis, newsroom):
    url = newsroom.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    # Redis comes back with the data it had, the stored page included.
    caches_on_redis.stop(keep_data=True)
    newsroom.headline = "Harbour wall repaired within a week"
    newsroom.save()
    assert "repaired within a week" in client.get(url).content.decode()
    caches_on_redis.start()
    time.sleep(RETRY_SECONDS + 0.1)
    for _ in range(2):
        assert "repaired within a week" in client.get(url).content.decode()


def test_an_outage_logs_one_warning_and_one_line_when_it_ends(
    client, caches_on_redis, newsroom, caplog
):
    url = newsroom.get_absolute_url()
    client.get(url)
    caplog.set_level(logging.WARNING, logger="newsroom.redis_cache")
    caches_on_redis.stop()
    deadline = time.monotonic() + 3 * RETRY_SECONDS
    while time.monotonic() < deadline:  # several retries fail in that time
        client.get(url)
    caches_on_redis.start()
    time.sleep(RETRY_SECONDS + 0.1)
    client.get(url)
    client.get(url)
    messages = [r.getMessage() for r in caplog.records if r.name == "newsroom.redis_cache"]
    assert len(messages) == 2, messages
    assert "unreachable" in messages[0]
    assert "answers again" in messages[1]


def test_an_editor_stays_logged_in_while_redis_is_down(client, caches_on_redis):
    client.force_login(make_editor())
    caches_on_redis.stop()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"Log out" in response.content


def test_the_health_check_still_reports_the_cache_down(client, caches_on_redis):
    caches_on_redis.stop()
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert {k: v for k, v in response.json().items() if k != "tasks"} == {
        "database": "ok",
        "cache": "error",
    }
