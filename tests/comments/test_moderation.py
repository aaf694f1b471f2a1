"""The moderation functions the admin and the site share: who may call them, what they record,
and the signal a page cache listens to."""

import pytest
from django.core.exceptions import PermissionDenied

from comments import moderation, privacy
from comments.signals import thread_changed
from tests.factories import comment_data, make_comment, make_editor, make_moderator

pytestmark = pytest.mark.django_db


def test_only_moderators_can_change_a_status(article):
    comment = make_comment(article, status="pending")
    with pytest.raises(PermissionDenied):
        moderation.approve(comment, actor=make_editor())
    comment.refresh_from_db()
    assert comment.status == "pending" and not comment.events.exists()
    assert moderation.approve(comment, actor=make_moderator())


def test_each_decision_is_recorded_once(article):
    moderator = make_moderator()
    comment = make_comment(article, status="pending")
    assert moderation.approve(comment, actor=moderator, note="Fine.")
    assert not moderation.approve(comment, actor=moderator)  # already approved: no new event
    assert [(e.from_status, e.to_status, e.actor, e.note) for e in comment.events.all()] == [
        ("pending", "approved", moderator, "Fine.")
    ]


@pytest.fixture
def changes():
    received = []

    def receiver(sender, article_ids, **kwargs):
        received.append(article_ids)

    thread_changed.connect(receiver)
    yield received
    thread_changed.disconnect(receiver)


def test_thread_changed_is_sent_after_commit_when_readers_would_see_a_change(
    article, post, settings, changes, django_capture_on_commit_callbacks
):
    moderator = make_moderator()
    with django_capture_on_commit_callbacks(execute=True):
        post(comment_data(article))  # pending: readers see no change
    assert changes == []
    comment = article.comments.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moderation.approve(comment, actor=moderator)
    assert changes == []  # not before the commit
    for callback in callbacks:
        callback()
    assert changes == [{article.pk}]
    with django_capture_on_commit_callbacks(execute=True):
        moderation.remove(comment, actor=moderator)
        privacy.erase_commenter("jo@example.com")
    assert changes == [{article.pk}, {article.pk}]
