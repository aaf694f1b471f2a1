"""Submitting a comment: each accepted post is stored exactly once, whatever the network does.

The write is one function, ``submit_comment``, that the reply form's view calls. A resubmission
of the same form (a double click, a reload after a lost response, the browser's "resend") has
the same *submission key*, which is unique in the database, so it finds the row made the first
time instead of making a second one, even when both posts arrive at the same instant.

The duplicate, flood and hourly checks read before the insert writes, so two posts from one
person at the same instant would all pass them. On PostgreSQL each post first takes a
transaction-level advisory lock on its IP address and on its email address (``_lock_poster``):
posts from the same person take turns, and each one's checks see the rows the one before it
committed. SQLite lets one writer in at a time already.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from . import formatting, notify, signals
from .models import Comment
from .moderation import ModerationPolicy, record_decision

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What became of a post. ``comment`` is None when it was refused."""

    comment: Comment | None = None
    created: bool = False
    refused: str = ""  # "duplicate", "flood" or "hourly"
    retry_at: datetime | None = None  # "hourly": when this address may post again


def submission_key(*, token, article_id, parent_id, name, email, text, nonce=""):
    """The fingerprint of one filled-in form: same form, same words, same key."""
    parts = [token, str(article_id), str(parent_id or ""), name, email, text, nonce]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def build_comment(article=None, parent=None, *, text, submission_key, text_html=None, **fields):
    """An unsaved comment on ``article`` (or ``article_id=``, for bulk writers that have only
    ids), in reply to ``parent`` (a comment, or None): its place in the thread (``root``,
    ``depth``) and its text as readers see it (``text_html``, unless given: bulk writers render
    each text once) are worked out here. ``fields`` are the comment's other fields.

    Every writer of comment rows builds them with this: the reply form (``submit_comment``), the
    demo newsroom, the benchmark's datasets and the test factories."""
    if article is not None:
        fields["article"] = article
    return Comment(
        parent=parent,
        root=(parent.root or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        text=text,
        text_html=formatting.render_text(text) if text_html is None else text_html,
        submission_key=submission_key,
        **fields,
    )


def _lock_key(kind, value):
    """A stable signed 64-bit key for ``pg_advisory_xact_lock``, the same in every process."""
    digest = hashlib.sha256(f"newsroom.comments.{kind}\x1f{value}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock_poster(ip_address, email):
    """Hold, until this transaction ends, a lock on this IP address and one on this email
    (lower-cased, as the flood check compares it): another post from either waits here.

    The locks are taken in the order of their keys, the same for every post, so two posts that
    share one of them never wait for each other in a circle. A no-op outside PostgreSQL."""
    if connection.vendor != "postgresql":
        return
    keys = {_lock_key("email", email.lower())}
    if ip_address:
        keys.add(_lock_key("ip", ip_address))
    with connection.cursor() as cursor:
        for key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _hourly_retry_at(ip_address, key):
    """When ``ip_address`` may post again, if it has sent COMMENTS_HOURLY_LIMIT comments in the
    last hour (every comment counts, spam and removed ones too); None if it may post now.

    A newsroom's readers share addresses (an office, a university, a mobile network), so the
    limit is generous: it stops one machine filling the queue, not a busy building."""
    limit = settings.COMMENTS_HOURLY_LIMIT
    if not ip_address or limit <= 0:
        return None
    hour = timedelta(hours=1)
    newest = list(
        Comment.objects.filter(ip_address=ip_address, created_at__gte=timezone.now() - hour)
        .exclude(submission_key=key)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(newest) < limit:
        return None
    # Once the oldest of these is an hour old, the address is under the limit again.
    return newest[-1] + hour


def _existing(key):
    return Comment.objects.select_related("article").filter(submission_key=key).first()


def submit_comment(
    *,
    article,
    parent,
    name,
    email,
    url,
    text,
    token,
    nonce="",
    ip_address=None,
    user_agent="",
    policy=None,
    base_url="",
):
    """Store a reader's comment on ``article`` (in reply to ``parent``, or None), once.

    The caller has checked the form token, the article and the parent. Returns an ``Outcome``:
    the new comment, the one an identical earlier post of this form made (``created`` False),
    or a refusal: "duplicate" (the same words from the same person, from another form) or
    "flood" (another comment from this IP address or email within COMMENTS_FLOOD_SECONDS) or
    "hourly" (COMMENTS_HOURLY_LIMIT comments from this IP address in the last hour already).
    """
    text = formatting.normalise_newlines(text)
    key = submission_key(
        token=token,
        article_id=article.pk,
        parent_id=parent.pk if parent else None,
        name=name,
        email=email,
        text=text,
        nonce=nonce,
    )
    policy = policy or ModerationPolicy()
    try:
        with transaction.atomic():
            # First, so that a post waiting here for another one from the same person sees,
            # in every lookup below, what that one stored.
            _lock_poster(ip_address, email)
            existing = _existing(key)
            if existing is not None:
                return Outcome(existing)
            # Rows with this key are left out below: if this very form was stored a moment ago
            # by a request that committed after the lookup above, the insert's IntegrityError
            # finds it, rather than the post being taken for a duplicate or a flood.
            same_words = (
                Comment.objects.filter(
                    article=article, parent=parent, name=name, email=email, text=text
                )
                .exclude(status=Comment.Status.REMOVED)
                .exclude(submission_key=key)
            )
            if same_words.exists():
                return Outcome(refused="duplicate")
            since = timezone.now() - timedelta(seconds=settings.COMMENTS_FLOOD_SECONDS)
            who = Q(email__iexact=email)
            if ip_address:
                who |= Q(ip_address=ip_address)
            recent = Comment.objects.filter(who, created_at__gte=since).exclude(submission_key=key)
            if recent.exists():
                return Outcome(refused="flood")
            retry_at = _hourly_retry_at(ip_address, key)
            if retry_at is not None:
                return Outcome(refused="hourly", retry_at=retry_at)

            decision = policy.decide(
                name=name,
                email=email,
                url=url,
                text=text,
                ip_address=ip_address,
                user_agent=user_agent,
            )
            comment = build_comment(
                article,
                parent,
                name=name,
                email=email,
                url=url,
                text=text,
                status=decision.status,
                reasons=decision.reasons,
                ip_address=ip_address,
                user_agent=user_agent[:255],
                submission_key=key,
            )
            comment.save()
            record_decision(
                comment,
                to_status=comment.status,
                at=comment.created_at,
                note="Posted by a reader. " + " ".join(f"{r}." for r in decision.reasons),
            )
            if comment.status == Comment.Status.PENDING:
                transaction.on_commit(lambda: notify.held_comment(comment, base_url))
            elif comment.status == Comment.Status.APPROVED:
                transaction.on_commit(
                    lambda: signals.thread_changed.send(sender=Comment, article_ids={article.pk})
                )
    except IntegrityError:
        # The same form, posted at the same instant by another request, won the race.
        existing = _existing(key)
        if existing is None:
            raise
        return Outcome(existing)
    return Outcome(comment, created=True)


def page_of(comment):
    """The comment page (1, 2, …) that shows ``comment``'s thread to its writer."""
    per_page = settings.COMMENTS_PER_PAGE
    approved_tops = Comment.objects.filter(
        article_id=comment.article_id, parent=None, status=Comment.Status.APPROVED
    )
    root = comment.root or comment
    if root.status == Comment.Status.APPROVED:
        before = approved_tops.filter(
            Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
        ).count()
        return before // per_page + 1
    # A thread not yet approved shows after the approved ones, on the last page.
    return max(1, -(-approved_tops.count() // per_page))
