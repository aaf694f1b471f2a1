"""RSS 2.0 and Atom feeds: the whole site, each section, each topic and each reporter.

Each feed carries the newest ``NEWSROOM_FEED_ITEMS`` published articles with their reporters,
publish and update times, section, lead photo (as an enclosure) and either the standfirst or,
with ``NEWSROOM_FEED_FULL_TEXT``, the whole body as well (RSS ``content:encoded``, Atom
``content``). Links are absolute, on ``NEWSROOM_BASE_URL`` when it is set.
"""

import copy
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from newsroom.caching import tag
from newsroom.site import absolute_url

from .. import cachetags, live
from ..models import Article, Block, Correction, Reporter, Section, Topic

DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"


class NewsroomRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one ``dc:creator`` per reporter (RSS's own ``author`` must be an email
    address, which we do not publish) and the full text in ``content:encoded``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DC, "xmlns:content": CONTENT}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _ in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["content"]:
            handler.addQuickElement("content:encoded", item["content"])


class NewsroomAtomFeed(Atom1Feed):
    """Atom with an ``author`` per reporter (name and page) and the full text in ``content``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        if item["content"]:
            handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestArticles(Feed):
    """The newest published articles on the site."""

    feed_type = NewsroomRssFeed

    def get_feed(self, obj, request):
        # One Feed instance serves every request: this request's copy knows its request.
        feed = copy.copy(self)
        feed.request = request
        return super(LatestArticles, feed).get_feed(obj, request)

    def absolute(self, path):
        return absolute_url(self.request, path)

    # The feed

    def title(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def description(self, obj):
        return settings.NEWSROOM_SITE_TAGLINE

    subtitle = description

    def link(self, obj):
        return self.absolute(reverse("articles:front-page"))

    def feed_url(self, obj):
        return self.absolute(self.request.path)

    def author_name(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def feed_copyright(self, obj):
        return f"© {settings.NEWSROOM_SITE_NAME}"

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        articles = self.articles(obj).for_listing()
        if settings.NEWSROOM_FEED_FULL_TEXT:
            articles = articles.prefetch_related(
                Prefetch("blocks", queryset=Block.objects.select_related("photo"))
            )
        return articles[: settings.NEWSROOM_FEED_ITEMS]

    # Each article

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Readers treat the description as HTML: the standfirst is plain text, so escape it.
        return escape(item.standfirst)

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_guid(self, item):
        return self.absolute(item.get_absolute_url())

    def item_guid_is_permalink(self, item):
        return True

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_categories(self, item):
        return [item.section.name]

    def item_enclosures(self, item):
        photo = item.lead_photo
        if photo is None:
            return []
        try:
            # Asks the storage for the file's size: one call per item, at most
            # NEWSROOM_FEED_ITEMS of them.
            length = photo.image.size
        except OSError:
            return []
        mime_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
        return [Enclosure(self.absolute(photo.image.url), str(length), mime_type)]

    def item_extra_kwargs(self, item):
        return {
            "authors": [
                (byline.reporter.name, self.absolute(byline.reporter.get_absolute_url()))
                for byline in item.bylines.all()
            ],
            "content": self.full_text(item) if settings.NEWSROOM_FEED_FULL_TEXT else "",
        }

    def full_text(self, item):
        return render_to_string(
            "articles/feed_full_text.html",
            {"article": item, "blocks": item.blocks.all()},
            request=self.request,
        )


class LatestArticlesAtom(LatestArticles):
    feed_type = NewsroomAtomFeed


class SectionArticles(LatestArticles):
    """The newest published articles in one section."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{obj.name} – {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return obj.description or f"The latest {obj.name} news from {settings.NEWSROOM_SITE_NAME}"

    subtitle = description

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def articles(self, obj):
        return Article.objects.published().filter(section=obj)


class SectionArticlesAtom(SectionArticles):
    feed_type = NewsroomAtomFeed


class TopicArticles(LatestArticles):
    """The newest published articles on one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"{obj.name} – {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return obj.description or f"The latest on {obj.name} from {settings.NEWSROOM_SITE_NAME}"

    subtitle = description

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def articles(self, obj):
        return Article.objects.published().filter(topics=obj)


class TopicArticlesAtom(TopicArticles):
    feed_type = NewsroomAtomFeed


class ReporterArticles(LatestArticles):
    """The newest published articles by one reporter."""

    def get_object(self, request, slug):
        return get_object_or_404(Reporter, slug=slug)

    def title(self, obj):
        return f"{obj.name} – {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return f"The latest articles by {obj.name} for {settings.NEWSROOM_SITE_NAME}"

    subtitle = description

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def articles(self, obj):
        return Article.objects.published().filter(bylines__reporter=obj)


class ReporterArticlesAtom(ReporterArticles):
    feed_type = NewsroomAtomFeed


class LatestCorrections(LatestArticles):
    """The newest corrections, clarifications, editor's notes and retractions readers see
    (``/corrections/``), each linking to its place on its story."""

    def title(self, obj):
        return f"Corrections and clarifications – {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return (
            "Every correction, clarification, editor’s note and retraction on "
            f"{settings.NEWSROOM_SITE_NAME}’s stories, newest first."
        )

    subtitle = description

    def link(self, obj):
        return self.absolute(reverse("articles:corrections"))

    def items(self, obj):
        corrections = Correction.objects.on_public_site().select_related("article")
        return corrections[: settings.NEWSROOM_FEED_ITEMS]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item):
        # Plain text as the editor typed it; readers treat the description as HTML.
        return escape(item.text)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_enclosures(self, item):
        return []

    def item_extra_kwargs(self, item):
        return {"authors": [], "content": ""}


class LatestCorrectionsAtom(LatestCorrections):
    feed_type = NewsroomAtomFeed


class LiveStoryUpdates(LatestArticles):
    """A live story's updates, newest first (withdrawn ones left out), each linking to its
    place on the story (``#update-<id>``) with its pieces as HTML. Carries the story's tag, so
    a new update retires it and nothing else does."""

    def get_object(self, request, slug):
        article = live.published_story(slug)
        tag(request, cachetags.article(article.pk))
        return article

    def title(self, obj):
        return f"{obj.headline}: live updates – {settings.NEWSROOM_SITE_NAME}"

    def description(self, obj):
        return obj.standfirst

    subtitle = description

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def items(self, obj):
        updates = obj.live_updates.shown().for_page().order_by("-id")
        updates = list(updates[: settings.NEWSROOM_FEED_ITEMS])
        for update in updates:
            update.article = obj
        return updates

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return render_to_string(
            "articles/live_update_feed.html", {"update": item}, request=self.request
        )

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_guid(self, item):
        # The id feed readers have held for it from the first: the story's address and the
        # update's anchor (its link has since become its own address, ``?update=``).
        return self.absolute(f"{item.article.get_absolute_url()}#{item.anchor}")

    def item_pubdate(self, item):
        return item.posted_at

    def item_updateddate(self, item):
        return item.edited_at or item.posted_at

    def item_categories(self, item):
        return ["Key event"] if item.key_event else []

    def item_enclosures(self, item):
        return []

    def item_extra_kwargs(self, item):
        reporter = item.reporter
        authors = [(reporter.name, self.absolute(reporter.get_absolute_url()))] if reporter else []
        return {"authors": authors, "content": ""}


class LiveStoryUpdatesAtom(LiveStoryUpdates):
    feed_type = NewsroomAtomFeed
