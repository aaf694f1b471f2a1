"""``{% load discovery %}``: what helps readers find and pass on articles: structured data,
related articles, share links."""

from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.template import loader
from django.utils.safestring import mark_safe

from newsroom import pagecache
from newsroom.site import absolute_url
from newsroom.templatetags.site_meta import json_ld_script

from .. import cachetags, live
from ..models import Article
from ..reach import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def article_structured_data(context, article, corrections=(), coverage=None):
    request = context["request"]
    updates = live.newest_shown(article) if coverage is not None else None
    return json_ld_script(
        structured_data.graph(
            structured_data.news_article(request, article, corrections, updates),
            structured_data.breadcrumbs(request, article),
        )
    )


@register.simple_tag(takes_context=True)
def site_structured_data(context):
    request = context["request"]
    return json_ld_script(
        structured_data.graph(
            structured_data.organization(request), structured_data.website(request)
        )
    )


@register.filter
def modified_time(article):
    return structured_data.modified_time(article)


@register.simple_tag(takes_context=True)
def related_articles(context, article):
    """The newest published articles in the same section or by the same reporters: one query.

    The box changes only when those lists or the stories in it change, so its HTML is kept until
    then (``newsroom.pagecache.remember``, under the lists' tags and the stories' own): building
    that query is most of its cost, and an article page made again for a commenter or after an
    edit elsewhere need not pay it. The page carries the same tags."""
    count = settings.NEWSROOM_RELATED_ARTICLES
    lists = [
        cachetags.section(article.section_id),
        *(cachetags.reporter(byline.reporter_id) for byline in article.bylines.all()),
    ]

    def render():
        related = list(Article.objects.published().related_to(article, count))
        html = loader.render_to_string("includes/related_articles.html", {"related": related})
        return pagecache.Tagged(html, cachetags.teasers(related))

    html = pagecache.remember(
        f"related-articles:{article.pk}:{count}",
        render,
        tags=lists,
        request=context.get("request"),
    )
    return mark_safe(html)  # noqa: S308


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_links(context, article):
    """Plain links to share ``article``: no script from any of the services is loaded."""
    url = absolute_url(context["request"], article.get_absolute_url())
    return sharing(url, article.headline)


@register.inclusion_tag("includes/update_share.html", takes_context=True)
def update_share_links(context, update):
    """Plain links to share one live update: its own address (``…#update-<id>``)."""
    url = absolute_url(context["request"], update.get_absolute_url())
    title = f"{update.article.headline}: {update}"
    shared = sharing(url, title)
    # Fewer than the story's: one row under each update, on a phone too.
    shared["links"] = [link for link in shared["links"] if link[0] in UPDATE_SHARING]
    return {**shared, "anchor": update.anchor}


UPDATE_SHARING = ("x", "facebook", "whatsapp", "email")


def sharing(url, title):
    text = f"{title} {url}"
    return {
        "url": url,
        "title": title,
        "links": [
            (
                "facebook",
                "Facebook",
                "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
            ),
            ("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
            (
                "linkedin",
                "LinkedIn",
                "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
            ),
            ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
            (
                "email",
                "Email",
                f"mailto:?subject={quote(title)}&body={quote(url)}",
            ),
        ],
    }
