"""Newsroom's root URLs."""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from . import views

admin.site.site_header = f"{settings.NEWSROOM_SITE_NAME} editorial"
admin.site.site_title = f"{settings.NEWSROOM_SITE_NAME} editorial"
admin.site.index_title = "Newsdesk"

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", views.media),
    ]

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"
