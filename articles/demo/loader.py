"""The demo newsroom: sections, topics, reporters, photos drawn on the spot, and articles.

Loading is idempotent: whatever already exists (matched by slug, or by file name for photos) is
left as it is, so an editor's changes to demo content survive the next ``make run``.
"""

import io
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from .. import frontpage, live, publishing, revisions
from ..corrections import add_correction
from ..models import (
    Article,
    Block,
    BreakingNews,
    Byline,
    Correction,
    FrontPageSlot,
    LiveUpdate,
    Page,
    Photo,
    Reporter,
    Section,
    Topic,
)
from ..photos.storage import atomic_files, import_photo, save_photo, stored_size, sync_renditions
from ..roles import ensure_editor_group, ensure_reporter_group
from . import content, pictures
from .review import load_review_desk

DEMO_USERNAME = "editor"
DEMO_REPORTER_USERNAME = "reporter"


# Where the face is in the drawn portraits: their square crops keep it.
DEMO_FOCAL_POINTS = {"portrait": (0.5, 0.3)}


def demo_photo(key):
    """The demo photo ``key``, drawn and imported through the photo pipeline the first time it
    is needed (as an editor's upload would be: checked, cleaned, stored with its renditions).

    Drawn photos keep fixed names (``photos/demo/<key>.jpg``): drawing is deterministic, so a
    picture and renditions already on disk from an earlier load are used as they are. A photo
    whose entry names a ``file`` (a photograph of the newsroom's own, its path absolute or
    relative to the project) is imported from that file instead, under a server-made name."""
    spec = content.PHOTOS[key]
    name = f"photos/demo/{key}.jpg"
    photo = Photo.objects.filter(Q(image=name) | Q(alt_text=spec["alt"], credit=spec["credit"]))
    if (found := photo.first()) is not None:
        return found
    focal_x, focal_y = DEMO_FOCAL_POINTS.get(spec.get("scene"), (None, None))
    fields = {
        "caption": spec["caption"],
        "credit": spec["credit"],
        "alt_text": spec["alt"],
        "focal_x": focal_x,
        "focal_y": focal_y,
    }
    if spec.get("file"):
        path = Path(settings.BASE_DIR, spec["file"])
        return import_photo(path.read_bytes(), path.name, **fields)
    if Photo._meta.get_field("image").storage.exists(name):
        # Drawn and stored by an earlier load (the database is new, the media folder is not).
        photo = Photo(image=name, **fields)
        photo.width, photo.height = stored_size(photo)
        return save_photo(photo)
    buffer = io.BytesIO()
    image = pictures.render_scene(spec["scene"], spec["seed"])
    image.save(buffer, "JPEG", quality=90)
    return import_photo(buffer.getvalue(), f"{key}.jpg", stored_name=name, **fields)


def ensure_renditions():
    """Make the renditions photos lack (photos loaded before they existed, or after the
    rendition settings changed, or stored without their size); return how many photos needed
    them."""
    count = 0
    for photo in Photo.objects.all():
        if not (photo.width and photo.height):
            photo.width, photo.height = stored_size(photo)
            Photo.objects.filter(pk=photo.pk).update(width=photo.width, height=photo.height)
        if photo.rendition_plan is None:
            sync_renditions(photo)
            count += 1
    return count


