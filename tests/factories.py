"""Test data, made the way the newsroom makes it. One module, plain functions, no shared state."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles import images
from articles.models import Article, Block, Byline, Reporter, Section
from articles.roles import ensure_editor_group

_counter = itertools.count(1)


def unique(prefix):
    return f"{prefix}-{next(_counter)}"


def image_bytes(width=64, height=40, fmt="JPEG", color=(200, 60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="photo.jpg", width=64, height=40, fmt="JPEG"):
    content_type = {
        "JPEG": "image/jpeg",
        "PNG": "image/png",
        "WEBP": "image/webp",
        "AVIF": "image/avif",
    }[fmt]
    return SimpleUploadedFile(name, image_bytes(width, height, fmt), content_type=content_type)


def make_section(**fields):
    slug = fields.pop("slug", None) or unique("section")
    fields.setdefault("name", slug.replace("-", " ").title())
    return Section.objects.create(slug=slug, **fields)


def make_reporter(**fields):
    slug = fields.pop("slug", None) or unique("reporter")
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("role", "News Reporter")
    return Reporter.objects.create(slug=slug, **fields)


def make_photo(*, width=64, height=40, fmt="JPEG", **fields):
    """A photo stored the way every photo is: through the pipeline, with its renditions."""
    fields.setdefault("caption", "Rescue crews work along the flooded high street")
    fields.setdefault("credit", "Sam Lee/Northern Pictures")
    fields.setdefault("alt_text", "Two firefighters wade through brown water past shopfronts")
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}[fmt]
    return images.import_photo(
        image_bytes(width, height, fmt), f"{unique('photo')}.{extension}", **fields
    )


def make_article(*, reporters=None, published=True, publish_at=None, blocks=None, **fields):
    """An article; published an hour ago unless told otherwise."""
    slug = fields.pop("slug", None) or unique("article")
    fields.setdefault("headline", f"Headline of {slug}")
    fields.setdefault("standfirst", f"Standfirst of {slug}.")
    if "section" not in fields:
        fields["section"] = make_section()
    if publish_at is None:
        publish_at = timezone.now() - timedelta(hours=1)
    status = Article.Status.PUBLISHED if published else Article.Status.DRAFT
    article = Article.objects.create(
        slug=slug,
        status=status,
        publish_at=publish_at,
        first_published_at=publish_at if published else None,
        **fields,
    )
    for position, reporter in enumerate(reporters or [make_reporter()], 1):
        Byline.objects.create(article=article, reporter=reporter, position=position)
    for position, block in enumerate(blocks or [{"text": "<p>First paragraph.</p>"}], 1):
        Block.objects.create(article=article, position=position, **block)
    # As if written at its publish time: not "updated" since.
    Article.objects.filter(pk=article.pk).update(updated_at=publish_at)
    article.refresh_from_db()
    return article


def make_editor(username="desk", password="correct horse battery staple", **fields):
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=True, **fields
    )
    user.groups.add(ensure_editor_group())
    return user


def make_demo_newsroom():
    """The demo newsroom, and the pages that show the most of it.

    ``article`` is the newest published article with a lead photo, a subheading, a photo in the
    body and a pull quote; ``section`` is its section; ``reporter`` is a reporter with a portrait,
    a bio and published articles. Site-wide checks visit these pages.
    """
    from types import SimpleNamespace

    from articles.demo import load_content

    load_content()
    published = Article.objects.published()
    article = (
        published.filter(lead_photo__isnull=False, blocks__kind="heading")
        .filter(blocks__kind="photo")
        .filter(blocks__kind="quote")
        .distinct()
        .first()
    )
    reporter = (
        Reporter.objects.filter(portrait__isnull=False, articles__in=published)
        .exclude(bio="")
        .distinct()
        .first()
    )
    assert article is not None and reporter is not None, "the demo newsroom lost its showpieces"
    return SimpleNamespace(article=article, section=article.section, reporter=reporter)
