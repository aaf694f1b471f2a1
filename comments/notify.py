"""Email to moderators about each held comment, sent after the comment is committed.

Mail goes out from one background thread per server process, so a slow or failing mail server
never delays the commenter's response nor loses the comment (it is already stored when the mail
is queued); a failure is logged with the comment's id, and the comment waits in the admin queue
as always.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from newsroom.site import absolute_url

logger = logging.getLogger(__name__)

_executor = None
_executor_lock = threading.Lock()


def _pool():
    """The mail thread, started on first use (after a server has forked its workers)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="comment-mail")
        return _executor


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


def _send(messages, comment_id):
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except Exception:
        logger.exception("Could not email moderators about held comment %s.", comment_id)


def held_comment(comment, base_url=""):
    """Queue the email about ``comment`` (held for moderation) to every moderator.

    Called from ``transaction.on_commit``: the comment is stored before anything is sent.
    """
    if not settings.COMMENTS_NOTIFY_MODERATORS:
        return None
    try:
        messages = [held_comment_message(comment, r, base_url) for r in moderator_addresses()]
    except Exception:
        logger.exception("Could not prepare the moderators' email for comment %s.", comment.pk)
        return None
    if not messages:
        return None
    return _pool().submit(_send, messages, comment.pk)


def wait_for_mail(timeout=10):
    """Block until every email queued so far has been handed to the mail backend (tests)."""
    _pool().submit(lambda: None).result(timeout)


def base_url_for(request):
    """This site's address for links in email, without the trailing slash."""
    return absolute_url(request, "/").rstrip("/")
