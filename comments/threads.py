"""An article's comment thread as a page shows it, in a constant number of queries.

One query counts the approved comments; one fetches a page of top-level approved comments with
every approved reply under them (each comment knows its thread's ``root``), and the removed
comments those replies answer. The tree is put
together here, in Python, and flattened into the order the template prints it, each item
saying how far it is nested and how many lists close after it, so the template renders the
whole thread in one loop with no include or recursion per comment.
"""

from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.db import connection, connections, router
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import cookies
from .models import Comment

VISIBLE = {Comment.Status.APPROVED, Comment.Status.PENDING}
FIELDS = ["id", "parent_id", "root_id", "name", "url", "text_html", "created_at", "status"]


@dataclass
class Thread:
    count: int = 0
    comments: list = field(default_factory=list)
    page: int = 1
    pages: int = 1
    has_pending: bool = False

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages


# The site is written in British English; plain strings format faster than translated ones.
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _when(moment):
    local = timezone.localtime(moment)
    return f"{local.day} {MONTH_NAMES[local.month]} {local.year} at {local:%H:%M}"


def _page_number(value, pages):
    if value in (None, ""):
        return 1
    if not value.isdigit() or not 1 <= int(value) <= pages:
        raise Http404("No such page of comments.")
    return int(value)


def _sql():
    """The thread's two queries, written out once.

    The ORM builds the same queries (they are in the history of this file) but spends about
    2 ms of CPU compiling their subqueries on every page view, against 0.1 ms to run them:
    on the site's busiest page that was a sixth of the time. Plain SQL, portable between
    SQLite and PostgreSQL, with every value passed as a parameter.
    """
    # Only quoted table and column names from the model go into the text (hence the noqa
    # marks below); every value is a query parameter.
    meta = Comment._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    col = {f.name: quote(f.column) for f in meta.concrete_fields}

    def shown(alias):
        # Approved; or removed/spam in a thread that has an approved reply (a placeholder).
        return (
            f"({alias}.{col['status']} = %s OR ({alias}.{col['status']} IN (%s, %s) AND "
            f"({alias}.{col['id']} IN ({answered}) OR {alias}.{col['root']} IN ({answered}))))"
        )

    answered = (
        f"SELECT a.{col['root']} FROM {table} a WHERE a.{col['article']} = %s "  # noqa: S608
        f"AND a.{col['status']} = %s AND a.{col['parent']} IS NOT NULL"
    )
    counts = (
        f"SELECT COUNT(CASE WHEN c.{col['status']} = %s THEN 1 END), "  # noqa: S608
        f"COUNT(CASE WHEN c.{col['parent']} IS NULL AND {shown('c')} THEN 1 END) "
        f"FROM {table} c WHERE c.{col['article']} = %s"
    )
    fields = ", ".join(f"c.{col[name]}" for name in COLUMNS)
    rows = (
        f"SELECT {fields} FROM {table} c WHERE c.{col['article']} = %s AND {shown('c')}"  # noqa: S608
        " {page} "
        f"ORDER BY c.{col['created_at']}, c.{col['id']}"
    )
    tops = (
        f"SELECT p.{col['id']} FROM {table} p WHERE p.{col['article']} = %s "  # noqa: S608
        f"AND p.{col['parent']} IS NULL AND {shown('p')} "
        f"ORDER BY p.{col['created_at']}, p.{col['id']} LIMIT %s OFFSET %s"
    )
    page = f"AND (c.{col['id']} IN ({tops}) OR c.{col['root']} IN ({tops}))"
    return counts, rows.replace("{page}", ""), rows.replace("{page}", page)


COLUMNS = ["id", "parent", "root", "name", "url", "text_html", "created_at", "status"]
_queries = None


def _shown_params(article_id):
    S = Comment.Status
    answered = [article_id, S.APPROVED]
    return [S.APPROVED, S.SPAM, S.REMOVED, *answered, *answered]


