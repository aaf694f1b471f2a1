"""Public pages: the front page, articles, sections, topics and reporters. Every one of them lists
articles through ``Article.objects.published()``."""

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from newsroom.caching import mark_private

from . import frontpage
from .models import Article, Reporter, Section, Topic
from .pagination import paginate


def front_page(request):
    # The stories editors pinned lead the first page, at their places; the newest follow.
    pinned = frontpage.pinned_articles()
    page = paginate(request, frontpage.newest(pinned), count_key=frontpage.count_key(pinned))
    articles = list(page.object_list)
    if page.number == 1:
        articles = frontpage.arrange(pinned, articles)
    frontpage.add_bylines(articles)
    lead = articles.pop(0) if page.number == 1 and articles else None
    return render(
        request,
        "articles/front_page.html",
        {"lead": lead, "articles": articles, "page_obj": page},
    )


def render_article(request, article, *, preview=False):
    if preview:
        mark_private(request)
    # One query, however many topics: the foot of the story and the JSON-LD both read it.
    prefetch_related_objects([article], "topics")
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


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    page = paginate(
        request,
        Article.objects.published().filter(topics=topic).for_listing(),
        count_key=f"topic:{topic.pk}",
    )
    return render(request, "articles/topic_detail.html", {"topic": topic, "page_obj": page})


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
