"""Purges by tag reach the CDN or Varnish in front after the change commits, through the task
queue, and are tried again until they succeed: each backend against an endpoint of the test's
own on loopback that checks the method, path, headers and body it gets."""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import cachetags
from newsroom import purge
from tests.comments.test_notify_jobs import (
    DATABASE_TASKS,
    let_retries_fall_due,
    work_through_due_jobs,
)
from tests.factories import make_article

pytestmark = pytest.mark.django_db


class FakeEndpoint:
    """An HTTP server on a free loopback port that records every request and answers each with
    the next of ``answers`` (status, body), then with the last one."""

    def __init__(self, answers):
        self.requests = []
        self.answers = list(answers)
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                endpoint.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                    }
                )
                status, reply = (
                    endpoint.answers.pop(0) if len(endpoint.answers) > 1 else endpoint.answers[0]
                )
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            do_PURGE = do_POST = answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    server = FakeEndpoint([(200, b'{"status": "ok", "success": true}')])
    yield server
    server.close()


def edit_in_a_transaction(article, django_capture_on_commit_callbacks, endpoint):
    """Correct the story's headline; nothing is purged before the commit."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.headline = "Corrected headline"
        article.save()
    assert endpoint.requests == []
    for callback in callbacks:
        callback()


def test_varnish_gets_an_xkey_purge_of_the_story_after_the_commit(
    settings, endpoint, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_PURGE = "varnish"
    settings.PAGE_CACHE_PURGE_VARNISH_URLS = [endpoint.url, endpoint.url + "/"]
    article = make_article()
    endpoint.requests.clear()
    edit_in_a_transaction(article, django_capture_on_commit_callbacks, endpoint)

    assert len(endpoint.requests) == 2  # each Varnish address
    for sent in endpoint.requests:
        assert sent["method"] == "PURGE"
        assert sent["path"] == "/"
        assert sent["headers"]["xkey-purge"].split(" ") == [cachetags.article(article.pk)]


def test_fastly_gets_a_surrogate_key_purge_with_its_token(
    settings, endpoint, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_PURGE = "fastly"
    settings.PAGE_CACHE_PURGE_API_URL = endpoint.url
    settings.FASTLY_SERVICE_ID = "SU1Z0isxPaozGVKXdv0eY"
    settings.FASTLY_API_TOKEN = "fastly-token-for-tests"
    article = make_article()
    endpoint.requests.clear()
    edit_in_a_transaction(article, django_capture_on_commit_callbacks, endpoint)

    [sent] = endpoint.requests
    assert sent["method"] == "POST"
    assert sent["path"] == "/service/SU1Z0isxPaozGVKXdv0eY/purge"
    assert sent["headers"]["fastly-key"] == "fastly-token-for-tests"
    assert sent["headers"]["surrogate-key"].split(" ") == [cachetags.article(article.pk)]


def test_cloudflare_gets_a_purge_by_tags_with_its_bearer_token(
    settings, endpoint, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_PURGE = "cloudflare"
    settings.PAGE_CACHE_PURGE_API_URL = endpoint.url
    settings.CLOUDFLARE_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
    settings.CLOUDFLARE_API_TOKEN = "cloudflare-token-for-tests"
    article = make_article()
    endpoint.requests.clear()
    edit_in_a_transaction(article, django_capture_on_commit_callbacks, endpoint)

    [sent] = endpoint.requests
    assert sent["method"] == "POST"
    assert sent["path"] == "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache"
    assert sent["headers"]["authorization"] == "Bearer cloudflare-token-for-tests"
    assert sent["headers"]["content-type"] == "application/json"
    assert json.loads(sent["body"]) == {"tags": [cachetags.article(article.pk)]}


def test_a_scheduled_story_going_live_purges_the_lists_it_joins(settings, endpoint, client):
    settings.PAGE_CACHE_PURGE = "varnish"
    settings.PAGE_CACHE_PURGE_VARNISH_URLS = [endpoint.url]
    story = make_article(publish_at=timezone.now() + timedelta(seconds=1))
    reporter = story.bylines.get().reporter
    client.get(reverse("articles:front-page"))
    endpoint.requests.clear()

    deadline = time.monotonic() + 5
    while not endpoint.requests:
        assert time.monotonic() < deadline, "no purge when the story went live"
        time.sleep(0.1)
        client.get(reverse("articles:front-page"))
    purged = set(endpoint.requests[0]["headers"]["xkey-purge"].split(" "))
    assert {
        cachetags.FRONT,
        cachetags.article(story.pk),
        cachetags.section(story.section_id),
        cachetags.reporter(reporter.pk),
    } <= purged


def test_a_change_of_everything_purges_the_tag_every_page_carries(settings, endpoint):
    settings.PAGE_CACHE_PURGE = "varnish"
    settings.PAGE_CACHE_PURGE_VARNISH_URLS = [endpoint.url]
    purge.after_commit(None)
    assert endpoint.requests[0]["headers"]["xkey-purge"] == "site"


def test_many_tags_go_in_batches_the_api_takes(settings, endpoint):
    settings.PAGE_CACHE_PURGE = "cloudflare"
    settings.PAGE_CACHE_PURGE_API_URL = endpoint.url
    settings.CLOUDFLARE_ZONE_ID = "zone"
    tags = [cachetags.article(pk) for pk in range(75)]
    purge.after_commit(tags)
    sent = [json.loads(request["body"])["tags"] for request in endpoint.requests]
    assert [len(batch) for batch in sent] == [30, 30, 15]
    assert sorted(tag for batch in sent for tag in batch) == sorted(tags)


def test_without_a_purge_backend_nothing_is_sent(settings, endpoint):
    settings.PAGE_CACHE_PURGE_API_URL = endpoint.url
    settings.PAGE_CACHE_PURGE_VARNISH_URLS = [endpoint.url]
    article = make_article()
    article.headline = "Edited"
    article.save()
    assert endpoint.requests == []


@pytest.mark.django_db(transaction=True)
def test_a_refused_purge_is_tried_again_until_it_succeeds(
    settings, django_capture_on_commit_callbacks
):
    failing = FakeEndpoint(
        [
            (503, b'{"success": false}'),
            (200, b'{"success": false, "errors": [{"code": 10000}]}'),
            (200, b'{"success": true}'),
        ]
    )
    try:
        settings.TASKS = DATABASE_TASKS
        settings.PAGE_CACHE_PURGE_AGAIN_SECONDS = 0  # one purge, its attempts counted
        settings.PAGE_CACHE_PURGE = "cloudflare"
        settings.PAGE_CACHE_PURGE_API_URL = failing.url
        settings.CLOUDFLARE_ZONE_ID = "zone"
        purge.after_commit({"article-1"})
        work_through_due_jobs()
        assert len(failing.requests) == 1  # 503: tried again later, not now
        let_retries_fall_due()
        work_through_due_jobs()
        assert len(failing.requests) == 2  # answered, but not confirmed: tried again
        let_retries_fall_due()
        work_through_due_jobs()
        assert len(failing.requests) == 3
        assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
        assert DBTaskResult.objects.filter(status="READY").count() == 0
        failed = DBTaskResult.objects.filter(status="FAILED").order_by("enqueued_at")
        assert [r.exception_class_path for r in failed] == ["newsroom.tasks.RetryScheduled"] * 2
        assert all(json.loads(r["body"]) == {"tags": ["article-1"]} for r in failing.requests)
    finally:
        failing.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("again", "purges"), [(1.0, 2), (0, 1)])
def test_each_purge_is_sent_again_a_moment_later_for_pages_in_flight(
    settings, endpoint, again, purges
):
    """A page an app server was still sending when the first purge arrived is stored after it;
    the same purge, sent again ``PAGE_CACHE_PURGE_AGAIN_SECONDS`` later, retires it."""
    settings.TASKS = DATABASE_TASKS
    settings.PAGE_CACHE_PURGE = "varnish"
    settings.PAGE_CACHE_PURGE_VARNISH_URLS = [endpoint.url]
    settings.PAGE_CACHE_PURGE_AGAIN_SECONDS = again
    queued_at = timezone.now()
    purge.after_commit({"article-3", "front"})
    work_through_due_jobs()
    assert [r["headers"]["xkey-purge"] for r in endpoint.requests] == ["article-3 front"]
    later = DBTaskResult.objects.filter(status="READY")
    assert later.count() == purges - 1
    if purges > 1:
        wait = (later.get().run_after - queued_at).total_seconds()
        assert 1.0 <= wait < 1.5  # within the 2 s a change may take to reach readers
    let_retries_fall_due()
    work_through_due_jobs()
    assert [r["headers"]["xkey-purge"] for r in endpoint.requests] == ["article-3 front"] * purges
