"""Each article's count of approved comments, stored in ``CommentCount`` so a list of articles
reads its teasers' counts in one indexed lookup instead of counting up to thousands of comments
per story on every view (WordPress keeps ``wp_posts.comment_count`` the same way).

Counts are always recounted from the ``Comment`` table, never added to or taken from, so a call
made twice does no harm and the next one mends a count that went wrong:

- ``recount(article_ids)`` after every change readers see (``thread_changed``, connected in
  ``apps.py``) and after code that writes comments without moderating them (the demo, the
  benchmark article, test factories);
- ``recount_all()`` in a few set-based statements, for an archive written in bulk and for
  repair (``manage.py recount_comments``).

Concurrency: a recount locks the count rows first and counts afterwards. Under READ COMMITTED
every statement sees what was committed when it began, so a recount that waited for another's
lock counts every comment committed before it got the lock: the last recount to write an
article's count has seen the last change to its comments.

Both writers send ``newsroom.signals.content_changed`` when a count changes: they write with
``bulk_update`` and raw SQL, which send no model signals, and they run after the comment's own
commit, when pages rendered with the old count may already be stored again. A recount names the
stories whose counts changed (``article-<pk>``); ``recount_all`` retires every page.
"""

import logging

from django.db import DatabaseError, connection, transaction
from django.db.models import Count

from articles import cachetags
from articles.models import Article
from newsroom.signals import content_changed

from .models import Comment, CommentCount

logger = logging.getLogger(__name__)


def recount(article_ids):
    """Store how many approved comments each article in ``article_ids`` has; return how many
    stored counts changed. Ids of articles that no longer exist are skipped."""
    with transaction.atomic():
        ids = list(
            Article.objects.filter(pk__in=set(article_ids))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        CommentCount.objects.bulk_create(
            [CommentCount(article_id=pk) for pk in ids], ignore_conflicts=True
        )
        stored = dict(
            CommentCount.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", "approved")
        )
        counted = dict(
            Comment.objects.filter(article_id__in=ids, status=Comment.Status.APPROVED)
            .values_list("article_id")
            .annotate(count=Count("*"))
            .order_by()
        )
        changed = [
            CommentCount(article_id=pk, approved=counted.get(pk, 0))
            for pk in ids
            if stored[pk] != counted.get(pk, 0)
        ]
        if changed:
            CommentCount.objects.bulk_update(changed, ["approved"])
            # Teasers show the count: the stories' own pages and every list showing them.
            tags = {cachetags.article(count.article_id) for count in changed}
            content_changed.send(sender=CommentCount, tags=tags)
    return len(changed)


def on_thread_changed(sender, article_ids, **kwargs):
    """Recount after a change readers see. It runs once the comment is committed: a failure
    here must not turn a stored comment or a moderator's decision into an error page (the
    reader would post again), so it is logged and ``manage.py recount_comments`` mends it."""
    try:
        recount(article_ids)
    except DatabaseError:
        logger.exception("Comment counts of articles %s not updated", sorted(article_ids))


def recount_all():
    """Recount every article set-based (zero the counts of articles left without approved
    comments, then upsert the counted ones); return how many stored counts changed."""
    counts = connection.ops.quote_name(CommentCount._meta.db_table)
    comments = connection.ops.quote_name(Comment._meta.db_table)
    approved = Comment.Status.APPROVED
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Single-article recounts wait until this one commits, and it waits for those already
            # running: the statements below count every comment committed before the lock, and
            # a comment committed later is recounted after this. (SQLite has one writer anyway.)
            cursor.execute(f"LOCK TABLE {counts} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            # Table names from the models, quoted; values as parameters.
            f"UPDATE {counts} SET approved = 0 WHERE approved <> 0 AND NOT EXISTS ("  # noqa: S608
            f"SELECT 1 FROM {comments} AS c "
            f"WHERE c.article_id = {counts}.article_id AND c.status = %s)",
            [approved],
        )
        changed = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {counts} (article_id, approved) "  # noqa: S608
            f"SELECT article_id, COUNT(*) FROM {comments} WHERE status = %s GROUP BY article_id "
            f"ON CONFLICT (article_id) DO UPDATE SET approved = excluded.approved "
            f"WHERE {counts}.approved <> excluded.approved",
            [approved],
        )
        changed += cursor.rowcount
        if changed:
            content_changed.send(sender=CommentCount)
    return changed
