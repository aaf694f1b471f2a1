"""Schema.org data for search engines and aggregators, as plain dicts: ``NewsArticle`` and
``BreadcrumbList`` for an article page, ``Organization`` and ``WebSite`` (with its search box)
for the front page. Templates write them out as JSON-LD with ``newsroom``'s ``json_ld_script``."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from newsroom.site import absolute_url

from ..richtext import to_text

# The publisher's logo (static file, pixels wide, pixels high).
LOGO = ("img/logo.png", 512, 512)
# The site's language as a BCP 47 tag ("en-gb" becomes "en-GB").
_language, _, _region = settings.LANGUAGE_CODE.partition("-")
LANGUAGE = f"{_language}-{_region.upper()}" if _region else _language


def modified_time(article):
    """When the article last changed, as readers and machines should see it: never before it
    was published (an article written on Monday and published on Friday was modified Friday)."""
    return max(article.updated_at, article.publish_at)


def _time(value):
    return timezone.localtime(value).isoformat()


def _home(request):
    return absolute_url(request, reverse("articles:front-page"))


def logo(request):
    path, width, height = LOGO
    return {
        "@type": "ImageObject",
        "url": absolute_url(request, static(path)),
        "width": width,
        "height": height,
    }


def organization(request):
    home = _home(request)
    return {
        "@type": "Organization",
        "@id": home + "#organization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": home,
        "logo": logo(request),
    }


def website(request):
    home = _home(request)
    search = absolute_url(request, reverse("articles:search"))
    return {
        "@type": "WebSite",
        "@id": home + "#website",
        "name": settings.NEWSROOM_SITE_NAME,
        "description": settings.NEWSROOM_SITE_TAGLINE,
        "url": home,
        "inLanguage": LANGUAGE,
        "publisher": {"@id": home + "#organization"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }


def news_article(request, article, corrections=(), live_updates=None):
    """Expects the article's section, lead photo and byline loaded (``for_listing``) and its
    topics prefetched (``views.render_article``); ``corrections`` are the notes the page shows
    (``articles.corrections.for_article``). A story with live coverage is a ``LiveBlogPosting``
    (a kind of ``NewsArticle`` for machines reading schema.org) with ``live_updates``, its
    newest updates, as ``liveBlogUpdate``."""
    url = absolute_url(request, article.get_absolute_url())
    data = {
        "@type": "NewsArticle",
        "@id": url + "#article",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.headline,
        "description": article.standfirst,
        "articleSection": article.section.name,
        "inLanguage": LANGUAGE,
        "datePublished": _time(article.publish_at),
        "dateModified": _time(modified_time(article)),
        "author": [
            {
                "@type": "Person",
                "name": byline.reporter.name,
                "url": absolute_url(request, byline.reporter.get_absolute_url()),
                **({"jobTitle": byline.reporter.role} if byline.reporter.role else {}),
            }
            for byline in article.bylines.all()
        ],
        "publisher": organization(request),
        "isAccessibleForFree": True,
    }
    topics = [topic.name for topic in article.topics.all()]
    if topics:
        data["keywords"] = topics
    if article.lead_photo:
        # The photo as uploaded; the photo pipeline's 1200-wide renditions belong here too.
        data["image"] = [absolute_url(request, article.lead_photo.image.url)]
    if corrections:
        data["correction"] = [correction_comment(request, note) for note in corrections]
    if article.has_live_coverage:
        data["@type"] = "LiveBlogPosting"
        data["coverageStartTime"] = _time(article.live_started_at)
        if article.live_ended_at:
            data["coverageEndTime"] = _time(article.live_ended_at)
        data["liveBlogUpdate"] = [blog_posting(request, update) for update in (live_updates or ())]
    return data


def blog_posting(request, update):
    """One live update as schema.org's ``BlogPosting``: its words as plain text."""
    words = " ".join(
        to_text(piece.text) if piece.kind == "text" else piece.words or piece.shown_caption
        for piece in update.pieces.all()
    ).strip()
    data = {
        "@type": "BlogPosting",
        "@id": absolute_url(request, update.get_absolute_url()),
        "url": absolute_url(request, update.get_absolute_url()),
        "headline": update.title or Truncator(words).chars(110) or str(update),
        "datePublished": _time(update.posted_at),
        "dateModified": _time(update.edited_at or update.posted_at),
        "articleBody": words,
    }
    if update.reporter:
        data["author"] = {
            "@type": "Person",
            "name": update.reporter.name,
            "url": absolute_url(request, update.reporter.get_absolute_url()),
        }
    return data


def correction_comment(request, correction):
    """A note on the record as schema.org's ``CorrectionComment`` (Google reads ``text`` and
    ``datePublished``)."""
    return {
        "@type": "CorrectionComment",
        "url": absolute_url(request, correction.get_absolute_url()),
        "name": correction.get_kind_display(),
        "text": correction.text,
        "datePublished": _time(correction.published_at),
    }


def breadcrumbs(request, article):
    trail = [
        ("Home", reverse("articles:front-page")),
        (article.section.name, article.section.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    ]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(request, path),
            }
            for position, (name, path) in enumerate(trail, 1)
        ],
    }


def graph(*nodes):
    return {"@context": "https://schema.org", "@graph": list(nodes)}
