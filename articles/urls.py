from django.urls import path

from . import views
from .reach import urls as reach_urls

app_name = "articles"

urlpatterns = [
    path("", views.front_page, name="front-page"),
    path("news/<slug:slug>/", views.article_detail, name="article-detail"),
    path("news/<slug:slug>/updates/", views.live_updates, name="live-updates"),
    path("preview/<int:pk>/", views.article_preview, name="article-preview"),
    path("preview/<int:pk>/changes/", views.pending_preview, name="article-pending-preview"),
    path("section/<slug:slug>/", views.section_detail, name="section-detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("reporters/<slug:slug>/", views.reporter_detail, name="reporter-detail"),
    path("corrections/", views.correction_list, name="corrections"),
    *reach_urls.urlpatterns,
    # Last: a static page's address is any word no other address starts with (articles.pages).
    path("<slug:slug>/", views.page_detail, name="page-detail"),
]
