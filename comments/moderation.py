"""Moderation in one place: the policy that decides what happens to a new comment, and the
moderators' decisions afterwards (approve, spam, remove, restore), each one recorded.

The admin's per-comment buttons, its bulk actions and the site's own code all call the functions
here; nothing else changes a comment's status.
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from . import formatting, signals
from .models import Comment, ModerationEvent

MODERATE_PERMISSION = "comments.can_moderate"

# Characters that hide a word from a plain substring match without changing how it looks.
INVISIBLE = dict.fromkeys([0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])


def comments_open(article, now=None):
    """Whether readers may comment on ``article`` now: published, open, not past its time."""
    if not article.comments_open or not article.is_published:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days:
        return (now or timezone.now()) < article.publish_at + timedelta(days=days)
    return True


@dataclass
class Decision:
    status: str
    reasons: list = field(default_factory=list)


def _fold(value):
    """``value`` as a word list is matched against: compatibility forms folded, case ignored,
    invisible characters and bidi controls gone."""
    value = unicodedata.normalize("NFKC", value).translate(INVISIBLE)
    return formatting.strip_bidi_controls(value).casefold()


class ModerationPolicy:
    """What happens to a new comment, with WordPress's defaults unless settings say otherwise.

    - a word from the disallowed list anywhere (name, email, website, text, IP, user agent; also
      with HTML stripped) makes it spam;
    - ``max_links`` or more links, or a word from the moderation list, hold it;
    - otherwise it is held too, unless ``auto_approve_known`` is on and the same email address
      already has an approved comment.

    Every held or spam comment carries the reasons, in words a moderator reads in the queue.
    """

    FIELDS = [
        ("name", "name"),
        ("email", "email"),
        ("url", "website"),
        ("text", "text"),
        ("ip_address", "IP address"),
        ("user_agent", "user agent"),
    ]

    def __init__(
        self,
        *,
        max_links=None,
        moderation_words=None,
        disallowed_words=None,
        auto_approve_known=None,
    ):
        self.max_links = settings.COMMENTS_MAX_LINKS if max_links is None else max_links
        self.moderation_words = self._words(
            settings.COMMENTS_MODERATION_WORDS if moderation_words is None else moderation_words
        )
        self.disallowed_words = self._words(
            settings.COMMENTS_DISALLOWED_WORDS if disallowed_words is None else disallowed_words
        )
        self.auto_approve_known = (
            settings.COMMENTS_AUTO_APPROVE_KNOWN
            if auto_approve_known is None
            else auto_approve_known
        )

    @staticmethod
    def _words(words):
        return [(word.strip(), _fold(word.strip())) for word in words if word.strip()]

    def _find_word(self, words, values):
        for label, value in values:
            folded = _fold(value)
            stripped = _fold(strip_tags(value))
            for word, needle in words:
                if needle in folded or needle in stripped:
                    return word, label
        return None

    def decide(self, *, name, email, url, text, ip_address, user_agent):
        values = [
            (label, str(value))
            for (key, label), value in zip(
                self.FIELDS, [name, email, url, text, ip_address or "", user_agent], strict=True
            )
            if value
        ]
        found = self._find_word(self.disallowed_words, values)
        if found:
            return Decision(
                Comment.Status.SPAM, [f'Contains a disallowed word: "{found[0]}" (in {found[1]})']
            )

        reasons = []
        # Addresses readers will see as links, and links written as HTML (counted once each).
        links = len(formatting.find_urls(strip_tags(text))) + text.lower().count("<a ")
        if self.max_links and links >= self.max_links:
            reasons.append(f"Contains {links} links (limit {self.max_links})")
        found = self._find_word(self.moderation_words, values)
        if found:
            reasons.append(f'Contains a moderation word: "{found[0]}" (in {found[1]})')

        known = Comment.objects.filter(email__iexact=email, status=Comment.Status.APPROVED).exists()
        if not known:
            reasons.append("First comment from this email address")
        if not reasons:
            if self.auto_approve_known:
                return Decision(Comment.Status.APPROVED)
            reasons.append("Every comment is checked by a moderator before it appears")
        return Decision(Comment.Status.PENDING, reasons)


def can_moderate(user):
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


def _changed(article_ids):
    article_ids = set(article_ids)
    transaction.on_commit(
        lambda: signals.thread_changed.send(sender=Comment, article_ids=article_ids)
    )


def _check(actor):
    if actor is not None and not can_moderate(actor):
        raise PermissionDenied("Only moderators can change a comment's status.")


def record_decision(comment, *, to_status, from_status="", actor=None, at=None, note=""):
    """Add a step to ``comment``'s history: who (``actor``; None for the site's own decisions)
    moved it from ``from_status`` ("" when it was new) to ``to_status``, when and why. Every
    history entry is made here: posting, moderation, privacy erasure and the demo alike."""
    return ModerationEvent.objects.create(
        comment=comment,
        actor=actor,
        at=at or timezone.now(),
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def _move(comment, to_status, actor, note, now):
    from_status = comment.status
    if from_status == to_status:
        return False
    comment.status = to_status
    comment.moderated_at = now
    comment.moderated_by = actor
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    record_decision(
        comment, from_status=from_status, to_status=to_status, actor=actor, at=now, note=note
    )
    return True


def _previous_status(comment):
    """The status ``comment`` had before it was marked spam or removed; pending if none."""
    event = comment.events.filter(to_status=comment.status).order_by("-at", "-id").first()
    if event and event.from_status in (Comment.Status.PENDING, Comment.Status.APPROVED):
        return event.from_status
    return Comment.Status.PENDING


def moderate(comments, action, *, actor, note=""):
    """Apply ``action`` ("approve", "spam", "remove" or "restore") to ``comments`` (a queryset
    or list of comments) as ``actor``; return how many changed. Comments already in the target
    status are left alone and get no event."""
    _check(actor)
    targets = {
        "approve": Comment.Status.APPROVED,
        "spam": Comment.Status.SPAM,
        "remove": Comment.Status.REMOVED,
    }
    if action not in (*targets, "restore"):
        raise ValueError(f"Unknown moderation action {action!r}.")
    ids = [c.pk for c in comments]
    now = timezone.now()
    changed = 0
    touched = []
    with transaction.atomic():
        for comment in Comment.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            if action == "restore":
                if comment.status not in (Comment.Status.SPAM, Comment.Status.REMOVED):
                    continue
                to_status = _previous_status(comment)
            else:
                to_status = targets[action]
            if _move(comment, to_status, actor, note, now):
                changed += 1
                touched.append(comment.article_id)
        if touched:
            _changed(touched)
    return changed


def approve(comment, *, actor, note=""):
    return moderate([comment], "approve", actor=actor, note=note) == 1


def mark_spam(comment, *, actor, note=""):
    return moderate([comment], "spam", actor=actor, note=note) == 1


def remove(comment, *, actor, note=""):
    return moderate([comment], "remove", actor=actor, note=note) == 1


def restore(comment, *, actor, note=""):
    return moderate([comment], "restore", actor=actor, note=note) == 1


def pending_count():
    return Comment.objects.filter(status=Comment.Status.PENDING).count()
