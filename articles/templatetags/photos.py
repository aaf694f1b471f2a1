"""``{% load photos %}``: every photo on a public page, as a ``<picture>`` of its renditions or a
``<figure>`` with its caption and credit."""

import re

from django import template
from django.core.files.storage import FileSystemStorage

register = template.Library()


# What each kind of photo occupies on the page (see static/css/site.css), for ``sizes``.
SIZES = {
    "lead": "(min-width: 60rem) 50rem, (min-width: 44rem) 42rem, calc(100vw - 2rem)",
    "body": "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
    "teaser-lead": "(min-width: 72rem) 41rem, (min-width: 50rem) 57vw, calc(100vw - 2rem)",
    "teaser": "(min-width: 35.5rem) 25rem, calc(100vw - 2rem)",
    "portrait": "8rem",
    "related": "(min-width: 44rem) 10rem, 45vw",
    "thumbnail": "6rem",
}

# Phones (static/css/site.css: the compact teaser rows), for ``narrow_crop``.
NARROW_MEDIA = "(max-width: 37.5rem)"

# A portrait photo (taller than wide) in an article is never taller than this share of the
# viewport (static/css/site.css, .photo--portrait): it is narrower than the column then.
PORTRAIT_MAX_VH = 75

_SIZE_ENTRY = re.compile(r"^\s*(\(.*\))?\s*(\S.*?)\s*$")


def portrait_sizes(sizes, width, height):
    """``sizes`` for a portrait photo at most ``PORTRAIT_MAX_VH`` of the viewport tall: each
    entry's width, or the width of that height at the photo's aspect, whichever is less."""
    by_height = f"{PORTRAIT_MAX_VH * width / height:.2f}vh"
    entries = []
    for entry in sizes.split(", "):
        condition, length = _SIZE_ENTRY.match(entry).groups()
        entries.append(" ".join(filter(None, [condition, f"min({length}, {by_height})"])))
    return ", ".join(entries)


def is_portrait(photo):
    return photo.height > photo.width > 0


def picture(
    photo, crop="full", sizes=SIZES["body"], alt=None, lead=False, css_class="", narrow_crop=""
):
    """What ``includes/photo_picture.html`` needs to show ``photo``: AVIF and JPEG ``srcset``s
    of the ``crop`` computed from the photo row alone (no query, no storage lookup), or the
    original until the renditions are made. With ``narrow_crop``, phones (``NARROW_MEDIA``) get
    that crop as a thumbnail (``SIZES["thumbnail"]``) instead."""
    context = {
        "alt": photo.alt_text if alt is None else alt,
        "lead": lead,
        "sizes": sizes,
        "css_class": css_class,
        "sources": [],
    }
    plan = photo.rendition_plan
    if plan is None:
        context.update(src=photo.image.url, srcset="", width=photo.width, height=photo.height)
        return context
    storage = photo.image.storage
    if isinstance(storage, FileSystemStorage) or getattr(storage, "fixed_addresses", False):
        # Files on disk and in the photo bucket (newsroom/bucket_storage.py) have fixed
        # addresses, the storage's base_url and the name: each photo's are worked out once per
        # process.
        key = (plan.digest, crop, storage.base_url)
        context.update(_local_sources(key, plan, crop, storage))
        narrow = (
            _local_sources((plan.digest, narrow_crop, storage.base_url), plan, narrow_crop, storage)
            if narrow_crop
            else None
        )
    else:
        context.update(_sources(plan, crop, storage))
        narrow = _sources(plan, narrow_crop, storage) if narrow_crop else None
    if narrow is not None:
        # Sources for phones first: the browser takes the first whose media matches.
        for_phones = [*narrow["sources"], {"type": "image/jpeg", "srcset": narrow["srcset"]}]
        context["sources"] = [
            {**source, "media": NARROW_MEDIA, "sizes": SIZES["thumbnail"]} for source in for_phones
        ] + context["sources"]
    return context


def _sources(plan, crop, storage):
    by_format = {}
    for spec in plan.for_crop(crop):
        by_format.setdefault(spec.format, []).append(spec)
    jpegs = by_format.pop("jpeg")
    largest = jpegs[-1]
    fallback = next((spec for spec in jpegs if spec.width >= 640), largest)
    return {
        "src": storage.url(fallback.name),
        "srcset": ", ".join(f"{storage.url(spec.name)} {spec.width}w" for spec in jpegs),
        "width": largest.width,
        "height": largest.height,
        "sources": [
            {
                "type": specs[0].mime_type,
                "srcset": ", ".join(f"{storage.url(spec.name)} {spec.width}w" for spec in specs),
            }
            for specs in by_format.values()
        ],
    }


_LOCAL_SOURCES = {}


def _local_sources(key, plan, crop, storage):
    """``_sources`` remembered by ``key``: the plan's digest names every file in it. (Building
    a teaser list's hundred file addresses took a tenth of the front page's time.)"""
    found = _LOCAL_SOURCES.get(key)
    if found is None:
        if len(_LOCAL_SOURCES) >= 8192:
            _LOCAL_SOURCES.clear()
        found = _LOCAL_SOURCES[key] = _sources(plan, crop, storage)
    return found


@register.inclusion_tag("includes/photo_picture.html")
def photo_picture(
    photo, crop="full", sizes="body", alt=None, lead=False, css_class="", narrow_crop=""
):
    """Any photo on a public page: a ``picture`` with AVIF and JPEG renditions of ``crop``
    ("full", "16:9" or "1:1"). ``sizes`` names a layout in SIZES; ``lead`` marks a photo at
    the top of the page, fetched first instead of lazily; ``alt=""`` marks it decorative;
    ``narrow_crop`` is the crop phones get as a small thumbnail (teaser rows)."""
    return picture(photo, crop, SIZES.get(sizes, sizes), alt, lead, css_class, narrow_crop)


@register.inclusion_tag("includes/photo_figure.html")
def photo_figure(photo, caption=None, lead=False, sizes=None):
    """A photo in an article: a ``figure`` with the picture, its caption and credit.

    ``caption`` replaces the photo's own caption (an article may tell it differently);
    ``lead`` marks the photo at the top of a page, which loads first instead of lazily;
    ``sizes`` (a name in SIZES, or a ``sizes`` value) for a figure outside the article column.
    A portrait photo (taller than wide) is limited in height, so narrower: its ``sizes`` say so.
    """
    sizes = SIZES.get(sizes, sizes) if sizes else SIZES["lead" if lead else "body"]
    portrait = is_portrait(photo)
    if portrait:
        sizes = portrait_sizes(sizes, photo.width, photo.height)
    return {
        **picture(photo, sizes=sizes, lead=lead),
        "photo": photo,
        "portrait": portrait,
        "caption": photo.caption if caption in (None, "") else caption,
    }
