"""Revisions of articles, changes of live stories saved for later, and who may publish.

- **Revisions** are django-reversion's: an ``Article`` is registered following its bylines and
  body pieces, and the pieces follow their photos, so a revision holds the whole story as it was
  (the photos' captions too, which compare shows under each photo piece). Photos stay shared rows:
  restoring brings back which photo, never an older caption of the photo itself. Reversion was
  chosen because it stores one serialised copy per row per save in two tables of its own, needs no
  database triggers (SQLite and PostgreSQL alike), and its ``follow`` keeps a story's related rows
  in the same revision. Every write path that saves a story calls ``record`` (the admin form, the
  bulk publish action, restore, "Publish changes", the demo newsroom).
- **Snapshots** are one plain, JSON-able shape of a story's content (``SNAPSHOT_FIELDS``, the
  byline as reporter ids, the body as a list of pieces) made from a revision
  (``snapshot_of_revision``), from the article's rows (``snapshot_of_article``) or from the article
  form (``snapshot_from_forms``). Compare reads two of them; restore and "Publish changes" write
  one back with ``apply_snapshot``.
- **Changes saved for later** (``PendingChange``) keep a snapshot of the form beside the live
  story; readers never see it (no page, feed, sitemap or search reads that table) until
  ``publish_pending``.
"""

import re
from contextlib import contextmanager

import reversion
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from . import roles
from .compare import align, diff_words
from .models import Article, Block, Byline, PendingChange, Photo, Reporter, Section
from .richtext import clean as clean_rich_text
from .richtext import to_text

# The article fields a snapshot keeps (section and lead photo as ids).
SNAPSHOT_FIELDS = ("headline", "slug", "standfirst", "section", "lead_photo", "comments_open")
# What "Restore this revision" brings back: the story, not its address or comment setting.
RESTORED_FIELDS = ("headline", "standfirst", "section", "lead_photo")
# The comment of the revision kept when a story saved before revisions existed is first opened.
BASELINE = "As it was before revisions were kept"
PIECE_FIELDS = ("kind", "text", "words", "photo", "caption", "attribution")


def may_publish(user):
    """Whether ``user`` may put changes before readers at once: "Update" on a live story,
    "Publish changes" and restoring a live story's revision. The one rule of who may publish
    (``articles.roles.may_publish``: editors)."""
    return roles.may_publish(user)


def register():
    """Register the story's rows with django-reversion (``ArticlesConfig.ready``)."""
    if reversion.is_registered(Article):
        return
    reversion.register(Photo)
    reversion.register(Byline)
    reversion.register(Block, follow=["photo"])
    reversion.register(Article, follow=["bylines", "blocks", "lead_photo"])


def record(article, *, user=None, comment, at=None):
    """Keep a revision of ``article`` as it is in the database now, with who and what kind of
    save (``comment``: "Published", "Updated", "Restored…"); ``at`` dates it (the demo newsroom's
    earlier edits), else now."""
    # Read afresh (never a byline or body prefetched before the save), with every row the
    # revision follows read at once: the same few queries for a body of one piece or fifty.
    article = (
        Article.objects.select_related("lead_photo")
        .prefetch_related("bylines", Prefetch("blocks", Block.objects.select_related("photo")))
        .get(pk=article.pk)
    )
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user if user is not None and user.is_authenticated else None)
        reversion.set_comment(comment)
        if at is not None:
            reversion.set_date_created(at)
        reversion.add_to_revision(article)


@contextmanager
def recording(user, comment):
    """A block whose article saves all go into one revision (the bulk publish action)."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def revisions_of(article):
    """The article's revisions, newest first: its own ``Version`` in each, with who made it."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def revision_count():
    """How many revisions of articles are kept, in all."""
    return Version.objects.get_for_model(Article).count()


def latest_version_id(article):
    """The id of the article's newest revision, 0 when it has none (the form's stale-save token)."""
    if article is None or article.pk is None:
        return 0
    return revisions_of(article).values_list("pk", flat=True).first() or 0


