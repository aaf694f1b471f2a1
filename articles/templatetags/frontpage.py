"""``{% load frontpage %}``: the site-wide "Breaking" banner (``articles.frontpage``)."""

from django import template

from .. import frontpage

register = template.Library()


@register.inclusion_tag("includes/breaking_banner.html")
def breaking_banner():
    """The banner linking to the story an editor marked Breaking, while it is live and the
    banner has neither been cleared nor run out; nothing otherwise."""
    return {"banner": frontpage.current_banner()}
