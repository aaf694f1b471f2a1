"""Test data, made the way the newsroom makes it. One module, plain functions, no shared state."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import live, publishing
from articles.models import Article, Block, Byline, Page, Reporter, Section, Topic
from articles.photos.storage import import_photo
from articles.roles import ensure_editor_group, ensure_reporter_group
from comments.counts import recount
from comments.models import Comment
from comments.posting import build_comment
from comments.protection import make_form_token
from comments.roles import ensure_moderator_group

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


def make_topic(**fields):
    slug = fields.pop("slug", None) or unique("topic")
    fields.setdefault("name", slug.replace("-", " ").title())
    return Topic.objects.create(slug=slug, **fields)


def make_reporter(**fields):
    slug = fields.pop("slug", None) or unique("reporter")
    fields.setdefault("name", slug.replace("-", " ").title())
    fields.setdefault("role", "News Reporter")
    return Reporter.objects.create(slug=slug, **fields)


def make_page(**fields):
    """A static page; published unless told otherwise."""
    slug = fields.pop("slug", None) or unique("page")
    fields.setdefault("title", slug.replace("-", " ").title())
    fields.setdefault("body", "<p>What this page says.</p>")
    fields.setdefault("published", True)
    return Page.objects.create(slug=slug, **fields)


def make_photo(*, width=64, height=40, fmt="JPEG", **fields):
    """A photo stored the way every photo is: through the pipeline, with its renditions."""
    fields.setdefault("caption", "Rescue crews work along the flooded high street")
    fields.setdefault("credit", "Sam Lee/Northern Pictures")
    fields.setdefault("alt_text", "Two firefighters wade through brown water past shopfronts")
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}[fmt]
    return import_photo(image_bytes(width, height, fmt), f"{unique('photo')}.{extension}", **fields)


def make_article(
    *, reporters=None, published=True, publish_at=None, blocks=None, topics=(), **fields
):
    """An article; published an hour ago unless told otherwise."""
    slug = fields.pop("slug", None) or unique("article")
    fields.setdefault("headline", f"Headline of {slug}")
    fields.setdefault("standfirst", f"Standfirst of {slug}.")
    if "section" not in fields:
        fields["section"] = make_section()
    if publish_at is None:
        publish_at = timezone.now() - timedelta(hours=1)
    article = Article(slug=slug, publish_at=publish_at, **fields)
    if published and publish_at > timezone.now():
        publishing.schedule(article, publish_at, by=None)
    elif published:
        publishing.publish(article, at=publish_at, by=None)
    else:
        publishing.unpublish(article, by=None)  # saved as a draft
    for position, reporter in enumerate(reporters or [make_reporter()], 1):
        Byline.objects.create(article=article, reporter=reporter, position=position)
    for position, block in enumerate(blocks or [{"text": "<p>First paragraph.</p>"}], 1):
        Block.objects.create(article=article, position=position, **block)
    if topics:
        article.topics.add(*topics)
    # As if written at its publish time: not "updated" since.
    Article.objects.filter(pk=article.pk).update(updated_at=publish_at)
    article.refresh_from_db()
    return article


def make_live_article(**fields):
    """A published story whose live coverage an editor has started."""
    article = make_article(**fields)
    return live.start_coverage(article, by=None, at=article.publish_at)


def make_update(article, text="<p>Crews are on the scene.</p>", *, by=None, **fields):
    """An update posted on the live ``article`` through ``articles.live.post_update``."""
    pieces = fields.pop("pieces", None) or [{"kind": "text", "text": text}]
    return live.post_update(article, by=by, pieces=pieces, **fields)


def make_editor(username="desk", password="correct horse battery staple", **fields):
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=True, **fields
    )
    user.groups.add(ensure_editor_group())
    return user


def make_reporter_login(username="reporter", password="correct horse battery staple", **fields):
    """A reporter's staff login in the Reporters group, with the Reporter it writes as
    (``user.reporter``)."""
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=True, **fields
    )
    user.groups.add(ensure_reporter_group())
    make_reporter(user=user, name=fields.get("first_name") or username.title())
    return user


def log_in(client, username, password):
    """Log ``client`` in through the admin's login form, as an editor does (the login
    throttle needs the request, so ``client.login`` is refused). True if the form let them in."""
    response = client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": ""}
    )
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def make_demo_newsroom():
    """The demo newsroom, and the pages that show the most of it.

    ``article`` is the newest published article with a lead photo, a subheading, a photo in the
    body and a pull quote; ``section`` is its section; ``reporter`` is a reporter with a portrait,
    a bio and published articles; ``corrected`` is a story with corrections at its foot and
    ``retracted`` one with a retraction above it; ``page`` is the footer's first static page;
    ``topic`` is the article's first topic (with a description); ``live`` is the live story
    (``live_middle`` the update its older page starts before).
    Site-wide checks visit these pages.
    """
    from types import SimpleNamespace

    from articles.demo.loader import load_content, load_corrections, load_live, load_pages
    from comments.demo.loader import load_comments

    load_content()
    load_live()
    load_corrections()
    load_pages()
    load_comments()
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
    corrected = published.filter(corrections__kind="clarification").first()
    retracted = published.filter(corrections__kind="retraction").first()
    topic = article.topics.exclude(description="").first() if article is not None else None
    assert article is not None and reporter is not None and topic is not None, (
        "the demo newsroom lost its showpieces"
    )
    assert corrected is not None and retracted is not None, "the demo newsroom lost its notes"
    page = Page.objects.in_footer().first()
    assert page is not None, "the demo newsroom lost its static pages"
    return SimpleNamespace(
        article=article,
        section=article.section,
        topic=topic,
        reporter=reporter,
        corrected=corrected,
        retracted=retracted,
        page=page,
        live=Article.objects.get(live_started_at__isnull=False),
        live_middle=int(
            Article.objects.get(live_started_at__isnull=False)
            .live_updates.order_by("id")
            .values_list("pk", flat=True)[6]
        ),
    )


def make_moderator(username="moderator", password="correct horse battery staple", **fields):
    """A member of the newsdesk who also moderates comments."""
    user = make_editor(username=username, password=password, **fields)
    user.groups.add(ensure_moderator_group())
    return user


def make_comment(article, *, parent=None, status=Comment.Status.APPROVED, **fields):
    """A comment as if posted and moderated: approved unless told otherwise."""
    n = next(_counter)
    fields.setdefault("name", f"Reader {n}")
    fields.setdefault("email", f"reader{n}@example.com")
    fields.setdefault("text", f"Comment number {n}.")
    fields.setdefault("ip_address", "192.0.2.10")
    # Older than the flood window however many comments the run has made (n counts them all),
    # a second apart in the order they were made.
    fields.setdefault("created_at", timezone.now() - timedelta(days=1) + timedelta(seconds=n))
    comment = build_comment(article, parent, status=status, submission_key=f"factory-{n}", **fields)
    comment.save()
    recount([article.pk])  # as moderation would, once the comment got its status
    return comment


def form_token(article, age=60):
    """A reply form's token for ``article``, as if the form was rendered ``age`` seconds ago."""
    return make_form_token(article.pk, now=timezone.now().timestamp() - age)


def comment_data(article, /, **fields):
    """What a reader's browser posts from the reply form: valid unless ``fields`` say otherwise."""
    data = {
        "article": str(article.pk),
        "parent": "",
        "token": form_token(article),
        "nonce": "",
        "subject": "",
        "comment": "The council should publish the flood map.",
        "name": "Jo Reader",
        "email": "jo@example.com",
        "url": "",
    }
    data.update(fields)
    return data