def who(user):
    """A desk member as colleagues know them: "Alex Editor", or the login name."""
    if user is None:
        return "The newsroom"
    return user.get_full_name() or user.get_username()


def revision_label(version):
    """ "2 December 2026, 14:02 by Alex Editor" """
    revision = version.revision
    when = date_format(timezone.localtime(revision.date_created), "j F Y, H:i")
    return f"{when} by {who(revision.user)}"


# Snapshots.


def snapshot_of_article(article):
    """The story as its rows are now."""
    return {
        **{name: getattr(article, field_attname(name)) for name in SNAPSHOT_FIELDS},
        "bylines": list(
            Byline.objects.filter(article=article).values_list("reporter_id", flat=True)
        ),
        "blocks": [
            {
                **{name: getattr(block, field_attname(name)) for name in PIECE_FIELDS},
                "shown_caption": block.shown_caption,
            }
            for block in Block.objects.filter(article=article).select_related("photo")
        ],
    }


def snapshot_of_revision(version):
    """The story as revision ``version`` (the article's own ``Version``) kept it."""
    article_id = int(version.object_id)
    fields = version.field_dict
    snapshot = {name: fields.get(field_attname(name)) for name in SNAPSHOT_FIELDS}
    bylines, blocks, captions = [], [], {}
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        if model is Photo:
            captions[int(other.object_id)] = other.field_dict.get("caption", "")
        elif model in (Byline, Block) and other.field_dict.get("article_id") == article_id:
            (bylines if model is Byline else blocks).append(other.field_dict)
    order = lambda row: (row.get("position") or 0, row.get("id") or 0)  # noqa: E731
    snapshot["bylines"] = [row["reporter_id"] for row in sorted(bylines, key=order)]
    snapshot["blocks"] = []
    missing_captions = {
        row["photo_id"] for row in blocks if row.get("photo_id") and row["photo_id"] not in captions
    }
    if missing_captions:
        captions.update(Photo.objects.filter(pk__in=missing_captions).values_list("pk", "caption"))
    for row in sorted(blocks, key=order):
        piece = {name: row.get(field_attname(name)) for name in PIECE_FIELDS}
        piece["shown_caption"] = piece["caption"] or captions.get(piece["photo"], "")
        snapshot["blocks"].append(piece)
    return snapshot


def snapshot_from_forms(form, formsets):
    """The story as the article form and its byline and body formsets were sent."""
    cleaned = form.cleaned_data
    snapshot = {
        "headline": cleaned.get("headline", ""),
        "slug": cleaned.get("slug", ""),
        "standfirst": cleaned.get("standfirst", ""),
        "section": cleaned["section"].pk if cleaned.get("section") else None,
        "lead_photo": cleaned["lead_photo"].pk if cleaned.get("lead_photo") else None,
        "comments_open": bool(cleaned.get("comments_open")),
        "bylines": [],
        "blocks": [],
    }
    for formset in formsets:
        if formset.model not in (Byline, Block):
            continue
        rows = []
        for index, row_form in enumerate(formset.forms):
            data = getattr(row_form, "cleaned_data", None)
            if not data or row_form in formset.deleted_forms:
                continue
            rows.append((data.get("position") or 32000, index, data))
        rows.sort(key=lambda row: row[:2])
        for _, _, data in rows:
            if formset.model is Byline:
                if data.get("reporter"):
                    snapshot["bylines"].append(data["reporter"].pk)
                continue
            photo = data.get("photo")
            snapshot["blocks"].append(
                {
                    "kind": data.get("kind", Block.Kind.TEXT),
                    "text": clean_rich_text(data.get("text", "")),
                    "words": data.get("words", ""),
                    "photo": photo.pk if photo else None,
                    "caption": data.get("caption", ""),
                    "attribution": data.get("attribution", ""),
                    "shown_caption": data.get("caption", "") or (photo.caption if photo else ""),
                }
            )
    return snapshot


def field_attname(name):
    return f"{name}_id" if name in ("section", "lead_photo", "photo") else name


