"""Reader comments and the record of every moderation decision taken on them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles.models import Article


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    # Statuses a new comment can have that no reader but its writer sees.
    HIDDEN_WHEN_NEW = (Status.PENDING, Status.SPAM)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one replies to.",
    )
    root = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        help_text="The top-level comment of this thread: one query fetches a whole thread.",
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField(max_length=245)
    email = models.EmailField(max_length=100, help_text="Never shown to readers.")
    url = models.URLField("website", max_length=200, blank=True)
    text = models.TextField(help_text="Exactly as the commenter typed it.")
    text_html = models.TextField(
        editable=False,
        help_text="The text as readers see it: escaped, in paragraphs, links made clickable.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reasons = models.JSONField(
        default=list, blank=True, help_text="Why the moderation policy held or rejected it."
    )
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    submission_key = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="Fingerprint of the submitted form: a resubmission finds this row again.",
    )
    created_at = models.DateTimeField("posted", default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        get_latest_by = "created_at"
        permissions = [("can_moderate", "Can moderate comments")]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["-created_at"], name="comment_recent_idx"),
            # The hourly limit reads one address's last hour.
            models.Index(fields=["ip_address", "-created_at"], name="comment_ip_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "spam", "removed"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, root__isnull=True, depth=0)
                | Q(parent__isnull=False, root__isnull=False, depth__gt=0),
                name="comment_thread_consistent",
            ),
        ]

    def __str__(self):
        text = " ".join(self.text.split())
        return f"{self.name}: {text[:60]}{'…' if len(text) > 60 else ''}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def body(self):
        """``text_html`` for a template: made by ``formatting.render_text``, which escapes all of
        the commenter's text, so it is safe to show as it is."""
        return mark_safe(self.text_html)  # noqa: S308


class CommentCount(models.Model):
    """How many approved comments an article has, kept by ``comments.counts.recount``.

    Lists of articles show the count for each teaser; reading it from here is one indexed lookup
    per page, where counting would read thousands of index entries for the busiest stories (as
    WordPress keeps ``wp_posts.comment_count``). An article without a row has none.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    approved = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.approved} approved comment(s) on article {self.article_id}"


class ModerationEvent(models.Model):
    """One step in a comment's life: who moved it from which status to which, when and why."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for the site's own decisions (the moderation policy, privacy erasure).",
    )
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "moderation event"

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"