@atomic_files()  # a transaction that also deletes the photo files if loading fails
def load_content(now=None):
    """Create whatever part of the demo newsroom is missing; return the count of new articles."""
    now = now or timezone.now()
    sections = {}
    for order, spec in enumerate(content.SECTIONS):
        sections[spec["slug"]], _ = Section.objects.get_or_create(
            slug=spec["slug"],
            defaults={"name": spec["name"], "description": spec["description"], "order": order},
        )
    reporters = {}
    for spec in content.REPORTERS:
        reporter = Reporter.objects.filter(slug=spec["slug"]).first()
        if reporter is None:
            reporter = Reporter.objects.create(
                slug=spec["slug"],
                name=spec["name"],
                role=spec["role"],
                bio=spec["bio"],
                portrait=demo_photo(spec["portrait"]) if spec.get("portrait") else None,
            )
        reporters[spec["slug"]] = reporter

    created = []
    for spec in content.ARTICLES:
        if Article.objects.filter(slug=spec["slug"]).exists():
            continue
        publish_at = now + timedelta(hours=spec["hours"])
        article = Article(
            slug=spec["slug"],
            headline=spec["headline"],
            standfirst=spec["standfirst"],
            section=sections[spec["section"]],
            lead_photo=demo_photo(spec["lead_photo"]) if spec.get("lead_photo") else None,
            publish_at=publish_at,
            comments_open=spec.get("comments_open", True),
        )
        if spec["status"] == "draft":
            publishing.unpublish(article, by=None)  # saved as a draft
        elif publish_at > timezone.now():
            publishing.schedule(article, publish_at, by=None)
        else:
            publishing.publish(article, at=publish_at, by=None)
        Byline.objects.bulk_create(
            Byline(article=article, reporter=reporters[slug], position=position)
            for position, slug in enumerate(spec["reporters"], 1)
        )
        for position, (kind, value) in enumerate(spec["body"], 1):
            Block(article=article, position=position, **piece_fields(kind, value)).save()
        if spec.get("updated_hours") is not None:
            # auto_now would stamp "now"; the demo shows an article updated after it went out.
            Article.objects.filter(pk=article.pk).update(
                updated_at=now + timedelta(hours=spec["updated_hours"])
            )
        else:
            Article.objects.filter(pk=article.pk).update(updated_at=publish_at)
        created.append(spec["slug"])
    load_topics(created)
    return len(created)


def piece_fields(kind, value):
    """A body piece of the demo's content (``(kind, value)``) as a piece's fields."""
    if kind == "photo":
        return {
            "kind": kind,
            "photo": demo_photo(value["photo"]),
            "caption": value.get("caption") or "",
        }
    if kind == "quote":
        return {"kind": kind, "words": value["text"], "attribution": value.get("attribution", "")}
    if kind == "heading":
        return {"kind": kind, "words": value}
    return {"kind": kind, "text": value}


def load_live(now=None):
    """The live story (``content.LIVE``): published, its coverage started by the desk and a
    dozen updates posted through ``articles.live`` at their times, made once: a story at that
    address already is left as it is. Returns how many updates were posted."""
    now = now or timezone.now()
    spec = content.LIVE
    if Article.objects.filter(slug=spec["slug"]).exists():
        return 0
    publish_at = now + timedelta(hours=spec["hours"])
    article = Article(
        slug=spec["slug"],
        headline=spec["headline"],
        standfirst=spec["standfirst"],
        section=Section.objects.get(slug=spec["section"]),
        lead_photo=demo_photo(spec["lead_photo"]),
        publish_at=publish_at,
    )
    publishing.publish(article, at=publish_at, by=None)
    reporters = {r.slug: r for r in Reporter.objects.filter(slug__in=spec["reporters"])}
    Byline.objects.bulk_create(
        Byline(article=article, reporter=reporters[slug], position=position)
        for position, slug in enumerate(spec["reporters"], 1)
    )
    for position, (kind, value) in enumerate(spec["body"], 1):
        Block(article=article, position=position, **piece_fields(kind, value)).save()
    Article.objects.filter(pk=article.pk).update(updated_at=publish_at)
    article.updated_at = publish_at
    live.start_coverage(article, by=None, at=publish_at)
    for update in spec["updates"]:
        live.post_update(
            article,
            by=None,
            title=update.get("title", ""),
            key_event=update.get("key_event", False),
            reporter=reporters[update["reporter"]],
            pieces=[piece_fields(kind, value) for kind, value in update["body"]],
            at=now + timedelta(minutes=update["minutes"]),
        )
    return len(spec["updates"])


def load_topics(new_articles):
    """The demo topics, on their articles. A topic goes onto a demo article when either of them
    is new in this load: a newsroom loaded before topics existed gets them, and a topic an
    editor has since taken off an article stays off."""
    for spec in content.TOPICS:
        topic, new = Topic.objects.get_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "description": spec["description"]}
        )
        slugs = spec["articles"] if new else [s for s in spec["articles"] if s in new_articles]
        articles = Article.objects.filter(slug__in=slugs)
        if slugs and articles.exists():
            topic.articles.add(*articles)


