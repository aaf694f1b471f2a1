"""A reader who pastes a comment and sends it at once, in a real browser: the form comes back
with their words and a message; sent again after a moment, the comment is taken."""

import re

import pytest
from playwright.sync_api import expect

from comments.forms import TOO_QUICK_MESSAGE
from comments.models import Comment

pytestmark = pytest.mark.browser

WORDS = "The ferry timetable changed on Monday.\n\nNobody at the quay had been told."


def test_a_quick_post_keeps_every_word_and_a_second_post_is_taken(page, site, newsroom):
    article = newsroom.article
    before = Comment.objects.count()
    page.goto(site(article.get_absolute_url()))
    form = page.locator("#respond form")
    form.locator("#id_comment").fill(WORDS)
    form.locator("#id_name").fill("Jo Reader")
    form.locator("#id_email").fill("jo.reader@example.com")
    form.locator("#id_url").fill("https://jo.example")
    form.get_by_role("button", name="Post Comment").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(TOO_QUICK_MESSAGE)
    expect(alert).to_be_focused()
    form = page.locator("#respond form")
    expect(form.locator("#id_comment")).to_have_value(WORDS)
    expect(form.locator("#id_name")).to_have_value("Jo Reader")
    expect(form.locator("#id_email")).to_have_value("jo.reader@example.com")
    expect(form.locator("#id_url")).to_have_value("https://jo.example")
    assert Comment.objects.count() == before

    page.wait_for_timeout(3500)  # the reader checks their comment
    form.get_by_role("button", name="Post Comment").click()
    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + r".*#comment-\d+$"))
    expect(page.locator(".comment").filter(has_text="Nobody at the quay")).to_contain_text(
        "Your comment is awaiting moderation."
    )
    assert Comment.objects.filter(name="Jo Reader").count() == 1
