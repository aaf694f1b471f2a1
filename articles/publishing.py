"""Publication: the state that decides what readers see, its one rule, and every write to it.

- **State**: ``Publication``, the abstract model ``Article`` inherits: ``status`` (draft or
  published), ``publish_at`` (a future time schedules) and ``first_published_at`` (when it first
  went out, kept through unpublishing).
- **Rule**: ``PublicationQuerySet.published()``, written once: published, and its publish time
  has come. Every public page, feed, sitemap and search lists articles through it
  (``Article.objects.published()``).
- **Writes**: ``publish``, ``schedule`` and ``unpublish``, and ``publish_many`` and
  ``unpublish_many`` for the bulk actions. The admin form, the
  bulk actions, the demo newsroom, the benchmark's datasets and the test factories all go through
  them; ``first_published_at`` is set here and nowhere else. Writers that build rows without
  saving them one by one (the benchmark's archive, written with ``COPY``) call ``stamp``, which
  ``publish`` uses too.

This module imports no other module of the app: ``articles.models`` builds on it.
"""

from django.db import models, transaction
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublicationQuerySet(models.QuerySet):
    def published(self):
        """The one publication rule: published, and its publish time has come."""
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def scheduled(self):
        """Published with a publish time still to come: they appear by themselves then."""
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())


class Publication(models.Model):
    """What makes a story visible to readers, and when."""

    Status = Status

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=False
    )
    publish_at = models.DateTimeField(
        "publish time",
        default=timezone.now,
        help_text="Published articles appear at this time; a future time schedules them.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.publish_at > timezone.now()


def stamp(article, *, at=None):
    """Set ``article``'s publication fields to published at ``at``, without saving.

    With no ``at``, a draft whose time has passed goes out now rather than at the time its draft
    was started, so it lands at the top of the front page; a draft with a future time keeps it
    (it is scheduled). ``first_published_at`` is the first publish time the article was given
    and never changes after.
    """
    now = timezone.now()
    if at is not None:
        article.publish_at = at
    elif article.status == Status.DRAFT and article.publish_at < now:
        article.publish_at = now
    article.status = Status.PUBLISHED
    if article.first_published_at is None:
        article.first_published_at = article.publish_at
    return article


def publish(article, *, at=None):
    """Publish ``article`` at ``at`` (see ``stamp``; a future time schedules it) and save it."""
    stamp(article, at=at)
    article.save()
    return article


def schedule(article, at):
    """Publish ``article`` at the future time ``at``: it appears by itself then."""
    if at <= timezone.now():
        raise ValueError("A scheduled publish time must be in the future.")
    return publish(article, at=at)


def unpublish(article):
    """Save ``article`` as a draft: off the public site if it was on it. It keeps its
    first-published time."""
    article.status = Status.DRAFT
    article.save()
    return article


def publish_many(queryset):
    """Publish every draft in ``queryset`` (see ``stamp``); return how many."""
    with transaction.atomic():
        articles = list(queryset.select_for_update().exclude(status=Status.PUBLISHED))
        for article in articles:
            publish(article)
    return len(articles)


def unpublish_many(queryset):
    """Take every published article in ``queryset`` off the site; return how many."""
    with transaction.atomic():
        articles = list(queryset.select_for_update().filter(status=Status.PUBLISHED))
        for article in articles:
            unpublish(article)
    return len(articles)
