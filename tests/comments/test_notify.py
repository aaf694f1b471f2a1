"""Moderators hear of every held comment, after it is stored; a bad mail server costs nothing."""

import logging

import pytest

from comments.models import Comment
from tests.factories import comment_data, make_comment, make_editor, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderators():
    return [
        make_moderator("mod1", email="mod1@newsroom.example"),
        make_moderator("mod2", email="mod2@newsroom.example"),
    ]


def test_held_comment_is_emailed_to_each_moderator_after_commit(
    article, post, moderators, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(comment_data(article, comment="Who pays for the clean-up?"))
    assert Comment.objects.filter(status="pending").count() == 1
    assert mailoutbox == []  # nothing is sent before the comment is committed
    for callback in callbacks:
        callback()
    comment = Comment.objects.get()
    assert sorted(m.to[0] for m in mailoutbox) == ["mod1@newsroom.example", "mod2@newsroom.example"]
    message = mailoutbox[0]
    assert article.headline in message.subject
    assert "Who pays for the clean-up?" in message.body
    assert "First comment from this email address" in message.body
    assert f"http://testserver/admin/comments/comment/{comment.pk}/change/" in message.body


def test_editors_who_do_not_moderate_get_no_email(
    article, post, mailoutbox, django_capture_on_commit_callbacks
):
    make_editor("desk", email="desk@newsroom.example")
    with django_capture_on_commit_callbacks(execute=True):
        post(comment_data(article))
    assert mailoutbox == []


def test_refusing_mail_server_loses_no_comment_and_is_logged(
    article, post, moderators, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.comments.mail_backends.RefusingBackend"
    with caplog.at_level(logging.ERROR, logger="comments.notify"):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(comment_data(article))
        assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.status == "pending"
    assert f"Could not email moderators about held comment {comment.pk}" in caplog.text


@pytest.mark.parametrize("case", ["setting off", "spam", "auto-approved"])
def test_no_email_when_nothing_waits_for_a_moderator(
    article, post, moderators, settings, mailoutbox, django_capture_on_commit_callbacks, case
):
    if case == "setting off":
        settings.COMMENTS_NOTIFY_MODERATORS = False
    elif case == "spam":
        settings.COMMENTS_DISALLOWED_WORDS = ["pills"]
    else:
        settings.COMMENTS_AUTO_APPROVE_KNOWN = True
        make_comment(article, email="jo@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        post(comment_data(article, comment="Pills and more."))
    assert mailoutbox == []
