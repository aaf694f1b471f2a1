"""How the articles app tells the project what readers see (``newsroom.signals``): every save or
delete of the rows its pages show sends ``content_changed`` with the cache tags of the pages that
show it (``articles.cachetags``), and the page cache asks it when the next scheduled article goes
live and when a front page pin or Breaking banner runs out, and which pages that changed. Derived
data only; connected in ``ArticlesConfig.ready``.

An edit that keeps a story where it is listed (a new paragraph, a corrected headline) names only
the story (``article-<pk>``): its page and every list showing its teaser. One that moves it in or
out of lists (published, unpublished, rescheduled, moved to another section, a byline or topic
added or taken away) names those lists too.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from newsroom.signals import changes_due, content_changed, next_scheduled_change, watch

from . import cachetags, frontpage
from .models import (
    Article,
    Block,
    BreakingNews,
    Byline,
    Correction,
    FrontPageSlot,
    LiveUpdate,
    Page,
    Photo,
    Reporter,
    Section,
    Topic,
    UpdateBlock,
)

# What decides which lists an article is in, and where.
LISTED_BY = ("status", "publish_at", "section_id")


def listing_tags(article_ids, *, sections=()):
    """The tags of every list the articles are in (or, with ``sections``, were in): the front
    page, their sections, topics and reporters, the corrections, and the articles themselves."""
    ids = set(article_ids)
    if not ids:
        return set()
    tags = {cachetags.FRONT, cachetags.CORRECTIONS, *map(cachetags.article, ids)}
    tags.update(map(cachetags.section, sections))
    tags.update(
        map(
            cachetags.section,
            Article.objects.filter(pk__in=ids).values_list("section_id", flat=True),
        )
    )
    tags.update(
        map(
            cachetags.topic,
            Article.topics.through.objects.filter(article_id__in=ids).values_list(
                "topic_id", flat=True
            ),
        )
    )
    tags.update(
        map(
            cachetags.reporter,
            Byline.objects.filter(article_id__in=ids).values_list("reporter_id", flat=True),
        )
    )
    return tags


def remember_listing(sender, instance, raw=False, **kwargs):
    """Before an article is saved: where it was listed, to tell whether that changes."""
    instance._listed_before = None
    if not raw and instance.pk is not None:
        instance._listed_before = (
            Article.objects.filter(pk=instance.pk).values_list(*LISTED_BY).first()
        )


def article_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_listed_before", None)
    now = tuple(getattr(instance, name) for name in LISTED_BY)
    if created or before is None or before != now:
        tags = listing_tags([instance.pk], sections=[before[2]] if before else [])
    else:
        tags = {cachetags.article(instance.pk)}
    if _in_banner([instance.pk]):
        tags.add(cachetags.SITE)  # the banner on every page shows the story while it is live
    content_changed.send(sender=Article, tags=tags)


def article_deleted(sender, instance, **kwargs):
    tags = {
        cachetags.FRONT,
        cachetags.CORRECTIONS,
        cachetags.article(instance.pk),
        cachetags.section(instance.section_id),
    }
    content_changed.send(sender=Article, tags=tags)


def _in_banner(article_ids):
    return BreakingNews.objects.filter(cleared_at__isnull=True, article_id__in=article_ids).exists()


def byline_tags(byline):
    return {*listing_tags([byline.article_id]), cachetags.reporter(byline.reporter_id)}


def photo_tags(photo):
    """The stories showing the photo (as lead or in the body) and the reporters it portrays."""
    ids = set(Article.objects.filter(lead_photo=photo).values_list("pk", flat=True))
    ids.update(Block.objects.filter(photo=photo).values_list("article_id", flat=True))
    ids.update(UpdateBlock.objects.filter(photo=photo).values_list("update__article_id", flat=True))
    tags = set(map(cachetags.article, ids))
    for pk in Reporter.objects.filter(portrait=photo).values_list("pk", flat=True):
        tags.update(reporter_tags(Reporter(pk=pk)))
    return tags


def reporter_tags(reporter):
    """The reporter's page and every story and teaser showing their name (bylines and live
    updates)."""
    ids = set(Byline.objects.filter(reporter_id=reporter.pk).values_list("article_id", flat=True))
    ids.update(
        LiveUpdate.objects.filter(reporter_id=reporter.pk).values_list("article_id", flat=True)
    )
    return {cachetags.reporter(reporter.pk), *map(cachetags.article, ids)}


def update_piece_tags(piece):
    """A live update's piece shows on its story's page, endpoint and feed."""
    article_id = (
        LiveUpdate.objects.filter(pk=piece.update_id).values_list("article_id", flat=True).first()
    )
    return {cachetags.article(article_id)} if article_id else set()


def topic_tags(topic):
    ids = Article.topics.through.objects.filter(topic_id=topic.pk).values_list(
        "article_id", flat=True
    )
    return {cachetags.topic(topic.pk), *map(cachetags.article, ids)}


def next_publication(sender, after=None, **kwargs):
    """When the next scheduled article goes live, or None."""
    scheduled = Article.objects.scheduled()
    if after is not None:
        scheduled = scheduled.filter(publish_at__gt=after)
    return scheduled.order_by("publish_at").values_list("publish_at", flat=True).first()


def next_front_page_change(sender, after=None, **kwargs):
    """When a front page pin or the Breaking banner next runs out, or None."""
    return frontpage.next_change(after)


def published_by_themselves(sender, since, until, **kwargs):
    """The lists that articles scheduled for ``(since, until]`` joined, and what pins and
    banners that ran out then were showing."""
    ids = list(
        Article.objects.published()
        .filter(publish_at__gt=since, publish_at__lte=until)
        .values_list("pk", flat=True)
    )
    tags = listing_tags(ids)
    if ids and _in_banner(ids):
        tags.add(cachetags.SITE)
    if FrontPageSlot.objects.filter(pinned_until__gt=since, pinned_until__lte=until).exists():
        tags.add(cachetags.FRONT)
    if BreakingNews.objects.filter(
        cleared_at__isnull=True, expires_at__gt=since, expires_at__lte=until
    ).exists():
        tags.add(cachetags.SITE)
    return tags


def connect():
    pre_save.connect(remember_listing, sender=Article, dispatch_uid="articles:listed-before")
    post_save.connect(article_saved, sender=Article, dispatch_uid="articles:article-saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="articles:article-deleted")
    # An article gaining or losing a topic or a reporter changes its lists and theirs.
    watch(Article, tags=lambda article: listing_tags([article.pk]), rows=False)
    watch(Block, tags=lambda block: {cachetags.article(block.article_id)})
    watch(Byline, tags=byline_tags)
    # A live update (posted, edited, withdrawn) and its pieces: the story's page, its updates
    # endpoint and feed, and its teasers, which all carry ``article-<pk>``; nothing else.
    watch(LiveUpdate, tags=lambda update: {cachetags.article(update.article_id)})
    watch(UpdateBlock, tags=update_piece_tags)
    watch(Photo, tags=photo_tags)
    watch(Reporter, tags=reporter_tags)
    watch(Topic, tags=topic_tags)
    watch(
        Correction,
        tags=lambda correction: {
            cachetags.article(correction.article_id),
            cachetags.CORRECTIONS,
        },
    )
    watch(FrontPageSlot, tags=lambda slot: {cachetags.FRONT, cachetags.article(slot.article_id)})
    # On every page: the navigation, the footer's links, the banner.
    watch(Section, tags=lambda section: {cachetags.SITE})
    watch(Page, tags=lambda page: {cachetags.SITE})
    watch(BreakingNews, tags=lambda banner: {cachetags.SITE})
    next_scheduled_change.connect(next_publication, dispatch_uid="articles:next-publication")
    next_scheduled_change.connect(next_front_page_change, dispatch_uid="articles:next-front-page")
    changes_due.connect(published_by_themselves, dispatch_uid="articles:published-by-themselves")
