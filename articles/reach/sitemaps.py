"""Sitemaps: an index of the front page, articles (with their lead photos), sections, topics,
reporters and static pages, and a Google News sitemap of the articles published in the last
48 hours.

Addresses are absolute, on ``NEWSROOM_BASE_URL`` when it is set, else on the request's host.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from newsroom.site import absolute_url

from ..models import Article, Correction, Page, Reporter, Section, Topic

NEWS_WINDOW = timedelta(hours=48)


class NewsroomSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        if settings.NEWSROOM_BASE_URL:
            return urlsplit(settings.NEWSROOM_BASE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.NEWSROOM_BASE_URL:
            return urlsplit(settings.NEWSROOM_BASE_URL).netloc
        return super().get_domain(site)

    def base_url(self, site=None, protocol=None):
        return f"{self.get_protocol(protocol)}://{self.get_domain(site)}"


class PagesSitemap(NewsroomSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["articles:front-page", "articles:corrections"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item == "articles:corrections":
            latest = Correction.objects.on_public_site().first()
            return latest.published_at if latest else None
        latest = Article.objects.published().order_by("-publish_at").first()
        return latest.publish_at if latest else None


class ArticleSitemap(NewsroomSitemap):
    """Every published article, newest first, with its lead photo as an image entry."""

    limit = 2000

    def items(self):
        return (
            Article.objects.published()
            .select_related("lead_photo")
            # The photo's size too: Django reads it whenever a photo is loaded.
            .only(
                "slug",
                "publish_at",
                "updated_at",
                "lead_photo__image",
                "lead_photo__width",
                "lead_photo__height",
            )
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)

    def get_latest_lastmod(self):
        # One aggregate query: Django's default would load every article to find it.
        latest = Article.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("publish_at")
        )
        return max(filter(None, latest.values()), default=None)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = self.base_url(site, protocol)
        for url_info in urls:
            photo = url_info["item"].lead_photo
            if photo is None:
                url_info["images"] = []
            elif photo.image.url.startswith(("http://", "https://")):
                url_info["images"] = [photo.image.url]
            else:
                url_info["images"] = [base + photo.image.url]
        return urls


def latest_published(**filters):
    return Subquery(
        Article.objects.published()
        .filter(**filters)
        .order_by("-publish_at")
        .values("publish_at")[:1]
    )


class SectionSitemap(NewsroomSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.annotate(latest=latest_published(section=OuterRef("pk")))

    def lastmod(self, item):
        return item.latest


class TopicSitemap(NewsroomSitemap):
    """Topics with at least one published article."""

    changefreq = "hourly"

    def items(self):
        published = Article.objects.published().filter(topics=OuterRef("pk"))
        return (
            Topic.objects.filter(Exists(published))
            .annotate(latest=latest_published(topics=OuterRef("pk")))
            .order_by("name", "pk")
        )

    def lastmod(self, item):
        return item.latest


class ReporterSitemap(NewsroomSitemap):
    """Reporters with at least one published article."""

    changefreq = "daily"

    def items(self):
        published = Article.objects.published().filter(bylines__reporter=OuterRef("pk"))
        return (
            Reporter.objects.filter(Exists(published))
            .annotate(latest=latest_published(bylines__reporter=OuterRef("pk")))
            .order_by("name", "pk")
        )

    def lastmod(self, item):
        return item.latest


class StaticPageSitemap(NewsroomSitemap):
    """Published static pages (About, Contact, policies), by address."""

    changefreq = "monthly"

    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Page.objects.published().aggregate(updated=Max("updated_at"))["updated"]


class NewsSitemap(NewsroomSitemap):
    """Google News: articles published in the last 48 hours, at most 1,000 of them."""

    limit = 1000

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(publish_at__gte=since)
            .only("slug", "headline", "publish_at", "updated_at")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        language = settings.LANGUAGE_CODE.split("-")[0]
        for url_info in urls:
            url_info["news"] = {
                "publication_name": settings.NEWSROOM_SITE_NAME,
                "language": language,
                "publication_date": url_info["item"].publish_at,
                "title": url_info["item"].headline,
            }
        return urls


SITEMAPS = {
    "pages": PagesSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "topics": TopicSitemap,
    "reporters": ReporterSitemap,
    "static-pages": StaticPageSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}


def sitemap_index_entries(request):
    """The index's entries: each sitemap (and each further page of it) with its lastmod."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(
            request, reverse("articles:sitemap-section", kwargs={"section": section})
        )
        lastmod = sitemap.get_latest_lastmod()
        entries.append({"location": location, "last_mod": lastmod})
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append({"location": f"{location}?p={page}", "last_mod": lastmod})
    return entries


def sitemap_urls(request):
    """The absolute addresses of the sitemap index and the news sitemap, for robots.txt."""
    return [
        absolute_url(request, reverse("articles:sitemap")),
        absolute_url(request, reverse("articles:sitemap-news")),
    ]
