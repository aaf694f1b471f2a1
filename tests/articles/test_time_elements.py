"""Times on the page carry a machine-readable ``datetime`` that HTML accepts."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article

pytestmark = pytest.mark.django_db

# HTML's global date and time string, to the second, with the UTC offset.
HTML_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def test_time_elements_carry_the_publish_time_to_the_second(client, html):
    publish_at = timezone.now().replace(microsecond=123456) - timezone.timedelta(hours=2)
    article = make_article(publish_at=publish_at)
    for url in (reverse("articles:front-page"), article.get_absolute_url()):
        stamps = [t.get("datetime") for t in html(client.get(url)).cssselect("time")]
        assert stamps, url
        for stamp in stamps:
            assert HTML_DATETIME.fullmatch(stamp), stamp
            assert datetime.fromisoformat(stamp) == publish_at.replace(microsecond=0)
