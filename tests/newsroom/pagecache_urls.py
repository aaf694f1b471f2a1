"""The site's URLs plus a few pages that behave like the personal pages the page cache must never
keep, and a counter that tells a stored page from a fresh one."""

import itertools

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from newsroom.caching import mark_private
from newsroom.urls import urlpatterns as site_urlpatterns

renders = itertools.count(1)


def counter(request):
    return HttpResponse(f"render {next(renders)}")


def form_with_errors(request):
    """Like an article page that shows a commenter's form back with their errors."""
    if request.GET.get("errors"):
        mark_private(request)
        return HttpResponse(f"render {next(renders)}: your comment needs an email address")
    return HttpResponse(f"render {next(renders)}: the blank form")


def sets_cookie(request):
    response = HttpResponse(f"render {next(renders)}")
    response.set_cookie("newsroom_commenter", "Sam")
    return response


def uses_csrf_token(request):
    return HttpResponse(f"render {next(renders)}: token {get_token(request)}")


def echo_cookie(request):
    """Like an article page showing a commenter their own comment awaiting moderation."""
    name = getattr(settings, "COMMENTS_PENDING_COOKIE", "newsroom_pending")
    return HttpResponse(f"render {next(renders)}: {request.COOKIES.get(name, '')}")


urlpatterns = [
    path("test/counter/", counter, name="test-counter"),
    path("test/form/", form_with_errors, name="test-form"),
    path("test/sets-cookie/", sets_cookie, name="test-sets-cookie"),
    path("test/csrf/", uses_csrf_token, name="test-csrf"),
    path("test/echo/", echo_cookie, name="test-echo"),
    *site_urlpatterns,
]
