from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, views
from .sitemaps import NEWS_SITEMAPS, SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.front_page, name="front-page"),
    path("news/<slug:slug>/", views.article_detail, name="article-detail"),
    path("preview/<int:pk>/", views.article_preview, name="article-preview"),
    path("section/<slug:slug>/", views.section_detail, name="section-detail"),
    path("reporters/<slug:slug>/", views.reporter_detail, name="reporter-detail"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.LatestArticles(), name="feed-rss"),
    path("feed/atom/", feeds.LatestArticlesAtom(), name="feed-atom"),
    path("section/<slug:slug>/feed/", feeds.SectionArticles(), name="section-feed-rss"),
    path("section/<slug:slug>/feed/atom/", feeds.SectionArticlesAtom(), name="section-feed-atom"),
    path("reporters/<slug:slug>/feed/", feeds.ReporterArticles(), name="reporter-feed-rss"),
    path(
        "reporters/<slug:slug>/feed/atom/",
        feeds.ReporterArticlesAtom(),
        name="reporter-feed-atom",
    ),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="sitemap-news",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
