"""Live coverage of a breaking story: every write, and what the public pages read.

- **Writes**: ``start_coverage`` and ``end_coverage`` (editors: ``roles.may_publish``; ending
  needs the summary readers get at the top), ``post_update``, ``edit_update`` and
  ``withdraw_update`` (editors on any live story, reporters on the live stories they are on:
  ``may_post_to``). The admin, the demo newsroom, the benchmark and the tests call them; nothing
  else writes ``LiveUpdate``, and nothing deletes one: a withdrawn update keeps its place with
  the editor's note. Posting moves the story's "Updated" time. Their rows are watched by the
  page cache (``articles.signals``): an update retires the story's page, its updates endpoint
  and feed, and the lists showing its teaser (``article-<pk>``), and nothing else.
- **Reads**: ``coverage``, one page of a story's updates with its key events, and
  ``updates_after``, what a reader's open page lacks (the endpoint that ``static/js/live.js``
  polls).

Updates are numbered in the order they are posted: a page's cursors (``?before=<id>`` while
the coverage runs, newest first; ``?after=<id>`` once it has ended, oldest first) are ids.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import Article, LiveUpdate, UpdateBlock
from .roles import may_publish

NOT_RUNNING = "This story’s live coverage is not running: an editor starts it first."
NOT_YOURS = "Reporters post and edit updates only on the live stories they are on."
EDITORS_ONLY = "Only editors start and end live coverage."
ALREADY_LIVE = "This story’s live coverage is running already."
ALREADY_ENDED = "This story’s live coverage has ended already."
SUMMARY_NEEDED = "Write the summary readers see at the top of the story once the coverage ends."
NOTE_NEEDED = "Say why the update is withdrawn: readers see this note in its place."
ALREADY_WITHDRAWN = "This update has been withdrawn already."
TITLE_NEEDED = "A key event needs a title: it is the link in the “Key events” list."

PIECE_FIELDS = ("kind", "text", "words", "photo", "caption", "attribution")


def may_post_to(user, article):
    """Whether ``user`` may post, edit and withdraw updates on ``article``: editors on any
    story, reporters (``articles.add_liveupdate``) on the stories they are on (their byline or
    their start, ``ArticleQuerySet.owned_by``). ``None`` is the system (demo, benchmark)."""
    if may_publish(user):
        return True
    if not user.has_perm("articles.add_liveupdate"):
        return False
    return Article.objects.owned_by(user).filter(pk=article.pk).exists()


def _check_poster(user, article):
    if not may_post_to(user, article):
        raise PermissionDenied(NOT_YOURS)


def start_coverage(article, *, by, at=None):
    """Make ``article`` a live story: updates may be posted, readers see the "Live" badge."""
    if not may_publish(by):
        raise PermissionDenied(EDITORS_ONLY)
    if article.is_live:
        raise ValidationError(ALREADY_LIVE)
    article.live_started_at = at or timezone.now()
    article.live_ended_at = None
    article.save(update_fields=["live_started_at", "live_ended_at"])
    return article


def end_coverage(article, summary, *, by, at=None):
    """End ``article``'s coverage with the editor's ``summary``: the page stays, as a story with
    its updates in time order under the summary, without the badge."""
    if not may_publish(by):
        raise PermissionDenied(EDITORS_ONLY)
    summary = (summary or "").strip()
    if not article.has_live_coverage:
        raise ValidationError(NOT_RUNNING)
    if article.live_ended_at is not None:
        raise ValidationError(ALREADY_ENDED)
    if not summary:
        raise ValidationError({"summary": SUMMARY_NEEDED})
    article.live_ended_at = at or timezone.now()
    article.live_summary = summary
    article.save(update_fields=["live_ended_at", "live_summary"])
    return article


def problems(article, title, key_event):
    """What stops an update with ``title`` on ``article``: ``{field: message}``."""
    found = {}
    if not article.is_live:
        found["article"] = NOT_RUNNING
    if key_event and not (title or "").strip():
        found["title"] = TITLE_NEEDED
    return found


def post_update(
    article, *, by, title="", key_event=False, reporter=None, pieces=(), at=None, update=None
):
    """Post an update on the live ``article`` by the desk member ``by``, at ``at`` (now by
    default), with ``pieces`` (dicts of ``PIECE_FIELDS``; the admin saves its body inline after
    instead). ``update`` is the row to fill in (the admin's form instance), a new one otherwise.
    The story's "Updated" time moves to it. Raises ``PermissionDenied`` or ``ValidationError``."""
    _check_poster(by, article)
    found = problems(article, title, key_event)
    if found:
        raise ValidationError(found)
    at = at or timezone.now()
    update = update or LiveUpdate()
    update.article, update.title, update.key_event = article, (title or "").strip(), key_event
    update.reporter = reporter if reporter is not None else _reporter_of(by)
    update.posted_at, update.posted_by = at, by
    with transaction.atomic():
        update.save()  # retires the story's pages again when the pieces commit with it
        UpdateBlock.objects.bulk_create(
            UpdateBlock(update=update, position=position, **piece)
            for position, piece in enumerate(pieces, 1)
        )
        # An update() leaves the story itself (and its revisions) alone; never moved back.
        Article.objects.filter(pk=article.pk, updated_at__lt=at).update(updated_at=at)
    if article.updated_at is None or article.updated_at < at:
        article.updated_at = at
    return update


def _reporter_of(user):
    return getattr(user, "reporter", None) if user is not None else None


def edit_update(update, *, by, at=None, **changes):
    """Save an edit of ``update`` (``title``, ``key_event``, ``reporter`` in ``changes``; its
    pieces through the admin's body inline): readers see "Edited" with the time."""
    _check_poster(by, update.article)
    for name in ("title", "key_event", "reporter"):
        if name in changes:
            setattr(update, name, changes[name])
    if update.key_event and not update.title.strip():
        raise ValidationError({"title": TITLE_NEEDED})
    update.edited_at = at or timezone.now()
    update.save()
    return update


def withdraw_update(update, note, *, by, at=None):
    """Withdraw ``update``: readers see ``note`` in its place, with the time; its words stay on
    the record in the admin."""
    _check_poster(by, update.article)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": NOTE_NEEDED})
    with transaction.atomic():
        update = LiveUpdate.objects.select_for_update().get(pk=update.pk)
        if update.is_withdrawn:
            raise ValidationError(ALREADY_WITHDRAWN)
        update.withdrawn_at = at or timezone.now()
        update.withdrawn_by = by
        update.withdrawal_note = note
        update.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    return update


@dataclass
class Coverage:
    """One page of a story's updates, in reading order, and its key events."""

    article: Article
    updates: list = field(default_factory=list)
    key_events: list = field(default_factory=list)
    # The cursor of the next page ("Show 20 more"), and its parameter: ``before`` while the
    # coverage runs (older updates), ``after`` once it has ended (later ones).
    more: int | None = None
    more_param: str = "before"
    first_page: bool = True
    latest_id: int = 0

    @property
    def newest_first(self):
        return self.more_param == "before"


def _cursor(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def coverage(article, *, before=None, after=None, update=None, per_page=None):
    """The page of ``article``'s updates a reader asked for: newest first while the coverage
    runs (``before``: older than that update), oldest first once it has ended (``after``).
    ``update`` (an update's own address, ``?update=<id>``): the first page if it shows that
    update, else the page that starts with it, whether the coverage still runs or has ended.
    Three queries: the updates, their pieces, the key events (a fourth for an update past the
    first page)."""
    per_page = per_page or settings.NEWSROOM_LIVE_UPDATES_PER_PAGE
    result = Coverage(article=article)
    if not article.is_live:
        result.more_param = "after"
    cursor = _cursor(before if article.is_live else after)
    rows = _page(article, cursor, per_page)
    wanted = _cursor(update)
    if cursor is None and wanted and wanted not in {row.pk for row in rows[:per_page]}:
        cursor = wanted + 1 if article.is_live else wanted - 1
        rows = _page(article, cursor, per_page)
    result.first_page = cursor is None
    if len(rows) > per_page:
        rows = rows[:per_page]
        result.more = rows[-1].pk
    for update in rows:
        update.article = article  # its address needs no query of its own
    result.updates = rows
    if result.first_page and rows and article.is_live:
        result.latest_id = rows[0].pk
    shown = {update.pk for update in rows}
    keys = article.live_updates.shown().filter(key_event=True)
    keys = list(keys.order_by("-id" if result.newest_first else "id"))
    for key in keys:
        key.article = article
        key.on_this_page = key.pk in shown
        # The page that shows it: the update itself and those after it in reading order.
        key.page_cursor = key.pk + 1 if result.newest_first else key.pk - 1
    result.key_events = keys
    return result


def _page(article, cursor, per_page):
    """One more than a page of updates from ``cursor`` on, in reading order."""
    updates = article.live_updates.for_page()
    if article.is_live:
        if cursor:
            updates = updates.filter(pk__lt=cursor)
        return list(updates.order_by("-id")[: per_page + 1])
    if cursor:
        updates = updates.filter(pk__gt=cursor)
    return list(updates.order_by("id")[: per_page + 1])


def updates_after(article, after, limit=50):
    """What a reader's page that has every update up to ``after`` lacks: the updates posted
    since (newest first, at most ``limit``), and those it has that were edited or withdrawn
    since they were posted (it replaces them). One query, and one for the pieces."""
    cursor = _cursor(after) or 0
    rows = list(
        article.live_updates.for_page()
        .filter(
            Q(pk__gt=cursor)
            | Q(pk__lte=cursor, edited_at__isnull=False)
            | Q(pk__lte=cursor, withdrawn_at__isnull=False)
        )
        .order_by("-id")
    )
    for update in rows:
        update.article = article
    new = [update for update in rows if update.pk > cursor][:limit]
    changed = [update for update in rows if update.pk <= cursor]
    return new, changed


def published_story(slug):
    """The published story at ``slug`` with live coverage (running or ended), for its updates
    endpoint and feed; ``Http404`` otherwise."""
    article = (
        Article.objects.published()
        .filter(slug=slug, live_started_at__isnull=False)
        .select_related("section")
        .first()
    )
    if article is None:
        raise Http404("No live story at this address.")
    return article


def newest_shown(article, count=10):
    """The newest updates not withdrawn (the structured data's ``liveBlogUpdate``)."""
    updates = list(article.live_updates.shown().for_page().order_by("-id")[:count])
    for update in updates:
        update.article = article
    return updates


def latest_update_id(article):
    return article.live_updates.order_by("-id").values_list("pk", flat=True).first() or 0
