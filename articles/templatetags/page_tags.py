"""``{% load page_tags %}``: what a template shows, told to the page cache and the CDN in front
(``newsroom.caching.tag``, names from ``articles.cachetags``)."""

from django import template

from newsroom.caching import tag

from .. import cachetags

register = template.Library()


@register.simple_tag(takes_context=True)
def shows_article(context, article):
    """This page shows ``article`` (its teaser, in any list): an edit to it retires the page."""
    request = context.get("request")
    if request is not None and article is not None and article.pk is not None:
        tag(request, cachetags.article(article.pk))
    return ""
