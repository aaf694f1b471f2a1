"""Many readers posting at the same instant: one row per accepted post, no server error.

The first test runs against a real server (pytest-django's ``live_server``) on whichever
database the suite uses: SQLite by default, PostgreSQL with DATABASE_URL. The flood and duplicate
races need PostgreSQL (SQLite lets one writer in at a time, so they cannot happen there).
"""

import http.client
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection

from comments import posting
from comments.models import Comment
from tests.factories import comment_data, form_token, make_article

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


WIDTH = 8
ROUNDS = 3


def slow_checks(execute, sql, params, many, context):
    """Each lookup of existing comments takes a moment: long enough for every post sent at the
    same instant to have made its checks before any of them stores its row, as on a busy
    server."""
    result = execute(sql, params, many, context)
    if sql.lstrip().upper().startswith("SELECT") and Comment._meta.db_table in sql:
        time.sleep(0.05)
    return result


def post_at_once(forms):
    """``submit_comment`` each of ``forms`` (keyword arguments) in its own thread (its own
    database connection), all let go at the same instant; return their outcomes."""
    barrier = threading.Barrier(len(forms))

    def submit(fields):
        try:
            with connection.execute_wrapper(slow_checks):
                barrier.wait(timeout=30)
                return posting.submit_comment(**fields)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(len(forms)) as pool:
        return list(pool.map(submit, forms))


def form(article, **fields):
    defaults = {
        "article": article,
        "parent": None,
        "name": "Jo Reader",
        "email": "jo@example.com",
        "url": "",
        "text": "The council should publish the flood map.",
        "token": form_token(article),
        "ip_address": "203.0.113.5",
    }
    return defaults | fields


@pytest.fixture
def race(transactional_db, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time")
    settings.COMMENTS_NOTIFY_MODERATORS = False


def test_different_comments_from_one_address_at_once_store_one(race):
    """A flood sent all at once: one comment stored, every other refused as a flood."""
    article = make_article()
    for n in range(ROUNDS):
        ip = f"198.51.100.{n + 1}"
        outcomes = post_at_once(
            [
                form(
                    article,
                    name=f"Reader {i}",
                    email=f"reader{n}-{i}@example.com",
                    text=f"Comment {i} of round {n}.",
                    ip_address=ip,
                )
                for i in range(WIDTH)
            ]
        )
        assert sorted(o.refused for o in outcomes) == [""] + ["flood"] * (WIDTH - 1)
        assert Comment.objects.filter(ip_address=ip).count() == 1


def test_different_comments_from_one_email_at_once_store_one(race):
    """The same person from several addresses (a phone and a laptop) is held back too; the
    email is compared without regard to case."""
    article = make_article()
    outcomes = post_at_once(
        [
            form(
                article,
                email="Jo@Example.com" if i % 2 else "jo@example.com",
                text=f"Comment {i}.",
                ip_address=f"198.51.100.{i + 1}",
            )
            for i in range(WIDTH)
        ]
    )
    assert sorted(o.refused for o in outcomes) == [""] + ["flood"] * (WIDTH - 1)
    assert Comment.objects.count() == 1


def test_the_same_words_twice_at_once_are_stored_once(race):
    """The same words from two forms (two tabs), sent at the same instant: one is a duplicate."""
    article = make_article()
    for n in range(ROUNDS):
        text = f"The bridge is closed, round {n}."
        email, ip = f"jo{n}@example.com", f"198.51.100.{n + 1}"
        outcomes = post_at_once(
            [
                form(article, email=email, text=text, nonce="first tab", ip_address=ip),
                form(article, email=email, text=text, nonce="second tab", ip_address=ip),
            ]
        )
        assert sorted(o.refused for o in outcomes) == ["", "duplicate"]
        assert Comment.objects.filter(text=text).count() == 1


def test_the_same_form_sent_twice_at_once_is_accepted_both_times(race):
    """A double click waits its turn, then finds the comment the first click made: accepted,
    not refused as a flood."""
    article = make_article()
    same = form(article)
    outcomes = post_at_once([same] * WIDTH)
    assert all(not o.refused for o in outcomes), [o.refused for o in outcomes]
    assert sum(o.created for o in outcomes) == 1
    assert len({o.comment.pk for o in outcomes}) == 1
    assert Comment.objects.count() == 1


def test_posts_from_one_address_at_once_stop_at_the_hourly_limit(race, settings):
    """Different people behind one address, all at once and outside each other's flood window:
    exactly the hourly limit is stored, every other post is refused with the time to retry."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_HOURLY_LIMIT = 3
    article = make_article()
    outcomes = post_at_once(
        [
            form(
                article,
                name=f"Reader {i}",
                email=f"office-{i}@example.com",
                text=f"Comment {i} from the office.",
                ip_address="198.51.100.77",
            )
            for i in range(WIDTH)
        ]
    )
    assert sorted(o.refused for o in outcomes) == [""] * 3 + ["hourly"] * (WIDTH - 3)
    assert all(o.retry_at for o in outcomes if o.refused)
    assert Comment.objects.filter(ip_address="198.51.100.77").count() == 3
