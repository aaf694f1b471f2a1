"""What may be cached, and by whom.

A page that shows something meant for one visitor only (their comment awaiting moderation, a form
with their errors, a staff preview) calls ``mark_private(request)`` while it is being made; the
response then goes out as ``Cache-Control: private, no-store``, so no shared cache (ours, a CDN's
or a proxy's) ever keeps it.
"""

from django.utils.cache import add_never_cache_headers, patch_cache_control


def mark_private(request):
    request.newsroom_private = True


def is_private(request):
    return getattr(request, "newsroom_private", False)


class PrivateResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
