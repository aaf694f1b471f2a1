"""Bad input gets a clear error or the policy's behaviour, never a 500, and stores nothing partial.

Each row: what a reader (or a bot, or another site) sends, the status they get, the words they
read, and how many comments that leaves stored.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.forms import TOO_QUICK_MESSAGE
from comments.models import Comment, ModerationEvent
from comments.protection import make_form_token
from tests.factories import comment_data, form_token, make_article, make_comment

pytestmark = pytest.mark.django_db

REQUIRED = "Please fill the required fields."
NOT_APPROVED = "Sorry, replies to unapproved comments are not allowed."
CROSS_SITE = "We could not check that this form came from our site"
BAD_URL = "Please enter a web address starting with http:// or https://."
BAD_EMAIL = "Please enter a valid email address."


def other_article_comment(world):
    return str(make_comment(make_article()).pk)


def deep_parent(world):
    parent = None
    for _ in range(5):
        parent = make_comment(world["article"], parent=parent)
    return str(parent.pk)


def article_token(**make):
    """Post to another article (made with ``make``), with a valid token for it."""

    def build(world):
        other = make_article(**make)
        return {"article": str(other.pk), "token": form_token(other)}

    return build


# fmt: off
ROWS = [
    # (id, fields or a function of the test's world giving fields, headers, status, says, stored)
    ("empty text", {"comment": ""}, {}, 200, "Please type your comment text.", 0),
    ("whitespace text", {"comment": " \n\t \r\n "}, {}, 200, "Please type your comment text.", 0),
    ("text too long", {"comment": "x" * 5001}, {}, 200,
     "Please shorten your comment to 5,000 characters or fewer (it has 5001).", 0),
    ("text at the limit", {"comment": "x" * 5000}, {}, 303, "", 1),
    ("name missing", {"name": ""}, {}, 200, "Please enter your name.", 0),
    ("name too long", {"name": "N" * 246}, {}, 200, "name to 245 characters or fewer", 0),
    ("name of spaces", {"name": "   "}, {}, 200, REQUIRED, 0),
    ("email missing", {"email": ""}, {}, 200, "Please enter your email address.", 0),
    ("name and email missing", {"name": "", "email": ""}, {}, 200, REQUIRED, 0),
    ("invalid email", {"email": "jo at example"}, {}, 200, BAD_EMAIL, 0),
    ("email header injection", {"email": "jo@example.com\r\nBcc: x@example.net"}, {}, 200,
     BAD_EMAIL, 0),
    ("email with HTML", {"email": "<b>jo</b>@example.com"}, {}, 200, BAD_EMAIL, 0),
    ("javascript: website", {"url": "javascript:alert(1)"}, {}, 200, BAD_URL, 0),
    ("JavaScript: website", {"url": "JaVaScRiPt:alert(1)//https://x"}, {}, 200, BAD_URL, 0),
    ("data: website", {"url": "data:text/html,<script>alert(1)</script>"}, {}, 200, BAD_URL, 0),
    ("NUL in text", {"comment": "Hello\x00world"}, {}, 200, "Null characters are not allowed.", 0),
    ("NUL in name", {"name": "Jo\x00"}, {}, 200, "Null characters are not allowed.", 0),
    ("HTML in name", {"name": "<script>alert(1)</script>"}, {}, 303, "", 1),
    ("HTML in text", {"comment": "<img src=x onerror=alert(1)><b>bold</b>"}, {}, 303, "", 1),
    ("HTML in website", {"url": 'https://example.com/"><script>alert(1)</script>'}, {}, 303, "", 1),
    ("bidi controls in name", {"name": "\u202eJo\u2066 Reader\u202c"}, {}, 303, "", 1),
    ("tampered article id", lambda w: {"article": str(make_article().pk)}, {}, 403, CROSS_SITE, 0),
    ("article id not a number", {"article": "1 OR 1=1"}, {}, 403, CROSS_SITE, 0),
    ("parent on another article", lambda w: {"parent": other_article_comment(w)}, {}, 200,
     "You can only reply to comments on this article.", 0),
    ("parent held", lambda w: {"parent": str(make_comment(w["article"], status="pending").pk)},
     {}, 200, NOT_APPROVED, 0),
    ("parent does not exist", {"parent": "987654"}, {}, 200, NOT_APPROVED, 0),
    ("parent not a number", {"parent": "1; DROP TABLE"}, {}, 200, NOT_APPROVED, 0),
    ("parent too deep", lambda w: {"parent": deep_parent(w)}, {}, 200,
     "Replies nest at most 5 levels deep", 0),
    ("draft article", article_token(published=False), {}, 404, "not published", 0),
    ("future article", article_token(publish_at=timezone.now() + timedelta(days=1)),
     {}, 404, "not published", 0),
    ("closed article", article_token(comments_open=False), {}, 403,
     "Sorry, comments are closed for this item.", 0),
    ("foreign Origin", {}, {"HTTP_ORIGIN": "https://evil.example"}, 403, CROSS_SITE, 0),
    ("Origin null", {}, {"HTTP_ORIGIN": "null"}, 403, CROSS_SITE, 0),
    ("cross-site fetch", {}, {"HTTP_SEC_FETCH_SITE": "cross-site"}, 403, CROSS_SITE, 0),
    ("same-site fetch", {}, {"HTTP_SEC_FETCH_SITE": "same-site"}, 403, CROSS_SITE, 0),
    ("no token", {"token": ""}, {}, 403, CROSS_SITE, 0),
    ("tampered token", lambda w: {"token": form_token(w["article"])[:-3] + "abc"}, {}, 403,
     CROSS_SITE, 0),
    ("token for another article", lambda w: {"token": form_token(make_article())}, {}, 403,
     CROSS_SITE, 0),
    ("token older than 7 days", lambda w: {"token": form_token(w["article"], age=8 * 86400)},
     {}, 403, CROSS_SITE, 0),
    ("token from the future", lambda w: {"token": form_token(w["article"], age=-3600)},
     {}, 403, CROSS_SITE, 0),
    ("token 6 days old", lambda w: {"token": form_token(w["article"], age=6 * 86400)},
     {}, 303, "", 1),
    ("oversized body", {"comment": "x" * 200_000}, {}, 413, "too long to send", 0),
    ("thousands of fields", {f"f{i}": "x" for i in range(1500)}, {}, 413, "too long to send", 0),
    ("honeypot filled", {"subject": "Buy now"}, {}, 303, "", 0),
    ("posted too quickly", lambda w: {"token": make_form_token(w["article"].pk)}, {}, 200,
     TOO_QUICK_MESSAGE, 0),
]
# fmt: on


@pytest.mark.parametrize(
    ("fields", "headers", "status", "says", "stored"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_bad_input_gets_a_clear_answer_and_stores_nothing_partial(
    client, html, article, post, fields, headers, status, says, stored
):
    world = {"article": article}
    before = Comment.objects.count()
    fields = fields(world) if callable(fields) else fields
    created_by_setup = Comment.objects.count() - before
    response = post(comment_data(article, **fields), **headers)

    assert response.status_code == status
    if says:
        page = " ".join(html(response).text_content().split())
        assert says in page
        assert html(response).cssselect("link[rel=stylesheet]"), "a page in the site's design"
    assert Comment.objects.count() - created_by_setup == stored
    assert ModerationEvent.objects.count() == stored
    if status == 200:
        # The reader's words come back for them to correct, and the page is theirs alone.
        assert "private" in response["Cache-Control"]
        form = html(response).cssselect("form.comment-form")[0]
        assert form.cssselect("#comment-errors li")
    if status == 303 and not stored:
        # A bot is sent where a person would be, and learns nothing.
        assert response["Location"] == article.get_absolute_url() + "#comments"


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"name": "<script>alert(1)</script>"}, "<script>alert(1)</script>"),
        ({"comment": "<img src=x onerror=alert(1)><b>bold</b>"}, "<img src=x onerror=alert(1)>"),
        ({"name": "\u202eJo\u2066 Reader\u202c"}, "Jo Reader"),
    ],
    ids=["name", "text", "bidi"],
)
def test_markup_from_commenters_shows_as_text(html, article, post, fields, shown):
    post(comment_data(article, **fields))
    Comment.objects.update(status=Comment.Status.APPROVED)
    page = html(Client().get(article.get_absolute_url()))
    section = page.cssselect("#comments")[0]
    assert shown in section.text_content()
    assert not section.cssselect("script, img, b:not(.comment__author)")
    assert "\u202e" not in section.text_content()


def test_hostile_website_stays_inside_its_href(html, article, post):
    post(comment_data(article, url='https://example.com/"><script>alert(1)</script>'))
    Comment.objects.update(status=Comment.Status.APPROVED)
    page = html(Client().get(article.get_absolute_url()))
    link = page.cssselect(".comment__author a")[0]
    assert link.get("href") == "https://example.com/%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
    assert link.get("rel") == "nofollow ugc noopener"
    assert not page.cssselect("#comments script")


def test_website_is_stored_percent_encoded_and_links_to_a_valid_address(html, article, post):
    typed = 'HTTPS://Example.COM/my "best" page?q=a b'
    post(comment_data(article, url=typed))
    comment = Comment.objects.get()
    assert comment.url == "https://example.com/my%20%22best%22%20page?q=a%20b"
    Comment.objects.update(status=Comment.Status.APPROVED)
    response = Client().get(article.get_absolute_url())
    link = html(response).cssselect(".comment__author a")[0]
    assert link.get("href") == comment.url
    assert 'href="https://example.com/my%20%22best%22%20page?q=a%20b"' in response.content.decode()


def test_errors_sit_next_to_their_fields_and_are_summarised_at_the_top(html, article, post):
    response = post(comment_data(article, name="", email="not an email", comment="Kept words."))
    page = html(response)
    form = page.cssselect("form.comment-form")[0]
    summary = form.cssselect("#comment-errors")[0]
    assert summary.get("role") == "alert"
    items = [" ".join(li.text_content().split()) for li in summary.cssselect("li")]
    assert items == [REQUIRED, "Please enter your name.", BAD_EMAIL]
    assert summary.cssselect("a[href='#id_name']") and summary.cssselect("a[href='#id_email']")
    email = form.cssselect("#id_email")[0]
    assert email.get("aria-invalid") == "true"
    described = page.cssselect("#" + email.get("aria-describedby"))[0]
    assert BAD_EMAIL in described.text_content()
    assert email.get("value") == "not an email"
    assert form.cssselect("#id_comment")[0].text_content().strip() == "Kept words."
    assert form.cssselect("input[name=token]")[0].get("value")
