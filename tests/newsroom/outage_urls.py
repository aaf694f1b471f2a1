"""A view that changes the session, so the session is written after the view (by middleware)."""

from django.http import HttpResponse
from django.urls import include, path


def remember_visit(request):
    request.session["visited"] = True
    return HttpResponse("Remembered.")


urlpatterns = [
    path("remember/", remember_visit, name="test-remember"),
    path("", include("newsroom.urls")),
]

handler500 = "newsroom.views.server_error"
