"""The benchmark's floor: the cheapest page this stack can serve."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

FLOOR_BODY = (
    "<!DOCTYPE html><html lang=en><title>Floor</title><main>"
    + "<p>The cheapest page this stack can serve: constant bytes, no template, no query.</p>" * 360
    + "</main></html>"
).encode()


@never_cache
def floor(request):
    """About 30 KB of constant HTML through every middleware, never stored by the page cache:
    what any page is measured against."""
    return HttpResponse(FLOOR_BODY)
