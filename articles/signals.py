"""How the articles app tells the project what readers see (``newsroom.signals``): every save or
delete of the rows its pages show sends ``content_changed``, and the page cache asks it when the
next scheduled article goes live and when a front page pin or Breaking banner runs out. Derived
data only; connected in ``ArticlesConfig.ready``."""

from newsroom.signals import next_scheduled_change, watch

from . import frontpage
from .models import (
    Article,
    Block,
    BreakingNews,
    Byline,
    Correction,
    FrontPageSlot,
    Page,
    Photo,
    Reporter,
    Section,
    Topic,
)


def next_publication(sender, **kwargs):
    """When the next scheduled article goes live, or None."""
    return (
        Article.objects.scheduled()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def next_front_page_change(sender, **kwargs):
    """When a front page pin or the Breaking banner next runs out, or None."""
    return frontpage.next_change()


def connect():
    # Article's many-to-many fields are watched with it: an article gaining or losing a topic
    # changes its page, the topic's page and feeds.
    watched = (Article, Block, Byline, Photo, Section, Topic, Reporter, FrontPageSlot, BreakingNews)
    for model in (*watched, Correction):
        watch(model)
    watch(Page)  # a page, and the footer's links on every page
    next_scheduled_change.connect(next_publication, dispatch_uid="articles:next-publication")
    next_scheduled_change.connect(next_front_page_change, dispatch_uid="articles:next-front-page")
