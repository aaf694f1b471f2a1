"""Template tags for public pages: photos with their captions, share links."""

from urllib.parse import quote, urlencode

from django import template
from django.utils import timezone

from newsroom.site import absolute_url

register = template.Library()


@register.inclusion_tag("includes/photo_figure.html")
def photo_figure(photo, caption=None, lead=False, sizes="(min-width: 50rem) 46rem, 100vw"):
    """One way to show any photo: a ``figure`` with the image, its caption and credit.

    ``caption`` replaces the photo's own caption (an article may tell it differently);
    ``lead`` marks the photo at the top of a page, which loads first instead of lazily.
    """
    return {
        "photo": photo,
        "caption": photo.caption if caption in (None, "") else caption,
        "lead": lead,
        "sizes": sizes,
    }


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_links(context, article):
    """Plain links to share ``article``: no script from any of the services is loaded."""
    url = absolute_url(context["request"], article.get_absolute_url())
    title = article.headline
    text = f"{title} {url}"
    return {
        "url": url,
        "title": title,
        "links": [
            (
                "facebook",
                "Facebook",
                "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
            ),
            ("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
            (
                "linkedin",
                "LinkedIn",
                "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
            ),
            ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
            (
                "email",
                "Email",
                f"mailto:?subject={quote(title)}&body={quote(url)}",
            ),
        ],
    }


@register.filter
def iso_datetime(value):
    """``value`` in the site's time zone as ISO 8601 to the second, for ``<time datetime>``.

    Django's ``date:"c"`` writes microseconds, and HTML allows at most three digits of a second.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
