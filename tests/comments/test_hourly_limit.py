"""An hourly limit per address, on top of the flood window: over it, the form comes back with
the reader's words, how many an address may send and when this one may send again."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment
from tests.factories import comment_data, make_comment

pytestmark = pytest.mark.django_db

IP = "203.0.113.5"  # the address the `post` fixture sends from


def sent_ago(article, minutes, ip=IP, **fields):
    return make_comment(
        article, ip_address=ip, created_at=timezone.now() - timedelta(minutes=minutes), **fields
    )


def test_over_the_hourly_limit_the_form_comes_back_with_the_words_and_when(
    article, post, html, settings
):
    settings.COMMENTS_HOURLY_LIMIT = 3
    for minutes in (50, 40, 30):
        sent_ago(article, minutes, status=Comment.Status.SPAM)  # spam counts too
    data = comment_data(article, comment="My fourth this hour.", name="Busy Office")
    response = post(data)

    assert response.status_code == 429
    assert Comment.objects.count() == 3
    summary = html(response).cssselect("#comment-errors")[0].text_content()
    assert "3 comments have been sent from your connection in the last hour" in summary
    when = timezone.localtime(timezone.now() + timedelta(minutes=10))
    shown = re.search(r"send it again after (\d\d:\d\d)\.", summary).group(1)
    assert shown in {when.strftime("%H:%M"), (when - timedelta(minutes=1)).strftime("%H:%M")}
    assert int(response["Retry-After"]) in range(9 * 60, 10 * 60 + 2)
    page = html(response)
    assert page.cssselect("#id_comment")[0].text.removeprefix("\n") == "My fourth this hour."
    assert page.cssselect("#id_name")[0].get("value") == "Busy Office"
    assert "private" in response["Cache-Control"]


def test_comments_older_than_an_hour_or_from_elsewhere_do_not_count(article, post, settings):
    settings.COMMENTS_HOURLY_LIMIT = 3
    for minutes in (61, 62, 63):
        sent_ago(article, minutes)
    for minutes in (10, 20, 30):
        sent_ago(article, minutes, ip="198.51.100.9")
    assert post(comment_data(article)).status_code == 303
    assert Comment.objects.filter(ip_address=IP).count() == 4


def test_the_limit_is_twenty_an_hour_by_default(article, post):
    for minutes in range(20):
        sent_ago(article, 30 + minutes)
    assert post(comment_data(article)).status_code == 429
    Comment.objects.filter(ip_address=IP).order_by("created_at").first().delete()
    assert post(comment_data(article)).status_code == 303