@transaction.atomic
def apply_snapshot(article, snapshot, fields=SNAPSHOT_FIELDS):
    """Write ``snapshot`` over ``article``: ``fields``, its byline and its body (comments and
    publication stay as they are). Return what could not be brought back, in words, such as a
    photo deleted since."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    lost = []
    photos = Photo.objects.in_bulk(
        [snapshot.get("lead_photo")] + [piece.get("photo") for piece in snapshot["blocks"]]
    )
    for name in fields:
        value = snapshot.get(name)
        if name == "lead_photo" and value is not None and value not in photos:
            lost.append("the lead photo (deleted since)")
            value = None
        if name == "section" and not Section.objects.filter(pk=value).exists():
            lost.append("the section (deleted since)")
            continue
        if name == "slug" and Article.objects.filter(slug=value).exclude(pk=article.pk).exists():
            lost.append(f"the address “{value}” (another article has it now)")
            continue
        setattr(article, field_attname(name), value)
    article.save()
    Byline.objects.filter(article=article).delete()
    reporters = Reporter.objects.in_bulk(snapshot["bylines"])
    for position, reporter_id in enumerate(snapshot["bylines"], 1):
        if reporter_id in reporters:
            Byline.objects.create(article=article, reporter_id=reporter_id, position=position)
        else:
            lost.append("a reporter of the byline (deleted since)")
    Block.objects.filter(article=article).delete()
    position = 0
    for piece in snapshot["blocks"]:
        if piece.get("kind") == Block.Kind.PHOTO and piece.get("photo") not in photos:
            lost.append("a photo of the body (deleted since)")
            continue
        position += 1
        Block.objects.create(
            article=article,
            position=position,
            **{field_attname(name): piece.get(name) or empty(name) for name in PIECE_FIELDS},
        )
    return article, lost


def empty(name):
    return None if name == "photo" else ""


@transaction.atomic
def restore(version, *, user):
    """Bring the story back to revision ``version``: headline, standfirst, section, byline, lead
    photo and body. Comments are not touched. The restore is itself a new revision."""
    article = Article.objects.get(pk=version.object_id)
    article, lost = apply_snapshot(article, snapshot_of_revision(version), RESTORED_FIELDS)
    record(article, user=user, comment=f"Restored the revision of {revision_label(version)}")
    return article, lost


# Changes of live stories saved for later.


def save_for_later(article, snapshot, *, user):
    """Keep ``snapshot`` as ``article``'s changes saved for later, replacing earlier ones."""
    pending, _ = PendingChange.objects.update_or_create(
        article=article,
        defaults={"data": snapshot, "saved_by": user, "saved_at": timezone.now()},
    )
    return pending


@transaction.atomic
def publish_pending(pending, *, user):
    """ "Publish changes": the changes saved for later become the live story, as one revision."""
    pending = (
        PendingChange.objects.select_for_update(of=("self",))
        .select_related("saved_by")
        .get(pk=pending.pk)
    )
    article, lost = apply_snapshot(pending.article, pending.data)
    when = date_format(timezone.localtime(pending.saved_at), "j F Y, H:i")
    record(
        article,
        user=user,
        comment=f"Published the changes saved for later on {when} by {who(pending.saved_by)}",
    )
    pending.delete()
    return article, lost


def discard_pending(pending):
    pending.delete()


def preview_of(article, snapshot):
    """``article`` (unsaved) as ``snapshot`` would show it, with its byline in the prefetch cache
    and its body as a list of unsaved pieces: what the article page needs to draw it."""
    for name in SNAPSHOT_FIELDS:
        if name in ("section", "lead_photo"):
            continue
        setattr(article, name, snapshot.get(name))
    article.section = Section.objects.filter(pk=snapshot.get("section")).first() or article.section
    photos = Photo.objects.in_bulk(
        [snapshot.get("lead_photo")] + [piece.get("photo") for piece in snapshot["blocks"]]
    )
    article.lead_photo = photos.get(snapshot.get("lead_photo"))
    reporters = Reporter.objects.in_bulk(snapshot["bylines"])
    bylines = [
        Byline(article=article, reporter=reporters[reporter_id], position=position)
        for position, reporter_id in enumerate(snapshot["bylines"], 1)
        if reporter_id in reporters
    ]
    cached = Byline.objects.filter(article=article)
    cached._result_cache = bylines
    cached._prefetch_done = True
    article._prefetched_objects_cache = {"bylines": cached}
    blocks = []
    for position, piece in enumerate(snapshot["blocks"], 1):
        block = Block(
            article=article,
            position=position,
            **{name: piece.get(name) or "" for name in PIECE_FIELDS if name != "photo"},
        )
        block.photo = photos.get(piece.get("photo"))
        if block.kind == Block.Kind.PHOTO and block.photo is None:
            continue
        blocks.append(block)
    return article, blocks


