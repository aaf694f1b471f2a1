"""Public pages: the front page, articles, sections, topics, reporters and static pages. Every one
of them lists articles through ``Article.objects.published()``, and static pages through
``Page.objects.published()``."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from newsroom.caching import mark_private, tag

from . import cachetags, corrections, frontpage, live, revisions
from .models import Article, Correction, Page, PendingChange, Reporter, Section, Topic
from .pagination import paginate


def front_page(request):
    # The stories editors pinned lead the first page, at their places; the newest follow.
    pinned = frontpage.pinned_articles()
    page = paginate(
        request,
        frontpage.newest(pinned),
        count_key=frontpage.count_key(pinned),
        tags=[cachetags.FRONT],
    )
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


def render_article(request, article, *, preview=False, blocks=None, pending=None):
    if preview:
        mark_private(request)
    # One query, however many topics: the foot of the story and the JSON-LD both read it.
    prefetch_related_objects([article], "topics")
    if blocks is None:
        blocks = article.blocks.select_related("photo")
    # The story, its thread, its corrections and its live updates; the related box adds the
    # lists it draws from.
    tag(request, cachetags.article(article.pk))
    coverage = None
    if article.has_live_coverage:
        coverage = live.coverage(
            article,
            before=request.GET.get("before"),
            after=request.GET.get("after"),
            update=request.GET.get("update"),
        )
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "blocks": blocks,
            "notes": corrections.for_article(article),
            "preview": preview,
            "pending": pending,
            "coverage": coverage,
            "live_per_page": settings.NEWSROOM_LIVE_UPDATES_PER_PAGE,
            "live_poll_seconds": settings.NEWSROOM_LIVE_POLL_SECONDS,
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


def live_update_data(request, update):
    html = render_to_string("includes/live_update.html", {"update": update}, request=request)
    return {
        "id": update.pk,
        "html": html,
        "key_event": update.key_event and not update.is_withdrawn,
        "title": update.title,
        "url": update.get_absolute_url(),
        "time": render_to_string("includes/live_time.html", {"value": update.posted_at}),
    }


def live_updates(request, slug):
    """What a live story's open page polls (``static/js/live.js``): with ``?after=<id>`` the
    updates posted since and those edited or withdrawn since the page was made; with
    ``?before=<id>`` the next older page ("Show 20 more"). JSON, stored in the page cache under
    the story's tag like its page (``304`` for a reader who has it), so a crowd polling costs
    the database nothing between two updates. Nothing in it changes with the clock."""
    article = live.published_story(slug)
    tag(request, cachetags.article(article.pk))
    if "before" in request.GET:
        page = live.coverage(article, before=request.GET.get("before"))
        return JsonResponse(
            {
                "live": article.is_live,
                "updates": [live_update_data(request, update) for update in page.updates],
                "more": page.more,
            }
        )
    new, changed = live.updates_after(article, request.GET.get("after"))
    latest = new[0].pk if new else live.latest_update_id(article)
    return JsonResponse(
        {
            "live": article.is_live,
            "latest": latest,
            "last_updated": render_to_string(
                "includes/live_time.html", {"value": article.updated_at}
            ),
            "updates": [live_update_data(request, update) for update in new],
            "changed": [live_update_data(request, update) for update in changed],
        }
    )


@never_cache
@staff_member_required
def article_preview(request, pk):
    article = get_object_or_404(Article.objects.for_listing(), pk=pk)
    return render_article(request, article, preview=not article.is_published)


@never_cache
@staff_member_required
def pending_preview(request, pk):
    """The article page drawn from the changes saved for later: staff only, never cached."""
    pending = get_object_or_404(PendingChange.objects.select_related("saved_by"), article_id=pk)
    article = get_object_or_404(Article.objects.select_related("section"), pk=pk)
    article, blocks = revisions.preview_of(article, pending.data)
    return render_article(request, article, preview=True, blocks=blocks, pending=pending)


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = paginate(
        request,
        Article.objects.published().filter(section=section).for_listing(),
        count_key=f"section:{section.pk}",
        tags=[cachetags.section(section.pk)],
    )
    return render(request, "articles/section_detail.html", {"section": section, "page_obj": page})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    page = paginate(
        request,
        Article.objects.published().filter(topics=topic).for_listing(),
        count_key=f"topic:{topic.pk}",
        tags=[cachetags.topic(topic.pk)],
    )
    return render(request, "articles/topic_detail.html", {"topic": topic, "page_obj": page})


def reporter_detail(request, slug):
    reporter = get_object_or_404(Reporter.objects.select_related("portrait"), slug=slug)
    page = paginate(
        request,
        Article.objects.published().filter(bylines__reporter=reporter).for_listing(),
        count_key=f"reporter:{reporter.pk}",
        tags=[cachetags.reporter(reporter.pk)],
    )
    return render(
        request, "articles/reporter_detail.html", {"reporter": reporter, "page_obj": page}
    )


def correction_list(request):
    """Every correction, clarification, editor's note and retraction readers see, newest first,
    each with a link to its story."""
    page = paginate(
        request,
        Correction.objects.on_public_site().select_related("article"),
        count_key="corrections",
        tags=[cachetags.CORRECTIONS],
    )
    tag(request, *(cachetags.article(pk) for pk in {c.article_id for c in page.object_list}))
    return render(request, "articles/correction_list.html", {"page_obj": page})


def page_detail(request, slug):
    page = Page.objects.published().filter(slug=slug).first()
    preview = False
    if page is None:
        if not request.user.is_staff:
            raise Http404("No page at this address.")
        # Editors follow "View on site" to a draft page: shown, never cached.
        page = get_object_or_404(Page, slug=slug)
        preview = True
        mark_private(request)
    return render(request, "articles/page_detail.html", {"page": page, "preview": preview})
