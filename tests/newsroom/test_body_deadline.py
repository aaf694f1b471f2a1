"""The served site (newsroom.asgi) waits a bounded time for a request body: a client that stalls
gets 408 and nothing is stored, while a reader whose post arrives in time is unaffected."""

import asyncio
from urllib.parse import urlencode

import pytest
from django.core.wsgi import get_wsgi_application

from comments.models import Comment
from newsroom.serving import BodyFirstApplication, body_deadline
from tests.factories import comment_data, make_article

# The views run in the application's own thread, which must see what the test wrote.
pytestmark = pytest.mark.django_db(transaction=True)


def http_scope(method, path, body_length=None, query=b""):
    headers = [(b"host", b"testserver")]
    if method == "POST":
        headers += [
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"origin", b"http://testserver"),
            (b"sec-fetch-site", b"same-origin"),
        ]
    if body_length is not None:
        headers.append((b"content-length", str(body_length).encode()))
    elif method == "POST":
        headers.append((b"transfer-encoding", b"chunked"))
    return {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "root_path": "",
        "query_string": query,
        "headers": headers,
        "server": ("testserver", 80),
        "client": ("203.0.113.9", 50000),
    }


def serve(scope, chunks, *, stall_after=False):
    """Run one request through the served application: the body arrives as ``chunks``, then
    (``stall_after``) the client sends nothing more. The answer: (status, headers, body)."""
    application = BodyFirstApplication(get_wsgi_application(), threads=1)
    messages = [
        {"type": "http.request", "body": chunk, "more_body": stall_after or i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    sent = []

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.Event().wait()  # a client that stopped sending

    async def send(message):
        sent.append(message)

    async def run():
        await asyncio.wait_for(application(scope, receive, send), timeout=30)

    asyncio.run(run())
    application.executor.shutdown()
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], dict(start["headers"]), body


@pytest.fixture
def quick_deadline(settings):
    settings.REQUEST_BODY_TIMEOUT = 0.5
    return settings


def test_a_stalled_comment_gets_408_and_nothing_is_stored(quick_deadline):
    article = make_article()
    body = urlencode(comment_data(article, comment="Half of this never arrives.")).encode()
    status, headers, page = serve(
        http_scope("POST", "/comments/post/", len(body)), [body[:40]], stall_after=True
    )
    assert status == 408
    assert headers[b"connection"] == b"close"
    assert b"Nothing was saved" in page
    assert not Comment.objects.exists()


def test_a_comment_sent_in_pieces_within_the_deadline_is_stored(quick_deadline):
    article = make_article()
    body = urlencode(comment_data(article, comment="Sent over a slow link.")).encode()
    pieces = [body[i : i + 25] for i in range(0, len(body), 25)]
    status, headers, _ = serve(http_scope("POST", "/comments/post/", len(body)), pieces)
    assert status == 303, headers
    assert headers[b"location"].startswith(article.get_absolute_url().encode())
    assert Comment.objects.get().text == "Sent over a slow link."


def test_a_chunked_comment_without_a_length_is_stored(quick_deadline):
    article = make_article()
    body = urlencode(comment_data(article, comment="No length announced.")).encode()
    status, _, _ = serve(http_scope("POST", "/comments/post/"), [body[:30], body[30:]])
    assert status == 303
    assert Comment.objects.get().text == "No length announced."


def test_a_body_over_the_limit_is_refused_before_it_is_read(settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    status, headers, page = serve(http_scope("POST", "/comments/post/", 5000), [b"x" * 10])
    assert status == 413
    assert headers[b"connection"] == b"close"
    assert b"Nothing was saved" in page


def test_pages_are_served_with_their_query_and_headers():
    article = make_article(headline="Ferry timetable changes")
    status, headers, page = serve(http_scope("GET", "/", query=b"utm_source=x"), [b""])
    assert status == 200
    assert headers[b"content-type"].startswith(b"text/html")
    assert b"Ferry timetable changes" in page
    status, _, page = serve(http_scope("GET", article.get_absolute_url()), [b""])
    assert status == 200
    assert b"Ferry timetable changes" in page


def test_a_large_upload_gets_more_time_than_a_comment(settings):
    settings.REQUEST_BODY_TIMEOUT, settings.REQUEST_BODY_MIN_RATE = 10, 64 * 1024
    assert body_deadline(2_000) < 10.1
    assert body_deadline(12 * 1024 * 1024) >= 190  # a 24-megapixel photo on a 0.5 Mbit/s uplink
