"""The moderation policy: WordPress's checks, and a reason for every comment it holds."""

import pytest

from comments.models import Comment
from comments.moderation import ModerationPolicy
from tests.factories import comment_data, make_comment

pytestmark = pytest.mark.django_db


def decide(policy=None, **fields):
    values = {
        "name": "Jo Reader",
        "email": "jo@example.com",
        "url": "",
        "text": "A fair point.",
        "ip_address": "203.0.113.5",
        "user_agent": "Mozilla/5.0",
    }
    values.update(fields)
    return (policy or ModerationPolicy()).decide(**values)


@pytest.mark.parametrize(
    ("text", "held_for_links"),
    [
        ("No links here.", False),
        ("One: https://example.org/a", False),
        ("Two: https://example.org/a and www.example.net", True),
        ('Markup: <a href="https://x.example">x</a> and https://y.example', True),
    ],
)
def test_two_or_more_links_hold_a_comment(text, held_for_links):
    decision = decide(text=text)
    assert decision.status == Comment.Status.PENDING
    assert any(r.startswith("Contains 2 links (limit 2)") for r in decision.reasons) == (
        held_for_links
    )


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"text": "Cheap CASINO chips"}, "text"),
        ({"name": "Casino King"}, "name"),
        ({"email": "casino@example.com"}, "email"),
        ({"url": "https://casino.example"}, "website"),
        ({"user_agent": "CasinoBot/1.0"}, "user agent"),
        ({"text": "ca<b></b>sino night"}, "text"),
        ({"text": "ca\u200bsino night"}, "text"),
        ({"text": "ｃａｓｉｎｏ"}, "text"),
    ],
)
def test_moderation_words_hold_and_say_where_they_were_found(fields, where):
    policy = ModerationPolicy(moderation_words=["casino"])
    decision = decide(policy, **fields)
    assert decision.status == Comment.Status.PENDING
    assert f'Contains a moderation word: "casino" (in {where})' in decision.reasons


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "buy pills now"},
        {"ip_address": "198.51.100.66"},
        {"text": "<i>pi</i>lls"},
    ],
)
def test_disallowed_words_make_spam(fields):
    policy = ModerationPolicy(disallowed_words=["pills", "198.51.100.66"])
    decision = decide(policy, **fields)
    assert decision.status == Comment.Status.SPAM
    assert decision.reasons[0].startswith("Contains a disallowed word:")


def test_words_lists_are_settings(article, post, settings):
    settings.COMMENTS_DISALLOWED_WORDS = ["pills"]
    settings.COMMENTS_MODERATION_WORDS = ["casino"]
    post(comment_data(article, comment="Pills, pills, pills."))
    post(comment_data(article, comment="Casino night.", email="b@example.com"), ip="198.51.100.1")
    assert Comment.objects.get(text="Pills, pills, pills.").status == Comment.Status.SPAM
    held = Comment.objects.get(text="Casino night.")
    assert held.status == Comment.Status.PENDING
    assert 'Contains a moderation word: "casino" (in text)' in held.reasons


def test_spam_goes_nowhere_visible_and_sets_no_pending_cookie(client, article, post, settings):
    settings.COMMENTS_DISALLOWED_WORDS = ["pills"]
    response = post(comment_data(article, comment="Pills here."))
    assert response.status_code == 303
    assert response["Location"] == article.get_absolute_url() + "#comments"
    assert "newsroom_pending" not in response.cookies
    assert "Pills here." not in client.get(article.get_absolute_url()).content.decode()


def test_every_held_comment_says_why():
    assert decide().reasons == ["First comment from this email address"]


def test_first_comment_reason_goes_once_the_email_has_an_approved_comment(article):
    make_comment(article, email="JO@example.com")
    assert decide().reasons == ["Every comment is checked by a moderator before it appears"]


def test_auto_approval_needs_a_clean_comment_from_a_known_email(article):
    make_comment(article, email="jo@example.com")
    policy = ModerationPolicy(auto_approve_known=True)
    assert decide(policy).status == Comment.Status.APPROVED
    assert decide(policy, text="https://a.example https://b.example").status == "pending"
    assert decide(policy, email="new@example.com").status == "pending"
