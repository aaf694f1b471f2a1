"""The demo newsroom ships with comment threads of its own, a few held with reasons, and its
editor moderates them."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from comments.moderation import can_moderate
from tests.factories import log_in

pytestmark = pytest.mark.django_db

FLAGSHIP = "river-lisle-bursts-banks-ravensmouth-flooding"


def load(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_comments_load_once_with_threads_held_reasons_and_a_moderator(
    settings, tmp_path, html
):
    output = load(settings, tmp_path)
    flagship = Article.objects.get(slug=FLAGSHIP)
    approved = flagship.comments.filter(status="approved")
    assert approved.count() == 24
    assert approved.filter(depth__gte=2).exists()
    held = Comment.objects.filter(status="pending")
    assert held.count() >= 3
    assert all(comment.reasons for comment in held)
    total = Comment.objects.count()

    page = html(Client().get(flagship.get_absolute_url()))
    assert len(page.cssselect("li.comment")) == 24
    assert "awaiting moderation" not in page.text_content()

    username = re.search(r"^username: (\S+)$", output, re.M).group(1)
    password = re.search(r"^password: (\S+)$", output, re.M).group(1)
    assert can_moderate(get_user_model().objects.get(username=username))
    desk = Client()
    assert log_in(desk, username, password)
    assert (
        f"{held.count()} comments awaiting moderation"
        in desk.get(reverse("admin:index")).content.decode()
    )

    load(settings, tmp_path)
    assert Comment.objects.count() == total
