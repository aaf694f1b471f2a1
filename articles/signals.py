"""How the articles app tells the project what readers see (``newsroom.signals``): every save or
delete of the rows its pages show sends ``content_changed``, and the page cache asks it when the
next scheduled article goes live. Derived data only; connected in ``ArticlesConfig.ready``."""

from newsroom.signals import next_scheduled_change, watch

from .models import Article, Block, Byline, Photo, Reporter, Section


def next_publication(sender, **kwargs):
    """When the next scheduled article goes live, or None."""
    return (
        Article.objects.scheduled()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


def connect():
    for model in (Article, Block, Byline, Photo, Section, Reporter):
        watch(model)
    next_scheduled_change.connect(next_publication, dispatch_uid="articles:next-publication")
