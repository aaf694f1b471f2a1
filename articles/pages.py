"""Static pages: About, Contact, the newsroom's policies. Each lives at ``/<slug>/`` and, when
the editors say so, is linked from the foot of every page.

A page's address sits beside the site's own (``/news/``, ``/search/``, ``/admin/``…), so a slug
that one of them already uses is refused. The taken words are read from the URLconf itself
(``site_addresses``): an address the site gains later is refused without anyone updating a list.
The URLconf is read when a slug is checked, never at import, so this module imports no view.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.text import Truncator

from .richtext import RichTextField, to_text

# The literal start of a pattern's first segment: "news" of "news/<slug:slug>/", "sitemap" of
# "sitemap-<section>.xml", nothing of "<slug:slug>/" (the pages' own pattern).
LEADING_WORD = re.compile(r"[A-Za-z0-9_-]+")
# Where one paragraph, list item or line ends and the next begins: a space in the plain text.
BLOCK_END = re.compile(r"</(?:p|li)>|<br\s*/?>", re.IGNORECASE)


def _first_words(patterns):
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            text = str(pattern._route)
        elif isinstance(pattern, RegexPattern):
            text = str(pattern._regex).lstrip("^").replace("\\", "")
        else:
            text = str(pattern)
        if not text:
            if isinstance(entry, URLResolver):
                # An include() at the root: its own patterns are at the root too.
                yield from _first_words(entry.url_patterns)
            continue
        match = LEADING_WORD.match(text)
        if match and match.group().strip("-_"):
            yield match.group().strip("-_").lower()


def site_addresses():
    """The first words of every address the site answers besides its pages, lower case:
    ``{"admin", "comments", "news", "section", "search", "feed", "sitemap", "robots",
    "static", "media", …}``."""
    words = set(_first_words(get_resolver().url_patterns))
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        first = (url or "").strip("/").split("/")[0]
        if first and "://" not in (url or ""):
            words.add(first.lower())
    return words


def validate_free_address(slug):
    """Refuse a slug whose address ``/<slug>/`` the site already uses for something else."""
    if slug and slug.lower() in site_addresses():
        raise ValidationError(
            "The site already uses /%(slug)s/ for its own pages. Choose another web address "
            "for this page.",
            code="address_taken",
            params={"slug": slug},
        )


def free_address(slug):
    """``slug``, or ``slug-page`` when the site already uses ``/<slug>/``: for pages made without
    the admin's form (an import), which would otherwise sit behind the site's own address."""
    taken = site_addresses()
    return slug if slug.lower() not in taken else f"{slug}-page"


class PageQuerySet(models.QuerySet):
    def published(self):
        """The one rule for pages: what readers may see. Every public surface asks it."""
        return self.filter(published=True)

    def in_footer(self):
        """Published pages linked from the footer, in the editors' order."""
        return self.published().filter(in_footer=True).order_by("footer_order", "title", "pk")


class Page(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_free_address],
        help_text="The page's web address: “about” makes /about/. Keep it once published.",
    )
    body = RichTextField(
        help_text="Paragraphs, lists, links, bold and italics. Pasted text keeps just those.",
    )
    published = models.BooleanField(
        default=False,
        help_text="Readers see the page only once it is published. Until then “View on site” "
        "shows editors a preview.",
    )
    in_footer = models.BooleanField(
        "in the footer",
        default=False,
        help_text="Link this page from the foot of every page (once it is published).",
    )
    footer_order = models.PositiveSmallIntegerField(
        default=0, help_text="Footer links are listed from low to high."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["footer_order", "title"]
        get_latest_by = "updated_at"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:page-detail", kwargs={"slug": self.slug})

    @property
    def summary(self):
        """The opening words of the body, as plain text: the page's description for search
        engines and link previews."""
        words = to_text(BLOCK_END.sub(" ", self.body or "")).split()
        return Truncator(" ".join(words)).words(30)