def _fetch(sql, params):
    # Where the ORM would read comments from: a read replica on a reader's page, when there is
    # one (newsroom/dbrouter.py); the primary in a transaction, for staff and for a writer.
    with connections[router.db_for_read(Comment)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def load_thread(article, *, cpage=None, pending=(), replyable=True):
    """The page ``cpage`` of ``article``'s approved comments, oldest first, with ``pending``
    (this visitor's own comments awaiting moderation) in their places.

    A comment removed or marked as spam after others replied to it stays in its thread as
    "This comment was removed.", so every approved comment is shown, in context, and counted.
    """
    global _queries
    if _queries is None:
        _queries = _sql()
    count_sql, rows_sql, page_sql = _queries
    per_page = settings.COMMENTS_PER_PAGE
    shown = _shown_params(article.pk)
    ((total, tops),) = _fetch(count_sql, [Comment.Status.APPROVED, *shown, article.pk])
    pages = max(1, -(-tops // per_page))
    page = _page_number(cpage, pages)

    rows = []
    if tops:
        params = [article.pk, *shown]
        if pages == 1:
            raw = _fetch(rows_sql, params)
        else:
            top_params = [article.pk, *shown, per_page, (page - 1) * per_page]
            raw = _fetch(page_sql, [*params, *top_params, *top_params])
        rows = [dict(zip(FIELDS, values, strict=True)) for values in raw]
        for row in rows:
            if row["created_at"].tzinfo is None:  # SQLite hands back naive UTC times
                row["created_at"] = row["created_at"].replace(tzinfo=UTC)
    thread = Thread(count=total, page=page, pages=pages)
    ids = {row["id"] for row in rows}
    for row in pending:
        # Replies under a thread on this page; new threads on the last page.
        if (row["parent_id"] in ids) or (row["parent_id"] is None and page == pages):
            rows.append(row)
            thread.has_pending = True
    thread.comments = _flatten(rows, page if pages > 1 else None, replyable)
    return thread


def visitor_pending(request, article):
    """This visitor's comments on ``article`` still awaiting moderation, as thread rows."""
    ids = cookies.pending_ids(request)
    if not ids:
        return []
    return list(
        Comment.objects.filter(pk__in=ids, article=article, status=Comment.Status.PENDING)
        .order_by("created_at", "id")
        .values(*FIELDS)
    )


def _flatten(rows, page, replyable):
    """Rows in reading order, each with ``depth``, ``has_children`` and ``closers``."""
    children = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    kept = {}

    def keep(row):
        # Approved and pending rows are shown; a removed one only above a reply that is.
        if row["id"] not in kept:
            replies = [keep(child) for child in children.get(row["id"], [])]
            kept[row["id"]] = row["status"] in VISIBLE or any(replies)
        return kept[row["id"]]

    max_depth = settings.COMMENTS_THREAD_DEPTH
    page_query = f"cpage={page}&" if page else ""
    ordered = []
    stack = [(row, 0) for row in reversed(children.get(None, [])) if keep(row)]
    while stack:
        row, depth = stack.pop()
        row["depth"] = depth
        # Strings, not numbers: a number in a template goes through locale formatting.
        row["sid"] = str(row["id"])
        pending = row["status"] == Comment.Status.PENDING
        removed = row["status"] not in VISIBLE
        row["is_pending"] = pending
        row["is_removed"] = removed
        row["can_reply"] = replyable and not (pending or removed) and depth + 1 < max_depth
        row["reply_query"] = f"{page_query}replyto={row['id']}"
        row["iso"] = timezone.localtime(row["created_at"]).isoformat(timespec="seconds")
        row["when"] = _when(row["created_at"])
        if removed:
            row["name"] = row["url"] = ""
            row["body"] = ""
        else:
            # Made by formatting.render_text at submission: the commenter's text, escaped.
            row["body"] = mark_safe(row["text_html"])  # noqa: S308
        ordered.append(row)
        stack.extend(
            (child, depth + 1) for child in reversed(children.get(row["id"], [])) if keep(child)
        )
    for index, row in enumerate(ordered):
        following = ordered[index + 1]["depth"] if index + 1 < len(ordered) else 0
        row["has_children"] = following > row["depth"]
        row["closers"] = range(max(0, row["depth"] - following))
    return ordered


def find_reply_target(article, thread, value):
    """The approved comment ``?replyto=`` names, if readers may reply to it here."""
    if not value or not value.isdigit():
        return None
    wanted = int(value)
    for row in thread.comments:
        if row["id"] == wanted:
            return row if row["can_reply"] else None
    return None
