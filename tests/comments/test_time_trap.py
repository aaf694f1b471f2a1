"""The reply form's time trap: a post quicker than a person writes gets the form back with every
word in it and a short message; the time counts from when this reader's browser got the form."""

import pytest

from comments.forms import TOO_QUICK_MESSAGE
from comments.models import Comment
from tests.factories import comment_data, form_token, make_comment

pytestmark = pytest.mark.django_db

SHOWN = 1_780_000_000_000  # a browser's clock, in milliseconds: its own, not ours


def browser_times(seconds):
    return {"shown": str(SHOWN), "sent": str(SHOWN + int(seconds * 1000))}


def test_a_pasted_comment_sent_at_once_comes_back_whole_with_a_message(article, post, html):
    parent = make_comment(article, name="Sam Earlier")
    data = comment_data(
        article,
        token=form_token(article, age=0),
        parent=str(parent.pk),
        name="Jo Reader",
        email="jo@example.com",
        url="https://jo.example",
        comment="I pasted this from my notes.\n\nIt has two paragraphs.",
        cookies_consent="on",
        **browser_times(1.2),
    )
    response = post(data)
    assert response.status_code == 200
    assert Comment.objects.count() == 1  # only the parent
    page = html(response)
    assert TOO_QUICK_MESSAGE in page.cssselect("#comment-errors")[0].text_content()
    assert page.cssselect("textarea[name=comment]")[0].text.removeprefix("\n") == data["comment"]
    assert page.cssselect("#id_name")[0].get("value") == "Jo Reader"
    assert page.cssselect("#id_email")[0].get("value") == "jo@example.com"
    assert page.cssselect("#id_url")[0].get("value") == "https://jo.example"
    assert page.cssselect("#id_cookies_consent")[0].get("checked") is not None
    assert page.cssselect("input[name=parent]")[0].get("value") == str(parent.pk)
    assert "Leave a Reply to Sam Earlier" in page.cssselect("#reply-title")[0].text_content()
    assert "private" in response["Cache-Control"]

    # Sent again from that page a few seconds later, it is taken.
    again = post({**data, "shown": str(SHOWN + 5000), "sent": str(SHOWN + 9000)})
    assert again.status_code == 303
    assert Comment.objects.filter(name="Jo Reader").count() == 1


def test_an_old_cached_page_does_not_let_a_quick_post_through(article, post):
    """The token of a page served from the cache is minutes old; the browser's own times say the
    form was sent a second after it was shown."""
    response = post(comment_data(article, token=form_token(article, age=600), **browser_times(1)))
    assert response.status_code == 200
    assert TOO_QUICK_MESSAGE in response.text
    assert not Comment.objects.exists()


def test_the_browsers_times_count_even_when_the_page_was_just_made(article, post):
    response = post(comment_data(article, token=form_token(article, age=0), **browser_times(8)))
    assert response.status_code == 303
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("times", "token_age", "stored"),
    [
        ({}, 60, True),  # no script: the signed time says a minute
        ({}, 0, False),  # no script: the signed time says at once
        ({"shown": "soon", "sent": "later"}, 0, False),  # not times: the signed time counts
        ({"shown": str(SHOWN + 5000), "sent": str(SHOWN)}, 60, True),  # sent before shown
        ({"shown": str(SHOWN)}, 0, False),  # never sent through the script
    ],
)
def test_without_the_browsers_times_the_signed_time_counts(article, post, times, token_age, stored):
    post(comment_data(article, token=form_token(article, age=token_age), **times))
    assert Comment.objects.exists() == stored


def test_the_hidden_field_still_drops_a_bot_whatever_its_times(article, post):
    response = post(comment_data(article, subject="Buy now", **browser_times(30)))
    assert response.status_code == 303
    assert not Comment.objects.exists()


def test_the_article_page_carries_no_time_of_its_own(client, html, article):
    """The times are the browser's: the cached page is the same for every reader."""
    form = html(client.get(article.get_absolute_url())).cssselect("#respond form")[0]
    assert form.cssselect("input[name=shown]")[0].get("value") == ""
    assert form.cssselect("input[name=sent]")[0].get("value") == ""
