"""The reply form under an article: its words, its fields, and a page any cache may share."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import comment_data, make_article, make_comment

pytestmark = pytest.mark.django_db


def text(node):
    return " ".join(node.text_content().split())


def test_form_has_wordpress_words_and_labelled_fields(client, html, article):
    page = html(client.get(article.get_absolute_url()))
    respond = page.cssselect("#comments #respond")[0]
    assert text(respond.cssselect("h3")[0]) == "Leave a Reply Cancel reply"
    assert respond.cssselect("#cancel-reply")[0].get("hidden") is not None
    assert "Your email address will not be published. Required fields are marked *" in text(respond)
    form = respond.cssselect("form")[0]
    assert form.get("action") == reverse("comments:post")
    assert form.get("method") == "post"
    labels = {
        label.get("for"): text(label) for label in form.cssselect("label") if label.get("for")
    }
    assert labels["id_comment"] == "Comment*"
    assert labels["id_name"] == "Name*"
    assert labels["id_email"] == "Email*"
    assert labels["id_url"] == "Website"
    assert labels["id_cookies_consent"] == (
        "Save my name, email, and website in this browser for the next time I comment."
    )
    for field_id in labels:
        assert form.cssselect(f"#{field_id}"), field_id
    assert form.cssselect("#id_cookies_consent")[0].get("type") == "checkbox"
    assert form.cssselect("#id_cookies_consent")[0].get("checked") is None
    assert text(form.cssselect("button[type=submit]")[0]) == "Post Comment"
    # The honeypot is out of sight, out of the tab order and hidden from assistive technology.
    trap = form.cssselect(".comment-form__trap")[0]
    assert trap.get("aria-hidden") == "true"
    assert trap.cssselect("input[name=subject]")[0].get("tabindex") == "-1"


def test_article_page_for_a_reader_without_cookies_is_the_same_for_everyone(client, article):
    make_comment(article)
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert "csrfmiddlewaretoken" not in content
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "private" not in response.get("Cache-Control", "")


def test_reply_link_without_javascript_names_the_comment_being_answered(client, html, article):
    comment = make_comment(article, name="Janet Whitfield")
    page = html(client.get(article.get_absolute_url()))
    link = page.cssselect(f"#comment-{comment.pk} .comment__reply a")[0]
    assert text(link) == "Reply to Janet Whitfield"
    assert link.get("href") == f"?replyto={comment.pk}#respond"

    page = html(client.get(article.get_absolute_url() + link.get("href").split("#")[0]))
    title = page.cssselect("#reply-title")[0]
    assert text(title) == "Leave a Reply to Janet Whitfield Cancel reply"
    cancel = page.cssselect("#cancel-reply")[0]
    assert cancel.get("hidden") is None
    assert cancel.get("href") == article.get_absolute_url() + "#respond"
    assert page.cssselect("input[name=parent]")[0].get("value") == str(comment.pk)


@pytest.mark.parametrize(
    "target",
    ["pending", "other-article", "nonsense"],
)
def test_reply_link_to_a_comment_that_cannot_be_answered_is_ignored(client, html, target):
    article = make_article()
    if target == "pending":
        replyto = str(make_comment(article, status="pending").pk)
    elif target == "other-article":
        replyto = str(make_comment(make_article()).pk)
    else:
        replyto = "1 OR 1=1"
    page = html(client.get(article.get_absolute_url(), {"replyto": replyto}))
    assert text(page.cssselect("#reply-title")[0]) == "Leave a Reply Cancel reply"
    assert page.cssselect("input[name=parent]")[0].get("value") == ""


def test_closed_article_shows_comments_are_closed_and_no_form(client, html):
    article = make_article(comments_open=False)
    make_comment(article, text="Said before it closed.")
    page = html(client.get(article.get_absolute_url()))
    section = page.cssselect("#comments")[0]
    assert text(section.cssselect(".comments__closed")[0]) == "Comments are closed."
    assert not section.cssselect("form")
    assert not section.cssselect(".comment__reply")
    assert "Said before it closed." in text(section)


def test_comments_close_by_themselves_after_the_configured_days(client, html, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    old = make_article(publish_at=timezone.now() - timedelta(days=15))
    recent = make_article(publish_at=timezone.now() - timedelta(days=13))
    assert html(client.get(old.get_absolute_url())).cssselect(".comments__closed")
    assert html(client.get(recent.get_absolute_url())).cssselect("#respond form")


def test_comments_stay_open_by_default_however_old_the_article(client, html):
    article = make_article(publish_at=timezone.now() - timedelta(days=3650))
    assert html(client.get(article.get_absolute_url())).cssselect("#respond form")


def test_saved_details_prefill_the_form_and_make_the_page_private(client, html, article, post):
    response = post(
        {
            **comment_data(article),
            "name": "Jo Reader",
            "email": "jo@example.com",
            "url": "https://jo.example",
            "cookies_consent": "on",
        }
    )
    assert response.status_code == 303
    response = client.get(article.get_absolute_url())
    page = html(response)
    assert page.cssselect("#id_name")[0].get("value") == "Jo Reader"
    assert page.cssselect("#id_email")[0].get("value") == "jo@example.com"
    assert page.cssselect("#id_url")[0].get("value") == "https://jo.example"
    assert page.cssselect("#id_cookies_consent")[0].get("checked") is not None
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_draft_preview_shows_no_form(admin_client, html):
    article = make_article(published=False)
    page = html(admin_client.get(article.get_absolute_url()))
    assert not page.cssselect("#respond")
    assert "Readers can comment once the article is published." in text(page)
