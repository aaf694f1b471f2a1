"""Pages of a listing, with the count kept until the published content changes."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.functional import cached_property

from newsroom.caching import tag
from newsroom.pagecache import remember


class ListingPaginator(Paginator):
    """Counts a listing once until a change names its tags, not on every view: on an archive of
    100,000 articles the count is the costliest query of a front or section page."""

    def __init__(self, *args, count_key=None, count_tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        self.count_tags = count_tags

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        return remember(f"listing-count:{self.count_key}", self._count_rows, tags=self.count_tags)

    def _count_rows(self):
        return super().count


def paginate(request, queryset, count_key=None, tags=()):
    """The page of ``queryset`` the request asks for. ``tags`` name the list (``section-3``):
    the count is kept until a change names them, and the page carries them
    (``newsroom.caching.tag``); each teaser adds its story's own."""
    if tags:
        tag(request, *tags)
    paginator = ListingPaginator(
        queryset, settings.NEWSROOM_PAGE_SIZE, count_key=count_key, count_tags=tags
    )
    return page_of(request, paginator)


def page_of(request, paginator):
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404("No such page.") from exc
