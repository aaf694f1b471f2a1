"""Corrections on the record: every write that adds one, and what the public pages read.

- **Writes**: ``add_correction``, which also moves the story's "Updated" time and, with
  ``supersedes``, takes an earlier note off the story while keeping it (who replaced it and when
  is the new note's ``created_by`` and ``published_at``). The admin and the demo newsroom call
  it; nothing else writes ``Correction``, and nothing deletes one (``Correction.delete`` and its
  queryset's ``delete`` refuse). Its rows are watched by the page cache (``articles.signals``),
  so stored pages are retired at once.
- **Reads**: ``for_article``, the notes one story shows, split into the retractions shown above
  it and the others at its foot, from one query.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article, Correction

NEVER_PUBLISHED = "This story has never been published: edit it instead of correcting it."
ALREADY_SUPERSEDED = "That note has been replaced already; replace the newer one instead."
OTHER_STORY = "A note can only replace another note on the same story."
EMPTY = "Write what was wrong and what is right."


def problems(article, text, supersedes=None):
    """What stops a note with ``text`` on ``article`` (replacing ``supersedes``): ``{field:
    message}``, empty when it may be added. The admin form shows these next to the fields."""
    found = {}
    if article is not None and article.first_published_at is None:
        found["article"] = NEVER_PUBLISHED
    if not (text or "").strip():
        found["text"] = EMPTY
    if supersedes is not None:
        if article is not None and supersedes.article_id != article.pk:
            found["supersedes"] = OTHER_STORY
        elif Correction.objects.filter(supersedes=supersedes).exists():
            found["supersedes"] = ALREADY_SUPERSEDED
    return found


def add_correction(article, kind, text, *, by=None, supersedes=None, at=None):
    """Put a note of ``kind`` (``Correction.Kind``) with ``text`` on ``article`` at ``at`` (now
    by default), by the desk member ``by``, replacing ``supersedes`` if given. The story's
    "Updated" time moves to it. Raises ``ValidationError`` (see ``problems``)."""
    kind = Correction.Kind(kind)
    text = (text or "").strip()
    at = at or timezone.now()
    with transaction.atomic():
        if supersedes is not None:
            # Two editors replacing the same note at once: the second waits, then is refused.
            supersedes = Correction.objects.select_for_update().get(pk=supersedes.pk)
        found = problems(article, text, supersedes)
        if found:
            raise ValidationError(found)
        correction = Correction.objects.create(
            article=article,
            kind=kind,
            text=text,
            published_at=at,
            created_by=by,
            supersedes=supersedes,
        )
        # ``updated_at`` is the story's "Updated" time; an update() leaves the story itself
        # (and its revisions) alone. Never moved back by a note dated earlier (the demo's).
        Article.objects.filter(pk=article.pk, updated_at__lt=at).update(updated_at=at)
    if article.updated_at is None or article.updated_at < at:
        article.updated_at = at
    return correction


@dataclass
class StoryNotes:
    """The notes one story shows: retractions above it, the others at its foot, oldest first."""

    above: list = field(default_factory=list)
    below: list = field(default_factory=list)

    @property
    def all(self):
        """Every note shown, oldest first (the structured data's ``correction``)."""
        return sorted(self.above + self.below, key=lambda note: (note.published_at, note.pk))


def for_article(article):
    """The notes ``article`` shows readers, in one query."""
    notes = StoryNotes()
    shown = Correction.objects.shown().filter(article=article).order_by("published_at", "pk")
    for note in shown:
        note.article = article  # its link and anchor need no query of their own
        (notes.above if note.is_retraction else notes.below).append(note)
    return notes
