"""Pages that bring readers in: search results, the sitemap index and robots.txt."""

from django.conf import settings
from django.contrib.sitemaps.views import x_robots_tag
from django.shortcuts import render

from ..pagination import page_of
from . import search as article_search
from .sitemaps import sitemap_index_entries, sitemap_urls


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
