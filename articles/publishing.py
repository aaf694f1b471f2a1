"""Publishing and unpublishing: the writes the admin form and the bulk actions share."""

from django.db import transaction
from django.utils import timezone

from .models import Article


def publish(article, *, at=None):
    """Publish ``article`` at ``at`` (default: now; a future time schedules it).

    A draft that has never been out is published now rather than at the time its draft was
    started, so it lands at the top of the front page.
    """
    now = timezone.now()
    if at is not None:
        article.publish_at = at
    elif article.status == Article.Status.DRAFT and article.publish_at < now:
        article.publish_at = now
    article.status = Article.Status.PUBLISHED
    if article.first_published_at is None:
        article.first_published_at = article.publish_at
    article.save()
    return article


def unpublish(article):
    """Take ``article`` off the public site; it keeps its first-published time."""
    article.status = Article.Status.DRAFT
    article.save()
    return article


def publish_many(queryset):
    with transaction.atomic():
        articles = list(queryset.select_for_update().exclude(status=Article.Status.PUBLISHED))
        for article in articles:
            publish(article)
    return len(articles)


def unpublish_many(queryset):
    with transaction.atomic():
        articles = list(queryset.select_for_update().filter(status=Article.Status.PUBLISHED))
        for article in articles:
            unpublish(article)
    return len(articles)
