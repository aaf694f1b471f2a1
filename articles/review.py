"""Review before publication: a story submitted for review waits in the "Needs review" queue
until an editor sends it back with a note or publishes it.

- **Writes**: ``submit`` (a reporter or an editor, on a draft) and ``send_back`` (an editor, with
  a note the reporter reads on the story's form). Publishing or scheduling closes the request
  (``articles.publishing.publish``). Every round is a ``ReviewRequest`` row that stays: who
  submitted, who decided, when, and the note.
- **Mail**: once a submission is committed, a background job (``email_editors``, through
  ``newsroom.tasks.retried`` as the moderators' mail is) emails every editor the story's headline
  and the address of its page in the admin.
- **Reads**: ``queue`` for the admin index, ``current`` and ``history`` for the story's form.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from newsroom.tasks import enqueue_or_log, retried

from .models import Article, ReviewRequest
from .roles import PUBLISH_PERMISSION, may_publish

logger = logging.getLogger(__name__)


class ReviewRefused(ValidationError):
    """The story cannot take this step of review now (it is live, or already in review)."""


# Writes


def submit(article, *, by, base_url=""):
    """Put the draft ``article`` in the "Needs review" queue, submitted by ``by``, and queue the
    editors' email once that is committed. Returns the new request."""
    if article.status != Article.Status.DRAFT:
        raise ReviewRefused("Only a draft can be submitted for review.", code="not_draft")
    try:
        with transaction.atomic():
            request = ReviewRequest.objects.create(article=article, submitted_by=by)
    except IntegrityError:
        raise ReviewRefused("This story is already waiting for review.", code="pending") from None
    transaction.on_commit(lambda: queue_email(request, base_url))
    return request


def send_back(article, *, by, note):
    """Send ``article`` back to its reporter with ``note`` (required): it leaves the queue and
    stays a draft. Only editors may (``roles.may_publish``)."""
    if not may_publish(by):
        raise PermissionDenied("Only editors may send a story back.")
    note = (note or "").strip()
    if not note:
        raise ReviewRefused("Say why it goes back: the reporter reads this note.", code="note")
    request = current(article)
    if request is None:
        raise ReviewRefused("This story is not waiting for review.", code="not_pending")
    request.outcome = ReviewRequest.Outcome.SENT_BACK
    request.decided_by, request.decided_at, request.note = by, timezone.now(), note
    request.save(update_fields=["outcome", "decided_by", "decided_at", "note"])
    return request


# Reads


def current(article):
    """``article``'s request waiting for an editor, or None."""
    if not article.pk:
        return None
    return article.review_requests.pending().select_related("submitted_by").first()


def history(article):
    """Every round of review ``article`` went through, newest first, with who and when."""
    if not article.pk:
        return []
    return list(article.review_requests.select_related("submitted_by", "decided_by"))


def queue(articles=None):
    """The requests waiting for an editor, oldest first, with their stories (one query).
    ``articles`` narrows them to those stories (a reporter's own)."""
    pending = ReviewRequest.objects.pending().select_related("article", "submitted_by")
    if articles is not None:
        pending = pending.filter(article__in=articles)
    return pending.order_by("submitted_at", "id")


def person(user):
    """How the desk names ``user``: their full name, else their username."""
    if user is None:
        return "The newsdesk"
    return user.get_full_name() or user.get_username()


# Mail


def editor_addresses():
    users = get_user_model().objects.with_perm(PUBLISH_PERMISSION, include_superusers=True)
    return sorted({user.email for user in users.filter(is_active=True) if user.email})


def review_message(request, recipient, base_url=""):
    article = request.article
    page = reverse("admin:articles_article_change", args=[article.pk])
    who = person(request.submitted_by)
    body = (
        f"{who} submitted “{article.headline}” for review.\n\n"
        f"{article.standfirst}\n\n"
        f"Read it, then publish it or send it back with a note: {base_url}{page}\n"
    )
    return EmailMessage(
        subject=f"[{settings.NEWSROOM_SITE_NAME}] Needs review: {article.headline}"[:200],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )


@retried
def email_editors(request_id, base_url=""):
    """Email every editor about review request ``request_id``; the number of emails sent.
    Nothing is sent when the request was decided before the job ran."""
    request = (
        ReviewRequest.objects.select_related("article", "submitted_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.outcome != ReviewRequest.Outcome.PENDING:
        return 0
    messages = [review_message(request, r, base_url) for r in editor_addresses()]
    if not messages:
        return 0
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except Exception:
        logger.exception("Could not email editors about review request %s.", request_id)
        raise
    return len(messages)


def queue_email(request, base_url=""):
    """Queue the editors' email about ``request`` (called once it is committed). A job that
    cannot be queued is logged; the story waits in the queue on the admin index all the same."""
    what = f"the editors' email for review request {request.pk}"
    return enqueue_or_log(email_editors, request.pk, base_url, what=what)