def load_front_page(now=None):
    """The editors' pinned lead and Breaking banner (``content.FRONT_PAGE``), set once: a front
    page an editor has arranged since, or a banner set or cleared since, is left as it is."""
    now = now or timezone.now()
    spec = content.FRONT_PAGE
    if not FrontPageSlot.objects.exists():
        for slug, position in spec["pinned"]:
            frontpage.pin(Article.objects.get(slug=slug), position, by=None)
    if not BreakingNews.objects.exists():
        breaking = spec["breaking"]
        frontpage.mark_breaking(
            Article.objects.get(slug=breaking["slug"]),
            breaking.get("label", ""),
            until=now + timedelta(hours=breaking["hours"]) if breaking.get("hours") else None,
            by=None,
        )


def load_corrections(now=None, by=None):
    """The notes on the record (``content.CORRECTIONS``), added through ``add_correction`` by
    ``by`` as an editor's would be; a story that has notes already is left as it is."""
    now = now or timezone.now()
    stories = {}
    for spec in content.CORRECTIONS:
        stories.setdefault(spec["slug"], []).append(spec)
    added = 0
    for slug, specs in stories.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None or article.corrections.exists():
            continue
        notes = []
        for spec in specs:
            replaces = notes[spec["replaces"]] if "replaces" in spec else None
            at = now + timedelta(hours=spec["hours"])
            notes.append(
                add_correction(
                    article, spec["kind"], spec["text"], by=by, supersedes=replaces, at=at
                )
            )
        added += len(notes)
    return added


def load_pages():
    """The static pages (``content.PAGES``), published and in the footer; a page whose address
    exists already is left as the editors made it. Return how many are new."""
    created = 0
    for order, spec in enumerate(content.PAGES, 1):
        _, new = Page.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "body": spec["body"],
                "published": True,
                "in_footer": True,
                "footer_order": order,
            },
        )
        created += new
    return created


def load(demo):
    """The articles app's part of ``manage.py load_demo`` (``newsroom.demo``). The front page's
    arrangement is the demo's alone (``load_front_page``): tests that build the demo newsroom with
    ``load_content`` get the plain newest-first front page."""
    created = load_content(demo.now)
    posted = load_live(demo.now)
    load_front_page(demo.now)
    pages = load_pages()
    ensure_renditions()
    user, password = ensure_demo_editor(default_password_file())
    reporter, reporter_password = ensure_demo_login(
        DEMO_REPORTER_USERNAME,
        ("Amara", "Okafor"),
        default_password_file("reporter"),
        ensure_reporter_group(),
    )
    created += load_review_desk(reporter)  # the reporter's story, in review
    load_corrections(demo.now, by=user)
    load_history(user, demo.now)
    archive = load_wordpress_archive()
    demo.count(f"{Section.objects.count()} sections")
    demo.count(f"{Topic.objects.count()} topics")
    demo.count(f"{Reporter.objects.count()} reporters")
    demo.count(f"{Photo.objects.count()} photos")
    demo.count(f"{Article.objects.count()} articles ({created} new)")
    demo.count(f"{Correction.objects.count()} corrections on the record")
    demo.count(
        f"a live story with {LiveUpdate.objects.count()} updates ({posted} new): "
        + Article.objects.get(slug=content.LIVE["slug"]).get_absolute_url()
    )
    demo.count(f"{revisions.revision_count()} article revisions")
    demo.count(f"{Page.objects.count()} pages ({pages} new)")
    demo.count(
        f"an archive story brought in from WordPress ({archive}): its old address "
        f"{ARCHIVE_OLD_ADDRESS} redirects to it"
    )
    demo.login("demo editor", user, password, role="editor")
    demo.login("demo reporter", reporter, reporter_password, role="reporter")


ARCHIVE = Path(__file__).with_name("wordpress") / "archive.xml"
ARCHIVE_OLD_ADDRESS = "/2019/04/12/harbour-lights-switched-on-again/"