# Compare.


PARAGRAPH_END = re.compile(r"</p>|</li>|<br\s*/?>", re.IGNORECASE)


def piece_text(piece):
    """The words of a body piece as compare shows them."""
    kind = piece.get("kind")
    if kind == Block.Kind.TEXT:
        # A blank line between paragraphs and a line break between list items, as they read.
        text = PARAGRAPH_END.sub(
            lambda end: "\n\n" if "p" in end[0].lower() else "\n", piece.get("text") or ""
        )
        return to_text(text)
    if kind == Block.Kind.QUOTE:
        attribution = piece.get("attribution")
        return f"{piece.get('words', '')}" + (f" — {attribution}" if attribution else "")
    if kind == Block.Kind.PHOTO:
        return f"Photo {piece.get('photo')}. Caption: {piece.get('shown_caption', '')}"
    return piece.get("words") or ""


def describe(snapshot):
    """The snapshot's fields in words, for compare: ``[(label, text)]`` and the pieces."""
    section = Section.objects.filter(pk=snapshot.get("section")).first()
    reporters = Reporter.objects.in_bulk(snapshot["bylines"])
    lead = Photo.objects.filter(pk=snapshot.get("lead_photo")).first()
    fields = [
        ("Headline", snapshot.get("headline") or ""),
        ("Standfirst", snapshot.get("standfirst") or ""),
        ("Section", section.name if section else ""),
        (
            "Byline",
            ", ".join(
                reporters[pk].name if pk in reporters else "(a reporter deleted since)"
                for pk in snapshot["bylines"]
            ),
        ),
        ("Lead photo", f"Photo {lead.pk}. Caption: {lead.caption}" if lead else "None"),
    ]
    return fields


def compare(old, new):
    """Each field and each body piece of two snapshots side by side, words marked:
    ``{"fields": [...], "pieces": [...]}``, rows of ``label``, ``old``, ``new`` and ``changed``."""
    fields = []
    for (label, old_text), (_, new_text) in zip(describe(old), describe(new), strict=True):
        left, right = diff_words(old_text, new_text)
        fields.append({"label": label, "old": left, "new": right, "changed": old_text != new_text})
    old_texts = [piece_text(piece) for piece in old["blocks"]]
    new_texts = [piece_text(piece) for piece in new["blocks"]]
    kinds = dict(Block.Kind.choices)
    pieces = []
    pairs = align(
        [(p.get("kind"), t) for p, t in zip(old["blocks"], old_texts, strict=True)],
        [(p.get("kind"), t) for p, t in zip(new["blocks"], new_texts, strict=True)],
    )
    for i, j in pairs:
        old_text = old_texts[i] if i is not None else ""
        new_text = new_texts[j] if j is not None else ""
        left, right = diff_words(old_text, new_text)
        piece = old["blocks"][i] if j is None else new["blocks"][j]
        if i is None:
            state = "added"
        elif j is None:
            state = "removed"
        else:
            state = "changed" if old_text != new_text else "unchanged"
        pieces.append(
            {
                "label": kinds.get(piece.get("kind"), piece.get("kind")),
                "old_position": None if i is None else i + 1,
                "new_position": None if j is None else j + 1,
                "old": left,
                "new": right,
                "state": state,
                "changed": state != "unchanged",
            }
        )
    return {"fields": fields, "pieces": pieces}
