"""Email to moderators about each held comment, sent by a background job after the comment is
committed.

The job (``email_moderators``) is queued once the comment is stored and runs in the worker
(``manage.py db_worker``, or ``rqworker`` with Redis), so a slow or failing mail server never
delays the commenter's response, and a restart of the site loses no email: the job is a row (or
an RQ job), not memory. A mail server that refuses is tried again later (``newsroom.tasks``);
each failure is logged with the comment's id, the last one stays in the admin's task results,
and the comment waits in the moderation queue as always.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from newsroom.site import absolute_url
from newsroom.tasks import enqueue_or_log, retried

from .models import Comment

logger = logging.getLogger(__name__)


def moderator_addresses():
    users = get_user_model().objects.with_perm("comments.can_moderate", include_superusers=True)
    return sorted({user.email for user in users.filter(is_active=True) if user.email})


def held_comment_message(comment, recipient, base_url=""):
    review = reverse("admin:comments_comment_change", args=[comment.pk])
    reasons = "\n".join(f"- {reason}" for reason in comment.reasons) or "- none recorded"
    body = (
        f"A comment on “{comment.article.headline}” is waiting for a moderator.\n\n"
        f"Name: {comment.name}\n"
        f"Website: {comment.url or '-'}\n\n"
        f"{comment.text}\n\n"
        f"Held because:\n{reasons}\n\n"
        f"Approve, mark as spam or remove it: {base_url}{review}\n"
    )
    return EmailMessage(
        subject=f"[{settings.NEWSROOM_SITE_NAME}] Comment awaiting moderation: "
        f"{comment.article.headline}"[:200],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )


@retried
def email_moderators(comment_id, base_url=""):
    """Email every moderator about the held comment ``comment_id``; the number of emails sent.

    Nothing is sent when the comment has been moderated (or removed) since it was held. All
    moderators' emails go in one batch: when the mail server fails part-way, the retry sends the
    batch again, so a moderator may get one twice rather than none."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    messages = [held_comment_message(comment, r, base_url) for r in moderator_addresses()]
    if not messages:
        return 0
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except Exception:
        logger.exception("Could not email moderators about held comment %s.", comment_id)
        raise
    return len(messages)


def held_comment(comment, base_url=""):
    """Queue the email about ``comment`` (held for moderation) to every moderator.

    Called from ``transaction.on_commit``: the comment is stored before the job is queued, so
    the worker always finds it. A job that cannot be queued (the database or Redis is down) is
    logged; the commenter's response goes out all the same.
    """
    if not settings.COMMENTS_NOTIFY_MODERATORS:
        return None
    what = f"the moderators' email for comment {comment.pk}"
    return enqueue_or_log(email_moderators, comment.pk, base_url, what=what)


def base_url_for(request):
    """This site's address for links in email, without the trailing slash."""
    return absolute_url(request, "/").rstrip("/")
