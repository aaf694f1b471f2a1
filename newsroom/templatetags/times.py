"""``{% load times %}``: times as HTML wants them."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_datetime(value):
    """``value`` in the site's time zone as ISO 8601 to the second, for ``<time datetime>``.

    Django's ``date:"c"`` writes microseconds, and HTML allows at most three digits of a second.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
