"""The site's URLs and the benchmark's floor page."""

from django.urls import path

from newsroom import urls as site_urls

from . import views

urlpatterns = [
    path("bench/floor/", views.floor, name="bench-floor"),
    *site_urls.urlpatterns,
]

handler404 = site_urls.handler404
handler500 = site_urls.handler500
