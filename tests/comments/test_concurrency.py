"""Many readers posting at the same instant: one row per accepted post, no server error.

Runs against a real server (pytest-django's ``live_server``) on whichever database the suite
uses: SQLite by default, PostgreSQL with DATABASE_URL.
"""

import http.client
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

from comments.models import Comment
from tests.factories import comment_data, make_article

POSTS = 60
DOUBLE_SUBMITS = 12


def send(base, data, ip, barrier):
    """POST the reply form as a browser on this site would; return (status, Location)."""
    netloc = urlsplit(base).netloc
    body = urlencode(data)
    barrier.wait(timeout=30)
    connection = http.client.HTTPConnection(netloc, timeout=60)
    try:
        connection.request(
            "POST",
            "/comments/post/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": base,
                "Sec-Fetch-Site": "same-origin",
                "X-Forwarded-For": ip,
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def test_posts_at_once_store_exactly_one_row_each(transactional_db, live_server, settings):
    # Each reader has their own address, given by the (trusted) proxy header, so flood control
    # does not stand between them.
    settings.COMMENTS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.COMMENTS_NOTIFY_MODERATORS = False
    article = make_article()
    posts = [
        (
            comment_data(
                article,
                comment=f"Reader {i} says the river rose fast.",
                name=f"Reader {i}",
                email=f"reader{i}@example.com",
            ),
            f"198.51.100.{i + 1}",
        )
        for i in range(POSTS)
    ]
    # A double click: the same form, twice, at the same instant.
    jobs = posts + posts[:DOUBLE_SUBMITS]
    barrier = threading.Barrier(len(jobs))
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(lambda job: send(live_server.url, job[0], job[1], barrier), jobs))

    statuses = [status for status, _ in results]
    assert all(status < 500 for status in statuses), statuses
    assert statuses == [303] * len(jobs), statuses
    assert Comment.objects.count() == POSTS
    for i in range(POSTS):
        assert Comment.objects.filter(name=f"Reader {i}").count() == 1
    for i in range(DOUBLE_SUBMITS):
        # Both clicks land on the same comment.
        assert results[i][1] == results[POSTS + i][1]
        assert results[i][1].endswith(f"#comment-{Comment.objects.get(name=f'Reader {i}').pk}")
    assert len({location for _, location in results}) == POSTS
    assert not Comment.objects.filter(depth__gt=0).exists()
