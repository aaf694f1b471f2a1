"""Cross-site protection without a cookie: where the post comes from, and a signed form token."""

import time

import pytest
from django.test import RequestFactory

from comments.models import Comment
from comments.protection import (
    BadToken,
    client_ip,
    cross_site_reason,
    make_form_token,
    read_form_token,
)
from tests.factories import comment_data, form_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({}, True),
        ({"HTTP_ORIGIN": "http://testserver"}, True),
        ({"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}, True),
        ({"HTTP_ORIGIN": "https://testserver"}, False),
        ({"HTTP_ORIGIN": "http://testserver.evil.example"}, False),
        ({"HTTP_ORIGIN": "http://evil.example", "HTTP_SEC_FETCH_SITE": "same-origin"}, False),
        ({"HTTP_SEC_FETCH_SITE": "none"}, False),
        ({"HTTP_ORIGIN": "https://news.example"}, True),
        ({"HTTP_ORIGIN": "https://app.partner.example", "HTTP_SEC_FETCH_SITE": "cross-site"}, True),
        ({"HTTP_ORIGIN": "https://partner.example.evil"}, False),
    ],
)
def test_posts_from_this_site_and_trusted_origins_only(settings, headers, allowed):
    settings.CSRF_TRUSTED_ORIGINS = ["https://news.example", "https://*.partner.example"]
    request = RequestFactory().post("/comments/post/", **headers)
    assert (cross_site_reason(request) is None) == allowed


def test_post_without_origin_headers_still_needs_a_valid_token(article, post):
    data = comment_data(article)
    assert post(data, HTTP_ORIGIN=None, HTTP_SEC_FETCH_SITE=None).status_code == 303
    data = comment_data(article, token="", comment="Second try.", email="two@example.com")
    response = post(data, ip="198.51.100.3", HTTP_ORIGIN=None, HTTP_SEC_FETCH_SITE=None)
    assert response.status_code == 403
    assert Comment.objects.count() == 1


def test_token_names_its_article_and_the_time_the_form_was_made(article):
    token = form_token(article, age=100)
    stamp = read_form_token(token, article.pk)
    assert 95 < time.time() - stamp < 105
    with pytest.raises(BadToken):
        read_form_token(token, article.pk + 1)
    with pytest.raises(BadToken):
        read_form_token(token.replace(":", ";", 1), article.pk)


def test_minimum_time_to_write_is_a_setting(article, post, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 120
    post(comment_data(article))  # the factory's form was made 60 s ago
    assert not Comment.objects.exists()
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 30
    post(comment_data(article))
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("header_setting", "meta", "expected"),
    [
        ("", {"REMOTE_ADDR": "203.0.113.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.1"),
        (
            "HTTP_X_FORWARDED_FOR",
            {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"},
            "203.0.113.7",
        ),
        ("HTTP_X_FORWARDED_FOR", {"REMOTE_ADDR": "10.0.0.2"}, "10.0.0.2"),
        ("HTTP_X_FORWARDED_FOR", {"HTTP_X_FORWARDED_FOR": "not-an-ip"}, None),
        ("", {"REMOTE_ADDR": "2001:db8::1"}, "2001:db8::1"),
    ],
)
def test_client_ip_trusts_the_proxy_header_only_when_configured(
    settings, header_setting, meta, expected
):
    settings.COMMENTS_CLIENT_IP_HEADER = header_setting
    request = RequestFactory().post("/", **meta)
    if "REMOTE_ADDR" not in meta:
        request.META.pop("REMOTE_ADDR", None)
    assert client_ip(request) == expected


def test_form_errors_show_even_when_posted_at_once(article, post):
    """A person who presses "Post Comment" on an empty form sees what to fill in; only a
    complete post that came too quickly is treated as a bot's."""
    response = post(comment_data(article, token=make_form_token(article.pk), comment=""))
    assert response.status_code == 200
    assert b"Please type your comment text." in response.content
