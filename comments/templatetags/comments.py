"""The comments app's template tags: an article's thread and reply form, and comment counts for
lists of articles. Article templates load these; the articles app itself never imports
comments."""

from dataclasses import dataclass

from django import template
from django.core.cache import cache

from articles.models import Article
from newsroom.caching import mark_private

from .. import cookies, threads
from ..forms import CommentForm, blank_form_html, render_form
from ..models import CommentCount
from ..moderation import can_moderate, comments_open, pending_count
from ..protection import make_form_token

register = template.Library()


@dataclass
class Section:
    article: Article
    thread: threads.Thread
    open: bool
    closed_message: str = ""
    form_html: str = ""
    token: str = ""
    reply_to: dict | None = None
    cancel_url: str = ""


FORM_TOKEN_REUSE_SECONDS = 30


def shared_form_token(article_id):
    """The form token for ``article_id``, made at most every 30 seconds.

    Every reader without cookies gets the same page, whether the page cache stored it or the view
    rendered it again: the page's ETag stays the same and a browser or CDN revalidating it gets a
    304 until something it shows changes. The token's time is then up to 30 seconds before this
    reader's render, as it is for a page served from the cache; the honeypot still catches bots
    that post at once.
    """
    return cache.get_or_set(
        f"comments:form-token:{article_id}",
        lambda: make_form_token(article_id),
        FORM_TOKEN_REUSE_SECONDS,
    )


@register.simple_tag(takes_context=True)
def comment_section(context, article):
    """Everything the comment section of ``article``'s page shows.

    For a reader without the commenter cookies this is the same for everyone: the thread, the
    empty form rendered once per process, and a form token that names the article and the time.
    The visitor's own pending comments and a form filled in from their saved details make the
    page private (never stored in a shared cache).
    """
    request = context["request"]
    is_open = comments_open(article)
    pending = threads.visitor_pending(request, article)
    thread = threads.load_thread(
        article, cpage=request.GET.get("cpage"), pending=pending, replyable=is_open
    )
    if thread.has_pending:
        mark_private(request)
    section = Section(article=article, thread=thread, open=is_open)
    if not is_open:
        section.closed_message = (
            "Readers can comment once the article is published."
            if article.comments_open and not article.is_published
            else "Comments are closed."
        )
        return section
    remembered = cookies.remembered_commenter(request)
    if remembered:
        mark_private(request)
        section.form_html = render_form(
            CommentForm(initial={**remembered, "cookies_consent": True})
        )
    else:
        section.form_html = blank_form_html()
    section.token = shared_form_token(article.pk)
    section.reply_to = threads.find_reply_target(article, thread, request.GET.get("replyto"))
    page = f"?cpage={thread.page}" if thread.pages > 1 else ""
    section.cancel_url = f"{article.get_absolute_url()}{page}#respond"
    return section


@register.simple_tag
def comment_counts(*lists):
    """Give every article in ``lists`` (lists of articles, or single articles) a
    ``comment_count`` of its approved comments, in one query for all of them: the stored counts
    (``counts.recount`` keeps them), not a count of thousands of comments on a busy front page."""
    articles = []
    for item in lists:
        if isinstance(item, Article):
            articles.append(item)
        elif item:
            articles.extend(item)
    if not articles:
        return ""
    counts = dict(
        CommentCount.objects.filter(
            article_id__in=[article.pk for article in articles]
        ).values_list("article_id", "approved")
    )
    for article in articles:
        article.comment_count = counts.get(article.pk, 0)
    return ""


@register.inclusion_tag("comments/admin/queue_notice.html", takes_context=True)
def moderation_queue(context):
    """The admin index's notice of comments awaiting moderation, for moderators."""
    user = context["request"].user
    if not can_moderate(user):
        return {"show": False}
    return {"show": True, "count": pending_count()}
