"""``{% load live_admin %}``: the story's "Live coverage" box in the admin."""

from django import template
from django.urls import reverse

from .. import live, live_admin
from ..roles import may_publish

register = template.Library()


@register.simple_tag(takes_context=True)
def live_desk(context, article):
    """What the user may do with ``article``'s coverage, and where."""
    user = context["request"].user
    if article is None or not article.pk:
        return {}
    return {
        "may_post": live.may_post_to(user, article),
        "may_run": may_publish(user),
        "post_url": live_admin.post_url(article),
        "start_url": reverse("admin:articles_live_start", args=[article.pk]),
        "end_url": reverse("admin:articles_live_end", args=[article.pk]),
    }
