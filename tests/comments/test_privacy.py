"""A commenter's personal data: exported as JSON, erased on request, the words kept."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from comments.models import Comment
from comments.privacy import mask_ip
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("commenter_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def comments(article):
    return [
        make_comment(
            article,
            name="Lorna McBride",
            email="lorna@example.net",
            url="https://lorna.example",
            text="Downstream got nothing.",
            ip_address="198.51.100.23",
            user_agent="Mozilla/5.0 (X11)",
        ),
        make_comment(
            make_article(),
            email="LORNA@example.net",
            status="pending",
            ip_address="2001:db8:1:2::7",
        ),
        make_comment(article, email="someone.else@example.com", text="Not hers."),
    ]


def test_export_lists_every_comment_by_an_email_as_json(comments):
    data = json.loads(run("export", "lorna@example.net", "--base-url", "https://news.example"))
    assert data["email"] == "lorna@example.net"
    assert [c["id"] for c in data["comments"]] == [comments[0].pk, comments[1].pk]
    first = data["comments"][0]
    assert first["name"] == "Lorna McBride"
    assert first["website"] == "https://lorna.example"
    assert first["text"] == "Downstream got nothing."
    assert first["ip_address"] == "198.51.100.23"
    assert first["user_agent"] == "Mozilla/5.0 (X11)"
    assert first["article_url"] == "https://news.example" + comments[0].article.get_absolute_url()


def test_erase_anonymises_the_person_and_keeps_the_words(comments, client, article):
    output = run("erase", "lorna@example.net", "--yes")
    assert "Erased the personal data in 2 comment(s)" in output
    first, second, other = (Comment.objects.get(pk=c.pk) for c in comments)
    assert (first.name, first.email, first.url, first.user_agent) == ("Anonymous", "", "", "")
    assert first.ip_address == "198.51.100.0"
    assert second.ip_address == "2001:db8:1::"
    assert first.text == "Downstream got nothing."
    assert first.submission_key.startswith("erased-")
    assert first.events.last().note == "Personal data erased at the commenter's request."
    assert other.name != "Anonymous" and other.email == "someone.else@example.com"
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Anonymous" in page and "Downstream got nothing." in page
    assert "Lorna" not in page and "lorna.example" not in page
    assert json.loads(run("export", "lorna@example.net"))["comments"] == []


def test_erase_asks_before_it_erases(comments, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="Nothing erased"):
        run("erase", "lorna@example.net")
    assert Comment.objects.filter(name="Anonymous").count() == 0


@pytest.mark.parametrize(
    ("ip", "masked"),
    [("203.0.113.77", "203.0.113.0"), ("2001:db8:abcd:12::1", "2001:db8:abcd::"), (None, None)],
)
def test_ip_addresses_are_masked_like_wordpress(ip, masked):
    assert mask_ip(ip) == masked
