"""Public pages: the front page, articles, sections and reporters. Every one of them lists
articles through ``Article.objects.published()``."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache

from newsroom.caching import mark_private
from newsroom.pagecache import remember

from . import search as article_search
from .models import Article, Reporter, Section
from .sitemaps import sitemap_index_entries, sitemap_urls


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


def front_page(request):
    page = paginate(request, Article.objects.published().for_listing(), count_key="front")
    articles = list(page.object_list)
    lead = articles.pop(0) if page.number == 1 and articles else None
    return render(
        request,
        "articles/front_page.html",
        {"lead": lead, "articles": articles, "page_obj": page},
    )


def render_article(request, article, *, preview=False):
    if preview:
        mark_private(request)
    blocks = article.blocks.select_related("photo")
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "blocks": blocks,
            "preview": preview,
            "canonical_path": article.get_absolute_url(),
        },
    )


def article_detail(request, slug):
    article = Article.objects.published().for_listing().filter(slug=slug).first()
    if article is not None:
        return render_article(request, article)
    if request.user.is_staff:
        # Editors follow "View on site" to drafts and scheduled articles: shown, never cached.
        article = get_object_or_404(Article.objects.for_listing(), slug=slug)
        return render_article(request, article, preview=True)
    raise Http404("No published article at this address.")


@never_cache
@staff_member_required
def article_preview(request, pk):
    article = get_object_or_404(Article.objects.for_listing(), pk=pk)
    return render_article(request, article, preview=not article.is_published)


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = paginate(
        request,
        Article.objects.published().filter(section=section).for_listing(),
        count_key=f"section:{section.pk}",
    )
    return render(request, "articles/section_detail.html", {"section": section, "page_obj": page})


def reporter_detail(request, slug):
    reporter = get_object_or_404(Reporter.objects.select_related("portrait"), slug=slug)
    page = paginate(
        request,
        Article.objects.published().filter(bylines__reporter=reporter).for_listing(),
        count_key=f"reporter:{reporter.pk}",
    )
    return render(
        request, "articles/reporter_detail.html", {"reporter": reporter, "page_obj": page}
    )


def search(request):
    """Published articles matching the reader's words, best first, with the passage that
    matched. Whatever is typed (quotes, operators, stop words, a novel, NUL bytes) gets results
    or a plain "no results"."""
    query, shortened = article_search.clean_query(request.GET.get("q", ""))
    page = results = None
    if query:
        matches = article_search.search_articles(query)
        page = page_of(
            request, article_search.SearchPaginator(matches, settings.NEWSROOM_PAGE_SIZE)
        )
        results = article_search.highlight(list(page.object_list), query)
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "shortened": shortened,
            "page_obj": page,
            "results": results,
            "max_results": settings.NEWSROOM_SEARCH_MAX_RESULTS,
        },
    )


@x_robots_tag
def sitemap_index(request):
    """The sitemap index, on the site's configured address like every sitemap it lists."""
    return render(
        request,
        "sitemaps/index.xml",
        {"sitemaps": sitemap_index_entries(request)},
        content_type="application/xml",
    )


def robots_txt(request):
    """Crawlers may read every public page but the search results; the sitemaps list them."""
    return render(
        request, "robots.txt", {"sitemaps": sitemap_urls(request)}, content_type="text/plain"
    )
