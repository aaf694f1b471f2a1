"""Pages of a listing, with the count kept until the published content changes."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.functional import cached_property

from newsroom.pagecache import remember


class ListingPaginator(Paginator):
    """Counts a listing once per version of the published content, not on every view: on an
    archive of 100,000 articles the count is the costliest query of a front or section page."""

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        return remember(f"listing-count:{self.count_key}", self._count_rows)

    def _count_rows(self):
        return super().count


def paginate(request, queryset, count_key=None):
    paginator = ListingPaginator(queryset, settings.NEWSROOM_PAGE_SIZE, count_key=count_key)
    return page_of(request, paginator)


def page_of(request, paginator):
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404("No such page.") from exc
