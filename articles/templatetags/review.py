"""``{% load review %}``: the admin index's "Needs review" queue (``articles.review``)."""

from django import template

from .. import review
from ..models import Article
from ..roles import may_publish

register = template.Library()


@register.inclusion_tag("admin/articles/review_queue.html", takes_context=True)
def review_queue(context):
    """Stories waiting for an editor, oldest first: every one for editors; a reporter's own, and
    their stories sent back to them, for reporters. Nothing for staff who cannot edit stories."""
    user = context["request"].user
    if not user.has_perm("articles.change_article"):
        return {"show": False}
    if may_publish(user):
        return {"show": True, "editor": True, "waiting": list(review.queue())}
    own = Article.objects.owned_by(user)
    return {
        "show": True,
        "editor": False,
        "waiting": list(review.queue(own)),
        "sent_back": list(own.sent_back().order_by("-updated_at")),
    }