def load_wordpress_archive():
    """The archive of the site the demo newsroom moved from (``wordpress/archive.xml``, a
    WordPress export), imported as ``manage.py import_wordpress`` imports one: a story with its
    photo, caption, pull quote, topic and a three-deep thread, and its old addresses redirecting.
    Its photo is drawn here, into a stand-in for the old site's uploads folder. Importing again
    changes nothing (the importer keeps each WordPress id). Returns what the report counted."""
    from ..wordpress.importer import Importer

    with tempfile.TemporaryDirectory(prefix="newsroom-demo-uploads-") as uploads:
        folder = Path(uploads, "2019", "04")
        folder.mkdir(parents=True)
        picture = pictures.render_scene("harbour", 412, width=1600, height=1000)
        picture.save(folder / "harbour-lights.jpg", "JPEG", quality=90)
        report = Importer(ARCHIVE, media_dir=uploads, default_section="From the archive").run()
    made = {kind: n for (kind, outcome), n in report.counts.items() if outcome == "created" and n}
    words = {
        "article": ("story", "stories"),
        "photo": ("photo", "photos"),
        "comment": ("comment", "comments"),
        "redirect": ("old address", "old addresses"),
    }
    parts = [f"{made[k]} {words[k][made[k] != 1]}" for k in words if k in made]
    return ", ".join(parts) + " new" if parts else "already there"


def load_history(editor, now=None):
    """A story with several revisions and a live story with changes saved for later
    (``content.REVISED``, ``content.PENDING``), made once: a story that already has revisions is
    left as it is, so loading again adds none and an editor's own edits stay."""
    now = now or timezone.now()
    spec = content.REVISED
    article = Article.objects.filter(slug=spec["slug"]).first()
    if article is not None and not revisions.latest_version_id(article):
        revisions.record(article, user=editor, comment="Published", at=article.publish_at)
        for edit in spec["edits"]:
            at = now + timedelta(hours=edit["hours"])
            snapshot = revisions.snapshot_of_article(article)
            snapshot.update({k: v for k, v in edit.items() if k in revisions.SNAPSHOT_FIELDS})
            captions = {
                demo_photo(key).pk: caption for key, caption in edit.get("captions", {}).items()
            }
            for piece in snapshot["blocks"]:
                piece["caption"] = captions.get(piece["photo"], piece["caption"])
            article, _ = revisions.apply_snapshot(article, snapshot)
            Article.objects.filter(pk=article.pk).update(updated_at=at)
            revisions.record(article, user=editor, comment="Updated", at=at)
    spec = content.PENDING
    article = Article.objects.filter(slug=spec["slug"]).first()
    if article is not None and not revisions.latest_version_id(article):
        revisions.record(article, user=editor, comment="Published", at=article.publish_at)
        snapshot = revisions.snapshot_of_article(article)
        snapshot["standfirst"] = spec["standfirst"]
        for kind, value in spec["append"]:
            piece = {name: revisions.empty(name) for name in revisions.PIECE_FIELDS}
            piece.update({"kind": kind, "text" if kind == "text" else "words": value})
            snapshot["blocks"].append(piece)
        pending = revisions.save_for_later(article, snapshot, user=editor)
        pending.saved_at = now + timedelta(hours=spec["hours"])
        pending.save(update_fields=["saved_at"])


def ensure_demo_editor(password_file):
    """The demo editor's login: made once with a random password kept in ``password_file``."""
    return ensure_demo_login(
        DEMO_USERNAME, ("Demo", "Editor"), password_file, ensure_editor_group()
    )


def ensure_demo_login(username, name, password_file, group):
    """A demo login of the newsdesk in ``group``: made once with a random password kept in
    ``password_file``; a lost or changed password is made again."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    password = password_file.read_text().strip() if password_file.exists() else ""
    if user is None or not password or not user.check_password(password):
        password = secrets.token_urlsafe(12)
        if user is None:
            user = User(username=username, email=f"{username}@example.com")
        user.first_name, user.last_name = name
        user.is_staff = True
        user.set_password(password)
        user.save()
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
    user.groups.add(group)
    return user, password


def default_password_file(role="editor"):
    return settings.VAR_DIR / f"demo_{role}_password"
