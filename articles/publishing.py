"""Publication: the state that decides what readers see, its one rule, and every write to it.

- **State**: ``Publication``, the abstract model ``Article`` inherits: ``status`` (draft or
  published), ``publish_at`` (a future time schedules) and ``first_published_at`` (when it first
  went out, kept through unpublishing).
- **Rule**: ``PublicationQuerySet.published()``, written once: published, and its publish time
  has come. Every public page, feed, sitemap and search lists articles through it
  (``Article.objects.published()``). ``state`` names where an article stands for the newsdesk
  (draft, scheduled, published, unpublished) and ``in_state`` lists them.
- **Requirements**: ``missing_for_publishing``, what an article must have before it may be
  published or scheduled (headline, standfirst, section, byline). The admin form, its byline
  formset and the bulk action ask it.
- **Writes**: ``publish``, ``schedule`` and ``unpublish``, and ``publish_many`` and
  ``unpublish_many`` for the bulk actions. The admin form, the
  bulk actions, the demo newsroom, the benchmark's datasets and the test factories all go through
  them; ``first_published_at`` is set here and nowhere else. Writers that build rows without
  saving them one by one (the benchmark's archive, written with ``COPY``) call ``stamp``, which
  ``publish`` uses too.
- **Who**: every write takes ``by``, the user doing it, or None for the system (the demo
  loader, the benchmark, the test factories), and raises ``PermissionDenied`` when ``by`` may not
  publish (``articles.roles.may_publish``): a reporter's forged "Publish now" goes no further
  than here. Publishing or scheduling a story closes its open review request
  (``Article.review_requests``, ``articles.review``), recording ``by`` as who decided.

This module imports no other module of the app but ``articles.roles`` (which imports no model of
it): ``articles.models`` builds on it.
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from .roles import may_publish


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class State(models.TextChoices):
    """Where an article stands, as the newsdesk sees it."""

    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class PublicationQuerySet(models.QuerySet):
    def published(self):
        """The one publication rule: published, and its publish time has come."""
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def scheduled(self):
        """Published with a publish time still to come: they appear by themselves then."""
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def in_state(self, state):
        """The articles whose ``state`` is ``state``."""
        if state == State.PUBLISHED:
            return self.published()
        if state == State.SCHEDULED:
            return self.scheduled()
        drafts = self.filter(status=Status.DRAFT)
        # An unpublished article is a draft that was out before: it keeps first_published_at.
        return drafts.filter(first_published_at__isnull=state == State.DRAFT)


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


def state(article):
    """``article``'s ``State``: a published article whose time is still to come is scheduled;
    a draft that was out before is unpublished."""
    if article.status == Status.PUBLISHED:
        return State.SCHEDULED if article.publish_at > timezone.now() else State.PUBLISHED
    return State.UNPUBLISHED if article.first_published_at else State.DRAFT


REQUIREMENTS = {
    "headline": "Write a headline before publishing.",
    "standfirst": "Write a standfirst before publishing.",
    "section": "Choose a section before publishing.",
    "byline": "Add at least one reporter to the byline before publishing.",
}


def missing_for_publishing(article, *, reporters=None, byline=True):
    """What ``article`` lacks that readers must get: ``{field: message}``, empty when it may be
    published or scheduled.

    ``reporters`` is how many reporters its byline will have; by default its saved byline is
    counted. ``byline=False`` leaves the byline out (the admin checks it in its byline formset,
    with the same rule).
    """
    missing = {}
    if not (article.headline or "").strip():
        missing["headline"] = REQUIREMENTS["headline"]
    if not (article.standfirst or "").strip():
        missing["standfirst"] = REQUIREMENTS["standfirst"]
    if article.section_id is None:
        missing["section"] = REQUIREMENTS["section"]
    if byline:
        if reporters is None:
            reporters = article.bylines.count() if article.pk else 0
        if reporters < 1:
            missing["byline"] = REQUIREMENTS["byline"]
    return missing


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


NOT_AN_EDITOR = "Only editors may publish, schedule or unpublish a story."


def check_may_publish(by, message=NOT_AN_EDITOR):
    """Raise ``PermissionDenied`` unless ``by`` may publish (``roles.may_publish``)."""
    if not may_publish(by):
        raise PermissionDenied(message)


def publish(article, *, by, at=None):
    """Publish ``article`` at ``at`` (see ``stamp``; a future time schedules it) and save it.
    Its open review request, if any, is closed as published by ``by``."""
    check_may_publish(by)
    stamp(article, at=at)
    with transaction.atomic():
        article.save()
        close_review(article, by)
    return article


def close_review(article, by):
    """Mark ``article``'s open review request published by ``by`` (through its reverse
    relation, ``ReviewRequestQuerySet.close_as_published``, so this module needs no model)."""
    requests = getattr(article, "review_requests", None)
    if requests is not None:
        requests.close_as_published(by)


def schedule(article, at, *, by):
    """Publish ``article`` at the future time ``at``: it appears by itself then."""
    check_may_publish(by)
    if at <= timezone.now():
        raise ValueError("A scheduled publish time must be in the future.")
    return publish(article, at=at, by=by)


def unpublish(article, *, by):
    """Save ``article`` as a draft: off the public site if it was on it. It keeps its
    first-published time."""
    check_may_publish(by)
    article.status = Status.DRAFT
    article.save()
    return article


def publish_many(queryset, *, by):
    """Publish every draft in ``queryset`` that has what publishing requires (see ``stamp``).

    Return how many were published and the drafts refused, each with what it is missing
    (``missing_for_publishing``)."""
    check_may_publish(by)
    refused = []
    published = 0
    with transaction.atomic():
        articles = list(queryset.select_for_update(of=("self",)).exclude(status=Status.PUBLISHED))
        for article in articles:
            missing = missing_for_publishing(article)
            if missing:
                refused.append((article, missing))
            else:
                publish(article, by=by)
                published += 1
    return published, refused


def unpublish_many(queryset, *, by):
    """Take every published article in ``queryset`` off the site; return how many."""
    check_may_publish(by)
    with transaction.atomic():
        articles = list(queryset.select_for_update(of=("self",)).filter(status=Status.PUBLISHED))
        for article in articles:
            unpublish(article, by=by)
    return len(articles)
