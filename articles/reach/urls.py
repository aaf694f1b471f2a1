"""Addresses of search, feeds, sitemaps and robots.txt, in the ``articles`` namespace (the
articles app includes them)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, views
from .sitemaps import NEWS_SITEMAPS, SITEMAPS

urlpatterns = [
    path("search/", views.search, name="search"),
    path("feed/", feeds.LatestArticles(), name="feed-rss"),
    path("feed/atom/", feeds.LatestArticlesAtom(), name="feed-atom"),
    path("section/<slug:slug>/feed/", feeds.SectionArticles(), name="section-feed-rss"),
    path("section/<slug:slug>/feed/atom/", feeds.SectionArticlesAtom(), name="section-feed-atom"),
    path("topics/<slug:slug>/feed/", feeds.TopicArticles(), name="topic-feed-rss"),
    path("topics/<slug:slug>/feed/atom/", feeds.TopicArticlesAtom(), name="topic-feed-atom"),
    path("reporters/<slug:slug>/feed/", feeds.ReporterArticles(), name="reporter-feed-rss"),
    path(
        "reporters/<slug:slug>/feed/atom/",
        feeds.ReporterArticlesAtom(),
        name="reporter-feed-atom",
    ),
    path("corrections/feed/", feeds.LatestCorrections(), name="corrections-feed-rss"),
    path("corrections/feed/atom/", feeds.LatestCorrectionsAtom(), name="corrections-feed-atom"),
    path("news/<slug:slug>/updates/feed/", feeds.LiveStoryUpdates(), name="live-feed-rss"),
    path(
        "news/<slug:slug>/updates/feed/atom/", feeds.LiveStoryUpdatesAtom(), name="live-feed-atom"
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
